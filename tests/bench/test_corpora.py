"""The held-out corpora stay sound: a mislabelled span would make the evaluation lie."""

import subprocess
import sys
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "bench" / "corpora"


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CORPORA / "validate.py"), *args], capture_output=True, text=True, timeout=120
    )


def test_the_hand_written_corpus_has_exact_offsets_and_only_rostered_client_ids() -> None:
    hw = CORPORA / "handwritten"
    proc = validate(
        str(hw / "messages.jsonl"), "--roster", str(hw / "Client.csv"), "--staff", str(hw / "staff.txt")
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_general_corpus_has_exact_offsets_and_no_client_ids() -> None:
    proc = validate(str(CORPORA / "general" / "messages.jsonl"), "--prefix", "gen")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_general_tune_corpus_has_exact_offsets_and_no_client_ids() -> None:
    proc = validate(str(CORPORA / "general_tune" / "messages.jsonl"), "--prefix", "gtu")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("fresh", "fr"),
        ("threads_report", "thr"),
        ("chat_tune", "ctu"),
        ("voices_tune", "vtu"),
        ("details_tune", "dtu"),
        ("nicknames_tune", "ntu"),
    ],
)
def test_each_blind_corpus_has_exact_offsets_and_only_its_own_rostered_client_ids(name, prefix) -> None:
    folder = CORPORA / name
    proc = validate(
        str(folder / "messages.jsonl"),
        "--roster",
        str(folder / "Client.csv"),
        "--staff",
        str(folder / "staff.txt"),
        "--prefix",
        prefix,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_compiled_corpora_are_what_their_sources_compile_to(tmp_path: Path) -> None:
    for name in (
        "handwritten",
        "general",
        "general_tune",
        "fresh",
        "threads_report",
        "chat_tune",
        "voices_tune",
        "details_tune",
        "nicknames_tune",
    ):
        out = tmp_path / f"{name}.jsonl"
        source = str(CORPORA / name / "messages.src")
        proc = subprocess.run(
            [sys.executable, str(CORPORA / "compile_markup.py"), source, str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        compiled = (CORPORA / name / "messages.jsonl").read_text(encoding="utf-8")
        assert out.read_text(encoding="utf-8") == compiled


@pytest.mark.parametrize("family", ["a", "b", "c", "d", "e"])
def test_each_generated_family_validates_and_is_the_same_every_time(family: str, tmp_path: Path) -> None:
    for run in ("one", "two"):
        subprocess.run(
            [sys.executable, "-m", "bench.corpora.families", "--out", str(tmp_path / run), "--only", family],
            check=True,
            capture_output=True,
            timeout=300,
            cwd=CORPORA.parents[1],
        )
    (first,) = (tmp_path / "one").glob("**/messages.jsonl")
    (second,) = (tmp_path / "two").glob("**/messages.jsonl")
    assert first.read_bytes() == second.read_bytes()
    roster = next(first.parent.glob("Client.csv"))
    proc = validate(str(first), "--roster", str(roster), "--prefix", f"fam-{family}")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
