"""`/casebot anonymize CLIENT_ID` end to end: signed requests into the real Bolt app over HTTP, the Web API
stand-in recording what casebot showed. The canary's message is quarantined through the real channel guard
first, so the de-identification has to reach it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.sharing import identity
from storage.models import Client, QuarantinedMessage
from tests.pii_scan import scan_database
from tests.slack.conftest import (
    ADMIN_USER,
    CANARY_TEXT,
    CANARY_VALUES,
    MEMBER,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import audit_rows
from tests.slack.test_sharing_http import click, enroll, last_view, slash, submit

CID = "777001"
ALL_CANARIES = [*CANARY_VALUES, "Quillonetta", "1983-11-27", "6125550143"]


def confirm_values(typed: str, *, detach: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {"anonymize_confirm": {"confirm": {"type": "plain_text_input", "value": typed}}}
    picked = [{"value": "detach"}] if detach else []
    values["anonymize_household"] = {"household": {"type": "checkboxes", "selected_options": picked}}
    return values


def open_modal(bot: RunningBot, *, user: str, client_id: str = CID) -> dict[str, Any]:
    bot.standin.reset()
    reply = slash(bot, user=user, command="/casebot", text=f"anonymize {client_id}")
    assert reply.status == 200
    bot.settle()
    return last_view(bot)


def quarantine_with_the_canary(bot: RunningBot) -> None:
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    with bot.app.db.transaction(write=False) as session:
        assert len(session.scalars(select(QuarantinedMessage)).all()) == 1


def test_a_member_who_is_not_an_admin_is_refused_and_the_refusal_audited(bot: RunningBot) -> None:
    view = open_modal(bot, user=MEMBER)
    assert "Only an HMIS admin" in json.dumps(view) and "callback_id" not in view
    (row,) = audit_rows(bot.app, "client.anonymize_refused")
    assert (row["actor"], row["client_id"], row["reason"]) == (MEMBER, CID, "not_admin")
    with bot.app.db.transaction(write=False) as session:
        assert not session.get_one(Client, CID).anonymous


def test_an_admin_must_be_verified(bot: RunningBot) -> None:
    view = open_modal(bot, user=ADMIN_USER)
    assert "Set up verification first" in json.dumps(view)
    enroll(bot, ADMIN_USER)
    identity.end_sessions(bot.app, slack_user_id=ADMIN_USER)
    assert "Verify first" in json.dumps(open_modal(bot, user=ADMIN_USER))
    assert [r["reason"] for r in audit_rows(bot.app, "client.anonymize_refused")] == [
        "not_enrolled",
        "not_verified",
    ]


def test_the_session_is_checked_again_on_submit(bot: RunningBot) -> None:
    enroll(bot, ADMIN_USER)
    view = open_modal(bot, user=ADMIN_USER)
    identity.end_sessions(
        bot.app, slack_user_id=ADMIN_USER
    )  # e.g. the session lapsed while the modal was open
    reply = submit(bot, user=ADMIN_USER, view=view, values=confirm_values(CID))
    assert reply.json()["response_action"] == "update" and "Verify first" in reply.body.decode()
    with bot.app.db.transaction(write=False) as session:
        assert not session.get_one(Client, CID).anonymous


def test_a_verified_admin_de_identifies_a_client_from_the_modal(bot: RunningBot) -> None:
    quarantine_with_the_canary(bot)
    enroll(bot, ADMIN_USER)
    view = open_modal(bot, user=ADMIN_USER)
    assert view["callback_id"] == "casebot_anonymize_submit" and view["private_metadata"] == CID
    assert all(v not in json.dumps(view) for v in ALL_CANARIES)

    wrong = submit(bot, user=ADMIN_USER, view=view, values=confirm_values("777002"))
    assert wrong.json()["response_action"] == "errors" and "anonymize_confirm" in wrong.json()["errors"]
    with bot.app.db.transaction(write=False) as session:
        assert not session.get_one(Client, CID).anonymous

    bot.standin.reset()
    reply = submit(bot, user=ADMIN_USER, view=view, values=confirm_values(CID, detach=True))
    assert reply.json()["response_action"] == "update"
    bot.settle()
    done = json.dumps(last_view(bot, "views.update"))
    assert f"Client {CID} is de-identified" in done and "data key was destroyed" in done
    assert "1 quarantined message" in done and "restricted" in done
    with bot.app.db.transaction(write=False) as session:
        client = session.get_one(Client, CID)
        assert client.anonymous and client.restricted
        assert session.scalars(select(QuarantinedMessage)).all() == []
    (row,) = audit_rows(bot.app, "client.deidentified")
    assert row["actor"] == ADMIN_USER and row["client_id"] == CID
    assert audit_rows(bot.app, "client.household_detached")[0]["actor"] == ADMIN_USER
    # Nothing casebot stores holds the canary any more: not the quarantine, not the audit, nowhere.
    report = scan_database(bot.app, canaries=[v for v in ALL_CANARIES if v != CID])
    assert report.problems == [] and "quarantined_messages" in report.tables

    # The running bot's roster forgot the person: their name no longer maps to their client ID.
    bot.standin.reset()
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    reposts = [c["text"] for c in bot.standin.of("chat.postMessage")]
    assert reposts and all(CID not in t for t in reposts)
    assert all(v not in t for t in reposts for v in CANARY_VALUES if v[0].isdigit())  # patterns still work

    # A reveal gives nothing but the ID.
    bot.standin.reset()
    click(bot, user=ADMIN_USER, action_id="casebot_reveal", value=CID)
    bot.settle()
    reveal = last_view(bot)
    submit(
        bot,
        user=ADMIN_USER,
        view=reveal,
        values={
            "purpose": {
                "purpose": {"type": "static_select", "selected_option": {"value": "case_conferencing"}}
            }
        },
    )
    bot.settle()
    shown = json.dumps(last_view(bot, "views.update"))
    assert f"Client {CID}" in shown and "anonymous or restricted" in shown
    assert all(v not in shown for v in ALL_CANARIES)
    assert audit_rows(bot.app, "pii.refused")[-1]["reason"] == "client_protected"

    # Nothing casebot said in Slack about the client after the de-identification holds the canary.
    assert all(v not in json.dumps(c.params) for c in bot.standin.calls for v in ALL_CANARIES)


def test_usage_is_explained(bot: RunningBot) -> None:
    reply = slash(bot, user=ADMIN_USER, command="/casebot", text="anonymize")
    assert "Usage: `/casebot anonymize CLIENT_ID`" in reply.body.decode()
    assert bot.standin.of("views.open") == []


def test_an_unknown_client_changes_nothing(bot: RunningBot) -> None:
    """The modal opens for any ID (it shows only what was typed); the submit says there is no such client."""
    enroll(bot, ADMIN_USER)
    view = open_modal(bot, user=ADMIN_USER, client_id="NOPE-1")
    reply = submit(bot, user=ADMIN_USER, view=view, values=confirm_values("NOPE-1"))
    assert reply.json()["response_action"] == "update"
    bot.settle()
    assert "Nothing was changed: no client" in json.dumps(last_view(bot, "views.update"))
    assert bot.standin.of("chat.postMessage") == []  # the channel is never posted to
