"""Clients written by their initials: "MK no-show today", "re: GB", "L.N. (F, 1981)".

Initials are how case notes keep a name short, and they are how acronyms look,
so they count as a name only when the sentence treats them as a person (the
subject of a verb, "re:", "reached", a DOB or an email right after) and they
are no acronym of the field (RRH, PSH, AMI, CE ...). A message written all in
capitals has no initials to find: every word looks like one.

Initials never carry a client ID of their own (many clients share them); the
clients they could be go in the finding's candidates.
"""

from __future__ import annotations

import re

from redaction.lexicon import ACRONYMS, COMMON_WORDS
from redaction.name_words import Hit
from redaction.normalize import Token

# Dotted initials: "L.N.", "J. R." — not the dotted abbreviations of the language.
_DOTTED_RE = re.compile(r"(?<![\w.])([A-ZÀ-ÞŁ])\.[ \t]?([A-ZÀ-ÞŁ])\.(?:[ \t]?([A-ZÀ-ÞŁ])\.)?(?![\w.])")
_DOTTED_NOT = frozenset(
    """us uk dc am pm po nw ne sw se ok eu un rn md np pa ad bc ce ms mr mx jd ba bs ma ny la sf ss oz ssn dob
    aka usa ps va id hiv ged eta rsvp""".split()
)
# Words after initials that make them a person: "MK no-show", "KG email ...", "TW is at ...".
_AFTER = frozenset(
    """dob email e-mail phone cell last4 last ssn no-show noshow ns said says is was has had needs needed in
    at aging moving moved moving left came got signed declined accepted dropped called texted missed showed
    stayed staying lives living doc docs ready asked wants wanted new still both
    dijo dice tiene está esta quiere necesita llamó vino""".split()
)
# Words before initials that make them a person: "reached MK", "re GB", "add MP to", "check KS dob".
_BEFORE = frozenset(
    """re reached reach with w met saw see called call texted text add check for about and + client clients
    pt participant resident tenant helped drove visited told ask asked who's whos""".split()
)


# Capitals that are never a person's initials, whatever follows them.
_NEVER_INITIALS = frozenset(
    "hiv aids ssn dob roi id ids va hud rrh psh es th ce cm dv er icu hmis vi mou usa us ok am pm".split()
)
# A client's details right after the initials: "FL dob 5/16/67", "TO new # ...", "CC: 2667 Bryant Ct".
_DETAILS_AFTER_RE = re.compile(
    r"(?i)[ \t]*(?::[ \t]*\d|(?:dob|d\.o\.b|ssn|last\s?4|email|e-mail|phone|cell|ph"
    r"|new\s+(?:#|number|phone|cell|address|email))\b|-?[ \t]*\d{1,2}/\d{1,2}/\d{2,4})"
)


# A by-name list row opened by the initials: "MG - sheltered", "• JN: doc ready", "RJ — housed".
# (Slack's markup may wrap the initials, and a quote mark or an emoji code open the row: "• *MK* — housed",
# "> AO - at the river", ":house: JB: moved in")
_ROW_START_RE = re.compile(
    r"[ \t]*>?[ \t]*(?::[a-z0-9_+\-]+:[ \t]*)?(?:[-*•·–—☐☑☒]|\d{1,2}[.)])?[ \t]*[*_~]*"
    r"(?:(?i:bed|rm|room|bunk|cot)[ \t]*\#?\d{1,4}[ \t]*(?:→|->|-|–|—|:)[ \t]*)?"  # "bed 22 → CJ"
)
_ROW_LABEL_END_RE = re.compile(r"[*_~]*[ \t]*(?:[-–—:]|\|)[ \t]+\S")
# "AO no show", "MK no-show again"; "check on MK", "update on JB", "follow up on AO"
_NO_SHOW_AFTER_RE = re.compile(r"[*_~]*[ \t]+no[ \t\-]?show")
_ON_BEFORE_RE = re.compile(r"(?i)\b(?:check|checked|checking|update|updates|up|news)[ \t]+on[ \t]+$")
_LIST_JOIN_RE = re.compile(r"[ \t]*(?:,|/|&|\band\b)[ \t]*|[ \t]*,[ \t]*(?:and|&)[ \t]+")


_PLUS_RE = re.compile(r"[ \t]*[+&][ \t]*")
_WITH_AFTER_RE = re.compile(r"[ \t]+w/[ \t]*\S")


def _joined_to_a_person(text: str, toks: list[Token], i: int) -> bool:
    """ "TM + piotr mccarthy", "Grzegorz Stone + RS": joined by a spaced "+" or "&" to a word that may be a
    name (capitalised, or no ordinary word: not "salt + MG"); "R&D", "AT&T" are glued, no spaces."""

    def name_like(k: int) -> bool:
        o = toks[k]
        return o.cap or o.upper or o.key not in COMMON_WORDS

    t = toks[i]
    after = _PLUS_RE.match(text, t.raw_end)
    spaced = after is not None and after.group() != after.group().strip()
    if spaced and i + 1 < len(toks) and toks[i + 1].start == after.end():
        return name_like(i + 1)
    if i > 0:
        before = text[toks[i - 1].raw_end : t.start]
        return _PLUS_RE.fullmatch(before) is not None and before != before.strip() and name_like(i - 1)
    return False


class Candidates(set):
    """The clients a mention could be, none of whom it certainly is: the finding keeps them as
    candidates even when there is only one (initials say too little to put an ID in the channel)."""

    __slots__ = ()


class Initials:
    """Mixin of :class:`redaction.names.NameFinder`: initials used as a client's name."""

    __slots__ = ()

    def _initials(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """Two or three capitals as one word ("MK", "ŁP", "G\u200bB" once folded), talked of as a person.
        A word or acronym in capitals ("TO", "FL", "CC") counts only right before a client's details
        ("FL dob ...", "TO new # ..."), and never the field's own terms (HIV, SSN, ROI ...)."""
        t = toks[i]
        if (
            not (t.upper and 2 <= len(t.text) <= 3)
            or t.key in _NEVER_INITIALS
            or self._shouting(toks, blocked)
        ):
            return None
        if len(t.text) == 3 and not self._known_initials(t.key):
            return None  # three capitals no client has are an acronym ("TCU", "AMA", "MRN"), not a person
        if t.key in ACRONYMS or t.key in COMMON_WORDS:
            if not self._known_initials(t.key) or not (
                _DETAILS_AFTER_RE.match(text, t.raw_end) or _joined_to_a_person(text, toks, i)
            ):
                return None  # ("MET", "AND", "RRH": words, whatever their case)
        elif (t.possessive and not self._known_initials(t.key)) or not self._initials_cued(text, toks, i):
            return None
        return t.start, t.end, Candidates(self.index.by_initials.get(t.key, ())), i + 1

    def _initials_last(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "JC Désir", "MK Ly": a client's initials right before their surname say who, whatever the
        initials would say alone."""
        t = toks[i]
        j = i + 1
        if not (t.upper and 2 <= len(t.text) <= 3) or j >= len(toks) or blocked[j]:
            return None
        if toks[j].upper or not self._adjacent(text, toks, i, j):
            return None
        ids = self.index.by_initials.get(t.key, set()) & self._last(toks[j].key)
        if not ids:
            return None
        k, ids = self._extend_last(text, toks, blocked, j, set(ids))
        return t.start, toks[k].end, ids, k + 1

    def _dotted_initials(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "L.N.", "J. R." at token ``i`` (a single capital letter followed by a full stop)."""
        t = toks[i]
        if len(t.text) != 1 or not t.text.isupper():
            return None
        m = _DOTTED_RE.match(text, t.start)
        if m is None:
            return None
        key = "".join(g for g in m.groups() if g).lower()
        if key in _DOTTED_NOT:
            return None
        j = i
        while j + 1 < len(toks) and toks[j + 1].start < m.end():
            j += 1
        if any(blocked[k] for k in range(i, j + 1)):
            return None
        return m.start(), m.end(), Candidates(self.index.by_initials.get(key, ())), j + 1

    def _known_initials(self, key: str) -> bool:
        return key in self.index.by_initials

    @staticmethod
    def _shouting(toks: list[Token], blocked: list[bool]) -> bool:
        """Most words of the message in capitals: initials cannot be told from the rest. (Words already
        redacted do not count; when too few words are left to tell, our own "Client 1455" marks count
        as capitals, for the names they replaced.)"""
        # (the field's own acronyms are capitals in any message: "MV needs ID" is not shouting)
        words = [
            t
            for t, b in zip(toks, blocked, strict=True)
            if len(t.text) > 1 and not b and not (t.upper and (t.key in _NEVER_INITIALS or t.key in ACRONYMS))
        ]
        upper = sum(t.upper for t in words)
        if len(words) < 2:
            marks = sum(1 for t, b in zip(toks, blocked, strict=True) if b and t.text == "Client")
            words_n, upper = len(words) + marks, upper + marks
        else:
            words_n = len(words)
        return words_n >= 2 and upper * 2 > words_n

    def _initials_cued(self, text: str, toks: list[Token], i: int) -> bool:
        t = toks[i]
        if i + 1 < len(toks) and toks[i + 1].start - t.raw_end <= 3:
            nxt = toks[i + 1].key
            if nxt in _AFTER or self._subject_of_verb(toks, i):
                return True
        gap = text[toks[i - 1].raw_end : t.start] if i > 0 else ""
        if i > 0 and len(gap) <= 3 and (toks[i - 1].key in _BEFORE or gap.strip() in ("+", "&")):
            return True
        if _NO_SHOW_AFTER_RE.match(text, t.raw_end):
            return True
        if _ON_BEFORE_RE.search(text, max(0, t.start - 16), t.start):
            return True
        if self._list_item(text, t):
            return True
        if self._known_initials(t.key) and (
            _ROW_START_RE.fullmatch(text, text.rfind("\n", 0, t.start) + 1, t.start)
            and _ROW_LABEL_END_RE.match(text, t.raw_end)
        ):
            return True  # a by-name list row: "MG - sheltered at Hope", "• JN: doc ready"
        if _joined_to_a_person(text, toks, i) or _WITH_AFTER_RE.match(text, t.raw_end):
            return True  # "TM + piotr mccarthy both ...", "RL w/ AIDS dx"
        if self._known_initials(t.key) and self._in_initials_list(text, toks, i):
            return True  # "JN, TL, MV all housed"
        after = text[t.raw_end : t.raw_end + 12].lstrip(" ,(:-–—")
        # details right after: a date, a phone or an SSN (not a lone digit: "AV 2", "PM 3")
        return bool(re.match(r"\d[\d/\-.]{2,}", after) or after[:3].lower() in ("dob", "ssn"))

    def _in_initials_list(self, text: str, toks: list[Token], i: int) -> bool:
        """Next to other clients' initials, joined by a comma, "and", "&" or "/" ("JN, TL, MV all housed"):
        every member of the list must be some client's initials, so "HUD, HMIS" stays what it is."""

        def initials_at(k: int) -> bool:
            o = toks[k]
            return o.upper and 2 <= len(o.text) <= 3 and self._known_initials(o.key)

        def joined(a: int, b: int) -> int | None:
            """The index of the next member after ``a`` in direction ``b - a``, if a joiner is between."""
            step = 1 if b > a else -1
            lo, hi = (a, b) if step > 0 else (b, a)
            if _LIST_JOIN_RE.fullmatch(text, toks[lo].raw_end, toks[hi].start):
                return b
            c = b + step
            if toks[b].key == "and" and 0 <= c < len(toks):
                lo, hi = (a, c) if step > 0 else (c, a)
                if _LIST_JOIN_RE.fullmatch(text, toks[lo].raw_end, toks[b].start) or text[
                    toks[lo].raw_end : toks[b].start
                ].strip(" \t") in ("", ","):
                    return c
            return None

        members = 1
        for step in (-1, 1):
            k = i
            while 0 <= k + step < len(toks):
                nxt = joined(k, k + step)
                if nxt is None:
                    break
                if not initials_at(nxt):
                    return False
                members += 1
                k = nxt
        return members >= 2
