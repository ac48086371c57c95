"""Merging two anonymous records of the same person: the second ID becomes an alias of the first.

An anonymous record cannot be matched by name, so two of them for one person
are found only by the people who know the client; merging keeps every
reference to either ID (by-name lists, ROIs, lookups, the audit accounting)
reaching one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.clients.locking import lock_clients
from bot.context import Casebot
from bot.errors import AdminError
from storage import audit
from storage.client_identity import merged_into
from storage.models import (
    ENCRYPTED_CLIENT_COLUMNS,
    BnlEntry,
    BnlList,
    Client,
    ClientAlias,
    ClientKey,
    ClientNameIndex,
    ClientShareMark,
    Consent,
)


@dataclass(frozen=True, slots=True)
class Merged:
    keep_id: str
    merged_id: str
    already: bool = False
    consents_moved: int = 0
    list_entries_moved: int = 0
    list_entries_dropped: int = 0


def merge(app: Casebot, *, actor: str, keep_id: str, merge_id: str, confirm: str | None) -> Merged:
    """Fold ``merge_id`` into ``keep_id``; both must be anonymous. ``confirm`` must repeat ``merge_id``.

    The merged record keeps its row (so every reference to its ID stays
    valid) but holds nothing: its key is destroyed, it is off the roster, and
    ``client_aliases`` sends its ID to the survivor. Its consents and list
    entries move to the survivor (a list that already holds the survivor
    keeps the survivor's entry). The survivor's own fields are kept as they are.
    """
    if confirm != merge_id:
        raise AdminError(f"to merge, confirm by repeating the ID that goes away ({merge_id})")
    if keep_id == merge_id:
        raise AdminError("a client cannot be merged into itself")
    now = datetime.now(UTC)
    with app.db.transaction() as session:
        for cid in (keep_id, merge_id):
            if not audit.safe_identifier(cid):
                raise AdminError("client IDs are letters, digits, '-' and '_'")
        if merged_into(session, merge_id) == keep_id:
            audit.record(
                session,
                actor=actor,
                action="client.merge_repeated",
                client_id=keep_id,
                detail={"merged": merge_id},
            )
            return Merged(keep_id, merge_id, already=True)
        keep, gone = _anonymous_pair(session, keep_id=keep_id, merge_id=merge_id)
        consents = (
            session.execute(
                update(Consent).where(Consent.client_id == merge_id).values(client_id=keep_id)
            ).rowcount
            or 0
        )
        moved, dropped = _move_list_entries(session, keep_id=keep_id, merge_id=merge_id, now=now)
        _empty_merged_record(session, gone=gone, now=now)
        keep.updated_at = now
        _alias_to_survivor(session, actor=actor, keep_id=keep_id, merge_id=merge_id, now=now)
        detail = {
            "kept": keep_id,
            "merged": merge_id,
            "consents_moved": consents,
            "list_entries_moved": moved,
            "list_entries_dropped": dropped,
        }
        audit.record(session, actor=actor, action="client.merged", client_id=keep_id, detail=detail)
        audit.record(session, actor=actor, action="client.merged_into", client_id=merge_id, detail=detail)
    return Merged(keep_id, merge_id, False, consents, moved, dropped)


def _anonymous_pair(session: Session, *, keep_id: str, merge_id: str) -> tuple[Client, Client]:
    """Both records, locked; refused when either was merged already, is gone, or is identified.

    A merged ID is refused rather than followed, so the admin learns which
    record survived (the error names it) before deciding what to merge.
    """
    for cid in (keep_id, merge_id):
        survivor = merged_into(session, cid)
        if survivor is not None:
            raise AdminError(f"client {cid} was already merged into client {survivor}")
    lock_clients(session, client_ids=(keep_id, merge_id))
    keep = session.get(Client, keep_id)
    gone = session.get(Client, merge_id)
    for cid, client in ((keep_id, keep), (merge_id, gone)):
        if client is None or client.deleted_at is not None:
            raise AdminError(f"no client {cid!r}")
        if not client.anonymous:
            raise AdminError(
                f"client {cid} is not anonymous; only two anonymous records can be merged "
                "(de-identify it first with `casebot clients anonymize`)"
            )
    assert keep is not None and gone is not None
    return keep, gone


def _move_list_entries(session: Session, *, keep_id: str, merge_id: str, now: datetime) -> tuple[int, int]:
    """The merged record's by-name list entries go to the survivor; returns (moved, dropped).

    A list that already holds the survivor keeps the survivor's entry, so nobody
    is on one list twice.
    """
    moved = dropped = 0
    touched: set[int] = set()
    for entry in list(session.scalars(select(BnlEntry).where(BnlEntry.client_id == merge_id))):
        touched.add(entry.list_id)
        if session.get(BnlEntry, (entry.list_id, keep_id)) is None:
            session.execute(
                update(BnlEntry)
                .where(BnlEntry.list_id == entry.list_id, BnlEntry.client_id == merge_id)
                .values(client_id=keep_id)
            )
            moved += 1
        else:
            session.delete(entry)
            dropped += 1
    for list_id in touched:  # posted copies of the list are refreshed in place
        lst = session.get_one(BnlList, list_id)
        lst.revision += 1
        lst.updated_at = now
    return moved, dropped


def _empty_merged_record(session: Session, *, gone: Client, now: datetime) -> None:
    """The row stays so references to its ID stay valid, but holds nothing and its key is destroyed."""
    merge_id = gone.client_id
    session.execute(delete(ClientShareMark).where(ClientShareMark.client_id == merge_id))
    session.execute(delete(ClientNameIndex).where(ClientNameIndex.client_id == merge_id))
    for column in ENCRYPTED_CLIENT_COLUMNS:
        setattr(gone, f"{column}_enc", None)
    gone.ssn_bidx = gone.dob_bidx = gone.name_dob_bidx = None
    gone.deleted_at = now
    gone.updated_at = now
    key_row = session.get(ClientKey, merge_id)
    if key_row is not None:
        key_row.wrapped_key, key_row.kek_id, key_row.destroyed_at = None, None, now


def _alias_to_survivor(session: Session, *, actor: str, keep_id: str, merge_id: str, now: datetime) -> None:
    """The merged ID, and every ID merged into it before, resolve to the survivor from now on."""
    session.execute(update(ClientAlias).where(ClientAlias.client_id == merge_id).values(client_id=keep_id))
    session.add(ClientAlias(alias_id=merge_id, client_id=keep_id, merged_at=now, merged_by=actor))
