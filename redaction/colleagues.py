"""Colleagues named in full stay readable: "To: Keisha Monroe", "Referred by: Derek Lindqvist".

A colleague's first name alone is a known word (``Redactor(known_words=...)``); their surname alone is
not, on purpose: a client's surname must still be hidden when a colleague shares it ("Garrido accepted
the unit"). But a colleague's whole name, written as the member list has it, is that colleague. Email
headers, forwarded messages and referrals are full of them, and hiding them makes the channel
unreadable and teaches people to ignore the bot. The exception, failing safe: a rostered client with
the same first name and surname is hidden all the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.findings import Finding
from redaction.normalize import fold
from redaction.roster import RosterIndex

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def first_names(names: Iterable[str]) -> frozenset[str]:
    """The first word of each name, two letters or more, folded: "Maria Santos" -> "maria"."""
    out: set[str] = set()
    for name in names:
        words = _WORD_RE.findall(str(name or ""))
        if words and len(words[0]) >= 2:
            out.add(fold(words[0]))
    return frozenset(out)


def full_name_keys(names: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Each name of two or more words (two letters or more each) as its folded words: "Keisha Monroe"
    -> ("keisha", "monroe"). One-word names are first names only, kept by the known words."""
    out: set[tuple[str, ...]] = set()
    for name in names:
        words = tuple(fold(w) for w in _WORD_RE.findall(str(name or "")))
        if len(words) >= 2 and all(len(w) >= 2 for w in words):
            out.add(words)
    return frozenset(out)


def without_colleagues(
    text: str, names: list[Finding], *, colleagues: frozenset[tuple[str, ...]], index: RosterIndex
) -> list[Finding]:
    """The name findings less those that are, whole, a colleague's full name and not also a rostered
    client's."""
    if not colleagues:
        return names
    return [f for f in names if not _a_colleague(text[f.start : f.end], colleagues, index)]


def _a_colleague(span: str, colleagues: frozenset[tuple[str, ...]], index: RosterIndex) -> bool:
    words = tuple(fold(w) for w in _WORD_RE.findall(span))
    if words not in colleagues:
        return False
    return not index.by_first.get(words[0], set()) & index.by_last.get(words[-1], set())


__all__ = ["first_names", "full_name_keys", "without_colleagues"]
