"""Signed Merkle checkpoints of the audit log, and their off-host copies.

A checkpoint commits to every audit row so far with one RFC 6962 root, signed
with an Ed25519 key that is not a data key. Copies go to a second location (a
directory that can live on other storage: a mounted share, a WORM bucket
mount), so someone who rewrites the database, even with the master key, cannot
rewrite what was already copied out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit import canonical_json, lock_checkpoints
from storage.merkle import Frontier, leaf_hash
from storage.models import AuditCheckpoint, AuditEvent
from storage.private_files import private_dir

LOG_NAME = "casebot-audit/v1"
SIGNING_KEY = "audit_signing"


def key_id_of(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


class CheckpointSigner:
    """Ed25519 over the canonical checkpoint payload; the seed lives wrapped in the keyring."""

    def __init__(self, seed: bytes) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id_of(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


def signature_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def payload(cp: AuditCheckpoint) -> dict[str, Any]:
    """What is signed: everything a verifier needs except the frontier (derivable from the rows)."""
    return {
        "log": LOG_NAME,
        "tree_size": cp.tree_size,
        "root_hash": cp.root_hash,
        "chain_hash": cp.chain_hash,
        "created_at": cp.created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "key_id": cp.key_id,
    }


def signed_bytes(body: dict[str, Any]) -> bytes:
    return canonical_json(body).encode()


def leaf_of(row_hash: str) -> bytes:
    """The RFC 6962 leaf for an audit row: the hash of its row hash."""
    return leaf_hash(bytes.fromhex(row_hash))


def latest(session: Session) -> AuditCheckpoint | None:
    return session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size.desc()).limit(1))


def write_checkpoint(
    session: Session, *, signer: CheckpointSigner, now: datetime | None = None
) -> AuditCheckpoint | None:
    """Extend the last checkpoint with the rows since, sign, and store. None when nothing is new.

    Serialized with audit writers, so concurrent bot processes agree on one
    sequence of checkpoints.
    """
    lock_checkpoints(session)
    last = latest(session)
    frontier = Frontier() if last is None else Frontier.from_hex(last.tree_size, json.loads(last.frontier))
    chain_hash = None
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.row_hash, AuditEvent.chain_hash)
        .where(AuditEvent.seq > frontier.size)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=5000)
    )
    for seq, row_hash, chain in rows:
        if seq != frontier.size + 1:
            raise ValueError(f"audit sequence gap at {frontier.size + 1}; run `casebot audit verify`")
        frontier.append(leaf_of(row_hash))
        chain_hash = chain
    if chain_hash is None:
        return None
    cp = AuditCheckpoint(
        tree_size=frontier.size,
        root_hash=frontier.root().hex(),
        chain_hash=chain_hash,
        frontier=json.dumps(frontier.to_hex()),
        created_at=(now or datetime.now(UTC)).replace(microsecond=0),
        key_id=signer.key_id,
        signature="",
    )
    cp.signature = base64.b64encode(signer.sign(signed_bytes(payload(cp)))).decode()
    session.add(cp)
    session.flush()
    return cp


@dataclass(frozen=True, slots=True)
class MirroredCheckpoint:
    path: Path
    body: dict[str, Any]
    signature: bytes
    public_key: bytes

    @property
    def tree_size(self) -> int:
        return int(self.body["tree_size"])


class CheckpointMirror:
    """Checkpoint copies as one JSON file each, written once and never changed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, tree_size: int) -> Path:
        return self.directory / f"checkpoint-{tree_size:012d}.json"

    def write(self, cp: AuditCheckpoint, *, public_key: bytes) -> Path:
        private_dir(self.directory)
        document = {
            "checkpoint": payload(cp),
            "signature": cp.signature,
            "public_key": base64.b64encode(public_key).decode(),
        }
        text = json.dumps(document, indent=2, sort_keys=True) + "\n"
        target = self.path_for(cp.tree_size)
        if target.exists():
            if target.read_text() != text:
                raise FileExistsError(f"{target} exists with different content; refusing to overwrite")
            return target
        tmp = target.with_suffix(".tmp")
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o400)  # read-only, and only for casebot's own account
        os.replace(tmp, target)
        return target

    def read_all(self) -> tuple[list[MirroredCheckpoint], list[str]]:
        """Every copy, oldest first, and the files that could not be read (named, not skipped silently)."""
        found: list[MirroredCheckpoint] = []
        unreadable: list[str] = []
        if not self.directory.is_dir():
            return found, unreadable
        for path in sorted(self.directory.glob("checkpoint-*.json")):
            try:
                document = json.loads(path.read_text())
                found.append(
                    MirroredCheckpoint(
                        path=path,
                        body=dict(document["checkpoint"]),
                        signature=base64.b64decode(document["signature"]),
                        public_key=base64.b64decode(document["public_key"]),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                unreadable.append(path.name)
        return found, unreadable
