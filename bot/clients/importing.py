"""Importing a HUD HMIS CSV Client.csv into the encrypted client store.

The whole file is validated before anything is written: by default one bad row
rejects the import (a by-name list with a silently missing person is worse than
no update), and ``skip_invalid`` imports the good rows and lists the bad ones.
The write itself is one transaction, so a crash midway leaves the previous
roster intact. Re-importing the same file changes nothing; a row whose
``DateUpdated`` is newer than what we hold replaces the stored client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.clients.template import looks_identifying
from bot.context import Casebot
from bot.errors import AdminError
from storage import audit
from storage.bulk import insert_rows
from storage.clients import ClientPII, blind_indexes, encrypt_pii
from storage.crypto import BlindIndexer
from storage.hmis_csv import ClientRecord, RowError, iter_client_csv
from storage.keys import Keyring
from storage.models import Agency, Client, ClientKey, ClientNameIndex

BATCH = 2000
DEIDENTIFIED_WARNING = (
    "this client was de-identified in casebot; the row's identifying fields were not imported "
    "(update the source HMIS)"
)


class ImportRejected(Exception):
    """The file has invalid rows and the import is all-or-nothing; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} invalid row(s); nothing was imported")


@dataclass
class ImportSummary:
    layout: str = ""
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )
        text += f", {self.deleted} deleted" if self.deleted else ""
        return text + (f" ({len(self.warnings)} with warnings)" if self.warnings else "")


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def pii_of(record: ClientRecord) -> ClientPII:
    return ClientPII(
        first_name=record.first_name,
        middle_name=record.middle_name,
        last_name=record.last_name,
        name_suffix=record.name_suffix,
        ssn=record.ssn,
        dob=record.dob,
    )


def read_valid_rows(
    path: Path, *, on_row: Callable[[], None] | None = None
) -> tuple[str, list[ClientRecord], list[RowError]]:
    records: list[ClientRecord] = []
    errors: list[RowError] = []
    with iter_client_csv(path) as reader:
        for item in reader:
            if isinstance(item, RowError):
                errors.append(item)
            else:
                records.append(item)
            if on_row is not None:
                on_row()
    return str(reader.layout), records, errors


def import_clients(
    app: Casebot,
    *,
    path: Path,
    actor: str,
    agency: str | None = None,
    skip_invalid: bool = False,
    on_row: Callable[[], None] | None = None,
) -> ImportSummary:
    agency_id = None
    if agency is not None:  # checked before reading a possibly large file
        with app.db.transaction(write=False) as session:
            agency_id = session.scalar(select(Agency.id).where(Agency.slug == agency))
        if agency_id is None:
            raise AdminError(f"no agency {agency!r}; add it with `casebot agency add`")
    layout, records, errors = read_valid_rows(path, on_row=on_row)
    summary = ImportSummary(
        layout=layout,
        errors=errors,
        warnings=[w for r in records for w in r.warnings],
        rejected=len({e.line for e in errors}),
    )
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    keyring = app.keyring
    with app.db.transaction() as session:
        for start in range(0, len(records), BATCH):
            _write_batch(
                session,
                keyring=keyring,
                records=records[start : start + BATCH],
                agency_id=agency_id,
                summary=summary,
            )
        audit.record(
            session,
            actor=actor,
            action="clients.import",
            detail={
                "layout": layout,
                "agency": agency,
                "imported": summary.imported,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "deleted": summary.deleted,
                "rejected": summary.rejected,
                "rejected_lines": sorted({e.line for e in errors})[:500],
                "warning_lines": sorted({w.line for w in summary.warnings})[:500],
            },
        )
    return summary


# What is held for a PersonalID: source DateUpdated, deleted_at, and whether casebot de-identified it.
_Held = tuple[datetime | None, datetime | None, bool]


def _existing(session: Session, ids: Iterable[str]) -> dict[str, _Held]:
    rows = session.execute(
        select(Client.client_id, Client.source_updated_at, Client.deleted_at, Client.anonymous).where(
            Client.client_id.in_(list(ids))
        )
    )
    return {cid: (updated, deleted, anon) for cid, updated, deleted, anon in rows}


@dataclass
class _Batch:
    """One batch's rows, gathered so they are written in a few bulk statements rather than one per client."""

    new_clients: list[dict] = field(default_factory=list)
    new_keys: list[dict] = field(default_factory=list)
    name_rows: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)
    deleted_ids: list[str] = field(default_factory=list)


def _write_batch(
    session: Session,
    *,
    keyring: Keyring,
    records: list[ClientRecord],
    agency_id: int | None,
    summary: ImportSummary,
) -> None:
    indexer = keyring.blind_indexer(session)
    existing = _existing(session, (r.personal_id for r in records))
    now = datetime.now(UTC)
    batch = _Batch()
    for record in records:
        held = existing.get(record.personal_id)
        if record.date_deleted is not None:
            _stage_deletion(batch, record=record, held=held, summary=summary)
        elif held is None or not _keeps_held(record, held=held, summary=summary):
            _stage_client(
                session,
                batch,
                keyring=keyring,
                indexer=indexer,
                record=record,
                new=held is None,
                agency_id=agency_id,
                summary=summary,
                now=now,
            )
    _write_staged(session, batch=batch, now=now)


def _stage_deletion(
    batch: _Batch, *, record: ClientRecord, held: _Held | None, summary: ImportSummary
) -> None:
    """A row the HMIS marks deleted deletes the client we hold; if we hold none, or it is gone, unchanged."""
    if held is not None and held[1] is None:
        batch.deleted_ids.append(record.personal_id)
        summary.deleted += 1
    else:
        summary.unchanged += 1


def _keeps_held(record: ClientRecord, *, held: _Held, summary: ImportSummary) -> bool:
    """True (counted unchanged) unless the row is newer than, or undeletes, the client we hold.

    A de-identified client's PII must never come back through a later export,
    so such a client is always kept; a row that still identifies them is
    reported, without its values.
    """
    held_updated, held_deleted, anonymous = held
    source_updated = _aware(record.date_updated)
    newer = held_updated is None or (source_updated is not None and source_updated > held_updated)
    if not anonymous and (newer or held_deleted is not None):
        return False
    if anonymous and looks_identifying(
        first_name=record.first_name,
        middle_name=record.middle_name,
        last_name=record.last_name,
        name_suffix=record.name_suffix,
        ssn=record.ssn,
        dob=record.dob,
    ):
        summary.warnings.append(RowError(record.line, "PersonalID", DEIDENTIFIED_WARNING))
    summary.unchanged += 1
    return True


def _stage_client(
    session: Session,
    batch: _Batch,
    *,
    keyring: Keyring,
    indexer: BlindIndexer,
    record: ClientRecord,
    new: bool,
    agency_id: int | None,
    summary: ImportSummary,
    now: datetime,
) -> None:
    """A client we update keeps its data key; a new one gets its own (staged with the client row)."""
    cid = record.personal_id
    pii = pii_of(record)
    if new:
        data_key, key_row = keyring.new_client_key(cid)
        batch.new_keys.append(
            {
                "client_id": cid,
                "wrapped_key": key_row.wrapped_key,
                "kek_id": key_row.kek_id,
                "created_at": now,
                "destroyed_at": None,
            }
        )
    else:
        data_key = keyring.client_key(session.get_one(ClientKey, cid))
    indexes = blind_indexes(pii, indexer=indexer)
    row = {
        "client_id": cid,
        **encrypt_pii(pii, client_id=cid, data_key=data_key),
        **indexes.columns(),
        "name_data_quality": record.name_data_quality,
        "ssn_data_quality": record.ssn_data_quality,
        "dob_data_quality": record.dob_data_quality,
        "demographics": record.demographics(),
        "source_updated_at": _aware(record.date_updated),
        "deleted_at": None,
        "updated_at": now,
    }
    batch.name_rows.extend({"client_id": cid, "digest": d} for d in indexes.name_digests)
    if new:
        batch.new_clients.append(
            {**row, "agency_id": agency_id, "anonymous": False, "restricted": False, "created_at": now}
        )
        summary.imported += 1
    else:
        batch.changed.append(row)
        batch.changed_ids.append(cid)
        summary.updated += 1


def _write_staged(session: Session, *, batch: _Batch, now: datetime) -> None:
    """An updated client's name-index rows are replaced, not added to: the old name must stop matching."""
    if batch.new_clients:
        insert_rows(session, Client.__table__, batch.new_clients)
        insert_rows(session, ClientKey.__table__, batch.new_keys)
    if batch.changed:
        session.execute(update(Client), batch.changed)
        session.execute(delete(ClientNameIndex).where(ClientNameIndex.client_id.in_(batch.changed_ids)))
    if batch.name_rows:
        insert_rows(session, ClientNameIndex.__table__, batch.name_rows)
    if batch.deleted_ids:
        session.execute(update(Client).where(Client.client_id.in_(batch.deleted_ids)).values(deleted_at=now))
