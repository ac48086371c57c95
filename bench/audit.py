"""Benchmark: audit log append rate (1 and 4 concurrent writers) and verification rate.

Two kinds of append, each its own transaction: a standalone event (``audit.append``:
a redaction, a refusal, a failed attempt; the bulk of the log) and an event inside a
transaction that also changes something (``audit.record``, as a disclosure does).
Writers are separate processes, like bot replicas. Verification is `casebot audit verify`'s code over
a log of --verify-rows rows with a signed checkpoint at the end. Prints figures;
asserts nothing.

    .venv/bin/python bench/audit.py                                   # SQLite in a temp dir
    .venv/bin/python bench/audit.py --database-url postgresql://...   # a real PostgreSQL (it is wiped)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text, update

from app.installation import initialise
from bot.context import Casebot
from bot.oversight import audit_service
from bot.settings import Settings, normalize_database_url
from storage import audit
from storage.bulk import insert_rows
from storage.models import AuditEvent, AuditHead


def _settings(data_dir: Path, database_url: str | None) -> Settings:
    return Settings(CASEBOT_DATA_DIR=data_dir, DATABASE_URL=database_url)


def _writer(data_dir: str, database_url: str | None, n: int, k: int, kind: str, start: mp.Event) -> None:
    app = Casebot(_settings(Path(data_dir), database_url))
    start.wait()
    actor = f"U0BENCH{k}"
    for i in range(n):
        if kind == "append":
            audit.append(app.db, actor=actor, action="bench.append", client_id=str(i), detail={"i": i})
        else:
            with app.db.transaction() as session:
                audit.record(session, actor=actor, action="bench.record", client_id=str(i), detail={"i": i})
    app.close()


def append_rate(
    data_dir: Path, database_url: str | None, *, writers: int, per_writer: int, kind: str
) -> float:
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [
        ctx.Process(target=_writer, args=(str(data_dir), database_url, per_writer, k, kind, start))
        for k in range(writers)
    ]
    for p in procs:
        p.start()
    time.sleep(2.0)  # let every writer import and connect before the clock starts
    t0 = time.perf_counter()
    start.set()
    for p in procs:
        p.join()
    return writers * per_writer / (time.perf_counter() - t0)


Event = tuple[datetime, str, str, "str | None", str]  # occurred_at, actor, action, client_id, detail JSON


def append_chained(app: Casebot, events: Iterable[Event], *, batch_size: int = 20000) -> None:
    """Append valid, chained rows fast: hashes computed here, bulk inserts, then the head moved once.
    The benchmarks' way to a large log the real verifier and readers accept (bench/report.py too)."""
    with app.db.transaction(write=False) as session:
        seq, prev = session.execute(text("SELECT seq, chain_hash FROM audit_head WHERE id = 1")).one()
    batch: list[dict] = []
    with app.db.transaction() as session:
        for at, actor, action, client_id, detail in events:
            seq += 1
            h = audit.hash_fields(
                occurred_at=at, actor=actor, action=action, client_id=client_id, detail=detail
            )
            prev = audit.chain(prev, h)
            batch.append(
                {
                    "seq": seq,
                    "occurred_at": at,
                    "actor": actor,
                    "action": action,
                    "client_id": client_id,
                    "detail": detail,
                    "row_hash": h,
                    "chain_hash": prev,
                }
            )
            if len(batch) == batch_size:
                insert_rows(session, AuditEvent.__table__, batch)
                batch = []
        insert_rows(session, AuditEvent.__table__, batch)
        session.execute(update(AuditHead).values(seq=seq, chain_hash=prev))


def fill(app: Casebot, rows: int) -> None:
    """Append ``rows`` valid, chained rows fast (bulk insert of precomputed hashes)."""
    when = datetime(2026, 1, 1, tzinfo=UTC)
    append_chained(
        app,
        (
            (
                when + timedelta(seconds=i),
                "U0FILL",
                "bench.fill",
                str(i % 5000),
                audit.canonical_json({"i": i}),
            )
            for i in range(rows)
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--appends", type=int, default=2000, help="appends per run (split across writers)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is quoted")
    parser.add_argument("--verify-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    url = normalize_database_url(args.database_url) if args.database_url else None

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        if url:
            from sqlalchemy import create_engine

            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        app = Casebot(_settings(data_dir, url))
        initialise(app, actor="cli:bench")
        where = "PostgreSQL" if url else "SQLite (embedded default)"
        print(f"audit benchmark on {where}")

        for kind, label in (("append", "standalone events"), ("record", "inside a transaction")):
            for writers in (1, 4):
                rates = [
                    append_rate(data_dir, url, writers=writers, per_writer=args.appends // writers, kind=kind)
                    for _ in range(args.runs)
                ]
                print(
                    f"  appends, {label}, {writers} writer(s): median {statistics.median(rates):,.0f}/s "
                    f"(runs: {', '.join(f'{r:,.0f}' for r in rates)})"
                )

        t0 = time.perf_counter()
        fill(app, args.verify_rows)
        audit_service.checkpoint_now(app)
        print(
            f"  filled {args.verify_rows:,} rows and signed a checkpoint in {time.perf_counter() - t0:.1f}s"
        )
        for workers in (None, 1):
            t0 = time.perf_counter()
            report = audit_service.verify(app, workers=workers)
            elapsed = time.perf_counter() - t0
            label = "one worker per core" if workers is None else "a single process"
            print(
                f"  verify ({label}): {'intact' if report.ok else report.problem}: {report.rows:,} rows, "
                f"{report.checkpoints} checkpoint(s) in {elapsed:.2f}s = {report.rows / elapsed:,.0f} rows/s "
                "(target: 1,000,000 rows in < 10 s)"
            )
        app.close()


if __name__ == "__main__":
    main()
