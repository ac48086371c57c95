"""`/casebot meeting TOPIC [WHEN]`: reading the words. A Friday, 14:00 in Chicago (20:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.service import MeetingRequestError, parse_request, parse_when

ZONE = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)  # Friday 2026-11-27 14:00 CST


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "topic", "starts"),
    [
        ("East metro case conference", "East metro case conference", None),
        ("East metro case conference now", "East metro case conference", None),
        ("Review tomorrow 9am", "Review", local("2026-11-28 09:00")),
        ("Review at 2:30 pm", "Review", local("2026-11-27 14:30")),
        ("Review 16:45", "Review", local("2026-11-27 16:45")),
        ("Review 2026-12-01 14:00", "Review", local("2026-12-01 14:00")),
        ("Review 2026-12-01T14:00", "Review", local("2026-12-01 14:00")),
        ("Review on friday 10:00", "Review", local("2026-12-04 10:00")),  # today's 10:00 has passed
        ("Review fri 15:00", "Review", local("2026-11-27 15:00")),
        ("Review monday 9:30am", "Review", local("2026-11-30 09:30")),
        ("Review 2027-03-15 10:00", "Review", local("2027-03-15 10:00")),  # daylight saving time: CDT
        ("Room 204 walkthrough", "Room 204 walkthrough", None),  # a bare number is not a time
        ("Q3 12:00 review", "Q3 12:00 review", None),  # a time inside the topic stays in the topic
    ],
)
def test_topic_and_when(text: str, topic: str, starts: datetime | None) -> None:
    request = parse_request(text, zone=ZONE, now=NOW)
    assert (request.topic, request.starts_at) == (topic, starts)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "give the meeting a topic"),
        ("tomorrow 9am", "give the meeting a topic"),
        ("Review 25:00", "not a time of day"),
        ("Review 13pm", "the hour is 1 to 12"),
        ("Review 9:00", "that time has passed today"),
        ("Review 2025-01-01 10:00", "that time has passed"),
        ("Review 2026-02-30 10:00", "that date does not exist"),
        ("Review monday", "give a time as well as a day"),
        ("Review 2028-01-01 10:00", "more than a year away"),
        ("x" * 201, "longer than 200 characters"),
    ],
)
def test_what_is_refused_says_why(text: str, problem: str) -> None:
    with pytest.raises(MeetingRequestError, match=problem):
        parse_request(text, zone=ZONE, now=NOW)


def test_the_modals_when_field_alone() -> None:
    assert parse_when("", zone=ZONE, now=NOW) is None
    assert parse_when("now", zone=ZONE, now=NOW) is None
    assert parse_when("tomorrow 8:15am", zone=ZONE, now=NOW) == local("2026-11-28 08:15")
    with pytest.raises(MeetingRequestError, match="could not read that time"):
        parse_when("next week sometime", zone=ZONE, now=NOW)


def test_the_request_repr_hides_the_topic() -> None:
    assert "Secret" not in repr(parse_request("Secret topic", zone=ZONE, now=NOW))
