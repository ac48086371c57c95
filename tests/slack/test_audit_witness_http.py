"""The HMIS lead's private channel as a witness of the audit log, over the Web API (the local stand-in).

casebot posts each signed checkpoint there and reads its own messages back
with conversations.history; what anyone else posts in the channel is not a
copy. A deleted or edited checkpoint message fails `audit verify`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from pydantic import SecretStr
from sqlalchemy import func, select

from app.slack_app import slack_for_cli
from bot.context import Casebot
from bot.oversight import audit_service
from bot.oversight.audit_witnesses import SlackWitness, remote_witnesses
from bot.settings import Settings
from storage import audit
from storage.models import AuditEvent
from tests.audit_attacks import rewrite_and_cover_up
from tests.slack.conftest import BOT_TOKEN, CANARY_TEXT, CANARY_VALUES, message_event
from tests.slack_standin import BOT_USER, SlackStandIn, wait_until

LEAD_CHANNEL = "G0HMISLEAD"
LATER = datetime.now(UTC) + timedelta(hours=1)


def _witness(app: Casebot, standin: SlackStandIn) -> SlackWitness:
    app.settings.slack_bot_token = SecretStr(BOT_TOKEN)
    app.settings.slack_api_url = standin.url
    app.settings.audit_slack_channel = LEAD_CHANNEL
    (witness,) = remote_witnesses(app.settings, slack=slack_for_cli(app.settings))
    assert isinstance(witness, SlackWitness)
    return witness


def _write(app: Casebot, n: int) -> None:
    with app.db.transaction() as session:
        for i in range(n):
            audit.record(session, actor="U0TEST", action="test.event", client_id=str(1000 + i))


def _publish(app: Casebot, witness: SlackWitness) -> int:
    cp = audit_service.checkpoint_now(app)
    (outcome,) = audit_service.publish_pending(app, witnesses=[witness])
    assert outcome.error is None and outcome.tree_sizes == (cp.tree_size,)
    return cp.tree_size


def _posted(standin: SlackStandIn, size: int) -> dict:
    return next(m for m in standin.history[LEAD_CHANNEL] if f"*{size}*" in m["text"])


def test_each_checkpoint_is_posted_to_the_leads_channel_and_read_back(
    app: Casebot, standin: SlackStandIn
) -> None:
    witness = _witness(app, standin)
    _write(app, 5)
    size = _publish(app, witness)
    (post,) = standin.of("chat.postMessage")
    assert post["channel"] == LEAD_CHANNEL and post.token == BOT_TOKEN
    cp = audit_service.latest_checkpoint(app)
    text = post["text"]
    assert f"Audit checkpoint *{size}*" in text and cp.root_hash[:16] in text and cp.signature in text
    document = json.loads(text.split("```")[1])
    assert set(document) == {"checkpoint", "signature", "public_key"}
    assert set(document["checkpoint"]) == {
        "log",
        "tree_size",
        "root_hash",
        "chain_hash",
        "created_at",
        "key_id",
    }

    report = audit_service.verify(app, witnesses=[witness])
    assert report.ok, report.problem
    assert report.witnessed == {witness.name: 1}
    assert standin.of("conversations.history")[0]["channel"] == LEAD_CHANNEL


def test_a_checkpoint_posted_by_someone_else_is_not_a_copy(app: Casebot, standin: SlackStandIn) -> None:
    witness = _witness(app, standin)
    _write(app, 3)
    size = _publish(app, witness)
    forged = _posted(standin, size)["text"].replace(f"*{size}*", f"*{size + 50}*")
    standin.post_as(LEAD_CHANNEL, user="U0SOMEONE", text=forged)
    report = audit_service.verify(app, witnesses=[witness])
    assert report.ok, report.problem
    assert report.witnessed == {witness.name: 1}


def test_a_rewrite_with_deleted_copies_is_caught_by_the_channel(app: Casebot, standin: SlackStandIn) -> None:
    witness = _witness(app, standin)
    _write(app, 10)
    size = _publish(app, witness)
    rewrite_and_cover_up(app, seq=5)
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem == (
        f"checkpoint {size} in the database differs from witness {witness.name}'s copy of checkpoint {size}"
    )


def test_a_checkpoint_message_deleted_from_the_channel_fails_verify(
    app: Casebot, standin: SlackStandIn
) -> None:
    witness = _witness(app, standin)
    _write(app, 3)
    first = _publish(app, witness)
    _write(app, 3)
    second = _publish(app, witness)
    standin.delete_message(LEAD_CHANNEL, _posted(standin, second)["ts"])
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem == (
        f"witness {witness.name} has no copy of checkpoint {second}, which casebot published to it: "
        "the copy was removed"
    )
    assert first < second


def test_an_edited_checkpoint_message_fails_verify(app: Casebot, standin: SlackStandIn) -> None:
    witness = _witness(app, standin)
    _write(app, 3)
    size = _publish(app, witness)
    message = _posted(standin, size)
    standin.edit_message(LEAD_CHANNEL, message["ts"], text=message["text"])  # even the same words
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert (
        report.problem
        == f"witness {witness.name}: checkpoint {size} was edited in Slack after casebot posted it"
    )


def test_slack_unreachable_fails_verify_naming_the_channel(app: Casebot, standin: SlackStandIn) -> None:
    witness = _witness(app, standin)
    _write(app, 2)
    _publish(app, witness)
    standin.fail("conversations.history", "missing_scope")
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem == (
        f"witness {witness.name} could not be read (slack_history_unavailable): its copies cannot be checked"
    )


def test_a_configured_channel_without_a_bot_token_fails_verify(settings: Settings, app: Casebot) -> None:
    app.settings.audit_slack_channel = LEAD_CHANNEL
    (witness,) = remote_witnesses(app.settings, slack=None)
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok and "slack_bot_token_not_set" in report.problem


def test_a_running_bot_posts_checkpoints_off_the_request_path_and_a_last_one_when_it_stops(
    settings: Settings, make_bot, standin: SlackStandIn
) -> None:
    settings.audit_slack_channel = LEAD_CHANNEL
    bot = make_bot()
    wait_until(lambda: any(m.get("user") == BOT_USER for m in standin.history.get(LEAD_CHANNEL, [])))
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    bot.runtime.shutdown(timeout=10)
    with bot.app.db.transaction(write=False) as session:
        last = session.scalar(select(func.max(AuditEvent.seq)))
    assert audit_service.latest_checkpoint(bot.app).tree_size == last, "the last rows are checkpointed"
    assert any(f"*{last}*" in m["text"] for m in standin.history[LEAD_CHANNEL]), "...and witnessed"
    for message in standin.history[LEAD_CHANNEL]:
        assert not any(value in message["text"] for value in CANARY_VALUES)
    witness = SlackWitness(slack=bot.runtime.slack, channel=LEAD_CHANNEL)
    report = audit_service.verify(bot.app, witnesses=[witness], now=LATER)
    assert report.ok, report.problem
