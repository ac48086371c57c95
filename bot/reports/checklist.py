"""The HUD HMIS security baseline items casebot enforces, each pass or fail from the running configuration
and the month's figures.

A pass is only claimed for what casebot itself can see: its settings, its registers and its audit log.
The wording says what was checked, so a board member can tell a configured control from a promise.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select

from bot.context import Casebot
from bot.reports.figures import MonthlyFigures
from storage.models import Client, ClientKey, User

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    passed: bool
    evidence: str


def _unique_ids(app: Casebot) -> Item:
    with app.db.transaction(write=False) as session:
        users = session.scalar(select(func.count()).select_from(User)) or 0
        distinct = session.scalar(select(func.count(func.distinct(User.slack_user_id)))) or 0
    return Item(
        "Unique user IDs",
        users == distinct,
        f"{_count(users, 'casebot account')}, each one Slack member ID; no shared logins",
    )


def _at_rest(app: Casebot) -> Item:
    with app.db.transaction(write=False) as session:
        unkeyed = (
            session.scalar(
                select(func.count())
                .select_from(Client)
                .outerjoin(ClientKey, ClientKey.client_id == Client.client_id)
                .where(Client.anonymous.is_(False), ClientKey.client_id.is_(None))
            )
            or 0
        )
    return Item(
        "Encryption at rest",
        unkeyed == 0,
        "client PII is AES-256-GCM under a data key per client, wrapped by the master key"
        if unkeyed == 0
        else f"{unkeyed} identified clients have no data key",
    )


def _in_transit(app: Casebot) -> Item:
    url = app.settings.slack_api_url or "https://slack.com/api/"
    parts = urlsplit(url)
    local = parts.hostname in _LOOPBACK
    ok = parts.scheme == "https" or local
    public = app.settings.public_url
    if public and not public.startswith("https://"):
        ok = False
    where = "a stand-in on this machine" if local else parts.hostname
    return Item(
        "Encryption in transit",
        ok,
        f"Slack Web API over {parts.scheme.upper()} ({where})"
        + ("; casebot's public URL is HTTPS" if public and public.startswith("https://") else ""),
    )


def _lockout(app: Casebot, figures: MonthlyFigures) -> Item:
    s = app.settings
    ok = s.totp_max_failures <= 10 and s.totp_lockout_minutes >= 5
    return Item(
        "Lockout after failed verification",
        ok,
        f"{s.totp_max_failures} wrong codes lock verification for {s.totp_lockout_minutes} minutes; "
        f"{_count(figures.verification.lockouts, 'lockout')} this month",
    )


def _audit(figures: MonthlyFigures) -> Item:
    i = figures.integrity
    witnessed = _count(len(i.witnesses), "witness", "witnesses") if i.witnesses else "no witness configured"
    evidence = (
        f"audit log verified intact ({_count(i.rows, 'row')}), {witnessed}"
        if i.ok
        else f"audit log verification failed: {i.problem}"
    )
    return Item("Audit of every access and disclosure", i.ok, evidence)


def _offboarding(figures: MonthlyFigures) -> Item:
    late = figures.late_offboarding
    total = len(figures.offboarding)
    return Item(
        "Timely offboarding (within 24 hours)",
        not late,
        f"{_count(total, 'access', 'accesses')} ended this month, {len(late)} took longer than 24 hours",
    )


def _consent(figures: MonthlyFigures) -> Item:
    unexplained = figures.disclosures.by_basis.get("none", 0)
    return Item(
        "Consent-based sharing",
        unexplained == 0,
        f"{_count(figures.disclosures.total, 'disclosure')}, each with a recorded basis (ROI, MOU, creating "
        f"agency, sharing model or supervisor approval); {_count(figures.disclosures.refused, 'request')} "
        "refused"
        if unexplained == 0
        else f"{_count(unexplained, 'disclosure')} without a recorded basis",
    )


def checklist(app: Casebot, *, figures: MonthlyFigures) -> list[Item]:
    return [
        _unique_ids(app),
        _at_rest(app),
        _in_transit(app),
        _lockout(app, figures),
        _audit(figures),
        _offboarding(figures),
        _consent(figures),
    ]
