"""The suspicion rules: which requests and events a supervisor must see, each under a stable name.

Seed policy: "if anyone pushes for access or information, stop and talk to a
supervisor; external requests for HMIS data go to the HMIS lead". Each rule
here is a small function of facts the caller already has (a refusal code, a
count, a clock, a piece of text), so every rule can be tested without Slack,
and the rule *names* are what supervisors, the audit log and the settings see.

What is evidence and what is not: a rule returns codes (the legal term
*category* that matched, a count, a local hour), never the text it looked at.
A purpose note or a DM to the bot can hold anything, PII included; it is
scanned here and then dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Rule(StrEnum):
    """Stable names: they appear in supervisors' DMs, audit rows, App Home and CASEBOT_ESCALATION_RULES."""

    NOT_ACTIVE_MEMBER = "not_active_member"
    OUTSIDE_SHARING_RULES = "outside_sharing_rules"
    REVEAL_BURST = "reveal_burst"
    STEPUP_FAILURES = "stepup_failures"
    RESTRICTED_CLIENT = "restricted_client"
    LEGAL_REQUEST = "legal_request"
    UNDELETABLE_MESSAGE = "undeletable_message"
    RESTORED_MESSAGE = "restored_message"
    OUTSIDE_HOURS = "outside_hours"


RULE_WORDS: dict[Rule, str] = {
    Rule.NOT_ACTIVE_MEMBER: "the requester is not an active member of a participating agency",
    Rule.OUTSIDE_SHARING_RULES: "the request is outside the sharing rules",
    Rule.REVEAL_BURST: "many reveals in a short time",
    Rule.STEPUP_FAILURES: "repeated verification failures (step-up locked)",
    Rule.RESTRICTED_CLIENT: "a request for a restricted or anonymous client",
    Rule.LEGAL_REQUEST: "language of an external or legal request",
    Rule.UNDELETABLE_MESSAGE: "a message holding client PII could not be deleted",
    Rule.RESTORED_MESSAGE: "words casebot had hidden were put back into a channel",
    Rule.OUTSIDE_HOURS: "a request outside the configured hours",
}


# --- which rules are on --------------------------------------------------------------------------------


def parse_rules(value: str) -> frozenset[Rule]:
    """``all``, ``none``, or a comma-separated list of rule names. Raises ValueError naming the bad one."""
    words = [w.strip().lower() for w in value.split(",") if w.strip()]
    if words in (["all"], []):
        return frozenset(Rule)
    if words == ["none"]:
        return frozenset()
    known = {r.value: r for r in Rule}
    rules = set()
    for word in words:
        if word not in known:
            raise ValueError(f"unknown rule {word!r}; rules: all, none, {', '.join(known)}")
        rules.add(known[word])
    return frozenset(rules)


# --- door refusals ---------------------------------------------------------------------------------------

# Refusal codes of ``bot.sharing.disclosure`` / ``bot.sharing.policy`` and the rule each one is
# evidence of. Codes that
# say nothing about the person (Slack or Redis down, an ended session, an unknown client ID) are absent.
REFUSAL_RULES: dict[str, Rule] = {
    "not_registered": Rule.NOT_ACTIVE_MEMBER,
    "slack_deactivated": Rule.NOT_ACTIVE_MEMBER,
    "slack_guest": Rule.NOT_ACTIVE_MEMBER,
    "slack_external": Rule.NOT_ACTIVE_MEMBER,
    "not_participating": Rule.NOT_ACTIVE_MEMBER,
    "client_protected": Rule.RESTRICTED_CLIENT,
    "needs_roi_or_mou": Rule.OUTSIDE_SHARING_RULES,
    "needs_roi_share": Rule.OUTSIDE_SHARING_RULES,
    "creating_agency_only": Rule.OUTSIDE_SHARING_RULES,
    "not_entitled": Rule.OUTSIDE_SHARING_RULES,
    "external_request": Rule.LEGAL_REQUEST,
    "unknown_purpose": Rule.OUTSIDE_SHARING_RULES,
}


def rule_for_refusal(reason: str) -> Rule | None:
    return REFUSAL_RULES.get(reason)


# --- legal language ------------------------------------------------------------------------------------

_I = re.IGNORECASE
# Category -> patterns. Word boundaries everywhere, so "warranty", "policed" or "icebreaker" do not match.
# "ICE" counts only in capitals (the agency), never the word "ice"; "officer" only as a law-enforcement
# title ("Officer Diaz", "police officer"), since "housing officer" is ordinary case-work language.
LEGAL_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "police": (
        re.compile(r"\bpolice(?:man|men|woman|women)?\b", _I),
        re.compile(r"\bcops?\b", _I),
        re.compile(r"\blaw[\s-]+enforcement\b", _I),
        re.compile(r"\bsheriff'?s?\b", _I),
        re.compile(r"\b(?:state\s+)?troopers?\b", _I),
    ),
    "officer": (
        re.compile(
            r"\b(?:police|peace|patrol|arresting|parole|probation|ice|immigration|federal|border)\s+officers?\b",
            _I,
        ),
        re.compile(r"\bOfficers?\s+[A-Z][a-z]"),
    ),
    "detective": (re.compile(r"\bdetectives?\b", _I), re.compile(r"\binvestigators?\b", _I)),
    "subpoena": (re.compile(r"\bsubpoena(?:s|ed)?\b", _I), re.compile(r"\bsummons\b", _I)),
    "warrant": (  # the noun only: "this may warrant a referral" is not a warrant
        re.compile(r"\b(?:a|an|the|search|arrest|bench|active|outstanding|federal|court)\s+warrants?\b", _I),
        re.compile(r"\bwarrants?\s+(?:for|out|check)\b", _I),
    ),
    "court_order": (
        re.compile(r"\bcourt[\s-]+order(?:s|ed)?\b", _I),
        re.compile(r"\border\s+of\s+the\s+court\b", _I),
        re.compile(r"\bgrand\s+jury\b", _I),
        re.compile(r"\bdepositions?\b", _I),
    ),
    "immigration": (
        re.compile(r"\bimmigration\b", _I),
        re.compile(r"\bICE\b"),
        re.compile(r"\bI\.C\.E\.?"),
        re.compile(r"\bdeport(?:ation|ed|ing)?\b", _I),
        re.compile(r"\bborder\s+patrol\b", _I),
        re.compile(r"\b(?:CBP|USCIS|HSI)\b"),
    ),
    "federal_agency": (re.compile(r"\b(?:FBI|DEA|ATF)\b"), re.compile(r"\bU\.?S\.?\s+marshals?\b", _I)),
    "probation_parole": (re.compile(r"\bprobation\b", _I), re.compile(r"\bparole\b", _I)),
    "prosecutor": (
        re.compile(r"\b(?:district|prosecuting|county|city|state'?s?)\s+attorney\b", _I),
        re.compile(r"\bprosecutors?\b", _I),
    ),
    "records_request": (
        re.compile(
            r"\b(?:attorney|lawyer|counsel|law\s+firm|paralegal)s?\b(?:\W+\w+){0,8}?\W+"
            r"(?:records?|files?|request(?:s|ed)?|information|data)\b",
            _I,
        ),
        re.compile(r"\b(?:public\s+)?records?\s+request\b", _I),
        re.compile(r"\brequest(?:s|ed)?\s+for\s+(?:the\s+)?records?\b", _I),
        re.compile(r"\blegal\s+request\b", _I),
    ),
    "arrest": (  # not "cardiac arrest", which is health information, not a legal request
        re.compile(r"(?<!cardiac )(?<!respiratory )\barrest(?:s|ed|ing)?\b", _I),
        re.compile(r"\bbooking\s+number\b", _I),
    ),
}


@lru_cache(maxsize=8)
def _extra_patterns(extra: str) -> tuple[re.Pattern[str], ...]:
    words = [w.strip() for w in extra.split(",") if w.strip()]
    return tuple(re.compile(rf"\b{re.escape(w)}\b", _I) for w in words)


def legal_terms(text: str, *, extra: str = "") -> tuple[str, ...]:
    """The categories of legal or external-request language in ``text`` (sorted), or () when none.

    Returns category names only: the text itself may hold anything and is never kept.
    """
    if not text:
        return ()
    found = {name for name, patterns in LEGAL_PATTERNS.items() if any(p.search(text) for p in patterns)}
    if extra and any(p.search(text) for p in _extra_patterns(extra)):
        found.add("configured_term")
    return tuple(sorted(found))


# --- hours ---------------------------------------------------------------------------------------------

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Hours:
    """When requests are expected: days of the week and a daily window (which may run past midnight)."""

    start: time
    end: time
    days: frozenset[int]  # 0 = Monday
    zone: ZoneInfo

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        now, day = local.time(), local.weekday()
        if self.start < self.end:
            return day in self.days and self.start <= now < self.end
        # Overnight (e.g. 22:00-06:00): the evening belongs to its day, the early morning to the day before.
        return (day in self.days and now >= self.start) or ((day - 1) % 7 in self.days and now < self.end)


def parse_zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("must be an IANA time zone such as America/Chicago") from None


def _clock(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise ValueError("hours look like 08:00-18:00 (24-hour clock)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24:
        if minute:
            raise ValueError("hours look like 08:00-18:00 (24-hour clock)")
        return time.max
    return time(hour, minute)


def parse_window(value: str) -> tuple[time, time]:
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError("hours look like 08:00-18:00 (24-hour clock)")
    first, last = _clock(start), _clock(end)
    if first == last:
        raise ValueError("the start and end of the hours are the same")
    return first, last


def parse_days(value: str) -> frozenset[int]:
    """``mon-fri``, ``mon,wed,fri``, ``sat-sun`` or ``all``."""
    text = value.strip().lower()
    if text in ("all", "every day", "daily"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        first, sep, last = part.partition("-")
        try:
            a = DAY_NAMES.index(first.strip()[:3])
            b = DAY_NAMES.index(last.strip()[:3]) if sep else a
        except ValueError:
            raise ValueError(f"unknown day {part!r}; days look like mon-fri or mon,wed,fri") from None
        days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
    if not days:
        raise ValueError("no days given; days look like mon-fri or mon,wed,fri")
    return frozenset(days)


@lru_cache(maxsize=8)
def hours_of(window: str | None, days: str, zone: str) -> Hours | None:
    """The configured hours, or None when no window is set (the outside_hours rule then never fires)."""
    if not window:
        return None
    start, end = parse_window(window)
    return Hours(start=start, end=end, days=parse_days(days), zone=parse_zone(zone))


def outside_hours(hours: Hours | None, moment: datetime) -> bool:
    return hours is not None and not hours.contains(moment)


# --- reveal bursts -------------------------------------------------------------------------------------


def burst_key(requester: str) -> str:
    """The Redis sliding window of one person's reveal requests, shared by every replica."""
    return f"escalation:reveals:{requester}"


def is_burst(count: int, *, limit: int) -> bool:
    """More than ``limit`` reveals inside the window."""
    return count > limit


def describe(rules: Iterable[str]) -> list[str]:
    """Plain words for rule names (unknown names are shown as they are)."""
    known = {r.value: r for r in Rule}
    return [RULE_WORDS[known[r]] if r in known else r for r in rules]
