"""The generated corpora (bench/corpus.py) through the shared scorer: phrasing, name origins and formats
the dev corpus does not have. ``heldout`` was written after tuning stopped; both must hold the issue's
targets for unseen text. Skips when ../shared/eval (the scorer) is absent."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from redaction import Redactor, RosterEntry

ROOT = Path(__file__).resolve().parents[2]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402  (bench/corpus.py)

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(("variant", "seed"), [("tune", 1), ("heldout", 20261122)])
def test_generated_corpus_meets_the_targets_for_unseen_text(tmp_path, variant, seed):
    if not SCORER.is_file():
        pytest.skip("../shared/eval/score.py is not present")
    rng = random.Random(seed)
    people = corpus.make_roster(2000, rng)
    templates, no_pii = corpus.templates_for(variant)
    msgs = corpus.make_messages(3000, people, rng, templates, no_pii)
    for m in msgs:  # PrEP alone is not a status disclosure (issue #16): the generator still labels it
        m["spans"] = [s for s in m["spans"] if m["text"][s["start"] : s["end"]].lower() != "on prep"]
    corpus.write_corpus(tmp_path, people, msgs)
    red = Redactor(RosterEntry(p.client_id or "", p.first, p.last, p.middle, p.dob, p.ssn) for p in people)
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for m in msgs:
            r = red.redact(m["text"])
            f.write(
                json.dumps({"id": m["id"], "text": r.text, "findings": [x.to_json() for x in r.findings]})
                + "\n"
            )
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(tmp_path / "messages.jsonl"), "--pred", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    score = json.loads(proc.stdout.strip().splitlines()[-1])
    assert score["recall"] >= 0.99, score
    assert score["precision"] >= 0.95, score
    assert score["context_kept"] >= 0.97, score
    assert score["leaked_messages_per_1000"] <= 10, score
    # ~3% of these rosters are deliberate namesakes with nothing in the message to tell them apart
    assert score["client_id_accuracy"] >= 0.92, score
