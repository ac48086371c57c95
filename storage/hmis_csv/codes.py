"""The coded columns of a row (data-quality codes, race and gender flags, Ethnicity, Sex, VeteranStatus).

A Client.csv has 20-odd coded columns and an import may have 100,000 rows, so all of a
row's codes are looked up in one pass of C-level dict lookups on the raw text; only a value
that misses (surrounding blanks, blank, invalid) takes the slow path that explains it.

A lenient read keeps a row whose codes break the specification: a blank or invalid
data-quality code reads as 99 (HUD's "data not collected", which is what a missing code
means), any other invalid code as blank; each with a warning.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import itemgetter

from storage.hmis_csv.errors import RowFindings
from storage.hmis_csv.header import Header
from storage.hmis_csv.layout import GENDER_FLAGS, RACE_FLAGS, Layout

__all__ = ["DOB_DQ", "NAME_DQ", "SSN_DQ", "CodedColumns"]


def _codes(*values: int) -> dict[str, int]:
    return {str(v): v for v in values}


_DATA_QUALITY = _codes(1, 2, 8, 9, 99)
_NO_YES = _codes(0, 1)
_NO_YES_MISSING = _codes(0, 1, 8, 9, 99)  # VeteranStatus
_NONE_REASONS = _codes(8, 9, 99)  # RaceNone, GenderNone
_SEX = _codes(0, 1, 8, 9, 99)
_ETHNICITY = _codes(0, 1, 8, 9, 99)  # FY2022
#: What a lenient read puts in place of a blank or invalid data-quality code.
DATA_NOT_COLLECTED = 99

_SHORT_NUMBER = re.compile(r"\d{1,3}")
_INVALID = object()  # fast-path miss marker

#: Indexes of the data-quality codes in :meth:`CodedColumns.read`'s result.
NAME_DQ, SSN_DQ, DOB_DQ = 0, 1, 2
_RACE_START = 3

#: (column, allowed codes, required)
_Spec = tuple[str, dict[str, int], bool]


def _race_names(layout: Layout) -> tuple[str, ...]:
    """The keys of a record's ``race``: the race flags, RaceNone, and FY2022's Ethnicity."""
    names = (*RACE_FLAGS[layout], "RaceNone")
    return (*names, "Ethnicity") if layout is Layout.FY2022 else names


def _specs(layout: Layout) -> tuple[_Spec, ...]:
    """The coded columns of ``layout`` in the order :meth:`CodedColumns.read` returns them:
    3 data-quality codes, race flags + RaceNone (+ Ethnicity), gender flags + GenderNone | Sex,
    VeteranStatus."""
    specs: list[_Spec] = [
        ("NameDataQuality", _DATA_QUALITY, True),
        ("SSNDataQuality", _DATA_QUALITY, True),
        ("DOBDataQuality", _DATA_QUALITY, True),
        *((name, _NO_YES, False) for name in RACE_FLAGS[layout]),
        ("RaceNone", _NONE_REASONS, False),
    ]
    if layout is Layout.FY2022:
        specs.append(("Ethnicity", _ETHNICITY, False))
    if GENDER_FLAGS[layout]:
        specs += [(name, _NO_YES, False) for name in GENDER_FLAGS[layout]]
        specs.append(("GenderNone", _NONE_REASONS, False))
    else:
        specs.append(("Sex", _SEX, False))
    specs.append(("VeteranStatus", _NO_YES_MISSING, False))
    return tuple(specs)


def _code_reason(value: str, allowed: dict[str, int]) -> str:
    """Quote the value only when it is a short number: a code, never a shifted name or SSN."""
    expected = ", ".join(allowed)
    if _SHORT_NUMBER.fullmatch(value):
        return f"{value} is not one of {expected}"
    return f"not a valid code; expected one of {expected}"


class CodedColumns:
    """Reads every coded column of a row of one file's layout."""

    def __init__(self, header: Header, *, lenient: bool = False) -> None:
        self._layout = header.layout
        self._positions = header.positions
        self._lenient = lenient
        self._specs = _specs(header.layout)
        self._race_names = _race_names(header.layout)
        self._race_end = _RACE_START + len(self._race_names)
        flags = GENDER_FLAGS[header.layout]
        self._gender_names = (*flags, "GenderNone") if flags else ()
        # Fast-path tables: exact raw text -> code; an optional column also maps "" -> None.
        self._tables = tuple(
            dict(allowed) if required else {**allowed, "": None} for _, allowed, required in self._specs
        )
        self._values = itemgetter(*(header.positions[name] for name, _, _ in self._specs))

    def read(self, row: list[str], found: RowFindings) -> list[int | None]:
        """All codes of ``row`` in :func:`_specs` order; ``None`` for blank or invalid
        (an invalid or missing required code is also reported to ``found``)."""
        codes = list(map(dict.get, self._tables, self._values(row), repeat(_INVALID)))
        if _INVALID in codes:
            for k, value in enumerate(codes):
                if value is _INVALID:
                    codes[k] = self._slow_code(k, row, found)
        return codes

    def demographics(
        self, codes: list[int | None]
    ) -> tuple[dict[str, int | None], dict[str, int | None], int | None, int | None]:
        """``(race, gender, sex, veteran_status)`` of a valid row's codes.

        ``race`` and ``gender`` are keyed by the layout's column names; ``gender`` (the gender
        flags and GenderNone) is empty for FY2026 and ``sex`` is ``None`` before FY2026.
        """
        end = self._race_end
        race = dict(zip(self._race_names, codes[_RACE_START:end], strict=True))
        if self._gender_names:
            return race, dict(zip(self._gender_names, codes[end:-1], strict=True)), None, codes[-1]
        return race, {}, codes[-2], codes[-1]

    def _slow_code(self, k: int, row: list[str], found: RowFindings) -> int | None:
        """A code the fast lookup did not accept: surrounding blanks, blank, or invalid."""
        column, allowed, required = self._specs[k]
        value = row[self._positions[column]].strip()
        stand_in = DATA_NOT_COLLECTED if required and self._lenient else None
        instead = f"read as {stand_in} (data not collected)" if stand_in is not None else "left out"
        if not value:
            if required:
                found.invalid(column, f"required; expected one of {', '.join(allowed)}", instead=instead)
            return stand_in
        result = allowed.get(value)
        if result is None:
            found.invalid(column, _code_reason(value, allowed), instead=instead)
            return stand_in
        return result
