"""The anonymous template's DOB rule, quoted: "DOB January 1st of the year after the true birth year ...
except that a client 24 or younger or over 60 gets January 1st of the true birth year"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clients.template import (
    DobRuleError,
    age_on,
    looks_identifying,
    possible_ages,
    recorded_dob,
    recorded_dob_from_year,
)


@pytest.mark.parametrize(
    ("dob", "entry", "age", "recorded"),
    [
        # 24 or younger keeps the true year; 25 gets the year after
        (date(2001, 6, 15), date(2026, 6, 14), 24, date(2001, 1, 1)),
        (date(2001, 6, 15), date(2026, 6, 15), 25, date(2002, 1, 1)),
        # 60 gets the year after; over 60 (61) keeps the true year
        (date(1965, 6, 15), date(2026, 6, 14), 60, date(1966, 1, 1)),
        (date(1965, 6, 15), date(2026, 6, 15), 61, date(1965, 1, 1)),
        # between the boundaries: the year after
        (date(1990, 1, 1), date(2026, 3, 1), 36, date(1991, 1, 1)),
        # a child and the very old keep the true year
        (date(2020, 12, 31), date(2026, 1, 1), 5, date(2020, 1, 1)),
        (date(1930, 5, 5), date(2026, 5, 5), 96, date(1930, 1, 1)),
        # born on the first of January: the birthday is the entry day itself
        (date(2001, 1, 1), date(2026, 1, 1), 25, date(2002, 1, 1)),
        (date(2001, 1, 1), date(2025, 12, 31), 24, date(2001, 1, 1)),
    ],
)
def test_the_boundaries_24_25_60_61(dob: date, entry: date, age: int, recorded: date) -> None:
    assert age_on(dob, entry) == age
    assert recorded_dob(dob, entry=entry) == recorded


@pytest.mark.parametrize(
    ("dob", "entry", "age", "recorded"),
    [
        # born February 29th: in a common year the birthday is reached on March 1st, not February 28th
        (date(2000, 2, 29), date(2025, 2, 28), 24, date(2000, 1, 1)),
        (date(2000, 2, 29), date(2025, 3, 1), 25, date(2001, 1, 1)),
        # in a leap year the birthday is February 29th itself
        (date(2000, 2, 29), date(2024, 2, 28), 23, date(2000, 1, 1)),
        (date(1999, 2, 28), date(2024, 2, 28), 25, date(2000, 1, 1)),
        (date(1964, 2, 29), date(2024, 2, 29), 60, date(1965, 1, 1)),
        (date(1964, 2, 29), date(2025, 2, 28), 60, date(1965, 1, 1)),
        (date(1964, 2, 29), date(2025, 3, 1), 61, date(1964, 1, 1)),
        # an entry on February 29th for someone born on March 1st: not yet their birthday
        (date(2000, 3, 1), date(2025, 2, 28), 24, date(2000, 1, 1)),
        (date(1999, 3, 1), date(2024, 2, 29), 24, date(1999, 1, 1)),
        (date(1999, 3, 1), date(2024, 3, 1), 25, date(2000, 1, 1)),
    ],
)
def test_leap_days(dob: date, entry: date, age: int, recorded: date) -> None:
    assert age_on(dob, entry) == age
    assert recorded_dob(dob, entry=entry) == recorded


def test_an_entry_before_birth_is_an_error_that_names_no_date() -> None:
    with pytest.raises(DobRuleError) as exc:
        age_on(date(2020, 5, 5), date(2020, 5, 4))
    assert "2020" not in str(exc.value)


def _age_by_counting_birthdays(dob: date, on: date) -> int:
    """An independent age: count the birthdays passed (February 29th falls on March 1st in common years)."""
    age = 0
    year = dob.year + 1
    while True:
        try:
            birthday = dob.replace(year=year)
        except ValueError:  # February 29th in a common year
            birthday = date(year, 3, 1)
        if birthday > on:
            return age
        age += 1
        year += 1


@given(
    dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=110 * 366),
)
def test_the_rule_for_any_date(dob: date, days: int) -> None:
    entry = dob + timedelta(days=days)
    age = _age_by_counting_birthdays(dob, entry)
    assert age_on(dob, entry) == age
    expected_year = dob.year if (age <= 24 or age > 60) else dob.year + 1
    assert recorded_dob(dob, entry=entry) == date(expected_year, 1, 1)


# --- only a birth year --------------------------------------------------------------------------------


def test_a_birth_year_far_from_the_boundaries_is_enough() -> None:
    assert possible_ages(1990, entry=date(2026, 6, 1)) == (35, 36)
    assert recorded_dob_from_year(1990, entry=date(2026, 6, 1)) == date(1991, 1, 1)
    assert recorded_dob_from_year(2010, entry=date(2026, 6, 1)) == date(2010, 1, 1)
    assert recorded_dob_from_year(1950, entry=date(2026, 6, 1)) == date(1950, 1, 1)


@pytest.mark.parametrize(("year", "ages"), [(2001, (24, 25)), (1965, (60, 61))])
def test_a_birth_year_that_straddles_a_boundary_needs_the_age(year: int, ages: tuple[int, int]) -> None:
    entry = date(2026, 6, 1)
    assert possible_ages(year, entry=entry) == ages
    with pytest.raises(DobRuleError, match="--age"):
        recorded_dob_from_year(year, entry=entry)
    young, old = ages
    assert recorded_dob_from_year(year, entry=entry, stated_age=young) == recorded_dob(
        date(year, 12, 31), entry=entry
    )
    assert recorded_dob_from_year(year, entry=entry, stated_age=old) == recorded_dob(
        date(year, 1, 1), entry=entry
    )
    with pytest.raises(DobRuleError, match="does not fit"):
        recorded_dob_from_year(year, entry=entry, stated_age=old + 1)


def test_on_december_31st_a_birth_year_gives_one_age() -> None:
    assert possible_ages(2001, entry=date(2025, 12, 31)) == (24,)
    assert recorded_dob_from_year(2001, entry=date(2025, 12, 31)) == date(2001, 1, 1)


def test_impossible_years_are_refused() -> None:
    with pytest.raises(DobRuleError):
        recorded_dob_from_year(2030, entry=date(2026, 1, 1))
    with pytest.raises(DobRuleError):
        recorded_dob_from_year(1850, entry=date(2026, 1, 1))


# --- what counts as identifying in an import row ------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "identifying"),
    [
        ({"first_name": "Anonymous", "last_name": "Anonymous"}, False),
        ({"first_name": "ANONYMOUS", "last_name": "Anonymous-ANON-7KQ4XM", "dob": date(1984, 1, 1)}, False),
        ({"first_name": "Anonymous", "last_name": "Vorthmundsen"}, True),
        ({"first_name": "Anonymous", "last_name": "Anonymous", "ssn": "517294836"}, True),
        ({"first_name": "Anonymous", "last_name": "Anonymous", "dob": date(1983, 11, 27)}, True),
        ({"first_name": "Anonymous", "last_name": "Anonymous", "middle_name": "Q"}, True),
        ({}, False),
    ],
)
def test_rows_beyond_the_template_are_identifying(row: dict, identifying: bool) -> None:
    fields = {"first_name": None, "middle_name": None, "last_name": None, "name_suffix": None, "ssn": None}
    assert looks_identifying(**{**fields, "dob": None, **row}) is identifying
