"""The learned name tagger: a linear-chain CRF (python-crfsuite) shipped as package data.

It is a backstop, not a detector of its own: the engine asks it only about words the rules left
alone, and only about names. The file is built by ``python -m bench.train_names`` from tune material
only.

It is OFF by default: measured on the report corpora it raised recall but took precision below the
0.95 target (README "The name tagger (not in use)"). ``CASEBOT_NAME_MODEL=on`` (the shipped file) or
``CASEBOT_NAME_MODEL=PATH`` switches it on, so the benchmark can measure the engine with it; a
missing file or a missing ``pycrfsuite`` leaves the engine without it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from redaction.name_features import sequence_features, word_features
from redaction.normalize import Token

MODEL_PATH = Path(__file__).resolve().parent / "data" / "names.crfsuite"
# Chosen on tune data (bench/quality.py on the tune corpora, README "The name tagger").
DEFAULT_THRESHOLD = 0.65


class NameModel:
    """Marginal probability that each token is (part of) a name."""

    __slots__ = ("_tagger", "_words", "known")

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        # the features the model has a weight for: the others change nothing, yet cost time to pass
        self.known = frozenset(attr for attr, _label in self._tagger.info().state_features)
        self._words: dict[tuple[str, str, bool], tuple[tuple[str, ...], ...]] = {}

    def word_features(self, text: str, key: str, possessive: bool) -> tuple[tuple[str, ...], ...]:
        """``name_features.word_features`` less what the model does not know, cached per word."""
        k = (text, key, possessive)
        got = self._words.get(k)
        if got is None:
            if len(self._words) > 65536:  # bounded: a long-running bot sees endless new words
                self._words.clear()
            known = self.known
            got = tuple(tuple(f for f in part if f in known) for part in word_features(text, key, possessive))
            self._words[k] = got
        return got

    def features(self, text: str, toks: list[Token], masked: list[bool], lo: int, hi: int) -> list[list[str]]:
        return sequence_features(text, toks, masked, lo, hi, words=self.word_features, keep=self.known)

    def probabilities(self, xseq: list[list[str]], positions: list[int] | None = None) -> list[float]:
        return name_probabilities(self._tagger, xseq, positions)


def name_probabilities(tagger, xseq: list[list[str]], positions: list[int] | None = None) -> list[float]:
    """P(not O) at each of ``positions`` (default: every token): the tagger's marginals, not its single
    best path, so that a threshold on them trades recall for precision, which the best path cannot."""
    tagger.set(xseq)
    marginal = tagger.marginal
    at = range(len(xseq)) if positions is None else positions
    return [1.0 - marginal("O", i) for i in at]


@cache
def default_model() -> NameModel | None:
    """The model ``CASEBOT_NAME_MODEL`` asks for, loaded once per process; None when it is not asked
    for or cannot be used."""
    wanted = os.environ.get("CASEBOT_NAME_MODEL", "")
    if wanted.lower() in ("", "off", "0", "no"):
        return None
    path = MODEL_PATH if wanted.lower() in ("on", "1", "yes") else Path(wanted)
    if not path.is_file():
        return None
    try:
        return NameModel(path)
    except ImportError:
        return None
