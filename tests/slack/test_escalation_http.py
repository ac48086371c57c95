"""Escalation end to end: each suspicion rule and each button, over real HTTP into the Bolt app, with the
Web API stand-in recording every DM, update and modal casebot sent, and the audit log checked after each."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from bot.oversight import escalations as escalation
from bot.oversight import incidents
from bot.oversight.dispatch import upkeep
from bot.oversight.suspicion import burst_key
from bot.ports.escalations import Kind, Status
from bot.registry import admin
from bot.serve_settings import ServeSettings
from bot.sharing import identity
from bot.sharing.decisions import decide
from bot.sharing.marks import mark_fields
from bot.sharing.reveal import request_reveal
from storage.kv import KeyValueStore, StoreUnavailable
from storage.models import Client, Escalation, Role, User, UserSuspension
from tests.slack.conftest import (
    ADMIN_USER,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import audit_rows
from tests.slack.test_sharing_http import (
    CANARY_ID,
    OTHER_MEMBER,
    _post_payload,
    code_values,
    disclosures,
    enroll,
    field_names,
    last_view,
    next_code,
    purpose_values,
    refusals,
    submit,
)
from tests.slack_standin import TEAM

ALL_FIELDS = ("name", "dob", "ssn", "gender", "demographics", "contact", "services")
SUPER1 = "U0SUPER01"
SUPER2 = "U0SUPER02"


# --- the world: hope-house has a member and two supervisors; the HMIS admin is the lead ---


def setup_world(bot: RunningBot) -> RunningBot:
    with bot.app.db.transaction() as session:
        river = admin.add_agency(session, actor="cli:test", slug="river-shelter", name="River Shelter")
        admin.add_user(
            session, actor="cli:test", slack_user_id=OTHER_MEMBER, agency="river-shelter", role=Role.MEMBER
        )
        for supervisor in (SUPER1, SUPER2):
            admin.add_user(
                session, actor="cli:test", slack_user_id=supervisor, agency="hope-house", role=Role.SUPERVISOR
            )
        session.get(Client, CANARY_ID).agency_id = river.id
    return bot


@pytest.fixture
def world(bot: RunningBot) -> RunningBot:
    return setup_world(bot)


# --- Slack payloads and what casebot sent ---


def press(bot: RunningBot, *, user: str, action_id: str, escalation_id: int, home: bool = False) -> None:
    """A button in the DM casebot sent ``user`` (channel = their DM), or on their App Home."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0CASEBOT",
        "trigger_id": f"trigger-{time.time()}",
        "container": {"type": "view"} if home else {"type": "message", "channel_id": user},
        "actions": [{"action_id": action_id, "block_id": "b", "value": str(escalation_id), "type": "button"}],
    }
    if not home:
        payload["channel"] = {"id": user}
    reply = _post_payload(bot, payload)
    assert reply.status == 200
    bot.settle()


def dms(bot: RunningBot, user: str) -> list[dict[str, Any]]:
    return [c.params for c in bot.standin.of("chat.postMessage") if c.get("channel") == user]


def told(bot: RunningBot, user: str) -> list[str]:
    """Ephemeral answers to ``user`` (button presses)."""
    return [c["text"] for c in bot.standin.of("chat.postEphemeral") if c.get("user") == user]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    found = {}
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                found[element["action_id"]] = element["value"]
    return found


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or []) + str(message.get("text") or "")


def escalations(bot: RunningBot) -> list[Escalation]:
    with bot.app.db.transaction(write=False) as session:
        return list(session.scalars(select(Escalation).order_by(Escalation.id)))


def only_escalation(bot: RunningBot) -> Escalation:
    (row,) = escalations(bot)
    return row


def press_reveal(bot: RunningBot, *, user: str) -> None:
    """The *Reveal* button on the canary's redacted message, pressed in the case-conference channel."""
    body = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0CASEBOT",
        "trigger_id": f"trigger-{time.time()}",
        "channel": {"id": CHANNEL},
        "container": {"type": "message", "channel_id": CHANNEL},
        "actions": [{"action_id": "casebot_reveal", "block_id": "b", "value": CANARY_ID, "type": "button"}],
    }
    _post_payload(bot, body)


def ask(bot: RunningBot, *, user: str = MEMBER, note: str = "", purpose: str = "case_conferencing") -> dict:
    """Reveal on the canary (the user has a live session); returns the modal casebot updated."""
    bot.standin.reset()
    press_reveal(bot, user=user)
    bot.settle()
    view = last_view(bot)
    values = purpose_values(purpose)
    if note:
        values["note"] = {"note": {"type": "plain_text_input", "value": note}}
    submit(bot, user=user, view=view, values=values)
    bot.settle()
    return last_view(bot, "views.update")


def held_text(view: dict[str, Any]) -> bool:
    return "asked a supervisor to look at this request first" in json.dumps(view)


def show(bot: RunningBot, *, user: str, escalation_id: int, code: str | None = None) -> dict[str, Any] | None:
    """The requester presses Show in casebot's DM and submits the modal; the modal casebot updated."""
    bot.standin.reset()
    press(bot, user=user, action_id="casebot_escalation_show", escalation_id=escalation_id)
    view = last_view(bot)
    if view.get("callback_id") != "casebot_escalation_show_submit":
        return view
    submit(bot, user=user, view=view, values=code_values(code) if code else {})
    bot.settle()
    updates = bot.standin.of("views.update")
    return last_view(bot, "views.update") if updates else None


def burst(bot: RunningBot, *, limit: int = 1) -> Escalation:
    """Reveal twice with a limit of one: the second is held (reveal_burst)."""
    bot.app.settings.reveal_burst_max = limit
    bot.app.kv.delete(burst_key(MEMBER))  # a fresh window
    for _ in range(limit):
        assert field_names(ask(bot))  # within the limit: shown as usual
    view = ask(bot)
    assert held_text(view) and field_names(view) == []
    return escalations(bot)[-1]


# --- reveal_burst: held; Approve once releases through the door; a second supervisor is too late ---


def test_reveal_burst_is_held_and_approve_once_releases_it_through_the_door(world: RunningBot) -> None:
    for user in (MEMBER, SUPER1, SUPER2):
        enroll(world, user)
    row = burst(world)
    shown_before = len(disclosures(world))  # the reveal within the limit
    assert (row.kind, row.rules, row.status, row.requester) == ("held", ["reveal_burst"], "pending", MEMBER)
    assert row.client_ids == [CANARY_ID] and row.purpose == "case_conferencing"
    assert row.detail == {"reveals": 2, "window_minutes": 10}
    (opened,) = audit_rows(world.app, "escalation.opened")
    assert (opened["escalation"], opened["rules"], opened["requester"], opened["reveals"]) == (
        row.id,
        ["reveal_burst"],
        MEMBER,
        2,
    )
    assert refusals(world)[-1]["reason"] == "held_for_review" and len(disclosures(world)) == shown_before

    # Both supervisors got the DM with the three buttons; the HMIS lead did not (supervisors exist).
    for supervisor in (SUPER1, SUPER2):
        (dm,) = dms(world, supervisor)
        assert buttons(dm) == {
            "casebot_escalation_approve": str(row.id),
            "casebot_escalation_deny": str(row.id),
            "casebot_escalation_suspend": str(row.id),
        }
        assert (
            f"<@{MEMBER}>" in text_of(dm) and "Client 777001" in text_of(dm) and "reveal_burst" in text_of(dm)
        )
    assert dms(world, ADMIN_USER) == []

    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, SUPER1) == ["Done: approved once. The requester has been told they can press Show."]
    updated = world.standin.of("chat.update")
    assert len(updated) == 2 and all(f"Approved once by <@{SUPER1}>" in text_of(u.params) for u in updated)
    assert all(buttons(u.params) == {} for u in updated)  # decided: the buttons are gone from every copy
    (news,) = dms(world, MEMBER)
    assert (
        buttons(news) == {"casebot_escalation_show": str(row.id)} and f"<@{SUPER1}> approved" in news["text"]
    )
    (approved,) = audit_rows(world.app, "escalation.approved")
    assert (approved["actor"], approved["escalation"], approved["requester"]) == (SUPER1, row.id, MEMBER)

    # The second supervisor pressed a moment later: already decided, nothing changes.
    world.standin.reset()
    press(world, user=SUPER2, action_id="casebot_escalation_deny", escalation_id=row.id)
    assert told(world, SUPER2) == [f"Already decided by <@{SUPER1}> (approved)."]
    assert only_status(world, row.id) == "approved" and audit_rows(world.app, "escalation.denied") == []
    assert dms(world, MEMBER) == []

    # The requester presses Show: the door runs (verified session, policy) with the approval as basis.
    view = show(world, user=MEMBER, escalation_id=row.id)
    assert view is not None and field_names(view) == ["name", "dob", "ssn", "gender", "demographics"]
    row_ = disclosures(world)[-1]
    assert (row_["basis"], row_["basis_ref"], row_["approved_by"], row_["actor"]) == (
        "supervisor_approval",
        row.id,
        SUPER1,
        MEMBER,
    )
    assert "name:basic_sharing" in row_["field_bases"] and row_["delivery"] == "modal"
    assert only_status(world, row.id) == "released"

    # Once only.
    view = show(world, user=MEMBER, escalation_id=row.id)
    assert view is not None and "no approved request" in json.dumps(view)
    assert len(disclosures(world)) == shown_before + 1


def only_status(bot: RunningBot, escalation_id: int) -> str:
    with bot.app.db.transaction(write=False) as session:
        return session.get(Escalation, escalation_id).status


def test_two_supervisors_pressing_at_the_same_moment_decide_once(world: RunningBot) -> None:
    for user in (MEMBER, SUPER1, SUPER2):
        enroll(world, user)
    row = burst(world)
    world.standin.reset()
    presses = [
        threading.Thread(
            target=press, kwargs={"bot": world, "user": u, "action_id": a, "escalation_id": row.id}
        )
        for u, a in ((SUPER1, "casebot_escalation_approve"), (SUPER2, "casebot_escalation_deny"))
    ]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    world.settle()
    answers = told(world, SUPER1) + told(world, SUPER2)
    assert sum(a.startswith("Done:") for a in answers) == 1
    assert sum(a.startswith("Already decided by") for a in answers) == 1
    decided = len(audit_rows(world.app, "escalation.approved")) + len(
        audit_rows(world.app, "escalation.denied")
    )
    assert decided == 1 and len(dms(world, MEMBER)) == 1


def test_an_unverified_supervisor_is_refused_and_asked_to_verify(world: RunningBot) -> None:
    enroll(world, MEMBER)
    enroll(world, SUPER1)
    identity.end_sessions(world.app, slack_user_id=SUPER1)  # enrolled, but the session has ended
    row = burst(world)
    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    (answer,) = told(world, SUPER1)
    assert answer.startswith("Verify first")
    assert last_view(world)["callback_id"] == "casebot_verify_submit"  # the verify modal, right there
    (refused,) = audit_rows(world.app, "escalation.decision_refused")
    assert (refused["actor"], refused["reason"], refused["decision"]) == (SUPER1, "not_verified", "approve")
    assert only_status(world, row.id) == "pending" and dms(world, MEMBER) == []


def test_only_the_agencys_supervisors_or_an_hmis_admin_may_decide(world: RunningBot) -> None:
    enroll(world, MEMBER)
    enroll(world, OTHER_MEMBER)
    row = burst(world)
    world.standin.reset()
    press(world, user=OTHER_MEMBER, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, OTHER_MEMBER) == [
        "Only a supervisor of the requester's agency or an HMIS admin can answer this."
    ]
    press(world, user=MEMBER, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, MEMBER) == ["You cannot answer an escalation about yourself."]
    assert [r["reason"] for r in audit_rows(world.app, "escalation.decision_refused")] == [
        "not_allowed",
        "own_request",
    ]
    assert only_status(world, row.id) == "pending"


# --- outside_hours: held; Deny tells the requester privately ---


def test_a_request_outside_the_configured_hours_is_held_and_deny_tells_the_requester(
    world: RunningBot,
) -> None:
    hour = datetime.now(UTC).hour
    settings = world.app.settings
    settings.request_hours = f"{(hour + 2) % 24:02d}:00-{(hour + 3) % 24:02d}:00"
    settings.request_days, settings.timezone = "all", "America/Chicago"
    enroll(world, MEMBER)
    enroll(world, SUPER1)
    view = ask(world)
    assert held_text(view)
    row = only_escalation(world)
    assert row.rules == ["outside_hours"] and row.detail["timezone"] == "America/Chicago"
    assert row.detail["hours"] == settings.request_hours
    (dm,) = dms(world, SUPER1)
    assert "outside_hours" in text_of(dm) and "America/Chicago" in text_of(dm)

    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_deny", escalation_id=row.id)
    assert told(world, SUPER1) == ["Done: denied. The requester has been told privately."]
    (news,) = dms(world, MEMBER)
    assert "was denied by a supervisor" in news["text"] and buttons(news) == {}
    (denied,) = audit_rows(world.app, "escalation.denied")
    assert (denied["actor"], denied["escalation"], denied["client_id"]) == (SUPER1, row.id, CANARY_ID)
    assert only_status(world, row.id) == "denied"
    view = show(world, user=MEMBER, escalation_id=row.id)  # a denied request cannot be shown
    assert view is not None and "no approved request" in json.dumps(view)


# --- legal_request: supervisors and the HMIS lead; only an admin may approve; Suspend user ---


def test_legal_language_goes_to_the_lead_too_and_suspend_ends_access_until_restored(
    world: RunningBot, env_for: dict[str, str]
) -> None:
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    view = ask(world, note="Officer Diaz from the police department wants his DOB for a warrant")
    assert held_text(view)
    row = only_escalation(world)
    assert row.rules == ["legal_request"] and row.detail == {"terms": ["officer", "police", "warrant"]}
    assert "Officer Diaz" not in json.dumps(audit_rows(world.app, "escalation.opened"))
    (incident,) = incidents.list_incidents(world.app, open_only=True)  # documented for the HMIS lead
    assert (incident.category, incident.summary_codes) == (
        "legal_request",
        (f"escalation:{row.id}", "kind:held"),
    )
    assert incident.client_ids == tuple(row.client_ids)
    assert len(dms(world, SUPER1)) == len(dms(world, SUPER2)) == len(dms(world, ADMIN_USER)) == 1
    assert "only an HMIS admin can approve" in text_of(dms(world, ADMIN_USER)[0])
    with world.app.db.transaction(write=False) as session:
        assert session.get(Escalation, row.id).lead_notified_at is not None  # the lead was told at once

    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, SUPER1) == ["Only an HMIS admin can do this for this escalation."]
    assert only_status(world, row.id) == "pending"

    press(world, user=SUPER1, action_id="casebot_escalation_suspend", escalation_id=row.id)
    assert told(world, SUPER1)[-1].startswith("Done: the requester's casebot access is suspended")
    (suspended,) = audit_rows(world.app, "escalation.user_suspended")
    assert (suspended["actor"], suspended["requester"], suspended["rules"]) == (
        SUPER1,
        MEMBER,
        ["legal_request"],
    )
    (news,) = dms(world, MEMBER)
    assert "access has been suspended" in news["text"]
    with world.app.db.transaction(write=False) as session:
        user = session.scalar(select(User).where(User.slack_user_id == MEMBER))
        assert user.active is False
        (suspension,) = session.scalars(select(UserSuspension))
        assert (suspension.escalation_id, suspension.suspended_by, suspension.lifted_at) == (
            row.id,
            SUPER1,
            None,
        )
        assert identity.verified_session(world.app, session, slack_user_id=MEMBER) is None  # session ended

    # Access has ended: the next request is refused at the door (and a notice says so).
    world.standin.reset()
    from bot.ports.disclosure import Target
    from bot.sharing.disclosure import disclose

    outcome = disclose(
        world.app,
        slack=world.runtime.slack,
        requester=MEMBER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=MEMBER, view_id="V0SUSPEND"),
    )
    assert outcome.reason == "not_registered"

    # An admin restores access from the command line (audited); the person verifies again.
    from app.cli import main as cli

    result = CliRunner().invoke(cli.app, ["user", "restore", MEMBER], env=env_for)
    assert result.exit_code == 0, result.output
    assert f"{MEMBER} restored" in result.output
    assert audit_rows(world.app, "user.restored")[0]["user"] == MEMBER
    with world.app.db.transaction(write=False) as session:
        assert session.scalar(select(User.active).where(User.slack_user_id == MEMBER)) is True
    again = CliRunner().invoke(cli.app, ["user", "restore", MEMBER], env=env_for)
    assert again.exit_code == 1 and "is not suspended" in again.output


def test_an_hmis_admin_may_approve_a_request_with_legal_language(world: RunningBot) -> None:
    for user in (MEMBER, ADMIN_USER):
        enroll(world, user)
    assert held_text(ask(world, note="the probation office asked us to confirm"))
    row = only_escalation(world)
    world.standin.reset()
    press(world, user=ADMIN_USER, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, ADMIN_USER)[0].startswith("Done: approved once")
    assert audit_rows(world.app, "escalation.approved")[0]["decided_as"] == "hmis_admin"


def test_legal_language_in_a_dm_to_casebot_is_a_notice_to_supervisors_and_the_lead(world: RunningBot) -> None:
    text = "Hi, a detective called asking for Zephyrinaqa Vorthmundsen's records, DOB 11/27/1983"
    reply = world.send_event(message_event(text, channel="D0MEMBER1", channel_type="im"))
    assert reply.status == 200
    world.settle()
    row = only_escalation(world)
    assert (row.kind, row.rules, row.requester) == ("notice", ["legal_request"], MEMBER)
    assert row.detail == {"terms": ["detective"], "source": "direct_message"}
    assert [(i.category, i.summary_codes) for i in incidents.list_incidents(world.app)] == [
        ("legal_request", (f"escalation:{row.id}", "kind:notice"))
    ]
    for user in (SUPER1, SUPER2, ADMIN_USER):
        (dm,) = dms(world, user)
        assert buttons(dm) == {
            "casebot_escalation_ack": str(row.id),
            "casebot_escalation_suspend": str(row.id),
        }  # nothing to hold: no Approve
        assert "in a direct message to casebot" in text_of(dm)
    (reply_dm,) = dms(world, MEMBER)
    assert "does not answer requests for client information from police" in reply_dm["text"]
    assert world.standin.of("chat.delete") == []  # a DM is not a case-conference channel

    world.standin.reset()
    enroll(world, ADMIN_USER)
    press(world, user=ADMIN_USER, action_id="casebot_escalation_ack", escalation_id=row.id)
    assert told(world, ADMIN_USER) == ["Done: acknowledged."]
    assert audit_rows(world.app, "escalation.acknowledged")[0]["actor"] == ADMIN_USER
    assert len(world.standin.of("chat.update")) == 3 and dms(world, MEMBER) == []  # nothing to tell them

    world.send_event(message_event("thanks, see you at the meeting", channel="D0MEMBER1", channel_type="im"))
    world.settle()
    assert len(escalations(world)) == 1  # ordinary DMs are left alone


# --- outside_sharing_rules: held; approval cannot override the policy, an ROI recorded since can count ---


def test_a_request_outside_the_sharing_rules_is_held_and_the_policy_still_decides(world: RunningBot) -> None:
    with world.app.db.transaction() as session:  # river-shelter shares every field only under ROI/MOU
        mark_fields(session, actor="cli:test", client_id=CANARY_ID, fields=[*ALL_FIELDS])
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    view = ask(world)
    assert "needs the client's release of information" in json.dumps(view)
    row = only_escalation(world)
    assert (row.kind, row.rules, row.detail) == (
        "held",
        ["outside_sharing_rules"],
        {"reason": "needs_roi_or_mou"},
    )
    assert "no ROI naming their agency" in text_of(dms(world, SUPER1)[0])
    assert refusals(world)[-1]["reason"] == "needs_roi_or_mou"

    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    with world.app.db.transaction() as session:  # the supervisor checks: the client did sign an ROI
        admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CANARY_ID,
            agency="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
    view = show(world, user=MEMBER, escalation_id=row.id)
    assert view is not None and field_names(view) == ["name", "dob", "ssn", "gender", "demographics"]
    last = disclosures(world)[-1]
    assert (last["basis"], last["approved_by"]) == ("supervisor_approval", SUPER1)
    assert any(b.startswith("ssn:roi#") for b in last["field_bases"])


# --- not_active_member and restricted_client: refused by the door, a notice to supervisors or the lead ---


def test_a_guest_account_asking_is_refused_and_its_supervisors_acknowledge(world: RunningBot) -> None:
    for user in (MEMBER, SUPER2):
        enroll(world, user)
    world.standin.members[MEMBER] = {"is_restricted": True}
    view = ask(world)
    assert "Guest accounts" in json.dumps(view)
    row = only_escalation(world)
    assert (row.kind, row.rules, row.detail) == ("notice", ["not_active_member"], {"reason": "slack_guest"})
    (dm,) = dms(world, SUPER1)
    assert "a Slack guest account" in text_of(dm) and "casebot_escalation_approve" not in buttons(dm)
    press(world, user=SUPER2, action_id="casebot_escalation_ack", escalation_id=row.id)
    assert only_status(world, row.id) == "acknowledged"
    assert all(f"Acknowledged by <@{SUPER2}>" in text_of(u.params) for u in world.standin.of("chat.update"))


def test_someone_casebot_does_not_know_asking_goes_to_the_lead(world: RunningBot) -> None:
    from bot.ports.disclosure import Target

    outcome = request_reveal(
        world.app,
        slack=world.runtime.slack,
        requester=STRANGER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=STRANGER, view_id="V0STRANGE"),
    )
    assert outcome.reason == "not_registered"
    row = only_escalation(world)
    assert (row.rules, row.agency_id, row.requester) == (["not_active_member"], None, STRANGER)
    assert len(dms(world, ADMIN_USER)) == 1 and dms(world, SUPER1) == []  # no agency: straight to the lead
    enroll(world, ADMIN_USER)
    press(world, user=ADMIN_USER, action_id="casebot_escalation_suspend", escalation_id=row.id)
    assert told(world, ADMIN_USER)[-1] == (
        f"<@{STRANGER}> is not a casebot user: there is no access to suspend. Deny or acknowledge it."
    )


def test_a_request_for_a_restricted_client_is_a_notice(world: RunningBot) -> None:
    with world.app.db.transaction() as session:
        session.get(Client, CANARY_ID).restricted = True
    enroll(world, MEMBER)
    view = ask(world)
    assert "anonymous or restricted" in json.dumps(view)
    row = only_escalation(world)
    assert (row.kind, row.rules, row.client_ids) == ("notice", ["restricted_client"], [CANARY_ID])
    assert "the client is restricted or anonymous" in text_of(dms(world, SUPER1)[0])


# --- stepup_failures: the lockout is a notice ---


def test_a_step_up_lockout_notifies_the_supervisors(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    wrong = f"{(int(next_code(totp)) + 1) % 1000000:06d}"
    for _ in range(5):
        world.standin.reset()
        press_reveal_with_code(world, wrong)
    world.standin.wait_for("chat.postMessage", 2)
    world.settle()
    row = only_escalation(world)
    assert (row.kind, row.rules, row.detail) == (
        "notice",
        ["stepup_failures"],
        {"failures": 5, "locked_minutes": 15},
    )
    assert "5 wrong codes in a row" in text_of(dms(world, SUPER1)[0])
    assert audit_rows(world.app, "totp.locked")[0]["actor"] == MEMBER


def press_reveal_with_code(bot: RunningBot, code: str) -> None:
    press_reveal(bot, user=MEMBER)
    bot.settle()
    submit(bot, user=MEMBER, view=last_view(bot), values=purpose_values() | code_values(code))
    bot.settle()


# --- undeletable_message: a notice from the channel guard ---


def test_a_message_casebot_could_not_delete_is_a_notice(world: RunningBot) -> None:
    world.standin.fail("chat.delete", "cant_delete_message")
    world.send_event(message_event("Zephyrinaqa Vorthmundsen, SSN 517-29-4836"))
    world.settle()
    row = only_escalation(world)
    assert (row.kind, row.rules, row.requester) == ("notice", ["undeletable_message"], MEMBER)
    assert row.client_ids == [CANARY_ID]
    assert row.detail == {"channel": CHANNEL, "kinds": ["NAME", "SSN"], "delete_error": "cant_delete_message"}
    (dm,) = dms(world, SUPER1)
    assert f"<#{CHANNEL}>" in text_of(dm) and "could not be deleted (cant_delete_message)" in text_of(dm)


# --- the HMIS lead when nobody answers; lapsed holds ---


def test_an_unanswered_escalation_goes_to_the_hmis_lead_from_the_upkeep_loop(make_bot: Any) -> None:
    bot = setup_world(make_bot(serve=ServeSettings(CASEBOT_ROSTER_REFRESH_SECONDS=0.2)))
    enroll(bot, MEMBER)
    row = burst(bot)
    assert dms(bot, ADMIN_USER) == []
    bot.standin.reset()
    with bot.app.db.transaction() as session:  # 31 minutes pass without a supervisor answering
        session.execute(
            update(Escalation)
            .where(Escalation.id == row.id)
            .values(opened_at=datetime.now(UTC) - timedelta(minutes=31))
        )
    bot.standin.wait_for("chat.postMessage")
    time.sleep(1.0)  # several more upkeep rounds: the lead is told once
    (dm,) = dms(bot, ADMIN_USER)
    assert "no supervisor answered in time" in text_of(dm) and buttons(dm)[
        "casebot_escalation_approve"
    ] == str(row.id)
    (lead,) = audit_rows(bot.app, "escalation.expired_to_lead")
    assert (lead["escalation"], lead["minutes"], lead["leads"]) == (row.id, 30, [ADMIN_USER])
    bot.standin.reset()
    enroll(bot, ADMIN_USER)
    press(bot, user=ADMIN_USER, action_id="casebot_escalation_deny", escalation_id=row.id)
    assert only_status(bot, row.id) == "denied"


def test_a_hold_nobody_decides_lapses_and_the_requester_is_told(world: RunningBot) -> None:
    enroll(world, MEMBER)
    row = burst(world)
    world.standin.reset()
    upkeep(world.app, slack=world.runtime.slack, now=datetime.now(UTC) + timedelta(hours=25))
    assert only_status(world, row.id) == "expired"
    assert audit_rows(world.app, "escalation.expired")[0]["escalation"] == row.id
    assert "not answered in time" in dms(world, MEMBER)[0]["text"]


def test_an_approval_not_used_in_time_lapses(world: RunningBot) -> None:
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    row = burst(world)
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    with world.app.db.transaction() as session:
        session.execute(
            update(Escalation)
            .where(Escalation.id == row.id)
            .values(decided_at=datetime.now(UTC) - timedelta(hours=25))
        )
    shown = len(disclosures(world))
    view = show(world, user=MEMBER, escalation_id=row.id)
    assert view is not None and "approval has lapsed" in json.dumps(view)
    assert refusals(world)[-1]["reason"] == "approval_expired" and len(disclosures(world)) == shown


# --- Redis down: refused, not waved through ---


def test_with_the_reveal_counter_down_requests_are_refused_and_the_person_told(
    world: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    enroll(world, MEMBER)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("redis unavailable: ConnectionError")

    monkeypatch.setattr(KeyValueStore, "hit_window", down)
    view = ask(world)
    assert "cannot run its safety checks right now" in json.dumps(view) and field_names(view) == []
    assert refusals(world)[-1]["reason"] == "checks_unavailable" and disclosures(world) == []


def test_with_redis_down_nobody_can_verify_or_decide(
    world: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    row = burst(world)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("redis unavailable: ConnectionError")

    for method in ("get", "take_attempt"):
        monkeypatch.setattr(KeyValueStore, method, down)
    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=row.id)
    assert told(world, SUPER1)[0].startswith("casebot cannot check verification right now")
    assert only_status(world, row.id) == "pending"
    world.standin.reset()
    body = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": MEMBER, "team_id": TEAM},
        "api_app_id": "A0CASEBOT",
        "trigger_id": "trigger-down",
        "channel": {"id": CHANNEL},
        "container": {"type": "message", "channel_id": CHANNEL},
        "actions": [{"action_id": "casebot_reveal", "block_id": "b", "value": CANARY_ID, "type": "button"}],
    }
    _post_payload(world, body)
    world.settle()
    view = last_view(world)
    assert "totp_code" in json.dumps(view)  # no session can be confirmed: a code is asked for...
    reply = submit(world, user=MEMBER, view=view, values=purpose_values() | code_values("123456"))
    assert "cannot check verification right now" in json.dumps(reply.json())  # ...and cannot be checked
    assert len(disclosures(world)) == 1  # only the one shown before the burst


# --- App Home ---


def test_supervisors_see_pending_escalations_on_app_home_and_can_answer_there(world: RunningBot) -> None:
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    row = burst(world)
    for user in (SUPER1, MEMBER, OTHER_MEMBER):
        world.send_event({"type": "app_home_opened", "user": user, "tab": "home"})
    world.settle()
    homes = {c["user_id"]: json.dumps(c["view"]) for c in world.standin.of("views.publish")}
    assert "Waiting for you (1)" in homes[SUPER1] and "casebot_escalation_approve" in homes[SUPER1]
    assert "reveal_burst" in homes[SUPER1] and "Client 777001" in homes[SUPER1]
    assert "Waiting for you" not in homes[MEMBER] and "Waiting for you" not in homes[OTHER_MEMBER]
    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_deny", escalation_id=row.id, home=True)
    assert "denied" in json.dumps(last_view(world)) and only_status(world, row.id) == "denied"
    (home,) = world.standin.of("views.publish")  # the answered one is off the supervisor's Home
    assert home["user_id"] == SUPER1 and "Waiting for you" not in json.dumps(home["view"])
    assert escalation.pending_for(world.app, slack_user_id=SUPER1) == []


# --- offboarding's interface ---


def test_withdraw_pending_closes_held_requests_and_unused_approvals(world: RunningBot) -> None:
    for user in (MEMBER, SUPER1):
        enroll(world, user)
    first = burst(world)
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=first.id)
    second = burst(world)
    with world.app.db.transaction() as session:
        assert escalation.withdraw_pending(session, requester=MEMBER, reason="slack_deactivated") == 2
        assert escalation.withdraw_pending(session, requester=MEMBER, reason="slack_deactivated") == 0
    assert {only_status(world, first.id), only_status(world, second.id)} == {"withdrawn"}
    assert [r["escalation"] for r in audit_rows(world.app, "escalation.withdrawn")] == [first.id, second.id]
    world.standin.reset()
    press(world, user=SUPER1, action_id="casebot_escalation_deny", escalation_id=second.id)
    assert told(world, SUPER1) == ["Already closed (withdrawn)."]
    assert show(world, user=MEMBER, escalation_id=first.id) is not None
    assert disclosures(world)[-1]["basis"] != "supervisor_approval"


# --- canary: no PII in supervisors' DMs, audit rows or logs ---


def test_no_pii_reaches_supervisor_dms_audit_rows_or_logs(
    world: RunningBot, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level("DEBUG")
    for user in (MEMBER, SUPER1, ADMIN_USER):
        enroll(world, user)
    world.app.settings.reveal_burst_max = 1
    ask(world)  # shown: the one place the canary may appear is this modal
    ask(world, note="Zephyrinaqa Vorthmundsen: the sheriff wants SSN 517-29-4836 and DOB 11/27/1983")
    held = escalations(world)[-1]
    press(world, user=SUPER1, action_id="casebot_escalation_approve", escalation_id=held.id)
    press(world, user=ADMIN_USER, action_id="casebot_escalation_approve", escalation_id=held.id)
    show(world, user=MEMBER, escalation_id=held.id)
    world.send_event(
        message_event(
            "police asked about Zephyrinaqa Vorthmundsen 517-29-4836", channel="D0X", channel_type="im"
        )
    )
    world.standin.fail("chat.delete", "cant_delete_message")
    world.send_event(message_event("Zephyrinaqa Vorthmundsen, SSN 517-29-4836, DOB 11/27/1983"))
    world.settle()
    assert {tuple(r.rules) for r in escalations(world)} >= {
        ("reveal_burst", "legal_request"),
        ("legal_request",),
        ("undeletable_message",),
    }

    sent = [
        c.params
        for c in world.standin.calls
        if c.method
        in ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish", "views.open")
    ]
    with world.app.db.transaction(write=False) as session:
        from storage.models import AuditEvent

        rows = [(e.actor, e.client_id, e.detail) for e in session.scalars(select(AuditEvent))]
        stored = [(e.rules, e.detail, e.client_ids) for e in session.scalars(select(Escalation))]
    captured = capfd.readouterr()
    for value in (*CANARY_VALUES, "Quillonetta", "1983-11-27", "sheriff wants"):
        for where, blob in (
            ("a DM, ephemeral or Home", json.dumps(sent)),
            ("audit", json.dumps(rows)),
            ("escalations table", json.dumps(stored)),
            ("logs", caplog.text),
            ("stdout/stderr", captured.out + captured.err),
        ):
            assert value not in blob, f"{value!r} leaked into {where}"


def test_a_second_replica_sees_the_same_held_request_and_cannot_decide_it_twice(world: RunningBot) -> None:
    """Held requests live in the database: a fresh process (another replica, or after a restart) has them."""
    from bot.context import Casebot

    for user in (MEMBER, SUPER1, SUPER2):
        enroll(world, user)
    row = burst(world)
    other = Casebot(world.app.settings)
    other.__dict__["kv"] = world.app.kv
    try:
        (card,) = escalation.pending_for(other, slack_user_id=SUPER2)
        assert (card.id, card.kind, card.status) == (row.id, Kind.HELD, Status.PENDING)
        first = decide(
            other,
            slack=world.runtime.slack,
            escalation_id=row.id,
            actor=SUPER2,
            decision=escalation.Decision.DENY,
        )
        second = decide(
            world.app,
            slack=world.runtime.slack,
            escalation_id=row.id,
            actor=SUPER1,
            decision=escalation.Decision.APPROVE,
        )
    finally:
        other.db.dispose()
    assert first.done and (second.outcome, second.decided_by) == ("already_decided", SUPER2)
