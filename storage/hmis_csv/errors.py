"""What the Client.csv reader reports when something is wrong, and the rule all its messages follow.

Why messages never quote values: a row error is shown to coordinators, logged, and possibly
pasted into Slack. A value in a PII column (or any value at all, once a stray comma has shifted
the columns) may be a name, SSN or date of birth. So reasons describe what is wrong and quote a
value only when it is a short number (1-3 digits), i.e. a code such as ``999``. Exceptions raised
by the reader never chain an exception whose text could contain file bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CONFLICT", "REPEAT", "ROW", "CsvFileError", "RowError", "RowFindings"]


class CsvFileError(ValueError):
    """The file as a whole cannot be read: no header, unknown layout, missing
    column, bytes that are not UTF-8. The message never contains file values."""


#: ``RowError.column`` for problems with the row as a whole (field count, quoting).
ROW = "(row)"
#: ``RowError.kind`` of a lenient read's exact repeat of an earlier row: left out, harmlessly.
REPEAT = "repeat"
#: ``RowError.kind`` of a lenient read's PersonalID repeated with other values: which row is
#: right cannot be told, so the importer refuses the file.
CONFLICT = "conflict"

_LINE_NUMBER = re.compile(r"\bline \d+")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one row. ``reason`` never contains a PII value."""

    line: int
    column: str
    reason: str
    #: ``""`` for an ordinary problem; :data:`REPEAT` or :data:`CONFLICT` for a repeated PersonalID.
    kind: str = field(default="", compare=False)

    @property
    def problem(self) -> str:
        """What went wrong without where: the key warnings are counted by (line numbers removed)."""
        reason = _LINE_NUMBER.sub("line N", self.reason)
        return reason if self.column == ROW else f"{self.column}: {reason}"

    def __str__(self) -> str:
        if self.column == ROW:
            return f"line {self.line}: {self.reason}"
        return f"line {self.line}, column {self.column}: {self.reason}"


class RowFindings:
    """The errors and warnings of one row, as the field checkers find them.

    Checkers report every problem instead of stopping at the first, so a coordinator can
    fix a row in one go. Warnings leave the row usable; any error rejects it.

    ``lenient``: a value that breaks the specification (:meth:`invalid`) is left out with a
    warning instead of rejecting the row, so one bad cell does not hide a person from the
    redactor; only :meth:`error` (no usable PersonalID, nothing identifying) still rejects it.
    """

    __slots__ = ("errors", "lenient", "line", "warnings")

    def __init__(self, line: int, *, lenient: bool = False) -> None:
        self.line = line
        self.lenient = lenient
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, column: str, reason: str) -> None:
        """A problem that rejects the row in either mode."""
        self.errors.append(RowError(self.line, column, reason))

    def invalid(self, column: str, reason: str, *, instead: str = "left out") -> None:
        """A value that breaks the specification: an error, or when lenient a warning saying
        what was done ``instead`` (the checker returns ``None`` or the stand-in either way)."""
        if self.lenient:
            self.warnings.append(RowError(self.line, column, f"{reason}; {instead}"))
        else:
            self.errors.append(RowError(self.line, column, reason))

    def lenient_warn(self, column: str, reason: str) -> None:
        """A value read only because the read is lenient (strict reads call it an error)."""
        self.warnings.append(RowError(self.line, column, reason))

    def warn(self, column: str, reason: str) -> None:
        self.warnings.append(RowError(self.line, column, reason))
