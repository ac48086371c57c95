"""`casebot escalations list|suspended`, `casebot user restore` and the escalation line of `config check`,
as an operator runs them (a real `casebot` process on the test's installation)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from bot.context import Casebot
from bot.oversight import escalations as escalation
from bot.oversight.suspicion import Rule
from bot.registry import admin
from storage.models import AuditEvent, Role, User, UserSuspension

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, timeout=120)


def test_list_suspended_and_restore(app: Casebot, env_for: dict[str, str]) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(
            session, actor="cli:test", slack_user_id="U0MEMBER1", agency="hope-house", role=Role.MEMBER
        )
        held = escalation.open_escalation(
            session,
            kind=escalation.Kind.HELD,
            rules=[Rule.REVEAL_BURST],
            requester="U0MEMBER1",
            client_ids=["777001"],
            purpose="case_conferencing",
            detail={"reveals": 11, "window_minutes": 10},
        )
        notice = escalation.open_escalation(
            session, kind=escalation.Kind.NOTICE, rules=[Rule.STEPUP_FAILURES], requester="U0MEMBER1"
        )
    listed = run(env_for, "escalations", "list")
    assert listed.returncode == 0, listed.stderr
    assert (
        "reveal_burst" in listed.stdout and "stepup_failures" in listed.stdout and "777001" in listed.stdout
    )
    assert "hope-house" in listed.stdout and "pending" in listed.stdout

    # A supervisor suspended them (as bot.oversight.escalations.decide does), then the admin restores.
    with app.db.transaction() as session:
        user = session.scalar(select(User).where(User.slack_user_id == "U0MEMBER1"))
        user.active = False
        user.deactivated_at = datetime.now(UTC)
        session.add(
            UserSuspension(slack_user_id="U0MEMBER1", escalation_id=held.id, suspended_by="U0SUPER01")
        )
        session.get(type(held), notice.id).status = "suspended"
    suspended = run(env_for, "escalations", "suspended")
    assert "U0MEMBER1" in suspended.stdout and "U0SUPER01" in suspended.stdout
    assert "stepup_failures" not in run(env_for, "escalations", "list").stdout  # decided: not pending
    assert "stepup_failures" in run(env_for, "escalations", "list", "--all").stdout

    restored = run(env_for, "user", "restore", "U0MEMBER1")
    assert restored.returncode == 0, restored.stderr
    with app.db.transaction(write=False) as session:
        assert session.scalar(select(User.active).where(User.slack_user_id == "U0MEMBER1")) is True
        (row,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.restored"))
        assert row.actor.startswith("cli:") and '"escalation":' + str(held.id) in row.detail
    assert "U0MEMBER1" not in run(env_for, "escalations", "suspended").stdout


def test_restore_explains_when_there_is_nothing_to_restore(app: Casebot, env_for: dict[str, str]) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(
            session, actor="cli:test", slack_user_id="U0MEMBER1", agency="hope-house", role=Role.MEMBER
        )
        admin.remove_user(session, actor="cli:test", slack_user_id="U0MEMBER1")
    result = run(env_for, "user", "restore", "U0MEMBER1")
    assert result.returncode == 1
    assert "U0MEMBER1 is not suspended" in result.stderr and "Traceback" not in result.stderr


def test_config_check_shows_the_escalation_rules(app: Casebot, env_for: dict[str, str]) -> None:
    env = env_for | {
        "CASEBOT_ESCALATION_RULES": "reveal_burst,outside_hours",
        "CASEBOT_REQUEST_HOURS": "08:00-18:00",
        "CASEBOT_TIMEZONE": "America/Chicago",
    }
    result = run(env, "config", "check")
    line = next(line for line in result.stdout.splitlines() if "escalations" in line)
    assert "rules reveal_burst, outside_hours" in line and "08:00-18:00 mon-fri America/Chicago" in line
    bad = run(env_for | {"CASEBOT_TIMEZONE": "Mars/Olympus"}, "config", "check")
    assert bad.returncode != 0 and "IANA time zone" in bad.stdout + bad.stderr
