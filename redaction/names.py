"""Person names: roster names first (to the client's ID), then names not on the roster.

The matcher walks the message's words once, left to right, and at each word
tries the most specific shape first, so a longer reading wins over a shorter
one ("Garcia, Maria E." before "Maria"):

1. title + surname ........ "Ms. Garcia", "Mr. de la Cruz"
2. Last, First ............ "GARCIA, Maria"
3. First [Middle] Last .... "Maria E. Garcia", "Bob Garica" (nickname, one typo)
4. initial + surname ...... "M. Garcia"; first + initial: "Maria G."
5. unrostered full names .. capitalised pairs that look like given name + surname
6. single words ........... a roster first name / surname, or a known given name

A roster match needs first and last name to belong to the SAME client, which is
what makes it safe in any letter case. Single words are weaker evidence, so they
are gated: ordinary English words ("Will", "Hope") need a cue, a name said to
someone ("Thanks Maria!") is a chat participant, not a client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.findings import Finding, PiiType
from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    FIRST_NAMES,
    KIN_WORDS,
    ORG_WORDS,
    STOP_WORDS,
    SURNAMES,
    TITLES,
    WEEKDAYS_MONTHS,
    is_unknown_word,
)
from redaction.normalize import Token
from redaction.roster import RosterIndex, within_one_edit

MAX_CANDIDATES = 20

# Surname particles written in lower case inside a name ("de la Cruz", "van der Berg").
PARTICLES = frozenset(
    "de del della la las los le van von der den da di du dos das bin ibn al el st y".split()
)
GREETINGS = frozenset(
    "thanks thank thx ty hi hey hello morning afternoon evening cc dear welcome congrats".split()
)
# Words right before a bare name that make it a person being talked about.
CUE_BEFORE = frozenset(
    """client clients with met meet meeting saw see seen reached reach called call contacted contact housed
    house placed place found find helped help about named visited visit spoke speak told tell asked ask texted
    text emailed email for to and staff staffed check checked on by drove drive moved move sheltered
    served serve enrolled enroll refer referred referring re participant resident tenant guest consumer
    mr mrs ms""".split()
)
CUE_AFTER = frozenset(
    """is was has had said says needs needed got gets moved left came comes went will would wants wanted
    called texted reported disclosed accepted declined signed missed showed stayed stays staying lives
    lived being been can could should did does didn't doesn't isn't wasn't hasn't told tells asked
    missed signed got""".split()
)
# Words that open a sentence addressed to a colleague after "Name, ...".
_ADDRESSED = frozenset(
    """did do does can could would will are is was have has pls please thanks thank any when what where who
    how i we you just fyi quick heads no yes ok okay sure great good nice welcome sorry let""".split()
)
_ASKING = frozenset("can could would will do did are have pls please".split())
# Function words: never part of a name even when capitalised mid-sentence ("Maria The ...").
NEVER_NAME = frozenset(
    """a an the and or but nor so yet for of to in on at by from with into onto about as is are was
were be been
    being am do does did has have had will would shall should can could may might must not no yes
this that these
    those there here then than it its he him his she hers we us our they them their you your i me my who whom
    what when where which while why how if all any some each every""".split()
)
# Cues strong enough to make an unknown capitalised word a person ("met with Abdiwahab").
_PLACE_PREFIXES = frozenset("st saint san santa santo mt mount fort ft port lake camp".split())
_LOCATIVE = frozenset("in on near into across around downtown outside inside toward towards".split())
# Words around a name that say it is a client, even when a colleague has the same first name.
_CLIENT_BEFORE = frozenset(
    """client clients named participant resident tenant guest consumer with met meet saw housed house placed
    visited helped enrolled referred refer about re housing w""".split()
)
_AUXILIARIES = frozenset("is was has had will 's been got just".split())
_DIGIT_RE = re.compile(r"\d")
_CLIENT_AFTER = frozenset(
    """needs needed moved disclosed accepted declined stayed stays staying lives lived slept sleeping housed
    evicted enrolled relapsed overdosed applied qualifies""".split()
)
# "the Yazzie family": a surname before these is a family
_FAMILY = frozenset("family fam household household's kids children siblings brothers sisters".split())
_PLACE_WORDS_BEFORE = frozenset("to from at via toward towards".split())
_STRONG_CUES = frozenset(
    """client named participant resident tenant guest with met saw reached contacted housed visited
    helped told""".split()
)
_ADJ_RE = re.compile(r"[ \t]+")
_COMMA_RE = re.compile(r"[ \t]*,[ \t]*")
_INITIAL_GAP_RE = re.compile(r"\.?[ \t]*")


class NameFinder:
    """Finds person names in tokenised text. Stateless per call; the index is shared."""

    __slots__ = ("_fuzzy_cache", "index", "known")

    def __init__(self, index: RosterIndex, *, known_words: Iterable[str] = ()) -> None:
        self.index = index
        self.known = frozenset(known_words)
        self._fuzzy_cache: dict[tuple[str, bool], frozenset[str]] = {}

    # --- lookups ---------------------------------------------------------------------------------
    def _first(self, key: str) -> set[str]:
        a = self.index.by_first.get(key)
        b = self.index.by_nick.get(key)
        if a and b:
            return a | b
        return a or b or set()

    def _last(self, key: str) -> set[str]:
        return self.index.by_last.get(key) or set()

    def _fuzzy(self, key: str, *, first: bool) -> frozenset[str]:
        """Ids of clients with a first (or last) name one edit away from ``key``."""
        cache_key = (key, first)
        hit = self._fuzzy_cache.get(cache_key)
        if hit is not None:
            return hit
        table = self.index.by_first if first else self.index.by_last
        ids: set[str] = set()
        if key not in COMMON_WORDS:
            for word in self.index.fuzzy_tokens(key):
                found = table.get(word)
                if found:
                    ids |= found
        out = frozenset(ids)
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[cache_key] = out
        return out

    def _pair_ids(self, first: Token, last: Token) -> set[str]:
        """Clients whose first AND last name match, exactly or (one side) within one edit."""
        ids = self._pair_keys(first.key, last.key)
        if not ids and "-" in last.key:  # "de-Catsaneda": try each part of a hyphenated surname
            for part in last.key.split("-"):
                if len(part) > 2:
                    ids = self._pair_keys(first.key, part)
                    if ids:
                        break
        return ids

    def _pair_keys(self, first_key: str, last_key: str) -> set[str]:
        f = self._first(first_key)
        m = self.index.by_middle.get(first_key) or set()
        l_ = self._last(last_key)
        if l_:
            # best evidence first: the first name as registered, then a nickname, then the middle name
            exact = self.index.by_first.get(first_key)
            for pool in (exact, f, m):
                ids = pool & l_ if pool else None
                if ids:
                    return self._prefer_whole_surname(ids, last_key)
        if f:
            ids = f & self._fuzzy(last_key, first=False)
            if len(ids) > 1:  # "Khanh Haong": Ms. Hoang before Ms. Hoang-Ngo (one part within one edit)
                whole = {c for c in ids if within_one_edit(last_key, self.index.last_key.get(c, ""))}
                ids = whole or ids
            if ids:
                return set(ids)
        if l_:
            return set(self._fuzzy(first_key, first=True) & l_)
        return set()

    def _prefer_whole_surname(self, ids: set[str], last_key: str) -> set[str]:
        """ "Lee" names Ms. Lee before Ms. Lee-Anaya; keep both only when nothing separates them."""
        if len(ids) < 2:
            return ids
        whole = {c for c in ids if self.index.last_key.get(c) == last_key}
        return whole or ids

    # --- shape helpers ---------------------------------------------------------------------------
    @staticmethod
    def _gap(text: str, a: Token, b: Token) -> str:
        return text[a.raw_end : b.start]

    def _adjacent(self, text: str, toks: list[Token], i: int, j: int) -> bool:
        if j >= len(toks) or toks[i].possessive:
            return False
        return bool(_ADJ_RE.fullmatch(self._gap(text, toks[i], toks[j])))

    @staticmethod
    def _is_initial(text: str, tok: Token) -> bool:
        """A single capital letter used as an initial: "V." or "V" at a word boundary."""
        if len(tok.text) != 1 or not tok.text.isalpha():
            return False
        nxt = text[tok.raw_end : tok.raw_end + 1]
        if nxt == ".":
            return True
        if not tok.text.isupper():
            return False
        return tok.text not in ("I", "A")

    @staticmethod
    def _sentence_initial(text: str, tok: Token) -> bool:
        k = tok.start - 1
        while k >= 0 and text[k] in " \t\"'“‘(*_":
            k -= 1
        return k < 0 or text[k] in ".!?:;\n•>-–—"

    def _vocative(self, text: str, toks: list[Token], i: int) -> bool:
        """A name addressed to someone in the chat ("Thanks Maria!", "@Dave", "Tom from outreach")."""
        tok = toks[i]
        if tok.start > 0 and text[tok.start - 1] == "@":
            return True
        nxt = text[tok.raw_end : tok.raw_end + 2]
        after_ok = not nxt or nxt[0] in "!,.:;?)" or nxt.startswith("\n")
        g = i - 1
        if g > 0 and toks[g].key == "you" and toks[g - 1].key == "thank":
            g -= 1
        if g >= 0 and toks[g].key in GREETINGS and after_ok:
            gap = self._gap(text, toks[i - 1], tok)
            if gap.strip(" ,\t") == "":
                return True
        if i + 1 < len(toks) and toks[i + 1].key == "from" and self._adjacent(text, toks, i, i + 1):
            return True
        if self._sentence_initial(text, tok):
            # "Jo, did ...", "Renee can you ...": the message is addressed to a colleague
            if nxt[:1] == ",":
                return i + 1 >= len(toks) or toks[i + 1].key in _ADDRESSED
            if i + 2 < len(toks) and toks[i + 1].key in _ASKING and toks[i + 2].key in ("you", "u", "y'all"):
                return True
        return False

    def _name_like(self, tok: Token) -> bool:
        """Capitalised (or ALL-CAPS, not an acronym) and not a calendar/org word."""
        k = tok.key
        if k in WEEKDAYS_MONTHS or k in ORG_WORDS:
            return False
        if tok.upper:  # an unknown ALL-CAPS word is an acronym (NOFO, RRH), not a name
            return k not in ACRONYMS and (
                k in FIRST_NAMES or k in SURNAMES or k in self.index.by_first or k in self.index.by_last
            )
        if not tok.cap:
            return False
        # "CoC", "VoA": mixed-case short words are acronyms; "McKay" is long enough
        return not (len(k) <= 4 and any(c.isupper() for c in tok.text[1:]))

    def _blocked_word(self, tok: Token) -> bool:
        k = tok.key
        return k in self.known or k in TITLES or k in WEEKDAYS_MONTHS or (k in ACRONYMS and not tok.cap)

    # --- the walk --------------------------------------------------------------------------------
    def find(self, text: str, toks: list[Token], blocked: list[bool]) -> list[Finding]:
        out: list[Finding] = []
        i = 0
        n = len(toks)
        idx = self.index
        while i < n:
            if blocked[i]:
                i += 1
                continue
            t = toks[i]
            k = t.key
            if (
                t.lower
                and k in COMMON_WORDS
                and k not in idx.by_first
                and k not in idx.by_nick
                and k not in idx.by_last
                and k not in TITLES
                and k not in FIRST_NAMES
            ):
                i += 1  # an ordinary lower-case word cannot start a name
                continue
            if (
                (t.cap or toks[i - 1].lower)
                and self._place_context(toks, i)
                and not blocked[i - 1]
                and text[toks[i - 1].raw_end : t.start] in (" ", ". ")
                and not (self._full(text, toks, blocked, i) or (0, 0, ()))[2]  # a client's full name wins
            ):
                i += 1  # "St. Vincent de Paul", "Lake Washington": skip the whole place name
                while (
                    i < n
                    and (
                        toks[i].cap
                        or toks[i].key in PARTICLES
                        or (t.lower and toks[i].key not in COMMON_WORDS)
                    )
                    and self._adjacent(text, toks, i - 1, i)
                ):
                    i += 1
                continue
            hit = (
                self._title(text, toks, blocked, i)
                or self._last_first(text, toks, blocked, i)
                or self._full(text, toks, blocked, i)
                or self._initial_last(text, toks, blocked, i)
                or self._unrostered_full(text, toks, blocked, i)
                or self._single(text, toks, blocked, i)
            )
            if hit is None:
                i += 1
                continue
            start, end, ids, nxt = hit
            start = self._particles_before(text, toks, blocked, i, ids, start)
            end, ids, nxt = self._unknown_after(text, toks, blocked, nxt, end, ids)
            i0 = i
            while i0 > 0 and toks[i0].start > start:
                i0 -= 1
            if i0 > 0 and (not out or out[-1].end <= toks[i0 - 1].start):
                start, ids = self._unknown_before(text, toks, blocked, i0, start, ids)
            out.append(_finding(start, end, ids))
            i = nxt
        return out

    def _unknown_after(self, text, toks, blocked, nxt, end, ids):
        """A word no list knows right after a name is more of that name ("beeh duar", "Wung Thai");
        and a client's given name followed by a surname no list knows is not that client."""
        k = nxt
        if (
            0 < k < len(toks)
            and not blocked[k]
            and toks[k].start >= end
            and self._adjacent(text, toks, k - 1, k)
            and not toks[k].upper
            and is_unknown_word(toks[k].key)
        ):
            return toks[k].end, set(), k + 1
        # lower-case chat, a name of three parts: "naw eh ku", "nguyen thi lan"
        if (
            not ids
            and 0 < k < len(toks)
            and not blocked[k]
            and toks[k].start >= end
            and toks[k].lower
            and toks[k - 1].lower
            and self._adjacent(text, toks, k - 1, k)
            and self._listed_name_word(toks[k].key)
        ):
            return toks[k].end, ids, k + 1
        return end, ids, nxt

    @staticmethod
    def _listed_name_word(key: str) -> bool:
        """On a name list and not an ordinary word: safe to join to a name right next to it."""
        return (
            (key in FIRST_NAMES or key in SURNAMES)
            and key not in COMMON_WORDS
            and key not in STOP_WORDS
            and key not in NEVER_NAME
            and key not in WEEKDAYS_MONTHS
            and key not in ACRONYMS
        )

    def _unknown_before(self, text, toks, blocked, i, start, ids):
        k = i - 1
        if (
            not blocked[k]
            and toks[k].raw_end <= start
            and self._adjacent(text, toks, k, i)
            and not toks[k].upper
            and (
                (is_unknown_word(toks[k].key) and toks[k].lower == toks[i].lower)
                # "Keisha Lee", "maria cruz": a colleague's first name right before a found name is
                # part of that person's full name: redact it whole
                or (toks[k].key in self.known and not self._vocative(text, toks, k))
                # a listed surname before a found given name, family name first: "Nguyen Thi Lan",
                # "tran van minh"
                or (
                    toks[k].key in SURNAMES
                    and toks[k].lower == toks[i].lower
                    and toks[k].cap == toks[i].cap
                    and self._listed_name_word(toks[k].key)
                    and not self._vocative(text, toks, k)
                )
                or (  # "loop in See Quaxung": a capitalised given name before a capitalised unknown word
                    toks[k].cap
                    and toks[k].key in FIRST_NAMES
                    and toks[k].key not in NEVER_NAME
                    and not self._sentence_initial(text, toks[k])
                    and is_unknown_word(toks[i].key)
                )
            )
        ):
            return toks[k].start, set()
        return start, ids

    def _particles_before(self, text, toks, blocked, i, ids, start: int) -> int:
        """ "de la Cruz, Maria": surname particles right before a found name that belong to it."""
        k = i - 1
        while k >= 0 and not blocked[k] and toks[k].key in PARTICLES and self._adjacent(text, toks, k, k + 1):
            owners = self.index.by_last.get(toks[k].key)
            if (ids and not (owners and owners & ids)) or (not ids and not toks[k].lower):
                break
            start = toks[k].start
            k -= 1
        return start

    def _extend_last(
        self, text: str, toks: list[Token], blocked: list[bool], k: int, ids: set[str]
    ) -> tuple[int, set[str]]:
        """Swallow further surname parts of the same client ("Garcia Lopez", "de la Cruz")."""
        while k + 1 < len(toks) and not blocked[k + 1] and self._adjacent(text, toks, k, k + 1):
            key = toks[k + 1].key
            more = self._last(key) & ids
            if not more and "-" in key:  # "de la Cruz-Sanchez": each part of the hyphenated word
                more = ids
                for part in key.split("-"):
                    more = more & self._last(part) if part else more
            if not more:
                break
            ids = more
            k += 1
        return k, ids

    def _full(self, text, toks, blocked, i):
        t = toks[i]
        if t.possessive or len(t.key) < 2:
            return None
        j = i + 1
        if not (j < len(toks) and not blocked[j] and self._adjacent(text, toks, i, j)):
            return None
        candidates = []
        # First Middle Last / First M. Last
        k = j + 1
        if k < len(toks) and not blocked[k]:
            mid = toks[j]
            gap = self._gap(text, mid, toks[k])
            if (
                len(mid.text) == 1 and mid.text.isalpha() and _INITIAL_GAP_RE.fullmatch(gap) and gap.strip()
            ) or (
                (mid.key in self.index.by_middle or mid.key in self.index.by_first) and _ADJ_RE.fullmatch(gap)
            ):
                candidates.append(k)
        candidates.append(j)
        for k in candidates:
            last = toks[k]
            ids = self._pair_ids(t, last)
            if ids:
                k2, ids = self._extend_last(text, toks, blocked, k, ids)
                return t.start, toks[k2].end, ids, k2 + 1
        # family name first, no comma ("Nguyen Minh", "Xiong Mai"): exact matches only
        u = toks[j]
        ids = self._last(t.key) & self._first(u.key)
        if ids and (t.cap or t.upper or t.lower == u.lower):
            return t.start, u.end, ids, j + 1
        # First + initial: "Rhonda V."
        nxt = toks[j]
        lower_ok = t.lower and text[nxt.raw_end : nxt.raw_end + 1] == "."
        if (
            self._is_initial(text, nxt)
            and (t.cap or t.upper or lower_ok)
            and (not self._blocked_word(t) or t.key in self.known)  # "Ashley P." is a person, not staff
        ):
            f = self._first(t.key)
            if f or (t.key in FIRST_NAMES and t.key not in COMMON_WORDS) or t.key in self.known:
                init = nxt.key
                ids = {c for c in f if self.index.last_initial.get(c) == init} or f
                end = nxt.end + (1 if text[nxt.raw_end : nxt.raw_end + 1] == "." else 0)
                return t.start, end, ids, j + 1
        return None

    def _last_first(self, text, toks, blocked, i):
        t = toks[i]
        j = i + 1
        if t.possessive or j >= len(toks) or blocked[j]:
            return None
        if not _COMMA_RE.fullmatch(self._gap(text, t, toks[j])):
            return None
        first = toks[j]
        ids = self._pair_ids(first, t)
        if not ids:
            return self._unrostered_last_first(text, toks, blocked, i)
        end_i = j
        # optional middle initial / middle name after the first name
        k = j + 1
        if k < len(toks) and not blocked[k] and not first.possessive:
            gap = self._gap(text, first, toks[k])
            mid = toks[k]
            if _ADJ_RE.fullmatch(gap) and (
                (len(mid.text) == 1 and mid.text.isupper())
                or (self.index.by_middle.get(mid.key, set()) & ids)
            ):
                end_i = k
        end = toks[end_i].end
        if len(toks[end_i].text) == 1 and text[toks[end_i].raw_end : toks[end_i].raw_end + 1] == ".":
            end += 1
        return t.start, end, ids, end_i + 1

    def _unrostered_last_first(self, text, toks, blocked, i):
        """ "Xiong, Mai Nou": a known surname, a comma, then capitalised given name(s)."""
        t, u = toks[i], toks[i + 1]
        lower_pair = (  # lower-case chat: "yellowhair, marlene"
            t.lower and u.lower and self._listed_name_word(t.key) and self._listed_name_word(u.key)
        )
        if not ((self._name_like(t) and self._name_like(u)) or lower_pair):
            return None
        if self._blocked_word(t) or self._blocked_word(u):
            return None
        tk, uk = t.key, u.key
        if tk in COMMON_WORDS or not (tk in SURNAMES or tk in self.index.by_last):
            return None
        if uk in COMMON_WORDS or not (uk in FIRST_NAMES or uk in self.index.by_first):
            return None
        k = i + 1
        while (
            k + 1 < len(toks)
            and not blocked[k + 1]
            and self._adjacent(text, toks, k, k + 1)
            and self._name_like(toks[k + 1])
            and toks[k + 1].key not in COMMON_WORDS
        ):
            k += 1
        return t.start, toks[k].end, set(), k + 1

    def _title(self, text, toks, blocked, i):
        t = toks[i]
        if t.key not in TITLES or t.possessive:
            return None
        j = i + 1
        if j >= len(toks) or blocked[j]:
            return None
        if not re.fullmatch(r"\.?[ \t]+", self._gap(text, t, toks[j])):
            return None
        full = self._full(text, toks, blocked, j)
        if full is not None and full[2]:
            return t.start, full[1], full[2], full[3]
        k = j
        # particles: "Mr. de la Cruz"
        while toks[k].key in PARTICLES and k + 1 < len(toks) and self._adjacent(text, toks, k, k + 1):
            if toks[k].key in self.index.by_last:
                break
            k += 1
        last = toks[k]
        ids = self._last(last.key)
        if ids:
            k, ids = self._extend_last(text, toks, blocked, k, ids)
            return t.start, toks[k].end, ids, k + 1
        if (
            last.cap
            or last.upper
            or (  # lower-case chat: "ms begay", "mr. smith"
                last.lower
                and len(last.key) > 2
                and (last.key in SURNAMES or is_unknown_word(last.key))
                and last.key not in STOP_WORDS
                and last.key not in NEVER_NAME
            )
        ):
            ids = set(self._fuzzy(last.key, first=False))
            if ids or last.key not in COMMON_WORDS or last.key in SURNAMES:
                # an unrostered (or misspelt) surname after a title is still a person
                while (
                    k + 1 < len(toks)
                    and self._adjacent(text, toks, k, k + 1)
                    and self._surname_like(toks[k + 1])
                ):
                    k += 1
                return t.start, toks[k].end, ids, k + 1
        return None

    def _initial_last(self, text, toks, blocked, i):
        t = toks[i]
        j = i + 1
        if len(t.text) != 1 or not t.text.isupper() or j >= len(toks) or blocked[j]:
            return None
        gap = self._gap(text, t, toks[j])
        dotted = _INITIAL_GAP_RE.fullmatch(gap) and gap.strip(" \t") == "." and gap != "."
        if not dotted and not (t.text not in "IA" and _ADJ_RE.fullmatch(gap)):
            return None
        last = toks[j]
        if not (last.cap or last.upper):
            return None
        ids = self._last(last.key)
        if ids:
            narrowed = {c for c in ids if self.index.first_initial.get(c) == t.key}
            k, narrowed2 = self._extend_last(text, toks, blocked, j, narrowed or ids)
            return t.start, toks[k].end, (narrowed2 if narrowed else set()), k + 1
        if last.key in SURNAMES and last.key not in COMMON_WORDS and self._name_like(last):
            return t.start, last.end, set(), j + 1
        return None

    def _surname_like(self, tok: Token) -> bool:
        if not self._name_like(tok) or self._blocked_word(tok):
            return False
        k = tok.key
        return (k in SURNAMES or k in self.index.by_last or k not in COMMON_WORDS) and k not in ACRONYMS

    @staticmethod
    def _place_context(toks: list[Token], i: int) -> bool:
        """After "St." or "Lake", a capitalised word names a place or saint, not a client."""
        return i > 0 and toks[i - 1].key in _PLACE_PREFIXES

    def _unrostered_full(self, text, toks, blocked, i):
        """Given name + surname not on the roster, judged from name lists and capitalisation."""
        t = toks[i]
        if self._place_context(toks, i):
            return None
        j = i + 1
        if t.possessive or j >= len(toks) or blocked[j] or not self._adjacent(text, toks, i, j):
            return None
        u = toks[j]
        if self._blocked_word(u):
            return None
        if self._blocked_word(t) and not (
            t.key in self.known
            and (u.cap or u.upper or (t.lower and u.lower))
            and u.key not in COMMON_WORDS
            and (u.key in SURNAMES or u.key in self.index.by_last)
        ):
            return None  # ("Maria Lopez" is a person even when a colleague is called Maria)
        tk, uk = t.key, u.key
        idx = self.index
        if uk in PARTICLES and u.lower:
            return None  # "maria de la rosa": the single-word path takes the particles and the surname
        t_roster = tk in idx.by_first or tk in idx.by_nick
        t_first = t_roster or tk in FIRST_NAMES
        u_roster = uk in idx.by_last
        u_last = u_roster or uk in SURNAMES
        t_common = tk in COMMON_WORDS
        u_common = uk in COMMON_WORDS
        if t.lower and u.lower:
            # lower-case chat: a plain given name and a known surname ("thomas black", "ta jacobs");
            # a function word only if it is a roster surname ("dustin her")
            if not u_last and "-" in uk:  # "ybarra-perez", "her-xiong"
                parts = [p for p in uk.split("-") if p]
                u_last = any(p in SURNAMES or p in idx.by_last for p in parts) and all(
                    p in SURNAMES or p in idx.by_last or is_unknown_word(p) for p in parts
                )
            t_strong = t_first and not t_common and tk not in STOP_WORDS
            u_strong = u_last and not u_common and len(uk) > 2
            t_unknown = is_unknown_word(tk)
            if t_common and not u_roster and uk in FIRST_NAMES and tk not in idx.by_first:
                return None  # "saw pedro ...": a verb before a given name, not a given name and surname
            ok = (
                # a word no list knows, then a surname ("naohnestah jones"), or a given name, then a word
                # no list knows ("consuelo thfou")
                (
                    t_unknown
                    and u_last
                    and uk not in NEVER_NAME
                    and uk not in WEEKDAYS_MONTHS
                    and uk not in ORG_WORDS
                )
                or (t_strong and is_unknown_word(uk))
                or (t_unknown and is_unknown_word(uk))
            ) or (
                t_first
                and u_last
                and (t_strong or u_strong)
                and tk not in NEVER_NAME
                and uk not in WEEKDAYS_MONTHS
                and uk not in ORG_WORDS
                and (uk not in NEVER_NAME or (u_roster and t_strong))
                and (len(tk) > 2 or u_strong)
            )
        else:
            if not (self._name_like(t) and self._name_like(u)):
                return None
            t_surname_only = not t_first and tk in SURNAMES
            t_unknown = not t_common and not t_first and not t_surname_only and tk not in ACRONYMS
            u_unknown = not u_common and not u_last and uk not in ACRONYMS
            strong_last = u_last and not u_common
            if tk in STOP_WORDS:  # "Has Mateo", "Said Omar": only before an unmistakable surname
                ok = (t_first and strong_last and not self._sentence_initial(text, t)) or (
                    t_roster and strong_last
                )
            elif t_first and not t_common:
                # a capitalised word right after a plain given name is its surname ("James Broth"),
                # unless it is one of the commonest words ("Maria Will ...")
                ok = uk not in NEVER_NAME and (not u_common or u_last or uk not in STOP_WORDS)
            elif t_first:  # "Grace", "Cat": also ordinary words
                ok = strong_last or u_roster or (u_unknown and not self._sentence_initial(text, t))
            elif t_surname_only and not t_common:  # "Wells Fargo" opening a sentence is a company
                ok = u_unknown or (strong_last and not self._sentence_initial(text, t))
            elif t_unknown:
                # mid-sentence capitals on an ordinary word after an unknown word: "Seestangnao Bum"
                ok = strong_last or u_unknown or (u.cap and uk not in STOP_WORDS and uk not in NEVER_NAME)
            else:
                # an ordinary word, capitalised mid-sentence, before a word no list knows: "w/ Gen Tyedhahia"
                ok = u_unknown and tk not in STOP_WORDS and not self._sentence_initial(text, t)
        if not ok:
            return None
        if tk in COMMON_WORDS and (self._full(text, toks, blocked, j) or (0, 0, ()))[2]:
            return None  # "saw joaquin de la cruz": the client's full name starts at the second word
        k = j
        # a following capitalised org word means this is a place ("Mary Johnson Center")
        if (
            k + 1 < len(toks)
            and self._adjacent(text, toks, k, k + 1)
            and toks[k + 1].key in ORG_WORDS
            and (toks[k + 1].cap or toks[k + 1].upper)
        ):
            return None
        # a third part: "Maria Elena Lopez"
        if k + 1 < len(toks) and not blocked[k + 1] and self._adjacent(text, toks, k, k + 1):
            v = toks[k + 1]
            if (not u.lower) and self._surname_like(v) and (v.key in SURNAMES or v.key in idx.by_last):
                k += 1
        return t.start, toks[k].end, set(), k + 1

    def _single(self, text, toks, blocked, i):
        hit = self._single_word(text, toks, blocked, i)
        if hit is None:
            return None
        start, end, ids, nxt = hit
        # a given name followed by a surname we could not pair: take both ("Ta Cass", "Tong Chang")
        k = i
        while True:
            # surname particles: "Josefina de la Rosa"
            p = k + 1
            while (
                p < len(toks)
                and toks[p].key in PARTICLES
                and toks[p].lower
                and self._adjacent(text, toks, p - 1, p)
            ):
                p += 1
            if (
                p > k + 1
                and p < len(toks)
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
                and self._adjacent(text, toks, i, i + 1)
                and toks[i + 1].lower
                and len(toks[i + 1].key) > 2
                and toks[i + 1].key not in COMMON_WORDS
                and toks[i + 1].key not in ACRONYMS
            )
        ):
            k = i + 1
        if k > i:
            return start, toks[k].end, set(), k + 1
        return start, end, ids, nxt

    def _single_word(self, text, toks, blocked, i):
        t = toks[i]
        key = t.key
        if key in self.known and len(key) >= 2 and not self._vocative(text, toks, i):
            # A colleague's first name. Left alone unless the message plainly talks about a client by it
            # ("met with Maria", "Maria's ROI", "Maria (dob ...", "Maria is HIV+"): then it is redacted,
            # with the client's ID only if exactly one rostered client has that first name.
            if not self._client_cued(text, toks, blocked, i):
                return None
            ids = self.index.by_first.get(key) or set()
            return t.start, t.end, set(ids), i + 1
        if len(key) < 2 or self._blocked_word(t) or (t.upper and key in ACRONYMS):
            return None
        idx = self.index
        common = key in COMMON_WORDS
        f = idx.by_first.get(key)
        nick = idx.by_nick.get(key) if not common else None
        last = idx.by_last.get(key)
        capital = (t.cap or t.upper) and self._name_like(t)
        # (an inner capital marks a brand, "DoorDash", unless it is a surname prefix: "McKay", "DeShawn")
        unknown = (
            not t.upper
            and is_unknown_word(key)
            and (not any(c.isupper() for c in t.text[1:]) or t.text[:2] in ("Mc", "De", "La", "Di", "Le"))
        )
        if not (
            f or nick or last or capital or (t.lower and (key in FIRST_NAMES or key in SURNAMES or unknown))
        ):
            return None
        if self._vocative(text, toks, i):
            return None
        # part of a place or program name: "Esther House", "Mary's Place"
        # ("juatrekoom's housing voucher": a word no list knows, possessive, is a person's, not a place)
        if (
            i + 1 < len(toks)
            and toks[i + 1].key in ORG_WORDS
            and (toks[i + 1].cap or t.lower)
            and not (unknown and t.possessive and not toks[i + 1].cap)
        ):
            gap = self._gap(text, t, toks[i + 1])
            if _ADJ_RE.fullmatch(gap) or (t.possessive and gap in (" ", "")):
                return None
        ids = (f or set()) | (nick or set())
        if ids or last:
            cued = None
            if common:
                # "Will", "Hope", "Her": with a cue around it, and never a function word in lower case
                cued = self._cued(text, toks, i)
                if not cued or (not capital and (key in STOP_WORDS or key in NEVER_NAME or not f)):
                    return None
                if not ids and last:
                    ids = last
            elif not ids:
                ids = last  # a surname alone ("Garrido accepted")
            if t.lower and len(key) < 3 and not (f and key not in NEVER_NAME and self._cued(text, toks, i)):
                return None  # "pa", "ku" in lower case only when talked about ("has pa been contacted")
            if t.upper and not capital:
                return None
            return t.start, t.end, set(ids), i + 1
        if self._place_context(toks, i) or (
            capital and i > 0 and toks[i - 1].key in _LOCATIVE and not self._sentence_initial(text, t)
        ):
            return None  # "St. Vincent", "units in Kent", "office on Rainier"
        if capital and common and key in FIRST_NAMES and self._cued(text, toks, i) and key not in STOP_WORDS:
            return t.start, t.end, set(), i + 1  # "Mary (born ...)", "Grace's ROI"
        if t.lower and not common and key in FIRST_NAMES and len(key) > 3 and self._cued(text, toks, i):
            return t.start, t.end, set(), i + 1  # lower-case chat: "i'll text yesenia"
        if (
            t.lower
            and key in SURNAMES
            and len(key) > 3
            and self._listed_name_word(key)
            and (
                self._cued(text, toks, i)
                or (i + 1 < len(toks) and toks[i + 1].key in _FAMILY and self._adjacent(text, toks, i, i + 1))
            )
        ):
            return t.start, t.end, set(), i + 1  # lower-case chat: "begay said ...", "the yazzie family"
        if unknown and self._unknown_cued(text, toks, i):
            return t.start, t.end, set(), i + 1  # "Shikhee", "vizustraon": a name no list has
        if not capital or common or key in ACRONYMS:
            return None
        if key in FIRST_NAMES and len(key) > 2:
            return t.start, t.end, set(), i + 1
        fuzzy = self._fuzzy(key, first=True) | self._fuzzy(key, first=False)
        if fuzzy and len(key) >= 5 and not self._sentence_initial(text, t):
            return t.start, t.end, set(fuzzy), i + 1
        if self._cued(text, toks, i, strong=True):
            return t.start, t.end, set(), i + 1
        # a known surname talked about: "Talked to Begay this morning"
        if key in SURNAMES and not self._sentence_initial(text, t) and self._cued(text, toks, i):
            return t.start, t.end, set(), i + 1
        return None

    def _client_cued(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> bool:
        """Plain evidence that a word is a client being talked about, strong enough to override a
        colleague's name: a possessive, a client verb before it ("met with", "housed"), a client
        verb after it ("needs", "moved"), a DOB/SSN/age right after it, or other PII in the next words."""
        t = toks[i]
        if t.possessive:
            return True
        if i > 0 and toks[i - 1].key in _CLIENT_BEFORE and toks[i - 1].raw_end >= t.start - 2:
            return True
        j = i + 1
        if j < len(toks) and toks[j].key in _AUXILIARIES and self._adjacent(text, toks, i, j):
            j += 1  # "is staying", "has moved", "was evicted"
        if j < len(toks) and toks[j].key in _CLIENT_AFTER and toks[j - 1].raw_end >= toks[j].start - 1:
            return True
        after = text[t.raw_end : t.raw_end + 8].lstrip(" ,(")
        if after[:3].lower() in ("dob", "ssn", "age", "bor", "b. "):
            return True
        if _DIGIT_RE.search(text, t.raw_end, t.raw_end + 12):  # "Maria (3/4/80)", "call Marcus at 206-..."
            return True
        return any(blocked[j] for j in range(i + 1, min(i + 5, len(toks))))

    def _unknown_cued(self, text: str, toks: list[Token], i: int) -> bool:
        """Is a word no list knows a person here? Capitalised mid-sentence it is; otherwise it needs a
        cue ("met with X", "his mom X", "X's", "X is", "X dob"). Never after "in", "to", "from" (places)."""
        t = toks[i]
        prev = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 2 else None
        if prev is not None and (prev.key in _LOCATIVE or prev.key in _PLACE_WORDS_BEFORE):
            return False
        if t.cap and not self._sentence_initial(text, t):
            return True
        if prev is not None and (prev.key in KIN_WORDS or prev.key in TITLES):
            return True
        return self._cued(text, toks, i)

    def _cued(self, text: str, toks: list[Token], i: int, *, strong: bool = False) -> bool:
        """Is the word at ``i`` talked about as a person? (possessive, "met with X", "X is", "X (DOB ...")"""
        t = toks[i]
        if t.possessive and not strong:
            return True
        if (
            i > 0
            and toks[i - 1].key in CUE_BEFORE
            and toks[i - 1].raw_end >= t.start - 2
            and (not strong or toks[i - 1].key in _STRONG_CUES)
        ):
            return True
        if strong:
            return False
        if i + 1 < len(toks) and toks[i + 1].key in CUE_AFTER and self._adjacent(text, toks, i, i + 1):
            return True
        after = text[t.raw_end : t.raw_end + 8].lstrip(" ,(")
        return bool(after[:1].isdigit() or after[:3].lower() in ("dob", "ssn", "age", "bor", "b. "))


def _finding(start: int, end: int, ids: set[str] | frozenset[str]) -> Finding:
    if len(ids) == 1:
        return Finding(start, end, PiiType.NAME, client_id=next(iter(ids)))
    if ids:
        return Finding(start, end, PiiType.NAME, candidates=tuple(sorted(ids)[:MAX_CANDIDATES]))
    return Finding(start, end, PiiType.NAME)
