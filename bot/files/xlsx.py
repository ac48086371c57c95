"""Excel workbooks (.xlsx, .xlsm): every worksheet, cell by cell, with openpyxl in read-only mode.

Read-only mode streams each sheet instead of building it in memory. The
declared sheet dimensions are reset first: a sheet that claims A1:XFD1048576
would otherwise be padded to sixteen thousand empty cells a row. Cell
comments are not loaded in that mode, so they are read from their XML parts.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date, datetime, time

import openpyxl

from bot.files import xml_text, zips
from bot.files.content import Extracted, Kind, Sheet
from bot.files.limits import Budget

_COMMENTS = re.compile(r"xl/(comments\d*\.xml|threadedComments/[^/]+\.xml)")


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def trimmed(row: list[str]) -> tuple[str, ...]:
    while row and not row[-1].strip():
        row.pop()
    return tuple(row)


def read_xlsx(data: bytes, *, budget: Budget) -> Extracted:
    archive = zips.open_checked(data, budget=budget)
    comments = [
        text
        for name in sorted(zips.names(archive))
        if _COMMENTS.fullmatch(name)
        for text in xml_text.texts(xml_text.part(archive, name, budget=budget), tags=frozenset({"t", "text"}))
    ]
    with warnings.catch_warnings():  # openpyxl warns about unsupported extensions; never about content
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    sheets: list[Sheet] = []
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            sheet.reset_dimensions()
            rows: list[tuple[str, ...]] = []
            for values in sheet.iter_rows(values_only=True):
                if not budget.take_cells(len(values)):
                    break
                rows.append(trimmed([cell_text(v) for v in values]))
            sheets.append(Sheet(sheet.title, tuple(rows)))
            if budget.cut:
                break
    finally:
        book.close()
    return Extracted(Kind.XLSX, sheets=tuple(sheets), segments=tuple(comments), cut=budget.cut)
