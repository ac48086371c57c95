"""A supervisor's answer to an escalation: approve once, deny, suspend the requester, acknowledge.

It lives in sharing, above identity, because only a verified supervisor may
answer (``identity.verified_session``), and suspending a requester ends their
verified sessions. An approval lets one held reveal through the door
(``bot.sharing.reveal.release``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.oversight.dispatch import after_decision
from bot.oversight.escalations import (
    ALLOWED_DECISIONS,
    AUDIT_ACTION_OF,
    STATUS_OF,
    Decision,
    card_of,
    withdraw_pending,
)
from bot.oversight.suspicion import (
    Rule,
)
from bot.ports.escalations import Kind, Status
from bot.ports.slack import SlackPort
from bot.registry.people import Person, registered_person
from bot.sharing import identity
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import Escalation, Role, User, UserSuspension

log = logging.getLogger("casebot.escalation")
@dataclass(frozen=True, slots=True)
class DecisionResult:
    """The answer to a button press. ``outcome`` is "done" or a refusal code the handler puts in words."""

    outcome: str
    escalation_id: int
    status: Status | None = None
    decided_by: str | None = None
    requester: str | None = None

    @property
    def done(self) -> bool:
        return self.outcome == "done"


def _may_decide(
    session: Session, row: Escalation, person: Person | None, decision: Decision
) -> str | None:
    """Why ``person`` may not take ``decision`` on ``row``, or None when they may."""
    if person is None:
        return "not_allowed"
    if person.slack_user_id == row.requester:
        return "own_request"
    admin = person.role is Role.HMIS_ADMIN
    if not admin and not (person.role is Role.SUPERVISOR and person.agency_id == row.agency_id):
        return "not_allowed"
    if decision not in ALLOWED_DECISIONS[Kind(row.kind)]:
        return "invalid"
    if decision is Decision.APPROVE and Rule.LEGAL_REQUEST.value in (row.rules or ()) and not admin:
        return "admin_only"  # external and legal requests go to the HMIS lead
    if decision is Decision.SUSPEND:
        subject = session.scalar(select(User).where(User.slack_user_id == row.requester))
        if subject is None:
            return "not_a_user"
        if subject.role is Role.HMIS_ADMIN and not admin:
            return "admin_only"
    return None


def _refuse_decision(
    session: Session, *, actor: str, row: Escalation, decision: Decision, reason: str
) -> None:
    audit.record(
        session,
        actor=actor if audit.safe_identifier(actor) else "unknown",
        action="escalation.decision_refused",
        detail={"escalation": row.id, "decision": decision.value, "reason": reason},
    )


def decide(
    app: Casebot,
    *,
    slack: SlackPort,
    escalation_id: int,
    actor: str,
    decision: Decision,
    now: datetime | None = None,
) -> DecisionResult:
    """A supervisor's button press: checked, applied exactly once, audited, then everyone concerned told."""
    now = now or datetime.now(UTC)
    new_status = STATUS_OF[decision]
    with app.db.transaction() as session:
        row = session.get(Escalation, escalation_id)
        if row is None:
            return DecisionResult("unknown", escalation_id)
        person = registered_person(session, slack_user_id=actor)
        why = _may_decide(session, row, person, decision)
        if why is not None:
            _refuse_decision(session, actor=actor, row=row, decision=decision, reason=why)
            return DecisionResult(why, escalation_id, requester=row.requester)
        if row.status != Status.PENDING.value:
            return DecisionResult("already_decided", escalation_id, Status(row.status), row.decided_by)
        try:
            live = identity.verified_session(app, session, slack_user_id=actor)
        except StoreUnavailable:
            _refuse_decision(session, actor=actor, row=row, decision=decision, reason="unavailable")
            return DecisionResult("unavailable", escalation_id)
        if live is None:
            _refuse_decision(session, actor=actor, row=row, decision=decision, reason="not_verified")
            return DecisionResult("not_verified", escalation_id)
        won = session.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.status == Status.PENDING.value)
            .values(status=new_status.value, decided_by=actor, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            session.expire(row)
            return DecisionResult("already_decided", escalation_id, Status(row.status), row.decided_by)
        withdrawn = _suspend(session, row=row, actor=actor, now=now) if decision is Decision.SUSPEND else 0
        audit.record(
            session,
            actor=actor,
            action=AUDIT_ACTION_OF[decision],
            client_id=row.client_ids[0] if len(row.client_ids or ()) == 1 else None,
            detail={
                "escalation": row.id,
                "requester": row.requester,
                "rules": list(row.rules or ()),
                "client_ids": list(row.client_ids or ()),
                "decided_as": "hmis_admin" if person and person.role is Role.HMIS_ADMIN else "supervisor",
                **({"withdrawn": withdrawn} if decision is Decision.SUSPEND else {}),
            },
        )
        session.expire(row)
        card = card_of(session, row)
    if decision is Decision.SUSPEND:
        try:
            identity.end_sessions(app, slack_user_id=row.requester)
        except StoreUnavailable:
            log.warning("suspension: redis unavailable; the door refuses the suspended user anyway")
    after_decision(app, slack=slack, card=card, decision=decision)
    return DecisionResult("done", escalation_id, new_status, actor)


def _suspend(session: Session, *, row: Escalation, actor: str, now: datetime) -> int:
    """End the requester's access until an admin restores it; their other requests are withdrawn."""
    user = session.scalar(select(User).where(User.slack_user_id == row.requester))
    assert user is not None  # _may_decide checked
    if user.active:
        user.active = False
        user.deactivated_at = now
    open_ = session.scalar(
        select(UserSuspension).where(
            UserSuspension.slack_user_id == row.requester, UserSuspension.lifted_at.is_(None)
        )
    )
    if open_ is None:
        session.add(
            UserSuspension(
                slack_user_id=row.requester, escalation_id=row.id, suspended_by=actor, suspended_at=now
            )
        )
    return withdraw_pending(session, requester=row.requester, reason="suspended")


