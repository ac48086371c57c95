"""By-name lists: the list fields beyond Client.csv, posted de-identified, exported encrypted.

Design: Client.csv (``casebot clients import``) stays the one source of
identities; a list is a second, small CSV keyed by PersonalID with only the
list fields (priority, score, status, assigned agency, last contact). Nothing
in it is PII, so it can be stored in the clear, posted to a channel beside the
client ID, and re-imported freely. An import replaces the list's rows and
raises its revision when anything changed; the bot's upkeep loop then updates
every posted copy in place (chat.update).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ports.listing import Listing, ListRow
from bot.ports.slack import SlackPort
from bot.sharing.disclosure import DEFAULT_FIELDS, release_for_export
from storage import audit
from storage.client_identity import merged_into
from storage.export_crypto import new_passphrase, seal
from storage.kv import StoreUnavailable
from storage.models import Agency, BnlEntry, BnlList, BnlPost, Channel, Client, Role, User

log = logging.getLogger("casebot.bnl")

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
STATUSES = ("active", "document_ready", "referred", "matched", "housed", "inactive", "unknown")
COLUMNS = ("PersonalID", "Priority", "Score", "Status", "AssignedAgency", "LastContact")
MAX_ROWS_SHOWN = 40  # Slack allows 50 blocks per message; the rest are reachable with /bnl lookup
POSTERS = frozenset({Role.COORDINATOR, Role.SUPERVISOR, Role.HMIS_ADMIN})


class BnlError(ValueError):
    """A problem the operator can fix; the message names line and column, never a value."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    rows: int
    changed: bool
    revision: int


# --- import ---------------------------------------------------------------------------------------------


def _int(value: str, *, line: int, column: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise BnlError(f"line {line}, column {column}: expected a whole number") from None


def _status(value: str, *, line: int) -> str:
    norm = re.sub(r"[\s-]+", "_", value.strip().lower()) or "unknown"
    if norm not in STATUSES:
        raise BnlError(f"line {line}, column Status: expected one of {', '.join(STATUSES)}")
    return norm


def _date(value: str, *, line: int) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise BnlError(f"line {line}, column LastContact: expected a date like 2026-01-31") from None


def parse_list_csv(text: str) -> list[tuple[str, int | None, int | None, str, str | None, date | None]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("PersonalID", "Status") if c not in (reader.fieldnames or [])]
    if missing:
        raise BnlError(f"the list needs the columns {', '.join(COLUMNS)} (missing: {', '.join(missing)})")
    rows = []
    seen: set[str] = set()
    for n, raw in enumerate(reader, start=2):
        client_id = (raw.get("PersonalID") or "").strip()
        if not audit.safe_identifier(client_id):
            raise BnlError(f"line {n}, column PersonalID: not a client ID")
        if client_id in seen:
            raise BnlError(f"line {n}, column PersonalID: client {client_id} is listed twice")
        seen.add(client_id)
        agency = (raw.get("AssignedAgency") or "").strip() or None
        rows.append(
            (
                client_id,
                _int(raw.get("Priority") or "", line=n, column="Priority"),
                _int(raw.get("Score") or "", line=n, column="Score"),
                _status(raw.get("Status") or "", line=n),
                agency,
                _date(raw.get("LastContact") or "", line=n),
            )
        )
    return rows


def import_list(app: Casebot, *, name: str, path: Path, actor: str) -> ImportSummary:
    """Replace the list's rows with the file's, all or nothing; every client must already be imported."""
    if not NAME.match(name):
        raise BnlError("list names are lower-case letters, digits, '-' and '_' (e.g. 'east-metro')")
    parsed = parse_list_csv(path.read_text(encoding="utf-8"))
    with app.db.transaction() as session:
        agencies = {a.slug: a.id for a in session.scalars(select(Agency))}
        known = set(
            session.scalars(
                select(Client.client_id).where(
                    Client.client_id.in_([r[0] for r in parsed]), Client.deleted_at.is_(None)
                )
            )
        )
        new: list[BnlEntry] = []
        for pos, (client_id, priority, score, status, agency, last) in enumerate(parsed):
            if client_id not in known:
                survivor = merged_into(session, client_id)
                if survivor is not None:
                    raise BnlError(f"row {pos + 2}: client {client_id} was merged into client {survivor}")
                raise BnlError(
                    f"row {pos + 2}: client {client_id} is not on the roster; import Client.csv first"
                )
            if agency is not None and agency not in agencies:
                raise BnlError(f"row {pos + 2}, column AssignedAgency: no agency {agency!r}")
            new.append(
                BnlEntry(
                    client_id=client_id,
                    position=pos,
                    priority=priority,
                    score=score,
                    status=status,
                    assigned_agency_id=agencies[agency] if agency else None,
                    last_contact=last,
                )
            )
        lst = session.scalar(select(BnlList).where(BnlList.name == name))
        created = lst is None
        if lst is None:
            lst = BnlList(name=name, revision=1)
            session.add(lst)
            session.flush()
        old = [_key(e) for e in session.scalars(select(BnlEntry).where(BnlEntry.list_id == lst.id))]
        changed = created or old != [_key(e) for e in new]
        if changed:
            session.execute(delete(BnlEntry).where(BnlEntry.list_id == lst.id))
            for entry in new:
                entry.list_id = lst.id
                session.add(entry)
            if not created:
                lst.revision += 1
            lst.updated_at = datetime.now(UTC)
        audit.record(
            session,
            actor=actor,
            action="bnl.import",
            detail={"list": name, "rows": len(new), "changed": changed, "revision": lst.revision},
        )
        return ImportSummary(rows=len(new), changed=changed, revision=lst.revision)


def _key(e: BnlEntry) -> tuple:
    return (e.client_id, e.position, e.priority, e.score, e.status, e.assigned_agency_id, e.last_contact)


# --- listing and posting ----------------------------------------------------------------------------------


def listing(session: Session, *, lst: BnlList) -> Listing:
    slugs = {a.id: a.slug for a in session.scalars(select(Agency))}
    entries = list(
        session.scalars(select(BnlEntry).where(BnlEntry.list_id == lst.id).order_by(BnlEntry.position))
    )
    rows = tuple(
        ListRow(
            e.client_id,
            e.priority,
            e.score,
            e.status,
            slugs.get(e.assigned_agency_id) if e.assigned_agency_id else None,
            e.last_contact,
        )
        for e in entries[:MAX_ROWS_SHOWN]
    )
    return Listing(name=lst.name, revision=lst.revision, rows=rows, total=len(entries))


class PostRefused(PermissionError):
    """Why a list was not posted; ``reason`` is a code for the private answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def post(app: Casebot, *, slack: SlackPort, requester: str, name: str, channel: str) -> str:
    """Post (or refresh in place) a list in a registered case-conference channel; returns its ts.

    Coordinators, supervisors and HMIS admins may post. The message holds
    client IDs and list fields only.
    """
    with app.db.transaction() as session:
        user = session.scalar(select(User).where(User.slack_user_id == requester))
        if user is None or not user.active or user.role not in POSTERS:
            raise PostRefused("not_coordinator")
        registered = session.scalar(
            select(Channel).where(Channel.slack_channel_id == channel, Channel.active.is_(True))
        )
        if registered is None:
            raise PostRefused("not_case_conference_channel")
        lst = session.scalar(select(BnlList).where(BnlList.name == name))
        if lst is None:
            raise PostRefused("no_such_list")
        shown = listing(session, lst=lst)
        existing = session.get(BnlPost, (lst.id, channel))
        existing_ts = existing.message_ts if existing else None
    result = (
        slack.update_list(channel=channel, ts=existing_ts, listing=shown)
        if existing_ts
        else slack.post_list(channel=channel, listing=shown)
    )
    if not result.ok or (not existing_ts and not result.ts):
        raise PostRefused(f"slack_{result.error or 'failed'}")
    ts = existing_ts or str(result.ts)
    with app.db.transaction() as session:
        list_id = _list_id(session, name)
        row = session.get(BnlPost, (list_id, channel))
        if row is None:
            session.add(
                BnlPost(
                    list_id=list_id,
                    slack_channel_id=channel,
                    message_ts=ts,
                    revision=shown.revision,
                    posted_by=requester,
                )
            )
        else:
            row.revision = shown.revision
        audit.record(
            session,
            actor=requester,
            action="bnl.posted",
            detail={"list": name, "channel": channel, "revision": shown.revision, "rows": shown.total},
        )
    return ts


def clients_listed_in(session: Session, *, channel: str) -> frozenset[str]:
    """The clients on every by-name list posted in ``channel``: who that channel's meetings are about.
    The redactor reads a lone first name of one of them more readily there (``bot.channels.conversation``)."""
    return frozenset(
        session.scalars(
            select(BnlEntry.client_id)
            .join(BnlPost, BnlPost.list_id == BnlEntry.list_id)
            .where(BnlPost.slack_channel_id == channel)
        )
    )


def _list_id(session: Session, name: str) -> int:
    return int(session.scalar(select(BnlList.id).where(BnlList.name == name)))


def refresh_posts(app: Casebot, *, slack: SlackPort) -> int:
    """Update every posted list whose rows changed since it was posted; returns how many were updated.

    Several replicas run this loop: a Redis claim per (list, channel, revision)
    lets exactly one of them make the call.
    """
    with app.db.transaction(write=False) as session:
        stale = [
            (post_row.list_id, post_row.slack_channel_id, post_row.message_ts, listing(session, lst=lst))
            for post_row, lst in session.execute(
                select(BnlPost, BnlList)
                .join(BnlList, BnlList.id == BnlPost.list_id)
                .where(BnlPost.revision < BnlList.revision)
            )
        ]
    updated = 0
    for list_id, channel, ts, shown in stale:
        try:
            if not app.kv.claim_once(f"bnl:update:{list_id}:{channel}:{shown.revision}", ttl_seconds=120):
                continue
        except StoreUnavailable:
            return updated
        if not slack.update_list(channel=channel, ts=ts, listing=shown).ok:
            continue
        with app.db.transaction() as session:
            row = session.get(BnlPost, (list_id, channel))
            if row is not None and row.revision < shown.revision:
                row.revision = shown.revision
                audit.record(
                    session,
                    actor="bot:casebot",
                    action="bnl.updated",
                    detail={"list": shown.name, "channel": channel, "revision": shown.revision},
                )
        updated += 1
    return updated


# --- export -----------------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("client_id", "priority", "score", "status", "assigned_agency", "last_contact")


@dataclass(frozen=True, slots=True, repr=False)
class ExportSummary:
    passphrase: str  # shown once to the operator, for out-of-band sharing; never logged or stored
    clients: int
    withheld_clients: int

    def __repr__(self) -> str:
        return f"ExportSummary(clients={self.clients}, withheld={self.withheld_clients}, <passphrase hidden>)"


def export(app: Casebot, *, name: str, agency: str, purpose: str, actor: str, out: Path) -> ExportSummary:
    """Write the list with the PII ``agency`` is entitled to, encrypted, each disclosure audited.

    The file is created only after the audit rows commit, with mode 0600 and
    never over an existing file.
    """

    if out.exists():
        raise BnlError(f"{out} already exists; choose another name")
    with app.db.transaction() as session:
        target = session.scalar(select(Agency).where(Agency.slug == agency))
        if target is None:
            raise BnlError(f"no agency {agency!r}; see `casebot agency list`")
        lst = session.scalar(select(BnlList).where(BnlList.name == name))
        if lst is None:
            raise BnlError(f"no by-name list {name!r}")
        shown = listing(session, lst=lst)
        entries = list(
            session.scalars(select(BnlEntry).where(BnlEntry.list_id == lst.id).order_by(BnlEntry.position))
        )
        slugs = {a.id: a.slug for a in session.scalars(select(Agency))}
        revealed = release_for_export(
            app,
            session,
            actor=actor,
            agency=target,
            client_ids=[e.client_id for e in entries],
            purpose=purpose,
        )
        audit.record(
            session,
            actor=actor,
            action="bnl.exported",
            detail={
                "list": name,
                "agency": agency,
                "purpose": purpose,
                "clients": len(revealed),
                "rows": shown.total,
            },
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*EXPORT_COLUMNS, *DEFAULT_FIELDS])
    for e in entries:
        values = revealed[e.client_id].values if e.client_id in revealed else {}
        writer.writerow(
            [
                e.client_id,
                e.priority if e.priority is not None else "",
                e.score if e.score is not None else "",
                e.status,
                slugs.get(e.assigned_agency_id, "") if e.assigned_agency_id else "",
                e.last_contact.isoformat() if e.last_contact else "",
                *(values.get(f, "") for f in DEFAULT_FIELDS),
            ]
        )
    passphrase = new_passphrase()
    blob = seal(buffer.getvalue().encode("utf-8"), passphrase=passphrase)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
    return ExportSummary(
        passphrase=passphrase, clients=len(revealed), withheld_clients=len(entries) - len(revealed)
    )


@dataclass(frozen=True, slots=True)
class ListSummary:
    """A by-name list as an operator lists them: its name, size, revision and where it is posted."""

    name: str
    clients: int
    revision: int
    channels: tuple[str, ...]


def list_summaries(session: Session) -> list[ListSummary]:
    """Every by-name list, by name."""
    out: list[ListSummary] = []
    for lst in session.scalars(select(BnlList).order_by(BnlList.name)):
        count = session.scalar(select(func.count()).where(BnlEntry.list_id == lst.id)) or 0
        posts = session.scalars(select(BnlPost.slack_channel_id).where(BnlPost.list_id == lst.id))
        out.append(ListSummary(lst.name, count, lst.revision, tuple(posts)))
    return out
