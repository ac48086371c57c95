"""The append-only, hash-chained audit log.

Each row stores SHA-256 over its canonical JSON and a chain hash over the
previous row's chain hash, so editing, removing, inserting or reordering any
row breaks every chain hash after it. Writers serialize on a lock (an advisory
lock on PostgreSQL, the write lock on SQLite) so concurrent bot processes can
never fork the chain. Rows hold identifiers and field names only, never PII.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from json.encoder import encode_basestring as _enc
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from storage.db import Database, after_commit
from storage.models import AuditEvent, AuditHead

GENESIS = "0" * 64
_ADVISORY_LOCK_ID = 0x63617365626F74  # "casebot"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,64}$")

Scalar = str | int | float | bool | None

log = logging.getLogger("casebot.audit")

# Told of every row once it is committed (the metrics in bot/observability): the action and the
# checked detail, never before the commit and never for a row rolled back.
AuditObserver = Callable[[str, Mapping[str, Any]], None]
_observers: list[AuditObserver] = []


def observe(callback: AuditObserver) -> None:
    """Tell ``callback`` of every audit row this process commits from now on."""
    if callback not in _observers:
        _observers.append(callback)


def _notify(action: str, detail: str) -> None:
    if not _observers:
        return
    try:
        fields = json.loads(detail)
    except ValueError:
        return
    for callback in list(_observers):
        try:
            callback(action, fields)
        except Exception as exc:  # an observer never undoes or fails an audited action
            log.warning("audit observer failed: %s", type(exc).__name__)


class AuditError(Exception):
    """An event could not be recorded. The action it describes must not happen."""


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def safe_identifier(value: str) -> bool:
    """IDs, Slack IDs, action names: what an audit row may name."""
    return bool(_SAFE_ID.fullmatch(value))


def _check_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """Details are flat: scalars or lists of scalars, so nothing can smuggle a blob of text in."""
    clean: dict[str, Any] = {}
    for key, value in detail.items():
        if not isinstance(key, str) or not _SAFE_ID.fullmatch(key):
            raise AuditError(f"audit detail key {key!r} is not a plain identifier")
        if isinstance(value, list | tuple):
            if not all(isinstance(v, Scalar) for v in value):
                raise AuditError(f"audit detail {key} holds a non-scalar")
            clean[key] = list(value)
        elif isinstance(value, Scalar):
            clean[key] = value
        else:
            raise AuditError(f"audit detail {key} has type {type(value).__name__}")
    return clean


def row_payload(
    *, occurred_at: datetime, actor: str, action: str, client_id: str | None, detail: str
) -> dict[str, Any]:
    """What a row's hash covers. Its position is covered by the chain hash, not here, so an
    append can hash its row before it knows its sequence number (see ``record``)."""
    return {
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "client_id": client_id,
        "detail": detail,
    }


def hash_row(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def canonical_row(iso: str, actor: str, action: str, client_id: str | None, detail: str) -> bytes:
    """The canonical JSON of ``row_payload`` written directly: the verifier's hot path.

    Keys in sorted order, the same string escaping as ``json.dumps``; a property
    test holds it equal to the general form. Positional, because the verifier
    calls it once per row and keyword calls cost more than the hashing.
    """
    return (
        f'{{"action":{_enc(action)},"actor":{_enc(actor)},'
        f'"client_id":{"null" if client_id is None else _enc(client_id)},"detail":{_enc(detail)},'
        f'"occurred_at":"{iso}"}}'
    ).encode()


def hash_fields(
    *, occurred_at: datetime | str, actor: str, action: str, client_id: str | None, detail: str
) -> str:
    """``hash_row(row_payload(...))`` without building the dict. ``occurred_at`` may already be
    the canonical text (UTC isoformat)."""
    if isinstance(occurred_at, str):
        iso = occurred_at
    else:
        when = occurred_at if occurred_at.tzinfo is UTC else occurred_at.astimezone(UTC)
        iso = when.isoformat(timespec="microseconds")
    return hashlib.sha256(canonical_row(iso, actor, action, client_id, detail)).hexdigest()


def chain(prev_chain_hash: str, row_hash: str) -> str:
    return hashlib.sha256(bytes.fromhex(prev_chain_hash) + bytes.fromhex(row_hash)).hexdigest()


# Actions other parts of casebot record and this module's readers understand.
DISCLOSURE = "pii.disclosed"  # detail: agency, fields, purpose, basis, basis_ref, delivery


def lock_checkpoints(session: Session) -> None:
    """Serialize checkpoint writers: an advisory lock on PostgreSQL; SQLite's write lock already does."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_ID})


# One statement: move the head on by one row (the row lock serializes appenders, and
# READ COMMITTED re-reads the head after waiting for it) and insert the row it names.
_APPEND_POSTGRESQL = text("""
WITH head AS (
    UPDATE audit_head
       SET seq = seq + 1,
           chain_hash = encode(sha256(decode(chain_hash, 'hex') || decode(:row_hash, 'hex')), 'hex')
     WHERE id = 1
    RETURNING seq, chain_hash
)
INSERT INTO audit_events (seq, occurred_at, actor, action, client_id, detail, row_hash, chain_hash)
SELECT seq, :occurred_at, :actor, :action, :client_id, :detail, :row_hash, chain_hash FROM head
RETURNING seq, chain_hash
""")


def _row_values(
    *,
    actor: str,
    action: str,
    client_id: str | None,
    detail: Mapping[str, Any] | None,
    occurred_at: datetime | None,
) -> dict[str, Any]:
    """Check what an event may name and hash it: everything an append needs except its place in the chain."""
    for name, value in (("actor", actor), ("action", action)):
        if not _SAFE_ID.fullmatch(value):
            raise AuditError(f"audit {name} must be a plain identifier")
    if client_id is not None and not _SAFE_ID.fullmatch(client_id):
        raise AuditError("audit client_id must be a plain identifier")
    body = canonical_json(_check_detail(detail or {}))
    when = occurred_at or datetime.now(UTC)
    return {
        "occurred_at": when,
        "actor": actor,
        "action": action,
        "client_id": client_id,
        "detail": body,
        "row_hash": hash_fields(
            occurred_at=when, actor=actor, action=action, client_id=client_id, detail=body
        ),
    }


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    client_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction: if the transaction rolls back, so does the event.

    Use this when the event describes a change made in the same transaction (a disclosure, an admin
    change); an event that stands alone should use ``append``. Returns the row as written (not
    attached to the session).
    """
    values = _row_values(
        actor=actor, action=action, client_id=client_id, detail=detail, occurred_at=occurred_at
    )
    if session.get_bind().dialect.name == "postgresql":
        seq, chain_hash = session.execute(_APPEND_POSTGRESQL, values).one()
    else:  # SQLite: the transaction already holds the database's write lock
        seq, prev = session.execute(
            select(AuditHead.seq, AuditHead.chain_hash).where(AuditHead.id == 1)
        ).one()
        seq, chain_hash = seq + 1, chain(prev, values["row_hash"])
        session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, chain_hash=chain_hash))
        session.execute(insert(AuditEvent).values(seq=seq, chain_hash=chain_hash, **values))
    if _observers:
        after_commit(session, lambda: _notify(action, values["detail"]))
    return AuditEvent(seq=seq, chain_hash=chain_hash, **values)


def append(
    db: Database,
    *,
    actor: str,
    action: str,
    client_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Record an event that is a transaction of its own: a redaction, a refusal, a failed attempt.

    On PostgreSQL this is a single autocommitted statement, so the audit head's row lock is held
    only for the server's own commit and never across a round trip to a bot process. Inside a
    transaction the lock is held until the client sends COMMIT, and on a busy host a descheduled
    bot process holding it stalls every other replica; standalone events are the bulk of the log,
    so they take this path. Raises on failure, like ``record``: the caller must not go on as if
    the event were logged.
    """
    if db.engine.dialect.name != "postgresql":
        with db.transaction() as session:
            return record(session, actor=actor, action=action, client_id=client_id, detail=detail)
    values = _row_values(actor=actor, action=action, client_id=client_id, detail=detail, occurred_at=None)
    with db.autocommit_engine.connect() as conn:
        seq, chain_hash = conn.execute(_APPEND_POSTGRESQL, values).one()
    _notify(action, values["detail"])  # autocommitted: the statement's own commit
    return AuditEvent(seq=seq, chain_hash=chain_hash, **values)
