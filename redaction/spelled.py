"""Names spelled out letter by letter, as dictation and phone intake write them.

"Watchman, W A T C H M A N", "spelled R-A-G-H-U-N-A-T-H-A-N", "d e b r u m": the
name itself may be hidden, but the letters after it still spell it for anyone
reading. A run of four or more single letters (spaces, hyphens or full stops
between them) is a name when the words before it say it is spelled ("spelled",
"spelling", "that's", "as in"), or when the letters joined are a name this message
already names, a rostered client's name, or a name on the lists that is no
ordinary word. "U S A", "H I V" and "a b c" are too short or spell nothing.
"""

from __future__ import annotations

import re

from redaction.findings import Finding, PiiType
from redaction.lexicon import COMMON_WORDS, FIRST_NAMES, SURNAMES
from redaction.normalize import fold
from redaction.roster import RosterIndex

_RUN_RE = re.compile(r"(?<![\w'’-])[A-Za-z](?:(?:[ \t]*[-.][ \t]*|[ \t]+)[A-Za-z]){3,}\.?(?![\w'’-])")
_CUE_BEFORE_RE = re.compile(r"(?i)\b(?:spelled|spelt|spelling|spells|that['’]?s|as\s+in)\b[\s:,\-]*$")
_LETTER_RE = re.compile(r"[A-Za-z]")


def spelled_names(text: str, names: list[Finding], index: RosterIndex) -> list[Finding]:
    """NAME findings for the names spelled out letter by letter in ``text``."""
    if " " not in text and "-" not in text:
        return []
    out: list[Finding] = []
    named: set[str] | None = None
    for m in _RUN_RE.finditer(text):
        word = "".join(_LETTER_RE.findall(m.group())).lower()
        if _CUE_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()) is None:
            if named is None:
                named = {fold(w) for f in names for w in re.findall(r"[^\W\d_]+", text[f.start : f.end])}
            listed = (word in FIRST_NAMES or word in SURNAMES) and word not in COMMON_WORDS
            if not (word in named or word in index.by_last or word in index.by_first or listed):
                continue
        end = m.end() - (1 if m.group().endswith(".") else 0)
        out.append(Finding(m.start(), end, PiiType.NAME))
    return out
