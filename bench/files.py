"""Shared-file benchmark: a by-name list in .xlsx, a text PDF, a screenshot; medians of several runs.

    .venv/bin/python bench/files.py [--clients 5000] [--rows 2000] [--runs 5]

1. A 2,000-row by-name list (.xlsx, written by openpyxl: names of rostered clients, DOB, SSN, phone,
   program, notes; no PersonalID column, so the roster has to say which client each row is) read,
   scanned and its de-identified copy built (target < 2 s).
2. A 10-page text PDF (fpdf2) read and scanned (target < 1 s).
3. A 1920x1080 screenshot (Pillow text) OCR'd by Tesseract and scanned, the process pinned to one
   core (target < 5 s).

The roster is ``--clients`` synthetic clients (``bot.clients.synthetic``), the same as the redaction
benchmark's. Figures are wall-clock seconds in this process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clients.synthetic import clients
from bot.files.deidentify import build_copy
from bot.files.limits import FileLimits
from bot.files.read import read_bytes
from bot.files.scan import scan
from redaction import Redactor, RosterEntry
from tests.bot.files import makers


def median_seconds(run: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    roster = list(clients(args.clients))
    redactor = Redactor(
        RosterEntry(c.personal_id, c.first_name, c.last_name, c.middle_name or None, c.dob, c.ssn)
        for c in roster
    )
    limits = FileLimits()
    header = ("First Name", "Last Name", "DOB", "SSN", "Phone", "Program", "Notes")
    rows = [
        (
            c.first_name,
            c.last_name,
            c.dob.isoformat() if c.dob else "",
            f"{c.ssn[:3]}-{c.ssn[3:5]}-{c.ssn[5:]}" if len(c.ssn) == 9 else "",
            f"612-555-{i % 10000:04d}",
            ("RRH", "PSH", "ES", "TH")[i % 4],
            ("documents ready", "needs ID", "", "waiting on landlord")[i % 4],
        )
        for i, c in enumerate(roster[: args.rows])
    ]
    xlsx = makers.xlsx(rows, header=header)

    def by_name_list() -> object:
        content = read_bytes(xlsx, limits=limits)
        verdict = scan(content, name="by-name list.xlsx", redact=redactor.redact)
        return verdict, build_copy(content, verdict, name="by-name list.xlsx", redact=redactor.redact)

    seconds, (verdict, copy) = median_seconds(by_name_list, args.runs)  # type: ignore[misc]
    resolved = sum(1 for plan in verdict.plans for v in plan.row_ids.values() if v)
    print(
        f"xlsx     {args.rows:,}-row by-name list ({len(xlsx) / 1e6:.2f} MB), "
        f"{args.clients:,}-client roster: "
        f"read + scan + copy {seconds:.2f} s median of {args.runs} (target < 2 s); "
        f"{resolved:,} rows given their client ID; copy {len(copy.data) / 1e6:.2f} MB"
    )

    people = [f"{c.first_name} {c.last_name}" for c in roster[:200]]
    pages = [
        "\n".join(
            f"Case conference notes, page {p + 1}. Discussed {people[(p * 7 + k) % len(people)]}: housing "
            f"search ongoing, documents in progress, follow up next week with the landlord."
            for k in range(12)
        )
        for p in range(10)
    ]
    pdf = makers.pdf(pages)

    def text_pdf() -> object:
        return scan(read_bytes(pdf, limits=limits), name="notes.pdf", redact=redactor.redact)

    seconds, found = median_seconds(text_pdf, args.runs)
    print(
        f"pdf      10-page text PDF ({len(pdf) / 1e3:.0f} KB): read + scan {seconds:.3f} s "
        f"median of {args.runs} "
        f"(target < 1 s); {len(found.client_ids)} client IDs found"  # type: ignore[attr-defined]
    )

    lines = ["HMIS  >  Client Profile  >  Enrollments"] + [
        f"{c.first_name} {c.last_name}    DOB {c.dob}    Program RRH    Entry 2026-03-0{i % 9 + 1}"
        for i, c in enumerate(roster[:18])
    ]
    png = makers.png(lines, size=(1920, 1080), font_size=28)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, Tesseract included

    def screenshot() -> object:
        return scan(read_bytes(png, limits=limits), name="Screenshot.png", redact=redactor.redact)

    runs = max(1, min(args.runs, 3))
    seconds, found = median_seconds(screenshot, runs)
    print(
        f"ocr      1920x1080 screenshot, 19 lines: OCR + scan on one core {seconds:.2f} s median of {runs} "
        f"(target < 5 s); {len(found.client_ids)} of 18 client IDs found"  # type: ignore[attr-defined]
    )


if __name__ == "__main__":
    main()
