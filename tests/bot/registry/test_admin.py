"""Administration rules, each change audited in the same transaction."""

from datetime import date

import pytest
from sqlalchemy import select

from bot.context import Casebot
from bot.errors import AdminError
from bot.registry import admin
from storage import audit
from storage.audit_verify import verify_log
from storage.models import AuditEvent, Client, Role

ACTOR = "cli:admin"


@pytest.fixture
def agencies(app: Casebot) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor=ACTOR, slug="hope-house", name="Hope House")
        admin.add_agency(session, actor=ACTOR, slug="north-outreach", name="North Outreach")
        session.add(Client(client_id="1455", name_data_quality=1, ssn_data_quality=99, dob_data_quality=99))


def _actions(app: Casebot) -> list[str]:
    with app.db.transaction(write=False) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_every_admin_change_is_audited(app: Casebot, agencies: None) -> None:
    with app.db.transaction() as session:
        admin.add_user(
            session, actor=ACTOR, slack_user_id="U0123ABCD", agency="hope-house", role=Role.SUPERVISOR
        )
        roi = admin.grant_roi(
            session,
            actor=ACTOR,
            client_id="1455",
            agency="north-outreach",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
        admin.revoke_roi(session, actor=ACTOR, roi_id=roi.id)
        mou = admin.add_mou(
            session,
            actor=ACTOR,
            agency_a="north-outreach",
            agency_b="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
        admin.end_mou(session, actor=ACTOR, mou_id=mou.id, ends_on=date(2026, 12, 31))
        admin.add_channel(
            session, actor=ACTOR, slack_channel_id="C0CASECONF", name="cc-north", is_private=True
        )
        admin.remove_channel(session, actor=ACTOR, slack_channel_id="C0CASECONF")
        admin.remove_user(session, actor=ACTOR, slack_user_id="U0123ABCD")
    assert _actions(app)[-10:] == [
        "agency.add",
        "agency.add",
        "user.add",
        "roi.grant",
        "roi.revoke",
        "mou.add",
        "mou.end",
        "channel.add",
        "channel.remove",
        "user.remove",
    ]
    with app.db.transaction(write=False) as session:
        assert verify_log(session, public_key=None, mirror=None).ok


def test_a_change_whose_audit_write_fails_does_not_happen(
    app: Casebot, agencies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise audit.AuditError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(audit.AuditError), app.db.transaction() as session:
        admin.add_user(session, actor=ACTOR, slack_user_id="U0999ZZZZ", agency="hope-house", role=Role.MEMBER)
    with app.db.transaction(write=False) as session:
        assert admin.list_users(session) == []


def test_a_public_channel_cannot_be_a_case_conference_channel(app: Casebot) -> None:
    with pytest.raises(AdminError, match="public channel"), app.db.transaction() as session:
        admin.add_channel(
            session, actor=ACTOR, slack_channel_id="C0PUBLIC1", name="general", is_private=False
        )


@pytest.mark.parametrize("bad_id", ["u0123abcd", "0123", "U", "C0123ABCD", "U0123 ABCD"])
def test_slack_user_ids_are_checked(app: Casebot, agencies: None, bad_id: str) -> None:
    with pytest.raises(AdminError, match="Slack user IDs"), app.db.transaction() as session:
        admin.add_user(session, actor=ACTOR, slack_user_id=bad_id, agency="hope-house", role=Role.MEMBER)


def test_a_user_needs_an_existing_agency(app: Casebot) -> None:
    with pytest.raises(AdminError, match="no agency"), app.db.transaction() as session:
        admin.add_user(session, actor=ACTOR, slack_user_id="U0123ABCD", agency="nowhere", role=Role.MEMBER)


def test_a_removed_user_is_inactive_and_can_be_re_added(app: Casebot, agencies: None) -> None:
    with app.db.transaction() as session:
        admin.add_user(session, actor=ACTOR, slack_user_id="U0123ABCD", agency="hope-house", role=Role.MEMBER)
        admin.remove_user(session, actor=ACTOR, slack_user_id="U0123ABCD")
        assert admin.list_users(session) == []
        with pytest.raises(AdminError, match="not an active"):
            admin.remove_user(session, actor=ACTOR, slack_user_id="U0123ABCD")
        user = admin.add_user(
            session, actor=ACTOR, slack_user_id="U0123ABCD", agency="north-outreach", role=Role.COORDINATOR
        )
        assert (user.active, user.agency.slug, user.role) == (True, "north-outreach", Role.COORDINATOR)


def test_an_mou_joins_two_different_agencies_in_date_order(app: Casebot, agencies: None) -> None:
    with app.db.transaction() as session:
        with pytest.raises(AdminError, match="two different"):
            admin.add_mou(
                session,
                actor=ACTOR,
                agency_a="hope-house",
                agency_b="hope-house",
                starts_on=date(2026, 1, 1),
                ends_on=None,
            )
        with pytest.raises(AdminError, match="ends before"):
            admin.add_mou(
                session,
                actor=ACTOR,
                agency_a="hope-house",
                agency_b="north-outreach",
                starts_on=date(2026, 2, 1),
                ends_on=date(2026, 1, 1),
            )


def test_an_roi_needs_a_known_client_and_ordered_dates(app: Casebot, agencies: None) -> None:
    with app.db.transaction() as session:
        with pytest.raises(AdminError, match="no client"):
            admin.grant_roi(
                session,
                actor=ACTOR,
                client_id="9999",
                agency="hope-house",
                starts_on=date(2026, 1, 1),
                ends_on=None,
            )
        with pytest.raises(AdminError, match="ends before"):
            admin.grant_roi(
                session,
                actor=ACTOR,
                client_id="1455",
                agency="hope-house",
                starts_on=date(2026, 2, 1),
                ends_on=date(2026, 1, 1),
            )
