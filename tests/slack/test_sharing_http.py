"""Verified sharing end to end: signed requests into the real Bolt app over HTTP, the Web API stand-in
recording what casebot delivered. Each test asserts the exact fields delivered and what was audited."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pyotp
import pytest
from sqlalchemy import select

from bot.registry import admin
from bot.settings import SharingModel
from bot.sharing import by_name_lists as bnl
from bot.sharing import identity
from bot.sharing.marks import mark_fields
from storage import audit
from storage.models import AuditEvent, Client, Role
from tests.slack.conftest import (
    ADMIN_USER,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    Reply,
    RunningBot,
    sign,
)
from tests.slack.test_events_http import audit_rows
from tests.slack_standin import TEAM

CANARY_ID = "777001"
OTHER_MEMBER = "U0OTHER01"  # a member of river-shelter, the agency that created the canary's record
COORDINATOR = "U0COORD01"
ALL_HELD = ["name", "dob", "ssn", "gender", "demographics"]


# --- Slack payloads -------------------------------------------------------------------------------------


def _post_payload(bot: RunningBot, payload: dict[str, Any]) -> Reply:
    body = urlencode({"payload": json.dumps(payload)})
    return bot.post(
        "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    )


def click(bot: RunningBot, *, user: str, action_id: str, value: str = "", home: bool = False) -> Reply:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0CASEBOT",
        "trigger_id": f"trigger-{time.time()}",
        "container": {"type": "view"} if home else {"type": "message", "channel_id": CHANNEL},
        "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button"}],
    }
    if not home:
        payload["channel"] = {"id": CHANNEL}
    return _post_payload(bot, payload)


def submit(bot: RunningBot, *, user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> Reply:
    """A view_submission of ``view`` (as views.open sent it) with the given input values."""
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0CASEBOT",
        "view": {**view, "id": view.get("id") or "V0TEST001", "state": {"values": values}},
    }
    return _post_payload(bot, payload)


def code_values(code: str) -> dict[str, Any]:
    return {"totp_code": {"code": {"type": "plain_text_input", "value": code}}}


def purpose_values(purpose: str = "case_conferencing") -> dict[str, Any]:
    return {"purpose": {"purpose": {"type": "static_select", "selected_option": {"value": purpose}}}}


def slash(bot: RunningBot, *, user: str, command: str, text: str, channel: str = CHANNEL) -> Reply:
    body = urlencode(
        {
            "command": command,
            "text": text,
            "user_id": user,
            "team_id": TEAM,
            "channel_id": channel,
            "trigger_id": f"trigger-{time.time()}",
            "response_url": "http://127.0.0.1:9/x",
        }
    )
    return bot.post(
        "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    )


def last_view(bot: RunningBot, method: str = "views.open") -> dict[str, Any]:
    call = bot.standin.wait_for(method)[-1]
    view = call["view"]
    view = json.loads(view) if isinstance(view, str) else view
    return {**view, "id": call.get("view_id") or view.get("id") or "V0TEST001"}


def shown_fields(view: dict[str, Any]) -> dict[str, str]:
    """Field label -> value lines of a disclosure modal."""
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b.get("type") == "section")
    return dict(re.findall(r"^\*([^*:]+):\* (.+)$", text, re.M))


LABEL_OF = {
    "Name": "name",
    "Date of birth": "dob",
    "SSN": "ssn",
    "Gender": "gender",
    "Demographics": "demographics",
    "Contact": "contact",
    "Services": "services",
}


def field_names(view: dict[str, Any]) -> list[str]:
    return [LABEL_OF[label] for label in shown_fields(view)]


# --- flows ----------------------------------------------------------------------------------------------


def enroll(bot: RunningBot, user: str) -> pyotp.TOTP:
    """Home → Set up verification → modal with the URI → confirm with a code. Returns the authenticator."""
    bot.standin.reset()
    click(bot, user=user, action_id="casebot_enroll", home=True)
    bot.settle()
    view = last_view(bot)
    (uri,) = re.findall(r"otpauth://\S+?(?=```)", json.dumps(view).replace("\\n", "\n"))
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    totp = pyotp.TOTP(secret)
    reply = submit(bot, user=user, view=view, values=code_values(totp.now()))
    assert reply.json()["response_action"] == "update", reply.body
    bot.settle()
    bot.standin.reset()
    return totp


def reveal(
    bot: RunningBot,
    *,
    user: str,
    client_id: str = CANARY_ID,
    code: str | None = None,
    purpose: str = "case_conferencing",
) -> tuple[Reply, dict[str, Any] | None]:
    """Click Reveal, answer the modal; returns the submit's ack and the modal casebot delivered (if any)."""
    bot.standin.reset()
    click(bot, user=user, action_id="casebot_reveal", value=client_id)
    bot.settle()
    view = last_view(bot)
    values = purpose_values(purpose)
    if code is not None:
        values |= code_values(code)
    reply = submit(bot, user=user, view=view, values=values)
    bot.settle()
    updates = bot.standin.of("views.update")
    if not updates:
        return reply, None
    return reply, last_view(bot, "views.update")


def next_code(totp: pyotp.TOTP) -> str:
    """The code of the next time step: one step of drift is allowed, and the current one is used."""
    return totp.at(time.time(), counter_offset=1)


def disclosures(bot: RunningBot) -> list[dict]:
    return audit_rows(bot.app, audit.DISCLOSURE)


def refusals(bot: RunningBot) -> list[dict]:
    return audit_rows(bot.app, "pii.refused")


@pytest.fixture
def world(bot: RunningBot) -> RunningBot:
    """The canary's record was created by river-shelter, which marked its SSN "share with ROI/MOU"."""
    with bot.app.db.transaction() as session:
        river = admin.add_agency(session, actor="cli:test", slug="river-shelter", name="River Shelter")
        admin.add_user(
            session, actor="cli:test", slack_user_id=OTHER_MEMBER, agency="river-shelter", role=Role.MEMBER
        )
        admin.add_user(
            session, actor="cli:test", slack_user_id=COORDINATOR, agency="hope-house", role=Role.COORDINATOR
        )
        session.get(Client, CANARY_ID).agency_id = river.id
        mark_fields(session, actor="cli:test", client_id=CANARY_ID, fields=["ssn"])
    return bot


# --- identity -------------------------------------------------------------------------------------------


def test_unenrolled_person_is_sent_to_set_up_verification_and_sees_nothing(world: RunningBot) -> None:
    click(world, user=MEMBER, action_id="casebot_reveal", value=CANARY_ID)
    world.settle()
    view = last_view(world)
    assert "Set up verification first" in json.dumps(view)
    assert "callback_id" not in view and world.standin.of("views.update") == []
    assert disclosures(world) == []


def test_enrollment_shows_the_secret_once_in_a_modal_and_stores_it_encrypted(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    secret = totp.secret
    (started,) = audit_rows(world.app, "totp.enrollment_started")
    (verified,) = audit_rows(world.app, "totp.verified")
    assert verified["enrollment"] is True and started["actor"] == MEMBER
    with world.app.db.transaction(write=False) as session:
        rows = session.execute(select(AuditEvent.detail)).scalars().all()
        from storage.models import TotpEnrollment

        stored = session.get(TotpEnrollment, MEMBER)
    assert secret.encode() not in stored.secret_enc and stored.confirmed_at is not None
    assert all(secret not in r for r in rows)
    # Pressing the button again does not show a new secret: a confirmed enrollment stays until an admin reset.
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    assert "otpauth" not in json.dumps(last_view(world)) and "already set up" in json.dumps(last_view(world))
    assert all(secret not in json.dumps(c.params) for c in world.standin.calls)


def test_in_http_mode_the_enrollment_qr_image_is_served_once_then_never_again(world: RunningBot) -> None:
    """Slack fetches the QR from a one-time URL on casebot's public address; a second fetch gets nothing."""
    import urllib.error
    import urllib.request

    world.app.settings.public_url = world.url
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    (image,) = [b for b in last_view(world)["blocks"] if b["type"] == "image"]
    assert image["image_url"].startswith(f"{world.url}/totp/qr/")
    with urllib.request.urlopen(image["image_url"], timeout=10) as reply:  # noqa: S310 - the local bot
        assert reply.headers["Content-Type"] == "image/png" and "no-store" in reply.headers["Cache-Control"]
        assert reply.read().startswith(b"\x89PNG")
    with pytest.raises(urllib.error.HTTPError) as again:
        urllib.request.urlopen(image["image_url"], timeout=10)  # noqa: S310
    assert again.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as guessed:
        urllib.request.urlopen(f"{world.url}/totp/qr/not-a-token", timeout=10)  # noqa: S310
    assert guessed.value.code == 404


def test_without_a_public_address_the_modal_shows_only_the_link(world: RunningBot) -> None:
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    view = last_view(world)
    assert "otpauth://" in json.dumps(view) and all(b["type"] != "image" for b in view["blocks"])


def test_enrollment_counts_only_after_a_correct_code(world: RunningBot) -> None:
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    reply = submit(world, user=MEMBER, view=last_view(world), values=code_values("000000"))
    assert reply.json()["response_action"] == "errors"
    assert not identity.is_enrolled(world.app, slack_user_id=MEMBER)


def test_a_slack_guest_cannot_set_up_verification(world: RunningBot) -> None:
    world.standin.members[MEMBER] = {"is_restricted": True}
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    view = json.dumps(last_view(world))
    assert "otpauth" not in view and "Guest accounts cannot see client details." in view
    assert audit_rows(world.app, "totp.enrollment_started") == []


def test_an_account_that_became_a_guest_cannot_confirm_its_enrollment(world: RunningBot) -> None:
    click(world, user=MEMBER, action_id="casebot_enroll", home=True)
    world.settle()
    view = last_view(world)
    secret = re.search(r"secret=([A-Z2-7]+)", json.dumps(view)).group(1)
    world.standin.members[MEMBER] = {"is_ultra_restricted": True}
    reply = submit(world, user=MEMBER, view=view, values=code_values(pyotp.TOTP(secret).now()))
    assert reply.json()["response_action"] == "errors"
    assert not identity.is_enrolled(world.app, slack_user_id=MEMBER)
    assert audit_rows(world.app, "totp.verified") == []


def test_verified_member_sees_basic_data_but_not_data_marked_for_roi_or_mou(world: RunningBot) -> None:
    enroll(world, MEMBER)
    reply, view = reveal(world, user=MEMBER)
    assert (
        reply.json()["response_action"] == "update"
    )  # "Checking…"; the details follow after the audit commit
    assert field_names(view) == ["name", "dob", "gender", "demographics"]
    assert "517" not in json.dumps(view) and "Zephyrinaqa Quillonetta Vorthmundsen" in json.dumps(view)
    (row,) = disclosures(world)
    assert row["actor"] == MEMBER and row["client_id"] == CANARY_ID
    assert row["fields"] == ["name", "dob", "gender", "demographics"]
    assert (row["agency"], row["purpose"], row["basis"], row["basis_ref"], row["delivery"]) == (
        "hope-house",
        "case_conferencing",
        "basic_sharing",
        None,
        "modal",
    )
    assert "ssn" in row["withheld"]
    assert world.standin.of("chat.postMessage") == []  # never a channel post


def test_unverified_member_is_asked_for_a_code_first_then_sees_the_data(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    click(world, user=MEMBER, action_id="casebot_reveal", value=CANARY_ID)
    world.settle()
    assert "totp_code" in json.dumps(last_view(world))  # the modal asks for a code
    _, view = reveal(world, user=MEMBER, code=next_code(totp))
    assert field_names(view) == ["name", "dob", "gender", "demographics"]
    assert len(disclosures(world)) == 1


def test_the_door_refuses_an_unverified_person_even_without_the_modal(world: RunningBot) -> None:
    from bot.ports.disclosure import Target
    from bot.sharing.disclosure import disclose

    enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    outcome = disclose(
        world.app,
        slack=world.runtime.slack,
        requester=MEMBER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=MEMBER, view_id="V0DIRECT1"),
    )
    assert outcome.revealed is None and outcome.needs_step_up
    assert "verified session has ended" in json.dumps(last_view(world, "views.update"))
    assert [r["reason"] for r in refusals(world)] == ["not_verified"] and disclosures(world) == []


def test_a_replayed_code_is_refused(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    code = next_code(totp)
    _, view = reveal(world, user=MEMBER, code=code)
    assert view is not None
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    reply, view = reveal(world, user=MEMBER, code=code)
    assert reply.json()["response_action"] == "errors"
    assert "already used" in reply.json()["errors"]["totp_code"]
    assert view is None and len(disclosures(world)) == 1
    assert len(audit_rows(world.app, "totp.replay_refused")) == 1


def test_a_replay_is_refused_by_another_replica_too(world: RunningBot) -> None:
    """Two bot processes share Redis: the second sees the step the first accepted."""
    from bot.context import Casebot

    totp = enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    code = next_code(totp)
    other = Casebot(world.app.settings)
    other.__dict__["kv"] = world.app.kv  # same Redis (namespace), its own database connections
    try:
        assert identity.verify(world.app, slack_user_id=MEMBER, code=code).outcome is identity.Verify.VERIFIED
        assert identity.verify(other, slack_user_id=MEMBER, code=code).outcome is identity.Verify.REPLAYED
    finally:
        other.db.dispose()


def test_five_wrong_codes_lock_step_up_and_the_lock_is_audited(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    identity.end_sessions(world.app, slack_user_id=MEMBER)
    good = next_code(totp)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    for _ in range(4):
        reply, _ = reveal(world, user=MEMBER, code=wrong)
        assert "tries left" in reply.json()["errors"]["totp_code"]
    reply, _ = reveal(world, user=MEMBER, code=wrong)
    assert "locked" in reply.json()["errors"]["totp_code"]
    (locked,) = audit_rows(world.app, "totp.locked")
    assert (locked["actor"], locked["failures"], locked["minutes"]) == (MEMBER, 5, 15)
    # Locked out: even the right code is refused, and nothing is shown.
    reply, view = reveal(world, user=MEMBER, code=good)
    assert "locked" in reply.json()["errors"]["totp_code"] and view is None
    assert disclosures(world) == []
    # An admin reset clears the lock (and the enrollment).
    identity.reset(world.app, actor="cli:test", slack_user_id=MEMBER)
    assert audit_rows(world.app, "totp.reset")[0]["user"] == MEMBER
    assert not identity.is_enrolled(world.app, slack_user_id=MEMBER)


def test_a_new_verification_ends_the_previous_session_and_says_so(world: RunningBot) -> None:
    totp = enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)  # verified already: no code asked
    assert view is not None
    click(world, user=MEMBER, action_id="casebot_verify", home=True)
    world.settle()
    reply = submit(world, user=MEMBER, view=last_view(world), values=code_values(next_code(totp)))
    assert "earlier verified session was ended" in json.dumps(reply.json())
    assert audit_rows(world.app, "totp.verified")[-1]["replaced_previous"] is True


def test_sessions_end_after_idle_time_and_at_the_absolute_limit(world: RunningBot) -> None:
    enroll(world, MEMBER)
    app = world.app
    with app.db.transaction(write=False) as session:
        live = identity.verified_session(app, session, slack_user_id=MEMBER)
        assert live is not None and live.ends_by - live.started == 8 * 3600
        assert identity.verified_session(app, session, slack_user_id=MEMBER, now=live.ends_by + 1) is None
        assert identity.verified_session(app, session, slack_user_id=MEMBER) is None  # ended for good
    ttl = app.kv._r.ttl(app.kv._k(f"identity:session:{MEMBER}"))
    assert ttl == -2  # gone


def test_a_deactivated_slack_account_loses_access_at_once(world: RunningBot) -> None:
    enroll(world, MEMBER)
    world.standin.members[MEMBER] = {"deleted": True}
    user = {"id": MEMBER, "team_id": TEAM, "deleted": True, "is_restricted": False}
    world.send_event({"type": "user_change", "user": user})
    world.settle()
    (ended,) = audit_rows(world.app, "identity.access_ended")
    assert (ended["user"], ended["reason"]) == (MEMBER, "slack_deactivated")
    assert audit_rows(world.app, "user.remove")[-1]["user"] == MEMBER
    with world.app.db.transaction(write=False) as session:
        assert identity.verified_session(world.app, session, slack_user_id=MEMBER) is None
    _, view = reveal(world, user=MEMBER)
    assert view is None and disclosures(world) == []  # not registered any more: the modal says so


def test_a_removed_casebot_user_loses_access_at_once(world: RunningBot) -> None:
    enroll(world, MEMBER)
    with world.app.db.transaction() as session:
        admin.remove_user(session, actor="cli:test", slack_user_id=MEMBER)
    from bot.ports.disclosure import Target
    from bot.sharing.disclosure import disclose

    outcome = disclose(
        world.app,
        slack=world.runtime.slack,
        requester=MEMBER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=MEMBER, view_id="V0DIRECT2"),
    )
    assert outcome.revealed is None and [r["reason"] for r in refusals(world)] == ["not_registered"]
    assert shown_fields(last_view(world, "views.update")) == {} and disclosures(world) == []


def test_user_change_for_someone_casebot_does_not_know_records_nothing(world: RunningBot) -> None:
    world.send_event(
        {"type": "user_change", "user": {"id": STRANGER, "team_id": TEAM, "is_restricted": True}}
    )
    world.settle()
    assert audit_rows(world.app, "identity.access_ended") == []


def test_home_offers_set_up_then_verify_now(world: RunningBot) -> None:
    world.send_event({"type": "app_home_opened", "user": MEMBER, "tab": "home"})
    world.settle()
    home = json.dumps(world.standin.wait_for("views.publish")[-1].params)
    assert "casebot_enroll" in home and "not enrolled" in home
    enroll(world, MEMBER)
    world.send_event({"type": "app_home_opened", "user": MEMBER, "tab": "home"})
    world.settle()
    home = json.dumps(world.standin.wait_for("views.publish")[-1].params)
    assert "casebot_verify" in home and "verified (ends by" in home


def test_a_guest_account_sees_nothing_even_when_verified(world: RunningBot) -> None:
    enroll(world, MEMBER)
    world.standin.members[MEMBER] = {"is_restricted": True}
    _, view = reveal(world, user=MEMBER)
    assert shown_fields(view) == {} and "Guest accounts" in json.dumps(view)
    assert [r["reason"] for r in refusals(world)] == ["slack_guest"] and disclosures(world) == []


def test_an_external_slack_connect_account_sees_nothing(world: RunningBot) -> None:
    enroll(world, MEMBER)
    world.standin.members[MEMBER] = {"team_id": "T0ELSEWHR", "is_stranger": True}
    _, view = reveal(world, user=MEMBER)
    assert shown_fields(view) == {}
    assert [r["reason"] for r in refusals(world)] == ["slack_external"]


def test_an_unregistered_slack_member_is_told_privately_and_nothing_is_shown(world: RunningBot) -> None:
    click(world, user=STRANGER, action_id="casebot_reveal", value=CANARY_ID)
    world.settle()
    assert "does not know you" in json.dumps(last_view(world))
    assert disclosures(world) == []


# --- entitlement ----------------------------------------------------------------------------------------


def grant_hope_house_an_roi(world: RunningBot) -> Any:
    """The canary signs a release of information naming Hope House (the member's agency)."""
    with world.app.db.transaction() as session:
        return admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CANARY_ID,
            agency="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )


def test_agency_with_roi_sees_the_marked_field_basis_roi(world: RunningBot) -> None:
    roi = grant_hope_house_an_roi(world)
    enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)
    assert field_names(view) == ALL_HELD
    assert shown_fields(view)["SSN"] == "517-29-4836"
    (row,) = disclosures(world)
    assert (row["fields"], row["basis"], row["basis_ref"]) == (ALL_HELD, "roi", roi.id)
    assert f"ssn:roi#{roi.id}" in row["field_bases"] and "name:basic_sharing" in row["field_bases"]


def test_a_revoked_roi_no_longer_shares(world: RunningBot) -> None:
    roi = grant_hope_house_an_roi(world)
    with world.app.db.transaction() as session:
        admin.revoke_roi(session, actor="cli:test", roi_id=roi.id)
    enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)
    assert "ssn" not in field_names(view)


def test_an_expired_mou_does_not_share_but_a_current_one_does(world: RunningBot) -> None:
    today = datetime.now(UTC).date()
    with world.app.db.transaction() as session:
        mou = admin.add_mou(
            session,
            actor="cli:test",
            agency_a="hope-house",
            agency_b="river-shelter",
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=1),
        )
    enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)
    assert field_names(view) == ["name", "dob", "gender", "demographics"]
    assert disclosures(world)[-1]["basis"] == "basic_sharing"
    with world.app.db.transaction() as session:
        current = admin.add_mou(
            session,
            actor="cli:test",
            agency_a="hope-house",
            agency_b="river-shelter",
            starts_on=today,
            ends_on=None,
        )
    _, view = reveal(world, user=MEMBER)
    assert field_names(view) == ALL_HELD
    row = disclosures(world)[-1]
    assert (row["basis"], row["basis_ref"]) == ("mou", current.id) and current.id != mou.id


def test_statewide_transactional_data_needs_the_roi_to_say_share(world: RunningBot, tmp_path: Path) -> None:
    world.app.settings.sharing_model = SharingModel.STATEWIDE
    (tmp_path / "list.csv").write_text(f"PersonalID,Status,LastContact\n{CANARY_ID},active,2026-05-20\n")
    bnl.import_list(world.app, name="east", path=tmp_path / "list.csv", actor="cli:test")
    enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)
    assert field_names(view) == ALL_HELD  # statewide: basic to all users; marks are a roi_mou notion
    assert disclosures(world)[-1]["withheld"] == ["services"]
    with world.app.db.transaction() as session:
        roi = admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CANARY_ID,
            agency="river-shelter",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
    _, view = reveal(world, user=MEMBER)
    assert field_names(view) == [*ALL_HELD, "services"]
    assert shown_fields(view)["Services"] == "last contact 2026-05-20"
    assert (disclosures(world)[-1]["basis"], disclosures(world)[-1]["basis_ref"]) == ("roi", roi.id)


def test_restricted_client_discloses_nothing_even_to_an_admin(world: RunningBot) -> None:
    with world.app.db.transaction() as session:
        session.get(Client, CANARY_ID).restricted = True
    enroll(world, ADMIN_USER)
    _, view = reveal(world, user=ADMIN_USER)
    assert shown_fields(view) == {} and "anonymous or restricted" in json.dumps(view)
    (row,) = refusals(world)
    assert (row["actor"], row["client_id"], row["reason"]) == (ADMIN_USER, CANARY_ID, "client_protected")
    assert disclosures(world) == []


def test_an_hmis_admin_sees_everything_held_and_is_audited_with_basis_admin(world: RunningBot) -> None:
    enroll(world, ADMIN_USER)
    _, view = reveal(world, user=ADMIN_USER, purpose="care_coordination")
    assert field_names(view) == ALL_HELD
    (row,) = disclosures(world)
    assert (row["actor"], row["basis"], row["purpose"], row["fields"]) == (
        ADMIN_USER,
        "admin",
        "care_coordination",
        ALL_HELD,
    )


def test_if_the_audit_row_cannot_be_written_nothing_is_delivered(
    world: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    enroll(world, MEMBER)
    real = audit.record

    def failing(session, *, action, **kw):  # type: ignore[no-untyped-def]
        if action == audit.DISCLOSURE:
            raise audit.AuditError("disk full")
        return real(session, action=action, **kw)

    monkeypatch.setattr(audit, "record", failing)
    _, view = reveal(world, user=MEMBER)
    assert view is not None and shown_fields(view) == {}
    assert "Nothing was shown" in json.dumps(view)
    assert not any(v in json.dumps(c.params) for c in world.standin.calls for v in CANARY_VALUES)
    assert "Zephyrinaqa" not in json.dumps([c.params for c in world.standin.calls])
    assert disclosures(world) == []


def test_redis_down_means_no_disclosure(world: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.kv import KeyValueStore, StoreUnavailable

    enroll(world, MEMBER)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("redis unavailable: ConnectionError")

    monkeypatch.setattr(KeyValueStore, "get", down)
    _, view = reveal(world, user=MEMBER)
    assert view is None or shown_fields(view) == {}
    assert disclosures(world) == []


# --- by-name lists --------------------------------------------------------------------------------------


def test_bnl_post_is_de_identified_updates_in_place_and_reveal_goes_through_the_door(
    world: RunningBot, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "PersonalID,Priority,Score,Status,AssignedAgency,LastContact\n"
        f"{CANARY_ID},1,17,document ready,river-shelter,2026-05-20\n100000,2,12,active,,\n"
    )
    bnl.import_list(world.app, name="east-metro", path=path, actor="cli:test")
    reply = slash(world, user=MEMBER, command="/bnl", text="post east-metro")
    world.settle()
    assert reply.status == 200
    assert "Only coordinators" in world.standin.of("chat.postEphemeral")[0]["text"]
    assert world.standin.of("chat.postMessage") == []

    slash(world, user=COORDINATOR, command="/bnl", text="post east-metro")
    world.settle()
    (posted,) = world.standin.of("chat.postMessage")
    text = json.dumps(posted.params)
    assert "Client 777001" in text and "document ready" in text and "priority 1" in text
    assert not any(v in text for v in CANARY_VALUES) and "Quillonetta" not in text
    buttons = [b["accessory"] for b in posted["blocks"] if b.get("accessory")]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("casebot_reveal", CANARY_ID),
        ("casebot_reveal", "100000"),
    ]
    assert audit_rows(world.app, "bnl.posted")[0]["rows"] == 2

    path.write_text(f"PersonalID,Priority,Score,Status\n{CANARY_ID},1,17,matched\n")
    assert bnl.import_list(world.app, name="east-metro", path=path, actor="cli:test").revision == 2
    assert bnl.refresh_posts(world.app, slack=world.runtime.slack) == 1
    (update,) = world.standin.of("chat.update")
    assert update["ts"] == posted_ts(world) and "matched" in json.dumps(update.params)
    assert "100000" not in json.dumps(update.params)
    assert bnl.refresh_posts(world.app, slack=world.runtime.slack) == 0  # up to date: no second update

    enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)  # the row's Reveal button
    # roi_mou: services (last contact) are "read-only to all"; the new import has no LastContact any more
    assert field_names(view) == ["name", "dob", "gender", "demographics"]


def posted_ts(bot: RunningBot) -> str:
    from storage.models import BnlPost

    with bot.app.db.transaction(write=False) as session:
        return session.scalars(select(BnlPost.message_ts)).one()


def test_bnl_lookup_opens_the_same_reveal_modal(world: RunningBot) -> None:
    enroll(world, MEMBER)
    reply = slash(world, user=MEMBER, command="/bnl", text=f"lookup {CANARY_ID}")
    world.settle()
    assert reply.status == 200
    view = last_view(world)
    assert view["callback_id"] == "casebot_reveal_submit" and view["private_metadata"] == CANARY_ID
    submit(world, user=MEMBER, view=view, values=purpose_values())
    world.settle()
    assert field_names(last_view(world, "views.update")) == ["name", "dob", "gender", "demographics"]
    assert disclosures(world)[0]["delivery"] == "modal"


def test_canary_pii_never_reaches_logs_audit_rows_or_channel_messages(
    world: RunningBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    with world.app.db.transaction() as session:
        admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CANARY_ID,
            agency="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
    (tmp_path / "l.csv").write_text(f"PersonalID,Status\n{CANARY_ID},active\n")
    bnl.import_list(world.app, name="l", path=tmp_path / "l.csv", actor="cli:test")
    slash(world, user=COORDINATOR, command="/bnl", text="post l")
    world.settle()
    totp = enroll(world, MEMBER)
    _, view = reveal(world, user=MEMBER)
    assert shown_fields(view)["SSN"] == "517-29-4836"  # the one place it may appear: the requester's modal
    with world.app.db.transaction(write=False) as session:
        rows = json.dumps([(r.actor, r.client_id, r.detail) for r in session.scalars(select(AuditEvent))])
    posted = json.dumps(
        [c.params for c in world.standin.calls if c.method in ("chat.postMessage", "chat.update")]
    )
    for value in (*CANARY_VALUES, "Quillonetta", "1983-11-27", totp.secret):
        assert value not in caplog.text and value not in rows and value not in posted
