"""Text normalisation and tokenisation shared by every detector.

Names are compared after casefolding and stripping diacritics ("José" == "jose",
"MUÑOZ" == "munoz") and with curly apostrophes made straight, because chat
writes the same person every way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# A word: letters, optionally joined by an apostrophe or hyphen (O'Brien, Guerrero-Bustos, Lowe's).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPLIT_RE = re.compile(r"[\s\-]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefold, strip diacritics, straighten apostrophes: the key every lookup uses."""
    text = text.replace("’", "'").casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_parts(name: str | None) -> tuple[str, ...]:
    """Folded tokens of a roster name: each hyphen/space part, plus the hyphenated whole."""
    if not name:
        return ()
    folded = fold(name.strip())
    parts = [p.strip(".'") for p in _SPLIT_RE.split(folded)]
    out = [p for p in parts if p]
    if "-" in folded and " " not in folded:
        out.append(folded)
    return tuple(dict.fromkeys(out))


@dataclass(slots=True)
class Token:
    """A word of the message. ``end`` excludes a possessive 's so the name span is just the name."""

    start: int
    end: int
    raw_end: int  # end of the word as written, including a possessive 's
    text: str
    key: str  # folded, possessive stripped
    cap: bool  # starts with an upper-case letter
    upper: bool  # all upper-case, 2+ letters
    lower: bool  # all lower-case
    possessive: bool


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for m in WORD_RE.finditer(text):
        word = m.group()
        start = m.start()
        raw_end = end = m.end()
        possessive = False
        if len(word) > 2 and word[-1] in "sS" and word[-2] in "'’":
            word = word[:-2]
            end -= 2
            possessive = True
        lower = word.lower()
        append(
            Token(
                start,
                end,
                raw_end,
                word,
                lower if word.isascii() else fold(word),
                word[0].isupper(),
                len(word) > 1 and word.isupper(),
                word == lower,
                possessive,
            )
        )
    return tokens


def covered(toks: list[Token], spans: Iterable[tuple[int, int]]) -> list[bool]:
    """For each token, whether it overlaps one of ``spans`` (one pass: both are walked in order)."""
    ordered = sorted(spans)
    out = [False] * len(toks)
    if not ordered:
        return out
    k = 0
    for i, t in enumerate(toks):
        while k < len(ordered) and ordered[k][1] <= t.start:
            k += 1
        out[i] = k < len(ordered) and ordered[k][0] < t.end
    return out
