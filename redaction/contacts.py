"""Phone numbers and email addresses, as written, as dictated, and from abroad.

An email address is always one finding over the whole address, however it is
written ("josé.garcía@correo.mx", "jdoe at gmail dot com", "p ramaswamy dot 93
at protonmail dot com"), so no name inside it gets a client ID of its own.

A phone number is a client's unless it is plainly an agency's: toll-free
numbers (1-800 and the like) and numbers said to be a hotline stay readable,
so the channel can still share where to call.
"""

from __future__ import annotations

import re

from redaction.digit_runs import counted_runs
from redaction.findings import PiiType
from redaction.lexicon import COMMON_WORDS, FIRST_NAMES, SURNAMES, is_unknown_word
from redaction.record_numbers import after_record_label

Span = tuple[int, int, PiiType]

# --- phone -----------------------------------------------------------------------------------------
# An extension, in digits or dictated: "x 204", "ext. 3", "extension four".
_DIGIT_WORD = r"(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b"
_EXTENSION = (
    r"(?:\s*,?\s*(?i:x|ext\.?|extension|ext\s*\#)\s*"
    rf"(?:\d{{1,6}}\b|{_DIGIT_WORD}(?:[ \t]+{_DIGIT_WORD}){{0,5}}))?"
)
# (a slash only in "612/555-0143"; "plus" as dictation says "+")
PHONE_RE = re.compile(
    r"(?<![\w+\-–./])(?:(?:(?i:plus)[ \t]+)?\+?1[\s.\-–]?)?"
    r"(?:\(\d{3}\)[ \t]?(?:[.\-–][ \t]?)?|\d{3}(?:[ \t]?[.\-–][ \t]?|\s|/(?=\d{3}[.\-–]\d{4}))?)"
    r"\d{3}(?:[ \t]?[.\-–][ \t]?|\s)?\d{4}(?![\w\-–]|[./]\d)" + _EXTENSION
)
PHONE_INTL_RE = re.compile(
    r"(?<![\w+])(?:\+|(?i:plus)[ \t]+)(?!1\b)\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}(?![\w\-])"
    r"(?:\s*,?\s*(?i:x|ext\.?|extension)\s*\d{1,6}\b)?"
)
# National formats outside North America start with a trunk 0: "010-5555-0134", "07700 900123",
# "020 7946 0958". Nine digits at least, so a date such as 01-02-2023 is not one.
PHONE_TRUNK_RE = re.compile(
    r"(?<![\w+\-–./])\(?0\d{1,4}\)?(?:[\s.\-]\d{2,8}){1,4}(?![\w\-–]|[./]\d)"
    r"(?:\s*,?\s*(?i:x|ext\.?|extension)\s*\d{1,6}\b)?"  # "01738 555 441 ext 207"
)
# A two-digit area code in brackets, as Brazil and others write it: "(21) 5555-0198", "(11) 98765-4321".
PHONE_AREA2_RE = re.compile(
    r"(?<![\w+(])\(\d{2}\)[ \t]?(?!(?:19|20)\d{2}[\s\-](?:19|20)\d{2}\b)"  # (not a span of years)
    r"\d{4,5}[\s\-]\d{4}(?![\w\-–]|[./]\d)"
)
PHONE_LOCAL_RE = re.compile(
    r"(?i)\b(?:phone|cell|mobile|call|text|txt|tel|number|ph|#)\s*(?:(?:him|her|me|them)\s+)?(?:is|at|:|#)?\s*"
    r"(?<![\w\-.])(\d{3}[\-–.]\d{4})(?![\w\-–]|[./]\d)"
)
_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})
_HOTLINE_RE = re.compile(
    r"(?i)\b(?:hotline|helpline|help\s+line|crisis\s+line|warmline|front\s+desk|main\s+line|main\s+office|"
    r"intake\s+line|call\s+center|switchboard|24/7)\b"
)
_PERSONAL_RE = re.compile(r"(?i)\b(?:his|her|their|client'?s?|cell|mobile|personal|home)\b")
_TRUNK_HINT_RE = re.compile(r"(?<![\d,.])0\d+[\s.\-]\d")
_PHONE_HINTS = tuple("phone cell mobile call text txt tel number ph # reach contact".split())


# After a phone cue, ten digits (eleven with a leading 1) however they are grouped and spaced
# ("61 25 55 01 43", "612 dash 555 dash 0143", "218 - 744 - 7375": redaction.digit_runs), or nine to
# eleven: a digit misheard or mistyped does not make the number less someone's.
_PHONE_CUE_RE = re.compile(
    r"(?i)\b(?:phone|telephone|cell|mobile|number|tel|call|text|reach|ph|contact|callback)\b|\#"
)


def find_phones(text: str, low: str) -> list[Span]:
    spans: list[Span] = []
    cued = any(w in low for w in _PHONE_HINTS)
    for start, end in counted_runs(text, low=9, high=11, cut=10) if cued else ():
        if _PHONE_CUE_RE.search(text, max(0, start - 30), start) and not _agency_number(text, start, end):
            spans.append((start, end, PiiType.PHONE))
    for regex in (PHONE_RE, PHONE_INTL_RE):
        for m in regex.finditer(text):
            if not _agency_number(text, m.start(), m.end()):
                spans.append((m.start(), m.end(), PiiType.PHONE))
    if _TRUNK_HINT_RE.search(text):
        for m in PHONE_TRUNK_RE.finditer(text):
            end = _trunk_end(m.group())
            if end is not None and not _agency_number(text, m.start(), m.start() + end):
                spans.append((m.start(), m.start() + end, PiiType.PHONE))
    if "(" in text:
        spans.extend((m.start(), m.end(), PiiType.PHONE) for m in PHONE_AREA2_RE.finditer(text))
    if cued:
        spans.extend((m.start(1), m.end(1), PiiType.PHONE) for m in PHONE_LOCAL_RE.finditer(text))
    return spans


_GROUP_END_RE = re.compile(r"\d(?=[\s.\-]\d|$)")


def _trunk_end(number: str) -> int | None:
    """Where a national number ends: the whole match if it has 9 to 12 digits (14 dialled abroad with
    00: "0044 20 7946 0961"), else the longest run of its leading groups that has; None if no run does.
    (A run of groups too long to be one number is still a number and another after it: "00 0000000
    206-555-0143" is read the same way before and after the second number is redacted.)"""
    plain = number.split("x")[0].split("e")[0]  # (the extension's digits do not count)
    longest = 14 if plain.lstrip("(").startswith("00") else 12
    if 9 <= sum(c.isdigit() for c in plain) <= longest:
        return len(number)
    for m in reversed(list(_GROUP_END_RE.finditer(plain))):
        if 9 <= sum(c.isdigit() for c in plain[: m.end()]) <= longest:
            return m.end()
    return None


def _agency_number(text: str, start: int, end: int) -> bool:
    """Toll-free, called a hotline nearby with nothing saying it is a person's, or a record's number
    ("Booking #2025-003318")."""
    if after_record_label(text, start):
        return True
    digits = "".join(c for c in text[start:end] if c.isdigit())
    if len(digits) >= 10:
        area = digits[1:4] if len(digits) == 11 and digits[0] == "1" else digits[:3]
        if area in _TOLL_FREE:
            return True
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    if _HOTLINE_RE.search(before) or _HOTLINE_RE.search(after):
        # (a number someone calls from is theirs: "called the front desk twice from 612-555-0102")
        return not (_PERSONAL_RE.search(before[-20:]) or _CALLER_RE.search(before[-22:]))
    return False


# (and one they ask to be called back at: "called the front desk, wants a callback at 763.555.0134")
_CALLER_RE = re.compile(
    r"(?i)\b(?:from|using|on\s+(?:his|her|their)|call\s*back\s+(?:at|on)"
    r"|(?:call|text|txt|reach)\s+(?:me|her|him|them)(?:\s+back)?\s+(?:at|on))[ \t]*$"
)


# --- email -----------------------------------------------------------------------------------------
# Letters of any script: "josé.garcía@correo.mx" is an address too.
EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[^\W_][\w.%+'\-]*\s?@\s?[^\W_](?:[\w\-]*[^\W_])?(?:\.[\w\-]+)*\.[^\W\d_]{2,}\b"
)
_AT = r"(?:\s*(?:\[at\]|\(at\)|\{at\}|<at>)\s*|\s+(?i:at)\s+)"
_DOT = r"(?:\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>)\s*|\s+(?i:dot)\s+|\.)"
_TLD = r"(?i:com|org|net|edu|gov|us|io|info|co|me|biz|mx|ca|uk|de|fr|es|ph|in)\b"
_PART = r"[^\W_][\w+\-]*"
# "jdoe at gmail dot com", "maria.g (at) yahoo (dot) com"
EMAIL_SPOKEN_RE = re.compile(
    rf"(?<![\w.+\-])(?:{_PART}{_DOT})*{_PART}{_AT}[^\W_][\w\-]*(?:{_DOT}[\w\-]+)*?{_DOT}{_TLD}"
)
# After "email is": every word up to "at" is the user part ("p ramaswamy dot 93 at protonmail dot com").
EMAIL_CUED_RE = re.compile(
    r"(?i:\be-?mail(?:\s+(?:address|addy))?(?:\s+is|\s*:|\s+=)?\s+)"
    rf"((?:{_PART}(?:\s+|{_DOT})){{0,5}}?{_PART}{_AT}[^\W_][\w\-]*(?:{_DOT}[\w\-]+)*?{_DOT}{_TLD})"
)
# "her gmail is jdoe93", "jdoe93 at gmail": a webmail name is as good as the whole address.
_WEBMAIL = r"(?i:gmail|yahoo|hotmail|outlook|icloud|aol|protonmail|proton|live|msn)"
EMAIL_WEBMAIL_RE = re.compile(
    rf"(?<![\w.+\-])(?:{_PART}{_DOT})*{_PART}{_AT}{_WEBMAIL}\b(?!{_DOT})"
    rf"|(?i:\b{_WEBMAIL}\s+(?:is|:)\s+)({_PART}(?:\.{_PART})*)\b"
)
# A written-out address has an "at" and a "dot" (or a webmail name); most messages with "at" have neither.
_WEBMAILS = ("gmail", "yahoo", "hotmail", "outlook", "icloud", "aol", "proton", "msn", "live")
_SPOKEN_HINT_RE = re.compile(r"(?i)\[at\]|\(at\)|\{at\}|<at>|\sat\s")
_SPOKEN_HINT2_RE = re.compile(
    r"(?i)\bdot\b|\.[a-z]{2,4}\b|gmail|yahoo|hotmail|outlook|icloud|aol|proton|msn|live"
)


_BEFORE_USER_RE = re.compile(r"([^\W_][\w.+\-]*)[ \t]+$")
_JOINERS = frozenset("underscore dash hyphen period dot".split())


def _user_start(text: str, start: int) -> int:
    """A dictated address's user part is often several words ("j doe 93 at gmail dot com",
    "maria underscore garcia at ..."): take the words before it that are not English."""
    for _ in range(4):
        m = _BEFORE_USER_RE.search(text, max(0, start - 24), start)
        if m is None:
            break
        word = m.group(1).lower()
        listed = (word in FIRST_NAMES or word in SURNAMES) and word not in COMMON_WORDS
        if not (word in _JOINERS or word.isdigit() or len(word) == 1 or listed or is_unknown_word(word)):
            break
        start = m.start(1)
    return start


def find_emails(text: str, low: str) -> list[Span]:
    spans: list[Span] = []
    if "@" in text:
        spans.extend((m.start(), m.end(), PiiType.EMAIL) for m in EMAIL_RE.finditer(text))
    if not (_SPOKEN_HINT_RE.search(text) and _SPOKEN_HINT2_RE.search(text)) and "mail" not in low:
        return spans
    spans.extend(
        (_user_start(text, m.start()), m.end(), PiiType.EMAIL) for m in EMAIL_SPOKEN_RE.finditer(text)
    )
    if "mail" in low:
        spans.extend((m.start(1), m.end(1), PiiType.EMAIL) for m in EMAIL_CUED_RE.finditer(text))
    for m in EMAIL_WEBMAIL_RE.finditer(text) if any(w in low for w in _WEBMAILS) else ():
        if m.group(1):
            spans.append((m.start(1), m.end(1), PiiType.EMAIL))
        elif any(c.isdigit() or c in "._" for c in m.group().split()[0]):
            spans.append((m.start(), m.end(), PiiType.EMAIL))  # "jdoe93 at gmail", not "works at yahoo"
    return spans
