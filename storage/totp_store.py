"""TOTP secrets at rest: AES-256-GCM under the keyring's "totp" key, bound to the person's row.

The secret is the whole second factor, so it is never stored, logged or
returned in plaintext outside this module's callers in ``bot.sharing.identity``.
A ciphertext copied onto another person's row does not decrypt.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from storage.crypto import FieldCipher
from storage.keys import Keyring
from storage.models import TotpEnrollment

KEY_NAME = "totp"
TABLE = "totp_enrollments"
COLUMN = "secret"


def _cipher(session: Session, keyring: Keyring, slack_user_id: str) -> FieldCipher:
    return FieldCipher(keyring.ensure_named_key(session, KEY_NAME), table=TABLE, row_id=slack_user_id)


def get(session: Session, *, slack_user_id: str) -> TotpEnrollment | None:
    return session.get(TotpEnrollment, slack_user_id)


def secret_of(session: Session, *, keyring: Keyring, row: TotpEnrollment) -> str:
    value = _cipher(session, keyring, row.slack_user_id).decrypt(COLUMN, row.secret_enc)
    assert value is not None
    return value


def put_unconfirmed(session: Session, *, keyring: Keyring, slack_user_id: str, secret: str) -> TotpEnrollment:
    """Store a new, unconfirmed secret (replacing an earlier unconfirmed one)."""
    blob = _cipher(session, keyring, slack_user_id).encrypt(COLUMN, secret)
    assert blob is not None
    row = session.get(TotpEnrollment, slack_user_id)
    if row is None:
        row = TotpEnrollment(slack_user_id=slack_user_id, secret_enc=blob)
        session.add(row)
    else:
        row.secret_enc, row.confirmed_at, row.created_at = blob, None, datetime.now(UTC)
    session.flush()
    return row


def delete(session: Session, *, slack_user_id: str) -> bool:
    row = session.get(TotpEnrollment, slack_user_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
