"""Streaming parser and validator for HUD HMIS CSV ``Client.csv`` files.

Pure: no database, no crypto, no Slack. The importer feeds a file in and gets
validated :class:`ClientRecord` objects and :class:`RowError` reports back, in
file order, one row at a time, so a 100,000-row export never sits in memory.

Two layouts are recognised from the header:

* FY2024 -- gender flags (``Woman`` ... ``GenderNone``, ``DifferentIdentityText``)
  and ``HispanicLatinaeo``;
* FY2026 -- no gender columns, ``Sex`` (0 female, 1 male, 8, 9, 99) and
  ``HispanicLatinao``.

Header names match regardless of case and surrounding whitespace. Columns the
parser does not use (``UserID``, ``ExportID``, the military-service detail) are
ignored. Required columns (:data:`REQUIRED_COLUMNS`) must be present; other
known columns may be missing, in which case their values are ``None`` and the
reader lists them in :attr:`ClientCsvReader.missing_columns`.

Why error messages never quote values: a row error is shown to coordinators,
logged, and possibly pasted into Slack. A value in a PII column (or any value
at all, once a stray comma has shifted the columns) may be a name, SSN or date
of birth. So reasons describe what is wrong and quote a value only when it is a
short number (1-3 digits), i.e. a code such as ``999``. Exceptions raised here
never chain an exception whose text could contain file bytes.

Line numbers are 1-based physical lines of the file (the header is line 1). A
record whose quoted field spans several lines is reported at the line where it
starts.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO, TextIO

__all__ = [
    "REQUIRED_COLUMNS",
    "ROW",
    "ClientCsvReader",
    "ClientRecord",
    "CsvFileError",
    "Layout",
    "ParsedFile",
    "RowError",
    "iter_client_csv",
    "read_client_csv",
]


class Layout(StrEnum):
    """HMIS CSV specification year of a ``Client.csv``, detected from its header."""

    FY2024 = "FY2024"
    FY2026 = "FY2026"


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


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One valid client row.

    ``race`` and ``gender`` are keyed by the HUD column names *of the file's
    layout*: the Hispanic/Latin(a)(e)(o) flag is ``HispanicLatinaeo`` in FY2024
    files and ``HispanicLatinao`` in FY2026 files; ``race`` includes
    ``RaceNone``. ``gender`` holds the FY2024 gender flags including
    ``GenderNone`` and is empty for FY2026; ``sex`` is FY2026 only. A column
    missing from the file gives ``None``.

    PII fields (names, SSN, DOB, the free-text fields) are left out of
    ``repr()`` so a logged record does not leak them.
    """

    line: int
    layout: Layout
    personal_id: str
    first_name: str | None = field(repr=False)
    middle_name: str | None = field(repr=False)
    last_name: str | None = field(repr=False)
    name_suffix: str | None = field(repr=False)
    name_data_quality: int
    #: 9 digits; a partial SSN keeps lower-case ``x`` for unknown digits.
    ssn: str | None = field(repr=False)
    ssn_data_quality: int
    dob: date | None = field(repr=False)
    dob_data_quality: int
    race: dict[str, int | None] = field(hash=False)
    gender: dict[str, int | None] = field(hash=False)
    sex: int | None
    veteran_status: int | None
    date_created: datetime | None
    date_updated: datetime
    date_deleted: datetime | None
    #: Free text (``AdditionalRaceEthnicity``); treat as PII.
    additional_race_ethnicity: str | None = field(repr=False)
    #: Free text (``DifferentIdentityText``, FY2024 only); treat as PII.
    different_identity_text: str | None = field(repr=False)
    #: Inconsistencies that leave the row usable (a partial SSN marked complete, a DOB
    #: after DateUpdated). The row is still imported: casebot needs the person's name to
    #: recognise them in chat, and dropping them would let their PII through.
    warnings: tuple[RowError, ...] = field(default=(), hash=False)

    def demographics(self) -> dict[str, Any]:
        """Non-PII demographics as a JSON-able dict (fresh copies).

        Free-text fields are excluded: people write names and stories in them.
        """
        return {
            "layout": str(self.layout),
            "race": dict(self.race),
            "gender": dict(self.gender),
            "sex": self.sex,
            "veteran_status": self.veteran_status,
            "name_data_quality": self.name_data_quality,
            "ssn_data_quality": self.ssn_data_quality,
            "dob_data_quality": self.dob_data_quality,
        }


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A whole file read into memory; see :func:`read_client_csv`."""

    layout: Layout
    records: list[ClientRecord]
    errors: list[RowError]


# --------------------------------------------------------------------------- columns

REQUIRED_COLUMNS: tuple[str, ...] = (
    "PersonalID",
    "FirstName",
    "LastName",
    "NameDataQuality",
    "SSN",
    "SSNDataQuality",
    "DOB",
    "DOBDataQuality",
    "DateUpdated",
)
_OPTIONAL_COMMON = (
    "MiddleName",
    "NameSuffix",
    "AdditionalRaceEthnicity",
    "VeteranStatus",
    "DateCreated",
    "DateDeleted",
)
_RACE_FLAGS = {
    Layout.FY2024: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
    Layout.FY2026: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
}  # fmt: skip
_GENDER_FLAGS = (
    "Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning", "DifferentIdentity",
)  # fmt: skip
_LAYOUT_MARKERS = {
    Layout.FY2024: ("HispanicLatinaeo", *_GENDER_FLAGS, "GenderNone", "DifferentIdentityText"),
    Layout.FY2026: ("Sex", "HispanicLatinao"),
}


def _layout_columns(layout: Layout) -> tuple[str, ...]:
    cols = (*REQUIRED_COLUMNS, *_OPTIONAL_COMMON, *_RACE_FLAGS[layout], "RaceNone")
    if layout is Layout.FY2024:
        return (*cols, *_GENDER_FLAGS, "GenderNone", "DifferentIdentityText")
    return (*cols, "Sex")


# --------------------------------------------------------------------------- codes


def _codes(*values: int) -> dict[str, int]:
    return {str(v): v for v in values}


_DATA_QUALITY = _codes(1, 2, 8, 9, 99)
_NO_YES = _codes(0, 1)
_NO_YES_MISSING = _codes(0, 1, 8, 9, 99)  # VeteranStatus
_NONE_REASONS = _codes(8, 9, 99)  # RaceNone, GenderNone
_SEX = _codes(0, 1, 8, 9, 99)

_SHORT_NUMBER = re.compile(r"\d{1,3}")
_PERSONAL_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SSN = re.compile(r"[0-9xX]{3}-?[0-9xX]{2}-?[0-9xX]{4}")
_DOB = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")

_EARLIEST_DOB = date(1900, 1, 1)
_CLOCK_SKEW = timedelta(days=1)

_INVALID = object()  # fast-path miss marker
_PARTIAL_SSN_REASON = "'x' marks a partial SSN, which needs SSNDataQuality 2 (approximate or partial)"
_SSN_REASON = "expected 9 digits (dashes allowed, 'x' for unknown digits of a partial SSN) or blank"
_DOB_REASON = "expected a date YYYY-MM-DD or blank"
_TIMESTAMP_REASON = "expected a timestamp YYYY-MM-DD HH:MM:SS"


def _code_reason(value: str, allowed: dict[str, int]) -> str:
    expected = ", ".join(allowed)
    if _SHORT_NUMBER.fullmatch(value):
        return f"{value} is not one of {expected}"
    return f"not a valid code; expected one of {expected}"


def _csv_reason(exc: csv.Error) -> str:
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


# --------------------------------------------------------------------------- reader

Source = str | os.PathLike[str] | TextIO | BinaryIO | Iterable[str]


def _is_binary(stream: object) -> bool:
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


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

    ``today`` (default: the current date) bounds DOB and DateUpdated.
    """

    layout: Layout
    #: Known optional columns this file lacks; their values are ``None``.
    missing_columns: tuple[str, ...]

    def __init__(self, source: Source, *, today: date | None = None) -> None:
        self._today = today or date.today()
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
            self._read_header()
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

    # -- header -------------------------------------------------------------

    def _read_header(self) -> None:
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
        if decode_failed:  # raised outside the except block: no chained bytes
            raise self._encoding_error()
        if problem is not None:
            raise CsvFileError(problem)
        if not any(h.strip() for h in header):
            raise CsvFileError("line 1: expected a Client.csv header line, found an empty file or line")

        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        positions: dict[str, int] = {}
        for i, name in enumerate(header):
            positions.setdefault(name.strip().lower(), i)

        present = {layout: [c for c in markers if c.lower() in positions]
                   for layout, markers in _LAYOUT_MARKERS.items()}  # fmt: skip
        if present[Layout.FY2024] and present[Layout.FY2026]:
            raise CsvFileError(
                "line 1: the header mixes FY2024 columns ("
                + ", ".join(present[Layout.FY2024])
                + ") with FY2026 columns ("
                + ", ".join(present[Layout.FY2026])
                + "); cannot tell the layout"
            )
        if present[Layout.FY2024]:
            self.layout = Layout.FY2024
        elif present[Layout.FY2026]:
            self.layout = Layout.FY2026
        else:
            missing = [c for c in REQUIRED_COLUMNS if c.lower() not in positions]
            if len(missing) == len(REQUIRED_COLUMNS):
                raise CsvFileError(
                    "line 1: not an HMIS Client.csv header (none of PersonalID, FirstName, ... found)"
                )
            raise CsvFileError(
                "line 1: unknown Client.csv layout: expected FY2024 columns (HispanicLatinaeo and "
                "gender columns such as Woman, Man) or FY2026 columns (Sex, HispanicLatinao)"
            )

        missing_required = [c for c in REQUIRED_COLUMNS if c.lower() not in positions]
        if missing_required:
            plural = "s" if len(missing_required) > 1 else ""
            raise CsvFileError(
                f"line 1: missing required column{plural} {', '.join(missing_required)} "
                f"({self.layout} layout)"
            )
        columns = _layout_columns(self.layout)
        for name in columns:
            if sum(1 for h in header if h.strip().lower() == name.lower()) > 1:
                raise CsvFileError(f"line 1: column {name} appears more than once")

        self._width = len(header)
        # A missing optional column points one past the end; rows get a "" appended.
        self._col = {c: positions.get(c.lower(), self._width) for c in columns}
        self.missing_columns = tuple(c for c in columns if c.lower() not in positions)
        self._pad = bool(self.missing_columns)

        # Coded columns, in a fixed order _validate relies on:
        # 3 data-quality codes, race flags + RaceNone, gender flags + GenderNone | Sex, VeteranStatus.
        self._race_names = (*_RACE_FLAGS[self.layout], "RaceNone")
        self._n_race = len(self._race_names)
        specs: list[tuple[str, dict[str, int], bool]] = [
            ("NameDataQuality", _DATA_QUALITY, True),
            ("SSNDataQuality", _DATA_QUALITY, True),
            ("DOBDataQuality", _DATA_QUALITY, True),
            *((name, _NO_YES, False) for name in _RACE_FLAGS[self.layout]),
            ("RaceNone", _NONE_REASONS, False),
        ]
        if self.layout is Layout.FY2024:
            self._gender_names = (*_GENDER_FLAGS, "GenderNone")
            specs += [(name, _NO_YES, False) for name in _GENDER_FLAGS]
            specs.append(("GenderNone", _NONE_REASONS, False))
        else:
            self._gender_names = ()
            specs.append(("Sex", _SEX, False))
        specs.append(("VeteranStatus", _NO_YES_MISSING, False))
        self._code_specs = tuple(specs)
        # Fast-path tables: exact raw text -> code; an optional column also maps "" -> None.
        self._code_tables = tuple(
            dict(allowed) if required else {**allowed, "": None} for _, allowed, required in specs
        )
        self._code_values = itemgetter(*(self._col[name] for name, _, _ in specs))
        self._latest_update = self._today + _CLOCK_SKEW

    # -- rows ---------------------------------------------------------------

    def _iter_rows(self) -> Iterator[ClientRecord | RowError]:
        reader = self._reader
        width = self._width
        seen: dict[str, int] = {}
        prev = reader.line_num
        try:
            while True:
                decode_failed = False
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    decode_failed = True
                except csv.Error as exc:
                    yield RowError(prev + 1, ROW, _csv_reason(exc))
                    prev = reader.line_num
                    continue
                if decode_failed:  # raised outside the except block: no chained bytes
                    raise self._encoding_error()
                line = prev + 1
                prev = reader.line_num
                if len(row) != width:
                    if not row or not any(v.strip() for v in row):
                        continue  # blank line, or a row of empty cells (spreadsheet residue)
                    yield RowError(
                        line,
                        ROW,
                        f"expected {width} fields, found {len(row)} (malformed quoting or a stray comma?)",
                    )
                    continue
                if self._pad:
                    row.append("")
                result = self._validate(row, line, seen)
                if isinstance(result, ClientRecord):
                    yield result
                else:
                    yield from result
        finally:
            self.close()

    def _validate(self, row: list[str], line: int, seen: dict[str, int]) -> ClientRecord | list[RowError]:
        col = self._col
        errors: list[RowError] = []
        warnings: list[RowError] = []

        # PersonalID (not PII, but never echoed: shifted columns can put anything here)
        personal_id = row[col["PersonalID"]].strip()
        if not personal_id:
            errors.append(RowError(line, "PersonalID", "required"))
        elif not _PERSONAL_ID.fullmatch(personal_id):
            if len(personal_id) > 32:
                errors.append(RowError(line, "PersonalID", "longer than 32 characters"))
            else:
                errors.append(RowError(line, "PersonalID", "only letters, digits, '_' and '-' are allowed"))
        else:
            first_line = seen.get(personal_id)
            if first_line is None:
                seen[personal_id] = line
            else:
                errors.append(
                    RowError(line, "PersonalID", f"duplicate PersonalID: first used on line {first_line}")
                )

        # Every coded column in one pass of C-level lookups; only odd values take the slow path.
        codes = list(map(dict.get, self._code_tables, self._code_values(row), repeat(_INVALID)))
        if _INVALID in codes:
            for k, value in enumerate(codes):
                if value is _INVALID:
                    codes[k] = self._slow_code(k, row, line, errors)
        name_dq, ssn_dq, dob_dq = codes[0], codes[1], codes[2]

        ssn: str | None = row[col["SSN"]].strip() or None
        if ssn is not None:
            if _SSN.fullmatch(ssn):
                if len(ssn) != 9:
                    ssn = ssn.replace("-", "")
                if "x" in ssn or "X" in ssn:
                    ssn = ssn.lower()
                    if ssn_dq is not None and ssn_dq != 2:
                        warnings.append(RowError(line, "SSN", _PARTIAL_SSN_REASON))
            else:
                ssn = None
                errors.append(RowError(line, "SSN", _SSN_REASON))

        date_updated = self._timestamp(row, "DateUpdated", line, errors)
        if date_updated is None:
            if not row[col["DateUpdated"]].strip():
                errors.append(RowError(line, "DateUpdated", f"required; {_TIMESTAMP_REASON}"))
        elif date_updated.date() > self._latest_update:
            errors.append(RowError(line, "DateUpdated", "is in the future"))

        dob: date | None = None
        dob_raw = row[col["DOB"]].strip()
        if dob_raw:
            if not _DOB.fullmatch(dob_raw):
                errors.append(RowError(line, "DOB", _DOB_REASON))
            else:
                try:
                    dob = date.fromisoformat(dob_raw[:10])
                except ValueError:
                    errors.append(RowError(line, "DOB", "not a real date"))
                else:
                    if dob < _EARLIEST_DOB:
                        errors.append(RowError(line, "DOB", "before 1900"))
                    elif dob > self._today:
                        errors.append(RowError(line, "DOB", "is in the future"))
                    elif date_updated is not None and dob > date_updated.date():
                        warnings.append(RowError(line, "DOB", "after the record's DateUpdated"))

        date_created = self._timestamp(row, "DateCreated", line, errors)
        date_deleted = self._timestamp(row, "DateDeleted", line, errors)

        if errors:
            errors.sort(key=self._column_order)
            return errors
        n_race = self._n_race
        race = dict(zip(self._race_names, codes[3 : 3 + n_race], strict=True))
        if self.layout is Layout.FY2024:
            gender = dict(zip(self._gender_names, codes[3 + n_race : -1], strict=True))
            sex = None
            different_identity_text = row[col["DifferentIdentityText"]].strip() or None
        else:
            gender = {}
            sex = codes[-2]
            different_identity_text = None
        return ClientRecord(
            line=line,
            layout=self.layout,
            personal_id=personal_id,
            first_name=row[col["FirstName"]].strip() or None,
            middle_name=row[col["MiddleName"]].strip() or None,
            last_name=row[col["LastName"]].strip() or None,
            name_suffix=row[col["NameSuffix"]].strip() or None,
            name_data_quality=name_dq,  # type: ignore[arg-type]  # required: None means an error above
            ssn=ssn,
            ssn_data_quality=ssn_dq,  # type: ignore[arg-type]
            dob=dob,
            dob_data_quality=dob_dq,  # type: ignore[arg-type]
            race=race,
            gender=gender,
            sex=sex,
            veteran_status=codes[-1],
            date_created=date_created,
            date_updated=date_updated,  # type: ignore[arg-type]
            date_deleted=date_deleted,
            additional_race_ethnicity=row[col["AdditionalRaceEthnicity"]].strip() or None,
            different_identity_text=different_identity_text,
            warnings=tuple(warnings),
        )

    def _slow_code(self, k: int, row: list[str], line: int, errors: list[RowError]) -> int | None:
        """A code the fast lookup did not accept: surrounding blanks, blank, or invalid."""
        column, allowed, required = self._code_specs[k]
        value = row[self._col[column]].strip()
        if not value:
            if required:
                errors.append(RowError(line, column, f"required; expected one of {', '.join(allowed)}"))
            return None
        result = allowed.get(value)
        if result is None:
            errors.append(RowError(line, column, _code_reason(value, allowed)))
        return result

    def _timestamp(self, row: list[str], column: str, line: int, errors: list[RowError]) -> datetime | None:
        value = row[self._col[column]].strip()
        if not value:
            return None
        if not _TIMESTAMP.fullmatch(value):
            errors.append(RowError(line, column, _TIMESTAMP_REASON))
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            errors.append(RowError(line, column, "not a real date and time"))
            return None

    def _column_order(self, error: RowError) -> int:
        """Errors of a row come out in the file's column order."""
        return self._col.get(error.column, -1)


def iter_client_csv(source: Source, *, today: date | None = None) -> ClientCsvReader:
    """Stream a ``Client.csv`` (path, binary or text stream): see :class:`ClientCsvReader`.

    >>> with iter_client_csv(path) as rows:            # doctest: +SKIP
    ...     print(rows.layout)
    ...     for item in rows:
    ...         ...                                     # ClientRecord or RowError
    """
    return ClientCsvReader(source, today=today)


def read_client_csv(source: Path | Source, *, today: date | None = None) -> ParsedFile:
    """Read a whole ``Client.csv`` into memory: records and errors, each in file order."""
    records: list[ClientRecord] = []
    errors: list[RowError] = []
    with ClientCsvReader(source, today=today) as reader:
        for item in reader:
            if isinstance(item, RowError):
                errors.append(item)
            else:
                records.append(item)
        return ParsedFile(reader.layout, records, errors)
