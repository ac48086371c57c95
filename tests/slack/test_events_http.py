"""The Slack bot end to end: signed HTTP events in, the exact Web API calls out (recorded by the stand-in)."""

from __future__ import annotations

import json
import time

from sqlalchemy import select

from bot.context import Casebot
from bot.oversight import incidents
from storage.models import AuditEvent, QuarantinedMessage
from tests.slack.conftest import (
    ADMIN_TOKEN,
    BOT_TOKEN,
    CANARY_TEXT,
    CHANNEL,
    MEMBER,
    OTHER_CHANNEL,
    RunningBot,
    message_event,
)
from tests.slack_standin import BOT_ID, BOT_USER

REDACTED = "Client 777001, SSN [redacted], DOB [redacted], call [redacted]"


def audit_rows(app: Casebot, action: str) -> list[dict]:
    with app.db.transaction(write=False) as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))
        return [{"actor": r.actor, "client_id": r.client_id, **json.loads(r.detail)} for r in rows]


def quarantined(app: Casebot) -> list[QuarantinedMessage]:
    with app.db.transaction(write=False) as session:
        return list(session.scalars(select(QuarantinedMessage)))


def chat_calls(bot: RunningBot) -> list[str]:
    return [c.method for c in bot.standin.calls if c.method.startswith(("chat.", "files.delete"))]


# --- a message with PII ------------------------------------------------------------------------------


def test_a_message_with_pii_is_deleted_reposted_with_client_ids_and_the_poster_told(bot: RunningBot) -> None:
    event = message_event(CANARY_TEXT)
    reply = bot.send_event(event)
    assert reply.status == 200
    bot.settle()

    (delete,) = bot.standin.of("chat.delete")
    assert (delete.token, delete["channel"], delete["ts"]) == (ADMIN_TOKEN, CHANNEL, event["ts"])

    (post,) = bot.standin.of("chat.postMessage")
    assert post.token == BOT_TOKEN
    assert post["channel"] == CHANNEL and "thread_ts" not in post.params
    assert post["text"] == f"<@{MEMBER}> wrote: {REDACTED}"

    (notice,) = bot.standin.of("chat.postEphemeral")
    assert (notice.token, notice["channel"], notice["user"]) == (BOT_TOKEN, CHANNEL, MEMBER)
    assert notice["text"].startswith(
        "casebot removed your message and re-posted it with a client's name, a Social Security number, "
        "a date of birth and a phone number replaced (Client 777001)."
    )
    assert "you can put them back within 30 minutes" in notice["text"]
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]

    (row,) = audit_rows(bot.app, "message.redacted")
    assert row["actor"] == "bot:casebot" and row["client_id"] == "777001"
    assert (row["channel"], row["poster"], row["types"], row["client_ids"]) == (
        CHANNEL,
        MEMBER,
        ["NAME", "SSN", "DOB", "PHONE"],
        ["777001"],
    )
    (held,) = quarantined(bot.app)
    assert (held.poster, held.slack_channel_id, held.message_ts) == (MEMBER, CHANNEL, event["ts"])
    assert held.repost_ts is not None and held.pii_types == "NAME,SSN,DOB,PHONE"
    assert b"Vorthmundsen" not in held.text_enc


def test_a_clean_message_is_left_alone(bot: RunningBot) -> None:
    bot.send_event(message_event("Client 777001 moved into the shelter on 5th; next review Tuesday 3pm."))
    bot.settle()
    assert chat_calls(bot) == []
    assert audit_rows(bot.app, "message.redacted") == []


def test_a_thread_reply_is_reposted_in_its_thread(bot: RunningBot) -> None:
    parent = "1700000000.000100"
    bot.send_event(message_event(CANARY_TEXT, thread_ts=parent))
    bot.settle()
    (post,) = bot.standin.of("chat.postMessage")
    assert post["thread_ts"] == parent and "reply_broadcast" not in post.params
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert notice["thread_ts"] == parent


def test_a_thread_broadcast_is_reposted_as_a_broadcast(bot: RunningBot) -> None:
    parent = "1700000000.000100"
    bot.send_event(message_event(CANARY_TEXT, thread_ts=parent, subtype="thread_broadcast"))
    bot.settle()
    (post,) = bot.standin.of("chat.postMessage")
    assert post["thread_ts"] == parent and post["reply_broadcast"] is True


def test_an_edit_that_adds_pii_is_redacted(bot: RunningBot) -> None:
    original = message_event("See the notes from Tuesday")
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "1700000999.000001",
        "message": {**original, "text": CANARY_TEXT, "edited": {"user": MEMBER, "ts": "1700000999.000001"}},
        "previous_message": original,
    }
    bot.send_event(edited)
    bot.settle()
    (delete,) = bot.standin.of("chat.delete")
    assert delete["ts"] == original["ts"]
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: {REDACTED}"
    assert audit_rows(bot.app, "message.redacted")[0]["edited"] is True


def test_a_message_changed_without_a_text_change_is_ignored(bot: RunningBot) -> None:
    # Slack re-sends a parent message when it gets a reply; if casebot could not delete it, do not nag again.
    original = message_event(CANARY_TEXT)
    bot.send_event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": CHANNEL,
            "ts": "1700000999.000002",
            "message": {**original, "reply_count": 1},
            "previous_message": original,
        }
    )
    bot.settle()
    assert chat_calls(bot) == []


# --- what casebot never touches ----------------------------------------------------------------------


def test_bot_messages_and_its_own_messages_are_acknowledged_and_never_queued(bot: RunningBot) -> None:
    sent = {
        "Ev0OTHERBOT1": message_event(CANARY_TEXT, bot_id="B0OTHERBOT", subtype="bot_message"),
        "Ev0OTHERBOT2": message_event(CANARY_TEXT, bot_id="B0OTHERBOT"),
        "Ev0ITSREPOST": message_event(f"<@{MEMBER}> wrote: {REDACTED}", user=BOT_USER, bot_id=BOT_ID),
    }
    for event_id, event in sent.items():
        assert bot.send_event(event, event_id=event_id).status == 200
    bot.settle()
    assert chat_calls(bot) == []
    assert [e for e in sent if bot.app.kv.get(f"queued:{e}") is not None] == [], "none went on the stream"


def test_unregistered_channels_are_ignored(bot: RunningBot) -> None:
    bot.send_event(message_event(CANARY_TEXT, channel=OTHER_CHANNEL))
    bot.settle()
    assert bot.standin.calls == []


def test_a_registered_channel_that_turns_out_public_is_refused(bot: RunningBot) -> None:
    bot.standin.private[CHANNEL] = False
    bot.send_event(message_event(CANARY_TEXT))
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    announcements = [c for c in bot.standin.of("chat.postMessage") if "public" in c["text"]]
    assert len(announcements) == 1
    assert "will not treat it as a case-conference channel" in announcements[0]["text"]
    # PII is still removed, but nothing is re-posted: a client ID in a public channel is itself a disclosure.
    assert len(bot.standin.of("chat.delete")) == 2
    assert [c for c in bot.standin.of("chat.postMessage") if "wrote:" in c["text"]] == []
    assert all("This channel is public" in c["text"] for c in bot.standin.of("chat.postEphemeral"))
    assert len(audit_rows(bot.app, "channel.public_refused")) == 1
    assert quarantined(bot.app) == []


# --- signatures, retries and the 3-second ack -------------------------------------------------------


def test_a_bad_signature_is_refused_with_401(bot: RunningBot) -> None:
    reply = bot.send_event(message_event(CANARY_TEXT), secret="not-the-signing-secret")
    assert reply.status == 401
    bot.settle()
    assert bot.standin.calls == []


def test_a_stale_timestamp_is_refused_with_401(bot: RunningBot) -> None:
    reply = bot.send_event(message_event(CANARY_TEXT), timestamp=int(time.time()) - 6 * 60)
    assert reply.status == 401
    bot.settle()
    assert bot.standin.calls == []


def test_a_retried_event_is_acted_on_once(bot: RunningBot) -> None:
    event = message_event(CANARY_TEXT)
    assert bot.send_event(event, event_id="Ev0RETRY001").status == 200
    assert bot.send_event(event, event_id="Ev0RETRY001", retry=1).status == 200
    assert bot.send_event(event, event_id="Ev0RETRY001", retry=2).status == 200
    bot.settle()
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert len(audit_rows(bot.app, "message.redacted")) == 1


def test_the_ack_comes_before_any_web_api_call(bot: RunningBot) -> None:
    bot.standin.slow("chat.delete", seconds=2.0)
    reply = bot.send_event(message_event(CANARY_TEXT))
    assert reply.status == 200 and reply.seconds < 1.0
    assert bot.standin.of("chat.postMessage") == []
    bot.standin.wait_for("chat.postEphemeral")


# --- when Slack says no ------------------------------------------------------------------------------


def test_ratelimited_calls_wait_out_retry_after_and_succeed(bot: RunningBot) -> None:
    bot.standin.ratelimit("chat.delete", retry_after=0)
    bot.standin.ratelimit("chat.postMessage", retry_after=0)
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    assert chat_calls(bot) == [
        "chat.delete",
        "chat.delete",
        "chat.postMessage",
        "chat.postMessage",
        "chat.postEphemeral",
    ]
    assert len(audit_rows(bot.app, "message.redacted")) == 1


def test_cant_delete_message_asks_the_poster_and_is_audited(bot: RunningBot) -> None:
    bot.standin.fail("chat.delete", "cant_delete_message")
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    # The PII is still in Slack: an undeletable_message notice goes to the HMIS lead (hope-house has no
    # supervisor) by DM (bot.oversight.escalations).
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert bot.standin.of("chat.postMessage")[0]["channel"] == "U0ADMIN01"
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert notice["user"] == MEMBER
    assert "could not remove it (Slack said cant_delete_message). Please delete it now" in notice["text"]
    (row,) = audit_rows(bot.app, "message.delete_failed")
    assert (row["reason"], row["types"], row["client_ids"]) == (
        "cant_delete_message",
        ["NAME", "SSN", "DOB", "PHONE"],
        ["777001"],
    )
    assert audit_rows(bot.app, "message.redacted") == []
    assert quarantined(bot.app) == []  # the original is still in Slack: casebot keeps no copy
    (incident,) = incidents.list_incidents(bot.app, open_only=True)
    assert (incident.category, incident.client_ids, incident.summary_codes) == (
        "undeletable_message",
        ("777001",),
        ("message.delete_failed", "cant_delete_message"),
    )


def test_without_an_admin_token_the_poster_is_asked_to_delete(make_bot) -> None:
    bot = make_bot(admin_token=False)
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    assert chat_calls(bot) == ["chat.postMessage", "chat.postEphemeral"]  # postMessage: the lead's DM
    assert "no workspace admin token is configured" in bot.standin.of("chat.postEphemeral")[0]["text"]
    assert audit_rows(bot.app, "message.delete_failed")[0]["reason"] == "no_admin_token"
    assert [i.category for i in incidents.list_incidents(bot.app)] == ["undeletable_message"]


def test_a_message_already_gone_is_not_reposted(bot: RunningBot) -> None:
    bot.standin.fail("chat.delete", "message_not_found")
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    assert chat_calls(bot) == ["chat.delete"]


# --- the orchestrator's view -------------------------------------------------------------------------


def test_healthz_reports_database_redis_and_roster(bot: RunningBot) -> None:
    reply = bot.get("/healthz")
    assert reply.status == 200
    assert reply.json() == {"ok": True, "database": True, "redis": True, "roster": True}
    assert bot.get("/nothing-here").status == 404
