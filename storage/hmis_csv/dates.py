"""Dates and timestamps written the ways real exports write them, for a lenient read.

The HUD format is ``YYYY-MM-DD`` and ``YYYY-MM-DD HH:MM:SS``; :mod:`~storage.hmis_csv.validate`
checks that first and comes here only when it fails and the read is lenient. Exports from
spreadsheets and older databases write ``5/8/1967``, ``08-MAY-67`` or ``04-28-19 05:17:00``;
such a value is read (with a warning) when it names one day unambiguously enough: month
first as US systems write it, day first only when the first number cannot be a month. A
two-digit year is the latest year it can be that is not after ``today``.

A year alone or a year and month (a *partial* date) is not a date: making up the day would
give the redactor a date of birth nobody has, so the caller leaves it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = ["LooseValue", "read_loose"]

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
)}  # fmt: skip

_TIME = (
    r"(?:[ T]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?\s*(?P<ampm>[AaPp][Mm])?"
    r"\s*(?P<tz>Z|UTC|[+-]\d{2}:?\d{2})?)?"
)
_FORMATS = [
    ("ymd", re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME)),
    ("ymd", re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")),
    ("mdy", re.compile(r"(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[-/.](?P<y>\d{4}|\d{2})" + _TIME)),
    ("dmony", re.compile(r"(?P<d>\d{1,2})[- ](?P<mon>[A-Za-z]{3})[- ](?P<y>\d{4}|\d{2})" + _TIME)),
]
_PARTIAL = re.compile(r"\d{4}|\d{4}[-/]\d{1,2}|\d{1,2}[-/]\d{4}|[A-Za-z]{3,9}\.? \d{4}")


@dataclass(frozen=True, slots=True)
class LooseValue:
    """What a loosely written value says: a day, maybe a time, and what had to be assumed."""

    day: date | None
    moment: datetime | None  # naive (UTC assumed) or aware; None without a time of day
    partial: bool = False
    two_digit_year: bool = False


def _year(text: str, *, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def read_loose(value: str, *, today: date) -> LooseValue | None:
    """The day (and time) ``value`` names, or ``None`` when it is not a date at all or not a
    real day; ``LooseValue(partial=True)`` for a year or a year and month."""
    if _PARTIAL.fullmatch(value):
        return LooseValue(day=None, moment=None, partial=True)
    for kind, pattern in _FORMATS:
        match = pattern.fullmatch(value)
        if match is None:
            continue
        parts = match.groupdict()
        try:
            if kind == "dmony":
                month = _MONTHS.get(parts["mon"].lower())
                if month is None:
                    return None
                day = date(_year(parts["y"], today=today), month, int(parts["d"]))
            else:
                m, d = int(parts["m"]), int(parts["d"])
                if kind == "mdy" and m > 12 >= d:  # 28/04/2019: the first number cannot be a month
                    m, d = d, m
                day = date(_year(parts["y"], today=today), m, d)
            moment = _moment(day, parts)
        except ValueError:
            return None
        return LooseValue(day=day, moment=moment, two_digit_year=len(parts["y"]) == 2)
    return None


def _moment(day: date, parts: dict[str, str | None]) -> datetime | None:
    if parts.get("h") is None:
        return None
    hour, minute = int(parts["h"]), int(parts["mi"])  # type: ignore[arg-type]
    second = int(parts["s"] or 0)
    micro = int((parts["f"] or "0")[:6].ljust(6, "0"))
    ampm = (parts.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for AM/PM")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    moment = datetime.combine(day, time(hour, minute, second, micro))
    zone = parts.get("tz")
    if zone in ("Z", "UTC"):
        return moment.replace(tzinfo=UTC)
    if zone:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return moment.replace(tzinfo=timezone(sign * offset))
    return moment
