"""Streams a ``Client.csv``: bytes or text in, :class:`ClientRecord` and :class:`RowError` out.

Pure: no database, no crypto, no Slack. The importer feeds a file in and gets validated
records and row errors back, in file order, one row at a time, so a 100,000-row export never
sits in memory. This module owns the input side -- paths and streams, UTF-8 decoding, CSV
quoting, field counts, line numbers -- and leaves the meaning of the columns to
:mod:`~storage.hmis_csv.header` and :mod:`~storage.hmis_csv.validate`.

Line numbers are 1-based physical lines of the file (the header is line 1). A record whose
quoted field spans several lines is reported at the line where it starts.

``lenient`` (see :mod:`~storage.hmis_csv.validate`) keeps rows whose values break the
specification and refuses only a file that cannot be read: besides the header and encoding
checks of either mode, one where most rows cannot be split into the header's fields
(quoting broken throughout, or a delimiter that is not a comma).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from storage.hmis_csv.errors import ROW, CsvFileError, RowError
from storage.hmis_csv.header import parse_header
from storage.hmis_csv.layout import Layout
from storage.hmis_csv.records import ClientRecord
from storage.hmis_csv.validate import RowValidator

__all__ = ["ClientCsvReader", "ParsedFile", "Source", "iter_client_csv", "read_client_csv"]

Source = str | os.PathLike[str] | TextIO | BinaryIO | Iterable[str]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A whole file read into memory; see :func:`read_client_csv`."""

    layout: Layout
    records: list[ClientRecord]
    errors: list[RowError]


def _is_binary(stream: object) -> bool:
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


def _csv_reason(exc: csv.Error) -> str:
    """The csv module's message, reworded: it can quote the offending characters."""
    text = str(exc)
    if "expected after" in text:
        detail = "a closing quote is followed by more characters"
    elif "unexpected end of data" in text:
        detail = "a quoted field is never closed"
    elif "field larger than field limit" in text:
        detail = "a field is too long (an unclosed quote?)"
    elif "new-line character" in text:
        detail = "a carriage return inside an unquoted field"
    else:
        detail = "the row is not valid CSV"
    return f"malformed quoting: {detail}"


class ClientCsvReader:
    """Iterates one ``Client.csv``: yields :class:`ClientRecord` for a valid row
    and one :class:`RowError` per problem for an invalid row, in file order.

    The header is read on construction, so :attr:`layout` is known before the
    first row, and header problems raise :class:`CsvFileError` right away.
    Bytes that are not UTF-8 raise :class:`CsvFileError` during iteration,
    naming the line. Paths are opened (and closed at the end, or by
    :meth:`close` / ``with``) by the reader; a stream passed in is left open.
    Binary streams and paths are decoded line by line as UTF-8 with an optional
    BOM (``utf-8-sig``); text streams should be opened with ``newline=""``.

    ``today`` (default: the current date) bounds DOB and DateUpdated. ``lenient``: see the
    module's docstring; each kept row's problems are then its record's ``warnings``.
    """

    layout: Layout
    #: Known optional columns this file lacks; their values are ``None``.
    missing_columns: tuple[str, ...]

    #: Data rows seen so far (blank lines not counted), and those that could not be split
    #: into the header's fields (quoting, field count).
    rows_seen: int
    malformed_rows: int

    def __init__(self, source: Source, *, today: date | None = None, lenient: bool = False) -> None:
        self._today = today or date.today()
        self._lenient = lenient
        self.rows_seen = 0
        self.malformed_rows = 0
        self._file: BinaryIO | None = None
        self._byte_stream: BinaryIO | None = None
        self._precise_lines = True
        if isinstance(source, str | os.PathLike):
            self._file = open(source, "rb")  # noqa: SIM115 -- closed by close()
            self._byte_stream = self._file
        elif _is_binary(source):
            self._byte_stream = source  # type: ignore[assignment]
        else:
            self._precise_lines = not isinstance(source, io.TextIOBase)
        try:
            lines = self._lines(source)
            self._reader = csv.reader(lines, strict=True)
            header = parse_header(self._header_row())
            self.layout = header.layout
            self.missing_columns = header.missing_columns
            self._width = header.width
            self._columns = header.positions
            self._pad = bool(header.missing_columns)
            self._validator = RowValidator(header, today=self._today, lenient=lenient)
        except BaseException:
            self.close()
            raise
        self._rows = self._iter_rows()

    # -- public -------------------------------------------------------------

    def __iter__(self) -> Iterator[ClientRecord | RowError]:
        return self

    def __next__(self) -> ClientRecord | RowError:
        return next(self._rows)

    def __enter__(self) -> ClientCsvReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file if this reader opened it."""
        if self._file is not None:
            self._file.close()

    @property
    def line(self) -> int:
        """Physical lines consumed so far."""
        return self._reader.line_num

    @property
    def bytes_read(self) -> int | None:
        """Bytes consumed so far (for a progress bar against the file size);
        ``None`` for text streams."""
        if self._byte_stream is None or self._byte_stream.closed:
            return None
        return self._byte_stream.tell()

    # -- input --------------------------------------------------------------

    def _lines(self, source: Source) -> Iterator[str]:
        if self._byte_stream is not None:
            stream = self._byte_stream
            first = stream.readline()
            if first.startswith(b"\xef\xbb\xbf"):  # utf-8-sig
                first = first[3:]
            # map() keeps decoding in C. A decode error surfaces from next(reader)
            # before line_num is advanced, so reader.line_num + 1 is the bad line.
            return map(bytes.decode, chain((first,) if first else (), stream))
        return iter(source)  # type: ignore[arg-type]

    def _encoding_error(self) -> CsvFileError:
        line = self._reader.line_num + 1
        where = f"line {line}" if self._precise_lines else f"line {line} or a later one"
        return CsvFileError(f"{where}: bytes that are not valid UTF-8; re-export the file as UTF-8")

    def _header_row(self) -> list[str]:
        """The first row's cells, ``[]`` for an empty file; the rest of the checks are
        :func:`~storage.hmis_csv.header.parse_header`'s."""
        problem: str | None = None
        header: list[str] = []
        decode_failed = False
        try:
            header = next(self._reader)
        except StopIteration:
            pass
        except UnicodeDecodeError:
            decode_failed = True
        except csv.Error as exc:
            problem = f"line 1: the header is not valid CSV ({_csv_reason(exc)})"
        # Raised outside the except blocks, so no exception holding file bytes is chained.
        if decode_failed:
            raise self._encoding_error()
        if problem is not None:
            raise CsvFileError(problem)
        return header

    # -- rows ---------------------------------------------------------------

    def _iter_rows(self) -> Iterator[ClientRecord | RowError]:
        reader = self._reader
        width = self._width
        validate = self._validator.validate
        prev = reader.line_num
        try:
            while True:
                decode_failed = False
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError:
                    decode_failed = True
                except csv.Error as exc:
                    self.rows_seen += 1
                    self.malformed_rows += 1
                    yield RowError(prev + 1, ROW, self._span(_csv_reason(exc), first=prev + 1))
                    prev = reader.line_num
                    continue
                if decode_failed:  # raised outside the except block: no chained bytes
                    raise self._encoding_error()
                line = prev + 1
                prev = reader.line_num
                if len(row) != width:
                    if not row or not any(v.strip() for v in row):
                        continue  # blank line, or a row of empty cells (spreadsheet residue)
                    self.rows_seen += 1
                    self.malformed_rows += 1
                    yield RowError(
                        line,
                        ROW,
                        f"expected {width} fields, found {len(row)} (malformed quoting or a stray comma?)",
                    )
                    continue
                self.rows_seen += 1
                nul_warnings: list[RowError] = []
                if any("\x00" in cell for cell in row):
                    nul_errors = list(self._nul_errors(row, line=line))
                    if not self._lenient or any(e.column == "PersonalID" for e in nul_errors):
                        yield from nul_errors
                        continue
                    nul_warnings = [
                        dataclasses.replace(e, reason=e.reason + "; left out") for e in nul_errors
                    ]
                    row = ["" if "\x00" in cell else cell for cell in row]
                if self._pad:
                    row.append("")
                result = validate(row, line=line)
                if isinstance(result, ClientRecord):
                    if nul_warnings:
                        result = dataclasses.replace(result, warnings=(*nul_warnings, *result.warnings))
                    yield result
                else:
                    yield from result
            if self._lenient:
                self._refuse_if_unreadable()
        finally:
            self.close()

    def _span(self, reason: str, *, first: int) -> str:
        """Lenient reads say how many lines a quoting error swallowed: those people are missing."""
        last = self._reader.line_num
        if self._lenient and last > first:
            return f"{reason} (lines {first} to {last} cannot be read)"
        return reason

    def _refuse_if_unreadable(self) -> None:
        """Most rows not splitting into the header's fields is the file's problem, not the rows':
        importing the few that happen to split would pass for an import of the file."""
        if self.malformed_rows and self.malformed_rows * 2 > self.rows_seen:
            raise CsvFileError(
                f"{self.malformed_rows} of {self.rows_seen} rows cannot be split into the header's "
                f"{self._width} fields (malformed quoting, or not comma-separated); re-export the file"
            )

    def _nul_errors(self, row: list[str], *, line: int) -> Iterator[RowError]:
        """A NUL byte is never part of a name or a date: the row is refused, each such field named
        (it would be cut short by some databases and tools and read whole by others)."""
        names = {i: name for name, i in self._columns.items()}
        for i, cell in enumerate(row):
            if "\x00" in cell:
                yield RowError(line, names.get(i, str(i + 1)), "contains a NUL byte")


def iter_client_csv(source: Source, *, today: date | None = None, lenient: bool = False) -> ClientCsvReader:
    """Stream a ``Client.csv`` (path, binary or text stream): see :class:`ClientCsvReader`.

    >>> with iter_client_csv(path) as rows:            # doctest: +SKIP
    ...     print(rows.layout)
    ...     for item in rows:
    ...         ...                                     # ClientRecord or RowError
    """
    return ClientCsvReader(source, today=today, lenient=lenient)


def read_client_csv(source: Path | Source, *, today: date | None = None, lenient: bool = False) -> ParsedFile:
    """Read a whole ``Client.csv`` into memory: records and errors, each in file order."""
    records: list[ClientRecord] = []
    errors: list[RowError] = []
    with ClientCsvReader(source, today=today, lenient=lenient) as reader:
        for item in reader:
            if isinstance(item, RowError):
                errors.append(item)
            else:
                records.append(item)
        return ParsedFile(reader.layout, records, errors)
