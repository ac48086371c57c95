"""OpenDocument spreadsheets (.ods) and text (.odt), read straight from their XML, streamed.

An ODF file is a zip of XML parts. Reading ``content.xml`` with a streaming
parser keeps memory flat, and handling ``number-columns-repeated`` and
``number-rows-repeated`` here lets a row that claims to repeat a million
times cost at most the cell budget (a general ODF library expands them).
"""

from __future__ import annotations

import io

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from bot.files import xml_text, zips
from bot.files.content import Extracted, Kind, Reason, Sheet, Unreadable
from bot.files.limits import Budget

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_NAME = f"{{{TABLE}}}name"
_COLS = f"{{{TABLE}}}number-columns-repeated"
_ROWS = f"{{{TABLE}}}number-rows-repeated"
_CELL_TAGS = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
_PARAGRAPH = f"{{{TEXT_NS}}}p"


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def read_ods(data: bytes, *, budget: Budget) -> Extracted:
    archive = zips.open_checked(data, budget=budget)
    if "content.xml" not in zips.names(archive):
        raise Unreadable(Reason.CORRUPT)
    content = xml_text.part(archive, "content.xml", budget=budget)
    sheets: list[Sheet] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    name = ""
    open_table = False
    try:
        for event, element in iterparse(io.BytesIO(content), events=("start", "end"), forbid_dtd=True):
            tag = element.tag
            if event == "start":
                if tag == f"{{{TABLE}}}table":
                    name, rows, open_table = element.get(_NAME) or "", [], True
                elif tag == f"{{{TABLE}}}table-row":
                    row = []
                continue
            if tag in _CELL_TAGS:
                text = "\n".join("".join(p.itertext()) for p in element.iter(_PARAGRAPH))  # comments too
                repeat = _repeat(element.get(_COLS))
                if text.strip():
                    if not budget.take_cells(repeat):
                        repeat = 0
                    row.extend([text] * repeat)
                else:
                    row.append("")  # empty columns repeated to the sheet's edge are not expanded
                element.clear()
            elif tag == f"{{{TABLE}}}table-row":
                cells = _trim(row)
                if cells:
                    for _ in range(_repeat(element.get(_ROWS))):
                        if not budget.take_cells(len(cells)):
                            break
                        rows.append(cells)
                element.clear()
                if budget.cut:
                    break
            elif tag == f"{{{TABLE}}}table":
                sheets.append(Sheet(name, tuple(rows)))
                open_table = False
                element.clear()
    except (DefusedXmlException, SyntaxError, ValueError):
        raise Unreadable(Reason.CORRUPT) from None
    if open_table:  # the cell budget ran out inside this sheet
        sheets.append(Sheet(name, tuple(rows)))
    return Extracted(Kind.ODS, sheets=tuple(sheets), cut=budget.cut)


def _trim(row: list[str]) -> tuple[str, ...]:
    while row and not row[-1].strip():
        row.pop()
    return tuple(row)


def read_odt(data: bytes, *, budget: Budget) -> Extracted:
    archive = zips.open_checked(data, budget=budget)
    present = zips.names(archive)
    if "content.xml" not in present:
        raise Unreadable(Reason.CORRUPT)
    segments: list[str] = []
    for part in ("content.xml", "styles.xml"):  # styles.xml holds the headers and footers
        if part in present:
            blob = xml_text.part(archive, part, budget=budget)
            segments.extend(xml_text.texts(blob, tags=frozenset({"p", "h"})))
    return Extracted(Kind.ODT, segments=tuple(segments))
