"""The catch-up sweep: what was posted while casebot was not listening is found and handled as if live."""

from __future__ import annotations

import time

from tests.slack.conftest import CANARY_TEXT, CHANNEL, MEMBER, RunningBot, message_event
from tests.slack.test_events_http import REDACTED, audit_rows, chat_calls


def sweep(bot: RunningBot) -> None:
    bot.runtime.sweep.run()
    bot.settle()


def test_a_message_posted_while_casebot_was_down_is_removed_and_its_poster_told_it_was_late(
    bot: RunningBot,
) -> None:
    ts = bot.standin.post_as(CHANNEL, user=MEMBER, text=CANARY_TEXT)
    sweep(bot)
    (delete,) = bot.standin.of("chat.delete")
    assert delete["ts"] == ts
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: {REDACTED}"
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert notice["text"].startswith("casebot found this message late")
    assert len(audit_rows(bot.app, "message.redacted")) == 1


def test_a_message_handled_live_is_not_handled_again(bot: RunningBot) -> None:
    ts = bot.standin.post_as(CHANNEL, user=MEMBER, text="Team meeting moved to 3pm")
    bot.send_event(message_event("Team meeting moved to 3pm", ts=ts))
    bot.settle()
    bot.standin.reset()
    sweep(bot)
    assert chat_calls(bot) == []
    assert [c.method for c in bot.standin.calls] == ["conversations.history"]


def test_a_reply_in_a_thread_is_found(bot: RunningBot) -> None:
    parent = bot.standin.post_as(CHANNEL, user=MEMBER, text="Case conference notes")
    bot.send_event(message_event("Case conference notes", ts=parent))
    bot.settle()
    reply = bot.standin.post_as(CHANNEL, user=MEMBER, text=CANARY_TEXT, thread_ts=parent)
    bot.standin.reset()
    sweep(bot)
    (delete,) = bot.standin.of("chat.delete")
    assert delete["ts"] == reply
    assert bot.standin.of("chat.postMessage")[0]["thread_ts"] == parent


def test_an_edit_made_while_casebot_was_down_is_scanned(bot: RunningBot) -> None:
    ts = bot.standin.post_as(CHANNEL, user=MEMBER, text="Will call her back")
    bot.send_event(message_event("Will call her back", ts=ts))
    bot.settle()
    bot.standin.edit_message(CHANNEL, ts, text=CANARY_TEXT)  # the edit: a new version of the same ts
    for message in bot.standin.history[CHANNEL]:
        if message["ts"] == ts:
            message["user"] = MEMBER  # edited by its poster, not the bot
    bot.standin.reset()
    sweep(bot)
    (delete,) = bot.standin.of("chat.delete")
    assert delete["ts"] == ts


def test_nothing_older_than_the_sweep_window_is_looked_at(bot: RunningBot) -> None:
    old = f"{time.time() - 4 * 86400:.6f}"  # CASEBOT_SWEEP_DAYS is 3
    bot.standin.post_as(CHANNEL, user=MEMBER, text=CANARY_TEXT, ts=old)
    sweep(bot)
    assert chat_calls(bot) == []
    assert all(float(h["oldest"]) > float(old) for h in bot.standin.of("conversations.history"))


def test_slack_rate_limiting_the_history_is_waited_out(bot: RunningBot) -> None:
    bot.standin.ratelimit("conversations.history", retry_after=1)
    bot.standin.post_as(CHANNEL, user=MEMBER, text=CANARY_TEXT)
    sweep(bot)
    assert len(bot.standin.of("chat.delete")) == 1


def test_other_bots_and_casebots_own_reposts_are_left_alone(bot: RunningBot) -> None:
    bot.standin.post_as(CHANNEL, user="U0OTHERBOT", text=CANARY_TEXT, bot_id="B0OTHER")
    bot.standin.post_as(CHANNEL, user=MEMBER, text=CANARY_TEXT, subtype="channel_join")
    sweep(bot)
    assert chat_calls(bot) == []
