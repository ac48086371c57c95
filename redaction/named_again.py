"""A person named once in a message and again by one of their names alone, later in the same message.

Case notes and long messages name someone in full and then go on with the first name: "a call from
Denise Whitfield, mother of Hope Whitfield ... Hope and the two children are staying with her",
"Tevita came in with his partner Mele Taufa ... Mele is working at the airport". Alone, "Hope" is a
word and "Mele" an unknown one; after the full name, the reader knows who is meant, and so must
casebot. Two cases:

* a rostered client found with an ID: the message is, from then on, a conversation about that client
  (as if they had been named earlier in the thread), so their first name and nicknames need the
  evidence a thread needs (:func:`clients_named_again`, the engine's second look);
* a name found without an ID (an unrostered person): each of its words that no list calls ordinary
  is that person wherever it is written again with the same capital (:func:`words_named_again`).
"""

from __future__ import annotations

from redaction.findings import Finding, PiiType
from redaction.lexicon import COMMON_WORDS, STOP_WORDS
from redaction.normalize import Token, covered
from redaction.roster import RosterIndex


def _uncovered(toks: list[Token], findings: tuple[Finding, ...] | list[Finding]) -> list[Token]:
    hidden = covered(toks, ((f.start, f.end) for f in findings))
    return [t for t, h in zip(toks, hidden, strict=True) if not h]


def clients_named_again(
    toks: list[Token], findings: tuple[Finding, ...], index: RosterIndex, *, already: frozenset[str]
) -> set[str]:
    """Clients found with an ID who are not yet in the conversation and one of whose first names or
    nicknames is written again, outside every finding or found as one of several clients' names: a
    second look with them in the conversation may find it, or tell whose it is."""
    named = {f.client_id for f in findings if f.type is PiiType.NAME and f.client_id} - already
    if not named:
        return set()
    again: set[str] = set()
    for f in findings:  # "Maria" found, but shared by several clients: the one named here is meant
        if f.candidates and f.client_id is None:
            again |= named.intersection(f.candidates)
    by_first, by_nick = index.by_first, index.by_nick
    theirs = [t for t in toks if t.key in by_first or t.key in by_nick]  # (few: looked up before covered)
    for t in _uncovered(theirs, findings):
        again |= named & (by_first.get(t.key, set()) | by_nick.get(t.key, set()))
    return again


def words_named_again(text: str, toks: list[Token], findings: list[Finding]) -> list[Finding]:
    """NAME findings for the words of a name found without an ID, written again with a capital."""
    unclaimed = [
        (f.start, f.end)
        for f in findings
        if f.type is PiiType.NAME and f.client_id is None and not f.candidates
    ]
    if not unclaimed:
        return []
    words: dict[str, set[str]] = {}
    for t, inside in zip(toks, covered(toks, unclaimed), strict=True):
        if inside and _distinctive(t):
            words.setdefault(t.key, set()).add(text[t.start : t.end])
    if not words:
        return []
    return [
        Finding(t.start, t.end, PiiType.NAME)
        for t in _uncovered(toks, findings)
        if t.key in words and text[t.start : t.end] in words[t.key]
    ]


def _distinctive(t: Token) -> bool:
    return t.cap and len(t.key) >= 3 and t.key not in COMMON_WORDS and t.key not in STOP_WORDS
