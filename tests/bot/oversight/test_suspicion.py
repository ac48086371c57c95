"""The suspicion rules one by one: legal language, hours, days, rule names, and their settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.oversight.suspicion import (
    REFUSAL_RULES,
    Rule,
    hours_of,
    is_burst,
    legal_terms,
    outside_hours,
    parse_days,
    parse_rules,
    parse_window,
    rule_for_refusal,
)
from bot.settings import Settings

# --- legal language: "police, subpoena, warrant, court order, immigration, detective, and the like" ---


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("The police came by the shelter asking for him", ("police",)),
        ("a COP asked for her address", ("police",)),
        ("Sheriff's office called", ("police",)),
        ("law enforcement wants his records", ("police",)),
        ("we got a subpoena for the file", ("subpoena",)),
        ("he was subpoenaed last week", ("subpoena",)),
        ("they have a warrant out for him", ("warrant",)),
        ("is there an outstanding warrant?", ("warrant",)),
        ("the court order says to release", ("court_order",)),
        ("court-ordered treatment", ("court_order",)),
        ("Immigration is asking about her status", ("immigration",)),
        ("ICE was at the encampment", ("immigration",)),
        ("worried about deportation", ("immigration",)),
        ("a detective called", ("detective",)),
        ("Officer Diaz asked me", ("officer",)),
        ("the probation officer needs his DOB", ("officer", "probation_parole")),
        ("his parole date", ("probation_parole",)),
        ("the FBI", ("federal_agency",)),
        ("the district attorney wants to know", ("prosecutor",)),
        ("his lawyer requested the records", ("records_request",)),
        ("an attorney asked for her file", ("records_request",)),
        ("this is a public records request", ("records_request",)),
        ("he was arrested yesterday", ("arrest",)),
    ],
)
def test_legal_language_is_found_by_category(text: str, terms: tuple[str, ...]) -> None:
    assert legal_terms(text) == terms


@pytest.mark.parametrize(
    "text",
    [
        "the housing officer will call",  # ordinary case-work titles are not law enforcement
        "our chief executive officer approved it",
        "put ice on the sprain",  # the word, not the agency
        "does this warrant a referral?",  # the verb
        "the situation warrants a call",
        "the washer is under warranty",
        "he went into cardiac arrest last spring",  # health, not legal
        "food court at noon",
        "a policy question",
        "",
    ],
)
def test_everyday_words_are_not_legal_language(text: str) -> None:
    assert legal_terms(text) == ()


def test_configured_extra_terms_count_as_legal_language() -> None:
    assert legal_terms("the marshal's office", extra="marshal's office, bailiff") == ("configured_term",)
    assert legal_terms("the bailiff", extra="marshal's office, bailiff") == ("configured_term",)
    assert legal_terms("the baillif", extra="bailiff") == ()


@given(st.text(max_size=200))
def test_only_category_names_come_back_never_the_text(text: str) -> None:
    allowed = {
        "police",
        "officer",
        "detective",
        "subpoena",
        "warrant",
        "court_order",
        "immigration",
        "federal_agency",
        "probation_parole",
        "prosecutor",
        "records_request",
        "arrest",
    }
    assert set(legal_terms(text)) <= allowed


# --- hours and days --------------------------------------------------------------------------------------


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_office_hours_in_the_configured_time_zone() -> None:
    hours = hours_of("08:00-18:00", "mon-fri", "America/Chicago")
    assert hours is not None
    # Tuesday 2026-06-02 13:30 UTC is 08:30 in Chicago (CDT, UTC-5): inside.
    assert not outside_hours(hours, at("2026-06-02T13:30:00+00:00"))
    # 12:30 UTC is 07:30 in Chicago: outside, though it is after 08:00 in UTC.
    assert outside_hours(hours, at("2026-06-02T12:30:00+00:00"))
    # 18:00 Chicago is the end: outside.
    assert outside_hours(hours, at("2026-06-02T23:00:00+00:00"))
    # Saturday: outside all day.
    assert outside_hours(hours, at("2026-06-06T16:00:00+00:00"))
    # Winter: CST is UTC-6, so 13:30 UTC is 07:30 in Chicago.
    assert outside_hours(hours, at("2026-01-06T13:30:00+00:00"))


def test_overnight_hours_belong_to_the_day_they_start() -> None:
    hours = hours_of("22:00-06:00", "fri", "UTC")
    assert hours is not None
    assert not outside_hours(hours, at("2026-06-05T23:00:00+00:00"))  # Friday night
    assert not outside_hours(hours, at("2026-06-06T05:59:00+00:00"))  # early Saturday: Friday's shift
    assert outside_hours(hours, at("2026-06-06T23:00:00+00:00"))  # Saturday night: not a working night
    assert outside_hours(hours, at("2026-06-05T05:00:00+00:00"))  # early Friday: Thursday's shift


def test_no_hours_configured_means_the_rule_never_fires() -> None:
    assert hours_of(None, "mon-fri", "UTC") is None
    assert not outside_hours(None, datetime.now(UTC))


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon,Wed,Fri", {0, 2, 4}),
        ("sat-sun", {5, 6}),
        ("fri-mon", {4, 5, 6, 0}),
        ("all", set(range(7))),
        ("monday-tuesday", {0, 1}),
    ],
)
def test_days(days: str, expected: set[int]) -> None:
    assert parse_days(days) == frozenset(expected)


@pytest.mark.parametrize(
    ("window", "problem"),
    [
        ("8-18", "08:00-18:00"),
        ("08:00", "08:00-18:00"),
        ("25:00-26:00", "08:00-18:00"),
        ("09:00-09:00", "the same"),
        ("08:61-10:00", "08:00-18:00"),
    ],
)
def test_bad_hours_say_what_is_wrong(window: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_window(window)


def test_midnight_can_end_the_day() -> None:
    hours = hours_of("18:00-24:00", "all", "UTC")
    assert hours is not None and not outside_hours(hours, at("2026-06-05T23:59:00+00:00"))


# --- rules and bursts ------------------------------------------------------------------------------------


def test_rule_names_are_stable() -> None:
    assert [r.value for r in Rule] == [
        "not_active_member",
        "outside_sharing_rules",
        "reveal_burst",
        "stepup_failures",
        "restricted_client",
        "legal_request",
        "undeletable_message",
        "restored_message",
        "outside_hours",
    ]


def test_rules_can_be_switched_on_and_off() -> None:
    assert parse_rules("all") == frozenset(Rule)
    assert parse_rules("none") == frozenset()
    assert parse_rules(" reveal_burst , legal_request") == {Rule.REVEAL_BURST, Rule.LEGAL_REQUEST}
    with pytest.raises(ValueError, match="unknown rule 'reveal_bursts'"):
        parse_rules("reveal_bursts")


def test_door_refusals_map_to_rules_and_outages_to_none() -> None:
    assert rule_for_refusal("needs_roi_or_mou") is Rule.OUTSIDE_SHARING_RULES
    assert rule_for_refusal("client_protected") is Rule.RESTRICTED_CLIENT
    assert rule_for_refusal("slack_guest") is Rule.NOT_ACTIVE_MEMBER
    for harmless in (
        "slack_unavailable",
        "not_verified",
        "unknown_client",
        "held_for_review",
        "nothing_held",
    ):
        assert rule_for_refusal(harmless) is None
    assert set(REFUSAL_RULES.values()) <= set(Rule)


def test_a_burst_is_more_than_the_limit() -> None:
    assert not is_burst(10, limit=10) and is_burst(11, limit=10)


def test_the_sliding_window_is_shared_and_slides(kv) -> None:  # type: ignore[no-untyped-def]
    """The real Redis behind kv.hit_window: what every replica counts in."""
    from bot.oversight.suspicion import burst_key

    key = burst_key("U0MEMBER1")
    counts = [kv.hit_window(key, window_seconds=600, now=1000.0 + i) for i in range(3)]
    assert counts == [1, 2, 3]
    other = kv.with_namespace(kv._ns)  # a second replica: same Redis, same keys
    assert other.hit_window(key, window_seconds=600, now=1003.0) == 4
    assert kv.hit_window(key, window_seconds=600, now=1602.5) == 2  # the first three slid out


# --- settings --------------------------------------------------------------------------------------------


def test_escalation_settings_have_working_defaults(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = Settings(CASEBOT_DATA_DIR=tmp_path)
    assert (s.escalation_rules, s.reveal_burst_max, s.reveal_burst_minutes) == ("all", 10, 10)
    assert (s.request_hours, s.request_days, s.timezone) == (None, "mon-fri", "UTC")
    assert (s.escalation_lead_minutes, s.escalation_hold_hours) == (30, 24)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CASEBOT_TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("CASEBOT_REQUEST_HOURS", "8am-6pm", "08:00-18:00"),
        ("CASEBOT_REQUEST_DAYS", "weekdays", "unknown day"),
        ("CASEBOT_ESCALATION_RULES", "reveal_burst,everything", "unknown rule"),
        ("CASEBOT_REVEAL_BURST_MAX", "0", "greater than or equal to 1"),
    ],
)
def test_bad_escalation_settings_are_refused_with_the_reason(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=message):
        Settings(CASEBOT_DATA_DIR=tmp_path)
