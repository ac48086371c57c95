"""The monthly report over an installation seeded through the real services over HTTP: every figure is
checked against a count made here over the audit rows and the registers (a loop of this test's own,
not the report's SQL), the HTML in Chromium, the PDF's pages, App Home's headline and *Send me the
report*, and the planted canary client nowhere in the report or what casebot sent to Slack."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bot.clients.roster import redactor_from_db
from bot.oversight import incidents
from bot.oversight.audit_service import verify
from bot.ports.disclosure import Target
from bot.registry import admin
from bot.reports.build import Report, build_report
from bot.reports.charts import ACCENT
from bot.reports.month import Month, month_of
from bot.sharing import identity
from bot.sharing.disclosure import disclose
from storage.models import AuditEvent, Client, Escalation, Incident, Role
from tests.bot.reports.browser import chart_grid, coloured_share, needs_chromium, screenshot
from tests.slack.conftest import ADMIN_USER, CANARY_TEXT, CANARY_VALUES, MEMBER, RunningBot
from tests.slack.conftest import message_event as event
from tests.slack.test_restore_http import NAME, open_choice, tick
from tests.slack.test_sharing_http import CANARY_ID, OTHER_MEMBER, click, enroll, next_code, reveal
from tests.slack_standin import TEAM

SECTIONS = [
    "Redactions",
    "Disclosures",
    "Verification",
    "Escalations",
    "Incidents",
    "Offboarding",
    "Meetings",
    "Audit integrity",
    "HUD HMIS security baseline",
]


# --- the installation: a month of casebot's work, done the way Slack and the operators do it ---------


def _seed(bot: RunningBot) -> None:
    with bot.app.db.transaction() as session:
        river = admin.add_agency(session, actor="cli:test", slug="river-shelter", name="River Shelter")
        admin.add_user(
            session, actor="cli:test", slack_user_id=OTHER_MEMBER, agency="river-shelter", role=Role.MEMBER
        )
        session.get(Client, CANARY_ID).agency_id = river.id
    # Messages with PII in the case-conference channel; the poster puts the rostered name back in one.
    for text in (CANARY_TEXT, "call her back on 612-555-0199", "Zephyrinaqa Vorthmundsen SSN 517-29-4836"):
        bot.send_event(event(text))
        bot.settle()
    with bot.app.db.transaction(write=False) as session:
        from storage.models import QuarantinedMessage

        first = session.scalars(select(QuarantinedMessage.id).order_by(QuarantinedMessage.created_at)).first()
    tick(bot, MEMBER, open_choice(bot, MEMBER, str(first)), NAME)
    # Verified sharing: the member sees the canary's basic data.
    totp = enroll(bot, MEMBER)
    _, view = reveal(bot, user=MEMBER)
    assert view is not None
    # Five wrong codes: a lockout, and the supervisors' notice (an escalation).
    identity.end_sessions(bot.app, slack_user_id=MEMBER)
    good = next_code(totp)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    for _ in range(5):
        reveal(bot, user=MEMBER, code=wrong)
    # Incidents: one reported and closed, one still open.
    with bot.app.db.transaction() as session:
        closed = incidents.open_incident(session, category="phishing", reported_by=MEMBER)
        incidents.open_incident(session, category="lost_device", reported_by=OTHER_MEMBER)
    incidents.close(
        bot.app,
        redact=redactor_from_db(bot.app).redact,
        incident_id=closed,
        actor="cli:test",
        corrective_action="Called Zephyrinaqa Vorthmundsen back, password reset",
    )
    # Offboarding: Slack deactivates the river-shelter member.
    bot.standin.members[OTHER_MEMBER] = {"deleted": True}
    bot.send_event({"type": "user_change", "user": {"id": OTHER_MEMBER, "team_id": TEAM, "deleted": True}})
    bot.settle()
    # ...and the door refuses them after.
    outcome = disclose(
        bot.app,
        slack=bot.runtime.slack,
        requester=OTHER_MEMBER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=OTHER_MEMBER, view_id="V0DIRECT9"),
    )
    assert outcome.revealed is None


@pytest.fixture
def seeded(make_bot: Any) -> RunningBot:
    bot = make_bot()
    _seed(bot)
    bot.standin.reset()  # from here on, every call to Slack is the report's
    return bot


def _month() -> Month:
    now = datetime.now(UTC)
    return month_of(now.strftime("%Y-%m"), now=now)


def _report(bot: RunningBot) -> Report:
    return build_report(bot.app, month=_month(), verify_result=verify(bot.app))


# --- the counts, made here: one loop over the month's rows ---------------------------------------------


def _rows(bot: RunningBot, month: Month) -> list[tuple[AuditEvent, dict[str, Any]]]:
    with bot.app.db.transaction(write=False) as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        return [(r, json.loads(r.detail)) for r in rows if month.start <= r.occurred_at < month.until]


def _counted(bot: RunningBot, month: Month) -> dict[str, Any]:
    c: dict[str, Any] = {
        "types": Counter(),
        "channels": Counter(),
        "agencies": Counter(),
        "bases": Counter(),
        "reasons": Counter(),
        "clients": Counter(),
        "actions": Counter(),
        "restored_by": Counter(),
        "ended": [],
    }
    rows = _rows(bot, month)
    c["rows"] = len(rows)
    for row, detail in rows:
        c["actions"][row.action] += 1
        if row.action in ("message.redacted", "file.removed"):
            c["types"].update(set(detail["types"]))
            c["channels"][detail["channel"]] += 1
        elif row.action == "pii.disclosed":
            c["agencies"][detail["agency"]] += 1
            c["bases"][detail["basis"]] += 1
            c["clients"][row.client_id] += 1
        elif row.action == "pii.refused":
            c["reasons"][detail["reason"]] += 1
        elif row.action in ("message.restored", "file.restored"):
            c["restored_by"]["admin" if detail["by_admin"] else "poster"] += 1
        elif row.action == "identity.access_ended":
            c["ended"].append(detail["user"])
    return c


def test_every_figure_is_a_count_over_the_audit_rows_and_registers(seeded: RunningBot) -> None:
    month = _month()
    report = _report(seeded)
    f, c = report.figures, _counted(seeded, month)
    a = c["actions"]
    # The seeding happened: each section has something to show.
    assert a["message.redacted"] == 3 and a["pii.disclosed"] == 1 and a["totp.locked"] == 1
    assert c["restored_by"] == {"poster": 1} and len(c["ended"]) == 1

    assert f.audit_rows == c["rows"]
    r = f.redactions
    assert (r.messages, r.files) == (a["message.redacted"], a["file.removed"])
    assert r.by_type == dict(c["types"]) and r.by_channel == dict(c["channels"])
    assert sum(m for _, m, _ in r.weekly) == r.messages and sum(x for _, _, x in r.weekly) == r.files
    assert (r.restores_by_poster, r.restores_by_admin) == (
        c["restored_by"]["poster"],
        c["restored_by"]["admin"],
    )
    assert r.undeletable == a["message.delete_failed"] + a["file.delete_failed"]

    d = f.disclosures
    assert (
        d.total == a["pii.disclosed"]
        and d.by_agency == dict(c["agencies"])
        and d.by_basis == dict(c["bases"])
    )
    assert d.refusals == dict(c["reasons"]) and d.refused == a["pii.refused"] > 0
    assert d.top_clients == c["clients"].most_common(10)

    v = f.verification
    assert v.step_ups == a["totp.verified"] and v.lockouts == a["totp.locked"]
    assert v.failures == a["totp.failed"] + a["totp.replay_refused"] >= 5
    with seeded.app.db.transaction(write=False) as session:
        from storage.models import TotpEnrollment, User

        active = {u.slack_user_id for u in session.scalars(select(User)) if u.active}
        enrolled = {t.slack_user_id for t in session.scalars(select(TotpEnrollment)) if t.confirmed_at}
        held = [e for e in session.scalars(select(Escalation)) if month.start <= e.opened_at < month.until]
        register = list(session.scalars(select(Incident)))
    assert (v.active_users, v.enrolled) == (len(active), len(active & enrolled))

    e = f.escalations
    assert e.opened == len(held) == a["escalation.opened"] >= 1
    assert e.by_rule == dict(Counter(x.rules[0] for x in held))
    named = {"expired": "lapsed", "released": "approved"}
    assert e.by_outcome == dict(Counter(named.get(x.status, x.status) for x in held))
    waits = [(x.decided_at - x.opened_at).total_seconds() / 3600 for x in held if x.decided_at]
    assert e.decided == len([x for x in held if x.decided_at and x.status != "withdrawn"])
    assert e.max_hours == (max(waits) if waits else None)

    i = f.incidents
    assert i.opened == sum(1 for x in register if month.start <= x.opened_at < month.until) == 2
    assert i.closed == sum(1 for x in register if x.closed_at is not None) == 1
    assert [(o.number, o.category) for o in i.still_open] == [
        (x.id, x.category) for x in register if x.closed_at is None
    ]

    assert [o.user for o in f.offboarding] == c["ended"] == [OTHER_MEMBER]
    (case,) = f.offboarding
    assert (
        case.trigger == "slack_deactivation" and case.hours is not None and case.hours < 1 and not case.late
    )

    m = f.meetings
    assert (m.links_removed, m.links_left, m.created) == (
        a["meeting_link.removed"],
        a["meeting_link.warned"],
        a["meeting.created"],
    )
    assert f.integrity.ok and f.integrity.rows > 0

    # The HTML shows the same numbers in its headline cards.
    cards = dict(
        (label, value)
        for value, label in re.findall(r'<div class="figure"><b>([^<]*)</b><span>([^<]*)</span>', report.html)
    )
    assert cards["messages redacted"] == str(r.messages) and cards["disclosures"] == str(d.total)
    assert cards["refusals"] == str(d.refused) and cards["lockouts"] == str(v.lockouts)
    assert cards["opened"] == "2" and cards["still open"] == "1" and cards["accesses ended"] == "1"
    assert f"<code>casebot audit client {CANARY_ID}</code>" in report.html


def _pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _assert_no_canary(where: str, text: str) -> None:
    for value in (*CANARY_VALUES, "1983-11-27", "Quillonetta"):
        assert value not in text, f"{value!r} in {where}"


def test_the_pdf_has_a_page_a_section_and_no_client_pii(seeded: RunningBot) -> None:
    report = _report(seeded)
    pages = _pdf_pages(report.pdf())
    assert len(pages) == len(SECTIONS)
    for page, title in zip(pages, SECTIONS, strict=True):
        assert title in page.splitlines()[:6], page[:200]  # the first page opens with the report's header
    _assert_no_canary("the HTML", report.html)
    _assert_no_canary("the PDF", "\n".join(pages))
    assert "Zephyrinaqa" not in json.dumps(report.figures, default=str)


@needs_chromium
def test_the_html_opens_in_chromium_with_no_console_error_and_no_blank_chart(
    seeded: RunningBot, tmp_path: Path
) -> None:
    report = _report(seeded)
    page = tmp_path / "report.html"
    page.write_text(report.html)
    shot = screenshot(page, tmp_path / "report.png", height=4000)
    assert shot.console == []
    # Each chart alone in a cell of its own: bars drawn in every one.
    svgs = re.findall(
        r'<figure class="chart" data-chart="[^"]+">(<svg.*?</svg>)\s*</figure>', report.html, re.S
    )
    names = re.findall(r'<figure class="chart" data-chart="([^"]+)">', report.html)
    assert len(svgs) == len(names) >= 5
    grid = tmp_path / "charts.html"
    width, height = 640, 320
    grid.write_text(chart_grid(svgs, width=width, height=height))
    cells = screenshot(grid, tmp_path / "charts.png", width=width, height=height * len(svgs))
    assert cells.console == []
    image = cells.image()
    for k, name in enumerate(names):
        box = (0, k * height, width, (k + 1) * height)
        assert coloured_share(image, box, ACCENT) > 0.002, f"chart {name} is blank"
        assert coloured_share(image, box, "#ffffff", tolerance=8) < 0.995, f"chart {name} is blank"


# --- App Home and Send me the report -------------------------------------------------------------------


def _home(bot: RunningBot, user: str) -> dict[str, Any]:
    bot.standin.reset()
    bot.send_event({"type": "app_home_opened", "user": user, "tab": "home"})
    bot.settle()
    (call,) = bot.standin.wait_for("views.publish")
    view = call["view"]
    return json.loads(view) if isinstance(view, str) else view


def _buttons(view: dict[str, Any]) -> list[str]:
    return [
        e["action_id"]
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if "action_id" in e
    ]


def test_an_hmis_admins_home_shows_the_months_figures_and_the_pdf_arrives_by_dm(seeded: RunningBot) -> None:
    figures = _report(seeded).figures
    view = _home(seeded, ADMIN_USER)
    shown = json.dumps(view)
    assert "Privacy and security report" in shown and "month to date, through" in shown
    assert f"*Messages redacted*\\n{figures.redactions.messages}" in shown
    assert f"*Disclosures*\\n{figures.disclosures.total}" in shown
    assert "casebot_report_send" in _buttons(view)

    seeded.standin.reset()
    click(seeded, user=ADMIN_USER, action_id="casebot_report_send", value="month_to_date", home=True)
    seeded.settle(timeout=60)
    (opened,) = seeded.standin.of("conversations.open")
    assert opened["users"] == ADMIN_USER
    (done,) = seeded.standin.of("files.completeUploadExternal")
    assert done["channel_id"] == "D" + ADMIN_USER[1:]
    (file_id,) = seeded.standin.shared
    pdf = seeded.standin.uploads[file_id]
    assert pdf.startswith(b"%PDF") and len(_pdf_pages(pdf)) == len(SECTIONS)
    told = [c["text"] for c in seeded.standin.of("chat.postMessage") if c.get("channel") == ADMIN_USER]
    assert told == ["The privacy and security report (PDF) is in your DMs with casebot."]
    with seeded.app.db.transaction(write=False) as session:
        (sent,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.sent")).all()
    detail = json.loads(sent.detail)
    assert (detail["recipient"], detail["trigger"], detail["month"]) == (ADMIN_USER, "button", _month().label)
    assert set(detail) == {"month", "through", "recipient", "trigger", "file"}  # no figure, no name

    # Nothing casebot sent Slack for the report holds the canary's PII.
    payloads = json.dumps([c.params for c in seeded.standin.calls], default=str)
    _assert_no_canary("the Slack calls", payloads + shown)
    _assert_no_canary("the PDF sent", "\n".join(_pdf_pages(pdf)))


def test_a_member_sees_no_report_and_the_button_sends_them_nothing(seeded: RunningBot) -> None:
    view = _home(seeded, MEMBER)
    assert "Privacy and security report" not in json.dumps(view)
    assert "casebot_report_send" not in _buttons(view)
    seeded.standin.reset()
    click(seeded, user=MEMBER, action_id="casebot_report_send", value="month_to_date", home=True)
    seeded.settle(timeout=60)
    assert seeded.standin.of("files.getUploadURLExternal") == []
    assert seeded.standin.shared == {}
