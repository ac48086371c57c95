"""Held requests and supervisor escalations: what happens when a suspicion rule fires
(``bot.oversight.suspicion``).

Seed policy: "if anyone pushes for access or information, stop and talk to a
supervisor; external requests for HMIS data go to the HMIS lead". So:

- A reveal request that trips a rule is **held**: an ``escalations`` row,
  written in the same transaction as the door's refusal audit, so it survives
  restarts and every bot replica sees it. Nothing is shown.
- The requester's agency supervisors get a DM (an outbox: ``dispatch`` sends
  the DMs of rows nobody was told about yet, from the request's thread or the
  upkeep loop, whichever comes first). The HMIS lead (every active
  ``hmis_admin``) is told at once for legal language or when the agency has
  no supervisor, and by the upkeep loop when no supervisor has answered within
  ``CASEBOT_ESCALATION_LEAD_MINUTES``.
- A decision (``decide``) is one conditional UPDATE from "pending": exactly
  one of several supervisors pressing at once wins; the others are told who
  did. Deciders must be a supervisor of the requester's agency or an HMIS
  admin, and have a verified session.
- "Approve once" does not show anything by itself: it lets the requester
  press *Show* once, and the request then goes through the one door
  (``bot.sharing.disclosure``) with every identity and sharing check, the approval
  recorded as its basis. Approval never overrides the sharing policy.
- Events with nothing to hold (a message casebot could not delete, legal
  language in a DM, a step-up lockout, a request the door refused outright)
  are **notices**: the same DM without *Approve*, answered with
  *Acknowledge* or *Suspend user*.

Everything recorded here names Slack IDs, client IDs, rule names and codes,
never PII or the text that tripped a rule.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.errors import AdminError
from bot.ids import ACTOR, CLIENT_ID
from bot.oversight import incidents
from bot.oversight.suspicion import (
    Rule,
    parse_rules,
)
from bot.ports.escalations import Card, Kind, Status
from bot.registry.people import registered_person
from storage import audit
from storage.models import Agency, Escalation, EscalationMessage, Role, User, UserSuspension

log = logging.getLogger("casebot.escalation")


HELD_REASON = "held_for_review"  # the door's refusal code while a supervisor decides
UNAVAILABLE_REASON = "checks_unavailable"  # Redis could not count: refused, never waved through


class Decision(StrEnum):
    APPROVE = "approve"
    DENY = "deny"
    SUSPEND = "suspend"
    ACKNOWLEDGE = "acknowledge"


STATUS_OF = {
    Decision.APPROVE: Status.APPROVED,
    Decision.DENY: Status.DENIED,
    Decision.SUSPEND: Status.SUSPENDED,
    Decision.ACKNOWLEDGE: Status.ACKNOWLEDGED,
}


AUDIT_ACTION_OF = {
    Decision.APPROVE: "escalation.approved",
    Decision.DENY: "escalation.denied",
    Decision.SUSPEND: "escalation.user_suspended",
    Decision.ACKNOWLEDGE: "escalation.acknowledged",
}


ALLOWED_DECISIONS = {
    Kind.HELD: {Decision.APPROVE, Decision.DENY, Decision.SUSPEND},
    Kind.NOTICE: {Decision.ACKNOWLEDGE, Decision.SUSPEND},
}


# --- opening ----------------------------------------------------------------------------------------


def enabled_rules(app: Casebot) -> frozenset[Rule]:
    return parse_rules(app.settings.escalation_rules)


def _flat(detail: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence as the audit log accepts it: plain keys, scalars or lists of scalars."""
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if isinstance(value, list | tuple):
            out[key] = [v for v in value if isinstance(v, str | int | float | bool)]
        elif isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
    return out


def _agency_of(session: Session, slack_user_id: str) -> int | None:
    """The person's agency, even when their access has ended: their supervisors should still hear."""
    return session.scalar(select(User.agency_id).where(User.slack_user_id == slack_user_id))


def open_escalation(
    session: Session,
    *,
    kind: Kind,
    rules: Sequence[Rule],
    requester: str,
    client_ids: Iterable[str] = (),
    purpose: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Escalation:
    """Record an escalation and its ``escalation.opened`` audit row in the caller's transaction."""
    ids = [c for c in dict.fromkeys(client_ids) if audit.safe_identifier(c)]
    evidence = _flat(detail or {})
    row = Escalation(
        kind=kind.value,
        rules=[r.value for r in rules],
        status=Status.PENDING.value,
        requester=requester,
        agency_id=_agency_of(session, requester),
        client_ids=ids,
        purpose=purpose if purpose and audit.safe_identifier(purpose) else None,
        detail=evidence,
        opened_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=ACTOR,
        action="escalation.opened",
        client_id=ids[0] if len(ids) == 1 else None,
        detail={
            **evidence,
            "escalation": row.id,
            "kind": kind.value,
            "rules": [r.value for r in rules],
            "requester": requester,
            "client_ids": ids,
            "purpose": row.purpose,
        },
    )
    if Rule.LEGAL_REQUEST in rules:
        # An external or legal request for HMIS data is documented in the incident register too,
        # where the HMIS lead records how it was answered (the corrective action).
        incidents.open_incident(
            session,
            category="legal_request",
            reported_by=ACTOR,
            summary_codes=[f"escalation:{row.id}", f"kind:{kind.value}"],
            client_ids=[c for c in ids if CLIENT_ID.fullmatch(c)],
        )
    return row


def open_notice(
    session: Session,
    *,
    app: Casebot,
    rule: Rule,
    subject: str,
    client_ids: Iterable[str] = (),
    detail: Mapping[str, Any] | None = None,
) -> Escalation | None:
    """A notice (nothing to hold) when ``rule`` is switched on; None when it is off. Caller's transaction."""
    if rule not in enabled_rules(app) or not audit.safe_identifier(subject):
        return None
    return open_escalation(
        session, kind=Kind.NOTICE, rules=[rule], requester=subject, client_ids=client_ids, detail=detail
    )


# --- the screen in front of the door -------------------------------------------------------------------


# --- who is told -----------------------------------------------------------------------------------------


def _active(session: Session, *, role: Role, agency_id: int | None = None) -> list[str]:
    query = (
        select(User.slack_user_id)
        .join(Agency, Agency.id == User.agency_id)
        .where(User.active.is_(True), User.role == role, Agency.participating.is_(True))
        .order_by(User.slack_user_id)
    )
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    return list(session.scalars(query))


def leads(session: Session) -> list[str]:
    """The HMIS lead: every active HMIS admin."""
    return _active(session, role=Role.HMIS_ADMIN)


def first_recipients(session: Session, row: Escalation) -> tuple[list[str], bool]:
    """The requester's agency supervisors, plus the HMIS lead for legal language or when there are none.

    Never the requester: nobody decides their own escalation. Returns the
    recipients and whether the HMIS lead is among them.
    """
    supervisors = _active(session, role=Role.SUPERVISOR, agency_id=row.agency_id) if row.agency_id else []
    supervisors = [s for s in supervisors if s != row.requester]
    with_lead = Rule.LEGAL_REQUEST.value in row.rules or not supervisors
    everyone = supervisors + ([u for u in leads(session) if u != row.requester] if with_lead else [])
    return list(dict.fromkeys(everyone)), with_lead


def card_of(session: Session, row: Escalation, *, to_lead: bool = False) -> Card:
    agency = session.get(Agency, row.agency_id) if row.agency_id is not None else None
    return Card(
        id=row.id,
        kind=Kind(row.kind),
        rules=tuple(row.rules or ()),
        requester=row.requester,
        agency=agency.slug if agency is not None else None,
        client_ids=tuple(row.client_ids or ()),
        purpose=row.purpose,
        detail=dict(row.detail or {}),
        opened_at=row.opened_at,
        status=Status(row.status),
        decided_by=row.decided_by,
        to_lead=to_lead,
    )


# --- deciding --------------------------------------------------------------------------------------------


# --- releasing an approval through the door -----------------------------------------------------------


# --- ending access (offboarding) ------------------------------------------------------------------------


def withdraw_pending(session: Session, *, requester: str, reason: str) -> int:
    """Withdraw every request ``requester`` has waiting for a supervisor; the number withdrawn.

    Offboarding calls this in the same transaction that ends the user's access, so a supervisor
    can no longer approve a request from someone who has left. Approvals not yet used are
    withdrawn too. Each withdrawal is audited (``escalation.withdrawn``) in that transaction.
    """
    now = datetime.now(UTC)
    code = reason if audit.safe_identifier(reason) else "other"
    ids = list(
        session.scalars(
            select(Escalation.id).where(
                Escalation.requester == requester,
                Escalation.kind == Kind.HELD.value,
                Escalation.status.in_([Status.PENDING.value, Status.APPROVED.value]),
            )
        )
    )
    withdrawn = 0
    for row_id in ids:
        done = session.execute(
            update(Escalation)
            .where(
                Escalation.id == row_id,
                Escalation.status.in_([Status.PENDING.value, Status.APPROVED.value]),
            )
            .values(status=Status.WITHDRAWN.value, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            withdrawn += 1
            audit.record(
                session,
                actor=ACTOR,
                action="escalation.withdrawn",
                detail={"escalation": row_id, "requester": requester, "reason": code},
            )
    return withdrawn


def restore_user(session: Session, *, actor: str, slack_user_id: str) -> User:
    """Lift a suspension: the person's access (agency and role as before) comes back. Audited.

    A person who was removed rather than suspended is added again with `casebot user add`.
    """
    user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
    suspension = session.scalar(
        select(UserSuspension)
        .where(UserSuspension.slack_user_id == slack_user_id, UserSuspension.lifted_at.is_(None))
        .order_by(UserSuspension.id.desc())
    )
    if user is None or suspension is None:
        raise AdminError(f"{slack_user_id} is not suspended (see `casebot escalations suspended`)")
    if user.active:
        raise AdminError(
            f"{slack_user_id} is already active; the suspension was lifted by `casebot user add`"
        )
    now = datetime.now(UTC)
    user.active, user.deactivated_at = True, None
    suspension.lifted_at, suspension.lifted_by = now, actor
    audit.record(
        session,
        actor=actor,
        action="user.restored",
        detail={"user": slack_user_id, "escalation": suspension.escalation_id},
    )
    return user


def suspended_users(session: Session) -> list[UserSuspension]:
    """Suspensions in force: not lifted, and the person not re-added since."""
    return list(
        session.scalars(
            select(UserSuspension)
            .join(User, User.slack_user_id == UserSuspension.slack_user_id)
            .where(UserSuspension.lifted_at.is_(None), User.active.is_(False))
            .order_by(UserSuspension.suspended_at)
        )
    )


# --- the upkeep loop -------------------------------------------------------------------------------------


# --- App Home --------------------------------------------------------------------------------------------


def pending_for(app: Casebot, *, slack_user_id: str, limit: int = 15) -> list[Card]:
    """Pending escalations this person may answer: their agency's (supervisors), or sent to them."""
    with app.db.transaction(write=False) as session:
        person = registered_person(session, slack_user_id=slack_user_id)
        if person is None or person.role not in (Role.SUPERVISOR, Role.HMIS_ADMIN):
            return []
        sent_to_me = select(EscalationMessage.escalation_id).where(
            EscalationMessage.recipient == slack_user_id
        )
        mine = [Escalation.id.in_(sent_to_me)]
        if person.role is Role.SUPERVISOR:
            mine.append(Escalation.agency_id == person.agency_id)
        else:
            mine.append(Escalation.lead_notified_at.is_not(None))
        rows = session.scalars(
            select(Escalation)
            .where(
                Escalation.status == Status.PENDING.value,
                Escalation.requester != slack_user_id,
                or_(*mine),
            )
            .order_by(Escalation.id.desc())
            .limit(limit)
        )
        return [card_of(session, row) for row in rows]


def recent_escalations(
    session: Session, *, pending_only: bool, limit: int
) -> list[tuple[Escalation, str | None]]:
    """The newest escalations with their requester's agency slug (None when the agency is gone)."""
    query = (
        select(Escalation, Agency.slug)
        .outerjoin(Agency, Agency.id == Escalation.agency_id)
        .order_by(Escalation.id.desc())
        .limit(limit)
    )
    if pending_only:
        query = query.where(Escalation.status == Status.PENDING.value)
    return [(row, slug) for row, slug in session.execute(query)]
