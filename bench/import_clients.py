"""Benchmark: import a generated 100,000-row FY2024 Client.csv on the embedded defaults.

Runs `casebot clients import` as an operator would (a fresh SQLite installation,
encryption and blind indexes included) in a child process, and prints rows/s
and the child's peak memory. Then re-imports the same file (the "nothing
changed" path). Figures are printed, never asserted: machines here are shared.

    .venv/bin/python bench/import_clients.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.clients.synthetic import clients, write_client_csv

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def run(env: dict[str, str], *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"casebot {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed, proc.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "Client.csv"
        start = time.perf_counter()
        write_client_csv(csv_path, clients(rows, seed=1))
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {rows:,} rows ({size_mb:.1f} MB) in {time.perf_counter() - start:.1f}s")

        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("CASEBOT_", "DATABASE_URL", "REDIS_URL"))
        }
        env["CASEBOT_DATA_DIR"] = str(Path(tmp) / "data")
        run(env, "init")

        first, summary = run(env, "clients", "import", str(csv_path))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"first import:  {summary}")
        print(f"  {first:.2f}s end to end, {rows / first:,.0f} rows/s (target >= 5,000)")
        print(f"  peak memory of the import process: {peak_mb:,.0f} MB (target < 1,024 MB)")

        again, summary = run(env, "clients", "import", str(csv_path))
        print(f"re-import:     {summary}")
        print(f"  {again:.2f}s end to end, {rows / again:,.0f} rows/s")
        db_mb = sum(p.stat().st_size for p in (Path(tmp) / "data").glob("casebot.db*")) / 1e6
        print(f"database size: {db_mb:.1f} MB for {rows:,} clients")


if __name__ == "__main__":
    main()
