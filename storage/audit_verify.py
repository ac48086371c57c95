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
import hashlib
import multiprocessing
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.audit import GENESIS, canonical_row
from storage.audit_checkpoints import (
    CheckpointMirror,
    SignedCopy,
    parse_copy,
    payload,
    signature_ok,
    signed_bytes,
)
from storage.audit_witness import Witness, WitnessError
from storage.db import Database
from storage.merkle import Frontier, leaf_hash, node_hash
from storage.models import AuditCheckpoint, AuditEvent, AuditHead, AuditWitnessState

Row = tuple[int, str, str, str, str | None, str, str, str]


@dataclass
class AuditReport:
    rows: int = 0
    checkpoints: int = 0
    mirrored: int = 0
    witnessed: dict[str, int] = field(default_factory=dict)  # witness name -> copies checked
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


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """One chunk's verdict: its first problem, and the Merkle roots the main process needs."""

    bad_seq: int | None
    problem: str | None
    root: str | None  # root of the whole chunk (a perfect subtree, except the last chunk)
    roots_at: dict[int, tuple[str, str]]  # tree size -> (root of the chunk's part so far, chain hash)


def check_chunk(
    rows: Iterable[Row], *, first: int, last: int, prev_chain: str, sizes: set[int]
) -> ChunkResult:
    """Rows ``first..last``: all there, in order, unmodified and chained; Merkle roots at ``sizes``.

    Chunks start at multiples of a power of two, so each full chunk is a perfect
    subtree and the whole tree's root at any size is its chunks' roots folded
    with the partial root recorded here (see ``combine``).
    """
    sha256, fromhex = hashlib.sha256, bytes.fromhex
    want, prev = first, fromhex(prev_chain)
    frontier = Frontier()
    append = frontier.append
    roots_at: dict[int, tuple[str, str]] = {}
    for seq, iso, actor, action, client_id, detail, row_hash, chain_hash in rows:
        if seq != want:
            what = "removed" if seq > want else "inserted or reordered"
            return ChunkResult(want, f"row {want} {what} (found row {seq} in its place)", None, roots_at)
        if sha256(canonical_row(iso, actor, action, client_id, detail)).hexdigest() != row_hash:
            return ChunkResult(
                seq, f"row {seq} was modified: its content no longer matches its hash", None, roots_at
            )
        digest = fromhex(row_hash)
        link = sha256(prev + digest).digest()
        if link.hex() != chain_hash:
            problem = f"row {seq} does not chain to row {seq - 1} (inserted, reordered or modified)"
            return ChunkResult(seq, problem, None, roots_at)
        append(leaf_hash(digest))
        if seq in sizes:
            roots_at[seq] = (frontier.root().hex(), chain_hash)
        prev, want = link, want + 1
    if want <= last:
        return ChunkResult(want, f"row {want} removed", None, roots_at)
    return ChunkResult(None, None, frontier.root().hex(), roots_at)


def chunk_bounds(last: int, workers: int) -> list[tuple[int, int]]:
    """Split 1..last into at most ``workers`` chunks of one power-of-two size (the last may be short)."""
    if last == 0:
        return [(1, 0)]
    size = 1 << max(0, (-(-last // workers) - 1).bit_length())
    return [(a, min(a + size - 1, last)) for a in range(1, last + 1, size)]


def combine(
    chunks: list[ChunkResult], *, expected: list[_Expected], last: int
) -> tuple[int | None, str | None]:
    """Rebuild the whole tree's roots from the chunks and compare every signed one. Returns (seq, problem)."""
    claims = {e.tree_size: e for e in expected}
    done = (
        Frontier()
    )  # the chunks before the current one, each a perfect subtree, as leaves of a coarser tree
    for chunk in chunks:
        for size, (partial, chain_hash) in sorted(chunk.roots_at.items()):
            acc = bytes.fromhex(partial)
            for left in reversed(done.stack):
                acc = node_hash(left, acc)
            check = claims[size]
            if acc.hex() != check.root_hash or chain_hash != check.chain_hash:
                return None, (
                    f"{check.source} at tree size {size} no longer matches the rows: "
                    f"a row at or before {size} was rewritten"
                )
        if chunk.root is not None:
            done.append(bytes.fromhex(chunk.root))
    beyond = sorted(e.tree_size for e in expected if e.tree_size > last)
    if beyond:
        check = claims[beyond[0]]
        return last + 1, (
            f"the log ends at row {last} but {check.source} covers {check.tree_size} rows: "
            f"rows {last + 1}..{check.tree_size} were removed"
        )
    return None, None


def _rows(session: Session, first: int, last: int) -> Iterable[Row]:
    """Rows straight from the driver, the timestamp already as the canonical UTC text.

    The ORM's per-value conversions, and datetime objects with a database time
    zone attached, cost more than the hashing itself. PostgreSQL streams the rows
    as COPY text (half the cost of a cursor's per-value conversions), so a
    million rows never sit in memory at once.
    """
    conn = session.connection()
    driver = conn.connection.driver_connection
    first, last = int(first), int(last)
    columns = "actor, action, client_id, detail, row_hash, chain_hash"
    if conn.dialect.name == "sqlite":
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC.
        cursor = driver.cursor()
        try:
            cursor.execute(
                f"SELECT seq, replace(occurred_at, ' ', 'T') || '+00:00', {columns} "  # noqa: S608
                "FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq",
                (first, last),
            )
            while batch := cursor.fetchmany(10000):
                yield from batch
        finally:
            cursor.close()
        return
    when = "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
    sql = (
        f"COPY (SELECT seq, {when}, {columns} FROM audit_events "  # noqa: S608
        f"WHERE seq BETWEEN {first} AND {last} ORDER BY seq) TO STDOUT"
    )
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        rest = b""
        for block in copy:
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield _copy_row(line)
        if rest:  # COPY ends every row with a line break; anything after the last one is a row too
            yield _copy_row(rest)


_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_COPY_ESCAPE = re.compile(r"\\(.)")


def _copy_value(field: str) -> str | None:
    if "\\" not in field:
        return field
    if field == "\\N":
        return None
    return _COPY_ESCAPE.sub(lambda m: _COPY_ESCAPES.get(m[1], m[1]), field)


def _copy_row(line: bytes) -> Row:
    """One line of COPY text format: tab-separated, NULL as \\N, and backslash escapes where a
    value holds a backslash, tab or line break (a JSON escape in a detail, or a tampered row)."""
    text_ = line.decode()
    fields = [_copy_value(f) for f in text_.split("\t")] if "\\" in text_ else text_.split("\t")
    seq, iso, actor, action, client_id, detail, row_hash, chain_hash = fields
    return (int(seq), iso, actor, action, client_id, detail, row_hash, chain_hash)  # type: ignore[arg-type]


def _prev_chain(session: Session, first: int) -> str:
    if first == 1:
        return GENESIS
    return session.scalar(select(AuditEvent.chain_hash).where(AuditEvent.seq == first - 1)) or GENESIS


def _check_range(url: str, first: int, last: int, sizes: set[int]) -> ChunkResult:
    """One worker's chunk of a parallel verify (a separate process with its own connection)."""
    db = Database(url)
    try:
        with db.transaction(write=False) as session:
            return check_chunk(
                _rows(session, first, last),
                first=first,
                last=last,
                prev_chain=_prev_chain(session, first),
                sizes=sizes,
            )
    finally:
        db.dispose()


PARALLEL_FROM = 200_000
GRACE = timedelta(minutes=10)


def verify_log(
    session: Session,
    *,
    public_key: bytes | None,
    mirror: CheckpointMirror | None,
    witnesses: Sequence[Witness] = (),
    database_url: str | None = None,
    workers: int | None = None,
    now: datetime | None = None,
    grace: timedelta = GRACE,
) -> AuditReport:
    """Verify everything; ``public_key`` is the audit signing key's (None when it cannot be loaded).

    ``witnesses`` are the places copies go that the database's owner cannot
    rewrite (S3 with Object Lock, a Slack channel). Every copy they hold must
    verify and match the rows; a checkpoint a witness should hold and does not
    fails, unless it is younger than ``grace`` (not yet published). With any
    witness configured (or the folder on other storage) the folder's copies
    are held to the same rule; otherwise a missing folder copy is a warning.

    Large logs are checked by one worker process per core (``database_url``
    lets them connect); ``workers`` overrides the choice, for tests.
    """
    now = now or datetime.now(UTC)
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

    strict = any(not w.local for w in witnesses) or (mirror is not None and not mirror.local)
    outside: dict[int, SignedCopy] = {}  # copies of checkpoints the database no longer holds
    if mirror is not None:
        copies, unreadable = mirror.read_all()
        if unreadable:
            return report.fail(f"off-host checkpoint copies could not be read: {', '.join(unreadable)}")
        report.mirrored = len(copies)
        problem = _check_copies(copies, by_size=by_size, public_key=public_key, outside=outside)
        if problem:
            return report.fail(problem)
        held = {c.tree_size for c in copies}
        missing = sorted(set(by_size) - held)
        overdue = [n for n in missing if by_size[n].created_at < now - grace]
        if strict and overdue:
            return report.fail(
                f"folder {mirror.directory} has no copy of checkpoint {overdue[0]}"
                + (f" (nor of {len(overdue) - 1} more)" if len(overdue) > 1 else "")
                + ": the copies were removed"
            )
        if missing:
            report.warnings.append(
                f"{len(missing)} checkpoint(s) not yet copied off-host (newest {missing[-1]}); "
                "the next checkpoint run copies them"
            )
        if not strict and mirror.local:
            report.warnings.append(
                f"the only checkpoint copies are in {mirror.directory}, under the data directory: "
                "whoever can rewrite the database can rewrite them too (configure a witness)"
            )

    for witness in witnesses:
        problem = _check_witness(
            session,
            witness,
            by_size=by_size,
            public_key=public_key,
            outside=outside,
            report=report,
            now=now,
            grace=grace,
        )
        if problem:
            return report.fail(problem)
    for size, copy in sorted(outside.items()):
        expected.append(
            _Expected(size, str(copy.body["root_hash"]), str(copy.body["chain_hash"]), copy.source)
        )

    last = session.scalar(select(func.max(AuditEvent.seq))) or 0
    sizes = {e.tree_size for e in expected}
    if workers is None:
        workers = (os.cpu_count() or 1) if last >= PARALLEL_FROM and database_url else 1
    bounds = chunk_bounds(last, workers)
    if len(bounds) > 1 and database_url:
        with ProcessPoolExecutor(len(bounds), mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [
                pool.submit(_check_range, database_url, a, b, {n for n in sizes if a <= n <= b})
                for a, b in bounds
            ]
            chunks = [f.result() for f in futures]
    else:
        chunks = [check_chunk(_rows(session, 1, last), first=1, last=last, prev_chain=GENESIS, sizes=sizes)]
    bad = [c for c in chunks if c.problem]
    if bad:
        first_bad = min(bad, key=lambda c: c.bad_seq or 0)
        report.rows = (first_bad.bad_seq or 1) - 1
        report.fail(first_bad.problem or "", seq=first_bad.bad_seq)
    else:
        report.rows = last
        seq, problem = combine(chunks, expected=expected, last=last)
        if problem:
            report.fail(problem, seq=seq)
        else:
            _check_head(session, last=last, report=report)
    if report.ok and outside:
        size, copy = min(outside.items())
        where = (
            "the off-host copies" if copy.source.startswith("off-host") else copy.source.split("'s copy")[0]
        )
        report.fail(f"checkpoint {size} is in {where} but missing from the database")
    return report


def _check_witness(
    session: Session,
    witness: Witness,
    *,
    by_size: dict[int, AuditCheckpoint],
    public_key: bytes | None,
    outside: dict[int, SignedCopy],
    report: AuditReport,
    now: datetime,
    grace: timedelta,
) -> str | None:
    """Every copy the witness holds is genuine and agrees with the database; none it should hold is gone."""
    name = f"witness {witness.name}"
    try:
        held_copies = witness.list()
    except WitnessError as exc:
        return f"{name} could not be read ({exc.code}): its copies cannot be checked"
    parsed: list[SignedCopy] = []
    for held in held_copies:
        if held.tampering:
            return f"{name}: checkpoint {held.tree_size} {held.tampering}"
        if held.document is None:
            return f"{name}: the copy of checkpoint {held.tree_size} cannot be read"
        try:
            copy = parse_copy(held.document, source=f"{name}'s copy of checkpoint {held.tree_size}")
        except ValueError:
            return f"{name}: the copy of checkpoint {held.tree_size} is not a checkpoint document"
        if copy.tree_size != held.tree_size:
            return f"{name}: the copy filed as checkpoint {held.tree_size} is of tree size {copy.tree_size}"
        parsed.append(copy)
    first: dict[int, SignedCopy] = {}
    for copy in parsed:
        if copy.tree_size in first and not first[copy.tree_size].same_as(copy):
            return f"{name} holds two different copies of checkpoint {copy.tree_size}"
        first.setdefault(copy.tree_size, copy)
    problem = _check_copies(list(first.values()), by_size=by_size, public_key=public_key, outside=outside)
    if problem:
        return problem
    report.witnessed[witness.name] = len(first)

    state = session.get(AuditWitnessState, witness.name)
    starts = [
        n for n in (min(first, default=None), state.first_published if state else None) if n is not None
    ]
    if starts:
        start = min(starts)
    elif by_size:
        start = max(by_size)  # a witness begins with the newest checkpoint when it is first configured
    else:
        return None
    published = state.published_through if state and state.published_through is not None else 0
    pending, minutes = 0, int(grace.total_seconds() // 60)
    for size in sorted(n for n in by_size if n >= start and n not in first):
        if size <= published:
            return (
                f"{name} has no copy of checkpoint {size}, which casebot published to it: "
                "the copy was removed"
            )
        if by_size[size].created_at < now - grace:
            return (
                f"{name} has no copy of checkpoint {size}, signed more than {minutes} minutes ago: "
                "it was never published (see `casebot incidents list --open`)"
            )
        pending += 1
    if pending:
        report.warnings.append(f"{pending} recent checkpoint(s) not yet published to {name}")
    return None


def _check_copies(
    copies: Sequence[SignedCopy],
    *,
    by_size: dict[int, AuditCheckpoint],
    public_key: bytes | None,
    outside: dict[int, SignedCopy],
) -> str | None:
    for copy in copies:
        name = copy.source
        if public_key is not None and copy.public_key != public_key:
            return f"{name} was signed by another key ({copy.body.get('key_id')})"
        if not signature_ok(copy.public_key, signed_bytes(copy.body), copy.signature):
            return f"{name}: signature does not verify"
        held = by_size.get(copy.tree_size)
        if held is None:
            other = outside.setdefault(copy.tree_size, copy)
            if other is not copy and other.body != copy.body:
                return f"{other.source} and {name} hold different checkpoints at tree size {copy.tree_size}"
            continue
        if payload(held) != copy.body:
            return f"checkpoint {copy.tree_size} in the database differs from {name}"
    return None


def _check_head(session: Session, *, last: int, report: AuditReport) -> None:
    """The chain tip appenders keep must name the last row: a tail cut since the last checkpoint shows."""
    head = session.get(AuditHead, 1)
    tip = session.scalar(select(AuditEvent.chain_hash).where(AuditEvent.seq == last)) if last else GENESIS
    if head is None:
        report.fail("the audit head row is missing")
    elif head.seq > last:
        report.fail(
            f"the log ends at row {last} but the audit head counts {head.seq}: "
            f"rows {last + 1}..{head.seq} were removed",
            seq=last + 1,
        )
    elif head.seq < last or head.chain_hash != tip:
        report.fail(
            f"rows after {head.seq} were not appended through casebot (the audit head is at {head.seq})",
            seq=head.seq + 1,
        )
