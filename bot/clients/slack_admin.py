"""Who may de-identify clients from Slack, where the person asking is only a Slack account.

The CLI is run by whoever operates the server; in Slack the bot has to check
role, workspace membership and a verified session itself. The check lives
here rather than in the handler so that it is the same, and audited the same
way, when the modal opens and again when it is submitted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ports import Member
from bot.registry.people import member_refusal, registered_person
from bot.sharing import identity
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import Role


def slack_admin_refusal(
    app: Casebot, *, slack_user_id: str, member: Member | None, client_id: str
) -> str | None:
    """None when this person may de-identify clients from Slack, else a reason code (the refusal audited).

    An active HMIS admin of a participating agency, a full member of the
    workspace (``member`` from users.info), with a live verified (TOTP)
    session. Redis down means no verified session: refused (fail closed).
    """
    with app.db.transaction() as session:
        reason = _slack_refusal(app, session, slack_user_id=slack_user_id, member=member)
        if reason is not None:
            audit.record(
                session,
                actor=slack_user_id,
                action="client.anonymize_refused",
                client_id=client_id if audit.safe_identifier(client_id) else None,
                detail={"reason": reason, "via": "slack"},
            )
    return reason


def _slack_refusal(
    app: Casebot, session: Session, *, slack_user_id: str, member: Member | None
) -> str | None:
    person = registered_person(session, slack_user_id=slack_user_id)
    if person is None:
        return "not_registered"
    if person.role is not Role.HMIS_ADMIN:
        return "not_admin"
    why = member_refusal(member)
    if why is not None:
        return why
    if not identity.is_enrolled_in(session, slack_user_id=slack_user_id):
        return "not_enrolled"
    try:
        live = identity.verified_session(app, session, slack_user_id=slack_user_id)
    except StoreUnavailable:
        return "unavailable"
    if live is None:
        return "not_verified"
    return None
