"""The incident register and `casebot user remove` as an operator uses them (real subprocesses), and the
database refusing to forget: no DELETE, no TRUNCATE, no UPDATE but closing once."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.clients.importing import import_clients
from bot.clients.roster import roster_from_db
from bot.clients.synthetic import clients, write_client_csv
from bot.context import Casebot
from bot.oversight import incidents
from bot.registry import admin
from bot.sharing import identity
from redaction import Redactor
from storage.models import AuditEvent, Incident, Role, User
from tests.app.cli.test_cli import run
from tests.canary import CANARY

MEMBER = "U0MEMBER1"
CANARY_NAME = "Zephyrinaqa Vorthmundsen"
CANARY_VALUES = ("Zephyrinaqa", "Vorthmundsen", "517-29-4836", "11/27/1983")


@pytest.fixture
def office(app: Casebot, tmp_path: Path) -> Casebot:
    path = tmp_path / "Client.csv"
    write_client_csv(path, [CANARY, *clients(5)])
    import_clients(app, path=path, actor="cli:test")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(session, actor="cli:test", slack_user_id=MEMBER, agency="hope-house", role=Role.MEMBER)
    return app


def reported(app: Casebot, description: str) -> int:
    redact = Redactor(roster_from_db(app)).redact
    return incidents.report(
        app, redact=redact, reporter=MEMBER, category="lost_device", description=description
    ).incident_id


def audit_text(app: Casebot) -> str:
    with app.db.transaction(write=False) as session:
        return json.dumps([[e.actor, e.action, e.detail] for e in session.scalars(select(AuditEvent))])


def test_list_show_note_and_close_from_the_command_line(office: Casebot, env_for: dict[str, str]) -> None:
    number = reported(office, f"Phone with {CANARY_NAME}'s file on it left in a cab, SSN 517-29-4836")

    listing = run(env_for, "incidents", "list", "--open").stdout
    assert (
        "lost device" in listing
        and MEMBER in listing
        and "hope-house" in listing
        and "1 incident(s) open" in listing
    )

    shown = run(env_for, "incidents", "show", str(number)).stdout
    assert "Client 777001's file on it left in a cab, SSN [redacted]" in shown
    assert not any(v in shown for v in CANARY_VALUES)

    run(env_for, "incidents", "note", str(number), f"Called {CANARY_NAME} to let them know")
    missing = run(env_for, "incidents", "close", str(number), ok=False)
    assert missing.returncode == 2 and "--corrective-action" in missing.stderr
    blank = run(env_for, "incidents", "close", str(number), "--corrective-action", "  ", ok=False)
    assert blank.returncode == 1 and "the corrective action is required" in blank.stderr
    assert "incident(s) open" in run(env_for, "incidents", "list", "--open").stdout

    closed = run(env_for, "incidents", "close", str(number), "--corrective-action", "Device wiped remotely")
    assert f"incident #{number} closed" in closed.stdout
    again = run(env_for, "incidents", "close", str(number), "--corrective-action", "again", ok=False)
    assert f"incident #{number} is already closed" in again.stderr
    assert "0 incident(s) open" in run(env_for, "incidents", "list", "--open").stdout
    assert "closed" in run(env_for, "incidents", "list").stdout

    shown = run(env_for, "incidents", "show", str(number)).stdout
    assert "Called Client 777001 to let them know" in shown and "Device wiped remotely" in shown
    assert "No such command" in run(env_for, "incidents", "delete", str(number), ok=False).stderr
    assert "no incident #99" in run(env_for, "incidents", "show", "99", ok=False).stderr

    assert not any(v in audit_text(office) for v in CANARY_VALUES)
    with office.db.transaction(write=False) as session:
        actions = list(
            session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.like("incident.%")).order_by(AuditEvent.seq)
            )
        )
    assert actions == [
        "incident.opened",
        "incident.viewed",
        "incident.noted",
        "incident.closed",
        "incident.viewed",
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM incidents",
        "DELETE FROM incident_notes",
        "UPDATE incidents SET category = 'other'",
        "UPDATE incidents SET closed_at = CURRENT_TIMESTAMP",  # closing without a corrective action
        "UPDATE incident_notes SET author = 'cli:someone'",
        "TRUNCATE incidents CASCADE",
        "TRUNCATE incident_notes",
    ],
)
def test_the_database_refuses_to_forget_or_rewrite_an_incident(office: Casebot, statement: str) -> None:
    number = reported(office, "a phishing email")
    incidents.add_note(
        office, redact=lambda t: Redactor().redact(t), incident_id=number, author="cli:a", text="x"
    )
    if statement.startswith("TRUNCATE") and not office.db.is_postgresql:
        pytest.skip("SQLite has no TRUNCATE (its DELETE trigger covers a DELETE without WHERE)")
    with pytest.raises(DBAPIError), office.db.transaction() as session:
        session.execute(text(statement))
    with office.db.transaction(write=False) as session:
        row = session.get(Incident, number)
        assert row is not None and row.category == "lost_device" and row.closed_at is None


def test_a_closed_incident_cannot_be_reopened_or_closed_again(office: Casebot) -> None:
    number = reported(office, "a phishing email")
    incidents.close(
        office,
        redact=lambda t: Redactor().redact(t),
        incident_id=number,
        actor="cli:a",
        corrective_action="done",
    )
    for statement in (
        "UPDATE incidents SET closed_at = NULL, closed_by = NULL, corrective_action_enc = NULL",
        "UPDATE incidents SET closed_by = 'cli:b'",
    ):
        with pytest.raises(DBAPIError), office.db.transaction() as session:
            session.execute(text(statement))
    with office.db.transaction(write=False) as session:
        assert session.scalar(select(Incident.closed_by).where(Incident.id == number)) == "cli:a"


def test_user_remove_ends_access_at_once(office: Casebot, env_for: dict[str, str]) -> None:
    identity._open_session(office, slack_user_id=MEMBER, enrolled=datetime.now(UTC), now=time.time())
    assert office.kv.get(identity._k_session(MEMBER)) is not None

    removed = run(env_for, "user", "remove", MEMBER)
    assert "removed (session ended; 0 pending request(s) withdrawn)" in removed.stdout
    assert office.kv.get(identity._k_session(MEMBER)) is None
    with office.db.transaction(write=False) as session:
        assert session.scalar(select(User.active).where(User.slack_user_id == MEMBER)) is False
    rows = [json.loads(d) for d in _details(office, "identity.access_ended")]
    assert rows == [
        {
            "user": MEMBER,
            "reason": "removed",
            "deactivated": True,
            "sessions_ended": True,
            "requests_withdrawn": 0,
        }
    ]
    assert json.loads(_details(office, "user.remove")[-1])["reason"] == "removed"
    again = run(env_for, "user", "remove", MEMBER, ok=False)
    assert again.returncode == 1 and "is not an active casebot user" in again.stderr
    assert len(_details(office, "identity.access_ended")) == 1


def _details(app: Casebot, action: str) -> list[str]:
    with app.db.transaction(write=False) as session:
        return list(
            session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )


def test_the_bots_postgresql_role_cannot_delete_or_rewrite_incidents(office: Casebot) -> None:
    if not office.db.is_postgresql:
        pytest.skip("roles exist on PostgreSQL only")
    from sqlalchemy.orm import Session

    from storage.migrate import grant_bot_role

    number = reported(office, "a phishing email")
    role = f"casebot_bot_{uuid.uuid4().hex[:8]}"  # roles are cluster-wide: one of this test's own
    with office.db.engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    try:
        grant_bot_role(office.db, role=role)
        with office.db.engine.connect() as conn:
            conn.execute(text(f"SET ROLE {role}"))
            with Session(bind=conn) as session:
                incidents.open_incident(session, category="legal_request", reported_by="bot:casebot")
            for statement in ("DELETE FROM incident_notes", "UPDATE incidents SET category = 'x'"):
                with pytest.raises(DBAPIError, match="permission denied"):
                    conn.execute(text(statement))
                conn.rollback()
                conn.execute(text(f"SET ROLE {role}"))
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("DELETE FROM incidents WHERE id = :id"), {"id": number})
            conn.rollback()
    finally:
        with office.db.engine.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
