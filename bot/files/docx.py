"""Word documents (.docx) with python-docx: the body, its tables, every header and footer, comments.

Tables come back as sheets, so a by-name list pasted into a Word table gets
the same header-row context as a spreadsheet. Footnotes and endnotes, which
python-docx does not model, are read from their XML parts.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table

from bot.files import xml_text, zips
from bot.files.content import Extracted, Kind, Sheet
from bot.files.limits import Budget

_NOTES = ("word/footnotes.xml", "word/endnotes.xml")


def _table(table: Table, *, budget: Budget) -> Sheet | None:
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        cells = tuple(cell.text for cell in row.cells)
        if not budget.take_cells(len(cells)):
            break
        rows.append(cells)
    return Sheet("", tuple(rows)) if rows else None


def read_docx(data: bytes, *, budget: Budget) -> Extracted:
    archive = zips.open_checked(data, budget=budget)
    document = docx.Document(io.BytesIO(data))
    segments = [p.text for p in document.paragraphs if p.text.strip()]
    tables = list(document.tables)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            segments.extend(p.text for p in part.paragraphs if p.text.strip())
            tables.extend(part.tables)
    for comment in document.comments:
        segments.append(comment.text)
    present = zips.names(archive)
    for name in _NOTES:
        if name in present:
            segments.extend(
                xml_text.texts(xml_text.part(archive, name, budget=budget), tags=frozenset({"p"}))
            )
    sheets = [sheet for table in tables if (sheet := _table(table, budget=budget)) is not None]
    return Extracted(Kind.DOCX, segments=tuple(segments), sheets=tuple(sheets), cut=budget.cut)
