"""Client PII in and out of its encrypted columns.

This is the only module that turns plaintext PII into ciphertext and back.
``ClientPII`` never prints its values, so a stray log line or traceback that
holds one shows nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.crypto import BlindIndexer, FieldCipher, name_tokens
from storage.keys import Keyring
from storage.models import ENCRYPTED_CLIENT_COLUMNS, Client, ClientKey

TABLE = "clients"


@dataclass(frozen=True, slots=True, repr=False)
class ClientPII:
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    name_suffix: str | None = None
    ssn: str | None = None
    dob: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None

    def __repr__(self) -> str:
        present = [f.name for f in fields(self) if getattr(self, f.name) is not None]
        return f"ClientPII(<{len(present)} fields hidden: {', '.join(present)}>)"

    __str__ = __repr__


assert tuple(f.name for f in fields(ClientPII)) == ENCRYPTED_CLIENT_COLUMNS


def encrypt_pii(pii: ClientPII, *, client_id: str, data_key: bytes) -> dict[str, bytes | None]:
    """Ciphertext for every PII column, bound to this client's row."""
    cipher = FieldCipher(data_key, table=TABLE, row_id=client_id)
    out: dict[str, bytes | None] = {}
    for column in ENCRYPTED_CLIENT_COLUMNS:
        value = getattr(pii, column)
        if isinstance(value, date):
            value = value.isoformat()
        out[f"{column}_enc"] = cipher.encrypt(column, value)
    return out


def decrypt_pii(client: Client, *, data_key: bytes) -> ClientPII:
    cipher = FieldCipher(data_key, table=TABLE, row_id=client.client_id)
    values: dict[str, object] = {}
    for column in ENCRYPTED_CLIENT_COLUMNS:
        value = cipher.decrypt(column, getattr(client, f"{column}_enc"))
        values[column] = date.fromisoformat(value) if column == "dob" and value else value
    return ClientPII(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ClientIndexes:
    ssn_bidx: bytes | None
    dob_bidx: bytes | None
    name_dob_bidx: bytes | None
    name_digests: tuple[bytes, ...]

    def columns(self) -> dict[str, bytes | None]:
        return {"ssn_bidx": self.ssn_bidx, "dob_bidx": self.dob_bidx, "name_dob_bidx": self.name_dob_bidx}


def blind_indexes(pii: ClientPII, *, indexer: BlindIndexer) -> ClientIndexes:
    return ClientIndexes(
        ssn_bidx=indexer.ssn(pii.ssn),
        dob_bidx=indexer.dob(pii.dob),
        name_dob_bidx=indexer.name_dob(pii.first_name, pii.last_name, pii.dob),
        name_digests=tuple(
            indexer.name_token(t) for t in name_tokens(pii.first_name, pii.middle_name, pii.last_name)
        ),
    )


def iter_roster(session: Session, *, keyring: Keyring) -> Iterator[tuple[Client, ClientPII]]:
    """Every identified, current client with its decrypted PII, for the in-memory redaction index.

    Anonymous, deleted and shredded clients are not on the roster: there is no
    name to recognise, and their client ID keeps working elsewhere.
    """
    rows = session.execute(
        select(Client, ClientKey)
        .join(ClientKey, ClientKey.client_id == Client.client_id)
        .where(Client.deleted_at.is_(None), Client.anonymous.is_(False), ClientKey.wrapped_key.is_not(None))
        .order_by(Client.client_id)
        .execution_options(yield_per=2000)
    )
    for client, key in rows:
        yield client, decrypt_pii(client, data_key=keyring.client_key(key))
