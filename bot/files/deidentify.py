"""The de-identified copy of a spreadsheet or CSV, so the meeting can go on with client IDs.

Names become the row's client ID (in the first name column; the other name
columns and a row with no known ID are left blank), DOB, SSN, phone, email
and address cells are blanked, and other cells are kept, with what the
redactor found in them replaced as in a message. A CSV is written back as a
CSV with its own delimiter; a workbook (.xlsx, and .xls and .ods, which
casebot does not write) as an .xlsx, one sheet per sheet. Text that a
spreadsheet would run as a formula is written as text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from bot.csv_cells import InertCsvWriter
from bot.files.columns import Column
from bot.files.content import Extracted, Kind, Sheet
from bot.files.scan import FileVerdict, Redact, SheetPlan

_BLANKED = frozenset({Column.DOB, Column.SSN, Column.PHONE, Column.EMAIL, Column.ADDRESS})
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True, repr=False)
class DeidentifiedCopy:
    filename: str
    data: bytes
    mimetype: str
    rows: int  # data rows written, for the audit row

    def __repr__(self) -> str:
        return f"DeidentifiedCopy(bytes={len(self.data)}, rows={self.rows})"


def can_copy(content: Extracted) -> bool:
    return content.kind in (Kind.CSV, Kind.XLSX, Kind.XLS, Kind.ODS) and bool(content.sheets)


def deidentified_rows(sheet: Sheet, plan: SheetPlan) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    first_name_column = next((c for c, col in enumerate(plan.columns) if col.is_name), None)
    for r, row in enumerate(sheet.rows):
        if plan.header is not None and r <= plan.header:  # title rows and the header: as scanned
            out.append(tuple(plan.cells.get((r, c), cell) for c, cell in enumerate(row)))
        else:
            out.append(_cells(r, row, plan, first_name_column))
    return out


def _cells(r: int, row: tuple[str, ...], plan: SheetPlan, first_name_column: int | None) -> tuple[str, ...]:
    cells: list[str] = []
    for c, cell in enumerate(row):
        column = plan.column(c)
        if column.is_name:
            cells.append((plan.row_ids.get(r) or "") if c == first_name_column and cell.strip() else "")
        elif column in _BLANKED:
            cells.append("")
        else:
            cells.append(plan.cells.get((r, c), cell))
    return tuple(cells)


def build_copy(content: Extracted, verdict: FileVerdict, *, name: str, redact: Redact) -> DeidentifiedCopy:
    """The copy, named after the original with anything the redactor finds in the name replaced."""
    stem = name.rsplit(".", 1)[0] if "." in name[-6:] else name
    safe_stem = redact(stem).text.replace("/", " ").strip() or "file"
    pairs = list(zip(content.sheets, verdict.plans, strict=True))
    rows = sum(len(sheet.rows) - (0 if plan.header is None else plan.header + 1) for sheet, plan in pairs)
    if content.kind is Kind.CSV:
        out = io.StringIO(newline="")
        writer = InertCsvWriter(out, delimiter=content.delimiter or ",", lineterminator="\r\n")
        for row in deidentified_rows(*pairs[0]):
            writer.writerow(row)
        data = out.getvalue().encode("utf-8")
        return DeidentifiedCopy(f"{safe_stem} (de-identified).csv", data, "text/csv", rows)
    return DeidentifiedCopy(f"{safe_stem} (de-identified).xlsx", _xlsx(pairs, redact=redact), XLSX_MIME, rows)


def _xlsx(pairs: list[tuple[Sheet, SheetPlan]], *, redact: Redact) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    used: set[str] = set()
    for n, (sheet, plan) in enumerate(pairs, 1):
        title = _SHEET_TITLE.sub(" ", redact(sheet.name).text)[:31].strip() or f"Sheet{n}"
        while title.casefold() in used:
            title = f"{title[:28]} {n}"
        used.add(title.casefold())
        target = book.create_sheet(title)
        for row in deidentified_rows(sheet, plan):
            cells = []
            for value in row:
                cell = WriteOnlyCell(target, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                cells.append(cell)
            target.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
