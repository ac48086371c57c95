"""What a reader gives back: sheets of cells and text segments, or why the file could not be read.

Content is client data: reprs hide it, and ``Unreadable`` carries a reason
code and nothing else (a library's exception text can quote the file, so it is
never passed on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What the bytes are, sniffed from their content (never the file name)."""

    TEXT = "text"
    CSV = "csv"
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    DOCX = "docx"
    ODT = "odt"
    PDF = "pdf"
    RTF = "rtf"
    IMAGE = "image"
    ZIP = "zip"
    UNKNOWN = "unknown"


SPREADSHEETS = frozenset({Kind.CSV, Kind.XLSX, Kind.XLS, Kind.ODS})


class Reason(StrEnum):
    """Why a file was not (wholly) read: the code in ``file.unscanned`` audit rows and in the notice."""

    PASSWORD_PROTECTED = "password_protected"  # noqa: S105 - a reason code, not a password
    CORRUPT = "corrupt"
    TOO_LARGE = "too_large"
    UNKNOWN_TYPE = "unknown_type"
    OCR_TIMEOUT = "ocr_timeout"
    OCR_UNAVAILABLE = "ocr_unavailable"
    TOO_MANY_MEMBERS = "too_many_members"
    TOO_DEEP = "too_deep"
    TOO_MANY_CELLS = "too_many_cells"
    TOO_MANY_PAGES = "too_many_pages"
    DOWNLOAD_FAILED = "download_failed"


class Unreadable(Exception):
    """Raised inside readers with a reason code only."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True, repr=False)
class Sheet:
    """One table: a worksheet, a CSV, a table in a document. Cells as text, rows as read."""

    name: str
    rows: tuple[tuple[str, ...], ...]

    def __repr__(self) -> str:
        return f"Sheet(rows={len(self.rows)}, <cells hidden>)"


@dataclass(frozen=True, slots=True, repr=False)
class Extracted:
    """Everything read from one file. ``problem`` says why nothing (or not everything) was read."""

    kind: Kind
    segments: tuple[str, ...] = ()
    sheets: tuple[Sheet, ...] = ()
    problem: Reason | None = None
    delimiter: str | None = None  # a CSV's, so the copy is written the same way
    cut: Reason | None = None  # a limit stopped the read part way: what was read is still scanned
    members: int = field(default=0)  # files read inside a zip

    @property
    def readable(self) -> bool:
        return self.problem is None

    def __repr__(self) -> str:
        return (
            f"Extracted(kind={self.kind}, sheets={len(self.sheets)}, segments={len(self.segments)}, "
            f"problem={self.problem}, cut={self.cut}, <content hidden>)"
        )
