"""Offboarding: the one way casebot ends a person's access, whatever noticed they should lose it.

Slack's ``user_change`` event (deactivated, turned guest or external), an
admin's ``casebot user remove``, and the daily reconciliation against Slack's
user list all call ``end_access``. It does, at once:

1. marks the casebot user inactive (``bot.registry.admin.remove_user``), so every
   later request is refused: disclosure re-checks the account each time;
2. withdraws their requests waiting for a supervisor
   (``bot.oversight.escalations.withdraw_pending``), so nobody approves a leaver's request;
3. ends their verified session in Redis;

and audits it (``user.remove`` and ``identity.access_ended``) in the same
transaction as the change. If Redis is down the session key cannot be deleted;
the deactivation still stands and the audit row says ``sessions_ended: false``.
That is safe because the session alone never opens the door.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import select

from bot.context import Casebot
from bot.oversight.escalations import withdraw_pending
from bot.ports.slack import Member
from bot.registry import admin
from bot.registry.people import member_refusal
from bot.sharing.identity import end_sessions
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import User

log = logging.getLogger("casebot.offboarding")

REASON = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
USER_CHANGE_ACTOR = "slack:user_change"


@dataclass(frozen=True, slots=True)
class AccessEnded:
    slack_user_id: str
    deactivated: bool  # the casebot account was active and now is not
    sessions_ended: bool  # False: Redis could not be reached (the account is refused anyway)
    requests_withdrawn: int


def end_access(
    app: Casebot, *, slack_user_id: str, reason: str, actor: str, since: int | None = None
) -> AccessEnded | None:
    """End a person's access now; None when casebot has never known them (nothing to end or record).

    ``since``: when what set this off happened (Slack's ``event_time``, epoch seconds), so the monthly
    report can show how long access outlived the deactivation.

    Calling it for someone already inactive still ends any session and withdraws
    anything pending (cheap, idempotent), and records only if something changed.
    """
    if not REASON.match(reason):
        raise ValueError("reason must be a plain code such as 'slack_deactivated'")

    with app.db.transaction() as session:
        user = session.scalar(select(User).where(User.slack_user_id == slack_user_id).with_for_update())
        if user is None:
            return None
        deactivated = user.active
        if deactivated:
            admin.remove_user(session, actor=actor, slack_user_id=slack_user_id, reason=reason)
        withdrawn = withdraw_pending(session, requester=slack_user_id, reason=reason)
        # Inside the transaction, after the account is marked inactive: a concurrent step-up that still
        # saw it active may open a session, but the door re-checks the account and refuses it.
        try:
            end_sessions(app, slack_user_id=slack_user_id)
            sessions_ended = True
        except StoreUnavailable:
            sessions_ended = False
            log.warning("access ended for %s but redis was unavailable to end the session", slack_user_id)
        if deactivated or withdrawn:
            audit.record(
                session,
                actor=actor,
                action="identity.access_ended",
                detail={
                    "user": slack_user_id,
                    "reason": reason,
                    "deactivated": deactivated,
                    "sessions_ended": sessions_ended,
                    "requests_withdrawn": withdrawn,
                    **({"since": since} if since is not None else {}),
                },
            )
    return AccessEnded(slack_user_id, deactivated, sessions_ended, withdrawn)


def on_slack_account_change(app: Casebot, *, member: Member, since: int | None = None) -> AccessEnded | None:
    """A ``user_change`` event: a deactivated, guest or external account loses casebot access at once.

    The same rule as the door (``identity.member_refusal``) and the daily
    reconciliation: only active full members of this workspace keep an
    account. Someone casebot does not know is ignored and nothing is recorded.
    An admin re-adds a person whose account becomes a full member again.
    """
    reason = member_refusal(member)
    if reason is None:
        return None
    return end_access(app, slack_user_id=member.user_id, reason=reason, actor=USER_CHANGE_ACTOR, since=since)
