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
import re
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
from storage.audit_witness import WitnessConflict, WitnessCopy, WitnessError
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


def checkpoint_document(cp: AuditCheckpoint, *, public_key: bytes) -> str:
    """The signed checkpoint as every copy holds it: payload, signature and the public key, as JSON.

    No PII: sizes, hashes, a time and a signature. The same text goes to the
    folder, the S3 bucket and the Slack channel, so copies compare as text.
    """
    document = {
        "checkpoint": payload(cp),
        "signature": cp.signature,
        "public_key": base64.b64encode(public_key).decode(),
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True, slots=True)
class SignedCopy:
    """A checkpoint copy read back from anywhere, parsed; ``source`` names it in a verify line."""

    source: str
    body: dict[str, Any]
    signature: bytes
    public_key: bytes

    @property
    def tree_size(self) -> int:
        return int(self.body["tree_size"])

    def same_as(self, other: SignedCopy) -> bool:
        return (self.body, self.signature, self.public_key) == (other.body, other.signature, other.public_key)


def parse_copy(text: str, *, source: str) -> SignedCopy:
    """Raises ValueError when ``text`` is not a checkpoint document."""
    try:
        document = json.loads(text)
        body = dict(document["checkpoint"])
        int(body["tree_size"])
        return SignedCopy(
            source=source,
            body=body,
            signature=base64.b64decode(document["signature"], validate=True),
            public_key=base64.b64decode(document["public_key"], validate=True),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{source} is not a checkpoint document") from exc


_NAME = re.compile(r"^checkpoint-(\d{12})\.json$")


class CheckpointMirror:
    """Checkpoint copies as one JSON file each, written once and never changed.

    A witness only when the folder is elsewhere than the data directory (other
    storage, a WORM mount): under it, whoever can rewrite the database can
    delete or rewrite the copies too, so there it is a convenience copy.
    """

    kind = "folder"

    def __init__(self, directory: Path, *, data_dir: Path | None = None) -> None:
        self.directory = directory
        self.local = data_dir is not None and _inside(directory, data_dir)

    @property
    def name(self) -> str:
        return f"folder:{self.directory}"

    def path_for(self, tree_size: int) -> Path:
        return self.directory / f"checkpoint-{tree_size:012d}.json"

    def write(self, cp: AuditCheckpoint, *, public_key: bytes) -> Path:
        self.publish(tree_size=cp.tree_size, document=checkpoint_document(cp, public_key=public_key))
        return self.path_for(cp.tree_size)

    def publish(self, *, tree_size: int, document: str) -> None:
        try:
            private_dir(self.directory)
            target = self.path_for(tree_size)
            if target.exists():
                if target.read_text() != document:
                    raise WitnessConflict()
                return
            tmp = target.with_suffix(".tmp")
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as fh:
                fh.write(document)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o400)  # read-only, and only for casebot's own account
            os.replace(tmp, target)
        except OSError as exc:
            raise WitnessError(type(exc).__name__) from None

    def held_sizes(self) -> set[int]:
        """The tree sizes with a copy here, from one directory listing."""
        if not self.directory.is_dir():
            return set()
        return {int(m[1]) for name in os.listdir(self.directory) if (m := _NAME.match(name))}

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        path = self.path_for(tree_size)
        if not path.exists():
            return None
        try:
            return WitnessCopy(tree_size, path.read_text())
        except OSError:
            return WitnessCopy(tree_size, None)

    def list(self) -> list[WitnessCopy]:
        return [c for size in sorted(self.held_sizes()) if (c := self.read(tree_size=size)) is not None]

    def check(self) -> str | None:
        if self.directory.exists() and not self.directory.is_dir():
            return f"{self.directory} is not a folder"
        return None

    def read_all(self) -> tuple[list[SignedCopy], list[str]]:
        """Every copy, oldest first, and the files that could not be read (named, not skipped silently)."""
        found: list[SignedCopy] = []
        unreadable: list[str] = []
        if not self.directory.is_dir():
            return found, unreadable
        for path in sorted(self.directory.glob("checkpoint-*.json")):
            try:
                found.append(parse_copy(path.read_text(), source=f"off-host copy {path.name}"))
            except (OSError, ValueError):
                unreadable.append(path.name)
        return found, unreadable


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.expanduser().resolve().is_relative_to(folder.expanduser().resolve())
    except OSError:
        return True
