"""Who is a registered person: an active casebot user of a participating agency, and whether a Slack
account may receive PII at all.

Every domain asks these two questions (the door, incidents, escalations,
anonymous clients, offboarding), so they live in the registry, below them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ports.slack import Member
from storage.models import Agency, Role, User


@dataclass(frozen=True, slots=True)
class Person:
    """A registered, active casebot user of a participating agency."""

    slack_user_id: str
    user_id: int
    agency_id: int
    agency_slug: str
    agency_participating: bool
    role: Role


def registered_person(session: Session, *, slack_user_id: str) -> Person | None:
    """The active casebot user, or None (unknown, removed, or agency no longer participating)."""
    row = session.execute(
        select(User, Agency)
        .join(Agency, Agency.id == User.agency_id)
        .where(User.slack_user_id == slack_user_id)
    ).first()
    if row is None:
        return None
    user, agency = row
    if not user.active or not agency.participating:
        return None
    return Person(slack_user_id, user.id, agency.id, agency.slug, agency.participating, user.role)


def member_refusal(member: Member | None) -> str | None:
    """Why a Slack account may not receive PII, or None when it may.

    Only active full members of this workspace qualify: not deactivated, not a
    guest (single- or multi-channel), not an external Slack Connect user. When
    Slack cannot say, the answer is no.
    """
    if member is None:
        return "slack_unavailable"
    if member.deleted:
        return "slack_deactivated"
    if member.guest:
        return "slack_guest"
    if member.external:
        return "slack_external"
    return None
