"""Shape-based detectors: SSN here; phones and emails (``contacts``), dates, addresses.

Each returns ``(start, end, PiiType)`` spans over the text. Regexes are compiled
once at import. Where a shape is ambiguous (a date may be a meeting or a birth
date; four digits may be anything) the detector looks at nearby cue words rather
than guessing from the digits alone.
"""

from __future__ import annotations

import re

from redaction.addresses import find_addresses
from redaction.contacts import find_emails, find_phones
from redaction.dates import MONTHS, DateJudge, find_birth_months, find_dates, parse_date
from redaction.digit_runs import counted_runs
from redaction.findings import PiiType
from redaction.record_numbers import after_record_label

Span = tuple[int, int, PiiType]

# parse_date and DateJudge live in redaction.dates; callers outside the engine import them from here
__all__ = ["DateJudge", "find_patterns", "parse_date"]

_SEP = r"[\s.\-–—/]"

# --- SSN -------------------------------------------------------------------------------------------
SSN_RE = re.compile(
    r"(?<![\w\-–.+/])\d{3}(?:\s*[\-–—]{1,2}\s*|[\s./])?\d{2}(?:\s*[\-–—]{1,2}\s*|[\s./])?\d{4}(?![\w\-–]|[./]\d)"
    # an SSA claim number is the SSN with a letter after it: "402-88-6154B" (written with its dashes)
    r"|(?<![\w\-–.+/])\d{3}[\-–]\d{2}[\-–]\d{4}[A-Z]\d?(?![\w\-–])"
    # glued to its cue: "ssn-123456789"
    r"|(?<=(?i:ssn|soc)[\-–])\d{3}[\-–]?\d{2}[\-–]?\d{4}(?![\w\-–]|[./]\d)"
)
# Masked SSN that still shows the last four: XXX-XX-1234, ***-**-1234, dictated "ex ex ex, ex ex, 4433" (the
# last four said in words are digits by then: spoken_numbers.py).
SSN_MASKED_RE = re.compile(
    r"(?i)(?<!\w)(?:x{3}|\*{3}|#{3}|ex[\s,\-]+ex[\s,\-]+ex)[\s\-–.,]{0,2}(?:x{2}|\*{2}|#{2}|ex[\s,\-]+ex)[\s\-–.,]{0,2}"
    r"\d{4}(?!\d)"
    # the first five shown, the last four masked: "123-45-xxxx", "123-45-____"
    r"|(?<![\w\-–.+/])\d{3}[\-–\s]\d{2}[\-–\s](?:x{4}|\*{4}|#{4}|_{4})(?![\w*#])"
)
# "last 4 of her SSN is 1234", "SSN ending in 1234", "social: 1234".
SSN_PARTIAL_RE = re.compile(
    r"(?i)\b(?:ssn[\s\-]?4|ss4|l4(?:ssn|s)?|ssn|ss\#|(?:ss|soc)(?=\s+end)|s\.s\.n\.?|s\s?s\s?n|social(?:\s+security)?(?:\s+(?:number|no\.?|\#))?"
    r"|last[\s\-]*(?:4|four)(?:\s+(?:digits|numbers)(?!\s+(?:of\s+)?(?:(?:his|her|their|the|client'?s)\s+)?(?:ssn|social))"
    r"|\s+(?:digits\s+)?(?:of\s+)?(?:(?:his|her|their|the|client'?s)\s+)?"
    r"(?:ssn|social(?:\s+security)?|ss\#?))?"
    r"|seguro\s+social)"  # (Spanish: "su seguro social termina en 2963")
    r"(?:\s*\(\s*last[\s\-]*(?:4|four)(?:\s+digits)?\s*\))?"  # a form's "SSN (last 4): 8823"
    r"(?:\s*[:#=,\-]\s*|\s+)(?:(?:is|was|are|ending(?:\s+in)?|ends(?:\s+(?:in|with))?|termina(?:\s+en)?|=)"
    r"\s*[:#]?\s*)?"
    r"(?<!client )(\d{4})(?![\d\-–/]|\.\d)"
)

_DIGIT_RE = re.compile(r"\d")
# "the SSN on file ends in 9876": the last four after "ends in" with an SSN cue a few words before.
SSN_ENDING_RE = re.compile(
    r"(?i)\b(?:ending|ends|end)(?:\s+(?:in|with)|\s+w/)?\s*:?\s*(\d{4})(?![\d\-–/]|\.\d)"
)
# After an SSN cue, nine digits however they are grouped and spaced (redaction.digit_runs) — or seven
# to ten: a number misheard or mistyped by a digit is the SSN all the same (hidden: a leak cannot be undone).
_SSN_CUE_RE = re.compile(
    r"(?i)\b(?:s\.?s\.?\s*(?:number|no\b|num)|ssn|ss\s?\#|s\.?\s?s\.?\s?n\b|social|soc\.?\s+sec|last\s*(?:4|four)|itin"
    # a bare "ss" only with what says a number follows: "his ss is ...", "SS: ..."
    r"|s\.?s\b\.?(?=\s*(?::|=|is\b|was\b)))"
)
# After an SSN cue, the last four behind a mask of any length: "ssn x1234", "SSN ***1234", "ssn: ...1234".
SSN_MASK_LAST4_RE = re.compile(
    r"(?i)\b(?:ssn|ss\#|social|l4|last\s*(?:4|four))(?:\s+(?:on\s+file|is|was|reads))?\s*[:#]?\s*"
    r"((?:[x*•#]+|\.{2,}|…)\s?\d{4})(?![\d\-–/]|\.\d)"
)
_SPOKEN_AT_RE = re.compile(r"(?i)\sat\s|\[at\]|\(at\)|\{at\}")


# What may stand between an SSN cue and its digits: "SSN is", "the social on file reads", "his SS number
# as", "social security number of the client is", "SSN for Maria Lopez is" (whose it is, up to four words,
# then "is" or a colon).
_FILLER_WORDS = (
    r"security|sec|is|was|are|number|no\.?|nbr|num|of|it's|its|it\s+is|reads|read|as|on\s+file|card|listed|"
    r"given|should\s+be|would\s+be|be|the|his|her|their|client'?s?|this|that"
)
_CUE_TO_NUMBER_RE = re.compile(
    rf"(?i)[\s:#=\-,.]*(?:(?:(?:{_FILLER_WORDS})\b|for(?:\s+[\w'’.\-]+){{1,4}}?\s*(?:is\b|was\b|:))[\s:#=\-,.]*)*"
)


def _right_after_ssn_cue(text: str, start: int) -> bool:
    """An SSN cue with only filler between it and the digits ("SSN is 512 449 876"): loosely grouped
    digits are an SSN only then, not a phone number further on ("SSN ..., DOB ..., call 612-555-0143")."""
    cues = list(_SSN_CUE_RE.finditer(text, max(0, start - 60), start))
    if not cues:
        return False
    gap = _CUE_TO_NUMBER_RE.match(text, cues[-1].end())
    return gap is not None and gap.end() >= start


def _loose_ssn_spans(text: str) -> list[Span]:
    """Loosely grouped digit runs right after an SSN cue: seven to ten digits, or the first nine of a
    longer run (a date of birth read straight after it)."""
    return [
        (s, e, PiiType.SSN)
        for s, e in counted_runs(text, low=7, high=10, cut=9)
        if _right_after_ssn_cue(text, s)
    ]


_ZIP4_RE = re.compile(r"\d{5}-\d{4}")
_STATE_BEFORE_RE = re.compile(r"(?:\b[A-Z]{2}|(?i:\bzip(?:\s*code)?:?))[ \t]*,?[ \t]*$")


def _zip_plus_four(text: str, m: re.Match[str]) -> bool:
    """ "Cupertino, CA 95014-2083": nine digits split five and four after a state are a ZIP+4 (the address
    hides them), not an SSN."""
    return (
        bool(_ZIP4_RE.fullmatch(m.group()))
        and _STATE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()) is not None
    )


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


_MONTH_WORDS = frozenset(MONTHS)
_SSN_HINTS = ("ss", "s s", "s.s", "social", "soc", "last", "l4", "itin")  # (an ITIN is the SSN's stand-in)


def find_patterns(
    text: str, judge: DateJudge, *, lowered: str | None = None, words: frozenset[str] | set[str] | None = None
) -> list[Span]:
    """All shape-based spans (may overlap; the engine merges them).

    Each costly pattern runs only when a cheap substring test on the lower-cased text says it
    could match: most chat lines have no SSN cue, no month name, no address word.
    """
    spans: list[Span] = []
    low = lowered if lowered is not None else text.lower()
    spans.extend(find_emails(text, low))
    if "xx" in low or "**" in low or "##" in low or "ex ex" in low or "__" in low:
        spans.extend((m.start(), m.end(), PiiType.SSN) for m in SSN_MASKED_RE.finditer(text))
    if not _DIGIT_RE.search(text):
        spans.extend(find_birth_months(text, low))
        return spans
    spans.extend(find_phones(text, low))
    spans.extend(
        (m.start(), m.end(), PiiType.SSN)
        for m in SSN_RE.finditer(text)
        if not _zip_plus_four(text, m) and not after_record_label(text, m.start())
    )
    if _has(low, _SSN_HINTS):
        spans.extend((m.start(1), m.end(1), PiiType.SSN) for m in SSN_PARTIAL_RE.finditer(text))
        spans.extend(_loose_ssn_spans(text))
        spans.extend((m.start(1), m.end(1), PiiType.SSN) for m in SSN_MASK_LAST4_RE.finditer(text))
        for m in SSN_ENDING_RE.finditer(text):
            if _SSN_CUE_RE.search(text, max(0, m.start() - 50), m.start()):
                spans.append((m.start(1), m.end(1), PiiType.SSN))
    months = not _MONTH_WORDS.isdisjoint(words) if words is not None else True
    spans.extend(find_dates(text, judge, months=months, words=words))
    spans.extend(find_addresses(text, low, words))
    return spans
