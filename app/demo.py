"""`casebot demo`: the whole loop on the embedded defaults, with made-up people.

A newcomer sees what casebot does before connecting it to Slack: an
installation is created, a synthetic by-name list is imported (encrypted), and
case-conference messages are redacted against it, every step audited.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.demo_month import a_month_of_work
from app.installation import initialise
from bot.clients.importing import import_clients
from bot.clients.roster import roster_from_db
from bot.clients.synthetic import clients, write_client_csv
from bot.context import Casebot
from bot.oversight.audit_service import checkpoint_now, verify
from bot.registry import admin
from bot.reports.build import build_report
from bot.reports.month import month_of
from bot.settings import Settings
from redaction import Redactor
from storage import audit

ROSTER_SIZE = 500
# The made-up workspace's members. In Slack casebot reads its members' names from the
# workspace (bot/channels/staff_names.py) so colleagues' names stay readable; the demo does the same.
STAFF = ("Maria Okafor", "Dev Patel")


@dataclass(frozen=True, slots=True)
class DemoMessage:
    before: str
    after: str


def sample_messages(people: list) -> list[str]:
    a, b, c = people[3], people[17], people[42]
    return [
        f"{a.first_name} {a.last_name} got the voucher! DOB {a.dob:%m/%d/%Y} for the paperwork.",
        f"Can someone check on {b.last_name}, {b.first_name}? Her number is (612) 555-0143.",
        f"{c.first_name.lower()} {c.last_name.lower()} is HIV positive, needs a med-friendly placement.",
        f"SSN for {a.first_name} is {a.ssn[:3]}-{a.ssn[3:5]}-{a.ssn[5:]}" if a.ssn else "No SSN on file.",
        "Hope House has two beds open Tuesday; Maria will follow up after the meeting.",
    ]


def run_demo(*, actor: str, say: Callable[[str], None], report: Path | None = None) -> list[DemoMessage]:
    """The demo in an installation of its own, in a temporary directory removed afterwards: SQLite, the
    embedded Redis and a new master key, whatever is configured. It never opens the configured database,
    Redis or key, so trying it on a real installation cannot add made-up clients to it.

    ``report``: also write the month's privacy and security report there (HTML, and the PDF beside it)."""
    with tempfile.TemporaryDirectory(prefix="casebot-demo-") as tmp:
        app = Casebot(
            Settings(
                CASEBOT_DATA_DIR=Path(tmp) / "data",
                DATABASE_URL=None,
                REDIS_URL=None,
                CASEBOT_MASTER_KEY=None,
                CASEBOT_AUDIT_CHECKPOINT_DIR=None,
            )
        )
        try:
            shown = _demo(app, actor=actor, say=say, report=report)
        finally:
            app.close()
    say("the demo's installation was thrown away; `casebot init` creates a real one")
    return shown


def _demo(app: Casebot, *, actor: str, say: Callable[[str], None], report: Path | None) -> list[DemoMessage]:
    settings = app.settings
    initialise(app, actor=actor)
    say(f"created a throwaway installation in {settings.data_dir} (SQLite + embedded Redis)")
    app.kv.ping()
    with app.db.transaction() as session:
        if all(agency.slug != "demo-agency" for agency in admin.list_agencies(session)):
            admin.add_agency(session, actor=actor, slug="demo-agency", name="Demo Agency")
        if all(channel.slack_channel_id != "C0DEMOCASE" for channel in admin.list_channels(session)):
            admin.add_channel(
                session,
                actor=actor,
                slack_channel_id="C0DEMOCASE",
                name="demo-case-conference",
                is_private=True,
            )
    people = list(clients(ROSTER_SIZE, seed=2026, first_id=9000))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Client.csv"
        write_client_csv(path, people)
        summary = import_clients(app, path=path, actor=actor, agency="demo-agency")
    say(f"imported a synthetic by-name list: {summary.line()}")
    redactor = Redactor(roster_from_db(app), colleagues=STAFF)
    shown: list[DemoMessage] = []
    with app.db.transaction() as session:
        for text in sample_messages(people):
            result = redactor.redact(text)
            shown.append(DemoMessage(text, result.text))
            audit.record(
                session,
                actor="U0DEMOUSER",
                action="message.redacted",
                detail={
                    "channel": "C0DEMOCASE",
                    "poster": "U0DEMOUSER",
                    "types": sorted({f.type.value for f in result.findings}),
                    "client_ids": sorted({f.client_id for f in result.findings if f.client_id}),
                },
            )
    if report is not None:
        a_month_of_work(
            app, actor=actor, agency="demo-agency", client_ids=[p.personal_id for p in people[:4]]
        )
    checkpoint_now(app)
    checked = verify(app)
    state = "intact" if checked.ok else f"NOT intact: {checked.problem}"
    say(
        f"audit log {state}: {checked.rows} events, "
        f"{checked.checkpoints} signed checkpoints, copies in {settings.audit_mirror_dir}"
    )
    if report is not None:
        _write_report(app, checked=checked, path=report, say=say)
    return shown


def _write_report(app: Casebot, *, checked: object, path: Path, say: Callable[[str], None]) -> None:
    now = datetime.now(UTC)
    made = build_report(app, month=month_of(now.strftime("%Y-%m"), now=now), verify_result=checked, now=now)
    path.write_text(made.html)
    path.with_suffix(".pdf").write_bytes(made.pdf())
    say(f"wrote the demo's privacy and security report to {path} and {path.with_suffix('.pdf')}")
