"""Telling supervisors: sending escalation cards, updating every copy after a decision, and the upkeep
loop that passes an unanswered escalation to the HMIS lead and lapses old ones.

Sending happens after commit and is claimed row by row, so two replicas never
send the same card twice and a Slack outage only delays it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ids import ACTOR
from bot.oversight.escalations import (
    Decision,
    card_of,
    first_recipients,
    leads,
    open_notice,
)
from bot.oversight.suspicion import (
    Rule,
    legal_terms,
)
from bot.ports.escalations import Card, Kind, News, Status
from bot.ports.slack import SlackPort
from storage import audit
from storage.models import Escalation, EscalationMessage

log = logging.getLogger("casebot.escalation")
_DISPATCH_BATCH = 50


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
        after_decision(app, slack=slack, card=card, decision=Decision.DENY)
        done += 1
    return done


def upkeep(app: Casebot, *, slack: SlackPort, now: datetime | None = None) -> None:
    """One round of the upkeep loop: undelivered DMs, the HMIS lead for unanswered ones, lapsed holds."""
    now = now or datetime.now(UTC)
    dispatch(app, slack=slack, now=now)
    _escalate_to_lead(app, slack=slack, now=now)
    _expire(app, slack=slack, now=now)


def after_decision(app: Casebot, *, slack: SlackPort, card: Card, decision: Decision) -> None:
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
