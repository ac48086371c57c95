"""Socket Mode (SLACK_APP_TOKEN set): the same bot over a WebSocket, against a local Socket Mode stand-in."""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.installation import initialise
from app.serve import run_socket_mode
from bot.context import Casebot
from bot.serve_settings import ServeSettings
from bot.settings import Settings
from tests.slack.conftest import CANARY_TEXT, MEMBER, bot_settings, envelope, message_event, seed
from tests.slack.test_serve import free_port
from tests.slack_standin import SlackStandIn, SocketStandIn

APP_TOKEN = "xapp-test-app-token"


@pytest.fixture
def socket_standin(standin: SlackStandIn) -> Iterator[SocketStandIn]:
    server = SocketStandIn().start()
    standin.socket_url = server.url
    yield server
    server.stop()


def test_socket_mode_acks_envelopes_and_redacts(
    settings: Settings, standin: SlackStandIn, socket_standin: SocketStandIn, tmp_path: Path
) -> None:
    configured = bot_settings(settings, standin).model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    app = Casebot(configured)
    initialise(app, actor="cli:test")
    seed(app, tmp_path)
    app.close()
    health_port = free_port()
    stop = threading.Event()
    serve = ServeSettings(CASEBOT_HEALTH_PORT=health_port, CASEBOT_SHUTDOWN_SECONDS=10)
    runner = threading.Thread(target=run_socket_mode, args=(configured, serve), kwargs={"stop": stop})
    runner.start()
    try:
        socket_standin.wait_connected()
        (opened,) = standin.of("apps.connections.open")
        assert opened.token == APP_TOKEN

        event = message_event(CANARY_TEXT)
        event_id = f"Ev{uuid.uuid4().hex[:12].upper()}"  # unique: CI's Redis outlives this test
        socket_standin.push("env-1", envelope(event, event_id=event_id))
        socket_standin.push("env-2", envelope(event, event_id=event_id))  # redelivered: acted on once
        assert socket_standin.wait_ack("env-1") == {"envelope_id": "env-1"}
        socket_standin.wait_ack("env-2")
        standin.wait_for("chat.postEphemeral")
        time.sleep(0.3)
        assert [c.method for c in standin.calls if c.method.startswith("chat.")] == [
            "chat.delete",
            "chat.postMessage",
            "chat.postEphemeral",
        ]
        assert standin.of("chat.postMessage")[0]["text"].startswith(f"<@{MEMBER}> wrote: Client 777001")

        conn = http.client.HTTPConnection("127.0.0.1", health_port, timeout=5)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["ok"] is True
        conn.close()

        # /metrics on the same listener: the Socket Mode envelope was counted by kind, and names no one.
        conn = http.client.HTTPConnection("127.0.0.1", health_port, timeout=5)
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        assert response.status == 200 and response.getheader("Content-Type", "").startswith("text/plain")
        assert 'casebot_events_received_total{kind="message"}' in text
        assert "777001" not in text and MEMBER not in text and "Vorthmundsen" not in text
    finally:
        stop.set()
        runner.join(timeout=30)
    assert not runner.is_alive()


def test_socket_mode_signs_a_last_checkpoint_when_it_stops(
    settings: Settings, standin: SlackStandIn, socket_standin: SocketStandIn, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from bot.oversight import audit_service
    from storage.models import AuditEvent

    configured = bot_settings(settings, standin).model_copy(
        update={"slack_app_token": SecretStr(APP_TOKEN), "audit_slack_channel": "G0HMISLEAD"}
    )
    app = Casebot(configured)
    initialise(app, actor="cli:test")
    seed(app, tmp_path)
    stop = threading.Event()
    serve = ServeSettings(CASEBOT_HEALTH_PORT=0, CASEBOT_SHUTDOWN_SECONDS=10)
    runner = threading.Thread(target=run_socket_mode, args=(configured, serve), kwargs={"stop": stop})
    runner.start()
    try:
        socket_standin.wait_connected()
        event_id = f"Ev{uuid.uuid4().hex[:12].upper()}"
        socket_standin.push("env-1", envelope(message_event(CANARY_TEXT), event_id=event_id))
        standin.wait_for("chat.postEphemeral")
    finally:
        stop.set()
        runner.join(timeout=30)
    assert not runner.is_alive()
    with app.db.transaction(write=False) as session:
        last = session.scalar(select(func.max(AuditEvent.seq)))
    assert audit_service.latest_checkpoint(app).tree_size == last
    assert any(f"Audit checkpoint *{last}*" in m["text"] for m in standin.history["G0HMISLEAD"])
    app.close()
