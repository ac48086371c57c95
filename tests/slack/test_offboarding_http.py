"""Offboarding end to end: a ``user_change`` event over real HTTP ends access at once (account, session,
pending requests), even with Redis down, and the next reveal is refused at the door."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from bot.oversight import escalations as escalation
from bot.people import offboarding
from bot.registry import admin
from bot.sharing import identity
from storage.kv import KeyValueStore, StoreUnavailable
from storage.models import Role, User
from tests.slack.conftest import MEMBER, STRANGER, RunningBot
from tests.slack.test_events_http import audit_rows
from tests.slack.test_sharing_http import enroll, field_names, reveal
from tests.slack_standin import TEAM


@pytest.fixture
def withdrawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record offboarding's calls to the escalation module; each person had one request pending."""
    calls: list[tuple[str, str]] = []

    def withdraw_pending(session: Any, *, requester: str, reason: str) -> int:
        first = all(who != requester for who, _ in calls)
        calls.append((requester, reason))
        return 1 if first else 0

    monkeypatch.setattr(offboarding, "withdraw_pending", withdraw_pending)
    return calls


def active(bot: RunningBot, user: str) -> bool:
    with bot.app.db.transaction(write=False) as session:
        return bool(session.scalar(select(User.active).where(User.slack_user_id == user)))


def has_session(bot: RunningBot, user: str) -> bool:
    with bot.app.db.transaction(write=False) as session:
        return identity.verified_session(bot.app, session, slack_user_id=user, touch=False) is not None


def user_change(bot: RunningBot, **profile: Any) -> None:
    reply = bot.send_event({"type": "user_change", "user": {"id": MEMBER, "team_id": TEAM, **profile}})
    assert reply.status == 200
    bot.settle()


def test_deactivation_in_slack_ends_access_at_once(bot: RunningBot, withdrawn: list) -> None:
    enroll(bot, MEMBER)
    _, view = reveal(bot, user=MEMBER)
    assert view is not None and "name" in field_names(view)  # a working account, before

    bot.standin.members[MEMBER] = {"deleted": True}
    user_change(bot, deleted=True)

    assert not active(bot, MEMBER) and not has_session(bot, MEMBER)
    assert withdrawn == [(MEMBER, "slack_deactivated")]
    (ended,) = audit_rows(bot.app, "identity.access_ended")
    assert abs(ended.pop("since") - time.time()) < 60  # Slack's event_time: the monthly report's start
    assert ended == {
        "actor": "slack:user_change",
        "client_id": None,
        "user": MEMBER,
        "reason": "slack_deactivated",
        "deactivated": True,
        "sessions_ended": True,
        "requests_withdrawn": 1,
    }
    assert audit_rows(bot.app, "user.remove")[-1]["reason"] == "slack_deactivated"

    disclosed = len(audit_rows(bot.app, "pii.disclosed"))
    _, view = reveal(bot, user=MEMBER)
    assert view is None  # the modal says casebot does not know them; nothing is asked, nothing shown
    assert len(audit_rows(bot.app, "pii.disclosed")) == disclosed

    user_change(bot, deleted=True)  # Slack repeats itself: nothing more to end, nothing more recorded
    assert len(audit_rows(bot.app, "identity.access_ended")) == 1 and len(withdrawn) == 2


def test_with_redis_down_the_account_is_still_deactivated_and_refused(
    bot: RunningBot, withdrawn: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    enroll(bot, MEMBER)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("redis unavailable: ConnectionError")

    monkeypatch.setattr(KeyValueStore, "delete", down)
    user_change(bot, deleted=True)
    monkeypatch.undo()  # Redis is back; the session key it could not delete is still there

    assert not active(bot, MEMBER)
    (ended,) = audit_rows(bot.app, "identity.access_ended")
    assert ended["deactivated"] is True and ended["sessions_ended"] is False
    from bot.ports.disclosure import Target
    from bot.sharing.disclosure import disclose

    outcome = disclose(
        bot.app,
        slack=bot.runtime.slack,
        requester=MEMBER,
        client_id="777001",
        purpose="case_conferencing",
        target=Target(user=MEMBER, view_id="V0DIRECT9"),
    )
    assert outcome.revealed is None and outcome.reason == "not_registered"


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ({"is_restricted": True}, "slack_guest"),
        ({"is_ultra_restricted": True}, "slack_guest"),
        ({"team_id": "T0ELSEWHR"}, "slack_external"),
    ],
)
def test_an_account_turned_guest_or_external_loses_access_too(
    bot: RunningBot, withdrawn: list, profile: dict[str, Any], reason: str
) -> None:
    enroll(bot, MEMBER)
    user_change(bot, **profile)
    assert not active(bot, MEMBER) and not has_session(bot, MEMBER)
    assert audit_rows(bot.app, "identity.access_ended")[0]["reason"] == reason


def test_a_profile_edit_of_a_full_member_changes_nothing(bot: RunningBot, withdrawn: list) -> None:
    enroll(bot, MEMBER)
    user_change(bot, real_name="New Name", deleted=False)
    assert active(bot, MEMBER) and has_session(bot, MEMBER)
    assert withdrawn == [] and audit_rows(bot.app, "identity.access_ended") == []


def test_someone_casebot_never_knew_is_ignored(bot: RunningBot, withdrawn: list) -> None:
    assert offboarding.end_access(bot.app, slack_user_id=STRANGER, reason="removed", actor="cli:test") is None
    assert withdrawn == [] and audit_rows(bot.app, "identity.access_ended") == []


def test_the_cli_path_ends_access_the_same_way(bot: RunningBot, withdrawn: list) -> None:
    """What `casebot user remove` calls (the subprocess test is tests/bot/test_offboarding_cli.py)."""
    enroll(bot, MEMBER)
    ended = offboarding.end_access(bot.app, slack_user_id=MEMBER, reason="removed", actor="cli:admin")
    assert ended == offboarding.AccessEnded(MEMBER, True, True, 1)
    assert not has_session(bot, MEMBER)
    _, view = reveal(bot, user=MEMBER)
    assert view is None
    with bot.app.db.transaction() as session:  # an admin can bring them back; they verify again
        admin.add_user(
            session, actor="cli:admin", slack_user_id=MEMBER, agency="hope-house", role=Role.MEMBER
        )
    assert active(bot, MEMBER) and not has_session(bot, MEMBER)


def test_a_held_request_is_withdrawn_when_access_ends(bot: RunningBot) -> None:
    """The real escalation module: nobody can approve a waiting request once the person has left."""
    from bot.oversight.suspicion import Rule
    from storage.models import Escalation

    with bot.app.db.transaction() as session:
        held = escalation.open_escalation(
            session,
            kind=escalation.Kind.HELD,
            rules=[Rule.REVEAL_BURST],
            requester=MEMBER,
            client_ids=["777001"],
            purpose="case_conferencing",
        ).id
    user_change(bot, deleted=True)
    (ended,) = audit_rows(bot.app, "identity.access_ended")
    assert ended["requests_withdrawn"] == 1
    with bot.app.db.transaction(write=False) as session:
        assert session.get(Escalation, held).status == "withdrawn"
