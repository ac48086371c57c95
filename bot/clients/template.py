"""The anonymous-client template: what an anonymous record holds instead of the person's identity.

Pure rules, no I/O. The seed procedure: first and last name "Anonymous", SSN
empty with SSNDataQuality 99, DOB January 1st of the year *after* the true
birth year with DOBDataQuality 2, except that a client aged 24 or younger, or
over 60, gets January 1st of the *true* birth year. Race, gender and veteran
status are still collected.

Decisions, and why:

* **Age** is the number of whole years completed on the date of entry (the
  day the anonymous record is created, or the day an existing client is
  de-identified), computed from the true date of birth:
  ``entry.year - dob.year``, minus one when ``(entry.month, entry.day)`` comes
  before ``(dob.month, dob.day)``. That is how HUD's reports compute "age at
  project start". A client born on February 29th turns a year older on
  March 1st in common years (their birthday has not yet come on February 28th).
* **Only a birth year** leaves the age one of two values. When both give the
  same January 1st, that is the answer; when they straddle a boundary
  (24/25 or 60/61) the caller must say which (``stated_age``), because a
  guess could push a youth into the adult count or a senior out of it.
* **NameDataQuality 2** ("Partial, street name, or code name reported", HUD
  FY2024 HMIS Data Dictionary 3.01): the record carries a name, and that name
  is a code name chosen by the agency, not a refusal (9) or a name nobody
  asked for (99). HUD's guidance is that the quality code describes the name
  actually recorded.
* A de-identified client's last name is ``Anonymous-<client ID>``: HMIS
  duplicate detection then never merges two anonymous people by name, and
  the record still says plainly what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ANONYMOUS = "Anonymous"
NAME_DQ_CODE_NAME = 2  # Partial, street name, or code name reported
SSN_DQ_NOT_COLLECTED = 99  # Data not collected
DOB_DQ_APPROXIMATE = 2  # Approximate or partial DOB reported
MISSING_REASONS = (8, 9, 99)  # Client doesn't know, prefers not to answer, data not collected

YOUTH_MAX_AGE = 24  # "24 or younger" keeps the true birth year
SENIOR_OVER_AGE = 60  # "over 60" keeps the true birth year

_ANONYMOUS_NAME = re.compile(r"^anonymous(?:-[A-Za-z0-9_-]{1,32})?$", re.IGNORECASE)


class DobRuleError(ValueError):
    """The birth date or year cannot be used; the message names the option, never the value."""


def age_on(dob: date, on: date) -> int:
    """Whole years completed on ``on``; a February 29th birthday is reached on March 1st in common years."""
    if on < dob:
        raise DobRuleError("the date of entry is before the date of birth")
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def keeps_true_year(age: int) -> bool:
    return age <= YOUTH_MAX_AGE or age > SENIOR_OVER_AGE


def recorded_dob_for_year(birth_year: int, age: int) -> date:
    return date(birth_year if keeps_true_year(age) else birth_year + 1, 1, 1)


def recorded_dob(true_dob: date, *, entry: date) -> date:
    """January 1st of the true birth year (24 or younger, or over 60) or of the year after."""
    return recorded_dob_for_year(true_dob.year, age_on(true_dob, entry))


def possible_ages(birth_year: int, *, entry: date) -> tuple[int, ...]:
    """The ages a person born some day of ``birth_year`` can have on ``entry``, youngest first."""
    if birth_year > entry.year:
        raise DobRuleError("the birth year is after the date of entry")
    oldest = entry.year - birth_year  # born January 1st: birthday always reached
    if oldest == 0 or (entry.month, entry.day) == (12, 31):
        return (oldest,)
    return (oldest - 1, oldest)


def recorded_dob_from_year(birth_year: int, *, entry: date, stated_age: int | None = None) -> date:
    """The template DOB from a birth year alone; ``stated_age`` settles a year that straddles a boundary."""
    if birth_year < 1900:
        raise DobRuleError("the birth year is before 1900")
    ages = possible_ages(birth_year, entry=entry)
    if stated_age is not None:
        if stated_age not in ages:
            raise DobRuleError("the stated age does not fit the birth year on the date of entry")
        return recorded_dob_for_year(birth_year, stated_age)
    answers = {recorded_dob_for_year(birth_year, a) for a in ages}
    if len(answers) > 1:
        raise DobRuleError(
            f"with only a birth year the client could be {ages[0]} or {ages[-1]} on the date of entry, "
            "and the rule differs; give the birth date, or the client's age (--age)"
        )
    return answers.pop()


@dataclass(frozen=True, slots=True)
class TemplateName:
    first: str
    last: str


def created_name() -> TemplateName:
    """An anonymous record created as such: "Anonymous Anonymous"."""
    return TemplateName(ANONYMOUS, ANONYMOUS)


def deidentified_name(client_id: str) -> TemplateName:
    """A de-identified record: the last name includes the client ID."""
    return TemplateName(ANONYMOUS, f"{ANONYMOUS}-{client_id}")


def looks_identifying(
    *,
    first_name: str | None,
    middle_name: str | None,
    last_name: str | None,
    name_suffix: str | None,
    ssn: str | None,
    dob: date | None,
) -> bool:
    """True when a row carries anything beyond the anonymous template (a name, an SSN, a real DOB).

    Used to warn when an HMIS export still holds the identified row of a
    client casebot de-identified: the row is never imported, and the
    operator should know the source system was not updated.
    """
    for name in (first_name, last_name):
        if name and not _ANONYMOUS_NAME.match(name.strip()):
            return True
    if middle_name or name_suffix or ssn:
        return True
    return dob is not None and (dob.month, dob.day) != (1, 1)
