"""The app manifest asks Slack for what the code handles, and `casebot serve` explains itself."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from app.cli import main as cli
from app.serve import EVENTS_PATH
from handlers.blocks import RESTORE_ACTION
from tests.conftest import ROOT

MANIFEST = (ROOT / "slack-manifest.yaml").read_text()


def listed(section: str) -> set[str]:
    """Items of a YAML list under ``section:`` (the manifest is flat enough not to need a YAML parser)."""
    block = re.search(rf"^\s*{section}:\n((?:\s+(?:- |#).*\n)+)", MANIFEST, re.M)
    assert block, section
    items = [line.strip() for line in block.group(1).splitlines() if line.strip().startswith("- ")]
    return {item[2:].split("#")[0].strip() for item in items}


def test_the_manifest_subscribes_to_the_events_casebot_handles() -> None:
    assert listed("bot_events") == {
        "message.groups",
        "message.channels",
        "message.im",
        "app_home_opened",
        "user_change",
    }


def test_the_manifest_asks_for_the_scopes_the_calls_need() -> None:
    bot = listed("bot")
    assert {"groups:history", "groups:read", "chat:write", "files:read", "commands", "users:read"} <= bot
    assert "im:history" in bot  # message.im: DMs to casebot are read for legal-request language
    assert {"im:write", "files:write"} <= bot  # the monthly report: conversations.open, then the upload
    assert "messages_tab_read_only_enabled: false" in MANIFEST  # people can write to casebot
    assert listed("user") == {"chat:write", "files:write"}  # the admin token: chat.delete, files.delete


def test_every_slack_url_in_the_manifest_is_the_bolt_endpoint() -> None:
    urls = re.findall(r"url: (\S+)", MANIFEST)
    assert len(urls) == 4 and all(u.endswith(EVENTS_PATH) for u in urls)
    assert "command: /casebot" in MANIFEST and "command: /bnl" in MANIFEST and "is_enabled: true" in MANIFEST
    assert RESTORE_ACTION == "casebot_restore"


def test_serve_explains_itself() -> None:
    result = CliRunner().invoke(cli.app, ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0 and "Socket Mode" in result.output and "/healthz" in result.output


def test_serve_refuses_to_start_without_slack_secrets(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CASEBOT_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(cli.app, ["serve"], terminal_width=200)
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET not set" in result.output
