"""The month's figures, from the audit log and the registers only: never from anything a person typed.

Every value is an ID, a count, a code or a time, so the report can go to a CoC board. Counts come from
``bot.reports.queries`` (GROUP BY in the database); the registers (escalations, incidents, users) hold
a few rows a month and are read as rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.reports import queries as q
from bot.reports.month import Month
from storage import audit
from storage.models import (
    AuditCheckpoint,
    AuditWitnessState,
    Escalation,
    Incident,
    Role,
    TotpEnrollment,
    User,
)

MESSAGE_REDACTED = "message.redacted"
FILE_REMOVED = "file.removed"
RESTORED = ("message.restored", "file.restored")
UNDELETABLE = ("message.delete_failed", "file.delete_failed")
REFUSED = "pii.refused"
TOTP_FAILED = ("totp.failed", "totp.replay_refused")
ACCESS_ENDED = "identity.access_ended"
RECONCILED = "users.reconciled"
OFFBOARDING_LIMIT = timedelta(hours=24)
TOP_CLIENTS = 10

# What an escalation's status is called in the report ("lapsed": nobody decided within the hold time).
OUTCOMES = {
    "approved": "approved",
    "released": "approved",
    "denied": "denied",
    "suspended": "suspended",
    "expired": "lapsed",
    "acknowledged": "acknowledged",
    "withdrawn": "withdrawn",
    "pending": "pending",
}


@dataclass(frozen=True, slots=True)
class Redactions:
    messages: int
    files: int
    by_type: dict[str, int]
    by_channel: dict[str, int]
    weekly: list[tuple[str, int, int]]  # (days "1-7", messages, files)
    restores_by_poster: int
    restores_by_admin: int
    undeletable: int


@dataclass(frozen=True, slots=True)
class Disclosures:
    total: int
    by_agency: dict[str, int]
    by_basis: dict[str, int]
    refusals: dict[str, int]
    top_clients: list[tuple[str, int]]

    @property
    def refused(self) -> int:
        return sum(self.refusals.values())


@dataclass(frozen=True, slots=True)
class Verification:
    active_users: int
    enrolled: int
    step_ups: int
    failures: int
    lockouts: int

    @property
    def enrolled_share(self) -> float | None:
        return self.enrolled / self.active_users if self.active_users else None


@dataclass(frozen=True, slots=True)
class Escalations:
    opened: int
    by_rule: dict[str, int]
    by_outcome: dict[str, int]
    decided: int
    median_hours: float | None
    max_hours: float | None


@dataclass(frozen=True, slots=True)
class OpenIncident:
    number: int
    category: str
    age_days: float


@dataclass(frozen=True, slots=True)
class Incidents:
    opened: int
    closed: int
    by_category: dict[str, int]
    median_close_hours: float | None
    still_open: list[OpenIncident]


@dataclass(frozen=True, slots=True)
class Offboarding:
    user: str
    trigger: str  # "slack_deactivation", "user_remove", "reconciliation"
    ended_at: datetime
    hours: float | None  # from the trigger to access ended; None when casebot cannot know
    upper_bound: bool  # a reconciliation only knows the person was still active at the previous run

    @property
    def late(self) -> bool:
        return self.hours is not None and self.hours > OFFBOARDING_LIMIT.total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class Meetings:
    links_removed: int
    links_left: int
    created: int


@dataclass(frozen=True, slots=True)
class Integrity:
    ok: bool
    rows: int
    problem: str | None
    last_checkpoint: int | None
    last_checkpoint_at: datetime | None
    witnesses: list[tuple[str, int | None, int, str | None]]  # name, published through, failures, error
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MonthlyFigures:
    month: Month
    audit_rows: int
    redactions: Redactions
    disclosures: Disclosures
    verification: Verification
    escalations: Escalations
    incidents: Incidents
    offboarding: list[Offboarding]
    meetings: Meetings
    integrity: Integrity

    @property
    def late_offboarding(self) -> list[Offboarding]:
        return [o for o in self.offboarding if o.late]


def _weeks(days: dict[int, int], month: Month) -> list[tuple[str, int]]:
    out = []
    for first in range(1, month.days + 1, 7):
        last = min(first + 6, month.days)
        out.append((f"{first}-{last}", sum(n for d, n in days.items() if first <= d <= last)))
    return out


def _merge(*counts: dict[str, int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for c in counts:
        for k, n in c.items():
            total[k] = total.get(k, 0) + n
    return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


def redactions(session: Session, month: Month) -> Redactions:
    w = {"start": month.start, "end": month.until}
    both = (MESSAGE_REDACTED, FILE_REMOVED)
    messages_by_day = q.by_day(session, actions=[MESSAGE_REDACTED], **w)
    files_by_day = q.by_day(session, actions=[FILE_REMOVED], **w)
    restores = q.by_field(session, actions=RESTORED, name="by_admin", **w)
    weeks = zip(_weeks(messages_by_day, month), _weeks(files_by_day, month), strict=True)
    return Redactions(
        messages=sum(messages_by_day.values()),
        files=sum(files_by_day.values()),
        by_type=_merge(q.by_element(session, actions=both, name="types", **w)),
        by_channel=_merge(q.by_field(session, actions=both, name="channel", **w)),
        weekly=[(label, m, f) for (label, m), (_, f) in weeks],
        restores_by_poster=restores.get("false", 0),
        restores_by_admin=restores.get("true", 0),
        undeletable=q.count(session, actions=UNDELETABLE, **w),
    )


def disclosures(session: Session, month: Month) -> Disclosures:
    w = {"start": month.start, "end": month.until}
    by_agency = _merge(q.by_field(session, actions=[audit.DISCLOSURE], name="agency", **w))
    return Disclosures(
        total=sum(by_agency.values()),
        by_agency=by_agency,
        by_basis=_merge(q.by_field(session, actions=[audit.DISCLOSURE], name="basis", **w)),
        refusals=_merge(q.by_field(session, actions=[REFUSED], name="reason", **w)),
        top_clients=q.by_client(session, actions=[audit.DISCLOSURE], limit=TOP_CLIENTS, **w),
    )


def verification(session: Session, month: Month) -> Verification:
    """Enrollment is the register as it stands now (who is active and enrolled); step-ups and failures
    are the month's."""
    w = {"start": month.start, "end": month.until}
    active = session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) or 0
    enrolled = (
        session.scalar(
            select(func.count())
            .select_from(User)
            .join(TotpEnrollment, TotpEnrollment.slack_user_id == User.slack_user_id)
            .where(User.active.is_(True), TotpEnrollment.confirmed_at.is_not(None))
        )
        or 0
    )
    return Verification(
        active_users=int(active),
        enrolled=int(enrolled),
        step_ups=q.count(session, actions=["totp.verified"], **w),
        failures=q.count(session, actions=TOTP_FAILED, **w),
        lockouts=q.count(session, actions=["totp.locked"], **w),
    )


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def escalations(session: Session, month: Month) -> Escalations:
    rows = session.execute(
        select(Escalation.rules, Escalation.status, Escalation.opened_at, Escalation.decided_at).where(
            Escalation.opened_at >= month.start, Escalation.opened_at < month.until
        )
    ).all()
    by_rule: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    waits: list[float] = []
    for rules, status, opened, decided in rows:
        rule = (rules or ["unknown"])[0]
        by_rule[rule] = by_rule.get(rule, 0) + 1
        outcome = OUTCOMES.get(status, status)
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        if decided is not None and status not in ("pending", "withdrawn"):
            waits.append(_hours(decided - opened))
    return Escalations(
        opened=len(rows),
        by_rule=_merge(by_rule),
        by_outcome=_merge(by_outcome),
        decided=len(waits),
        median_hours=median(waits) if waits else None,
        max_hours=max(waits) if waits else None,
    )


def incidents(session: Session, month: Month) -> Incidents:
    opened = session.execute(
        select(Incident.category).where(Incident.opened_at >= month.start, Incident.opened_at < month.until)
    ).all()
    closed = session.execute(
        select(Incident.opened_at, Incident.closed_at).where(
            Incident.closed_at >= month.start, Incident.closed_at < month.until
        )
    ).all()
    still = session.execute(
        select(Incident.id, Incident.category, Incident.opened_at)
        .where(
            Incident.opened_at < month.until,
            (Incident.closed_at.is_(None)) | (Incident.closed_at >= month.until),
        )
        .order_by(Incident.id)
    ).all()
    by_category: dict[str, int] = {}
    for (category,) in opened:
        by_category[category] = by_category.get(category, 0) + 1
    times = [_hours(c - o) for o, c in closed]
    return Incidents(
        opened=len(opened),
        closed=len(closed),
        by_category=_merge(by_category),
        median_close_hours=median(times) if times else None,
        still_open=[
            OpenIncident(number=i, category=c, age_days=(month.until - o).total_seconds() / 86400)
            for i, c, o in still
        ],
    )


def offboarding(session: Session, month: Month) -> list[Offboarding]:
    """Each access casebot ended this month, with how long it took from what set it off.

    ``user remove`` and a Slack deactivation end access in the same transaction that notices them (the
    ``since`` field, when Slack's event carried its time, measures the wait for the event). The daily
    reconciliation only knows the person was still listed as active at the run before, so its figure
    is an upper bound."""
    rows = q.field_rows(
        session, actions=[ACCESS_ENDED], names=["user", "reason", "since"], start=month.start, end=month.until
    )
    cases = []
    for ended, actor, _action, user, reason, since in rows:
        if actor == "slack:user_change":
            trigger = "slack_deactivation"
            # Slack's event_time, when the event carried one; without it casebot cannot say how long
            hours = _hours(ended - datetime.fromtimestamp(float(since), ended.tzinfo)) if since else None
            bound = False
        elif reason != "removed":  # the reconciliation (daily, or `casebot users reconcile`)
            trigger = "reconciliation"
            before = q.last_before(session, action=RECONCILED, before=ended - timedelta(seconds=1))
            hours = _hours(ended - before) if before is not None else None
            bound = True
        else:
            trigger = "user_remove"
            hours, bound = 0.0, False
        cases.append(
            Offboarding(str(user), trigger, ended, max(hours, 0.0) if hours is not None else None, bound)
        )
    return cases


def meetings(session: Session, month: Month) -> Meetings:
    w = {"start": month.start, "end": month.until}
    return Meetings(
        links_removed=q.count(session, actions=["meeting_link.removed"], **w),
        links_left=q.count(session, actions=["meeting_link.warned"], **w),
        created=q.count(session, actions=["meeting.created"], **w),
    )


def integrity(app: Casebot, *, verify_result: object | None) -> Integrity:
    """``verify_result``: an ``AuditReport`` from ``bot.oversight.audit_service.verify`` (run by the
    caller, which knows how to reach the witnesses), or None when it was not run."""
    with app.db.transaction(write=False) as session:
        checkpoint = session.scalars(
            select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size.desc()).limit(1)
        ).first()
        witnesses = [
            (w.witness, w.published_through, w.failures, w.last_error)
            for w in session.scalars(select(AuditWitnessState).order_by(AuditWitnessState.witness))
        ]
    ok = bool(getattr(verify_result, "ok", False))
    return Integrity(
        ok=ok,
        rows=int(getattr(verify_result, "rows", 0)),
        problem=getattr(verify_result, "problem", None) if verify_result is not None else "not verified",
        last_checkpoint=checkpoint.tree_size if checkpoint else None,
        last_checkpoint_at=checkpoint.created_at if checkpoint else None,
        witnesses=witnesses,
        warnings=list(getattr(verify_result, "warnings", [])),
    )


def monthly_figures(app: Casebot, *, month: Month, verify_result: object | None) -> MonthlyFigures:
    with app.db.transaction(write=False) as session:
        rows = q.count_all(session, start=month.start, end=month.until)
        figures = {
            "redactions": redactions(session, month),
            "disclosures": disclosures(session, month),
            "verification": verification(session, month),
            "escalations": escalations(session, month),
            "incidents": incidents(session, month),
            "offboarding": offboarding(session, month),
            "meetings": meetings(session, month),
        }
    return MonthlyFigures(
        month=month,
        audit_rows=rows,
        integrity=integrity(app, verify_result=verify_result),
        **figures,  # type: ignore[arg-type]
    )


def hmis_leads(app: Casebot) -> list[str]:
    with app.db.transaction(write=False) as session:
        return list(
            session.scalars(
                select(User.slack_user_id)
                .where(User.active.is_(True), User.role == Role.HMIS_ADMIN)
                .order_by(User.slack_user_id)
            )
        )
