"""A plain copy of the message for matching, and the way back to the original's offsets.

Chat text can hide a name or a number from a matcher without hiding it from a
reader: a zero-width space between two letters ("Ma\u200bria"), a soft hyphen,
a Cyrillic "а" in a Latin word, fullwidth digits ("２０６"). Every detector
therefore runs on a *folded* copy: format characters removed, each character
NFKC-normalised, digits of any script made ASCII, hyphen look-alikes made "-",
combining marks after a Latin letter dropped, and Cyrillic/Greek/Armenian
look-alikes made Latin inside words that are written in Latin letters.

Findings are mapped back through :class:`Folded` so that they index the
ORIGINAL text and cover the invisible characters inside the span too: hiding
"Ma\u200bria" must hide all of it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Cyrillic, Greek and Armenian letters that look like Latin ones (Unicode's confusables, the ones
# seen in practice). Only applied inside a word that is Latin apart from them (see _fold_words).
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ɡ": "g", "ь": "b", "п": "n", "г": "r",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Һ": "H", "Ԛ": "Q", "Ԝ": "W",
    "Ӏ": "I", "Ԁ": "D", "Ү": "Y", "ү": "y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q", "Տ": "S", "Օ": "O",
    # Latin letters that read as others
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʏ": "y", "ᴀ": "A",
}  # fmt: skip
# Hyphen look-alikes NFKC leaves alone (en and em dashes stay: they separate words).
_HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-"}
_FOREIGN_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN")


@dataclass(frozen=True, slots=True)
class Folded:
    """The folded text and, for each of its characters, where it came from in the original.

    ``origin[k]`` is the original index of folded character ``k``; ``origin_end[k]`` the end of
    the original character(s) it came from (an NFKC expansion such as "ﬁ" gives two folded
    characters from one original one)."""

    text: str
    origin: tuple[int, ...]
    origin_end: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span behind folded ``[start, end)``."""
        return self.origin[start], self.origin_end[end - 1]

    def then(self, inner: Folded | None) -> Folded:
        """This fold followed by ``inner`` (a fold of this fold's text), as one fold of the original."""
        if inner is None:
            return self
        return Folded(
            inner.text,
            tuple(self.origin[k] for k in inner.origin),
            tuple(self.origin_end[k - 1] for k in inner.origin_end),
        )


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character as the matchers should see it ('' for an invisible one)."""
    cat = unicodedata.category(ch)
    if cat == "Cf":  # zero-width space/joiners, soft hyphen, word joiner, BOM, bidi controls, tags
        return ""
    if cat == "Nd":
        return str(unicodedata.digit(ch))
    if ch in _HYPHENS:
        return _HYPHENS[ch]
    out = unicodedata.normalize("NFKC", ch)
    if out != ch and any(unicodedata.category(c) == "Cf" for c in out):
        out = "".join(c for c in out if unicodedata.category(c) != "Cf")
    return out


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """'latin', 'foreign' (a script with Latin look-alikes) or '' (anything else)."""
    if ch.isascii():
        return "latin" if ch.isalpha() else ""
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith(_FOREIGN_SCRIPTS):
        return "foreign"
    return ""


def fold_text(text: str) -> Folded | None:
    """The folded copy of ``text``, or None when folding would change nothing (most messages)."""
    if text.isascii():
        return None
    changed = False
    chars: list[str] = []
    origin: list[int] = []
    origin_end: list[int] = []
    prev_latin = False
    for i, ch in enumerate(text):
        if ch.isascii():
            chars.append(ch)
            origin.append(i)
            origin_end.append(i + 1)
            prev_latin = ch.isalpha()
            continue
        # a combining mark on a Latin letter ("M̷a̷r̷i̷a̷") goes: the letter is what matters
        out = "" if prev_latin and unicodedata.category(ch) == "Mn" else _fold_char(ch)
        if out != ch:
            changed = True
        if not out and origin_end:
            origin_end[-1] = i + 1  # what a finding ending at the previous character hides, this goes with
        for c in out:
            chars.append(c)
            origin.append(i)
            origin_end.append(i + 1)
        if out:
            prev_latin = _script(out[-1]) == "latin"
    changed = _fold_words(chars) or changed
    if not changed:
        return None
    return Folded("".join(chars), tuple(origin), tuple(origin_end))


def _fold_words(chars: list[str]) -> bool:
    """Make look-alike letters Latin inside words that are otherwise Latin, or made only of look-alikes
    ("Mаria" with a Cyrillic а; "Норе" all Cyrillic). A word really written in Cyrillic or Greek has
    letters with no Latin look-alike, and is left as it is."""
    changed = False
    n = len(chars)
    i = 0
    while i < n:
        if not chars[i].isalpha():
            i += 1
            continue
        j = i
        latin = foreign = unmapped = 0
        while j < n and chars[j].isalpha():
            kind = _script(chars[j])
            if kind == "latin":
                latin += 1
            elif kind == "foreign":
                foreign += 1
                if chars[j] not in _CONFUSABLES:
                    unmapped += 1
            j += 1
        if foreign and not unmapped and (latin or foreign == j - i):
            for k in range(i, j):
                c = _CONFUSABLES.get(chars[k])
                if c is not None:
                    chars[k] = c
            changed = True
        elif foreign and latin and unmapped <= foreign // 3 and latin >= foreign:
            # mostly Latin with a stray letter we have no look-alike for: still fold the ones we know
            for k in range(i, j):
                c = _CONFUSABLES.get(chars[k])
                if c is not None:
                    chars[k] = c
                    changed = True
        i = j
    return changed
