"""Encrypted, short-lived originals of messages casebot removed from a channel.

The only place a removed message's text (or a removed file) is kept, and only so that the poster
or an HMIS admin can undo a false positive. The text is AES-256-GCM under the
keyring's ``quarantine`` key, bound to its row id (a ciphertext copied to
another row does not open), and the row is deleted when it expires.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.crypto import FieldCipher
from storage.keys import Keyring
from storage.models import QuarantinedFile, QuarantinedMessage

KEY_NAME = "quarantine"
TABLE = "quarantined_messages"


@dataclass(frozen=True, slots=True)
class HeldSpan:
    """One part of the original that the redactor hid: offsets into ``Quarantined.text``, its kind (a
    ``redaction.PiiType`` value), the client it was matched to, if any, and whether a restore has put
    it back (``shown``). No value: that is the text's."""

    start: int
    end: int
    kind: str
    client_id: str | None = None
    shown: bool = False


def _spans_json(spans: tuple[HeldSpan, ...]) -> str:
    rows = [[s.start, s.end, s.kind, s.client_id, s.shown] for s in spans]
    return json.dumps(rows, separators=(",", ":"))


def _spans_of(raw: str | None) -> tuple[HeldSpan, ...]:
    if not raw:
        return ()
    return tuple(
        HeldSpan(int(a), int(b), str(k), None if c is None else str(c), bool(shown))
        for a, b, k, c, shown in json.loads(raw)
    )


@dataclass(frozen=True, slots=True, repr=False)
class Quarantined:
    """A decrypted quarantine row. Its repr hides the text. ``spans``: what is still hidden, in order;
    empty for a row written before spans were kept (such a row cannot be restored)."""

    id: str
    slack_channel_id: str
    message_ts: str
    thread_ts: str | None
    repost_ts: str | None
    poster: str
    pii_types: tuple[str, ...]
    text: str
    expires_at: datetime
    spans: tuple[HeldSpan, ...] = ()

    def __repr__(self) -> str:
        return f"Quarantined(id={self.id}, channel={self.slack_channel_id}, <text hidden>)"


def new_id() -> str:
    """128 random bits: the id also travels in a button's value, so it must not be guessable."""
    return secrets.token_hex(16)


def _cipher(session: Session, keyring: Keyring, row_id: str) -> FieldCipher:
    return FieldCipher(keyring.ensure_named_key(session, KEY_NAME), table=TABLE, row_id=row_id)


def put(
    session: Session,
    *,
    keyring: Keyring,
    row_id: str,
    slack_channel_id: str,
    message_ts: str,
    thread_ts: str | None,
    repost_ts: str | None,
    poster: str,
    pii_types: tuple[str, ...],
    text: str,
    spans: tuple[HeldSpan, ...],
    keep_for: timedelta,
    now: datetime | None = None,
) -> QuarantinedMessage:
    now = now or datetime.now(UTC)
    cipher = _cipher(session, keyring, row_id)
    blob = cipher.encrypt("text", text)
    assert blob is not None
    row = QuarantinedMessage(
        id=row_id,
        slack_channel_id=slack_channel_id,
        message_ts=message_ts,
        thread_ts=thread_ts,
        repost_ts=repost_ts,
        poster=poster,
        pii_types=",".join(pii_types)[:100],
        text_enc=blob,
        spans_enc=cipher.encrypt("spans", _spans_json(spans)),
        created_at=now,
        expires_at=now + keep_for,
    )
    session.add(row)
    session.flush()
    return row


def get(
    session: Session, *, keyring: Keyring, row_id: str, now: datetime | None = None
) -> Quarantined | None:
    """The live row, decrypted; None when it never existed, was restored, or has expired."""
    row = session.get(QuarantinedMessage, row_id)
    if row is None or row.expires_at <= (now or datetime.now(UTC)):
        return None
    cipher = _cipher(session, keyring, row.id)
    text = cipher.decrypt("text", row.text_enc)
    return Quarantined(
        id=row.id,
        slack_channel_id=row.slack_channel_id,
        message_ts=row.message_ts,
        thread_ts=row.thread_ts,
        repost_ts=row.repost_ts,
        poster=row.poster,
        pii_types=tuple(t for t in row.pii_types.split(",") if t),
        text=text or "",
        expires_at=row.expires_at,
        spans=_spans_of(cipher.decrypt("spans", row.spans_enc)),
    )


def keep_hidden(session: Session, *, keyring: Keyring, row_id: str, spans: tuple[HeldSpan, ...]) -> None:
    """After a partial restore: every span again, the restored ones marked shown (offsets are into the
    text, which stays whole)."""
    blob = _cipher(session, keyring, row_id).encrypt("spans", _spans_json(spans))
    session.execute(update(QuarantinedMessage).where(QuarantinedMessage.id == row_id).values(spans_enc=blob))


def exists(session: Session, *, row_id: str) -> bool:
    return session.get(QuarantinedMessage, row_id) is not None


def remove(session: Session, *, row_id: str) -> bool:
    return bool(session.execute(delete(QuarantinedMessage).where(QuarantinedMessage.id == row_id)).rowcount)


def purge_expired(session: Session, *, now: datetime | None = None) -> int:
    """Delete every row past its expiry; returns how many went."""
    result = session.execute(
        delete(QuarantinedMessage).where(QuarantinedMessage.expires_at <= (now or datetime.now(UTC)))
    )
    return int(result.rowcount or 0)


def count(session: Session) -> int:
    return len(session.scalars(select(QuarantinedMessage.id)).all())


# --- files -------------------------------------------------------------------------------------------

FILE_TABLE = "quarantined_files"


@dataclass(frozen=True, slots=True, repr=False)
class QuarantinedFileContent:
    """A decrypted quarantined file. Its repr hides the name and the bytes."""

    id: str
    slack_channel_id: str
    thread_ts: str | None
    file_id: str
    copy_file_id: str | None
    poster: str
    pii_types: tuple[str, ...]
    name: str
    content: bytes
    expires_at: datetime

    def __repr__(self) -> str:
        return f"QuarantinedFileContent(id={self.id}, channel={self.slack_channel_id}, <content hidden>)"


def _file_cipher(session: Session, keyring: Keyring, row_id: str) -> FieldCipher:
    return FieldCipher(keyring.ensure_named_key(session, KEY_NAME), table=FILE_TABLE, row_id=row_id)


def put_file(
    session: Session,
    *,
    keyring: Keyring,
    row_id: str,
    slack_channel_id: str,
    thread_ts: str | None,
    file_id: str,
    copy_file_id: str | None,
    poster: str,
    pii_types: tuple[str, ...],
    name: str,
    content: bytes,
    keep_for: timedelta,
    now: datetime | None = None,
) -> QuarantinedFile:
    now = now or datetime.now(UTC)
    cipher = _file_cipher(session, keyring, row_id)
    name_blob = cipher.encrypt("name", name)
    assert name_blob is not None
    row = QuarantinedFile(
        id=row_id,
        slack_channel_id=slack_channel_id,
        thread_ts=thread_ts,
        file_id=file_id,
        copy_file_id=copy_file_id,
        poster=poster,
        pii_types=",".join(pii_types)[:100],
        name_enc=name_blob,
        content_enc=cipher.encrypt_bytes("content", content),
        created_at=now,
        expires_at=now + keep_for,
    )
    session.add(row)
    session.flush()
    return row


def get_file(
    session: Session, *, keyring: Keyring, row_id: str, now: datetime | None = None
) -> QuarantinedFileContent | None:
    """The live row, decrypted; None when it never existed, was restored, or has expired."""
    row = session.get(QuarantinedFile, row_id)
    if row is None or row.expires_at <= (now or datetime.now(UTC)):
        return None
    cipher = _file_cipher(session, keyring, row.id)
    return QuarantinedFileContent(
        id=row.id,
        slack_channel_id=row.slack_channel_id,
        thread_ts=row.thread_ts,
        file_id=row.file_id,
        copy_file_id=row.copy_file_id,
        poster=row.poster,
        pii_types=tuple(t for t in row.pii_types.split(",") if t),
        name=cipher.decrypt("name", row.name_enc) or "",
        content=cipher.decrypt_bytes("content", row.content_enc),
        expires_at=row.expires_at,
    )


def remove_file(session: Session, *, row_id: str) -> bool:
    return bool(session.execute(delete(QuarantinedFile).where(QuarantinedFile.id == row_id)).rowcount)


def purge_expired_files(session: Session, *, now: datetime | None = None) -> int:
    result = session.execute(
        delete(QuarantinedFile).where(QuarantinedFile.expires_at <= (now or datetime.now(UTC)))
    )
    return int(result.rowcount or 0)


def count_files(session: Session) -> int:
    return len(session.scalars(select(QuarantinedFile.id)).all())
