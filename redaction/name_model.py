"""The learned name tagger: a linear-chain CRF (python-crfsuite) shipped as package data.

It is a backstop, not a detector of its own: the engine asks it only about words the rules left
alone, and only about names. The file is built by ``python -m bench.train_names`` from tune material
only.

It is ON by default: on the report corpora it raised recall everywhere (general 0.907 -> 0.925,
leaked messages 188 -> 154 per 1,000) with precision >= 0.954 and context kept >= 0.981 (README
"The name tagger"). ``CASEBOT_NAME_MODEL=off`` turns it off (to measure the rules alone);
``CASEBOT_NAME_MODEL=PATH`` uses another model file. A model that cannot be loaded is an error,
not a quiet engine with fewer findings.
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
    """The model ``CASEBOT_NAME_MODEL`` asks for (the shipped one unless it says otherwise), loaded once
    per process; None only when it says ``off``."""
    wanted = os.environ.get("CASEBOT_NAME_MODEL", "")
    if wanted.lower() in ("off", "0", "no", "false"):
        return None
    path = MODEL_PATH if wanted.lower() in ("", "on", "1", "yes", "true") else Path(wanted)
    if not path.is_file():
        raise RuntimeError(f"the name model {path} is missing (CASEBOT_NAME_MODEL)")
    return NameModel(path)
