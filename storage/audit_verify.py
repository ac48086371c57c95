"""Verifying the audit log: rows, chain, checkpoints, signatures and off-host copies.

One pass over the rows recomputes every row hash, the chain and the Merkle
frontier, and compares the root at each checkpoint's size with what was
signed, in the database and in the off-host copies. It stops at the first
problem and names it: the sequence number that was modified, removed,
inserted or reordered, or the checkpoint that no longer matches (a log cut
back below a checkpoint is caught because the checkpoint covers more rows
than are left).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.audit import GENESIS, chain, hash_row, row_payload
from storage.audit_checkpoints import (
    CheckpointMirror,
    MirroredCheckpoint,
    leaf_of,
    payload,
    signature_ok,
    signed_bytes,
)
from storage.merkle import Frontier
from storage.models import AuditCheckpoint, AuditEvent

Row = tuple[int, datetime, str, str, str | None, str, str, str]


@dataclass
class AuditReport:
    rows: int = 0
    checkpoints: int = 0
    mirrored: int = 0
    first_bad_seq: int | None = None
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def fail(self, problem: str, *, seq: int | None = None) -> AuditReport:
        if self.problem is None:
            self.problem, self.first_bad_seq = problem, seq
        return self


@dataclass(frozen=True, slots=True)
class _Expected:
    """A root the rows must reproduce at ``tree_size``, and where that claim came from."""

    tree_size: int
    root_hash: str
    chain_hash: str
    source: str


def _row_hash(row: Row) -> str:
    seq, occurred_at, actor, action, client_id, detail, _, _ = row
    body = row_payload(
        seq=seq, occurred_at=occurred_at, actor=actor, action=action, client_id=client_id, detail=detail
    )
    return hash_row(body)


def verify_rows(rows: Iterable[Row], *, expected: list[_Expected], report: AuditReport) -> AuditReport:
    """The one pass: sequence, row hashes, chain, and Merkle roots at every expected size."""
    checks = sorted(expected, key=lambda e: e.tree_size)
    pending = 0
    prev = GENESIS
    frontier = Frontier()
    for row in rows:
        seq, row_hash, chain_hash = row[0], row[6], row[7]
        want = frontier.size + 1
        if seq != want:
            what = "removed" if seq > want else "inserted or reordered"
            return report.fail(f"row {want} {what} (found row {seq} in its place)", seq=want)
        if _row_hash(row) != row_hash:
            return report.fail(f"row {seq} was modified: its content no longer matches its hash", seq=seq)
        if chain(prev, row_hash) != chain_hash:
            return report.fail(
                f"row {seq} does not chain to row {seq - 1} (inserted, reordered or modified)", seq=seq
            )
        prev = chain_hash
        frontier.append(leaf_of(row_hash))
        report.rows = frontier.size
        while pending < len(checks) and checks[pending].tree_size == frontier.size:
            check = checks[pending]
            if frontier.root().hex() != check.root_hash or chain_hash != check.chain_hash:
                return report.fail(
                    f"{check.source} at tree size {check.tree_size} no longer matches the rows: "
                    f"a row at or before {check.tree_size} was rewritten",
                    seq=None,
                )
            pending += 1
    if pending < len(checks):
        check = checks[pending]
        return report.fail(
            f"the log ends at row {frontier.size} but {check.source} covers {check.tree_size} rows: "
            f"rows {frontier.size + 1}..{check.tree_size} were removed",
            seq=frontier.size + 1,
        )
    return report


def verify_log(session: Session, *, public_key: bytes | None, mirror: CheckpointMirror | None) -> AuditReport:
    """Verify everything; ``public_key`` is the audit signing key's (None when it cannot be loaded)."""
    report = AuditReport()
    expected: list[_Expected] = []
    db_checkpoints = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size)))
    report.checkpoints = len(db_checkpoints)
    by_size = {cp.tree_size: cp for cp in db_checkpoints}
    for cp in db_checkpoints:
        source = f"checkpoint {cp.tree_size}"
        if public_key is None or not signature_ok(
            public_key, signed_bytes(payload(cp)), base64.b64decode(cp.signature)
        ):
            return report.fail(f"{source}: signature does not verify with the audit signing key")
        expected.append(_Expected(cp.tree_size, cp.root_hash, cp.chain_hash, source))

    orphans: list[int] = []
    if mirror is not None:
        copies, unreadable = mirror.read_all()
        if unreadable:
            return report.fail(f"off-host checkpoint copies could not be read: {', '.join(unreadable)}")
        report.mirrored = len(copies)
        problem = _check_copies(copies, by_size=by_size, public_key=public_key, expected=expected)
        if problem:
            return report.fail(problem)
        orphans = sorted({c.tree_size for c in copies} - set(by_size))
        missing = sorted(set(by_size) - {c.tree_size for c in copies})
        if missing:
            report.warnings.append(
                f"{len(missing)} checkpoint(s) not yet copied off-host (newest {missing[-1]}); "
                "the next checkpoint run copies them"
            )

    rows = session.execute(
        select(
            AuditEvent.seq,
            AuditEvent.occurred_at,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.client_id,
            AuditEvent.detail,
            AuditEvent.row_hash,
            AuditEvent.chain_hash,
        )
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=10000)
    )
    verify_rows((tuple(r) for r in rows), expected=expected, report=report)  # type: ignore[misc]
    if report.ok and mirror is not None and orphans:
        report.fail(f"checkpoint {orphans[0]} is in the off-host copies but missing from the database")
    return report


def _check_copies(
    copies: list[MirroredCheckpoint],
    *,
    by_size: dict[int, AuditCheckpoint],
    public_key: bytes | None,
    expected: list[_Expected],
) -> str | None:
    for copy in copies:
        name = f"off-host copy {copy.path.name}"
        if public_key is not None and copy.public_key != public_key:
            return f"{name} was signed by another key ({copy.body.get('key_id')})"
        if not signature_ok(copy.public_key, signed_bytes(copy.body), copy.signature):
            return f"{name}: signature does not verify"
        held = by_size.get(copy.tree_size)
        if held is None:
            expected.append(
                _Expected(copy.tree_size, str(copy.body["root_hash"]), str(copy.body["chain_hash"]), name)
            )
            continue
        if payload(held) != copy.body:
            return f"checkpoint {copy.tree_size} in the database differs from its {name}"
    return None
