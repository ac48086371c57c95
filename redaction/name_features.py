"""Features for the learned name tagger: cheap, per word, cached.

The rules know names from lists and from the grammar of a few cues. The tagger sees the same signals
at once (the word's shape, its ending, which lists it is on, its neighbours and the punctuation
between them) and weighs them as its training data did, so a name no list has, written where names
are written, still looks like one.

Training (``bench/train_names.py``) and the engine call the same ``sequence_features``, so what the
model learned is what it is asked.

Word identity is a feature only for frequent words: "met", "with", "will" say something about their
neighbour in any text, while a rare word's identity (a name in the training data) would only teach the
model the names it was trained on.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import lru_cache

from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    ENGLISH_WORDS,
    FIRST_NAMES,
    KIN_WORDS,
    LANGUAGES,
    ORG_WORDS,
    STOP_WORDS,
    SURNAMES,
    TITLES,
    WEEKDAYS_MONTHS,
    is_unknown_word,
)
from redaction.name_words import CUE_AFTER, CUE_BEFORE
from redaction.normalize import Token
from redaction.verbs import is_finite_verb

# What a token inside a detected email, address, date ... looks like to the tagger: its letters are
# never a name finding, but that PII sits next to a word is itself a sign of a person.
PII_ITEM: tuple[str, ...] = ("pii",)

_OFFSETS = (-2, -1, 1, 2)


def _shape(word: str) -> str:
    """ "Xx", "x", "X", "Xx-Xx", "x'Xx": case classes with runs squeezed."""
    out: list[str] = []
    for c in word:
        s = "X" if c.isupper() else "x" if c.isalpha() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out[:6])


def _lists(key: str) -> list[str]:
    out = []
    if key in FIRST_NAMES:
        out.append("first")
    if key in SURNAMES:
        out.append("sur")
    if key in ENGLISH_WORDS:
        out.append("eng")
    if key in COMMON_WORDS:
        out.append("common")
    if key in STOP_WORDS:
        out.append("stop")
    if is_unknown_word(key):
        out.append("unknown")
    if key in ACRONYMS:
        out.append("acro")
    if key in TITLES:
        out.append("title")
    if key in KIN_WORDS:
        out.append("kin")
    if key in WEEKDAYS_MONTHS:
        out.append("cal")
    if key in ORG_WORDS:
        out.append("org")
    if key in LANGUAGES:
        out.append("lang")
    if key in CUE_BEFORE:
        out.append("cueb")
    if key in CUE_AFTER:
        out.append("cuea")
    if is_finite_verb(key):
        out.append("fverb")
    return out


@lru_cache(maxsize=65536)  # bounded: a long-running bot sees endless new words
def word_features(text: str, key: str, possessive: bool) -> tuple[tuple[str, ...], ...]:
    """The word's own features, then the same word described as the neighbour at -2, -1, +1, +2."""
    shape = _shape(text)
    frequent = key in COMMON_WORDS or key in STOP_WORDS
    lists = _lists(key)
    own = [
        "b",
        "s=" + shape,
        "len=" + str(min(len(key), 7)),
        "p2=" + key[:2],
        "p3=" + key[:3],
        "x2=" + key[-2:],
        "x3=" + key[-3:],
        *("l=" + x for x in lists),
    ]
    if frequent:
        own.append("w=" + key)
    if possessive:
        own.append("poss")
    near = ["w=" + key if frequent else "rare", "s=" + shape, *("l=" + x for x in lists)]
    if possessive:
        near.append("poss")
    return (tuple(own), *(tuple(f"{o}:{f}" for f in near) for o in _OFFSETS))


def _gap_class(gap: str) -> str:
    """The characters between two words, reduced: " ", "nl", ", ", "9" (a number between), ":" ..."""
    stripped = "".join(c for c in gap if not c.isspace())
    nl = "nl" if "\n" in gap else ""
    if not stripped:
        return nl or "sp"
    squeezed: list[str] = []
    for c in stripped:
        s = "9" if c.isdigit() else c
        if not squeezed or squeezed[-1] != s:
            squeezed.append(s)
    return nl + "".join(squeezed[:4])


WordFeatures = Callable[[str, str, bool], tuple[tuple[str, ...], ...]]


def sequence_features(
    text: str,
    toks: list[Token],
    masked: list[bool],
    lo: int = 0,
    hi: int | None = None,
    *,
    words: WordFeatures = word_features,
    keep: Container[str] | None = None,
) -> list[list[str]]:
    """Features of tokens ``lo``..``hi`` (neighbours outside that window still count as context).

    ``masked`` tokens (inside other PII) are shown as ``PII_ITEM`` to themselves and their neighbours.
    ``words`` and ``keep`` let a model pass only the features it has weights for (see
    ``NameModel``): the tagger ignores the others, and passing strings to it is most of its cost.
    """
    n = len(toks)
    hi = n if hi is None else hi
    cached = [
        None if masked[j] else words(toks[j].text, toks[j].key, toks[j].possessive)
        for j in range(max(0, lo - 2), min(n, hi + 2))
    ]
    base = max(0, lo - 2)
    out: list[list[str]] = []
    for i in range(lo, hi):
        own = cached[i - base]
        if own is None:
            out.append(list(PII_ITEM))
            continue
        t = toks[i]
        feats = list(own[0])
        before = text[toks[i - 1].raw_end : t.start] if i > 0 else text[: t.start]
        after = text[t.raw_end : toks[i + 1].start] if i + 1 < n else text[t.raw_end :]
        context = [
            "gp=" + (_gap_class(before) if i > 0 or before.strip() else "bos"),
            "gn=" + (_gap_class(after) if i + 1 < n or after.strip() else "eos"),
        ]
        for slot, o in enumerate(_OFFSETS, start=1):
            j = i + o
            if j < 0:
                context.append(f"{o}:bos")
            elif j >= n:
                context.append(f"{o}:eos")
            else:
                nb = cached[j - base]
                if nb is None:
                    context.append(f"{o}:pii")
                else:
                    feats.extend(nb[slot])
        feats.extend(context if keep is None else (f for f in context if f in keep))
        out.append(feats)
    return out
