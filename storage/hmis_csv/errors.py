"""What the Client.csv reader reports when something is wrong, and the rule all its messages follow.

Why messages never quote values: a row error is shown to coordinators, logged, and possibly
pasted into Slack. A value in a PII column (or any value at all, once a stray comma has shifted
the columns) may be a name, SSN or date of birth. So reasons describe what is wrong and quote a
value only when it is a short number (1-3 digits), i.e. a code such as ``999``. Exceptions raised
by the reader never chain an exception whose text could contain file bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ROW", "CsvFileError", "RowError", "RowFindings"]


class CsvFileError(ValueError):
    """The file as a whole cannot be read: no header, unknown layout, missing
    column, bytes that are not UTF-8. The message never contains file values."""


#: ``RowError.column`` for problems with the row as a whole (field count, quoting).
ROW = "(row)"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one row. ``reason`` never contains a PII value."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.column == ROW:
            return f"line {self.line}: {self.reason}"
        return f"line {self.line}, column {self.column}: {self.reason}"


class RowFindings:
    """The errors and warnings of one row, as the field checkers find them.

    Checkers report every problem instead of stopping at the first, so a coordinator can
    fix a row in one go. Warnings leave the row usable; any error rejects it.
    """

    __slots__ = ("errors", "line", "warnings")

    def __init__(self, line: int) -> None:
        self.line = line
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason))

    def warn(self, column: str, reason: str) -> None:
        self.warnings.append(RowError(self.line, column, reason))
