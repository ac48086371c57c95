"""Reveal: a person asks to see a client's PII, with the suspicion rules standing in front of the door.

``request_reveal`` is what a *Reveal* click becomes: ``RevealScreen`` runs the
suspicion rules inside the door's transaction (legal language, outside hours,
a burst) and holds the request for a supervisor when one fires; otherwise
``bot.sharing.disclosure.disclose`` decides and writes the audit row. After a
supervisor approves, ``release`` sends the held request through the same door
once, with the approval as its basis.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.oversight.dispatch import dispatch
from bot.oversight.escalations import (
    HELD_REASON,
    UNAVAILABLE_REASON,
    enabled_rules,
    open_escalation,
)
from bot.oversight.suspicion import (
    Rule,
    burst_key,
    hours_of,
    is_burst,
    legal_terms,
    outside_hours,
    rule_for_refusal,
)
from bot.ports.disclosure import Target
from bot.ports.escalations import Kind, Status
from bot.ports.slack import SlackPort
from bot.registry.people import Person
from bot.sharing.disclosure import Outcome, disclose
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import Escalation

log = logging.getLogger("casebot.escalation")
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

    def check(self, session: Session, *, person: Person, client_id: str, purpose: str) -> str | None:
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
