"""Which month a report covers: --month, the default (the last whole month), a month not over yet."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.reports.month import MonthError, month_of

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def test_the_default_is_the_last_whole_month() -> None:
    month = month_of(None, now=NOW)
    assert (month.label, month.over, month.through) == ("2026-11", True, date(2026, 11, 30))
    assert month.coverage == "November 2026 (the whole month)"


def test_january_defaults_to_the_december_before() -> None:
    assert month_of(None, now=datetime(2027, 1, 1, 0, 5, tzinfo=UTC)).label == "2026-12"


def test_the_current_month_is_month_to_date() -> None:
    month = month_of("2026-12", now=NOW)
    assert not month.over and month.until == NOW
    assert month.coverage == "December 2026, month to date, through 2026-12-07"


@pytest.mark.parametrize("value", ["2026-13", "2026-1", "November", "2026-00", "1999-12"])
def test_a_month_that_is_not_yyyy_mm_is_refused(value: str) -> None:
    with pytest.raises(MonthError, match="expected a month like"):
        month_of(value, now=NOW)


def test_a_month_that_has_not_begun_is_refused() -> None:
    with pytest.raises(MonthError, match="2027-01 has not begun yet"):
        month_of("2027-01", now=NOW)
