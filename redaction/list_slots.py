"""A list whose lines put a person in the same place: the word in that place is a person on every line.

Bed boards, by-name-list changes and check-lists name one person a line, after the same opening:

    bed 14 Tiny (hold til 12/8)          - Lulu É. — still at cousin's
    bed 15 L. Pierce                     - Tintin — eviction notice 14 day
    bed 18 D-Free                        - Jun — VA CLC bed opened

Once the rules have found names at the head of two of the lines, and of at least half of them, the
reader knows the list is a list of people, and so "D-Free", "Tintin" and "Heaven" (a word no list
calls a name) are people too. The head is the first word after the line's opening (a bullet, a tick
box, a number, "bed 14", "rm 4"), or the first word of a line that leads with dots to its value
("Mo ....... ***-**-3046"). What a list puts there that is not a person stays: "bed 16 open",
"- Total: 3", a weekday, an agency, an acronym. A head that no rule found is hidden without a
client ID unless one client alone has that name.
"""

from __future__ import annotations

import re

from redaction.findings import Finding, PiiType
from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    ENGLISH_WORDS,
    KIN_WORDS,
    ORG_WORDS,
    STOP_WORDS,
    TITLES,
    WEEKDAYS_MONTHS,
)
from redaction.name_words import FUNCTION_WORDS, NEVER_NAME
from redaction.normalize import Token, covered
from redaction.person_context import ITEM_END_RE
from redaction.roster import RosterIndex

# A line's opening: bullets and tick boxes, a number ("1.", "12"), a bed, room or unit and its number.
_OPENING_RE = re.compile(
    r"[ \t]*(?:[-+~*•◦▪✔✘✓✗☐☑☒>]+[ \t]*|\d{1,3}[.)]?[ \t]+|\[[ xX]\][ \t]*)?"
    r"(?:(?i:bed|rm|room|bunk|cot|mat|unit)[ \t]*\#?\d{1,4}[A-Za-z]?[ \t]*(?:→|->|-|–|—|:|=)?[ \t]*"
    r"|\d{1,3}[ \t]+)?"
)
_LEADER_RE = re.compile(r"[ \t]*\.{3,}")
# What a list line puts at its head that is no one: a bed's or an item's state, a total, a header.
_NOT_A_PERSON = frozenset(
    """open empty vacant available tbd none reserved hold held blocked closed free unknown total totals
    note notes new other staff intake pending maintenance cleaning dirty unassigned waitlist overflow
    yes no na update updates reminder next tonight today tomorrow housed exited""".split()
)
_PAST_AFTER_RE = re.compile(r"[ \t]+[a-z]+ed\b")
_NO_DAY_AFTER_RE = re.compile(r"[ \t]*(?![\d:])")
_MIN_NAMED = 2


def _head(text: str, toks: list[Token], start: int, end: int, k: int) -> int | None:
    """The index of the token at the head of the line ``text[start:end]`` (``k``: its first token)."""
    opening = _OPENING_RE.match(text, start, end)
    if opening is not None and opening.end() > start:
        while k < len(toks) and toks[k].start < opening.end():
            k += 1
        return k if k < len(toks) and toks[k].start == opening.end() else None
    if k >= len(toks) or toks[k].start >= end or text[start : toks[k].start].strip():
        return None
    stop = toks[k + 1].start if k + 1 < len(toks) and toks[k + 1].start < end else end
    return k if _LEADER_RE.match(text, toks[k].raw_end, stop) else None


def _a_person_there(text: str, t: Token, *, rostered: bool) -> bool:
    key = t.key
    if len(key) < 2 or key in _NOT_A_PERSON or key in FUNCTION_WORDS or key in STOP_WORDS:
        return False
    if key in WEEKDAYS_MONTHS and not (rostered and _NO_DAY_AFTER_RE.match(text, t.raw_end)):
        return False  # "- Jun — VA bed opened" is client Jun, "- Jun 12: PIT count" a date
    if key in ACRONYMS or key in TITLES or key in ORG_WORDS or key in NEVER_NAME:
        return False
    if key in KIN_WORDS:
        return False
    if t.cap and key in COMMON_WORDS:  # "- Heaven removed", "14 Major (vet bed)"; not "- Grant report: ...",
        return text[t.raw_end : t.raw_end + 1] != ":" and (  # "- Update: ..."
            ITEM_END_RE.match(text, t.raw_end) is not None
            or _PAST_AFTER_RE.match(text, t.raw_end) is not None
            or _LEADER_RE.match(text, t.raw_end) is not None
        )
    if t.cap:
        return True
    return t.lower and key not in COMMON_WORDS and key not in ENGLISH_WORDS


def list_slot_names(
    text: str, toks: list[Token], findings: list[Finding], index: RosterIndex
) -> list[Finding]:
    """NAME findings for the heads of a list's lines, when the rules found names at the head of others."""
    heads: list[int] = []
    k = 0
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while k < len(toks) and toks[k].start < start:
            k += 1
        h = _head(text, toks, start, end, k)
        if h is not None:
            heads.append(h)
        start = end + 1
    if len(heads) <= _MIN_NAMED:
        return []
    names = [(f.start, f.end) for f in findings if f.type is PiiType.NAME]
    named_heads = covered([toks[h] for h in heads], names)
    named = sum(named_heads)
    if named < _MIN_NAMED or 2 * named < len(heads):
        return []
    taken = covered([toks[h] for h in heads], ((f.start, f.end) for f in findings))
    out = []
    for h, was_taken in zip(heads, taken, strict=True):
        t = toks[h]
        if was_taken:
            continue
        ids = set().union(*(by.get(t.key, ()) for by in (index.by_first, index.by_nick, index.by_last)))
        if not _a_person_there(text, t, rostered=bool(ids)):
            continue
        if len(ids) == 1:
            out.append(Finding(t.start, t.end, PiiType.NAME, client_id=next(iter(ids))))
        elif ids:
            out.append(Finding(t.start, t.end, PiiType.NAME, candidates=tuple(sorted(ids))))
        else:
            out.append(Finding(t.start, t.end, PiiType.NAME))
    return out
