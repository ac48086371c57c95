"""The three ``Client.csv`` layouts, their columns, and how a header tells them apart.

* FY2022 -- ``Ethnicity``, the gender flags ``Female``, ``Male``, ``NoSingleGender``,
  ``Transgender``, ``Questioning``, ``GenderNone``; no ``MidEastNAfrican``, no
  ``AdditionalRaceEthnicity``;
* FY2024 -- gender flags (``Woman`` ... ``GenderNone``, ``DifferentIdentityText``)
  and ``HispanicLatinaeo``;
* FY2026 -- no gender columns, ``Sex`` (0 female, 1 male, 8, 9, 99) and
  ``HispanicLatinao``.

Name, SSN and DOB columns (and their data-quality codes) are the same in all three.
Kept apart from parsing so the one place that knows the HUD specification years is
small enough to check against the specifications line by line.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from storage.hmis_csv.errors import CsvFileError

__all__ = [
    "FREE_TEXT",
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

    FY2022 = "FY2022"
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
#: Known columns of every layout that a file may lack (their values are then ``None``).
OPTIONAL_COMMON: tuple[str, ...] = (
    "MiddleName",
    "NameSuffix",
    "VeteranStatus",
    "DateCreated",
    "DateDeleted",
)
#: The race (and, for FY2022, ethnicity) columns of each layout, ``RaceNone`` excluded.
RACE_FLAGS: dict[Layout, tuple[str, ...]] = {
    Layout.FY2022: ("AmIndAKNative", "Asian", "BlackAfAmerican", "NativeHIPacific", "White"),
    Layout.FY2024: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
    Layout.FY2026: (
        "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
        "MidEastNAfrican", "NativeHIPacific", "White",
    ),
}  # fmt: skip
#: The gender flags of each layout, ``GenderNone`` excluded (FY2026 has ``Sex`` instead).
GENDER_FLAGS: dict[Layout, tuple[str, ...]] = {
    Layout.FY2022: ("Female", "Male", "NoSingleGender", "Transgender", "Questioning"),
    Layout.FY2024: (
        "Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning", "DifferentIdentity",
    ),
    Layout.FY2026: (),
}  # fmt: skip
#: Free-text columns of each layout (treated as PII, never in demographics).
FREE_TEXT: dict[Layout, tuple[str, ...]] = {
    Layout.FY2022: (),
    Layout.FY2024: ("AdditionalRaceEthnicity", "DifferentIdentityText"),
    Layout.FY2026: ("AdditionalRaceEthnicity",),
}
# Columns only one layout has. Transgender, Questioning and GenderNone are in FY2022 and FY2024
# alike, so they tell nothing.
_LAYOUT_MARKERS = {
    Layout.FY2022: ("Ethnicity", "Female", "Male", "NoSingleGender"),
    Layout.FY2024: (
        "HispanicLatinaeo", "Woman", "Man", "NonBinary", "CulturallySpecific", "DifferentIdentity",
        "DifferentIdentityText",
    ),
    Layout.FY2026: ("Sex", "HispanicLatinao"),
}  # fmt: skip


def layout_columns(layout: Layout) -> tuple[str, ...]:
    """Every column the reader uses in a file of ``layout``, required ones first."""
    cols = (*REQUIRED_COLUMNS, *OPTIONAL_COMMON, *RACE_FLAGS[layout], "RaceNone", *FREE_TEXT[layout])
    if layout is Layout.FY2022:
        return (*cols, "Ethnicity", *GENDER_FLAGS[layout], "GenderNone")
    if layout is Layout.FY2024:
        return (*cols, *GENDER_FLAGS[layout], "GenderNone")
    return (*cols, "Sex")


def detect_layout(names: Mapping[str, int]) -> Layout:
    """The layout whose marker columns appear among ``names`` (lower-cased header names).

    A header with markers of two years is refused rather than guessed: reading FY2026
    ``Sex`` codes as FY2024 gender flags (or the reverse) would import wrong demographics
    without a single row error.
    """
    present = {layout: [c for c in markers if c.lower() in names]
               for layout, markers in _LAYOUT_MARKERS.items()}  # fmt: skip
    found = [layout for layout, columns in present.items() if columns]
    if len(found) > 1:
        first, second = found[:2]
        raise CsvFileError(
            f"line 1: the header mixes {first} columns ("
            + ", ".join(present[first])
            + f") with {second} columns ("
            + ", ".join(present[second])
            + "); cannot tell the layout"
        )
    if found:
        return found[0]
    missing = [c for c in REQUIRED_COLUMNS if c.lower() not in names]
    if len(missing) == len(REQUIRED_COLUMNS):
        raise CsvFileError("line 1: not an HMIS Client.csv header (none of PersonalID, FirstName, ... found)")
    raise CsvFileError(
        "line 1: unknown Client.csv layout: expected FY2022 columns (Ethnicity, Female, Male), "
        "FY2024 columns (HispanicLatinaeo and gender columns such as Woman, Man) or FY2026 columns "
        "(Sex, HispanicLatinao)"
    )
