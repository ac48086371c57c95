"""An event whose worker died half-way is delivered again and finished, without doing anything twice."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.guard import Outcome
from bot.serve_settings import ServeSettings
from handlers.messages import parse_message
from tests.slack.conftest import CANARY_TEXT, RunningBot, message_event
from tests.slack.test_events_http import REDACTED, audit_rows, chat_calls, quarantined


@pytest.fixture
def bot(make_bot: Any) -> RunningBot:
    return make_bot(serve=ServeSettings(CASEBOT_QUARANTINE_MINUTES=30, CASEBOT_STREAM_CLAIM_SECONDS=0.3))


def dies_once(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> None:
    real = getattr(target, name)
    calls = {"n": 0}

    def step(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the process died here")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, step)


def test_died_after_the_delete_the_redelivery_reposts_once(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dies_once(monkeypatch, bot.runtime.slack, "repost")
    assert bot.send_event(message_event(CANARY_TEXT)).status == 200
    bot.settle()
    # One delete (the redelivery knows it was done and does not read "message_not_found" as "the
    # poster deleted it"), one re-post, one notice.
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert bot.standin.of("chat.postMessage")[0]["text"].endswith(REDACTED)
    assert len(audit_rows(bot.app, "message.redacted")) == 1 and len(quarantined(bot.app)) == 1


def test_died_while_slack_was_deleting_the_redelivery_still_reposts(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot.standin.track_deletes = True  # a second delete finds nothing, as at Slack
    real = bot.runtime.slack.delete_message
    calls = {"n": 0}

    def delete_then_die(**kwargs: Any) -> Any:
        calls["n"] += 1
        result = real(**kwargs)
        if calls["n"] == 1:
            raise RuntimeError("died before hearing back")
        return result

    monkeypatch.setattr(bot.runtime.slack, "delete_message", delete_then_die)
    assert bot.send_event(message_event(CANARY_TEXT)).status == 200
    bot.settle()
    # The second delete is "message_not_found", but casebot knows it had asked: the re-post is owed.
    assert chat_calls(bot) == ["chat.delete", "chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert len(audit_rows(bot.app, "message.redacted")) == 1


def test_a_message_the_poster_deleted_first_is_not_reposted(bot: RunningBot) -> None:
    bot.standin.track_deletes = True
    event = message_event(CANARY_TEXT)
    bot.standin.deleted_messages.add((event["channel"], event["ts"]))
    bot.send_event(event)
    bot.settle()
    assert chat_calls(bot) == ["chat.delete"]


def test_died_after_the_repost_the_redelivery_records_it_and_posts_nothing_again(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    dies_once(monkeypatch, bot.runtime.guard, "_record_redacted")
    assert bot.send_event(message_event(CANARY_TEXT)).status == 200
    bot.settle()
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    (row,) = audit_rows(bot.app, "message.redacted")
    (held,) = quarantined(bot.app)
    assert row["quarantined"] is True and held.repost_ts is not None


def test_an_event_finished_before_is_not_done_again_when_delivered_again(bot: RunningBot) -> None:
    event = message_event(CANARY_TEXT)
    message = parse_message(event)
    assert message is not None
    assert bot.runtime.guard.handle(event_id="Ev0DONE0001", message=message) == [Outcome.REDACTED]
    assert bot.runtime.guard.handle(event_id="Ev0DONE0001", message=message) == [Outcome.DUPLICATE]
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
