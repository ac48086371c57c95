"""What the reader yields for a valid row: :class:`ClientRecord`.

Its own module because the validator builds it and every importer consumes it; keeping
it free of parsing code lets both depend on it without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storage.hmis_csv.errors import RowError
from storage.hmis_csv.layout import Layout

__all__ = ["ClientRecord"]


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One valid client row.

    ``race`` and ``gender`` are keyed by the HUD column names *of the file's
    layout*: the Hispanic/Latin(a)(e)(o) flag is ``HispanicLatinaeo`` in FY2024
    files and ``HispanicLatinao`` in FY2026 files; ``race`` includes
    ``RaceNone`` (and FY2022's ``Ethnicity``). ``gender`` holds the gender flags
    of FY2022 or FY2024 including ``GenderNone`` and is empty for FY2026; ``sex``
    is FY2026 only. A column missing from the file gives ``None``.

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
    #: ``None`` only from a lenient read whose DateUpdated could not be read.
    date_updated: datetime | None
    date_deleted: datetime | None
    #: Free text (``AdditionalRaceEthnicity``); treat as PII.
    additional_race_ethnicity: str | None = field(repr=False)
    #: Free text (``DifferentIdentityText``, FY2024 only); treat as PII.
    different_identity_text: str | None = field(repr=False)
    #: Inconsistencies that leave the row usable (a partial SSN marked complete, a DOB
    #: after DateUpdated) and, from a lenient read, every value read another way or left out.
    #: The row is still imported: casebot needs the person's name to recognise them in chat,
    #: and dropping them would let their PII through.
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
