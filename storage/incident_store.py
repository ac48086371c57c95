"""Persistence for the incident register: rows in, rows out, free text encrypted.

Staff write incident descriptions, notes and corrective actions in their own
words, so those may hold PII the redactor missed. ``bot.oversight.incidents`` redacts
them first; here they are AES-256-GCM under the keyring's ``incidents`` key,
bound to the row's random ``uid`` (a ciphertext copied to another row or
column does not open). Nothing here deletes or rewrites a row: the database
refuses that too (migration 0008).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.crypto import FieldCipher
from storage.keys import Keyring
from storage.models import Incident, IncidentNote

KEY_NAME = "incidents"


def _cipher(session: Session, keyring: Keyring, *, table: str, uid: str) -> FieldCipher:
    return FieldCipher(keyring.ensure_named_key(session, KEY_NAME), table=table, row_id=uid)


def new_uid() -> str:
    return secrets.token_hex(16)


def add_incident(
    session: Session,
    *,
    keyring: Keyring | None,
    category: str,
    reported_by: str,
    agency_id: int | None,
    summary_codes: Sequence[str],
    client_ids: Sequence[str],
    description: str | None,
    now: datetime | None = None,
) -> Incident:
    uid = new_uid()
    blob = None
    if description:
        if keyring is None:
            raise ValueError("an incident description is stored encrypted: the keyring is required")
        blob = _cipher(session, keyring, table="incidents", uid=uid).encrypt("description", description)
    row = Incident(
        uid=uid,
        category=category,
        reported_by=reported_by,
        agency_id=agency_id,
        summary_codes=list(summary_codes),
        client_ids=list(client_ids),
        description_enc=blob,
        opened_at=now or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def close_incident(
    session: Session, *, keyring: Keyring, row: Incident, closed_by: str, corrective_action: str
) -> None:
    """Set the three closing columns together (the only UPDATE the triggers allow)."""
    row.corrective_action_enc = _cipher(session, keyring, table="incidents", uid=row.uid).encrypt(
        "corrective_action", corrective_action
    )
    row.closed_by = closed_by
    row.closed_at = datetime.now(UTC)
    session.flush()


def add_note(session: Session, *, keyring: Keyring, row: Incident, author: str, text: str) -> IncidentNote:
    uid = new_uid()
    blob = _cipher(session, keyring, table="incident_notes", uid=uid).encrypt("text", text)
    assert blob is not None
    note = IncidentNote(uid=uid, incident_id=row.id, author=author, text_enc=blob)
    session.add(note)
    session.flush()
    return note


def description_of(session: Session, *, keyring: Keyring, row: Incident) -> str | None:
    cipher = _cipher(session, keyring, table="incidents", uid=row.uid)
    return cipher.decrypt("description", row.description_enc)


def corrective_action_of(session: Session, *, keyring: Keyring, row: Incident) -> str | None:
    return _cipher(session, keyring, table="incidents", uid=row.uid).decrypt(
        "corrective_action", row.corrective_action_enc
    )


def note_text(session: Session, *, keyring: Keyring, note: IncidentNote) -> str:
    cipher = _cipher(session, keyring, table="incident_notes", uid=note.uid)
    return cipher.decrypt("text", note.text_enc) or ""


def get(session: Session, *, incident_id: int, lock: bool = False) -> Incident | None:
    query = select(Incident).where(Incident.id == incident_id)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def notes_of(session: Session, *, incident_id: int) -> list[IncidentNote]:
    return list(
        session.scalars(
            select(IncidentNote).where(IncidentNote.incident_id == incident_id).order_by(IncidentNote.id)
        )
    )


def listing(session: Session, *, open_only: bool, limit: int | None = None) -> list[Incident]:
    query = select(Incident).order_by(Incident.id.desc())
    if open_only:
        query = query.where(Incident.closed_at.is_(None))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
