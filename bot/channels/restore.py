"""Undoing a false positive: putting a quarantined original back, for its poster or an HMIS admin.

The restore is audited before the text goes back to Slack (fail closed: no
audit row, no restore). The quarantine row is removed only once Slack has the
text again, so a failed attempt can be retried until the row expires.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.files.restore import holds_file, restore_file
from bot.ids import ACTOR, SLACK_ID
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from storage import audit, quarantine
from storage.models import Role, User

log = logging.getLogger("casebot.restore")


class RestoreResult(StrEnum):
    RESTORED = "restored"
    EXPIRED = "expired"
    NOT_ALLOWED = "not_allowed"
    SLACK_FAILED = "slack_failed"


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    result: RestoreResult
    place: Place | None = None


def _is_hmis_admin(session: Session, slack_user_id: str) -> bool:
    user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
    return user is not None and user.active and user.role == Role.HMIS_ADMIN


def restore(app: Casebot, *, slack: SlackPort, restore_id: str, requester: str) -> RestoreOutcome:
    if not SLACK_ID.match(requester) or not restore_id.isalnum() or len(restore_id) > 32:
        return RestoreOutcome(RestoreResult.NOT_ALLOWED)
    if holds_file(app, restore_id=restore_id):  # the same button restores a removed file
        done = restore_file(app, slack=slack, restore_id=restore_id, requester=requester)
        return RestoreOutcome(RestoreResult(done.result), done.place)
    with app.db.transaction() as session:
        held = quarantine.get(session, keyring=app.keyring, row_id=restore_id)
        if held is None or held.repost_ts is None:
            return RestoreOutcome(RestoreResult.EXPIRED)
        place = Place(channel=held.slack_channel_id, thread_ts=held.thread_ts)
        if requester != held.poster and not _is_hmis_admin(session, requester):
            audit.record(
                session,
                actor=f"slack:{requester}",
                action="message.restore_refused",
                detail={"channel": held.slack_channel_id, "poster": held.poster},
            )
            return RestoreOutcome(RestoreResult.NOT_ALLOWED, place)
        audit.record(
            session,
            actor=f"slack:{requester}",
            action="message.restored",
            detail={
                "channel": held.slack_channel_id,
                "poster": held.poster,
                "types": list(held.pii_types),
                "by_admin": requester != held.poster,
            },
        )
    result = slack.replace_repost(place=place, ts=held.repost_ts, poster=held.poster, text=held.text)
    if not result.ok:
        log.warning("restore into %s failed: %s", held.slack_channel_id, result.error)
        return RestoreOutcome(RestoreResult.SLACK_FAILED, place)
    with app.db.transaction() as session:
        quarantine.remove(session, row_id=restore_id)
    log.info("restored a quarantined message in %s", held.slack_channel_id)
    return RestoreOutcome(RestoreResult.RESTORED, place)


def purge(app: Casebot, *, now: datetime | None = None) -> int:
    """Delete expired originals, messages and files. Run periodically by `casebot serve`; idempotent across
    replicas."""
    with app.db.transaction() as session:
        gone = quarantine.purge_expired(session, now=now) + quarantine.purge_expired_files(session, now=now)
        if gone:
            audit.record(session, actor=ACTOR, action="quarantine.purged", detail={"count": gone})
    if gone:
        log.info("purged %d expired quarantined message(s)", gone)
    return gone
