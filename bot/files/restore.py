"""Undoing a false positive for a file: the original goes back into its channel (and thread), whole.

A file cannot be put back in parts, so the rules are those of a message's
span that is not a name (``bot.channels.restore``): its poster may restore a
file that held names only; a file with any other kind of PII (a by-name list
with dates of birth, a scanned form) only an HMIS admin. Audited before
anything reaches Slack (``file.restored`` or ``file.restore_refused``); the
poster's supervisors get a ``restored_message`` notice; the quarantine row is
removed only once Slack has the file again. Slack cannot undelete a file, so
the original is uploaded anew, attributed to the poster; the de-identified
copy stays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ids import ACTOR
from bot.oversight import escalations
from bot.oversight.dispatch import dispatch
from bot.oversight.suspicion import Rule
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from redaction import PiiType
from storage import audit, quarantine
from storage.models import QuarantinedFile, Role, User

log = logging.getLogger("casebot.files.restore")


@dataclass(frozen=True, slots=True)
class FileRestore:
    result: str  # restored, expired, not_allowed, slack_failed (bot.channels.restore.RestoreResult)
    place: Place | None = None


def holds_file(app: Casebot, *, restore_id: str) -> bool:
    with app.db.transaction(write=False) as session:
        return session.scalar(select(QuarantinedFile.id).where(QuarantinedFile.id == restore_id)) is not None


def is_hmis_admin(session: Session, slack_user_id: str) -> bool:
    """Who may restore anything, a message's parts or a file (``bot.channels.restore`` too)."""
    user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
    return user is not None and user.active and user.role == Role.HMIS_ADMIN


def restore_file(app: Casebot, *, slack: SlackPort, restore_id: str, requester: str) -> FileRestore:
    with app.db.transaction() as session:
        held = quarantine.get_file(session, keyring=app.keyring, row_id=restore_id)
        if held is None:
            return FileRestore("expired")
        place = Place(channel=held.slack_channel_id, thread_ts=held.thread_ts)
        detail = {"channel": held.slack_channel_id, "poster": held.poster, "file": held.file_id}
        names_only = set(held.pii_types) <= {PiiType.NAME.value}
        if not is_hmis_admin(session, requester) and not (requester == held.poster and names_only):
            audit.record(session, actor=f"slack:{requester}", action="file.restore_refused", detail=detail)
            return FileRestore("not_allowed", place)
        audit.record(
            session,
            actor=f"slack:{requester}",
            action="file.restored",
            detail={**detail, "types": list(held.pii_types), "by_admin": requester != held.poster},
        )
    posted = slack.upload_file(
        place=place,
        filename=held.name or "file",
        data=held.content,
        title=held.name or "file",
        comment=f"Restored: the file <@{held.poster}> shared. casebot's removal was a false positive.",
    )
    if not posted.ok:
        log.warning("file restore into %s failed: %s", held.slack_channel_id, posted.error)
        return FileRestore("slack_failed", place)
    with app.db.transaction() as session:
        quarantine.remove_file(session, row_id=restore_id)
        audit.record(
            session,
            actor=ACTOR,
            action="file.reposted",
            detail={
                "channel": held.slack_channel_id,
                "file": held.file_id,
                "restored_as": posted.file_id or "",
            },
        )
        notice = escalations.open_notice(
            session,
            app=app,
            rule=Rule.RESTORED_MESSAGE,
            subject=held.poster,
            detail={
                "channel": held.slack_channel_id,
                "file": held.file_id,
                "restored": list(held.pii_types),
                "by_admin": requester != held.poster,
            },
        )
    if notice is not None:
        dispatch(app, slack=slack)
    log.info("restored a quarantined file in %s", held.slack_channel_id)
    return FileRestore("restored", place)
