"""Names of de-identified clients: still hidden in chat, never linked back to anyone.

After ``casebot clients anonymize`` the roster holds "Anonymous" where the person's name was, so
on its own the redactor would let their surname alone, a rare first name or "Last, First" through:
the wrong outcome for someone who asked to disappear from the records because they are fleeing
violence. casebot therefore keeps keyed digests of the old name's forms, under a key of their own,
in a table tied to no record (no client ID, no date). This module turns a name into those forms
and finds them in a message: a word or a pair of words whose digest is kept is hidden as
``[redacted]``, never with a client ID, so a channel learns nothing about who it was.

The trace this keeps: someone holding casebot's keys can test a guessed name ("was Ana Ruiz ever a
client here?") against the digests. Nobody without the keys can, and nobody with them can list
the names. Forms:

* ``2:first|last`` and ``2:last|first`` ("Ana Ruiz", "Ruiz, Ana"), for each part of a
  multi-part name, and the middle name with the surname;
* ``1:surname`` for a surname part that is not an English word, ``1c:surname`` for one that is
  (hidden only when written with a capital: "Brown" but not "a brown bag");
* ``1:first`` for a first name that is neither a common first name nor an English word (a rare
  name identifies; "Maria" alone does not, and hiding every Maria would hide colleagues too).
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

from redaction.findings import Finding, PiiType
from redaction.lexicon import ENGLISH_WORDS, FIRST_NAMES, STOP_WORDS
from redaction.normalize import Token, name_parts

DIGEST_BYTES = 16


def _word_parts(name: str | None) -> list[str]:
    """The folded single words of a name part (a hyphenated whole is matched word by word)."""
    return [p for p in name_parts(name) if "-" not in p and " " not in p and len(p) >= 2]


def name_forms(*, first: str | None, middle: str | None, last: str | None) -> set[str]:
    """Every form of one person's name that is kept (as a digest) once they are de-identified."""
    firsts, middles, lasts = _word_parts(first), _word_parts(middle), _word_parts(last)
    forms: set[str] = set()
    for given in (*firsts, *middles):
        for surname in lasts:
            forms.add(f"2:{given}|{surname}")
            forms.add(f"2:{surname}|{given}")
    for a, b in itertools.pairwise(lasts):  # "Hernandez Ortiz"
        forms.add(f"2:{a}|{b}")
    for surname in lasts:
        if surname in STOP_WORDS:
            continue
        forms.add(f"1c:{surname}" if surname in ENGLISH_WORDS else f"1:{surname}")
    for given in firsts:
        if given not in FIRST_NAMES and given not in ENGLISH_WORDS and given not in STOP_WORDS:
            forms.add(f"1:{given}")
    return forms


def digest(key: bytes, form: str) -> bytes:
    return hashlib.blake2b(form.encode(), key=key, digest_size=DIGEST_BYTES).digest()


@dataclass(frozen=True, slots=True)
class ForgottenNames:
    """The kept digests and the key that made them; empty means nothing to look for."""

    key: bytes
    digests: frozenset[bytes]

    def __repr__(self) -> str:
        return f"ForgottenNames({len(self.digests)} digests)"

    def find(self, text: str, toks: list[Token]) -> list[Finding]:
        """NAME findings (no client ID) for the kept forms among ``toks``. One that overlaps another
        finding is merged with it by the engine ("Brown, Dalia" where "Dalia" was found already)."""
        if not self.digests:
            return []
        out: list[Finding] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and self._pair(text, t, nxt):
                out.append(Finding(t.start, nxt.end, PiiType.NAME))
                i += 2
                continue
            if self._single(t):
                out.append(Finding(t.start, t.end, PiiType.NAME))
            i += 1
        return out

    def _single(self, t: Token) -> bool:
        key = t.key
        if len(key) < 2 or not key.isalpha() or key in STOP_WORDS:
            return False
        if key in ENGLISH_WORDS:
            return t.cap and digest(self.key, f"1c:{key}") in self.digests
        return digest(self.key, f"1:{key}") in self.digests

    def _pair(self, text: str, a: Token, b: Token) -> bool:
        if not (a.key.isalpha() and b.key.isalpha()) or text[a.raw_end : b.start].strip(" ,") != "":
            return False
        return digest(self.key, f"2:{a.key}|{b.key}") in self.digests


NO_FORGOTTEN_NAMES = ForgottenNames(key=b"", digests=frozenset())
