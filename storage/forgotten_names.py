"""The table of forgotten names: digests in, digests out (``redaction.forgotten`` makes and reads them).

The digests are keyed with the keyring's ``forgotten_names`` key, a key of their own: the blind
indexes' key opens nothing here, and this key opens nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.keys import Keyring
from storage.models import ForgottenName

KEY_NAME = "forgotten_names"


def key(session: Session, *, keyring: Keyring) -> bytes:
    return keyring.ensure_named_key(session, KEY_NAME)


def add(session: Session, digests: Iterable[bytes]) -> int:
    """Keep ``digests`` (those already kept are skipped); returns how many were new."""
    wanted = set(digests)
    if not wanted:
        return 0
    have = set(session.scalars(select(ForgottenName.digest).where(ForgottenName.digest.in_(wanted))))
    new = wanted - have
    session.add_all(ForgottenName(digest=d) for d in sorted(new))
    session.flush()
    return len(new)


def all_digests(session: Session) -> frozenset[bytes]:
    return frozenset(session.scalars(select(ForgottenName.digest)))
