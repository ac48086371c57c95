"""Excel 97-2003 workbooks (.xls) with xlrd; an encrypted one is password protected."""

from __future__ import annotations

import contextlib
import io

import xlrd

from bot.files.content import Extracted, Kind, Reason, Sheet, Unreadable
from bot.files.limits import Budget
from bot.files.xlsx import cell_text, trimmed


def read_xls(data: bytes, *, budget: Budget) -> Extracted:
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        encrypted = "encrypted" in str(exc).lower()  # xlrd's own words, never the file's
        raise Unreadable(Reason.PASSWORD_PROTECTED if encrypted else Reason.CORRUPT) from None
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows: list[tuple[str, ...]] = []
            for r in range(sheet.nrows):
                if not budget.take_cells(sheet.row_len(r)):
                    break
                cells = []
                for cell in sheet.row(r):
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                            value = xlrd.xldate_as_datetime(value, book.datemode)
                    cells.append(cell_text(value))
                rows.append(trimmed(cells))
            sheets.append(Sheet(sheet.name, tuple(rows)))
            book.unload_sheet(index)
            if budget.cut:
                break
    finally:
        book.release_resources()
    return Extracted(Kind.XLS, sheets=tuple(sheets), cut=budget.cut)
