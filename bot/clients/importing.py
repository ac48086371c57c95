"""Importing a HUD HMIS CSV Client.csv into the encrypted client store, in two passes over the file.

The first pass validates every row and writes nothing; the second re-reads the file and
writes it in batches of :data:`BATCH` rows, all inside one database transaction, so memory
stays flat however long the file is (one batch, plus the PersonalID index the duplicate
check needs) and a failure anywhere leaves the previous roster as it was, on SQLite and
PostgreSQL alike. Both passes read the same open file and hash what they read; if the bytes
differ (the file was rewritten in between) the transaction is rolled back.

Lenient by default: real exports break the specification in small ways (blank data-quality
codes, US dates, short SSNs), and every refused row is a person the redactor no longer knows.
Each row with a PersonalID and a name, DOB or SSN is imported; each value that breaks the
specification is read another way or left out, with a warning naming line and column. A file
is refused only when it cannot be read (see :mod:`storage.hmis_csv`) or repeats a PersonalID
with other values, because which row is right cannot be told. ``strict`` keeps the
specification's all-or-nothing check: one bad row and nothing is written.

Re-importing the same file changes nothing; a row whose ``DateUpdated`` is newer than what we
hold replaces the stored client.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.clients.template import looks_identifying
from bot.context import Casebot
from bot.errors import AdminError
from storage import audit
from storage.bulk import insert_rows, page_cache
from storage.clients import ClientPII, blind_indexes, encrypt_pii
from storage.crypto import BlindIndexer
from storage.hmis_csv import CONFLICT, REPEAT, ClientRecord, RowError, iter_client_csv
from storage.keys import Keyring
from storage.models import Agency, Client, ClientKey, ClientNameIndex

BATCH = 2000
#: SQLite page cache of the writing connection during an import (see storage.bulk.page_cache).
IMPORT_CACHE_MIB = 32
#: Warnings and errors kept to show (the counts by problem cover all of them).
KEEP = 1000
#: Lines listed in the audit row.
AUDIT_LINES = 500
DEIDENTIFIED_WARNING = (
    "this client was de-identified in casebot; the row's identifying fields were not imported "
    "(update the source HMIS)"
)

#: Called once per row of each pass, with the pass: "validating" or "writing".
Progress = Callable[[str], None]


class ImportRejected(Exception):
    """The file was refused; nothing was written. ``errors`` holds the first :data:`KEEP`."""

    def __init__(self, errors: list[RowError], *, message: str) -> None:
        self.errors = errors
        super().__init__(message)


class ImportTooLarge(AdminError):
    """The file is over ``CASEBOT_IMPORT_MAX_BYTES``; checked before a byte is read."""


class FileChangedDuringImport(AdminError):
    """The two passes read different bytes; the write was rolled back."""


@dataclass
class ImportSummary:
    """What an import did. Lists hold the first :data:`KEEP` problems; counts cover all."""

    layout: str = ""
    strict: bool = False
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    #: Rows not imported (no usable PersonalID, nothing identifying, unreadable).
    rejected: int = 0
    #: Exact repeats of an earlier row, imported once.
    repeated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    warning_total: int = 0
    #: Warnings and errors by problem (column and reason, line numbers taken out).
    problems: Counter[str] = field(default_factory=Counter)
    rejected_lines: list[int] = field(default_factory=list)
    warning_lines: list[int] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )
        text += f", {self.deleted} deleted" if self.deleted else ""
        text += f", {self.repeated} exact repeat(s) skipped" if self.repeated else ""
        return text + (f" ({self.warning_total} warnings)" if self.warning_total else "")

    def warn(self, warning: RowError) -> None:
        self.warning_total += 1
        self.problems[warning.problem] += 1
        if len(self.warnings) < KEEP:
            self.warnings.append(warning)
        if len(self.warning_lines) < AUDIT_LINES and warning.line not in self.warning_lines[-1:]:
            self.warning_lines.append(warning.line)

    def reject(self, error: RowError) -> None:
        """One error of a rejected row (a row's errors come together, in file order)."""
        if not self.rejected_lines or self.rejected_lines[-1] != error.line:
            self.rejected += 1
            if len(self.rejected_lines) < AUDIT_LINES:
                self.rejected_lines.append(error.line)
        self.problems[error.problem] += 1
        if len(self.errors) < KEEP:
            self.errors.append(error)


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


class _HashingFile:
    """A binary file read line by line that hashes what it hands out, so the two passes can
    prove they read the same bytes. Only what :class:`storage.hmis_csv.ClientCsvReader` uses."""

    mode = "rb"

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._hash = hashlib.sha256()

    def readline(self) -> bytes:
        line = self._file.readline()
        self._hash.update(line)
        return line

    def __iter__(self) -> Iterator[bytes]:
        update = self._hash.update
        for line in self._file:
            update(line)
            yield line

    def tell(self) -> int:
        return self._file.tell()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def digest(self) -> bytes:
        return self._hash.digest()


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 1_000_000 else f"{n / 1e6:,.1f} MB".replace(".0 MB", " MB")


def _check_size(app: Casebot, path: Path) -> None:
    limit = app.settings.import_max_bytes
    size = path.stat().st_size
    if size > limit:
        raise ImportTooLarge(
            f"{path.name} is {_size(size)}, over the import limit of {_size(limit)} "
            "(CASEBOT_IMPORT_MAX_BYTES); raise the limit or split the file"
        )


def import_clients(
    app: Casebot,
    *,
    path: Path,
    actor: str,
    agency: str | None = None,
    strict: bool = False,
    on_row: Progress | None = None,
    today: date | None = None,
) -> ImportSummary:
    """Validate ``path`` whole, then write it in batches in one transaction (see the module's docstring).

    Raises :class:`ImportRejected` (nothing written) for invalid rows when ``strict``, or
    conflicting duplicate PersonalIDs; :class:`storage.hmis_csv.CsvFileError` for a file that
    cannot be read; :class:`ImportTooLarge` over the size limit.
    """
    agency_id = None
    if agency is not None:  # checked before reading a possibly large file
        with app.db.transaction(write=False) as session:
            agency_id = session.scalar(select(Agency.id).where(Agency.slug == agency))
        if agency_id is None:
            raise AdminError(f"no agency {agency!r}; add it with `casebot agency add`")
    _check_size(app, path)
    today = today or date.today()
    with path.open("rb") as file:
        first = _HashingFile(file)
        summary = _validate(first, strict=strict, today=today, on_row=on_row)
        file.seek(0)
        second = _HashingFile(file)
        keyring = app.keyring  # resolved before the write transaction holds a pooled connection
        with app.db.transaction() as session, page_cache(session, mib=IMPORT_CACHE_MIB):
            _write(
                session, keyring=keyring, source=second, summary=summary, agency_id=agency_id, today=today,
                on_row=on_row,
            )  # fmt: skip
            if second.digest() != first.digest():
                raise FileChangedDuringImport(
                    f"{path.name} changed while it was being imported; nothing was written: import it again"
                )
            audit.record(session, actor=actor, action="clients.import", detail=_audit_detail(summary, agency))
    return summary


def _validate(source: _HashingFile, *, strict: bool, today: date, on_row: Progress | None) -> ImportSummary:
    """Pass 1: read every row, write nothing; refuse the file (:class:`ImportRejected`) when the
    import cannot go ahead."""
    conflicts: list[RowError] = []
    conflict_total = 0
    with iter_client_csv(source, today=today, lenient=not strict) as reader:
        summary = ImportSummary(layout=str(reader.layout), strict=strict)
        for item in reader:
            if on_row is not None:
                on_row("validating")
            if isinstance(item, ClientRecord):
                for warning in item.warnings:
                    summary.warn(warning)
            elif item.kind == REPEAT:
                summary.repeated += 1
                summary.warn(item)
            elif item.kind == CONFLICT:
                conflict_total += 1
                if len(conflicts) < KEEP:
                    conflicts.append(item)
            else:
                summary.reject(item)
    if conflict_total:
        raise ImportRejected(
            conflicts,
            message=f"{conflict_total} row(s) repeat an earlier row's PersonalID with other values; "
            "nothing was imported (fix the export: which row is right cannot be told)",
        )
    if strict and summary.rejected:
        raise ImportRejected(
            summary.errors, message=f"{summary.rejected} invalid row(s); nothing was imported"
        )
    return summary


def _write(
    session: Session,
    *,
    keyring: Keyring,
    source: _HashingFile,
    summary: ImportSummary,
    agency_id: int | None,
    today: date,
    on_row: Progress | None,
) -> None:
    """Pass 2: the same rows again, written :data:`BATCH` at a time; rows pass 1 reported are skipped."""
    batch: list[ClientRecord] = []
    with iter_client_csv(source, today=today, lenient=not summary.strict) as reader:
        for item in reader:
            if on_row is not None:
                on_row("writing")
            if not isinstance(item, ClientRecord):
                continue
            batch.append(item)
            if len(batch) == BATCH:
                _write_batch(session, keyring=keyring, records=batch, agency_id=agency_id, summary=summary)
                batch = []
    if batch:
        _write_batch(session, keyring=keyring, records=batch, agency_id=agency_id, summary=summary)


def _audit_detail(summary: ImportSummary, agency: str | None) -> dict:
    """Counts, lines and problems (column and reason): never a value."""
    return {
        "layout": summary.layout,
        "mode": "strict" if summary.strict else "lenient",
        "agency": agency,
        "imported": summary.imported,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "deleted": summary.deleted,
        "rejected": summary.rejected,
        "repeated": summary.repeated,
        "warnings": summary.warning_total,
        "problem_counts": [f"{count} {problem}" for problem, count in summary.problems.most_common(50)],
        "rejected_lines": summary.rejected_lines,
        "warning_lines": summary.warning_lines,
    }


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
        summary.warn(RowError(record.line, "PersonalID", DEIDENTIFIED_WARNING))
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
