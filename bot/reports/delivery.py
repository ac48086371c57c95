"""The report in Slack: the PDF DM'd to an HMIS admin who asks for it, and to every HMIS lead on
``CASEBOT_REPORT_DAY`` each month.

Sending is audited (``report.sent``: the month, the recipient's Slack ID, what set it off; never a
figure or a name). The monthly run is done once across replicas: an audit row of a scheduled send for
that month is the durable mark, and a short Redis claim keeps two replicas from building it at once (if
the replica holding the claim dies, another tries once the claim lapses).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.context import Casebot
from bot.oversight.audit_service import verify
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from bot.reports import queries
from bot.reports.build import Report, build_report
from bot.reports.figures import MonthlyFigures, hmis_leads, monthly_figures
from bot.reports.month import Month, month_of
from storage import audit
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.reports")

SENT = "report.sent"
ACTOR = "casebot:report"
CLAIM_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class Headline:
    """What an HMIS admin's App Home shows of the month so far."""

    coverage: str
    redacted: int
    files_removed: int
    disclosures: int
    refusals: int
    open_incidents: int
    late_offboarding: int
    escalations: int


def headline(app: Casebot, *, slack_user_id: str, now: datetime | None = None) -> Headline | None:
    """The current month's headline figures, for an active HMIS admin only (None for anyone else)."""
    if slack_user_id not in hmis_leads(app):
        return None
    now = now or datetime.now(UTC)
    month = month_of(now.strftime("%Y-%m"), now=now)
    f: MonthlyFigures = monthly_figures(app, month=month, verify_result=None)
    return Headline(
        coverage=month.coverage,
        redacted=f.redactions.messages,
        files_removed=f.redactions.files,
        disclosures=f.disclosures.total,
        refusals=f.disclosures.refused,
        open_incidents=len(f.incidents.still_open),
        late_offboarding=len(f.late_offboarding),
        escalations=f.escalations.opened,
    )


def record_made(app: Casebot, *, actor: str, month: Month, formats: Sequence[str]) -> None:
    """A report written to files by a command (who made which month; the files stay with them)."""
    audit.append(
        app.db,
        actor=actor,
        action="report.made",
        detail={"month": month.label, "through": month.through.isoformat(), "formats": list(formats)},
    )


def _send(app: Casebot, *, slack: SlackPort, report: Report, pdf: bytes, user: str, trigger: str) -> bool:
    month = report.figures.month
    channel = slack.dm_channel(user=user)
    result = (
        slack.upload_file(
            place=Place(channel=channel),
            filename=f"{report.filename}.pdf",
            data=pdf,
            title=f"Privacy and security report, {month.title}",
            comment=f"casebot's privacy and security report: {month.coverage}.",
        )
        if channel
        else None
    )
    ok = result is not None and result.ok
    error = "dm_unavailable" if result is None else (result.error or "unknown")
    audit.append(
        app.db,
        actor=ACTOR,
        action=SENT if ok else "report.send_failed",
        detail={
            "month": month.label,
            "through": month.through.isoformat(),
            "recipient": user,
            "trigger": trigger,
            **({"file": result.file_id or ""} if ok and result is not None else {"error": audit_code(error)}),
        },
    )
    if not ok:
        log.warning("report DM to %s failed: %s", user, audit_code(error))
    return ok


def audit_code(error: str) -> str:
    return error if audit.safe_identifier(error) else "unknown"


def send_to(app: Casebot, *, slack: SlackPort, user: str, now: datetime | None = None) -> bool:
    """The *Send me the report* button: this month so far as a PDF DM, for an active HMIS admin only."""
    if user not in hmis_leads(app):
        return False
    now = now or datetime.now(UTC)
    month = month_of(now.strftime("%Y-%m"), now=now)
    report = build_report(app, month=month, verify_result=verify(app, slack=slack), now=now)
    return _send(app, slack=slack, report=report, pdf=report.pdf(), user=user, trigger="button")


def due_month(app: Casebot, *, now: datetime) -> Month | None:
    """The month whose report is due on ``now``: the last whole month, from CASEBOT_REPORT_DAY on."""
    if now.day < app.settings.report_day:
        return None
    return month_of(None, now=now)


def run_monthly(app: Casebot, *, slack: SlackPort, now: datetime | None = None) -> int | None:
    """Send last month's report to every HMIS lead once; the number sent, or None when not due here
    (not the day yet, already sent, another replica has it, or Redis unavailable for the claim)."""
    now = now or datetime.now(UTC)
    month = due_month(app, now=now)
    if month is None or _already_sent(app, month):
        return None
    try:
        if not app.kv.claim_once(f"report-monthly:{month.label}", ttl_seconds=CLAIM_SECONDS):
            return None
    except StoreUnavailable:
        log.warning("monthly report skipped: redis unavailable for the claim")
        return None
    if _already_sent(app, month):  # a replica finished between the check and the claim
        return None
    leads = hmis_leads(app)
    if not leads:
        log.warning("monthly report not sent: no active HMIS admin")
        return 0
    report = build_report(app, month=month, verify_result=verify(app, slack=slack), now=now)
    pdf = report.pdf()
    return sum(_send(app, slack=slack, report=report, pdf=pdf, user=u, trigger="schedule") for u in leads)


def _already_sent(app: Casebot, month: Month) -> bool:
    with app.db.transaction(write=False) as session:
        return queries.any_with(session, action=SENT, fields={"month": month.label, "trigger": "schedule"})
