"""Canary: PII planted in every kind of message casebot handles shows up in no log line, no audit row,
no channel message and no ephemeral notice, and the quarantine holds it only as ciphertext."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select

from storage.models import AuditEvent, QuarantinedMessage
from tests.slack.conftest import (
    CANARY_TEXT,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    RunningBot,
    message_event,
)
from tests.slack_standin import StoredFile


def plant_everywhere(bot: RunningBot) -> None:
    bot.send_event(message_event(CANARY_TEXT))
    bot.send_event(message_event(CANARY_TEXT, thread_ts="1700000000.000100"))
    retried = message_event("Zephyrinaqa's SSN is 517294836")
    bot.send_event(retried, event_id="Ev0CANARY01")
    bot.send_event(retried, event_id="Ev0CANARY01", retry=1)
    original = message_event("notes later")
    bot.send_event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": CHANNEL,
            "ts": "1700000999.000001",
            "message": {**original, "text": CANARY_TEXT},
            "previous_message": original,
        }
    )
    bot.standin.add_file(StoredFile("F0CANARY01", "Vorthmundsen.csv", CANARY_TEXT.encode()))
    bot.send_event(message_event(CANARY_TEXT, subtype="file_share", files=[{"id": "F0CANARY01"}]))
    bot.standin.fail("chat.delete", "cant_delete_message")
    bot.send_event(message_event(CANARY_TEXT))
    bot.standin.ratelimit("chat.postMessage", retry_after=0)
    bot.send_event(message_event(CANARY_TEXT))
    bot.send_event(message_event(CANARY_TEXT, bot_id="B0OTHERBOT"))
    bot.settle()
    held = next(
        block["elements"][0]["value"]
        for call in bot.standin.of("chat.postEphemeral")
        for block in call.get("blocks") or []
        if block["type"] == "actions"
    )
    bot.send_action(user=STRANGER, value=held)  # refused: the original stays hidden
    bot.settle()
    bot.send_event({"type": "app_home_opened", "user": MEMBER, "tab": "home", "event_ts": "1.2"})
    bot.settle()


def assert_no_canary(where: str, text: str) -> None:
    for value in CANARY_VALUES:
        assert value not in text, f"{value!r} leaked into {where}"


def test_planted_pii_reaches_no_log_audit_row_or_slack_message(
    bot: RunningBot, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    plant_everywhere(bot)

    assert len(bot.standin.of("chat.delete")) >= 5  # the canary really went through every path
    assert bot.standin.of("files.delete") and bot.standin.of("chat.update") == []

    for record in caplog.records:
        assert_no_canary(f"log record {record.name}", record.getMessage() + (record.exc_text or ""))
    captured = capfd.readouterr()
    assert_no_canary("stdout/stderr", captured.out + captured.err)

    with bot.app.db.transaction(write=False) as session:
        events = session.scalars(select(AuditEvent)).all()
        blobs = session.scalars(select(QuarantinedMessage.text_enc)).all()
    assert any(e.action == "message.redacted" for e in events)
    for event in events:
        assert_no_canary(f"audit {event.action}", json.dumps([event.actor, event.client_id, event.detail]))
    assert blobs, "the quarantine should hold the originals, encrypted"
    for blob in blobs:
        for value in CANARY_VALUES:
            assert value.encode() not in blob

    for call in bot.standin.calls:
        if call.method in {"chat.postMessage", "chat.postEphemeral", "chat.update", "views.publish"}:
            assert_no_canary(call.method, json.dumps(call.params))
