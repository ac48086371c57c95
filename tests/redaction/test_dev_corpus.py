"""Run the labelled dev corpus through the shared scorer and hold the quality targets.

The corpus lives in ../shared beside the repository and is never copied into it;
without it this test skips.
"""

from __future__ import annotations

import csv
import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from redaction import Redactor, RosterEntry

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EVAL = SHARED / "eval"
DEV = EVAL / "dev"

pytestmark = pytest.mark.shared


def _roster(path: Path) -> list[RosterEntry]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            dob = row.get("DOB") or None
            out.append(
                RosterEntry(
                    client_id=row["PersonalID"],
                    first_name=row.get("FirstName") or None,
                    last_name=row.get("LastName") or None,
                    middle_name=row.get("MiddleName") or None,
                    dob=datetime.date.fromisoformat(dob[:10]) if dob else None,
                    ssn=row.get("SSN") or None,
                )
            )
    return out


def test_dev_corpus_meets_the_quality_bar(tmp_path):
    if not (EVAL / "score.py").is_file() or not (DEV / "messages.jsonl").is_file():
        pytest.skip("../shared/eval is not present")
    red = Redactor(_roster(DEV / "Client.csv"))
    out = tmp_path / "out.jsonl"
    with (DEV / "messages.jsonl").open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            msg = json.loads(line)
            r = red.redact(msg["text"])
            findings = [f.to_json() for f in r.findings]
            dst.write(json.dumps({"id": msg["id"], "text": r.text, "findings": findings}) + "\n")
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--gold", str(DEV / "messages.jsonl"), "--pred", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(proc.stdout.strip().splitlines()[-1])
    # held above the targets for unseen text: where the engine stands on this corpus, so a change that
    # costs anything here is seen (recall 1.0, precision 0.9879, context 0.9921, ids 0.978 today)
    assert score["recall"] >= 0.999, score
    assert score["precision"] >= 0.985, score
    assert score["context_kept"] >= 0.99, score
    assert score["leaked_messages_per_1000"] <= 1, score
    # The dev roster holds clients with identical full names and no other clue in the message; the
    # engine reports those as candidates rather than guess, which the scorer counts as a miss.
    assert score["client_id_accuracy"] >= 0.97, score
