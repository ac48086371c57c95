"""One word alone as a name: a roster first name or surname, a listed given name, a word no list knows."""

from __future__ import annotations

import re

from redaction.chat_languages import is_chat_language_word
from redaction.conversation import conversation_clients
from redaction.lexicon import (
    ACRONYMS,
    CHAT_SHORTHAND,
    COMMON_WORDS,
    ENGLISH_WORDS,
    FIRST_NAMES,
    ORG_WORDS,
    STOP_WORDS,
    SURNAMES,
    WEEKDAYS_MONTHS,
    is_unknown_word,
)
from redaction.name_words import (
    ADJ_RE,
    FAMILY,
    FUNCTION_WORDS,
    LOCATIVE,
    NEVER_NAME,
    PARTICLES,
    STAFF_ROLE_RE,
    Hit,
)
from redaction.normalize import Token
from redaction.person_context import ENGLISH_WORD_NAMES

# "this is tom with the hotline", "my name is Rosa from the clinic": someone saying who they are
_INTRODUCING_RE = re.compile(r"(?i)(?:^|\b)(?:this\s+is|my\s+name\s+is|name'?s)[ \t]+$")
_INTRODUCED_AFTER_RE = re.compile(r"(?i)[ \t]*,?[ \t]+(?:from|with|at|calling|here|over\s+at)\b")
# a message's last word after a full stop, alone: "... he can come sat morning. Mary"
_SIGNING_BEFORE_RE = re.compile(r"[.!?][ \t]+$")


# what "the <Name> ..." is when it is a place: "the Hiawatha camp", "the Lyndale building"
_PLACE_NOUNS = frozenset(
    """camp encampment station stop bridge building buildings apartments apts tower towers ramp lot park
    trail greenway library clinic shelter site corridor underpass overpass skyway line exit""".split()
)


def _named_place(text: str, toks: list[Token], i: int) -> bool:
    """A capitalised word between "the" and a place noun in lower case, one space each side."""
    t = toks[i]
    return (
        t.cap
        and 0 < i < len(toks) - 1
        and toks[i - 1].key == "the"
        and text[toks[i - 1].raw_end : t.start] == " "
        and text[t.raw_end : toks[i + 1].start] == " "
        and toks[i + 1].lower
        and toks[i + 1].key in _PLACE_NOUNS
    )


def _in_capitals(text: str, toks: list[Token], i: int) -> bool:
    """A word in a run of capitalised words, one space apart: "NGUYEN ANH MINH" is a name in capitals."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(toks) and toks[j].upper and len(toks[j].text) > 1:
            a, b = sorted((i, j))
            if text[toks[a].raw_end : toks[b].start] == " ":
                return True
    return False


def _introduced_or_signing(text: str, t: Token) -> bool:
    """A given name that introduces its speaker, or that signs the message off."""
    if _INTRODUCING_RE.search(text, max(0, t.start - 16), t.start) and _INTRODUCED_AFTER_RE.match(
        text, t.raw_end
    ):
        return True
    return (
        t.cap
        and not text[t.raw_end :].strip(" \t\n.!")
        and _SIGNING_BEFORE_RE.search(text, max(0, t.start - 4), t.start) is not None
    )


class SingleNames:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _single(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        hit = self._single_word(text, toks, blocked, i)
        if hit is None:
            return None
        key = toks[i].key
        if key[-1:] == "s" and key not in self.index.by_first and self._bare_possessive(key):
            return hit  # "deshawns bday": the possessive ends the name
        start, end, ids, nxt = hit
        # a given name followed by a surname we could not pair: take both ("Ta Cass", "Tong Chang")
        k = i
        while True:
            # surname particles: "Josefina de la Rosa"
            p = k + 1
            while (
                p < len(toks)
                and not blocked[p]
                and toks[p].key in PARTICLES
                and toks[p].lower
                and self._adjacent(text, toks, p - 1, p)
            ):
                p += 1
            if (
                p > k + 1
                and p < len(toks)
                and not blocked[p]
                and self._adjacent(text, toks, p - 1, p)
                and (
                    self._surname_like(toks[p])
                    or (  # lower-case chat: "maria de la rosa"
                        toks[p].lower
                        and toks[k].lower
                        and (
                            toks[p].key in SURNAMES
                            or toks[p].key in self.index.by_last
                            or is_unknown_word(toks[p].key)
                        )
                    )
                )
            ):
                k = p
                continue
            break
        while (
            k + 1 < len(toks)
            and not blocked[k + 1]
            and self._adjacent(text, toks, k, k + 1)
            and toks[k + 1].key not in NEVER_NAME
            and self._surname_like(toks[k + 1])
            and (
                toks[k + 1].key in SURNAMES
                or toks[k + 1].key in self.index.by_last
                or toks[k + 1].key not in COMMON_WORDS
            )
        ):
            k += 1
        # lower-case chat: "phou xilmuad" — a roster first name then an unknown word
        if (
            k == i
            and toks[i].lower
            and ids
            and (
                i + 1 < len(toks)
                and not blocked[i + 1]
                and self._adjacent(text, toks, i, i + 1)
                and toks[i + 1].lower
                and len(toks[i + 1].key) > 2
                and toks[i + 1].key not in COMMON_WORDS
                and toks[i + 1].key not in ACRONYMS
                and toks[i + 1].key not in CHAT_SHORTHAND  # "huong bday 7/2", "minh appt at 3"
                and not is_chat_language_word(toks[i + 1])  # "xee hais tias ..." (Hmong: "says that")
            )
        ):
            k = i + 1
        if k > i:
            return start, toks[k].end, set(), k + 1
        return start, end, ids, nxt

    def _single_word(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """One word as a name: a colleague's name only with a client cue, a roster name by how it is
        used, any other word by the name lists and its capitals."""
        t = toks[i]
        key = t.key
        if self._not_a_name_here(text, toks, i):
            return None
        colleague_before = i > 0 and toks[i - 1].key in self.known and self._adjacent(text, toks, i - 1, i)
        if colleague_before and STAFF_ROLE_RE.match(text, t.raw_end):
            return None  # the surname of a colleague named with the role ("Marta Zielinski is the CM")
        if key in self.known and len(key) >= 2 and not self._vocative(text, toks, i):
            return self._colleague_word(text, toks, blocked, i)
        if key in WEEKDAYS_MONTHS and not t.upper:
            return self._month_word(text, toks, blocked, i)
        if len(key) < 2 or self._blocked_word(t) or (t.upper and key in ACRONYMS):
            return None
        idx = self.index
        f = idx.by_first.get(key)
        nick = idx.by_nick.get(key)
        last = idx.by_last.get(key)
        capital = (t.cap or t.upper) and self._name_like(t)
        # (an inner capital marks a brand, "DoorDash", unless it is a surname prefix: "McKay", "DeShawn")
        unknown = (
            not t.upper
            and is_unknown_word(key)
            and (not any(c.isupper() for c in t.text[1:]) or t.text[:2] in ("Mc", "De", "La", "Di", "Le"))
        )
        if not (f or nick or last) and key[-1:] == "s":
            owners = self._bare_possessive(key)
            if owners:
                return t.start, t.end, owners, i + 1  # "hodans mom called"
        if not (
            f
            or nick
            or last
            or capital
            or (t.lower and (key in FIRST_NAMES or key in SURNAMES or unknown))
            or (key in FIRST_NAMES and _introduced_or_signing(text, t))
        ):
            return None
        # A name said to someone ("Thanks Maria!") is a colleague's. When the colleagues' names are known, a
        # client's name opening a sentence ("Gebremariam, yes.") is not taken for one: a leak is worse. With
        # no roster and no colleagues (ordinary text, not a case conference) a greeted name is a person's.
        roster_name = bool(f or nick or last)
        chat = bool(self.known) or self.index.n_clients > 0
        if chat and self._vocative(text, toks, i, greeted_only=bool(self.known) and roster_name):
            return None
        if self._in_org_name(text, toks, i, unknown=unknown):
            return None
        if not roster_name and _named_place(text, toks, i):
            return None  # "the Hiawatha camp", "the Franklin station": a place called after a street
        if f or nick or last:
            return self._roster_word(text, toks, blocked, i, first=f, nick=nick, last=last, capital=capital)
        return self._listed_word(text, toks, blocked, i, capital=capital, unknown=unknown)

    def _colleague_word(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """A colleague's first name. Left alone unless the message plainly talks about a client by it
        ("met with Maria", "Maria's ROI", "Maria (dob ...", "Maria is HIV+"): then it is redacted, with
        the client's ID only if exactly one rostered client has that first name."""
        t = toks[i]
        talked_of = (self.index.by_first.get(t.key) or set()) & conversation_clients()
        if talked_of and self._cued(text, toks, i):
            return t.start, t.end, set(talked_of), i + 1  # a client of this thread who shares the name
        if not self._client_cued(text, toks, blocked, i):
            return None
        return t.start, t.end, set(self.index.by_first.get(t.key) or set()), i + 1

    def _month_word(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "June", "April", "May" are clients too: a month unless plainly a person ("- June to the eye
        doctor", "June's intake", "June got her keys")."""
        t = toks[i]
        ids = (self.index.by_first.get(t.key) or set()) | (self.index.by_nick.get(t.key) or set())
        talked_of = ids & conversation_clients()
        if not ids or self._english_reading(text, toks, i):
            return None
        if talked_of:
            ids = talked_of
        elif self._person_cue(text, toks, i, blocked) < 2:
            return None
        return t.start, t.end, set(ids), i + 1

    def _in_org_name(self, text: str, toks: list[Token], i: int, *, unknown: bool) -> bool:
        """Part of a place or program name: "Esther House", "Mary's Place" ("juatrekoom's housing
        voucher", "hodan's unit": a possessive before a word in lower case is a person's, not a place)."""
        t = toks[i]
        if not (
            i + 1 < len(toks)
            and toks[i + 1].key in ORG_WORDS
            and (toks[i + 1].cap or t.lower)
            # (a possessive before a word in lower case is a person's: "hodan's unit", "joão's intake")
            and not (t.possessive and not toks[i + 1].cap)
        ):
            return False
        gap = self._gap(text, t, toks[i + 1])
        return bool(ADJ_RE.fullmatch(gap) or (t.possessive and gap in (" ", "")))

    def _roster_word(
        self,
        text: str,
        toks: list[Token],
        blocked: list[bool],
        i: int,
        *,
        first: set[str] | None,
        nick: set[str] | None,
        last: set[str] | None,
        capital: bool,
    ) -> Hit | None:
        """A word that is a rostered client's first name, nickname or surname."""
        t = toks[i]
        key = t.key
        ids = (first or set()) | (nick or set())
        talked_of = ids & conversation_clients()  # named earlier in the thread: less evidence needed
        if talked_of:
            ids = talked_of
        plain = False
        # (in lower case the plural of an ordinary word is that word: "grab the van keys", "the banks")
        plural = len(key) > 3 and key.endswith("s") and (key[:-1] in COMMON_WORDS or key[:-2] in COMMON_WORDS)
        common = key in COMMON_WORDS or (t.lower and plural)
        if common and talked_of and key not in FUNCTION_WORDS:
            if self._english_reading(text, toks, i):
                return None  # "Will follow up" is still the modal, whoever was named before
            plain = True
        elif common:
            # "Will", "Hope", "Her": the English word unless how it is used says person
            if self._english_reading(text, toks, i):
                return None
            # (a pronoun, article or preposition is never plainly a name: "her cell", "Her number")
            plain = key not in FUNCTION_WORDS and self._person_cue(text, toks, i, blocked) == 2
            if not plain:
                ids = set(first or ())  # a nickname that is a word ("bill") needs plain evidence
                if not (ids or last) or not self._cued(text, toks, i):
                    return None
                if not capital and (key in STOP_WORDS or key in NEVER_NAME or not first):
                    return None
            if not ids and last:
                ids = set(last)
        elif (key in ENGLISH_WORD_NAMES or key in ENGLISH_WORDS) and self._english_reading(text, toks, i):
            return None  # "foster care" when a client is called Foster, "voice memo" when one is Memo
        elif not ids:
            ids = set(last or ())  # a surname alone ("Garrido accepted")
        if (
            t.lower
            and len(key) < 3
            and not self._short_lower_ok(text, toks, i, first=first or nick, last=last)
        ):
            return None  # "pa", "ku" in lower case only when talked about ("has pa been contacted")
        if t.upper and not capital and not (key in COMMON_WORDS and plain):
            return None
        return t.start, t.end, set(ids), i + 1

    def _short_lower_ok(
        self, text: str, toks: list[Token], i: int, *, first: set[str] | None, last: set[str] | None
    ) -> bool:
        """A two-letter name in lower case ("pa", "wu", "ly", "mo" for Mohammed): only when talked about."""
        key = toks[i].key
        if key in NEVER_NAME or key in STOP_WORDS:
            return False
        if first and self._cued(text, toks, i):
            return True
        # a two-letter surname that is no English word ("wu", "ng", "vu"), opening the message or cued
        return bool(last) and key not in COMMON_WORDS and (i == 0 or self._person_cue(text, toks, i) > 0)

    def _listed_word(
        self, text: str, toks: list[Token], blocked: list[bool], i: int, *, capital: bool, unknown: bool
    ) -> Hit | None:
        """A word on no roster: a listed given name or surname, or a word no list knows, by its cues."""
        t = toks[i]
        key = t.key
        if t.upper and len(key) <= 4 and not (self._shouting(toks, blocked) or _in_capitals(text, toks, i)):
            return None  # "left AMA", "NOK", "VIN": short capitals in a message of ordinary case abbreviate
        common = key in COMMON_WORDS
        hit = t.start, t.end, set(), i + 1
        if self._place_context(text, toks, blocked, i) or (
            capital and i > 0 and toks[i - 1].key in LOCATIVE and not self._sentence_initial(text, t)
        ):
            return None  # "St. Vincent", "units in Kent", "office on Rainier"
        if capital and common and key in FIRST_NAMES and self._cued(text, toks, i) and key not in STOP_WORDS:
            return hit  # "Mary (born ...)", "Grace's ROI"
        if key in FIRST_NAMES and key not in STOP_WORDS and len(key) > 2 and _introduced_or_signing(text, t):
            return hit  # "hi this is tom with the hotline", "... he can come sat morning. Mary"
        if (
            capital
            and key in FIRST_NAMES
            and key not in FUNCTION_WORDS
            and not self._english_reading(text, toks, i)
            and self._person_cue(text, toks, i, blocked) == 2
        ):
            return hit  # "Mark said the order shipped", "Thanks,\nGrace", "Contact: Hope"
        if (
            capital
            and not common
            and key not in FIRST_NAMES
            and key not in ACRONYMS
            and not self._sentence_initial(text, t)
            and self._person_cue(text, toks, i, blocked) == 2
        ):
            return hit  # "our agent Faisal will call": a rare word, capitalised, that acts as a person
        if t.lower and not common and key in FIRST_NAMES and len(key) > 3 and self._cued(text, toks, i):
            return hit  # lower-case chat: "i'll text yesenia"
        if (
            t.lower
            and key in SURNAMES
            and len(key) > 3
            and self._listed_name_word(key)
            # a dictionary word in lower case ("with cough", "parcel is", "ssn ends 1234") only as the one
            # who speaks or acts ("begay said ...")
            and (key not in ENGLISH_WORDS or self._said_or_did(toks, i))
            and (
                self._cued(text, toks, i)
                or (i + 1 < len(toks) and toks[i + 1].key in FAMILY and self._adjacent(text, toks, i, i + 1))
            )
        ):
            return hit  # lower-case chat: "begay said ...", "the yazzie family"
        if unknown and self._unknown_cued(text, toks, i):
            return hit  # "Shikhee", "vizustraon": a name no list has
        if not capital or common or key in ACRONYMS:
            return None
        if not t.upper and len(key) > 2 and self._greeted_or_signed(text, toks, i):
            return hit  # "Dear Femi,", "Thanks,\nPieter": the letter says who
        if key in FIRST_NAMES and len(key) > 2:
            return hit
        fuzzy = self._fuzzy(key, first=True) | self._fuzzy(key, first=False)
        if fuzzy and len(key) >= 5 and not self._sentence_initial(text, t):
            return t.start, t.end, set(fuzzy), i + 1
        if self._cued(text, toks, i, strong=True):
            return hit
        # a known surname talked about: "Talked to Begay this morning"
        if key in SURNAMES and not self._sentence_initial(text, t) and self._cued(text, toks, i):
            return hit
        return None
