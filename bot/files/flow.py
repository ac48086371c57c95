"""What casebot does about a file shared in a case-conference channel.

In order, like a message:

1. fetch it (``SlackPort.download_file``), read it (``bot.files.read``) and
   scan it (``bot.files.scan``) with the channel's redactor;
2. with PII: delete it with the workspace admin's token; for a spreadsheet or
   CSV upload the de-identified copy in the same place (thread included);
   keep the original encrypted in the quarantine so the poster or an HMIS
   admin can restore it; record ``file.removed`` and ``file.copy_posted`` in
   that transaction; tell the poster privately what was found (kinds and
   client IDs, never values) and where the secure by-name-list import is;
3. unreadable (password protected, corrupt, over a limit, unknown type, OCR
   timed out): under ``CASEBOT_UNREADABLE_FILES=remove`` (the default) it is
   deleted, a file no one can check may not sit in the channel; under
   ``warn`` it stays and the poster is told. Either way ``file.unscanned``
   records the reason; an incident is opened when it could not be removed.

A file with PII that cannot be deleted is ``file.delete_failed``, an incident,
and a notice to the poster's supervisors, as for messages. In a public
channel nothing is re-posted or kept. Everything here runs on the worker pool,
never on the thread that acknowledges Slack's event.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.context import Casebot
from bot.files.content import Extracted, Reason
from bot.files.deidentify import DeidentifiedCopy, build_copy, can_copy
from bot.files.limits import FileLimits
from bot.files.read import read_bytes
from bot.files.scan import FileVerdict, scan
from bot.ids import ACTOR
from bot.oversight import escalations, incidents
from bot.oversight.dispatch import dispatch
from bot.oversight.suspicion import Rule
from bot.ports.places import Place
from bot.ports.slack import Notice, SlackPort, SlackResult
from bot.serve_settings import ServeSettings, UnreadableFiles
from redaction import Redactor
from storage import audit, quarantine

log = logging.getLogger("casebot.files")

NOTICE_CLIENTS = 10  # client IDs named in the poster's notice; the rest are counted
AUDIT_CLIENTS = 200  # client IDs listed in one audit row; ``client_count`` has them all
_GONE = frozenset({"file_deleted", "file_not_found"})
_FETCH_REASONS = {"too_large": Reason.TOO_LARGE}
_CODE = re.compile(r"[a-z_]{1,64}")


class FileOutcome(StrEnum):
    CLEAN = "clean"
    REMOVED = "removed"
    DELETE_FAILED = "delete_failed"
    GONE = "gone"
    UNSCANNED_REMOVED = "unscanned_removed"
    UNSCANNED_KEPT = "unscanned_kept"


@dataclass(frozen=True, slots=True)
class SharedFilePost:
    """One file in one message: where it was shared and by whom (IDs only)."""

    file_id: str
    channel: str
    thread_ts: str | None
    poster: str
    public: bool = False

    @property
    def place(self) -> Place:
        return Place(channel=self.channel, thread_ts=self.thread_ts)


class FileRules:
    """Applies the rules above. One instance per process; safe to call from many threads."""

    def __init__(
        self,
        app: Casebot,
        *,
        slack: SlackPort,
        redactor: Callable[[], Redactor],
        limits: FileLimits,
        unreadable: UnreadableFiles = UnreadableFiles.REMOVE,
        keep: timedelta = timedelta(minutes=30),
    ) -> None:
        self._app = app
        self._slack = slack
        self._redactor = redactor
        self._limits = limits
        self._unreadable = unreadable
        self._keep = keep

    def check(self, post: SharedFilePost) -> FileOutcome:
        fetched = self._slack.download_file(file_id=post.file_id, max_bytes=self._limits.max_bytes)
        if fetched.problem is not None:
            reason = _FETCH_REASONS.get(fetched.problem, Reason.DOWNLOAD_FAILED)
            return self._unscanned(post, reason=reason)
        content = read_bytes(fetched.data, limits=self._limits)
        redactor = self._redactor()
        verdict = scan(content, name=fetched.name, redact=redactor.redact)
        if verdict.has_pii:
            return self._remove(post, name=fetched.name, data=fetched.data, content=content, verdict=verdict)
        problem = content.problem or content.cut
        if problem is not None:  # nothing found in what could be read, but not all of it could be
            return self._unscanned(post, reason=problem)
        return FileOutcome.CLEAN

    # --- a file with PII -----------------------------------------------------------------------------

    def _delete(self, post: SharedFilePost) -> SlackResult | None:
        return self._slack.delete_file(file_id=post.file_id) if self._slack.can_delete else None

    def _remove(
        self, post: SharedFilePost, *, name: str, data: bytes, content: Extracted, verdict: FileVerdict
    ) -> FileOutcome:
        deleted = self._delete(post)
        if deleted is not None and deleted.error in _GONE:
            return FileOutcome.GONE
        if deleted is None or not deleted.ok:
            reason = "no_admin_token" if deleted is None else (deleted.error or "unknown")
            self._record_delete_failed(post, verdict, reason=reason)
            self._notify(post, verdict, removed=False, reason=reason)
            return FileOutcome.DELETE_FAILED
        copy, posted = None, None
        if not post.public and can_copy(content) and content.cut is None:
            copy = build_copy(content, verdict, name=name, redact=self._redactor().redact)
            posted = self._slack.upload_file(
                place=post.place,
                filename=copy.filename,
                data=copy.data,
                title=copy.filename,
                comment=f"A de-identified copy of the file <@{post.poster}> shared: names are client IDs, "
                "and DOB, SSN, phone, email and address cells are blank.",
            )
            if not posted.ok:
                log.warning("de-identified copy not posted in %s: %s", post.channel, posted.error)
        restore_id = quarantine.new_id() if self._keep and not post.public else None
        self._record_removed(
            post, verdict, name=name, data=data, restore_id=restore_id, copy=copy, posted=posted
        )
        self._notify(
            post,
            verdict,
            removed=True,
            restore_id=restore_id,
            copy_posted=posted is not None and posted.ok,
        )
        log.info(
            "removed a shared file in %s: kinds=%s clients=%d copy=%s",
            post.channel,
            ",".join(verdict.kinds),
            len(verdict.client_ids),
            "posted" if posted is not None and posted.ok else "none",
        )
        return FileOutcome.REMOVED

    def _detail(self, post: SharedFilePost, verdict: FileVerdict) -> dict[str, object]:
        return {
            "channel": post.channel,
            "poster": post.poster,
            "file": post.file_id,
            "types": list(verdict.kinds),
            "client_ids": list(verdict.client_ids[:AUDIT_CLIENTS]),
            "client_count": len(verdict.client_ids),
            "in_thread": post.thread_ts is not None,
        }

    def _record_removed(
        self,
        post: SharedFilePost,
        verdict: FileVerdict,
        *,
        name: str,
        data: bytes,
        restore_id: str | None,
        copy: DeidentifiedCopy | None,
        posted: SlackResult | None,
    ) -> None:
        copy_id = posted.file_id if posted is not None and posted.ok else None
        with self._app.db.transaction() as session:
            if restore_id is not None:
                quarantine.put_file(
                    session,
                    keyring=self._app.keyring,
                    row_id=restore_id,
                    slack_channel_id=post.channel,
                    thread_ts=post.thread_ts,
                    file_id=post.file_id,
                    copy_file_id=copy_id,
                    poster=post.poster,
                    pii_types=verdict.kinds,
                    name=name,
                    content=data,
                    keep_for=self._keep,
                )
            only = verdict.client_ids[0] if len(verdict.client_ids) == 1 else None
            audit.record(
                session,
                actor=ACTOR,
                action="file.removed",
                client_id=only,
                detail={**self._detail(post, verdict), "quarantined": restore_id is not None},
            )
            if copy is not None and posted is not None:
                detail = {"channel": post.channel, "poster": post.poster, "file": post.file_id}
                if posted.ok:
                    audit.record(
                        session,
                        actor=ACTOR,
                        action="file.copy_posted",
                        detail={**detail, "copy": copy_id, "rows": copy.rows},
                    )
                else:
                    audit.record(
                        session,
                        actor=ACTOR,
                        action="file.copy_failed",
                        detail={**detail, "reason": audit_code(posted.error)},
                    )

    def _record_delete_failed(self, post: SharedFilePost, verdict: FileVerdict, *, reason: str) -> None:
        """The PII is still in Slack: audited, an incident in the register, and the poster's supervisors
        hear of it (an undeletable_message notice), as for a message."""
        code = audit_code(reason)
        with self._app.db.transaction() as session:
            audit.record(
                session,
                actor=ACTOR,
                action="file.delete_failed",
                detail={**self._detail(post, verdict), "reason": code},
            )
            incidents.open_incident(
                session,
                category="undeletable_message",
                reported_by=ACTOR,
                summary_codes=["file.delete_failed", code],
                client_ids=verdict.client_ids[:AUDIT_CLIENTS],
            )
            notice = escalations.open_notice(
                session,
                app=self._app,
                rule=Rule.UNDELETABLE_MESSAGE,
                subject=post.poster,
                client_ids=verdict.client_ids[:AUDIT_CLIENTS],
                detail={
                    "channel": post.channel,
                    "kinds": list(verdict.kinds),
                    "delete_error": code,
                    "file": post.file_id,
                },
            )
        log.warning("could not delete a file holding PII in %s: %s", post.channel, code)
        if notice is not None:
            dispatch(self._app, slack=self._slack)

    # --- a file casebot cannot read ------------------------------------------------------------------

    def _unscanned(self, post: SharedFilePost, *, reason: Reason) -> FileOutcome:
        remove = self._unreadable is UnreadableFiles.REMOVE
        deleted = self._delete(post) if remove else None
        if deleted is not None and deleted.error in _GONE:
            return FileOutcome.GONE
        removed = deleted is not None and deleted.ok
        detail: dict[str, object] = {
            "channel": post.channel,
            "poster": post.poster,
            "file": post.file_id,
            "reason": reason.value,
            "policy": self._unreadable.value,
            "removed": removed,
        }
        delete_error = None
        if remove and not removed:
            delete_error = "no_admin_token" if deleted is None else audit_code(deleted.error)
            detail["delete_error"] = delete_error
        with self._app.db.transaction() as session:
            audit.record(session, actor=ACTOR, action="file.unscanned", detail=detail)
            if delete_error is not None:
                incidents.open_incident(
                    session,
                    category="undeletable_file",
                    reported_by=ACTOR,
                    summary_codes=["file.unscanned", reason.value, delete_error],
                )
        self._slack.notify(
            place=post.place,
            user=post.poster,
            notice=Notice(
                kinds=(),
                client_ids=(),
                removed=removed,
                reason=reason.value if delete_error is None else delete_error,
                subject="file",
                unscanned=True,
                public_channel=post.public,
            ),
        )
        log.info(
            "could not check a shared file in %s: %s (%s)",
            post.channel,
            reason.value,
            "removed" if removed else "kept",
        )
        return FileOutcome.UNSCANNED_REMOVED if removed else FileOutcome.UNSCANNED_KEPT

    def _notify(
        self,
        post: SharedFilePost,
        verdict: FileVerdict,
        *,
        removed: bool,
        reason: str | None = None,
        restore_id: str | None = None,
        copy_posted: bool = False,
    ) -> None:
        self._slack.notify(
            place=post.place,
            user=post.poster,
            notice=Notice(
                kinds=verdict.kinds,
                client_ids=verdict.client_ids[:NOTICE_CLIENTS],
                more_clients=max(0, len(verdict.client_ids) - NOTICE_CLIENTS),
                removed=removed,
                reason=reason,
                restore_id=restore_id,
                restore_minutes=int(self._keep.total_seconds() // 60),
                subject="file",
                public_channel=post.public,
                copy_posted=copy_posted,
            ),
        )


def audit_code(error: str | None) -> str:
    """Slack's error codes go into audit rows; anything that is not a plain code is ``unknown``."""
    return error if error and _CODE.fullmatch(error) else "unknown"


def limits_of(serve: ServeSettings) -> FileLimits:
    return FileLimits(
        max_bytes=serve.max_file_bytes,
        max_uncompressed_bytes=serve.file_max_uncompressed_bytes,
        max_members=serve.file_max_members,
        max_depth=serve.file_max_depth,
        max_cells=serve.file_max_cells,
        max_pages=serve.file_max_pages,
        max_ocr_pages=serve.file_max_ocr_pages,
        ocr_seconds=serve.ocr_seconds,
    )
