"""Digits however a person groups and spaces them, for the detectors that run after a cue.

Right after "SSN" or "phone", people type and dictate numbers every way: "512 449 876",
"5 1 2. 4 4. 9 8 7 6", "612 dash 555 dash 0143", "763, , 096, , 1528" (a pause typed by voice
software), "218 - 744 - 7375". The exact-shape patterns miss most of these; what identifies the
number is the cue before it and how many digits it has, not where the gaps fall.
"""

from __future__ import annotations

import re

# A gap inside one number: spaces, punctuation (a comma, full stop, dash or ellipsis, possibly
# several), or a dash said as a word.
_LOOSE_SEP = r"(?:[ \t]*(?:[,.\-–—…][ \t]*)+|[ \t]+(?:dash|hyphen)[ \t]+|[ \t]+)"
LOOSE_RUN_RE = re.compile(rf"(?<![\w\-–.+/])\d(?:{_LOOSE_SEP}?\d)*(?![\w\-–]|[./]\d)")
_GROUP_RE = re.compile(r"\d+")


def counted_runs(text: str, *, low: int, high: int, cut: int) -> list[tuple[int, int]]:
    """Spans of loosely grouped digit runs with ``low`` to ``high`` digits; a longer run (a date read
    straight after the number) gives its first groups, up to the ``cut``-th digit when a group ends
    there, or else the most of its first groups that still make ``low`` to ``cut`` digits ("SSN
    1234567 123456789": the seven, as a second look at the text would find them once the nine are
    hidden)."""
    spans: list[tuple[int, int]] = []
    for m in LOOSE_RUN_RE.finditer(text):
        groups = list(_GROUP_RE.finditer(text, m.start(), m.end()))
        n = sum(len(g.group()) for g in groups)
        if low <= n <= high:
            spans.append((m.start(), m.end()))
            continue
        # the leading groups, then the same again on the groups left after them: what is left once the
        # first number is hidden is read by a second look as a run of its own ("0000000000 0 00000000")
        k = 0
        while k < len(groups):
            rest = groups[k:]
            total = sum(len(g.group()) for g in rest)
            if low <= total <= high:
                spans.append((rest[0].start(), rest[-1].end()))
                break
            seen, best = 0, None
            for j, g in enumerate(rest):
                seen += len(g.group())
                if seen > cut:
                    break
                if seen >= low:
                    best = j
            if best is None:
                break
            spans.append((rest[0].start(), rest[best].end()))
            k += best + 1
    return spans
