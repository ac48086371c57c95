"""Reports and the incident register end to end: /casebot report over real HTTP into the Bolt app, the modal
casebot opens (views.open at the stand-in), the submission, and the DMs to supervisors and HMIS leads.

The description carries the canary client's PII: it must reach neither a DM, nor an audit row, nor the
database in the clear; the register shows the redacted text only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.oversight import incidents
from bot.registry import admin
from storage.models import AuditEvent, Incident, IncidentNote, Role
from tests.slack.conftest import ADMIN_USER, CANARY_TEXT, CANARY_VALUES, MEMBER, STRANGER, RunningBot
from tests.slack.test_events_http import audit_rows
from tests.slack.test_sharing_http import last_view, slash, submit

SUPERVISOR = "U0SUPER01"  # hope-house, the member's agency
OTHER_SUPERVISOR = "U0SUPER02"  # river-shelter: not the reporter's supervisor
CANARY_ID = "777001"


@pytest.fixture
def office(bot: RunningBot) -> RunningBot:
    with bot.app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="river-shelter", name="River Shelter")
        admin.add_user(
            session, actor="cli:test", slack_user_id=SUPERVISOR, agency="hope-house", role=Role.SUPERVISOR
        )
        admin.add_user(
            session,
            actor="cli:test",
            slack_user_id=OTHER_SUPERVISOR,
            agency="river-shelter",
            role=Role.SUPERVISOR,
        )
    return bot


def report_values(*, category: str, description: str, client_id: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "incident_category": {"category": {"type": "static_select", "selected_option": {"value": category}}},
        "incident_description": {"description": {"type": "plain_text_input", "value": description}},
    }
    values["incident_client"] = {"client_id": {"type": "plain_text_input", "value": client_id}}
    return values


def open_report(bot: RunningBot, user: str = MEMBER) -> dict[str, Any]:
    bot.standin.reset()
    reply = slash(bot, user=user, command="/casebot", text="report")
    assert reply.status == 200
    bot.settle()
    return last_view(bot)


def dms(bot: RunningBot) -> dict[str, str]:
    """chat.postMessage calls to a user ID (the app's DM with that person): user -> text."""
    return {
        str(c["channel"]): str(c["text"])
        for c in bot.standin.of("chat.postMessage")
        if str(c["channel"]).startswith("U")
    }


def no_canary_anywhere(bot: RunningBot) -> None:
    calls = json.dumps([c.params for c in bot.standin.calls])
    with bot.app.db.transaction(write=False) as session:
        audit_text = json.dumps([[e.actor, e.action, e.detail] for e in session.scalars(select(AuditEvent))])
        stored = b"".join(
            bytes(b or b"")
            for row in session.execute(
                text("SELECT description_enc, corrective_action_enc FROM incidents")
            ).all()
            for b in row
        )
        stored += b"".join(bytes(n.text_enc) for n in session.scalars(select(IncidentNote)))
    for value in CANARY_VALUES:
        assert value not in calls, "PII reached Slack"
        assert value not in audit_text, "PII reached the audit log"
        assert value.encode() not in stored, "PII stored in the clear"


def test_report_opens_a_modal_records_the_incident_and_tells_supervisor_and_lead_without_pii(
    office: RunningBot,
) -> None:
    view = open_report(office)
    (opened,) = office.standin.of("views.open")
    assert str(opened["trigger_id"]).startswith("trigger-")
    assert view["callback_id"] == "casebot_report_submit"
    options = view["blocks"][1]["element"]["options"]
    assert [o["value"] for o in options] == [
        "phishing",
        "suspicious_request",
        "suspected_breach",
        "lost_device",
        "other",
    ]

    office.standin.reset()
    reply = submit(
        office,
        user=MEMBER,
        view=view,
        values=report_values(
            category="suspected_breach",
            description=f"Left a printout on the bus: {CANARY_TEXT}",
            client_id=CANARY_ID,
        ),
    )
    answer = reply.json()
    assert answer["response_action"] == "update", reply.body
    shown = json.dumps(answer["view"])
    assert "Incident #1 is recorded" in shown and "NAME" in shown and "SSN" in shown
    office.settle()

    told = dms(office)
    assert set(told) == {SUPERVISOR, ADMIN_USER}  # not the other agency's supervisor, not the reporter
    for message in told.values():
        assert "incident #1" in message and "suspected breach" in message and f"<@{MEMBER}>" in message
        assert "printout" not in message  # the description never travels in a DM

    (opened_row,) = audit_rows(office.app, "incident.opened")
    assert opened_row["actor"] == MEMBER and opened_row["client_ids"] == [CANARY_ID]
    assert opened_row["client_id"] == CANARY_ID and opened_row["category"] == "suspected_breach"
    assert {"NAME", "SSN", "DOB", "PHONE"} <= set(opened_row["redacted"])
    (notified,) = audit_rows(office.app, "incident.notified")
    assert notified["recipients"] == [SUPERVISOR, ADMIN_USER] and notified["failed"] == []

    detail = incidents.show(office.app, incident_id=1, viewer="cli:test")
    assert detail.description is not None and "printout on the bus" in detail.description
    assert f"Client {CANARY_ID}" in detail.description  # the roster name became the client's ID
    assert detail.summary.agency == "hope-house"
    no_canary_anywhere(office)


@pytest.mark.parametrize(
    ("client_id", "error"),
    [("Vorthmundsen", "there is no client with that ID"), ("Zephyrinaqa Vorthmundsen", "client ID only")],
)
def test_the_client_field_takes_a_client_id_only(office: RunningBot, client_id: str, error: str) -> None:
    view = open_report(office)
    reply = submit(
        office,
        user=MEMBER,
        view=view,
        values=report_values(
            category="other", description="a call asking about a client", client_id=client_id
        ),
    )
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert error.lower() in answer["errors"]["incident_client"].lower()
    assert client_id not in json.dumps(answer)  # the message names the field, never the value
    office.settle()
    assert audit_rows(office.app, "incident.opened") == [] and dms(office) == {}


def test_a_report_needs_a_category_and_a_description(office: RunningBot) -> None:
    view = open_report(office)
    answer = submit(
        office, user=MEMBER, view=view, values=report_values(category="phishing", description="   ")
    ).json()
    assert answer == {
        "response_action": "errors",
        "errors": {"incident_description": "A description is required."},
    }
    answer = submit(
        office, user=MEMBER, view=view, values=report_values(category="gossip", description="x")
    ).json()
    assert answer["errors"] == {"incident_category": "Choose a category from the list."}


def test_someone_casebot_does_not_know_cannot_report(office: RunningBot) -> None:
    office.standin.reset()
    reply = slash(office, user=STRANGER, command="/casebot", text="report")
    assert "does not know you" in reply.json()["text"]
    office.settle()
    assert office.standin.of("views.open") == []


def _report(bot: RunningBot, description: str = "phishing email asking for client records") -> int:
    view = open_report(bot)
    reply = submit(
        bot, user=MEMBER, view=view, values=report_values(category="phishing", description=description)
    )
    assert reply.json()["response_action"] == "update"
    bot.settle()
    return audit_rows(bot.app, "incident.opened")[-1]["incident"]


def ephemeral(bot: RunningBot, user: str, words: str) -> str:
    reply = slash(bot, user=user, command="/casebot", text=words)
    assert reply.status == 200
    return str(reply.json()["text"])


def test_hmis_admins_list_read_note_and_close_incidents_in_slack(office: RunningBot) -> None:
    number = _report(office, description=f"Someone called about {CANARY_TEXT}")

    assert ephemeral(office, MEMBER, "incidents").startswith("Sorry: only an HMIS admin")
    assert ephemeral(office, SUPERVISOR, f"incidents show {number}").startswith("Sorry")
    assert [r["actor"] for r in audit_rows(office.app, "incident.refused")] == [MEMBER, SUPERVISOR]

    listing = ephemeral(office, ADMIN_USER, "incidents")
    assert f"*#{number}* phishing attempt, reported by <@{MEMBER}> (hope-house)" in listing

    shown = ephemeral(office, ADMIN_USER, f"incidents show {number}")
    assert "Someone called about Client 777001" in shown and "[redacted]" in shown
    assert [r["incident"] for r in audit_rows(office.app, "incident.viewed")] == [number]

    noted = ephemeral(
        office, ADMIN_USER, f"incidents note {number} Spoke with Zephyrinaqa Vorthmundsen's worker"
    )
    assert noted == f"Note added to incident #{number}."

    refused = ephemeral(office, ADMIN_USER, f"incidents close {number}")
    assert refused.startswith("Not done: the corrective action is required")
    assert audit_rows(office.app, "incident.closed") == []

    closed = ephemeral(
        office, ADMIN_USER, f"incidents close {number} Staff retrained; <!channel> phone wiped"
    )
    assert closed == f"Incident #{number} is closed. It stays in the register."
    assert ephemeral(office, ADMIN_USER, f"incidents close {number} again").startswith(
        f"Not done: incident #{number} is already closed"
    )
    assert ephemeral(office, ADMIN_USER, "incidents") == "No open incidents."

    shown = ephemeral(office, ADMIN_USER, f"incidents show {number}")
    assert "Spoke with Client 777001" in shown and "(closed)" in shown
    assert "&lt;!channel&gt; phone wiped" in shown  # typed text cannot ping a channel
    (row,) = audit_rows(office.app, "incident.closed")
    assert (row["actor"], row["incident"]) == (ADMIN_USER, number)
    no_canary_anywhere(office)


def test_other_rules_open_incidents_with_codes_only(office: RunningBot) -> None:
    with office.app.db.transaction() as session:
        number = incidents.open_incident(
            session,
            category="undeletable_message",
            reported_by="bot:casebot",
            summary_codes=["message.delete_failed", "no_admin_token"],
            client_ids=[CANARY_ID],
        )
    office.standin.reset()
    notified = incidents.notify_opened(office.app, slack=office.runtime.slack, incident_id=number)
    assert notified.recipients == (ADMIN_USER,)  # a rule has no agency: HMIS leads only
    assert "message with PII that could not be deleted" in dms(office)[ADMIN_USER]
    with office.app.db.transaction() as session, pytest.raises(incidents.IncidentError):
        incidents.open_incident(
            session, category="other", reported_by="bot:casebot", summary_codes=["Zephyrinaqa called"]
        )
    with office.app.db.transaction(write=False) as session:
        assert session.scalar(select(Incident.summary_codes).where(Incident.id == number)) == [
            "message.delete_failed",
            "no_admin_token",
        ]
