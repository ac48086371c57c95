"""A lone first name is read as the client its conversation is about: a client named earlier in the thread
or in the channel, or on a by-name list posted there. Elsewhere the same words stay as they were written."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.clients.importing import import_clients
from bot.clients.synthetic import SyntheticClient, write_client_csv
from bot.registry import admin
from bot.serve_settings import ServeSettings
from storage.models import BnlEntry, BnlList, BnlPost, QuarantinedMessage
from tests.slack.conftest import CHANNEL, MEMBER, OTHER_CHANNEL, RunningBot, message_event

HOPE = SyntheticClient(
    personal_id="880501",
    first_name="Hope",
    middle_name="",
    last_name="Nakai",
    ssn="",
    dob=date(1990, 2, 3),
    date_updated=datetime(2026, 5, 1, 8, 30),
)
QUESTION = "any update on hope?"
ANSWERED = f"<@{MEMBER}> wrote: any update on Client 880501?"
SECOND_CHANNEL = "C0CASE002"


def with_hope(bot: RunningBot, tmp_path: Path) -> RunningBot:
    path = tmp_path / "hope.csv"
    write_client_csv(path, [HOPE])
    import_clients(bot.app, path=path, actor="cli:test")
    bot.runtime.roster.refresh(force=True)
    return bot


@pytest.fixture
def hope_bot(bot: RunningBot, tmp_path: Path) -> RunningBot:
    return with_hope(bot, tmp_path)


def reposts(bot: RunningBot) -> list[str]:
    return [c["text"] for c in bot.standin.of("chat.postMessage")]


def name_her(bot: RunningBot, *, ts: str, **where: str) -> str:
    """Hope Nakai named in full (redacted on its own); returns the ts of casebot's re-post."""
    bot.send_event(message_event("Hope Nakai needs a ride to her intake", ts=ts, **where))
    bot.settle()
    assert reposts(bot) == [f"<@{MEMBER}> wrote: Client 880501 needs a ride to her intake"]
    bot.standin.reset()
    with bot.app.db.transaction(write=False) as session:
        repost_ts = session.scalar(
            select(QuarantinedMessage.repost_ts).where(QuarantinedMessage.message_ts == ts)
        )
    assert repost_ts is not None
    return repost_ts


def test_on_its_own_a_lone_english_word_first_name_stays(hope_bot: RunningBot) -> None:
    hope_bot.send_event(message_event(QUESTION))
    hope_bot.settle()
    assert reposts(hope_bot) == []


def test_a_first_name_in_a_thread_where_the_client_was_named_is_that_client(hope_bot: RunningBot) -> None:
    root = "1700000100.000100"
    name_her(hope_bot, thread_ts=root, ts="1700000100.000200")
    hope_bot.send_event(message_event(QUESTION, thread_ts=root, ts="1700000100.000300"))
    hope_bot.settle()
    assert reposts(hope_bot) == [ANSWERED]


def test_a_reply_to_the_repost_of_a_redacted_message_is_in_its_conversation(hope_bot: RunningBot) -> None:
    repost_ts = name_her(hope_bot, ts="1700000200.000100")
    hope_bot.send_event(message_event(QUESTION, thread_ts=repost_ts, ts="1700000200.000300"))
    hope_bot.settle()
    assert reposts(hope_bot) == [ANSWERED]


def test_a_client_named_in_the_channel_lately_counts_for_its_next_messages(hope_bot: RunningBot) -> None:
    name_her(hope_bot, ts="1700000300.000100")
    hope_bot.send_event(message_event(QUESTION, ts="1700000300.000200"))
    hope_bot.settle()
    assert reposts(hope_bot) == [ANSWERED]


def test_a_client_named_in_one_channel_is_not_talked_of_in_another(hope_bot: RunningBot) -> None:
    with hope_bot.app.db.transaction() as session:
        admin.add_channel(
            session, actor="cli:test", slack_channel_id=SECOND_CHANNEL, name="case-conf-2", is_private=True
        )
    name_her(hope_bot, ts="1700000400.000100")
    hope_bot.send_event(message_event(QUESTION, channel=SECOND_CHANNEL, ts="1700000400.000200"))
    hope_bot.settle()
    assert reposts(hope_bot) == []


def test_with_no_channel_window_only_the_thread_counts(make_bot, tmp_path: Path) -> None:
    bot = with_hope(make_bot(serve=ServeSettings(CASEBOT_CONVERSATION_HOURS=0)), tmp_path)
    name_her(bot, ts="1700000500.000100")
    bot.send_event(message_event(QUESTION, ts="1700000500.000200"))
    bot.settle()
    assert reposts(bot) == []


def test_a_client_on_the_by_name_list_posted_in_the_channel_is_talked_of_there(hope_bot: RunningBot) -> None:
    with hope_bot.app.db.transaction() as session:
        lst = BnlList(name="veterans")
        session.add(lst)
        session.flush()
        session.add(BnlEntry(list_id=lst.id, client_id=HOPE.personal_id, position=1, status="active"))
        session.add(
            BnlPost(
                list_id=lst.id,
                slack_channel_id=CHANNEL,
                message_ts="1700000000.000001",
                revision=1,
                posted_by=MEMBER,
            )
        )
    hope_bot.send_event(message_event(QUESTION, ts="1700000600.000100"))
    hope_bot.send_event(message_event(QUESTION, channel=OTHER_CHANNEL, ts="1700000600.000200"))
    hope_bot.settle()
    assert reposts(hope_bot) == [ANSWERED], "in the list's channel only (the other channel is not registered)"
