"""Plain text, CSV and TSV: a table when the rows line up, text otherwise."""

from __future__ import annotations

import csv
import io

from bot.files.content import Extracted, Kind, Reason, Sheet, Unreadable
from bot.files.limits import Budget
from bot.files.sniff import decode_text, delimiter_of


def read_text(data: bytes, *, budget: Budget) -> Extracted:
    text = decode_text(data)
    if text is None:
        raise Unreadable(Reason.UNKNOWN_TYPE)
    return Extracted(Kind.TEXT, segments=(text,))


def read_delimited(data: bytes, *, budget: Budget) -> Extracted:
    text = decode_text(data)
    if text is None:
        raise Unreadable(Reason.UNKNOWN_TYPE)
    delimiter = delimiter_of(text)
    if delimiter is None:
        return Extracted(Kind.TEXT, segments=(text,))
    csv.field_size_limit(max(len(text), 131072))
    rows: list[tuple[str, ...]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if not budget.take_cells(len(row)):
                break
            rows.append(tuple(row))
    except csv.Error:
        return Extracted(Kind.TEXT, segments=(text,))
    return Extracted(Kind.CSV, sheets=(Sheet("", tuple(rows)),), delimiter=delimiter, cut=budget.cut)
