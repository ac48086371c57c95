"""Scan every column of every table for planted PII, decrypting whatever the keyring can still open.

The schema is reflected from the database, not taken from the models, so a
table another feature adds is scanned too. A ciphertext is tried under every
key the installation holds (each client's data key, each keyring key) with
the associated data casebot binds ciphertexts to (table, column, row id).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData, select

from bot.context import Casebot
from storage.crypto import FORMAT_V1, CryptoError, FieldCipher, client_key_purpose, keyring_purpose
from storage.models import ClientKey, KeyringEntry


@dataclass
class ScanReport:
    problems: list[str] = field(default_factory=list)
    cells: int = 0
    decrypted: int = 0
    tables: list[str] = field(default_factory=list)


def installation_keys(app: Casebot) -> list[tuple[str, bytes]]:
    """Every key the installation can unwrap now: client data keys and named keyring keys."""
    wrapper = app.keyring.wrapper
    keys: list[tuple[str, bytes]] = []
    with app.db.transaction(write=False) as session:
        for row in session.scalars(select(ClientKey).where(ClientKey.wrapped_key.is_not(None))):
            keys.append(
                (
                    f"client:{row.client_id}",
                    wrapper.unwrap(row.wrapped_key, purpose=client_key_purpose(row.client_id)),
                )
            )
        for entry in session.scalars(select(KeyringEntry)):
            keys.append(
                (
                    f"keyring:{entry.name}",
                    wrapper.unwrap(entry.wrapped_key, purpose=keyring_purpose(entry.name)),
                )
            )
    return keys


def _text_of(value: Any) -> tuple[str, bytes]:
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        return raw.decode("utf-8", "replace"), raw
    text = (
        json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, dict | list) else str(value)
    )
    return text, text.encode("utf-8")


def _try_decrypt(
    blob: bytes, *, table: str, column: str, row_ids: Iterable[str], keys: list[tuple[str, bytes]]
) -> str | None:
    if not blob.startswith(FORMAT_V1):
        return None
    field_name = column[: -len("_enc")] if column.endswith("_enc") else column
    for _, key in keys:
        for row_id in row_ids:
            try:
                plain = FieldCipher(key, table=table, row_id=row_id).decrypt_bytes(field_name, blob)
                return plain.decode("utf-8", errors="replace")  # a quarantined file's bytes too
            except CryptoError:
                continue
    return None


def scan_database(
    app: Casebot,
    *,
    canaries: Iterable[str],
    digests: Iterable[bytes] = (),
    blobs: Iterable[bytes] = (),
    keys: list[tuple[str, bytes]] | None = None,
) -> ScanReport:
    """Problems name table.column and row, never the value found."""
    needles = [c.lower() for c in canaries if c]
    digests = [d for d in digests if d]
    blobs = [b for b in blobs if b]
    keys = installation_keys(app) if keys is None else keys
    report = ScanReport()
    metadata = MetaData()
    with app.db.engine.connect() as conn:
        metadata.reflect(bind=conn)
        for table in metadata.sorted_tables:
            report.tables.append(table.name)
            pk = [c.name for c in table.primary_key.columns]
            for row in conn.execute(select(table)).mappings():
                where = f"{table.name}[{', '.join(str(row[c]) for c in pk)}]"
                ids = {str(v) for k, v in row.items() if v is not None and (k in pk or k.endswith("id"))}
                for column, value in row.items():
                    if value is None:
                        continue
                    report.cells += 1
                    text, raw = _text_of(value)
                    lowered = text.lower()
                    if any(n in lowered for n in needles):
                        report.problems.append(f"{where}.{column}: plaintext canary")
                    if any(d in raw for d in digests):
                        report.problems.append(f"{where}.{column}: blind-index digest of a canary")
                    if any(b in raw for b in blobs):
                        report.problems.append(f"{where}.{column}: a destroyed key or old ciphertext")
                    if isinstance(value, bytes | bytearray | memoryview):
                        plain = _try_decrypt(raw, table=table.name, column=column, row_ids=ids, keys=keys)
                        if plain is not None:
                            report.decrypted += 1
                            if any(n in plain.lower() for n in needles):
                                report.problems.append(f"{where}.{column}: canary after decryption")
    return report
