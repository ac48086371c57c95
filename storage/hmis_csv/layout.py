"""The two ``Client.csv`` layouts, their columns, and how a header tells them apart.

* FY2024 -- gender flags (``Woman`` ... ``GenderNone``, ``DifferentIdentityText``)
  and ``HispanicLatinaeo``;
* FY2026 -- no gender columns, ``Sex`` (0 female, 1 male, 8, 9, 99) and
  ``HispanicLatinao``.

Kept apart from parsing so the one place that knows the HUD specification years is
small enough to check against the specification line by line.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from storage.hmis_csv.errors import CsvFileError

__all__ = [
    "GENDER_FLAGS",
    "OPTIONAL_COMMON",
    "RACE_FLAGS",
    "REQUIRED_COLUMNS",
    "Layout",
    "detect_layout",
    "layout_columns",
]


class Layout(StrEnum):
    """HMIS CSV specification year of a ``Client.csv``, detected from its header."""

    FY2024 = "FY2024"
    FY2026 = "FY2026"


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
#: Known columns of both layouts that a file may lack (their values are then ``None``).
OPTIONAL_COMMON: tuple[str, ...] = (
    "MiddleName",
    "NameSuffix",
    "AdditionalRaceEthnicity",
    "VeteranStatus",
    "DateCreated",
    "DateDeleted",
)
RACE_FLAGS: dict[Layout, tuple[str, ...]] = {
    Layout.FY2024: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
    Layout.FY2026: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
}  # fmt: skip
#: FY2024 only.
GENDER_FLAGS: tuple[str, ...] = (
    "Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning", "DifferentIdentity",
)  # fmt: skip
_LAYOUT_MARKERS = {
    Layout.FY2024: ("HispanicLatinaeo", *GENDER_FLAGS, "GenderNone", "DifferentIdentityText"),
    Layout.FY2026: ("Sex", "HispanicLatinao"),
}


def layout_columns(layout: Layout) -> tuple[str, ...]:
    """Every column the reader uses in a file of ``layout``, required ones first."""
    cols = (*REQUIRED_COLUMNS, *OPTIONAL_COMMON, *RACE_FLAGS[layout], "RaceNone")
    if layout is Layout.FY2024:
        return (*cols, *GENDER_FLAGS, "GenderNone", "DifferentIdentityText")
    return (*cols, "Sex")


def detect_layout(names: Mapping[str, int]) -> Layout:
    """The layout whose marker columns appear among ``names`` (lower-cased header names).

    A header with markers of both years is refused rather than guessed: reading FY2026
    ``Sex`` codes as FY2024 gender flags (or the reverse) would import wrong demographics
    without a single row error.
    """
    present = {layout: [c for c in markers if c.lower() in names]
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
        return Layout.FY2024
    if present[Layout.FY2026]:
        return Layout.FY2026
    missing = [c for c in REQUIRED_COLUMNS if c.lower() not in names]
    if len(missing) == len(REQUIRED_COLUMNS):
        raise CsvFileError("line 1: not an HMIS Client.csv header (none of PersonalID, FirstName, ... found)")
    raise CsvFileError(
        "line 1: unknown Client.csv layout: expected FY2024 columns (HispanicLatinaeo and "
        "gender columns such as Woman, Man) or FY2026 columns (Sex, HispanicLatinao)"
    )
