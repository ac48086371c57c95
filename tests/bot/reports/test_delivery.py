"""The monthly report to the HMIS leads: from CASEBOT_REPORT_DAY on, once across replicas, audited."""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlalchemy import select

from bot.context import Casebot
from bot.ports.places import Place
from bot.ports.slack import SlackResult
from bot.registry import admin
from bot.reports.delivery import due_month, run_monthly
from storage.models import AuditEvent, Role

LEADS = ("U0LEAD0001", "U0LEAD0002")
DAY = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@dataclass
class Port:
    """The two Slack calls a report needs (conversations.open and the upload flow), recorded."""

    uploads: list[tuple[str, str, bytes]] = field(default_factory=list)
    fail_upload: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def dm_channel(self, *, user: str) -> str | None:
        return "D" + user[1:]

    def upload_file(
        self, *, place: Place, filename: str, data: bytes, title: str, comment: str
    ) -> SlackResult:
        if self.fail_upload:
            return SlackResult.failed("ratelimited")
        with self.lock:
            self.uploads.append((place.channel, filename, data))
            return SlackResult(True, file_id=f"F0REPORT{len(self.uploads)}")


def _leads(app: Casebot) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="coc", name="CoC")
        for lead in LEADS:
            admin.add_user(session, actor="cli:test", slack_user_id=lead, agency="coc", role=Role.HMIS_ADMIN)
        admin.add_user(session, actor="cli:test", slack_user_id="U0MEMBER1", agency="coc", role=Role.MEMBER)


def _rows(app: Casebot, action: str) -> list[dict]:
    with app.db.transaction(write=False) as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))
        return [{"actor": r.actor, **json.loads(r.detail)} for r in rows]


def test_not_before_the_report_day(app: Casebot) -> None:
    app.settings.report_day = 5
    assert due_month(app, now=DAY) is None
    assert run_monthly(app, slack=Port(), now=DAY) is None  # type: ignore[arg-type]
    assert due_month(app, now=DAY.replace(day=5)).label == "2026-11"  # type: ignore[union-attr]


def test_last_months_pdf_goes_to_every_hmis_lead_once_and_is_audited(app: Casebot) -> None:
    _leads(app)
    port = Port()
    assert run_monthly(app, slack=port, now=DAY) == 2  # type: ignore[arg-type]
    assert sorted(channel for channel, _, _ in port.uploads) == ["D0LEAD0001", "D0LEAD0002"]
    _, filename, pdf = port.uploads[0]
    assert filename == "casebot-report-2026-11.pdf"
    assert "November 2026 (the whole month)" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    sent = _rows(app, "report.sent")
    assert [(r["recipient"], r["month"], r["trigger"]) for r in sent] == [
        (LEADS[0], "2026-11", "schedule"),
        (LEADS[1], "2026-11", "schedule"),
    ]
    # Later the same month, and after the Redis claim has gone: the audit row is the mark.
    app.kv.delete("report-monthly:2026-11")
    assert run_monthly(app, slack=port, now=DAY.replace(day=20)) is None  # type: ignore[arg-type]
    assert len(port.uploads) == 2


def test_two_replicas_at_the_same_moment_send_it_once(app: Casebot) -> None:
    _leads(app)
    port = Port()
    other = Casebot(app.settings)
    other.__dict__["kv"] = app.kv  # the same Redis (namespaced like the first)
    results: list[int | None] = []
    threads = [
        threading.Thread(target=lambda a=a: results.append(run_monthly(a, slack=port, now=DAY)))  # type: ignore[misc]
        for a in (app, other)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    other.close()
    assert sorted(results, key=str) == [2, None]
    assert len(port.uploads) == 2 and len(_rows(app, "report.sent")) == 2


def test_a_failed_upload_is_audited_and_tried_again_once_the_claim_lapses(app: Casebot) -> None:
    _leads(app)
    port = Port(fail_upload=True)
    assert run_monthly(app, slack=port, now=DAY) == 0  # type: ignore[arg-type]
    failed = _rows(app, "report.send_failed")
    assert [(r["recipient"], r["error"]) for r in failed] == [
        (LEADS[0], "ratelimited"),
        (LEADS[1], "ratelimited"),
    ]
    assert run_monthly(app, slack=port, now=DAY) is None  # type: ignore[arg-type]  # the claim holds for now
    app.kv.delete("report-monthly:2026-11")
    port.fail_upload = False
    assert run_monthly(app, slack=port, now=DAY) == 2  # type: ignore[arg-type]
