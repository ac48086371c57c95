"""Benchmark: import generated FY2024 Client.csv files (100,000 and 1,000,000 rows) on the embedded defaults.

Runs `casebot clients import` as an operator would (a fresh SQLite installation, encryption and
blind indexes included) in a child process per import, and prints for each: the time end to end,
rows/s, the child's peak RSS (from its own rusage, so one run's figure is not another's) and,
with --tracemalloc, the peak of Python allocations traced in a second run (tracing slows it
down, so its time is not the import's). Then re-imports the same file (the "nothing changed"
path). Figures are printed, never asserted: the machines here are shared.

    .venv/bin/python bench/import_clients.py [--rows 100000 1000000] [--tracemalloc]
    .venv/bin/python bench/import_clients.py --database-url postgresql://...   # a scratch database
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.clients.synthetic import clients, write_client_csv

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"

# Run in the child when --tracemalloc: the CLI in-process, the traced peak printed at the end.
_TRACED = """
import sys, tracemalloc
tracemalloc.start()
from app.cli.main import main
loaded = tracemalloc.get_traced_memory()[0]
tracemalloc.reset_peak()
sys.argv = ["casebot", *sys.argv[1:]]
try:
    main()
finally:
    print(f"TRACED_PEAK {tracemalloc.get_traced_memory()[1] - loaded} {loaded}", file=sys.stderr)
"""


def run(env: dict[str, str], *args: str, traced: bool = False) -> tuple[float, float, str, str]:
    """(seconds, peak RSS in MB, stdout, stderr) of one casebot command in a child process."""
    command = [sys.executable, "-c", _TRACED, *args] if traced else [CASEBOT, *args]
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stdout, stderr = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"casebot {' '.join(args)} failed:\n{stdout}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024, stdout.strip(), stderr


def _fresh_env(tmp: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEBOT_", "DATABASE_URL", "REDIS_URL"))}
    env["CASEBOT_DATA_DIR"] = str(tmp / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _reset(env: dict[str, str], tmp: Path, database_url: str | None) -> None:
    shutil.rmtree(tmp / "data", ignore_errors=True)
    if database_url:  # a scratch database: drop what a previous round created
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    run(env, "init")


def bench(rows: int, *, tmp: Path, traced: bool, database_url: str | None) -> None:
    csv_path = tmp / f"Client-{rows}.csv"
    start = time.perf_counter()
    write_client_csv(csv_path, clients(rows, seed=1))
    size_mb = csv_path.stat().st_size / 1e6
    print(f"{rows:,} rows ({size_mb:.1f} MB), generated in {time.perf_counter() - start:.1f}s")

    env = _fresh_env(tmp, database_url)
    env["CASEBOT_IMPORT_MAX_BYTES"] = str(max(csv_path.stat().st_size, 500_000_000))
    _reset(env, tmp, database_url)
    first, rss, summary, _ = run(env, "clients", "import", str(csv_path))
    print(f"  first import:  {summary}")
    print(f"    {first:.1f}s end to end, {rows / first:,.0f} rows/s; peak RSS {rss:,.0f} MB")
    again, rss, summary, _ = run(env, "clients", "import", str(csv_path))
    print(f"  re-import:     {summary}")
    print(f"    {again:.1f}s end to end, {rows / again:,.0f} rows/s; peak RSS {rss:,.0f} MB")
    if not database_url:
        db_mb = sum(p.stat().st_size for p in (tmp / "data").glob("casebot.db*")) / 1e6
        print(f"  database size: {db_mb:,.0f} MB")
    if traced:
        _reset(env, tmp, database_url)
        _, rss, _, stderr = run(env, "clients", "import", str(csv_path), traced=True)
        peak, loaded = next(
            map(int, line.split()[1:]) for line in stderr.splitlines() if line.startswith("TRACED_PEAK")
        )
        print(
            f"  tracemalloc:   peak of Python allocations during the import {peak / 2**20:,.0f} MiB, "
            f"over the {loaded / 2**20:,.0f} MiB the modules hold (the traced run's RSS {rss:,.0f} MB)"
        )
    csv_path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also measure the traced peak (a second run)"
    )
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (its public schema is dropped)")
    args = parser.parse_args()
    print(f"target: peak RSS < 300 MB for 1,000,000 rows; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            bench(rows, tmp=Path(tmp), traced=args.tracemalloc, database_url=args.database_url)


if __name__ == "__main__":
    main()
