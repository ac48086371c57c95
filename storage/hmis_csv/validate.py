"""Checks one data row of a ``Client.csv`` and turns it into a :class:`ClientRecord`.

One checker per field family (PersonalID, SSN, DOB, timestamps; the coded columns live in
:mod:`storage.hmis_csv.codes`), run in a fixed order because later checks use earlier
results: the SSN check needs SSNDataQuality, the DOB check needs DateUpdated. Each checker
reports to the row's :class:`~storage.hmis_csv.errors.RowFindings` instead of stopping, so a
coordinator sees every problem of a row at once; the errors are then put in the file's column order.

Two modes. *Strict* (the HUD specification, all or nothing per row): any violation rejects
the row. *Lenient* (what real exports need): a value that breaks the specification is read
another way when it can be (``5/8/1967``, an SSN with spaces) or else left out, each time
with a warning naming line and column; the row is kept when it has a PersonalID and a name,
DOB or SSN, because a person missing from the roster is a person the redactor cannot hide.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from operator import itemgetter

from storage.hmis_csv.codes import DOB_DQ, NAME_DQ, SSN_DQ, CodedColumns
from storage.hmis_csv.dates import read_loose
from storage.hmis_csv.errors import CONFLICT, REPEAT, RowError, RowFindings
from storage.hmis_csv.header import Header
from storage.hmis_csv.id_index import IdIndex
from storage.hmis_csv.layout import FREE_TEXT, layout_columns
from storage.hmis_csv.records import ClientRecord

__all__ = ["RowValidator"]

_PERSONAL_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SSN = re.compile(r"[0-9xX]{3}-?[0-9xX]{2}-?[0-9xX]{4}")
_SSN_SEPARATORS = re.compile(r"[\s.\-/]")
_SSN_COMPACT = re.compile(r"[0-9xX]{9}")
_DOB = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")

_EARLIEST_DOB = date(1900, 1, 1)
#: How far DateUpdated may run ahead of today before it counts as "in the future" (clock skew).
_CLOCK_SKEW = timedelta(days=1)
_HASH_BITS = 0xFFFFFFFF

_PARTIAL_SSN_REASON = "'x' marks a partial SSN, which needs SSNDataQuality 2 (approximate or partial)"
_SSN_REASON = "expected 9 digits (dashes allowed, 'x' for unknown digits of a partial SSN) or blank"
_DOB_REASON = "expected a date YYYY-MM-DD or blank"
_TIMESTAMP_REASON = "expected a timestamp YYYY-MM-DD HH:MM:SS"
_OTHER_FORMAT = "not in the HUD format {fmt}; read as {how}"
_NOTHING_TO_KNOW = "no name, DOB or SSN that can be read; the row is not imported"


class RowValidator:
    """Validates the rows of one file, in file order.

    One validator per file: it remembers each PersonalID's first line to report duplicates
    (and, when lenient, a fingerprint of the row, to tell an exact repeat from a conflict).
    ``today`` bounds DOB and DateUpdated.
    """

    def __init__(self, header: Header, *, today: date, lenient: bool = False) -> None:
        self._layout = header.layout
        self._col = header.positions
        self._codes = CodedColumns(header, lenient=lenient)
        self._today = today
        self._lenient = lenient
        self._latest_update = today + _CLOCK_SKEW
        self._free_text = FREE_TEXT[header.layout]
        # Strict: PersonalID -> first line. Lenient: -> row fingerprint << 32 | first line.
        self._seen = IdIndex()
        self._fingerprint = itemgetter(*(header.positions[c] for c in layout_columns(header.layout)))

    def validate(self, row: list[str], *, line: int) -> ClientRecord | list[RowError]:
        """The record of a kept row, or every error of a rejected one (in column order).

        ``row`` has the header's width plus, when the file lacks a known column, one
        trailing empty cell that the missing columns point at.
        """
        col = self._col
        found = RowFindings(line, lenient=self._lenient)
        personal_id = row[col["PersonalID"]].strip()
        if _check_personal_id(personal_id, found=found) and not self._lenient:
            self._note_strict_duplicate(personal_id, found=found)
        codes = self._codes.read(row, found)
        ssn = _check_ssn(row[col["SSN"]].strip(), ssn_dq=codes[SSN_DQ], found=found)
        date_updated = _check_date_updated(
            row[col["DateUpdated"]].strip(), latest=self._latest_update, today=self._today, found=found
        )
        dob = _check_dob(row[col["DOB"]].strip(), today=self._today, date_updated=date_updated, found=found)
        date_created = _check_timestamp(row[col["DateCreated"]].strip(), "DateCreated", self._today, found)
        date_deleted = _check_timestamp(row[col["DateDeleted"]].strip(), "DateDeleted", self._today, found)
        names = [row[col[c]].strip() or None for c in ("FirstName", "MiddleName", "LastName", "NameSuffix")]
        if (
            self._lenient
            and not found.errors
            and not (names[0] or names[2] or ssn or dob or date_deleted is not None)
        ):
            found.error("PersonalID", _NOTHING_TO_KNOW)
        if found.errors:
            found.errors.sort(key=self._column_order)
            return found.errors
        found.warnings.sort(key=self._column_order)
        if self._lenient:
            repeated = self._lenient_duplicate(personal_id, row, line=line)
            if repeated is not None:
                return [repeated]
        first, middle, last, suffix = names
        race, gender, sex, veteran_status = self._codes.demographics(codes)
        return ClientRecord(
            line=line,
            layout=self._layout,
            personal_id=personal_id,
            first_name=first,
            middle_name=middle,
            last_name=last,
            name_suffix=suffix,
            name_data_quality=codes[NAME_DQ],  # type: ignore[arg-type]  # required: 99 or an error
            ssn=ssn,
            ssn_data_quality=codes[SSN_DQ],  # type: ignore[arg-type]
            dob=dob,
            dob_data_quality=codes[DOB_DQ],  # type: ignore[arg-type]
            race=race,
            gender=gender,
            sex=sex,
            veteran_status=veteran_status,
            date_created=date_created,
            date_updated=date_updated,
            date_deleted=date_deleted,
            additional_race_ethnicity=self._text(row, "AdditionalRaceEthnicity"),
            different_identity_text=self._text(row, "DifferentIdentityText"),
            warnings=tuple(found.warnings),
        )

    def _text(self, row: list[str], column: str) -> str | None:
        """Free text is taken as is (stripped); ``None`` where the layout has no such column."""
        if column not in self._free_text:
            return None
        return row[self._col[column]].strip() or None

    def _note_strict_duplicate(self, personal_id: str, *, found: RowFindings) -> None:
        first_line = self._seen.first(personal_id, found.line)
        if first_line is not None:
            found.error("PersonalID", f"duplicate PersonalID: first used on line {first_line}")

    def _lenient_duplicate(self, personal_id: str, row: list[str], *, line: int) -> RowError | None:
        """``None`` for the first kept row of a PersonalID; a REPEAT or CONFLICT error otherwise.

        Only kept rows count: a rejected first row must not shadow a usable later one. The
        fingerprint is 32 bits of the row's known columns (stripped); two rows of one ID that
        differ yet collide are a 1-in-4-billion chance, and only ever read as a harmless repeat.
        """
        mark = hash(tuple(map(str.strip, self._fingerprint(row)))) & _HASH_BITS
        held = self._seen.first(personal_id, mark << 32 | line)
        if held is None:
            return None
        first_line = held & _HASH_BITS
        if held >> 32 == mark:
            return RowError(line, "PersonalID", f"repeats line {first_line} exactly; imported once", REPEAT)
        return RowError(
            line,
            "PersonalID",
            f"the PersonalID of line {first_line} with other values; which row is right cannot be told",
            CONFLICT,
        )

    def _column_order(self, error: RowError) -> int:
        """Errors of a row come out in the file's column order."""
        return self._col.get(error.column, -1)


def _check_personal_id(value: str, *, found: RowFindings) -> bool:
    """PersonalID is not PII, but it is never echoed: shifted columns can put anything here.
    Without a usable one the row is rejected in either mode: it is what casebot shows instead of a name."""
    if not value:
        found.error("PersonalID", "required")
    elif not _PERSONAL_ID.fullmatch(value):
        if len(value) > 32:
            found.error("PersonalID", "longer than 32 characters")
        else:
            found.error("PersonalID", "only letters, digits, '_' and '-' are allowed")
    else:
        return True
    return False


def _check_ssn(value: str, *, ssn_dq: int | None, found: RowFindings) -> str | None:
    """9 digits without dashes; a partial SSN keeps lower-case ``x``. A partial SSN whose
    SSNDataQuality is not 2 is a warning, not an error (see ``ClientRecord.warnings``)."""
    if not value:
        return None
    if not _SSN.fullmatch(value):
        return _loose_ssn(value, found=found)
    ssn = value if len(value) == 9 else value.replace("-", "")
    if "x" in ssn or "X" in ssn:
        ssn = ssn.lower()
        if ssn_dq is not None and ssn_dq != 2:
            found.warn("SSN", _PARTIAL_SSN_REASON)
    return ssn


def _loose_ssn(value: str, *, found: RowFindings) -> str | None:
    """Lenient: 9 digits with spaces, dots or odd dashes are still the SSN, and 4 digits alone are
    its last four (a partial SSN); anything else (a spreadsheet's lost leading zero, 6 digits)
    cannot be told apart from a wrong number and is left out."""
    if found.lenient:
        compact = _SSN_SEPARATORS.sub("", value)
        if _SSN_COMPACT.fullmatch(compact):
            found.lenient_warn("SSN", _OTHER_FORMAT.format(fmt="of 9 digits", how="9 digits"))
            return compact.lower()
        if len(compact) == 4 and compact.isdigit():
            found.lenient_warn("SSN", "4 digits; read as the last four of a partial SSN")
            return "xxxxx" + compact
    found.invalid("SSN", _SSN_REASON)
    return None


def _check_date_updated(value: str, *, latest: date, today: date, found: RowFindings) -> datetime | None:
    """Required; up to :data:`_CLOCK_SKEW` ahead of today is tolerated, further is an error
    (lenient: left out, so the row can never win over a later export's)."""
    if not value:
        found.invalid("DateUpdated", f"required; {_TIMESTAMP_REASON}")
        return None
    date_updated = _check_timestamp(value, "DateUpdated", today, found)
    if date_updated is not None and date_updated.date() > latest:
        found.invalid("DateUpdated", "is in the future")
        return None
    return date_updated


def _check_dob(value: str, *, today: date, date_updated: datetime | None, found: RowFindings) -> date | None:
    """A real date from 1900 to today. A DOB after the record's DateUpdated is a warning,
    not an error: the row stays usable (see ``ClientRecord.warnings``)."""
    if not value:
        return None
    if _DOB.fullmatch(value):
        try:
            dob = date.fromisoformat(value[:10])
        except ValueError:
            found.invalid("DOB", "not a real date")
            return None
    else:
        dob = _loose_dob(value, today=today, date_updated=date_updated, found=found)
        if dob is None:
            return None
    if dob < _EARLIEST_DOB:
        found.invalid("DOB", "before 1900")
        return None
    if dob > today:
        found.invalid("DOB", "is in the future")
        return None
    if date_updated is not None and dob > date_updated.date():
        found.warn("DOB", "after the record's DateUpdated")
    return dob


def _loose_dob(value: str, *, today: date, date_updated: datetime | None, found: RowFindings) -> date | None:
    """A two-digit year is read against the record's DateUpdated when known: a person recorded
    in 2017 with DOB ``17-JUN-20`` was born in 1920, not 2020."""
    bound = min(today, date_updated.date()) if date_updated is not None else today
    loose = read_loose(value, today=bound) if found.lenient else None
    if loose is None:
        found.invalid("DOB", _DOB_REASON)
        return None
    if loose.partial or loose.day is None:
        found.invalid("DOB", "a partial date (a year, or a year and month): not a date of birth")
        return None
    how = "a date" + (", its two-digit year the latest not in the future" if loose.two_digit_year else "")
    found.lenient_warn("DOB", _OTHER_FORMAT.format(fmt="YYYY-MM-DD", how=how))
    return loose.day


def _check_timestamp(value: str, column: str, today: date, found: RowFindings) -> datetime | None:
    """A blank optional timestamp is ``None``; a malformed or impossible one is an error
    (lenient: read from another format when it names one day, else left out)."""
    if not value:
        return None
    if _TIMESTAMP.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            found.invalid(column, "not a real date and time")
            return None
    loose = read_loose(value, today=today) if found.lenient else None
    if loose is None or loose.day is None:
        found.invalid(column, _TIMESTAMP_REASON)
        return None
    how = "a date and time" if loose.moment is not None else "a date at midnight"
    if loose.two_digit_year:
        how += ", its two-digit year the latest not in the future"
    found.lenient_warn(column, _OTHER_FORMAT.format(fmt="YYYY-MM-DD HH:MM:SS", how=how))
    return loose.moment or datetime.combine(loose.day, datetime.min.time())
