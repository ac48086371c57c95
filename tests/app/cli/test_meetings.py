"""`casebot channel add --meeting-links`, `casebot channel meeting-links`, `casebot meeting list|check`, and
what `casebot config check` says about meeting providers: the commands as an operator runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import select

from bot.context import Casebot
from bot.settings import Settings
from storage.models import AuditEvent, Meeting

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, timeout=120)
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def audit(settings: Settings, action: str) -> list[dict]:
    bot = Casebot(settings)
    try:
        with bot.db.transaction(write=False) as session:
            rows = session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
            return [{"actor": r.actor, **json.loads(r.detail)} for r in rows]
    finally:
        bot.close()


def test_a_channels_meeting_link_policy(env_for: dict[str, str], settings: Settings) -> None:
    run(env_for, "init")
    proc = run(
        env_for, "channel", "add", "C0CASE002", "--private", "--name", "north", "--meeting-links", "warn"
    )
    assert "C0CASE002 is now a case-conference channel (meeting links: warn)" in proc.stdout
    assert "warn" in run(env_for, "channel", "list").stdout
    assert audit(settings, "channel.add")[-1]["meeting_policy"] == "warn"

    proc = run(env_for, "channel", "meeting-links", "C0CASE002", "strict")
    assert "C0CASE002: meeting links strict" in proc.stdout
    (row,) = audit(settings, "channel.meeting_policy")
    assert (row["channel"], row["policy"], row["was"]) == ("C0CASE002", "strict", "warn")
    assert row["actor"].startswith("cli:")


def test_bad_policies_and_channels_are_refused_clearly(env_for: dict[str, str]) -> None:
    run(env_for, "init")
    proc = run(env_for, "channel", "add", "C0CASE003", "--private", "--meeting-links", "loose", ok=False)
    assert proc.returncode == 1 and "meeting-link policy must be 'strict' (remove) or 'warn'" in proc.stderr
    run(env_for, "channel", "add", "C0CASE003", "--private")
    proc = run(env_for, "channel", "meeting-links", "C0CASE003", "off", ok=False)
    assert proc.returncode == 1 and "must be 'strict'" in proc.stderr
    proc = run(env_for, "channel", "meeting-links", "C0NOTREG1", "warn", ok=False)
    assert proc.returncode == 1 and "C0NOTREG1 is not a registered case-conference channel" in proc.stderr
    proc = run(env_for, "channel", "meeting-links", "not-an-id", "warn", ok=False)
    assert "Slack channel IDs look like C012ABCDEF" in proc.stderr


def test_meeting_list_shows_ids_never_links(env_for: dict[str, str], settings: Settings) -> None:
    run(env_for, "init")
    bot = Casebot(settings)
    try:
        with bot.db.transaction() as session:
            session.add(
                Meeting(
                    provider="zoom",
                    provider_meeting_id="85512345678",
                    link_key="85512345678",
                    slack_channel_id="C0CASE001",
                    created_by="U0MEMBER1",
                    starts_at=datetime(2030, 3, 4, 15, 30, tzinfo=UTC),
                    duration_minutes=60,
                )
            )
    finally:
        bot.close()
    out = run(env_for, "meeting", "list").stdout
    assert "85512345678" in out and "C0CASE001" in out and "U0MEMBER1" in out and "2030-03-04 15:30" in out
    assert "85512345678" not in run(env_for, "meeting", "list", "--channel", "C0OTHER01").stdout


def test_meeting_check_explains_a_link_without_printing_its_passcode(env_for: dict[str, str]) -> None:
    out = run(
        env_for,
        "meeting",
        "check",
        "<https://zoom.us/j/85512345678?pwd=SeCrEt123|Join> https://us02web.zoom.us/s/85512345678 "
        "https://zoom.us.evil.example/j/1",
    ).stdout
    assert "SeCrEt123" not in out
    lines = [line for line in out.splitlines() if "Zoom" in line]
    assert len(lines) == 2 and "passcode in the link" in lines[0] and "host start link" in lines[1]
    assert run(env_for, "meeting", "check", "nothing here").stdout.strip() == "no meeting link found"


def test_config_check_names_a_half_configured_provider_and_no_secret(env_for: dict[str, str]) -> None:
    run(env_for, "init")
    env = {**env_for, "ZOOM_ACCOUNT_ID": "acct", "ZOOM_CLIENT_SECRET": "zoom-canary-secret-4242"}
    proc = run(env, "config", "check", ok=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "Zoom needs ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET together" in output
    assert "zoom-canary-secret-4242" not in output

    env = {**env_for, "WEBEX_ACCESS_TOKEN": "webex-canary-token-4242"}
    proc = run(env, "config", "check")
    assert "Webex set" in proc.stdout and "/casebot meeting uses webex" in proc.stdout
    assert "webex-canary-token-4242" not in proc.stdout + proc.stderr

    proc = run({**env_for, "ZOOM_API_URL": "http://api.zoom.example/v2"}, "config", "check", ok=False)
    assert "must be an https:// URL" in proc.stdout + proc.stderr
