"""User names made of a person's name: "mike_kowalczyk", "catherine_m", "j.nakamura88".

Forums, tickets and Slack exports show people by handle, and a handle built from a
given name and a surname (or its initial) names the person as surely as the name
written out. A handle with no name in it ("u/quietfern") is left alone.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType
from redaction.lexicon import COMMON_WORDS, FIRST_NAMES, SURNAMES

HANDLE_RE = re.compile(r"(?<![\w@./:])([a-z]{2,})[._]([a-z]+)(\d{0,4})(?![\w@]|\.[a-z])")


def find_handles(text: str) -> list[tuple[int, int, PiiType]]:
    """Handles whose parts are a listed given name and a surname or an initial."""
    if "_" not in text and "." not in text:
        return []
    out = []
    for m in HANDLE_RE.finditer(text):
        first, second = m.group(1), m.group(2)
        if first in COMMON_WORDS and first not in FIRST_NAMES:
            continue
        given_first = first in FIRST_NAMES and (second in SURNAMES or len(second) == 1)
        surname_first = len(first) == 1 and second in SURNAMES  # "j.nakamura"
        if (given_first or surname_first) and second not in ("com", "org", "net", "edu", "gov", "txt", "pdf"):
            out.append((m.start(), m.end(), PiiType.NAME))
    return out
