"""The rules for a message in a case-conference channel: what casebot does when it holds PII.

In order, for a message (new, edited or in a thread) that the redactor finds
PII in:

1. delete the original with the workspace admin's token; if there is no such
   token or Slack refuses, tell the poster privately to delete it themselves
   and record ``message.delete_failed`` (nothing else: the original is still
   in Slack, so casebot keeps no copy);
2. re-post the redacted text in the same place, attributed to the poster;
3. keep the original encrypted in the quarantine for a short while, so a
   false positive can be restored, and record ``message.redacted`` (kinds and
   client IDs, never text) in the same transaction;
4. tell the poster privately which kinds of PII were replaced and why.

Deleting comes first because it is what protects the client; if a later step
fails the PII is still gone. In a registered channel that Slack says is public,
casebot still deletes PII but re-posts nothing: a client ID in a public
channel says who receives homeless services.

Meeting links take the same path (``bot.meetings.rules`` says which may stay):
a message with a link that may not stay is deleted and re-posted with the
link cut out, or, under a channel's ``warn`` policy, left alone with a private
warning. The re-post and the quarantined original never hold the cut link, so
restoring a PII false positive cannot bring it back. In channels that are not
registered, casebot looks only for meeting links (none may stay there) and
never re-posts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.channels.conversation import ConversationMemory
from bot.channels.progress import Progress
from bot.channels.roster_cache import RosterCache
from bot.channels.seen import mark_seen
from bot.context import Casebot
from bot.files.flow import FileOutcome, FileRules, SharedFilePost
from bot.ids import ACTOR, SLACK_ID, SLACK_TS
from bot.meetings.links import find_meeting_links
from bot.meetings.rules import LinkReview, MeetingLinkRules, Where, policy_of
from bot.meetings.settings import MeetingPolicy
from bot.oversight import escalations, incidents
from bot.oversight.dispatch import dispatch
from bot.oversight.suspicion import Rule
from bot.ports.places import Place
from bot.ports.slack import MeetingNotice, Notice, SlackPort, SlackResult
from bot.registry.channels import ChannelDirectory
from redaction import PiiType, Redaction
from storage import audit, quarantine
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.guard")

DEDUP_TTL_SECONDS = 24 * 3600
_REASON = re.compile(r"[a-z_]{1,64}")


def _reason_code(reason: str) -> str:
    """Slack's error codes and casebot's own reasons go into audit rows and incidents; anything else is
    not a code and is recorded as ``unknown``."""
    return reason if _REASON.fullmatch(reason) else "unknown"


# Message subtypes written by a person, whose text casebot must read.
PERSON_SUBTYPES = frozenset({None, "", "thread_broadcast", "file_share", "me_message", "message_changed"})


class Outcome(StrEnum):
    IGNORED = "ignored"
    DUPLICATE = "duplicate"
    CLEAN = "clean"
    REDACTED = "redacted"
    DELETE_FAILED = "delete_failed"
    GONE = "gone"
    LINK_REMOVED = "link_removed"
    LINK_WARNED = "link_warned"
    UNSCANNED = "unscanned"  # a shared file casebot could not read (bot.files.flow)


@dataclass(frozen=True, slots=True)
class SharedFile:
    id: str


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """A person's message as the rules see it, parsed from any of Slack's message shapes."""

    channel: str
    user: str | None
    ts: str
    text: str
    thread_ts: str | None = None
    subtype: str | None = None
    edited: bool = False
    broadcast: bool = False
    from_bot: bool = False
    files: tuple[SharedFile, ...] = field(default_factory=tuple)
    previous_text: str | None = None
    version: str = ""  # the edit (``edited.ts``) this text is; "" as first posted (bot.channels.seen)
    late: bool = False  # found by the catch-up sweep (bot.events.sweep), not as it was posted

    @property
    def place(self) -> Place:
        return Place(channel=self.channel, thread_ts=self.thread_ts)

    def __repr__(self) -> str:  # the text never reaches a log line or traceback
        return f"IncomingMessage(channel={self.channel}, ts={self.ts}, subtype={self.subtype}, <text hidden>)"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the redactor found: kinds and client IDs (safe to log and audit) and the redacted text."""

    redaction: Redaction
    kinds: tuple[str, ...]
    client_ids: tuple[str, ...]

    @property
    def has_pii(self) -> bool:
        return bool(self.redaction.findings)

    def __repr__(self) -> str:
        return f"Verdict(kinds={self.kinds}, client_ids={self.client_ids})"


def verdict_of(redaction: Redaction) -> Verdict:
    found = {f.type for f in redaction.findings}
    kinds = tuple(str(t) for t in PiiType if t in found)
    ids = tuple(sorted({f.client_id for f in redaction.findings if f.client_id}))
    return Verdict(redaction=redaction, kinds=kinds, client_ids=ids)


def held_spans(redaction: Redaction) -> tuple[quarantine.HeldSpan, ...]:
    """What the quarantine keeps of the findings, so a restore can put back some and re-render the rest."""
    return tuple(quarantine.HeldSpan(f.start, f.end, str(f.type), f.client_id) for f in redaction.findings)


def is_from_a_person(message: IncomingMessage) -> bool:
    """Bots (casebot included) are never moderated: re-posts must not loop."""
    return (
        not message.from_bot
        and message.user is not None
        and bool(SLACK_ID.match(message.user))
        and message.subtype in PERSON_SUBTYPES
        and bool(SLACK_ID.match(message.channel))
        and bool(SLACK_TS.match(message.ts))
    )


class ChannelGuard:
    """Applies the rules above. One instance per process; safe to call from many threads."""

    def __init__(
        self,
        app: Casebot,
        *,
        slack: SlackPort,
        roster: RosterCache,
        channels: ChannelDirectory,
        quarantine_minutes: int,
        files: FileRules,
        meetings: MeetingLinkRules | None = None,
        meetings_elsewhere: MeetingPolicy = MeetingPolicy.STRICT,
        conversation: ConversationMemory | None = None,
        sweep_days: float = 3,
    ) -> None:
        self._app = app
        self._seen_seconds = int((sweep_days + 1) * 86400)
        self._slack = slack
        self._roster = roster
        self._channels = channels
        self._keep = timedelta(minutes=quarantine_minutes)
        self._files = files
        self._meetings = meetings
        self._elsewhere = meetings_elsewhere
        self._conversation = conversation

    # --- entry point ------------------------------------------------------------------------------

    def handle(
        self, *, event_id: str | None, message: IncomingMessage, first_delivery: bool = False
    ) -> list[Outcome]:
        """Everything casebot does about one message event; returns what happened, for tests and logs.
        ``first_delivery``: the stream hands this event out for the first time (``Progress``)."""
        if not is_from_a_person(message):
            return [Outcome.IGNORED]
        registered = self._channels.is_registered(message.channel)
        if not registered and not self._watches_links_in(message):
            return [Outcome.IGNORED]
        if message.edited and message.previous_text == message.text:
            return [Outcome.IGNORED]  # Slack re-sends a message when a reply or unfurl changes it
        progress = Progress.of(
            self._app.kv,
            event_id=event_id,
            channel=message.channel,
            ts=message.ts,
            edited=message.edited,
            first=first_delivery,
        )
        if progress.get("done"):
            return [Outcome.DUPLICATE]  # finished before; delivered again (Slack retried, or a replica died)
        if not registered:
            outcomes = [self._check_links_elsewhere(message)]
        else:
            outcomes = self._check_registered(message, progress)
            mark_seen(
                self._app.kv,
                channel=message.channel,
                ts=message.ts,
                version=message.version,
                ttl_seconds=self._seen_seconds,
            )
        if any(outcome is not Outcome.CLEAN for outcome in outcomes):
            progress.mark("done")  # a clean message changed nothing: reading it again repeats nothing
        return outcomes

    def _check_registered(self, message: IncomingMessage, progress: Progress) -> list[Outcome]:
        private = self._channels.is_private(
            message.channel, ask=lambda c: self._slack.channel_is_private(channel=c)
        )
        public = private is False  # unknown: trust the registration, which checked it
        if public:
            self._refuse_public(message.channel)
        outcomes = []
        for file in message.files:
            if progress.get(f"file:{file.id}"):
                outcomes.append(Outcome.DUPLICATE)
                continue
            outcomes.append(self._check_file(message, file, public=public))
            progress.mark(f"file:{file.id}")
        outcomes.append(self._check_text(message, progress, public=public))
        return outcomes

    def _refuse_public(self, channel: str) -> None:
        """Say once (per day, per channel) that a public channel is not a case-conference channel."""
        try:
            first = self._app.kv.claim_once(f"public-refused:{channel}", ttl_seconds=DEDUP_TTL_SECONDS)
        except StoreUnavailable:
            first = False
        if not first:
            return
        audit.append(self._app.db, actor=ACTOR, action="channel.public_refused", detail={"channel": channel})
        self._slack.announce(
            place=Place(channel=channel),
            text="This channel is public, so casebot will not treat it as a case-conference channel. "
            "Do not discuss clients here; an HMIS admin can register a private channel instead.",
        )
        log.warning("registered channel %s is public; refusing to act as case-conference", channel)

    # --- messages ---------------------------------------------------------------------------------

    def _check_text(self, message: IncomingMessage, progress: Progress, *, public: bool) -> Outcome:
        if not message.text.strip():
            return Outcome.CLEAN
        links = self._review_links(message, public=public)
        text = links.text if links is not None else message.text  # offending meeting links cut out
        verdict = self._redact(text, links, talked_of=self._talked_of(message))
        if not verdict.has_pii and (links is None or not links.offences):
            return Outcome.CLEAN
        if not verdict.has_pii and links is not None and not links.remove:
            return self._warn_links(message, links, reason="warn_policy")
        assert message.user is not None
        place = message.place
        if progress.get("deleted"):  # by this step on an earlier delivery, which died before its ack
            deleted: SlackResult | None = SlackResult(ok=True)
        elif self._slack.can_delete:
            tried_before = progress.get("deleting") is not None
            progress.mark("deleting")
            deleted = self._slack.delete_message(place=place, ts=message.ts)
            if tried_before and deleted.error == "message_not_found":
                # An earlier delivery's delete reached Slack and its replica died before it heard back:
                # the message is gone because casebot deleted it, and its re-post is still owed.
                deleted = SlackResult(ok=True)
        else:
            deleted = None
        if deleted is not None and deleted.error == "message_not_found":
            return Outcome.GONE  # deleted already, by the poster
        if deleted is not None and deleted.ok:
            progress.mark("deleted")
        if deleted is None or not deleted.ok:
            reason = "no_admin_token" if deleted is None else (deleted.error or "unknown")
            if not verdict.has_pii:
                assert links is not None
                return self._warn_links(message, links, reason=reason)
            self._record_delete_failed(message, verdict, reason=reason, subject="message", links=links)
            self._remember(message, verdict, repost_ts=None)
            self._slack.notify(
                place=place,
                user=message.user,
                notice=Notice(
                    kinds=verdict.kinds,
                    client_ids=verdict.client_ids,
                    removed=False,
                    reason=reason,
                    meeting=self._meeting_notice(links),
                    late=message.late,
                ),
            )
            return Outcome.DELETE_FAILED

        restore_id, repost_ts = self._repost(message, verdict, progress, public=public)
        if not progress.get("recorded"):
            self._record_redacted(
                message,
                verdict,
                restore_id=restore_id,
                repost_ts=repost_ts,
                original=text,
                links=links,
                first=progress.first,
            )
            progress.mark("recorded")
        self._remember(message, verdict, repost_ts=repost_ts)
        if progress.get("notified"):
            return Outcome.REDACTED if verdict.has_pii else Outcome.LINK_REMOVED
        progress.mark("notified")  # before: a second private notice is worse than none after a crash
        self._slack.notify(
            place=place,
            user=message.user,
            notice=Notice(
                kinds=verdict.kinds,
                client_ids=verdict.client_ids,
                removed=True,
                restore_id=restore_id,
                restore_minutes=int(self._keep.total_seconds() // 60),
                public_channel=public,
                meeting=self._meeting_notice(links),
                late=message.late,
            ),
        )
        log.info(
            "redacted a message in %s: kinds=%s clients=%d meeting_links=%d",
            message.channel,
            ",".join(verdict.kinds),
            len(verdict.client_ids),
            len(links.offences) if links is not None else 0,
        )
        return Outcome.REDACTED if verdict.has_pii else Outcome.LINK_REMOVED

    def _repost(
        self, message: IncomingMessage, verdict: Verdict, progress: Progress, *, public: bool
    ) -> tuple[str | None, str | None]:
        """Re-post the redacted text (not in a public channel): its restore id and ts. Once per message:
        a redelivery reuses what the first delivery posted."""
        if progress.get("reposted") is not None:
            return progress.get("restore_id") or None, progress.get("reposted") or None
        # A restore puts back parts of the original, so only a PII false positive is restorable, and
        # only with the meeting links already cut out of it.
        restore_id = quarantine.new_id() if self._keep and not public and verdict.has_pii else None
        repost_ts = None
        if not public:
            assert message.user is not None
            posted = self._slack.repost(
                place=message.place,
                poster=message.user,
                text=verdict.redaction.text,
                restore_id=restore_id,
                broadcast=message.broadcast,
            )
            repost_ts = posted.ts if posted.ok else None
            if not posted.ok:
                log.warning("re-post failed in %s: %s", message.channel, posted.error)
                restore_id = None  # nothing to restore into
        progress.mark("reposted", repost_ts or "", restore_id=restore_id or "")
        return restore_id, repost_ts

    def _record_redacted(
        self,
        message: IncomingMessage,
        verdict: Verdict,
        *,
        restore_id: str | None,
        repost_ts: str | None,
        original: str,
        links: LinkReview | None,
        first: bool,
    ) -> None:
        """``first``: no earlier delivery of this event can have committed these rows."""
        assert message.user is not None
        with self._app.db.transaction() as session:
            if restore_id is not None and not first and quarantine.exists(session, row_id=restore_id):
                return  # committed by a delivery that died before it could mark it recorded
            if links is not None and links.offences:
                self._audit_links(session, message, links, action="meeting_link.removed")
            if not verdict.has_pii:
                return
            if restore_id is not None:
                quarantine.put(
                    session,
                    keyring=self._app.keyring,
                    row_id=restore_id,
                    slack_channel_id=message.channel,
                    message_ts=message.ts,
                    thread_ts=message.thread_ts,
                    repost_ts=repost_ts,
                    poster=message.user,
                    pii_types=verdict.kinds,
                    text=original,
                    spans=held_spans(verdict.redaction),
                    keep_for=self._keep,
                )
            audit.record(
                session,
                actor=ACTOR,
                action="message.redacted",
                client_id=verdict.client_ids[0] if len(verdict.client_ids) == 1 else None,
                detail={
                    "channel": message.channel,
                    "poster": message.user,
                    "types": list(verdict.kinds),
                    "client_ids": list(verdict.client_ids),
                    "edited": message.edited,
                    "in_thread": message.thread_ts is not None,
                    "quarantined": restore_id is not None,
                },
            )

    def _record_delete_failed(
        self,
        message: IncomingMessage,
        verdict: Verdict,
        *,
        reason: str,
        subject: str,
        file_id: str | None = None,
        links: LinkReview | None = None,
    ) -> None:
        detail: dict[str, object] = {
            "channel": message.channel,
            "poster": message.user,
            "types": list(verdict.kinds),
            "client_ids": list(verdict.client_ids),
            "reason": _reason_code(reason),
        }
        if file_id is not None:
            detail["file"] = file_id

        with self._app.db.transaction() as session:
            audit.record(session, actor=ACTOR, action=f"{subject}.delete_failed", detail=detail)
            if links is not None and links.offences:
                self._audit_links(session, message, links, action="meeting_link.warned", reason=reason)
            # The PII is still in Slack: that is documented in the incident register, and the poster's
            # supervisors hear of it (an undeletable_message notice).
            notice = None
            if verdict.has_pii and message.user is not None:
                incidents.open_incident(
                    session,
                    category="undeletable_message",
                    reported_by=ACTOR,
                    summary_codes=[f"{subject}.delete_failed", str(detail["reason"])],
                    client_ids=verdict.client_ids,
                )
                notice = escalations.open_notice(
                    session,
                    app=self._app,
                    rule=Rule.UNDELETABLE_MESSAGE,
                    subject=message.user,
                    client_ids=verdict.client_ids,
                    detail={
                        "channel": message.channel,
                        "kinds": list(verdict.kinds),
                        "delete_error": detail["reason"],
                        **({"file": file_id} if file_id is not None else {}),
                    },
                )
        log.warning("could not delete a %s holding PII in %s: %s", subject, message.channel, detail["reason"])
        if notice is not None:
            dispatch(self._app, slack=self._slack)

    # --- meeting links ----------------------------------------------------------------------------

    def _watches_links_in(self, message: IncomingMessage) -> bool:
        """Outside registered channels casebot looks only for meeting links (a cheap, pure scan first)."""
        return (
            self._meetings is not None
            and message.channel[:1] in ("C", "G")
            and bool(find_meeting_links(message.text))
        )

    def _review_links(self, message: IncomingMessage, *, public: bool) -> LinkReview | None:
        if self._meetings is None:
            return None
        return self._meetings.review(
            message.text,
            where=Where.PUBLIC if public else Where.CASE_CONFERENCE,
            policy=policy_of(self._channels.meeting_policy(message.channel)),
        )

    def _talked_of(self, message: IncomingMessage) -> frozenset[str]:
        if self._conversation is None:
            return frozenset()
        return self._conversation.clients_around(place=message.place, ts=message.ts)

    def _remember(self, message: IncomingMessage, verdict: Verdict, *, repost_ts: str | None) -> None:
        if self._conversation is not None:
            self._conversation.remember(
                place=message.place, ts=message.ts, repost_ts=repost_ts, client_ids=verdict.client_ids
            )

    def _redact(self, text: str, links: LinkReview | None, *, talked_of: frozenset[str]) -> Verdict:
        """Redact with the meeting links that stay hidden from the redactor (a meeting number is not a
        phone number), then put them back unchanged. If the redactor touched a token, redact plainly.
        ``talked_of``: the clients of this message's conversation (``bot.channels.conversation``)."""
        redactor = self._roster.redactor()
        if links is not None and links.kept:
            masked = verdict_of(redactor.redact(links.masked, conversation_clients=talked_of))
            unmasked = links.unmask(masked.redaction.text)
            if unmasked is not None:  # no finding touched a token: the offsets move to ``text``'s
                findings = tuple(
                    replace(f, start=links.text_offset(f.start), end=links.text_offset(f.end))
                    for f in masked.redaction.findings
                )
                return Verdict(
                    redaction=Redaction(text=unmasked, findings=findings),
                    kinds=masked.kinds,
                    client_ids=masked.client_ids,
                )
        return verdict_of(redactor.redact(text, conversation_clients=talked_of))

    def _meeting_notice(self, links: LinkReview | None) -> MeetingNotice | None:
        if links is None or not links.offences:
            return None
        return MeetingNotice(
            reasons=links.reasons,
            providers=links.providers,
            where=links.where.value,
            offer_meeting=links.where is Where.CASE_CONFERENCE
            and self._meetings is not None
            and self._meetings.can_create,
        )

    def _check_links_elsewhere(self, message: IncomingMessage) -> Outcome:
        """A channel that is not a case-conference channel: no meeting link may stay; nothing is re-posted."""
        assert self._meetings is not None and message.user is not None
        links = self._meetings.review(message.text, where=Where.ELSEWHERE, policy=self._elsewhere)
        if not links.offences:
            return Outcome.CLEAN
        if not links.remove:
            return self._warn_links(message, links, reason="warn_policy")
        can = self._slack.can_delete
        deleted = self._slack.delete_message(place=message.place, ts=message.ts) if can else None
        if deleted is not None and deleted.error == "message_not_found":
            return Outcome.GONE
        if deleted is None or not deleted.ok:
            return self._warn_links(
                message, links, reason="no_admin_token" if deleted is None else (deleted.error or "unknown")
            )
        with self._app.db.transaction() as session:
            self._audit_links(session, message, links, action="meeting_link.removed")
        self._slack.notify(
            place=message.place,
            user=message.user,
            notice=Notice(kinds=(), client_ids=(), removed=True, meeting=self._meeting_notice(links)),
        )
        log.info("removed %d meeting link(s) from %s", len(links.offences), message.channel)
        return Outcome.LINK_REMOVED

    def _warn_links(self, message: IncomingMessage, links: LinkReview, *, reason: str) -> Outcome:
        """The link stays: the poster is told and it is audited. When it stays because casebot could not
        delete it (rather than by the channel's warn policy), an incident is recorded in the register."""
        assert message.user is not None
        with self._app.db.transaction() as session:
            self._audit_links(session, message, links, action="meeting_link.warned", reason=reason)
            if reason != "warn_policy":
                incidents.open_incident(
                    session,
                    category="meeting_link",
                    reported_by=ACTOR,
                    summary_codes=[
                        "meeting_link.warned",
                        _reason_code(reason),
                        *links.reasons,
                    ],
                )
        self._slack.notify(
            place=message.place,
            user=message.user,
            notice=Notice(
                kinds=(), client_ids=(), removed=False, reason=reason, meeting=self._meeting_notice(links)
            ),
        )
        log.warning("meeting link(s) left in %s: %s", message.channel, ",".join(links.reasons))
        return Outcome.LINK_WARNED

    def _audit_links(
        self,
        session: Session,
        message: IncomingMessage,
        links: LinkReview,
        *,
        action: str,
        reason: str | None = None,
    ) -> None:
        detail: dict[str, object] = {
            "channel": message.channel,
            "poster": message.user,
            "where": links.where.value,
            "policy": links.policy.value,
            "edited": message.edited,
            **links.details(),
        }
        if reason is not None:
            detail["reason"] = _reason_code(reason)
        audit.record(session, actor=ACTOR, action=action, detail=detail)

    # --- files ------------------------------------------------------------------------------------

    def _check_file(self, message: IncomingMessage, file: SharedFile, *, public: bool) -> Outcome:
        """Shared files are read, scanned, removed, copied and quarantined by ``bot.files.flow``."""
        assert message.user is not None
        if not SLACK_ID.match(file.id):
            return Outcome.IGNORED
        post = SharedFilePost(
            file_id=file.id,
            channel=message.channel,
            thread_ts=message.thread_ts,
            poster=message.user,
            public=public,
        )
        return _FILE_OUTCOMES[self._files.check(post)]


_FILE_OUTCOMES = {
    FileOutcome.CLEAN: Outcome.CLEAN,
    FileOutcome.REMOVED: Outcome.REDACTED,
    FileOutcome.DELETE_FAILED: Outcome.DELETE_FAILED,
    FileOutcome.GONE: Outcome.GONE,
    FileOutcome.UNSCANNED_REMOVED: Outcome.UNSCANNED,
    FileOutcome.UNSCANNED_KEPT: Outcome.UNSCANNED,
}
