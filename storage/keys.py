"""Where the master key comes from, the keyring it protects, and rotation.

Key file rules: created with O_EXCL and mode 0600 (never overwritten), refused
when group- or world-readable (like ssh does), and replaced only by rotation,
which writes the next key beside the current one *before* touching the
database. If rotation is interrupted, the loader finds whichever of the two
keys actually opens the keyring, so a crash can never strand the data.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from storage.crypto import (
    BlindIndexer,
    CryptoError,
    KeyWrapper,
    MasterKey,
    client_key_purpose,
    keyring_purpose,
    new_data_key,
)
from storage.db import Database, after_commit
from storage.models import ClientKey, KeyringEntry

BLIND_INDEX_KEY = "blind_index"


class KeyFileError(CryptoError):
    """The key file is missing, unsafe, or would be overwritten."""


def write_key_file(path: Path, key: MasterKey) -> None:
    """Create a new key file, readable by the owner only. Never replaces an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; refusing to overwrite a master key") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(key.to_text() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)


def read_key_file(path: Path) -> MasterKey:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyFileError(f"no master key at {path}: run `casebot init` or set CASEBOT_MASTER_KEY") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path} is readable by other users (mode {stat.S_IMODE(mode):o}); chmod 600 it")
    return MasterKey.from_text(path.read_text())


def next_key_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".next")


@dataclass(frozen=True, slots=True)
class KeySource:
    """Where the master key came from; rotation behaves differently for each."""

    key: MasterKey
    file: Path | None  # None when it came from the environment


def load_master_key(*, env_value: str | None, key_file: Path) -> KeySource:
    if env_value:
        return KeySource(MasterKey.from_text(env_value), None)
    return KeySource(read_key_file(key_file), key_file)


class Keyring:
    """Unwraps keys on demand under the current master key."""

    def __init__(self, master: MasterKey) -> None:
        self.master = master
        self.wrapper: KeyWrapper = master.kek()
        self._blind: BlindIndexer | None = None
        # A named key never changes once committed (rotation re-wraps it, never replaces it): read once
        # a process. Remembered only after the commit, so a rolled-back creation is never handed out.
        self._named: dict[str, bytes] = {}

    def ensure_named_key(self, session: Session, name: str) -> bytes:
        """The named key, created on first use (in the caller's transaction)."""
        if (known := self._named.get(name)) is not None:
            return known
        entry = session.get(KeyringEntry, name)
        if entry is None:
            key = new_data_key()
            session.add(
                KeyringEntry(
                    name=name,
                    wrapped_key=self.wrapper.wrap(key, purpose=keyring_purpose(name)),
                    kek_id=self.wrapper.key_id,
                )
            )
            session.flush()
        else:
            key = self.wrapper.unwrap(entry.wrapped_key, purpose=keyring_purpose(name))
        after_commit(session, lambda: self._named.setdefault(name, key))
        return key

    def blind_indexer(self, session: Session) -> BlindIndexer:
        if self._blind is None:
            self._blind = BlindIndexer(self.ensure_named_key(session, BLIND_INDEX_KEY))
        return self._blind

    def new_client_key(self, client_id: str) -> tuple[bytes, ClientKey]:
        key = new_data_key()
        row = ClientKey(
            client_id=client_id,
            wrapped_key=self.wrapper.wrap(key, purpose=client_key_purpose(client_id)),
            kek_id=self.wrapper.key_id,
        )
        return key, row

    def client_key(self, row: ClientKey) -> bytes:
        if row.wrapped_key is None:
            raise CryptoError(f"data key of client {row.client_id} was destroyed")
        return self.wrapper.unwrap(row.wrapped_key, purpose=client_key_purpose(row.client_id))


def keyring_kek_ids(db: Database) -> set[str]:
    with db.transaction(write=False) as session:
        ids = set(session.scalars(select(KeyringEntry.kek_id).distinct()))
        ids |= set(session.scalars(select(ClientKey.kek_id).where(ClientKey.kek_id.is_not(None)).distinct()))
    return ids


def resolve_master_key(*, db: Database, env_value: str | None, key_file: Path) -> KeySource:
    """The master key that opens this database, finishing an interrupted rotation if needed."""
    source = load_master_key(env_value=env_value, key_file=key_file)
    in_use = keyring_kek_ids(db)
    if not in_use or in_use == {source.key.key_id}:
        return source
    pending = next_key_path(key_file)
    if source.file is not None and pending.exists():
        candidate = read_key_file(pending)
        if in_use == {candidate.key_id}:
            os.replace(pending, key_file)
            _fsync_dir(key_file.parent)
            return KeySource(candidate, key_file)
    if source.key.key_id in in_use:
        raise CryptoError(
            "keys in the database are wrapped by more than one master key; "
            "re-run `casebot keys rotate` to finish the interrupted rotation"
        )
    raise CryptoError(
        f"master key {source.key.key_id} does not open this database (it was wrapped by "
        f"{', '.join(sorted(in_use))}); check CASEBOT_MASTER_KEY / the key file"
    )


@dataclass(frozen=True, slots=True)
class RotationResult:
    old_key_id: str
    new_key_id: str
    client_keys: int
    keyring_keys: int


def rotate(*, db: Database, old: MasterKey, new: MasterKey, batch_size: int = 5000) -> RotationResult:
    """Re-wrap every data key and keyring key under ``new`` in one transaction.

    Accepts keys already wrapped by ``new`` so a rotation interrupted after the
    commit (but before the key file swap) can simply be run again.
    """
    old_w, new_w = old.kek(), new.kek()
    now = datetime.now(UTC)
    n_clients = n_ring = 0
    with db.transaction() as session:
        for entry in session.scalars(select(KeyringEntry)).all():
            if entry.kek_id == new_w.key_id:
                continue
            purpose = keyring_purpose(entry.name)
            entry.wrapped_key = new_w.wrap(old_w.unwrap(entry.wrapped_key, purpose=purpose), purpose=purpose)
            entry.kek_id = new_w.key_id
            entry.rotated_at = now
            n_ring += 1
        while True:
            rows = session.execute(
                select(ClientKey.client_id, ClientKey.wrapped_key)
                .where(ClientKey.wrapped_key.is_not(None), ClientKey.kek_id != new_w.key_id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            params = []
            for client_id, wrapped in rows:
                purpose = client_key_purpose(client_id)
                params.append(
                    {
                        "b_client_id": client_id,
                        "wrapped_key": new_w.wrap(old_w.unwrap(wrapped, purpose=purpose), purpose=purpose),
                        "kek_id": new_w.key_id,
                    }
                )
            session.connection().execute(
                update(ClientKey.__table__)
                .where(ClientKey.__table__.c.client_id == bindparam("b_client_id"))
                .values(wrapped_key=bindparam("wrapped_key"), kek_id=bindparam("kek_id")),
                params,
            )
            n_clients += len(rows)
    return RotationResult(old.key_id, new.key_id, n_clients, n_ring)


def rotate_key_file(*, db: Database, key_file: Path) -> RotationResult:
    """Rotation for a file-held key: next key on disk first, then the database, then the swap."""
    old = read_key_file(key_file)
    pending = next_key_path(key_file)
    new = read_key_file(pending) if pending.exists() else MasterKey.generate()
    if not pending.exists():
        write_key_file(pending, new)
    result = rotate(db=db, old=old, new=new)
    os.replace(pending, key_file)
    _fsync_dir(key_file.parent)
    return result


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
