"""What App Home shows a person: whether casebot knows them, their agency and role, their verification.

Verification comes from ``bot.sharing.identity``: not enrolled, enrolled but not
verified, verified (with when the session ends), or locked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.context import Casebot
from bot.registry.channels import active_channel_ids
from bot.sharing.identity import is_enrolled, status_words
from storage.models import Agency, User


@dataclass(frozen=True, slots=True)
class PersonStatus:
    slack_user_id: str
    registered: bool
    active: bool = False
    agency: str | None = None
    role: str | None = None
    verification: str = "not enrolled"
    case_conference_channels: int = 0
    enrolled: bool = False


def person_status(app: Casebot, *, slack_user_id: str) -> PersonStatus:

    channels = len(active_channel_ids(app))
    with app.db.transaction(write=False) as session:
        row = session.execute(
            select(User, Agency.name)
            .join(Agency, Agency.id == User.agency_id)
            .where(User.slack_user_id == slack_user_id)
        ).first()
    if row is None:
        return PersonStatus(slack_user_id=slack_user_id, registered=False, case_conference_channels=channels)
    user, agency = row

    enrolled = user.active and is_enrolled(app, slack_user_id=slack_user_id)
    return PersonStatus(
        slack_user_id=slack_user_id,
        registered=True,
        active=user.active,
        agency=agency,
        role=str(user.role.value),
        case_conference_channels=channels,
        verification=status_words(app, slack_user_id=slack_user_id) if user.active else "not enrolled",
        enrolled=enrolled,
    )
