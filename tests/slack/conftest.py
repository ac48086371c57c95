"""The real Bolt app over real HTTP, its Web API calls answered by a local stand-in.

``bot`` starts casebot's WSGI app (the one `casebot serve` hands gunicorn:
``/slack/events`` and ``/healthz``) on a threaded HTTP server on a free
loopback port, with SLACK_API_URL pointing at the stand-in. Requests are
signed with Slack's v0 scheme exactly as Slack signs them.
"""

from __future__ import annotations

import http.client
import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from app.serve import wsgi_app
from app.slack_app import create_app
from bot.clients.importing import import_clients
from bot.clients.synthetic import clients, write_client_csv
from bot.context import Casebot
from bot.meetings.settings import MeetingSettings
from bot.registry import admin
from bot.runtime import BotRuntime
from bot.serve_settings import ServeSettings
from bot.settings import Settings
from storage.models import Role
from tests.canary import CANARY
from tests.slack_standin import TEAM, SlackStandIn

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-bot-token"
ADMIN_TOKEN = "xoxp-test-admin-token"
CHANNEL = "C0CASE001"
OTHER_CHANNEL = "C0RANDOM1"
MEMBER = "U0MEMBER1"
ADMIN_USER = "U0ADMIN01"
STRANGER = "U0STRANGE"

CANARY_TEXT = "Zephyrinaqa Vorthmundsen, SSN 517-29-4836, DOB 11/27/1983, call 612-555-0143"
CANARY_VALUES = ("Zephyrinaqa", "Vorthmundsen", "517-29-4836", "517294836", "11/27/1983", "612-555-0143")


def seed(app: Casebot, tmp_path: Path) -> None:
    """A by-name list with the canary, a private case-conference channel, a member and an HMIS admin."""
    path = tmp_path / "Client.csv"
    write_client_csv(path, [CANARY, *clients(30)])
    import_clients(app, path=path, actor="cli:test")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(session, actor="cli:test", slack_user_id=MEMBER, agency="hope-house", role=Role.MEMBER)
        admin.add_user(
            session, actor="cli:test", slack_user_id=ADMIN_USER, agency="hope-house", role=Role.HMIS_ADMIN
        )
        admin.add_channel(
            session, actor="cli:test", slack_channel_id=CHANNEL, name="case-conf", is_private=True
        )


def bot_settings(settings: Settings, standin: SlackStandIn, *, admin_token: bool = True) -> Settings:
    return settings.model_copy(
        update={
            "slack_bot_token": SecretStr(BOT_TOKEN),
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_admin_user_token": SecretStr(ADMIN_TOKEN) if admin_token else None,
            "slack_api_url": standin.url,
        }
    )


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        return


def sign(body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


_event_ids = itertools.count(1)


def message_event(
    text: str,
    *,
    user: str = MEMBER,
    channel: str = CHANNEL,
    ts: str | None = None,
    thread_ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts or f"{int(time.time())}.{next(_event_ids):06d}",
        "channel_type": "group",
        "team": TEAM,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy-unused",
        "team_id": TEAM,
        "api_app_id": "A0CASEBOT",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": "UCASEBOT1", "is_bot": True}],
    }


@dataclass
class Reply:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class RunningBot:
    url: str
    host: str
    port: int
    app: Casebot
    runtime: BotRuntime
    standin: SlackStandIn

    def post(self, path: str, body: str, headers: dict[str, str]) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            started = time.perf_counter()
            conn.request("POST", path, body=body.encode(), headers=headers)
            response = conn.getresponse()
            data = response.read()
            return Reply(response.status, data, time.perf_counter() - started)
        finally:
            conn.close()

    def get(self, path: str) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            return Reply(response.status, response.read(), time.perf_counter() - started)
        finally:
            conn.close()

    def send_event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry: int | None = None,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
    ) -> Reply:
        body = json.dumps(envelope(event, event_id=event_id))
        headers = {"Content-Type": "application/json", **sign(body, timestamp=timestamp, secret=secret)}
        if retry is not None:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return self.post("/slack/events", body, headers)

    def send_action(self, *, user: str, value: str, action_id: str = "casebot_restore") -> Reply:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": user},
            "channel": {"id": CHANNEL},
            "api_app_id": "A0CASEBOT",
            "trigger_id": "1.2.3",
            "container": {"type": "message"},
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "b",
                    "value": value,
                    "type": "button",
                    "action_ts": str(time.time()),
                }
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
        return self.post("/slack/events", body, headers)

    def settle(self, timeout: float = 15.0) -> None:
        """Wait until every acknowledged event has been handled."""
        assert self.runtime.wait_idle(timeout), "worker pools did not drain"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    server = SlackStandIn().start()
    yield server
    server.stop()


def start_bot(
    app: Casebot,
    standin: SlackStandIn,
    serve: ServeSettings | None = None,
    meetings: MeetingSettings | None = None,
) -> tuple[Any, RunningBot]:
    bolt = create_app(
        app,
        serve=serve or ServeSettings(CASEBOT_QUARANTINE_MINUTES=30),
        meetings=meetings or MeetingSettings(),
    )
    runtime: BotRuntime = bolt.casebot_runtime  # type: ignore[attr-defined]
    runtime.roster.refresh()
    runtime.start()
    server = make_server(
        "127.0.0.1", 0, wsgi_app(bolt), server_class=_ThreadingWSGIServer, handler_class=_Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, RunningBot(f"http://{host}:{port}", str(host), int(port), app, runtime, standin)


@pytest.fixture
def make_bot(settings: Settings, standin: SlackStandIn, tmp_path: Path) -> Iterator[Any]:
    """Build a seeded installation and a running bot; ``admin_token=False`` leaves deletion impossible."""
    started: list[tuple[Any, RunningBot, Casebot]] = []

    def make(
        *,
        admin_token: bool = True,
        serve: ServeSettings | None = None,
        meetings: MeetingSettings | None = None,
    ) -> RunningBot:
        from app.installation import initialise

        app = Casebot(bot_settings(settings, standin, admin_token=admin_token))
        # A Redis namespace of this test's own: dedup keys must not outlive the test on CI's shared Redis.
        app.__dict__["kv"] = app.kv.with_namespace(f"test-{uuid.uuid4().hex}")
        initialise(app, actor="cli:test")
        seed(app, tmp_path)
        server, running = start_bot(app, standin, serve, meetings)
        started.append((server, running, app))
        assert running.runtime.wait_idle(30), "the start-up sweep did not finish"
        standin.reset()  # the start-up sweep's history read is not the test's
        return running

    yield make
    for server, running, app in started:
        server.shutdown()
        server.server_close()
        running.runtime.shutdown(timeout=10)
        app.close()


@pytest.fixture
def bot(make_bot: Any) -> RunningBot:
    return make_bot()
