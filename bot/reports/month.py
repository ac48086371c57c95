"""Which month a report covers, and whether it is over yet.

A report for the current month says "month to date, through DATE" rather than pretending the month
is complete: a board reading it must know the figures can still grow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """A --month that is not YYYY-MM, or a month that has not begun."""


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    now: datetime  # when the report was made (UTC)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def title(self) -> str:
        return self.start.strftime("%B %Y")

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive)."""
        if self.month == 12:
            return datetime(self.year + 1, 1, 1, tzinfo=UTC)
        return datetime(self.year, self.month + 1, 1, tzinfo=UTC)

    @property
    def over(self) -> bool:
        return self.now >= self.end

    @property
    def until(self) -> datetime:
        """Where the figures stop: the month's end, or now for a month still running."""
        return self.end if self.over else self.now

    @property
    def through(self) -> date:
        """The last day the figures cover."""
        return (self.until - timedelta(microseconds=1)).date()

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def coverage(self) -> str:
        if self.over:
            return f"{self.title} (the whole month)"
        return f"{self.title}, month to date, through {self.through.isoformat()}"


def month_of(value: str | None, *, now: datetime | None = None) -> Month:
    """``YYYY-MM``, or None for the last whole month (the one a report is sent for on its day)."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    if not value:
        first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        prev = first - timedelta(days=1)
        return Month(prev.year, prev.month, now)
    match = _MONTH.match(value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise MonthError("--month: expected a month like 2026-11")
    month = Month(int(match.group(1)), int(match.group(2)), now)
    if month.start > now:
        raise MonthError(f"--month: {month.label} has not begun yet")
    return month
