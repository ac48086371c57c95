"""What an admin says about a new client besides their identity: HUD demographics and the true birth.

Race, gender and veteran status are HUD universal data, collected for
anonymous clients too; nobody is refused a record for withholding a name.
The true birth is the one piece of PII an anonymous record is built from, and
it is used once, in memory, to pick the template DOB; with the template name,
that is all an anonymous record holds (``template_pii``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.clients.template import (
    DOB_DQ_APPROXIMATE,
    MISSING_REASONS,
    DobRuleError,
    TemplateName,
    recorded_dob,
    recorded_dob_from_year,
)
from bot.errors import AdminError
from storage.clients import ClientPII

# HUD FY2024 HMIS Data Dictionary 3.04 (race and ethnicity) and 3.06 (gender): code -> CSV column.
RACE_CODES = {
    1: "AmIndAKNative",
    2: "Asian",
    3: "BlackAfAmerican",
    4: "NativeHIPacific",
    5: "White",
    6: "HispanicLatinaeo",
    7: "MidEastNAfrican",
}
GENDER_CODES = {
    0: "Woman",
    1: "Man",
    2: "CulturallySpecific",
    3: "DifferentIdentity",
    4: "NonBinary",
    5: "Transgender",
    6: "Questioning",
}
VETERAN_CODES = (0, 1, 8, 9, 99)
# Data quality (3.01-3.03), for records created or de-identified here.
FULL = 1  # full name / SSN / DOB reported
NOT_COLLECTED = 99


@dataclass(frozen=True, slots=True)
class Demographics:
    """Race, gender and veteran status: still collected for anonymous clients (HUD universal data)."""

    race: tuple[str, ...] = ()
    race_none: int | None = None
    gender: tuple[str, ...] = ()
    gender_none: int | None = None
    veteran_status: int = 99

    def as_json(self) -> dict[str, Any]:
        """The shape ``Client.csv`` imports store (FY2024 layout), so every reader sees one format."""
        return {
            "layout": "FY2024",
            "race": {
                **{col: int(col in self.race) for col in RACE_CODES.values()},
                "RaceNone": self.race_none,
            },
            "gender": {
                **{col: int(col in self.gender) for col in GENDER_CODES.values()},
                "GenderNone": self.gender_none,
            },
            "sex": None,
            "veteran_status": self.veteran_status,
        }


def _codes(
    values: Iterable[str], table: dict[int, str], *, option: str
) -> tuple[tuple[str, ...], int | None]:
    """HUD codes or column names (any case) -> columns, or a single "none" reason (8, 9, 99)."""
    by_name = {name.lower(): name for name in table.values()}
    columns: list[str] = []
    reason: int | None = None
    for raw in values:
        for token in (t.strip() for t in str(raw).split(",")):
            if not token:
                continue
            if token.isdigit() and int(token) in MISSING_REASONS:
                reason = int(token)
            elif token.isdigit() and int(token) in table:
                columns.append(table[int(token)])
            elif token.lower() in by_name:
                columns.append(by_name[token.lower()])
            else:
                allowed = ", ".join(f"{k} {v}" for k, v in table.items())
                raise AdminError(f"{option}: not a HUD code or name; expected one of {allowed}, or 8, 9, 99")
    if reason is not None and columns:
        raise AdminError(f"{option}: 8, 9 and 99 mean no answer and cannot be combined with other codes")
    if reason is None and not columns:
        raise AdminError(f"{option} is required (HUD codes, or 8, 9, 99 when there is no answer)")
    return tuple(dict.fromkeys(columns)), reason


def parse_demographics(*, race: Iterable[str], gender: Iterable[str], veteran: str | int) -> Demographics:
    """The errors name the command-line option, because an admin typed these at the CLI."""
    race_cols, race_none = _codes(race, RACE_CODES, option="--race")
    gender_cols, gender_none = _codes(gender, GENDER_CODES, option="--gender")
    try:
        vet = int(str(veteran).strip())
    except ValueError:
        vet = -1
    if vet not in VETERAN_CODES:
        raise AdminError("--veteran: expected 0 (no), 1 (yes), 8, 9 or 99")
    return Demographics(race_cols, race_none, gender_cols, gender_none, vet)


@dataclass(frozen=True, slots=True, repr=False)
class TrueBirth:
    """What the client said about their birth. Used once, in memory, for the template DOB; never stored."""

    dob: date | None = None
    year: int | None = None
    stated_age: int | None = None
    missing_reason: int | None = None  # 8, 9 or 99: no date at all

    def __repr__(self) -> str:
        return "TrueBirth(<hidden>)"


def template_dob(birth: TrueBirth, *, entry: date) -> tuple[date | None, int]:
    """The DOB an anonymous record holds and its DOBDataQuality."""
    given = [x for x in (birth.dob, birth.year, birth.missing_reason) if x is not None]
    if len(given) != 1:
        raise AdminError("give exactly one of --birth-date, --birth-year or --birth-unknown")
    try:
        if birth.dob is not None:
            if birth.dob > entry:
                raise AdminError("--birth-date is after the date of entry")
            return recorded_dob(birth.dob, entry=entry), DOB_DQ_APPROXIMATE
        if birth.year is not None:
            return (
                recorded_dob_from_year(birth.year, entry=entry, stated_age=birth.stated_age),
                DOB_DQ_APPROXIMATE,
            )
    except DobRuleError as exc:
        raise AdminError(str(exc)) from None
    if birth.missing_reason not in MISSING_REASONS:
        raise AdminError("--birth-unknown: expected 8 (doesn't know), 9 (prefers not to answer) or 99")
    return None, int(birth.missing_reason)  # type: ignore[arg-type]


def template_pii(*, name: TemplateName, dob: date | None) -> ClientPII:
    """An anonymous record still holds ciphertext, so every PII column keeps meaning "encrypted"."""
    return ClientPII(first_name=name.first, last_name=name.last, dob=dob)
