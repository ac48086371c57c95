"""Chat that switches to Spanish: its words are not names.

A Spanish clause inside English chat ("lo confirmé con su acta", "dice que ya tiene trabajo pero") is, to
lists made for English, a run of unknown words and of surnames ("Con", "Pero", "Del"), and each reads as a
name. Once a message has Spanish-only words in it (two at least), a finding made only of lower-case
frequent Spanish words, with no client behind it, is dropped: the roster still finds a client written in
lower case, and a name written with a capital is left to the other rules.
"""

from __future__ import annotations

from redaction.findings import Finding, PiiType
from redaction.lexicon import SPANISH_FUNCTION_WORDS, SPANISH_WORDS
from redaction.normalize import Token

SPANISH = SPANISH_WORDS | SPANISH_FUNCTION_WORDS


def is_spanish(toks: list[Token]) -> bool:
    seen = 0
    for t in toks:
        if t.key in SPANISH_WORDS and t.lower:
            seen += 1
            if seen == 2:
                return True
    return False


def _spanish_word(t: Token) -> bool:
    return t.lower and t.key in SPANISH


def not_spanish_words(toks: list[Token], names: list[Finding]) -> list[Finding]:
    """``names`` without the findings that are only lower-case Spanish words, in a Spanish message."""
    if not names or not is_spanish(toks):
        return names
    out = []
    for f in names:
        inside = [t for t in toks if f.start <= t.start and t.end <= f.end]
        unclaimed = f.type is PiiType.NAME and f.client_id is None and not f.candidates
        if not (unclaimed and inside and all(_spanish_word(t) for t in inside)):
            out.append(f)
    return out
