"""Undoing a false positive: putting back the parts of a removed message its poster marks as not client data.

The *Restore* button opens a choice of the spans the re-post hides (``choices``); the chosen ones
go back into the re-post and the rest stay hidden (``restore_spans``). Who may put back what:

- the poster, a name: only they know it was not a client ("Hope", a colleague, a street);
- the poster, any other kind, unless the message named a rostered client or the span itself was
  matched to one (that client's SSN or phone number);
- an HMIS admin, any span. Only the poster is shown the hidden words (they wrote them); an admin
  sees kinds and client IDs.

The check runs again on submit: a modal is the poster's to edit. Each restore is audited, one row a
kind, before the text goes back to Slack (fail closed: no audit row, no restore), and the poster's
supervisors get a ``restored_message`` notice once Slack has it. The quarantine row keeps every span
and marks the restored ones shown, so "the message named a client" never changes by restoring
the name first; it is removed once nothing is hidden any more.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.files.restore import holds_file, is_hmis_admin, restore_file
from bot.ids import ACTOR, SLACK_ID
from bot.oversight import escalations
from bot.oversight.dispatch import dispatch
from bot.oversight.suspicion import Rule
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from redaction import PiiType
from redaction.engine import PLACEHOLDER
from storage import audit, quarantine

log = logging.getLogger("casebot.restore")

_KINDS = frozenset(t.value for t in PiiType)


class RestoreResult(StrEnum):
    RESTORED = "restored"
    EXPIRED = "expired"
    NOT_ALLOWED = "not_allowed"
    SLACK_FAILED = "slack_failed"
    NOTHING_CHOSEN = "nothing_chosen"


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    result: RestoreResult
    place: Place | None = None
    still_hidden: int = 0


@dataclass(frozen=True, slots=True, repr=False)
class Choice:
    """One hidden span as the requester may see it. ``words`` only for the poster, who wrote them."""

    index: int
    kind: str
    client_id: str | None
    words: str | None
    allowed: bool

    def __repr__(self) -> str:
        return f"Choice(index={self.index}, kind={self.kind}, allowed={self.allowed}, <words hidden>)"


@dataclass(frozen=True, slots=True, repr=False)
class Choices:
    restore_id: str
    by_admin: bool
    items: tuple[Choice, ...]
    preview: str  # the re-post with each hidden span numbered: what an admin decides on

    def __repr__(self) -> str:
        return f"Choices(restore_id={self.restore_id}, items={self.items!r}, <preview hidden>)"


def poster_may_restore(span: quarantine.HeldSpan, *, names_a_client: bool) -> bool:
    """A name, always; anything else only when neither it nor its message points at a rostered client.
    An unknown kind is an admin's call (fail closed)."""
    if span.kind == PiiType.NAME:
        return True
    return span.kind in _KINDS and span.client_id is None and not names_a_client


def rendered(text: str, spans: tuple[quarantine.HeldSpan, ...], *, numbered: bool = False) -> str:
    """``text`` with every span not shown replaced as the redactor replaced it (``Client 4521`` or the
    neutral mark); ``numbered`` adds each span's number for the choice (``[2: SSN]``)."""
    parts: list[str] = []
    pos = 0
    for number, span in enumerate(spans, start=1):
        if span.shown:
            continue
        parts.append(text[pos : span.start])
        mark = f"Client {span.client_id}" if span.kind == PiiType.NAME and span.client_id else PLACEHOLDER
        parts.append(f"[{number}: {span.kind} {mark}]" if numbered else mark)
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def _valid(restore_id: str, requester: str) -> bool:
    return bool(SLACK_ID.match(requester)) and restore_id.isalnum() and len(restore_id) <= 32


def choices(app: Casebot, *, restore_id: str, requester: str) -> Choices | RestoreOutcome:
    """What ``requester`` may put back of a removed message, or why nothing (expired, not theirs)."""
    if not _valid(restore_id, requester):
        return RestoreOutcome(RestoreResult.NOT_ALLOWED)
    with app.db.transaction() as session:
        held = quarantine.get(session, keyring=app.keyring, row_id=restore_id)
        if held is None or held.repost_ts is None or not held.spans:
            return RestoreOutcome(RestoreResult.EXPIRED)
        place = Place(channel=held.slack_channel_id, thread_ts=held.thread_ts)
        is_poster = requester == held.poster
        if not is_poster and not is_hmis_admin(session, requester):
            _refused(session, held, requester=requester, kinds=())
            return RestoreOutcome(RestoreResult.NOT_ALLOWED, place)
    names_a_client = any(s.client_id for s in held.spans)
    items = tuple(
        Choice(
            index=i,
            kind=s.kind,
            client_id=s.client_id,
            words=held.text[s.start : s.end] if is_poster else None,
            allowed=not is_poster or poster_may_restore(s, names_a_client=names_a_client),
        )
        for i, s in enumerate(held.spans)
        if not s.shown
    )
    preview = rendered(held.text, held.spans, numbered=True) if not is_poster else ""
    return Choices(restore_id=restore_id, by_admin=not is_poster, items=items, preview=preview)


def _refused(
    session: Session, held: quarantine.Quarantined, *, requester: str, kinds: tuple[str, ...]
) -> None:
    detail: dict[str, object] = {"channel": held.slack_channel_id, "poster": held.poster}
    if kinds:
        detail["types"] = list(kinds)
    audit.record(session, actor=f"slack:{requester}", action="message.restore_refused", detail=detail)


def restore_spans(
    app: Casebot, *, slack: SlackPort, restore_id: str, requester: str, chosen: Collection[int]
) -> RestoreOutcome:
    """Put the ``chosen`` spans (indices into the row's spans) back into the re-post, if ``requester``
    may put back every one of them; nothing at all otherwise."""
    if not _valid(restore_id, requester):
        return RestoreOutcome(RestoreResult.NOT_ALLOWED)
    with app.db.transaction() as session:
        held = quarantine.get(session, keyring=app.keyring, row_id=restore_id)
        if held is None or held.repost_ts is None or not held.spans:
            return RestoreOutcome(RestoreResult.EXPIRED)
        place = Place(channel=held.slack_channel_id, thread_ts=held.thread_ts)
        picked = sorted(set(chosen))
        if not picked:
            return RestoreOutcome(RestoreResult.NOTHING_CHOSEN, place)
        if any(i < 0 or i >= len(held.spans) or held.spans[i].shown for i in picked):
            return RestoreOutcome(RestoreResult.EXPIRED, place)  # restored meanwhile, from another modal
        by_admin = requester != held.poster
        names_a_client = any(s.client_id for s in held.spans)
        kinds = tuple(sorted({held.spans[i].kind for i in picked}))
        if by_admin and not is_hmis_admin(session, requester):
            _refused(session, held, requester=requester, kinds=kinds)
            return RestoreOutcome(RestoreResult.NOT_ALLOWED, place)
        if not by_admin and not all(
            poster_may_restore(held.spans[i], names_a_client=names_a_client) for i in picked
        ):
            _refused(session, held, requester=requester, kinds=kinds)
            return RestoreOutcome(RestoreResult.NOT_ALLOWED, place)
        counts = Counter(held.spans[i].kind for i in picked)
        for kind in kinds:
            ids = sorted({s.client_id for i in picked if (s := held.spans[i]).kind == kind and s.client_id})
            audit.record(
                session,
                actor=f"slack:{requester}",
                action="message.restored",
                client_id=ids[0] if len(ids) == 1 else None,
                detail={
                    "channel": held.slack_channel_id,
                    "poster": held.poster,
                    "type": kind,
                    "count": counts[kind],
                    "client_ids": ids,
                    "by_admin": by_admin,
                },
            )
    spans = tuple(replace(s, shown=True) if i in picked else s for i, s in enumerate(held.spans))
    still_hidden = sum(not s.shown for s in spans)
    result = slack.replace_repost(
        place=place,
        ts=held.repost_ts,
        poster=held.poster,
        text=rendered(held.text, spans),
        restore_id=restore_id if still_hidden else None,
    )
    if not result.ok:
        log.warning("restore into %s failed: %s", held.slack_channel_id, result.error)
        return RestoreOutcome(RestoreResult.SLACK_FAILED, place)
    with app.db.transaction() as session:
        if still_hidden:
            quarantine.keep_hidden(session, keyring=app.keyring, row_id=restore_id, spans=spans)
        else:
            quarantine.remove(session, row_id=restore_id)
        notice = escalations.open_notice(
            session,
            app=app,
            rule=Rule.RESTORED_MESSAGE,
            subject=held.poster,
            client_ids=sorted({s.client_id for i in picked if (s := held.spans[i]).client_id}),
            detail={
                "channel": held.slack_channel_id,
                "restored": list(kinds),
                "by_admin": by_admin,
                "still_hidden": still_hidden,
            },
        )
    if notice is not None:
        dispatch(app, slack=slack)
    log.info("restored %d span(s) of a quarantined message in %s", len(picked), held.slack_channel_id)
    return RestoreOutcome(RestoreResult.RESTORED, place, still_hidden)


def restore_file_or_none(
    app: Casebot, *, slack: SlackPort, restore_id: str, requester: str
) -> RestoreOutcome | None:
    """The same button restores a removed file, whole (``bot.files.restore``); None when the id is a
    message's."""
    if not _valid(restore_id, requester) or not holds_file(app, restore_id=restore_id):
        return None
    done = restore_file(app, slack=slack, restore_id=restore_id, requester=requester)
    return RestoreOutcome(RestoreResult(done.result), done.place)


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
