"""Tables pasted into a message: a header row says what each column holds.

Exports and lists come as rows ("Time,Patient,DOB,Reason", "#\tPlayer\tAge\tPosition",
"name;street;postcode;city;country"): a cell under "Patient" is a person whatever its words
look like ("Kowalski Jan", "Oyelowo Temi"), a cell under "DOB" is a birth date however recent,
a cell under "Age" is an age. The header row is found by its words (a lexicon of column names,
not of any corpus), the rows under it are split with the same separator (tab, comma, semicolon
or bar; quoted cells as CSV quotes them), and each cell of a known column becomes a span of
that column's type, checked against what such a cell must hold (a date has digits, an age is a
number a person can be). The header row itself is left as it is.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType
from redaction.lexicon import COMMON_WORDS

Span = tuple[int, int, PiiType]

_NAME_COLUMNS = frozenset(
    [
        *"""name names fullname patient client student player contact customer guest member applicant tenant
        resident participant surname first last parent guardian child informant 氏名 名前 이름 nombre nom
        naam""".split(),
        *["full name", "patient name", "client name", "first name", "last name", "given name", "given names"],
        *["family name", "emergency contact", "student name", "contact name"],
    ]
)
_DOB_COLUMNS = frozenset(
    ["dob", "d.o.b.", "d.o.b", "date of birth", "birthdate", "birth date", "born", "birthday", "生年月日"]
)
_AGE_COLUMNS = frozenset(["age", "age (years)", "edad", "alter"])
_SSN_COLUMNS = frozenset(
    [
        "ssn",
        "ss#",
        "ss #",
        "social",
        "ssn4",
        "ssn-4",
        "ssn (last 4)",
        "last4",
        "last 4",
        "last four",
        "l4",
        "ssn last 4",
    ]
)
_PHONE_COLUMNS = frozenset(
    ["phone", "tel", "tel.", "telephone", "mobile", "cell", "phone number", "mobile number", "電話"]
)
_ADDRESS_COLUMNS = frozenset(
    ["address", "street", "street address", "home address", "address line 1", "address 1", "addr", "住所"]
)
# Parts of an address in columns of their own, taken only when a street or address column is there too.
_ADDRESS_PART_COLUMNS = frozenset(
    ["city", "town", "postcode", "post code", "postal code", "zip", "zip code", "state", "country"]
)
_SEPARATORS = ("\t", ";", "|", ",")
_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")
_WORDS_RE = re.compile(r"[^\W_](?:[^\s,;|\t]*[^\W_])?")


def _cells(line: str, sep: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's content in the text, quotes and surrounding spaces left out."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(line)
    while i <= n:
        while i < n and line[i] == " ":
            i += 1
        if i < n and line[i] == '"':
            close = line.find('"', i + 1)
            close = n if close < 0 else close
            out.append((offset + i + 1, offset + close))
            nxt = line.find(sep, close)
            i = n + 1 if nxt < 0 else nxt + 1
            continue
        nxt = line.find(sep, i)
        end = n if nxt < 0 else nxt
        s, e = i, end
        while e > s and line[e - 1] == " ":
            e -= 1
        out.append((offset + s, offset + e))
        i = end + 1
    return out


def _column_type(label: str) -> PiiType | str | None:
    key = label.strip().strip('"').strip().lower().rstrip(":")
    if key in _NAME_COLUMNS:
        return PiiType.NAME
    if key in _DOB_COLUMNS:
        return PiiType.DOB
    if key in _AGE_COLUMNS:
        return "age"
    if key in _PHONE_COLUMNS:
        return PiiType.PHONE
    if key in _SSN_COLUMNS:
        return PiiType.SSN
    if key in _ADDRESS_COLUMNS:
        return PiiType.ADDRESS
    if key in _ADDRESS_PART_COLUMNS:
        return "address part"
    return None


def _header(line: str) -> tuple[str, list[PiiType | str | None]] | None:
    for sep in _SEPARATORS:
        if line.count(sep) < 1:
            continue
        labels = [line[s:e] for s, e in _cells(line, sep, 0)]
        if len(labels) < 2 or any(len(lab) > 30 for lab in labels):
            continue
        kinds = [_column_type(lab) for lab in labels]
        if any(isinstance(k, PiiType) or k == "age" for k in kinds):
            if PiiType.ADDRESS not in kinds:
                kinds = [None if k == "address part" else k for k in kinds]
            return sep, kinds
    return None


def _fits(kind: PiiType | str, cell: str) -> bool:
    """What a cell of that column must hold to be taken."""
    if kind is PiiType.NAME:  # ("(cancelled)", "front desk", "Hope House" are no one's name)
        words = [w.lower() for w in _WORDS_RE.findall(cell) if _LETTER_RE.search(w)]
        return (
            bool(words)
            and not (cell.startswith("(") and cell.endswith(")"))
            and not all(w in COMMON_WORDS for w in words)
        )
    if kind is PiiType.DOB:
        return _DIGIT_RE.search(cell) is not None and len(cell) <= 24
    if kind == "age":
        return cell.isdigit() and 0 < int(cell) < 120
    if kind is PiiType.PHONE:
        return len(_DIGIT_RE.findall(cell)) >= 6
    if kind is PiiType.SSN:  # the whole number or its last four, masked or not
        return len(_DIGIT_RE.findall(cell)) in (4, 9) and len(cell) <= 16
    return bool(cell.strip())


def column_spans(text: str) -> list[Span]:
    """Spans of the cells under a header that names a PII column. NAME spans cover a cell's words."""
    if "\n" not in text:
        return []
    spans: list[Span] = []
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    k = 0
    while k < len(lines):
        head = _header(lines[k])
        if head is None:
            k += 1
            continue
        sep, kinds = head
        k += 1
        while k < len(lines) and lines[k].strip() and sep in lines[k] and _header(lines[k]) is None:
            for (s, e), kind in zip(_cells(lines[k], sep, offsets[k]), kinds, strict=False):
                if kind is None or s >= e or not _fits(kind, text[s:e]):
                    continue
                if kind is PiiType.NAME:
                    words = list(_WORDS_RE.finditer(text, s, e))
                    words = [w for w in words if _LETTER_RE.search(w.group())]
                    if words:
                        spans.append((words[0].start(), words[-1].end(), PiiType.NAME))
                    continue
                typ = PiiType.DOB if kind == "age" else PiiType.ADDRESS if kind == "address part" else kind
                spans.append((s, e, typ))
            k += 1
    return spans
