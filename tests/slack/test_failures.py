"""Failing closed: Redis down, a health check that says so, and message shapes that are not a person's."""

from __future__ import annotations

import pytest

from bot.channels.guard import IncomingMessage, is_from_a_person, verdict_of
from handlers.messages import parse_message
from redaction import Redactor
from storage.kv import StoreUnavailable
from tests.slack.conftest import CANARY_TEXT, CHANNEL, MEMBER, RunningBot, message_event
from tests.slack.test_events_http import audit_rows, chat_calls


def _down(*_args, **_kwargs):
    raise StoreUnavailable("redis unavailable: ConnectionError")


def test_without_redis_slack_gets_a_503_and_its_retry_is_handled_once_redis_is_back(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    event = message_event(CANARY_TEXT)
    with monkeypatch.context() as down:
        down.setattr(bot.runtime.events.stream, "append", _down)
        reply = bot.send_event(event, event_id="Ev0NOREDIS1")
    assert reply.status == 503  # not acknowledged: Slack keeps the event and retries it
    assert "Redis unreachable: answering 503 to event Ev0NOREDIS1 so that Slack retries it" in caplog.text
    bot.settle()
    assert chat_calls(bot) == []
    assert bot.send_event(event, event_id="Ev0NOREDIS1", retry=1).status == 200
    bot.settle()
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert len(audit_rows(bot.app, "message.redacted")) == 1


def test_without_redis_the_work_in_hand_still_removes_pii(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redis went away after the event was on the stream: progress marks cannot be kept, every step runs."""
    from bot.channels.guard import IncomingMessage as Message

    monkeypatch.setattr(bot.app.kv, "guard", _down)
    message = Message(channel=CHANNEL, user=MEMBER, ts="1700000000.000001", text=CANARY_TEXT)
    bot.runtime.guard.handle(event_id="Ev0NOREDIS2", message=message)
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]


def test_health_is_503_when_redis_is_down(bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.app.kv, "ping", _down)
    reply = bot.get("/healthz")
    assert reply.status == 503
    assert reply.json() == {"ok": False, "database": True, "redis": False, "roster": True}


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "subtype": "message_deleted", "channel": CHANNEL, "ts": "1.2"},
        {
            "type": "message",
            "subtype": "channel_join",
            "channel": CHANNEL,
            "user": MEMBER,
            "ts": "1.2",
            "text": "x",
        },
        {"type": "message", "channel": CHANNEL, "user": MEMBER, "ts": "1.2", "text": "x", "bot_id": "B1"},
        {"type": "message", "channel": CHANNEL, "ts": "1.2", "text": "no user"},
        {"type": "message", "channel": CHANNEL, "user": "not-an-id", "ts": "1.2", "text": "x"},
    ],
    ids=["deleted", "join", "bot", "no-user", "bad-user"],
)
def test_only_a_persons_message_is_moderated(event: dict) -> None:
    message = parse_message(event)
    assert message is None or not is_from_a_person(message)


def test_a_thread_parent_is_top_level_and_a_reply_is_in_its_thread() -> None:
    parent = parse_message(message_event("x", ts="1700000000.000100", thread_ts="1700000000.000100"))
    reply = parse_message(message_event("x", ts="1700000000.000200", thread_ts="1700000000.000100"))
    assert parent is not None and parent.thread_ts is None
    assert reply is not None and reply.thread_ts == "1700000000.000100"


def test_verdicts_name_kinds_in_a_fixed_order_and_never_print_text() -> None:
    verdict = verdict_of(Redactor().redact("call 612-555-0143 or mail a.b@example.org, SSN 517-29-4836"))
    assert verdict.kinds == ("SSN", "PHONE", "EMAIL")
    message = IncomingMessage(channel=CHANNEL, user=MEMBER, ts="1.2", text=CANARY_TEXT)
    assert "Vorthmundsen" not in repr(message) and "612" not in repr(verdict)


def test_the_bot_token_is_never_sent_to_a_file_host_that_is_not_slack(standin) -> None:
    from slack_sdk import WebClient

    from handlers.slack_api.web_api import WebApiSlack
    from tests.slack_standin import StoredFile

    slack = WebApiSlack(bot=WebClient(token="xoxb-t", base_url=standin.url), admin=None)
    standin.add_file(StoredFile("F0EVIL0001", "a.csv", b"x"))
    standin.file_url_base = "https://attacker.example/files/"
    assert slack.download_file(file_id="F0EVIL0001", max_bytes=1000).problem == "untrusted_file_host"
    standin.file_url_base = standin.file_base.replace("http://", "https://")  # right host, wrong scheme
    assert slack.download_file(file_id="F0EVIL0001", max_bytes=1000).problem == "untrusted_file_host"
    assert standin.downloads == []
    standin.file_url_base = None
    assert slack.download_file(file_id="F0EVIL0001", max_bytes=1000).data == b"x"
