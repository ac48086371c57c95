"""Checks one data row of a ``Client.csv`` and turns it into a :class:`ClientRecord`.

One checker per field family (PersonalID, SSN, DOB, timestamps; the coded columns live in
:mod:`storage.hmis_csv.codes`), run in a fixed order because later checks use earlier
results: the SSN check needs SSNDataQuality, the DOB check needs DateUpdated. Each checker
reports to the row's :class:`~storage.hmis_csv.errors.RowFindings` instead of stopping, so a
coordinator sees every problem of a row at once; the errors are then put in the file's column order.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from storage.hmis_csv.codes import DOB_DQ, NAME_DQ, SSN_DQ, CodedColumns
from storage.hmis_csv.errors import RowError, RowFindings
from storage.hmis_csv.header import Header
from storage.hmis_csv.layout import Layout
from storage.hmis_csv.records import ClientRecord

__all__ = ["RowValidator"]

_PERSONAL_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_SSN = re.compile(r"[0-9xX]{3}-?[0-9xX]{2}-?[0-9xX]{4}")
_DOB = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")

_EARLIEST_DOB = date(1900, 1, 1)
#: How far DateUpdated may run ahead of today before it counts as "in the future" (clock skew).
_CLOCK_SKEW = timedelta(days=1)

_PARTIAL_SSN_REASON = "'x' marks a partial SSN, which needs SSNDataQuality 2 (approximate or partial)"
_SSN_REASON = "expected 9 digits (dashes allowed, 'x' for unknown digits of a partial SSN) or blank"
_DOB_REASON = "expected a date YYYY-MM-DD or blank"
_TIMESTAMP_REASON = "expected a timestamp YYYY-MM-DD HH:MM:SS"


class RowValidator:
    """Validates the rows of one file, in file order.

    One validator per file: it remembers each PersonalID's first line to report duplicates.
    ``today`` bounds DOB and DateUpdated.
    """

    def __init__(self, header: Header, *, today: date) -> None:
        self._layout = header.layout
        self._col = header.positions
        self._codes = CodedColumns(header)
        self._today = today
        self._latest_update = today + _CLOCK_SKEW
        self._seen: dict[str, int] = {}

    def validate(self, row: list[str], *, line: int) -> ClientRecord | list[RowError]:
        """The record of a valid row, or every error of an invalid one (in column order).

        ``row`` has the header's width plus, when the file lacks a known column, one
        trailing empty cell that the missing columns point at.
        """
        col = self._col
        found = RowFindings(line)
        personal_id = _check_personal_id(row[col["PersonalID"]].strip(), seen=self._seen, found=found)
        codes = self._codes.read(row, found)
        ssn = _check_ssn(row[col["SSN"]].strip(), ssn_dq=codes[SSN_DQ], found=found)
        date_updated = _check_date_updated(
            row[col["DateUpdated"]].strip(), latest=self._latest_update, found=found
        )
        dob = _check_dob(row[col["DOB"]].strip(), today=self._today, date_updated=date_updated, found=found)
        date_created = _check_timestamp(row[col["DateCreated"]].strip(), "DateCreated", found)
        date_deleted = _check_timestamp(row[col["DateDeleted"]].strip(), "DateDeleted", found)
        if found.errors:
            found.errors.sort(key=self._column_order)
            return found.errors
        return self._record(
            row,
            line=line,
            personal_id=personal_id,
            codes=codes,
            ssn=ssn,
            dob=dob,
            date_created=date_created,
            date_updated=date_updated,  # type: ignore[arg-type]  # required: None means an error above
            date_deleted=date_deleted,
            warnings=tuple(found.warnings),
        )

    def _record(
        self,
        row: list[str],
        *,
        line: int,
        personal_id: str,
        codes: list[int | None],
        ssn: str | None,
        dob: date | None,
        date_created: datetime | None,
        date_updated: datetime,
        date_deleted: datetime | None,
        warnings: tuple[RowError, ...],
    ) -> ClientRecord:
        """Assemble a row that passed every check; free text is taken as is (stripped)."""
        col = self._col
        race, gender, sex, veteran_status = self._codes.demographics(codes)
        fy2024 = self._layout is Layout.FY2024
        return ClientRecord(
            line=line,
            layout=self._layout,
            personal_id=personal_id,
            first_name=row[col["FirstName"]].strip() or None,
            middle_name=row[col["MiddleName"]].strip() or None,
            last_name=row[col["LastName"]].strip() or None,
            name_suffix=row[col["NameSuffix"]].strip() or None,
            name_data_quality=codes[NAME_DQ],  # type: ignore[arg-type]  # required: None means an error
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
            additional_race_ethnicity=row[col["AdditionalRaceEthnicity"]].strip() or None,
            different_identity_text=(row[col["DifferentIdentityText"]].strip() or None) if fy2024 else None,
            warnings=warnings,
        )

    def _column_order(self, error: RowError) -> int:
        """Errors of a row come out in the file's column order."""
        return self._col.get(error.column, -1)


def _check_personal_id(value: str, *, seen: dict[str, int], found: RowFindings) -> str:
    """PersonalID is not PII, but it is never echoed: shifted columns can put anything here."""
    if not value:
        found.error("PersonalID", "required")
    elif not _PERSONAL_ID.fullmatch(value):
        if len(value) > 32:
            found.error("PersonalID", "longer than 32 characters")
        else:
            found.error("PersonalID", "only letters, digits, '_' and '-' are allowed")
    else:
        first_line = seen.get(value)
        if first_line is None:
            seen[value] = found.line
        else:
            found.error("PersonalID", f"duplicate PersonalID: first used on line {first_line}")
    return value


def _check_ssn(value: str, *, ssn_dq: int | None, found: RowFindings) -> str | None:
    """9 digits without dashes; a partial SSN keeps lower-case ``x``. A partial SSN whose
    SSNDataQuality is not 2 is a warning, not an error (see ``ClientRecord.warnings``)."""
    if not value:
        return None
    if not _SSN.fullmatch(value):
        found.error("SSN", _SSN_REASON)
        return None
    ssn = value if len(value) == 9 else value.replace("-", "")
    if "x" in ssn or "X" in ssn:
        ssn = ssn.lower()
        if ssn_dq is not None and ssn_dq != 2:
            found.warn("SSN", _PARTIAL_SSN_REASON)
    return ssn


def _check_date_updated(value: str, *, latest: date, found: RowFindings) -> datetime | None:
    """Required; up to :data:`_CLOCK_SKEW` ahead of today is tolerated, further is an error."""
    date_updated = _check_timestamp(value, "DateUpdated", found)
    if date_updated is None:
        if not value:
            found.error("DateUpdated", f"required; {_TIMESTAMP_REASON}")
    elif date_updated.date() > latest:
        found.error("DateUpdated", "is in the future")
    return date_updated


def _check_dob(value: str, *, today: date, date_updated: datetime | None, found: RowFindings) -> date | None:
    """A real date from 1900 to today. A DOB after the record's DateUpdated is a warning,
    not an error: the row stays usable (see ``ClientRecord.warnings``)."""
    if not value:
        return None
    if not _DOB.fullmatch(value):
        found.error("DOB", _DOB_REASON)
        return None
    try:
        dob = date.fromisoformat(value[:10])
    except ValueError:
        found.error("DOB", "not a real date")
        return None
    if dob < _EARLIEST_DOB:
        found.error("DOB", "before 1900")
        return None
    if dob > today:
        found.error("DOB", "is in the future")
        return None
    if date_updated is not None and dob > date_updated.date():
        found.warn("DOB", "after the record's DateUpdated")
    return dob


def _check_timestamp(value: str, column: str, found: RowFindings) -> datetime | None:
    """A blank optional timestamp is ``None``; a malformed or impossible one is an error."""
    if not value:
        return None
    if not _TIMESTAMP.fullmatch(value):
        found.error(column, _TIMESTAMP_REASON)
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        found.error(column, "not a real date and time")
        return None
