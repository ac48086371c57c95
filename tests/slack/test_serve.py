"""`casebot serve` as an operator runs it: a real gunicorn process, signed events, SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.installation import initialise
from bot.context import Casebot
from bot.settings import Settings
from tests.slack.conftest import (
    ADMIN_TOKEN,
    BOT_TOKEN,
    CANARY_TEXT,
    SIGNING_SECRET,
    envelope,
    message_event,
    seed,
    sign,
)
from tests.slack_standin import SlackStandIn

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, path, body=body.encode() if body else None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def serve_env() -> dict[str, str]:
    """Extra environment for the `casebot serve` a test starts (a test sets it before ``served``)."""
    return {}


@pytest.fixture
def served(
    settings: Settings,
    env_for: dict[str, str],
    standin: SlackStandIn,
    tmp_path: Path,
    serve_env: dict[str, str],
) -> Iterator[tuple]:
    app = Casebot(settings)
    initialise(app, actor="cli:test")
    seed(app, tmp_path)
    app.close()
    port = free_port()
    env = {
        **env_for,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_ADMIN_USER_TOKEN": ADMIN_TOKEN,
        "SLACK_API_URL": standin.url,
        "CASEBOT_BIND": f"127.0.0.1:{port}",
        "CASEBOT_SHUTDOWN_SECONDS": "15",
        "HOME": str(tmp_path / "home"),
        **serve_env,
    }
    env.pop("XDG_RUNTIME_DIR", None)
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen([CASEBOT, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"casebot serve did not become healthy:\n{log.read()}")
            time.sleep(0.1)
        yield proc, port, log
    finally:
        if proc.poll() is None:
            # Stop it as an orchestrator would. SIGKILL would orphan the gunicorn worker, which notices,
            # exits on its own and writes its last audit checkpoint: on CI's shared PostgreSQL, into the
            # next test's freshly reset database.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def test_serve_answers_signed_events_and_health_behind_gunicorn(served, standin: SlackStandIn) -> None:
    _, port, _ = served
    status, body = request(port, "GET", "/healthz")
    assert status == 200 and json.loads(body)["ok"] is True

    payload = json.dumps(envelope(message_event(CANARY_TEXT)))
    status, _ = request(
        port, "POST", "/slack/events", payload, {"Content-Type": "application/json", **sign(payload)}
    )
    assert status == 200
    standin.wait_for("chat.postEphemeral", timeout=15)
    assert [c.method for c in standin.calls if c.method.startswith("chat.")] == [
        "chat.delete",
        "chat.postMessage",
        "chat.postEphemeral",
    ]
    bad = request(
        port,
        "POST",
        "/slack/events",
        payload,
        {"Content-Type": "application/json", **sign(payload, secret="wrong")},
    )
    assert bad[0] == 401


def test_serve_opens_no_control_socket_another_serve_could_share(served, tmp_path: Path) -> None:
    assert not (tmp_path / "home" / ".gunicorn").exists()


def test_sigterm_finishes_acknowledged_work_then_exits(served, standin: SlackStandIn) -> None:
    proc, port, log = served
    standin.slow("chat.delete", seconds=2.0)
    payload = json.dumps(envelope(message_event(CANARY_TEXT)))
    status, _ = request(
        port, "POST", "/slack/events", payload, {"Content-Type": "application/json", **sign(payload)}
    )
    assert status == 200
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=40) == 0
    # The event was acknowledged before SIGTERM; the worker drained it before exiting.
    assert [c.method for c in standin.calls if c.method.startswith("chat.")] == [
        "chat.delete",
        "chat.postMessage",
        "chat.postEphemeral",
    ]
    log.seek(0)
    output = log.read()
    assert "Vorthmundsen" not in output and SIGNING_SECRET not in output and BOT_TOKEN not in output


LEAD_CHANNEL = "G0HMISLEAD"


@pytest.mark.parametrize("serve_env", [{"CASEBOT_AUDIT_SLACK_CHANNEL": LEAD_CHANNEL}])
def test_sigterm_signs_a_last_checkpoint_and_sends_it_to_the_witness(
    served, settings: Settings, standin: SlackStandIn
) -> None:
    """Rows appended since the last checkpoint are not left for someone to cut: the worker checkpoints
    them on its way out and posts the checkpoint to the HMIS lead's channel."""
    from sqlalchemy import func, select

    from bot.oversight import audit_service
    from storage.models import AuditEvent

    proc, port, log = served
    payload = json.dumps(envelope(message_event(CANARY_TEXT)))
    status, _ = request(
        port, "POST", "/slack/events", payload, {"Content-Type": "application/json", **sign(payload)}
    )
    assert status == 200
    standin.wait_for("chat.postEphemeral", timeout=15)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    app = Casebot(settings)
    try:
        with app.db.transaction(write=False) as session:
            last = session.scalar(select(func.max(AuditEvent.seq)))
            redacted = session.scalar(
                select(func.max(AuditEvent.seq)).where(AuditEvent.action == "message.redacted")
            )
        assert redacted is not None
        assert audit_service.latest_checkpoint(app).tree_size == last
    finally:
        app.close()
    posted = [m["text"] for m in standin.history[LEAD_CHANNEL]]
    assert any(f"Audit checkpoint *{last}*" in text for text in posted)
    log.seek(0)
    assert "Traceback" not in log.read()


def test_a_bad_bot_token_stops_serve_with_one_line(
    settings: Settings, env_for: dict[str, str], standin: SlackStandIn
) -> None:
    app = Casebot(settings)
    initialise(app, actor="cli:test")
    app.close()
    standin.script.errors["auth.test"] = ["invalid_auth"]
    env = {
        **env_for,
        "SLACK_BOT_TOKEN": "xoxb-revoked",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": standin.url,
        "CASEBOT_BIND": f"127.0.0.1:{free_port()}",
    }
    proc = subprocess.run([CASEBOT, "serve"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Slack refused the bot token: invalid_auth" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("serve_env", [{"CASEBOT_WEB_WORKERS": "2"}])
def test_two_workers_share_one_metrics_exposition_and_every_log_line_is_json(
    served, standin: SlackStandIn
) -> None:
    proc, port, log = served
    payload = json.dumps(envelope(message_event(CANARY_TEXT)))
    status, _ = request(
        port, "POST", "/slack/events", payload, {"Content-Type": "application/json", **sign(payload)}
    )
    assert status == 200
    standin.wait_for("chat.postEphemeral", timeout=15)
    # Whichever worker answers, the exposition sums both (prometheus-client's multiprocess mode).
    for _ in range(4):
        status, body = request(port, "GET", "/metrics")
        text = body.decode() if isinstance(body, bytes) else body
        assert status == 200
        assert 'casebot_events_received_total{kind="message"} 1.0' in text
        assert "casebot_messages_redacted_total 1.0" in text
        assert "Vorthmundsen" not in text and "777001" not in text and "U0MEMBER1" not in text
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=40) == 0
    log.seek(0)
    lines = [line for line in log.read().splitlines() if line.strip()]
    assert lines
    for line in lines:  # gunicorn's own lines too
        entry = json.loads(line)
        assert {"timestamp", "level", "logger", "event"} <= set(entry)
        assert "Vorthmundsen" not in line
    assert any(json.loads(line)["logger"].startswith("gunicorn") for line in lines)
