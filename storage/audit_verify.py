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
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.audit import GENESIS, chain, hash_fields
from storage.audit_checkpoints import (
    CheckpointMirror,
    MirroredCheckpoint,
    leaf_of,
    payload,
    signature_ok,
    signed_bytes,
)
from storage.db import Database
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


def check_rows(
    rows: Iterable[Row], *, first: int, last: int, prev_chain: str
) -> tuple[int | None, str | None]:
    """Rows ``first..last`` are all there, in order, unmodified and chained. Returns (bad seq, problem)."""
    want, prev = first, prev_chain
    for seq, occurred_at, actor, action, client_id, detail, row_hash, chain_hash in rows:
        if seq != want:
            what = "removed" if seq > want else "inserted or reordered"
            return want, f"row {want} {what} (found row {seq} in its place)"
        if (
            hash_fields(
                seq=seq,
                occurred_at=occurred_at,
                actor=actor,
                action=action,
                client_id=client_id,
                detail=detail,
            )
            != row_hash
        ):
            return seq, f"row {seq} was modified: its content no longer matches its hash"
        if chain(prev, row_hash) != chain_hash:
            return seq, f"row {seq} does not chain to row {seq - 1} (inserted, reordered or modified)"
        prev, want = chain_hash, want + 1
    if want <= last:
        return want, f"row {want} removed"
    return None, None


def check_roots(
    hashes: Iterable[tuple[int, str, str]], *, expected: list[_Expected]
) -> tuple[int, int | None, str | None]:
    """Rebuild the Merkle tree from the stored row hashes and compare it with every signed root.

    Returns (rows seen, bad seq, problem). A checkpoint that covers more rows
    than exist means the log was cut back.
    """
    checks = sorted(expected, key=lambda e: e.tree_size)
    pending = 0
    frontier = Frontier()
    for _, row_hash, chain_hash in hashes:
        frontier.append(leaf_of(row_hash))
        while pending < len(checks) and checks[pending].tree_size == frontier.size:
            check = checks[pending]
            if frontier.root().hex() != check.root_hash or chain_hash != check.chain_hash:
                return (
                    frontier.size,
                    None,
                    (
                        f"{check.source} at tree size {check.tree_size} no longer matches the rows: "
                        f"a row at or before {check.tree_size} was rewritten"
                    ),
                )
            pending += 1
    if pending < len(checks):
        check = checks[pending]
        return (
            frontier.size,
            frontier.size + 1,
            (
                f"the log ends at row {frontier.size} but {check.source} covers {check.tree_size} rows: "
                f"rows {frontier.size + 1}..{check.tree_size} were removed"
            ),
        )
    return frontier.size, None, None


_COLUMNS = "seq, occurred_at, actor, action, client_id, detail, row_hash, chain_hash"


def _rows(session: Session, first: int, last: int) -> Iterable[Row]:
    """Rows straight from the driver: the ORM's per-value conversions cost more than the hashing."""
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    cursor = conn.connection.driver_connection.cursor()
    range_ = "? AND ?" if sqlite else "%s AND %s"
    sql = f"SELECT {_COLUMNS} FROM audit_events WHERE seq BETWEEN {range_} ORDER BY seq"  # noqa: S608
    cursor.execute(sql, (first, last))
    try:
        while batch := cursor.fetchmany(10000):
            for seq, at, *rest in batch:
                # SQLite keeps UTC as text; PostgreSQL hands back an aware datetime.
                when = datetime.fromisoformat(at).replace(tzinfo=UTC) if sqlite else at
                yield (seq, when, *rest)  # type: ignore[misc]
    finally:
        cursor.close()


def _prev_chain(session: Session, first: int) -> str:
    if first == 1:
        return GENESIS
    return session.scalar(select(AuditEvent.chain_hash).where(AuditEvent.seq == first - 1)) or GENESIS


def _check_range(url: str, first: int, last: int) -> tuple[int | None, str | None]:
    """One worker's share of a parallel verify (a separate process with its own connection)."""
    db = Database(url)
    try:
        with db.transaction(write=False) as session:
            return check_rows(
                _rows(session, first, last), first=first, last=last, prev_chain=_prev_chain(session, first)
            )
    finally:
        db.dispose()


PARALLEL_FROM = 200_000


def verify_log(
    session: Session,
    *,
    public_key: bytes | None,
    mirror: CheckpointMirror | None,
    database_url: str | None = None,
    workers: int | None = None,
) -> AuditReport:
    """Verify everything; ``public_key`` is the audit signing key's (None when it cannot be loaded).

    Large logs are checked by one worker process per core (``database_url``
    lets them connect); ``workers`` overrides the choice, for tests.
    """
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

    last = session.scalar(select(func.max(AuditEvent.seq))) or 0
    hashes = session.execute(
        select(AuditEvent.seq, AuditEvent.row_hash, AuditEvent.chain_hash)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=20000)
    )
    if workers is None:
        workers = (os.cpu_count() or 1) if last >= PARALLEL_FROM and database_url else 1
    if workers > 1 and database_url:
        # Rows are checked in seq ranges by worker processes while this one rebuilds the Merkle tree.
        bounds = [(1 + last * k // workers, last * (k + 1) // workers) for k in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(_check_range, database_url, a, b) for a, b in bounds if a <= b]
            seen, root_seq, root_problem = check_roots(hashes, expected=expected)
            row_results = [f.result() for f in futures]
    else:
        seen, root_seq, root_problem = check_roots(hashes, expected=expected)
        row_results = [check_rows(_rows(session, 1, last), first=1, last=last, prev_chain=GENESIS)]
    report.rows = seen
    bad = [(seq, problem) for seq, problem in row_results if problem]
    if bad:
        seq, problem = min(bad, key=lambda b: b[0] or 0)
        report.fail(problem, seq=seq)
    elif root_problem:
        report.fail(root_problem, seq=root_seq)
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
