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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.oversight import incidents
from bot.oversight.suspicion import (
    Rule,
    burst_key,
    hours_of,
    is_burst,
    legal_terms,
    outside_hours,
    parse_rules,
    rule_for_refusal,
)
from bot.ports import SlackPort
from bot.registry.admin import AdminError
from bot.sharing import identity
from bot.sharing.disclosure import Outcome, Target, disclose
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import Agency, Escalation, EscalationMessage, Role, User, UserSuspension

log = logging.getLogger("casebot.escalation")

ACTOR = "bot:casebot"
HELD_REASON = "held_for_review"  # the door's refusal code while a supervisor decides
UNAVAILABLE_REASON = "checks_unavailable"  # Redis could not count: refused, never waved through
_DISPATCH_BATCH = 50


class Kind(StrEnum):
    HELD = "held"  # a reveal request waiting for Approve once / Deny / Suspend user
    NOTICE = "notice"  # nothing to hold: Acknowledge / Suspend user


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # the requester may press Show once
    RELEASED = "released"  # ...and did: the door ran with the approval as basis
    DENIED = "denied"
    SUSPENDED = "suspended"
    ACKNOWLEDGED = "acknowledged"
    WITHDRAWN = "withdrawn"  # the requester's access ended first (offboarding, another suspension)
    EXPIRED = "expired"  # nobody answered within CASEBOT_ESCALATION_HOLD_HOURS


class Decision(StrEnum):
    APPROVE = "approve"
    DENY = "deny"
    SUSPEND = "suspend"
    ACKNOWLEDGE = "acknowledge"


_STATUS_OF = {
    Decision.APPROVE: Status.APPROVED,
    Decision.DENY: Status.DENIED,
    Decision.SUSPEND: Status.SUSPENDED,
    Decision.ACKNOWLEDGE: Status.ACKNOWLEDGED,
}
_ACTION_OF = {
    Decision.APPROVE: "escalation.approved",
    Decision.DENY: "escalation.denied",
    Decision.SUSPEND: "escalation.user_suspended",
    Decision.ACKNOWLEDGE: "escalation.acknowledged",
}
_ALLOWED = {Kind.HELD: {Decision.APPROVE, Decision.DENY, Decision.SUSPEND}}
_ALLOWED[Kind.NOTICE] = {Decision.ACKNOWLEDGE, Decision.SUSPEND}


# --- what Slack is given ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """What a supervisor's DM (and App Home) shows about one escalation: IDs, rule names and codes only."""

    id: int
    kind: Kind
    rules: tuple[str, ...]
    requester: str
    agency: str | None
    client_ids: tuple[str, ...]
    purpose: str | None
    detail: Mapping[str, Any]
    opened_at: datetime
    status: Status
    decided_by: str | None = None
    to_lead: bool = False  # sent to the HMIS lead because no supervisor answered in time

    @property
    def pending(self) -> bool:
        return self.status is Status.PENDING

    @property
    def approve_needs_admin(self) -> bool:
        return Rule.LEGAL_REQUEST.value in self.rules


@dataclass(frozen=True, slots=True)
class News:
    """What the requester is told, privately, about their held request (or their DM)."""

    escalation_id: int
    outcome: str  # approved, denied, suspended, expired, legal_dm
    client_ids: tuple[str, ...] = ()
    by: str | None = None


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
            client_ids=[c for c in ids if incidents.CLIENT_ID.fullmatch(c)],
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


class RevealScreen:
    """The suspicion rules for one reveal request, run by ``bot.sharing.disclosure.disclose`` inside its
    transaction.

    ``check`` runs after the door has established who asks (registered, active
    Slack member, verified) and before the sharing policy: legal language in
    the purpose note, outside hours, a burst of reveals. ``refused`` sees the
    door's refusals and turns those that are evidence (not a member, outside
    the sharing rules, a restricted client) into escalations.
    """

    def __init__(self, app: Casebot, *, note: str = "", now: datetime | None = None) -> None:
        self._app = app
        self._note = note
        self._now = now
        self.opened: list[int] = []

    def check(self, session: Session, *, person: identity.Person, client_id: str, purpose: str) -> str | None:
        settings = self._app.settings
        rules = enabled_rules(self._app)
        now = self._now or datetime.now(UTC)
        fired: list[Rule] = []
        evidence: dict[str, Any] = {}
        if Rule.REVEAL_BURST in rules:
            try:
                count = self._app.kv.hit_window(
                    burst_key(person.slack_user_id), window_seconds=settings.reveal_burst_minutes * 60
                )
            except StoreUnavailable:
                log.warning("reveal refused: the reveal counter (Redis) is unavailable")
                return UNAVAILABLE_REASON
            if is_burst(count, limit=settings.reveal_burst_max):
                fired.append(Rule.REVEAL_BURST)
                evidence |= {"reveals": count, "window_minutes": settings.reveal_burst_minutes}
        if Rule.LEGAL_REQUEST in rules:
            terms = legal_terms(self._note, extra=settings.legal_terms)
            if terms:
                fired.append(Rule.LEGAL_REQUEST)
                evidence["terms"] = list(terms)
        self._note = ""  # scanned once, never kept
        if Rule.OUTSIDE_HOURS in rules:
            hours = hours_of(settings.request_hours, settings.request_days, settings.timezone)
            if hours is not None and outside_hours(hours, now):
                fired.append(Rule.OUTSIDE_HOURS)
                evidence |= {
                    "local_time": now.astimezone(hours.zone).strftime("%a %H:%M"),
                    "timezone": settings.timezone,
                    "hours": settings.request_hours,
                }
        if not fired:
            return None
        row = open_escalation(
            session,
            kind=Kind.HELD,
            rules=fired,
            requester=person.slack_user_id,
            client_ids=[client_id],
            purpose=purpose,
            detail=evidence,
        )
        self.opened.append(row.id)
        return HELD_REASON

    def refused(self, session: Session, *, requester: str, client_id: str, purpose: str, reason: str) -> None:
        rule = rule_for_refusal(reason)
        if rule is None or rule not in enabled_rules(self._app) or not audit.safe_identifier(requester):
            return
        # Only a refusal of the sharing rules can change (an ROI recorded since): that one is held, so a
        # supervisor can let the person try once more. The others are final, so they are notices.
        kind = Kind.HELD if rule is Rule.OUTSIDE_SHARING_RULES else Kind.NOTICE
        row = open_escalation(
            session,
            kind=kind,
            rules=[rule],
            requester=requester,
            client_ids=[client_id],
            purpose=purpose,
            detail={"reason": reason},
        )
        self.opened.append(row.id)


def request_reveal(
    app: Casebot,
    *,
    slack: SlackPort,
    requester: str,
    client_id: str,
    purpose: str,
    target: Target,
    note: str = "",
    now: datetime | None = None,
) -> Outcome:
    """A reveal request with the suspicion rules in front of the door; supervisors are told at once."""
    screen = RevealScreen(app, note=note, now=now)
    outcome = disclose(
        app,
        slack=slack,
        requester=requester,
        client_id=client_id,
        purpose=purpose,
        target=target,
        screen=screen,
    )
    if screen.opened:
        dispatch(app, slack=slack)
    return outcome


def report_direct_message(app: Casebot, *, slack: SlackPort, user: str, text: str) -> int | None:
    """Legal language in a DM to casebot: the HMIS lead and the person's supervisors are told (a notice).

    The text is scanned and dropped; only the matched categories are kept. The
    sender is told that casebot does not answer such requests.
    """
    terms = legal_terms(text, extra=app.settings.legal_terms)
    if not terms:
        return None
    with app.db.transaction() as session:
        row = open_notice(
            session,
            app=app,
            rule=Rule.LEGAL_REQUEST,
            subject=user,
            detail={"terms": list(terms), "source": "direct_message"},
        )
        escalation_id = row.id if row is not None else None
    if escalation_id is None:
        return None
    slack.send_dm(user=user, content=News(escalation_id=escalation_id, outcome="legal_dm"))
    dispatch(app, slack=slack)
    return escalation_id


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


def _send_cards(app: Casebot, *, slack: SlackPort, card: Card, recipients: Iterable[str]) -> int:
    """DM the card to each recipient and remember where, so the copies can be updated once decided."""
    sent = 0
    for user in recipients:
        result = slack.send_dm(user=user, content=card)
        if not result.ok:
            log.warning("escalation %d: DM not delivered: %s", card.id, result.error)
            continue
        sent += 1
        with app.db.transaction() as session:
            if session.get(EscalationMessage, (card.id, user)) is None:
                session.add(
                    EscalationMessage(
                        escalation_id=card.id,
                        recipient=user,
                        channel=result.channel or user,
                        ts=result.ts or "",
                        sent_at=datetime.now(UTC),
                    )
                )
    return sent


def _claim(session: Session, row_id: int, column: Any, now: datetime) -> bool:
    """Set a NULL timestamp column once: True for the one replica (or thread) that did."""
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == row_id, column.is_(None))
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def dispatch(app: Casebot, *, slack: SlackPort, now: datetime | None = None) -> int:
    """Send the first DMs of every escalation nobody was told about yet; the number dispatched.

    Safe on several replicas at once: each row is claimed by one conditional
    UPDATE before anything is sent. If no DM could be delivered the claim is
    released, so the next upkeep round tries again.
    """
    now = now or datetime.now(UTC)
    with app.db.transaction(write=False) as session:
        ids = list(
            session.scalars(
                select(Escalation.id)
                .where(Escalation.notified_at.is_(None), Escalation.status == Status.PENDING.value)
                .order_by(Escalation.id)
                .limit(_DISPATCH_BATCH)
            )
        )
    done = 0
    for row_id in ids:
        with app.db.transaction() as session:
            if not _claim(session, row_id, Escalation.notified_at, now):
                continue
            row = session.get(Escalation, row_id)
            assert row is not None
            recipients, with_lead = first_recipients(session, row)
            if with_lead:
                _claim(session, row_id, Escalation.lead_notified_at, now)
            card = card_of(session, row)
        if not recipients:
            log.warning("escalation %d: no supervisor or HMIS admin to tell", row_id)
            continue
        if _send_cards(app, slack=slack, card=card, recipients=recipients) == 0:
            with app.db.transaction() as session:  # nobody got it: try again next round
                session.execute(
                    update(Escalation)
                    .where(Escalation.id == row_id)
                    .values(notified_at=None, lead_notified_at=None)
                    .execution_options(synchronize_session=False)
                )
            continue
        done += 1
    return done


# --- deciding --------------------------------------------------------------------------------------------


def _may_decide(
    session: Session, row: Escalation, person: identity.Person | None, decision: Decision
) -> str | None:
    """Why ``person`` may not take ``decision`` on ``row``, or None when they may."""
    if person is None:
        return "not_allowed"
    if person.slack_user_id == row.requester:
        return "own_request"
    admin = person.role is Role.HMIS_ADMIN
    if not admin and not (person.role is Role.SUPERVISOR and person.agency_id == row.agency_id):
        return "not_allowed"
    if decision not in _ALLOWED[Kind(row.kind)]:
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
    new_status = _STATUS_OF[decision]
    with app.db.transaction() as session:
        row = session.get(Escalation, escalation_id)
        if row is None:
            return DecisionResult("unknown", escalation_id)
        person = identity.registered_person(session, slack_user_id=actor)
        why = _may_decide(session, row, person, decision)
        if why is not None:
            _refuse_decision(session, actor=actor, row=row, decision=decision, reason=why)
            return DecisionResult(why, escalation_id, requester=row.requester)
        if row.status != Status.PENDING.value:
            return DecisionResult("already_decided", escalation_id, Status(row.status), row.decided_by)
        if identity.verified_session(app, session, slack_user_id=actor) is None:
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
            action=_ACTION_OF[decision],
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
    _after_decision(app, slack=slack, card=card, decision=decision)
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


def _after_decision(app: Casebot, *, slack: SlackPort, card: Card, decision: Decision) -> None:
    """Update every copy of the DM, and tell the requester privately (never for an acknowledgement)."""
    with app.db.transaction(write=False) as session:
        copies = list(
            session.execute(
                select(EscalationMessage.channel, EscalationMessage.ts).where(
                    EscalationMessage.escalation_id == card.id
                )
            )
        )
    for channel, ts in copies:
        if ts:
            slack.update_dm(channel=channel, ts=ts, content=card)
    if decision is Decision.ACKNOWLEDGE or not audit.safe_identifier(card.requester):
        return
    if decision is Decision.SUSPEND or card.kind is Kind.HELD:
        news = News(
            escalation_id=card.id, outcome=str(card.status), client_ids=card.client_ids, by=card.decided_by
        )
        result = slack.send_dm(user=card.requester, content=news)
        if not result.ok:
            log.warning("escalation %d: requester not told: %s", card.id, result.error)


# --- releasing an approval through the door -----------------------------------------------------------


@dataclass
class _Grant:
    """``bot.sharing.disclosure.Approval``: one use of a supervisor's approval, redeemed inside the door."""

    escalation_id: int
    requester: str
    hold_hours: int
    approver: str = ""

    def redeem(self, session: Session) -> str | None:
        row = session.get(Escalation, self.escalation_id)
        if row is None or row.requester != self.requester or row.kind != Kind.HELD.value:
            return "approval_not_found"
        if row.status == Status.RELEASED.value:
            return "approval_used"
        if row.status != Status.APPROVED.value or row.decided_at is None or row.decided_by is None:
            return "approval_not_found"
        now = datetime.now(UTC)
        if now - row.decided_at > timedelta(hours=self.hold_hours):
            return "approval_expired"
        used = session.execute(
            update(Escalation)
            .where(Escalation.id == row.id, Escalation.status == Status.APPROVED.value)
            .values(status=Status.RELEASED.value, released_at=now)
            .execution_options(synchronize_session=False)
        )
        if used.rowcount != 1:  # type: ignore[attr-defined]
            return "approval_used"
        self.approver = row.decided_by
        return None


@dataclass(frozen=True, slots=True)
class Approved:
    """An approved request the requester can still use: which client, for what."""

    escalation_id: int
    client_id: str
    purpose: str
    approver: str


def approved_request(app: Casebot, *, escalation_id: int, requester: str) -> Approved | None:
    """The requester's approved, unused request, or None (someone else's, used, or not approved)."""
    with app.db.transaction(write=False) as session:
        row = session.get(Escalation, escalation_id)
        if (
            row is None
            or row.requester != requester
            or row.status != Status.APPROVED.value
            or not row.client_ids
            or not row.purpose
        ):
            return None
        return Approved(row.id, row.client_ids[0], row.purpose, row.decided_by or "")


def release(app: Casebot, *, slack: SlackPort, escalation_id: int, requester: str, target: Target) -> Outcome:
    """The requester pressed *Show*: the held request goes through the one door, once, with the approval
    recorded as its basis. Every check of the door still applies (a verified session now included)."""
    with app.db.transaction(write=False) as session:
        row = session.get(Escalation, escalation_id)
        if row is None or row.requester != requester or not row.client_ids or not row.purpose:
            row = None
        else:
            client_id, purpose = row.client_ids[0], row.purpose
    if row is None:
        slack.show_refusal(target=target, client_id="", reason="approval_not_found")
        return Outcome(reason="approval_not_found")
    grant = _Grant(escalation_id, requester, app.settings.escalation_hold_hours)
    return disclose(
        app,
        slack=slack,
        requester=requester,
        client_id=client_id,
        purpose=purpose,
        target=target,
        approval=grant,
    )


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


def _escalate_to_lead(app: Casebot, *, slack: SlackPort, now: datetime) -> int:
    """Pending escalations no supervisor answered in time go to the HMIS lead, once."""
    cutoff = now - timedelta(minutes=app.settings.escalation_lead_minutes)
    with app.db.transaction(write=False) as session:
        ids = list(
            session.scalars(
                select(Escalation.id)
                .where(
                    Escalation.status == Status.PENDING.value,
                    Escalation.notified_at.is_not(None),
                    Escalation.lead_notified_at.is_(None),
                    Escalation.opened_at <= cutoff,
                )
                .order_by(Escalation.id)
                .limit(_DISPATCH_BATCH)
            )
        )
    done = 0
    for row_id in ids:
        with app.db.transaction() as session:
            if not _claim(session, row_id, Escalation.lead_notified_at, now):
                continue
            row = session.get(Escalation, row_id)
            assert row is not None
            told = set(
                session.scalars(
                    select(EscalationMessage.recipient).where(EscalationMessage.escalation_id == row_id)
                )
            )
            to = [u for u in leads(session) if u != row.requester and u not in told]
            audit.record(
                session,
                actor=ACTOR,
                action="escalation.expired_to_lead",
                client_id=row.client_ids[0] if len(row.client_ids or ()) == 1 else None,
                detail={
                    "escalation": row_id,
                    "requester": row.requester,
                    "minutes": app.settings.escalation_lead_minutes,
                    "leads": to,
                },
            )
            card = card_of(session, row, to_lead=True)
        if not to:
            log.warning("escalation %d: unanswered, and no HMIS admin to tell", row_id)
        _send_cards(app, slack=slack, card=card, recipients=to)
        done += 1
    return done


def _expire(app: Casebot, *, slack: SlackPort, now: datetime) -> int:
    """Held requests nobody decided within the hold time lapse; the requester is told."""
    cutoff = now - timedelta(hours=app.settings.escalation_hold_hours)
    with app.db.transaction(write=False) as session:
        ids = list(
            session.scalars(
                select(Escalation.id)
                .where(
                    Escalation.status == Status.PENDING.value,
                    Escalation.kind == Kind.HELD.value,
                    Escalation.opened_at <= cutoff,
                )
                .limit(_DISPATCH_BATCH)
            )
        )
    done = 0
    for row_id in ids:
        with app.db.transaction() as session:
            lapsed = session.execute(
                update(Escalation)
                .where(Escalation.id == row_id, Escalation.status == Status.PENDING.value)
                .values(status=Status.EXPIRED.value, decided_at=now)
                .execution_options(synchronize_session=False)
            )
            if lapsed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            row = session.get(Escalation, row_id)
            assert row is not None
            session.refresh(row)
            audit.record(
                session,
                actor=ACTOR,
                action="escalation.expired",
                detail={
                    "escalation": row_id,
                    "requester": row.requester,
                    "hours": app.settings.escalation_hold_hours,
                },
            )
            card = card_of(session, row)
        _after_decision(app, slack=slack, card=card, decision=Decision.DENY)
        done += 1
    return done


def upkeep(app: Casebot, *, slack: SlackPort, now: datetime | None = None) -> None:
    """One round of the upkeep loop: undelivered DMs, the HMIS lead for unanswered ones, lapsed holds."""
    now = now or datetime.now(UTC)
    dispatch(app, slack=slack, now=now)
    _escalate_to_lead(app, slack=slack, now=now)
    _expire(app, slack=slack, now=now)


# --- App Home --------------------------------------------------------------------------------------------


def pending_for(app: Casebot, *, slack_user_id: str, limit: int = 15) -> list[Card]:
    """Pending escalations this person may answer: their agency's (supervisors), or sent to them."""
    with app.db.transaction(write=False) as session:
        person = identity.registered_person(session, slack_user_id=slack_user_id)
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


__all__ = [
    "ACTOR",
    "HELD_REASON",
    "UNAVAILABLE_REASON",
    "Approved",
    "Card",
    "Decision",
    "DecisionResult",
    "Kind",
    "News",
    "RevealScreen",
    "Status",
    "approved_request",
    "decide",
    "dispatch",
    "enabled_rules",
    "open_escalation",
    "open_notice",
    "pending_for",
    "release",
    "report_direct_message",
    "request_reveal",
    "restore_user",
    "suspended_users",
    "upkeep",
    "withdraw_pending",
]
