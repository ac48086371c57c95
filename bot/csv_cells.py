"""CSV that casebot writes opens in a spreadsheet as text, never as a formula.

Audit exports, the accounting of disclosures and by-name-list exports are opened in Excel or
LibreOffice by people with access to client data. A cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is read there as a formula (``=HYPERLINK(...)`` sends whatever
the sheet holds to a stranger's server), and several of these cells carry text someone else
typed: a purpose, an agency name, a Slack display field. Such a cell is written with a leading
apostrophe, the escape spreadsheets themselves use for "this is text" (OWASP's CSV injection
advice); every other cell is written as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """``value`` as a spreadsheet will show it: text that would start a formula gets an apostrophe
    (a plain number such as ``-5`` is left alone: a spreadsheet reads it as the number it is)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class InertCsvWriter:
    """``csv.writer`` whose every text cell goes through :func:`inert`."""

    def __init__(self, out: TextIO, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([inert(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
