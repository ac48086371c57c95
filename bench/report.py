"""The monthly report over a month of 1,000,000 audit rows: wall time and peak RSS of the build.

Seeds valid, hash-chained rows the real code reads (redactions, file removals, disclosures, refusals,
step-ups and failures, lockouts, restores, meeting links, offboarding) with a bulk insert of
precomputed hashes, signs a checkpoint, then builds the report (verify included, HTML and PDF) in a
child process of its own, so the peak RSS quoted is the build's alone (target: < 30 s, < 500 MB).

    .venv/bin/python bench/report.py [--rows 1000000] [--database-url postgresql://...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.installation import initialise  # noqa: E402
from bench.audit import Event, append_chained  # noqa: E402
from bot.context import Casebot  # noqa: E402
from bot.oversight import audit_service  # noqa: E402
from bot.settings import Settings, normalize_database_url  # noqa: E402
from storage import audit  # noqa: E402

MONTH = "2026-11"
START = datetime(2026, 11, 1, tzinfo=UTC)
TYPES = ["name", "dob", "ssn", "phone", "email", "address", "health"]
BASES = ["creating_agency", "roi", "mou", "basic_sharing", "supervisor_approval"]
AGENCIES = ["hope-house", "river-shelter", "northside-outreach", "family-promise", "vets-first"]
REASONS = ["not_entitled", "not_verified", "not_registered", "restricted_client"]

# (action, share of the rows): the bulk is redactions, as in a busy CoC's log.
MIX = [
    ("message.redacted", 0.55),
    ("file.removed", 0.05),
    (audit.DISCLOSURE, 0.15),
    ("pii.refused", 0.03),
    ("totp.verified", 0.12),
    ("totp.failed", 0.04),
    ("totp.locked", 0.005),
    ("message.restored", 0.01),
    ("meeting_link.removed", 0.01),
    ("meeting.created", 0.005),
    ("escalation.opened", 0.01),
    ("identity.access_ended", 0.0001),
]


def _event(rng: random.Random, action: str, i: int) -> tuple[str, str | None, dict]:
    """(actor, client_id, detail) of one plausible row of ``action``."""
    client = f"{100000 + int(rng.paretovariate(1.2) * 10) % 20000}"
    user = f"U0BENCH{i % 300:03d}"
    channel = f"C0CASE{rng.randrange(12):03d}"
    if action in ("message.redacted", "file.removed"):
        kinds = sorted(set(rng.choices(TYPES, weights=[6, 2, 1, 2, 1, 1, 1], k=rng.randint(1, 3))))
        return "casebot", client, {"channel": channel, "poster": user, "types": kinds, "client_ids": [client]}
    if action == audit.DISCLOSURE:
        return (
            user,
            client,
            {
                "agency": rng.choice(AGENCIES),
                "fields": ["name", "dob"],
                "purpose": "case_conferencing",
                "basis": rng.choices(BASES, weights=[5, 3, 2, 6, 1])[0],
                "basis_ref": None,
                "delivery": "modal",
            },
        )
    if action == "pii.refused":
        return (
            user,
            client,
            {"reason": rng.choice(REASONS), "agency": rng.choice(AGENCIES), "delivery": "modal"},
        )
    if action == "message.restored":
        return user, client, {"channel": channel, "type": "name", "count": 1, "by_admin": rng.random() < 0.3}
    if action == "identity.access_ended":
        return "slack:user_change", None, {"user": user, "reason": "slack_deactivated", "since": 0}
    return user, None, {"channel": channel}


def events(*, rows: int, seed: int = 20) -> Iterator[Event]:
    """``rows`` plausible events spread over the month, in order."""
    rng = random.Random(seed)
    actions = [a for a, _ in MIX]
    weights = [w for _, w in MIX]
    step = (timedelta(days=30) - timedelta(seconds=1)) / rows
    for i in range(rows):
        at = START + step * i
        action = rng.choices(actions, weights)[0]
        actor, client_id, fields = _event(rng, action, i)
        if action == "identity.access_ended":
            fields["since"] = int((at - timedelta(hours=rng.choice([0.01, 2, 30]))).timestamp())
        yield at, actor, action, client_id, audit.canonical_json(fields)


def _settings(data_dir: Path, url: str | None) -> Settings:
    return Settings(CASEBOT_DATA_DIR=data_dir, DATABASE_URL=url, CASEBOT_ENV_FILE="")


def build(data_dir: Path, url: str | None, out: Path) -> None:
    """The child: what `casebot report monthly --pdf` does, timed, with its figures on one JSON line."""
    from bot.reports.build import build_report
    from bot.reports.month import month_of

    started = time.perf_counter()
    app = Casebot(_settings(data_dir, url))
    checked = audit_service.verify(app)
    verified = time.perf_counter()
    report = build_report(app, month=month_of(MONTH), verify_result=checked)
    figured = time.perf_counter()
    (out / "report.html").write_text(report.html)
    pdf = report.pdf()
    (out / "report.pdf").write_bytes(pdf)
    done = time.perf_counter()
    f = report.figures
    print(
        json.dumps(
            {
                "verify_s": verified - started,
                "figures_and_html_s": figured - verified,
                "pdf_s": done - figured,
                "total_s": done - started,
                "rows_in_month": f.audit_rows,
                "verified_rows": f.integrity.rows,
                "intact": f.integrity.ok,
                "redacted": f.redactions.messages,
                "disclosures": f.disclosures.total,
                "html_bytes": len(report.html),
                "pdf_bytes": len(pdf),
            }
        )
    )
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", type=Path, default=None, help="write the installation and report here")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = normalize_database_url(args.database_url) if args.database_url else None
    if args.child is not None:
        build(args.child, url, args.child.parent)
        return

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        data_dir = base / "data"
        app = Casebot(_settings(data_dir, url))
        initialise(app, actor="cli:bench")
        t0 = time.perf_counter()
        append_chained(app, events(rows=args.rows))
        audit_service.checkpoint_now(app)
        app.close()
        print(f"seeded {args.rows:,} chained audit rows for {MONTH} in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(data_dir), *(["--database-url", url] if url else [])],
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - t0
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"report build (new process: verify {figures['verify_s']:.1f} s, figures + HTML "
            f"{figures['figures_and_html_s']:.1f} s, PDF {figures['pdf_s']:.1f} s): wall {wall:.1f} s, "
            f"peak RSS {peak_mb:.0f} MB (target < 30 s, < 500 MB)"
        )
        print(
            f"  {figures['rows_in_month']:,} rows in the month, {figures['verified_rows']:,} verified "
            f"(intact: {figures['intact']}); {figures['redacted']:,} messages redacted, "
            f"{figures['disclosures']:,} disclosures; HTML {figures['html_bytes'] / 1024:.0f} KiB, "
            f"PDF {figures['pdf_bytes'] / 1024:.0f} KiB"
        )


if __name__ == "__main__":
    main()
