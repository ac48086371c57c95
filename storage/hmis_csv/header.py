"""The header line of a ``Client.csv``: which layout it is and where each known column sits.

Header names match regardless of case and surrounding whitespace. Columns the
reader does not use (``UserID``, ``ExportID``, the military-service detail) are ignored.
Required columns (:data:`~storage.hmis_csv.layout.REQUIRED_COLUMNS`) must be present; other
known columns may be missing, in which case their values are ``None``.

Every problem is a :class:`~storage.hmis_csv.errors.CsvFileError` naming line 1: a file whose
header cannot be trusted has no row worth reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storage.hmis_csv.errors import CsvFileError
from storage.hmis_csv.layout import REQUIRED_COLUMNS, Layout, detect_layout, layout_columns

__all__ = ["Header", "parse_header"]


@dataclass(frozen=True, slots=True)
class Header:
    """Where the columns of one file are, for the row validator."""

    layout: Layout
    #: Fields every row must have.
    width: int
    #: Index of every column of the layout. A missing column points one past the end
    #: (``width``); the reader appends an empty cell to each row so it reads as blank.
    positions: dict[str, int]
    #: Known optional columns this file lacks.
    missing_columns: tuple[str, ...]


def parse_header(cells: list[str]) -> Header:
    """Check a header row (``[]`` for an empty file) and locate the layout's columns.

    The checks run in a fixed order -- blank line, layout, required columns, duplicates --
    and the first that fails names the file's problem, so the order is part of the behaviour.
    """
    if not any(h.strip() for h in cells):
        raise CsvFileError("line 1: expected a Client.csv header line, found an empty file or line")
    cells = _without_bom(cells)
    names = _first_positions(cells)
    layout = detect_layout(names)
    _require_columns(names, layout=layout)
    columns = layout_columns(layout)
    _reject_duplicates(cells, columns=columns)
    width = len(cells)
    return Header(
        layout=layout,
        width=width,
        positions={c: names.get(c.lower(), width) for c in columns},
        missing_columns=tuple(c for c in columns if c.lower() not in names),
    )


def _without_bom(cells: list[str]) -> list[str]:
    """Drop a BOM that a text stream opened without ``utf-8-sig`` left on the first name."""
    if cells and cells[0].startswith("\ufeff"):
        return [cells[0][1:], *cells[1:]]
    return cells


def _first_positions(cells: Sequence[str]) -> dict[str, int]:
    """Normalised (stripped, lower-cased) header name -> index of its first occurrence."""
    positions: dict[str, int] = {}
    for i, name in enumerate(cells):
        positions.setdefault(name.strip().lower(), i)
    return positions


def _require_columns(names: dict[str, int], *, layout: Layout) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c.lower() not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise CsvFileError(f"line 1: missing required column{plural} {', '.join(missing)} ({layout} layout)")


def _reject_duplicates(cells: Sequence[str], *, columns: Sequence[str]) -> None:
    """A known column twice is refused: which copy holds the truth cannot be told."""
    counts = Counter(h.strip().lower() for h in cells)
    for name in columns:
        if counts[name.lower()] > 1:
            raise CsvFileError(f"line 1: column {name} appears more than once")
