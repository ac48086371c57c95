#!/usr/bin/env python3
"""Redaction quality on text casebot was not written against, with tune and report kept apart.

    .venv/bin/python bench/quality.py [--show N] [--only NAME[,NAME]] [--seed N]

Runs the product's CLI (``casebot redact --roster Client.csv [--staff staff.txt]``, the ``casebot``
next to this Python) on every corpus and scores it with ``../shared/eval/score.py`` (the scorer the
project is judged by, run as a subprocess so its rules are the ones applied):

  handwritten-tune / -report   bench/corpora/handwritten/, split by sha256(id)[0] % 2 (even = tune)
  general                      bench/corpora/general/ (ordinary text), empty roster; report
  fresh                        bench/corpora/fresh/ (case-conference chat in other voices, own roster
                               and staff), written blind to the engine; report, never split
  chat-tune                    bench/corpora/chat_tune/ (case-conference chat, a third set of voices, own
                               roster and staff), written blind to the engine like fresh; tune
  voices-tune                  bench/corpora/voices_tune/ (33 more voices: voicemail, court notes, HMIS
                               exports, Somali/Hmong/Vietnamese-English ...), written blind; tune
  details-tune                 bench/corpora/details_tune/ (SSNs, DOBs, phones, addresses, nicknames and
                               typos in 20 voices), written blind; tune
  nicknames-tune               bench/corpora/nicknames_tune/ (street names and nicknames alone, first
                               names and surnames alone, typos, SSNs and DOBs in many forms, initials),
                               written blind after the eighth round; tune
  threads-report               bench/corpora/threads_report/ (Slack threads, forwarded mail from other
                               states, pasted tables, mixed languages, speech-to-text, clinical notes),
                               written blind after the eighth round; report, never split
  general-tune                 bench/corpora/general_tune/ (ordinary text, other voices), empty roster;
                               tune: its misses may be shown and studied
  fam-a … fam-e                the generated template families (bench/corpora/families/), made afresh
                               in a temp dir; a, b tune; c, d, e report; plus their pooled figures
  statewide                    a 100,000-client roster with realistic name repetition: client-ID
                               accuracy with and without a disambiguator (our own count, below)
  dev                          ../shared/eval/dev: tuned on, so it measures memory, not generalisation

--show N prints up to N misses and false positives of tune corpora only (the tune half, chat-tune,
voices-tune, details-tune, general-tune, tune families, dev). Report corpora are scored in aggregate and
their misses are never printed: once someone reads them and writes a rule, they stop measuring
generalisation. Prints one table and, last, one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora.families import DEFAULT_SEED, FAMILIES, REPORT, TUNE, write_family  # noqa: E402
from bench.corpora.families.statewide import expected_id, write_statewide  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
DEV = SHARED / "eval" / "dev"
CORPORA = ROOT / "bench" / "corpora"
TYPES = ("NAME", "DOB", "SSN", "PHONE", "EMAIL", "ADDRESS", "HIV")
METRICS = ("recall", "precision", "context_kept", "client_id_accuracy", "leaked_messages_per_1000")
ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+([\d.]+)$")


@dataclass
class Run:
    """One ``casebot redact`` over one messages file; several scored corpora may share it."""

    key: str
    messages: Path
    roster: Path
    staff: Path | None
    out: Path | None = None
    seconds: float = 0.0
    prepare_seconds: float = 0.0


@dataclass
class Corpus:
    name: str
    role: str  # "tune", "report" or "dev"
    gold: Path
    run: Run
    note: str = ""
    figures: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=True) + "\n")
    return path


def is_tune_id(message_id: str) -> bool:
    """The hand-written corpus's split: first byte of sha256(id) even = tune (bench/corpora/README.md)."""
    return hashlib.sha256(message_id.encode()).digest()[0] % 2 == 0


def empty_roster(tmp: Path) -> Path:
    """A Client.csv with only the header row, for corpora that have no roster."""
    from bot.clients.synthetic import FY2024_HEADER

    path = tmp / "empty_Client.csv"
    path.write_text(",".join(FY2024_HEADER) + "\r\n", encoding="utf-8")
    return path


def redact(run: Run, *, casebot: Path, tmp: Path) -> None:
    """Run the product's CLI on the messages (ids and texts only: the gold spans never reach it)."""
    rows = _read_jsonl(run.messages)
    given = _write_jsonl(tmp / f"{run.key}.in.jsonl", [{"id": r["id"], "text": r["text"]} for r in rows])
    run.out = tmp / f"{run.key}.out.jsonl"
    cmd = [str(casebot), "redact", "--roster", str(run.roster)]
    if run.staff is not None:
        cmd += ["--staff", str(run.staff)]
    start = time.perf_counter()
    with given.open("rb") as fin, run.out.open("wb") as fout:
        proc = subprocess.run(cmd, stdin=fin, stdout=fout, stderr=subprocess.PIPE, check=False)
    run.seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(
            f"casebot redact failed on {run.key} (exit {proc.returncode}; 1 means an input line was "
            f"unreadable):\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}"
        )
    got = _read_jsonl(run.out)
    errors = [g for g in got if "error" in g]
    if errors or len(got) != len(rows):
        sys.exit(
            f"casebot redact on {run.key}: {len(got)} lines for {len(rows)} messages, "
            f"{len(errors)} error lines, e.g. {errors[:1]}"
        )


def score(gold: Path, pred: Path, *, show: int) -> tuple[dict[str, object], list[str]]:
    """score.py's summary (its last JSON line) plus its per-form rows; and, if asked, its miss lines."""
    cmd = [sys.executable, str(SCORE), "--gold", str(gold), "--pred", str(pred)]
    if show:
        cmd += ["--show", str(show)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"score.py failed on {gold}:\n{proc.stderr[-2000:]}")
    lines = proc.stdout.rstrip("\n").splitlines()
    summary: dict[str, object] = json.loads(lines[-1])
    forms: dict[str, dict[str, float]] = {}
    shown: list[str] = []
    for line in lines[1:-1]:
        m = ROW.match(line)
        if m and not shown:
            if m.group(1).startswith("NAME/"):
                forms[m.group(1)[5:]] = {"gold": int(m.group(2)), "recall": float(m.group(4))}
        else:
            shown.append(line)
    by_type = summary.get("recall_by_type")
    if not isinstance(by_type, dict):
        raise SystemExit("score.py's JSON has no recall_by_type; quality.py needs per-type recall")
    summary["recall_by_form"] = forms
    return summary, shown


def statewide_ids(gold: Path, pred: Path) -> dict[str, dict[str, float]]:
    """Client-ID outcomes on the statewide corpus, in three groups.

    score.py's client_id_accuracy counts a null ID as wrong, but for a repeated name with nothing to
    tell the namesakes apart null is the only correct answer. So: right (the expected ID, or no ID when
    none is expected), wrong_id (another ID, or any ID for an ambiguous name: a guess files PII under
    someone's record), no_id (none although the message said who was meant).
    """
    gold_rows = {str(r["id"]): r for r in _read_jsonl(gold)}
    preds = {str(r["id"]): r for r in _read_jsonl(pred)}
    counts: dict[str, Counter[str]] = {
        g: Counter() for g in ("disambiguated", "unique_name", "repeated_no_hint")
    }
    for mid, g in gold_rows.items():
        meta = g["statewide"]
        assert isinstance(meta, dict)
        span = next(s for s in g["spans"] if s["type"] == "NAME")  # type: ignore[union-attr]
        ids = {
            str(f["client_id"])
            for f in preds[mid]["findings"]  # type: ignore[union-attr]
            if f.get("client_id") and int(f["start"]) < span["end"] and int(f["end"]) > span["start"]
        }
        want = expected_id(g)
        group = (
            "disambiguated"
            if meta["disambiguator"]
            else "unique_name"
            if meta["namesakes"] == 1
            else "repeated_no_hint"
        )
        if want is None:
            outcome = "right" if not ids else "wrong_id"
            counts[group]["guessed_meant"] += ids == {str(meta["meant"])}
        else:
            outcome = "right" if ids == {want} else ("no_id" if not ids else "wrong_id")
        counts[group][outcome] += 1
        counts[group]["n"] += 1
    result: dict[str, dict[str, float]] = {}
    for group, c in counts.items():
        n = max(c["n"], 1)
        result[group] = {"n": c["n"], **{k: round(c[k] / n, 4) for k in ("right", "wrong_id", "no_id")}}
        if group == "repeated_no_hint":
            result[group]["guessed_meant"] = round(c["guessed_meant"] / n, 4)
    total = sum(c["n"] for c in counts.values())
    result["all"] = {"n": total, "right": round(sum(c["right"] for c in counts.values()) / max(total, 1), 4)}
    return result


def _pooled(name: str, role: str, members: list[Corpus], tmp: Path) -> Corpus:
    gold = _write_jsonl(tmp / f"{name}.gold.jsonl", [r for c in members for r in _read_jsonl(c.gold)])
    out = _write_jsonl(tmp / f"{name}.out.jsonl", [r for c in members for r in _read_jsonl(c.run.out)])  # type: ignore[arg-type]
    run = Run(
        key=name,
        messages=gold,
        roster=members[0].run.roster,
        staff=None,
        out=out,
        seconds=sum(c.run.seconds for c in members),
    )
    return Corpus(
        name=name, role=role, gold=gold, run=run, note="pooled: " + "+".join(c.name for c in members)
    )


def build(*, tmp: Path, seed: int, want: Callable[[str], bool]) -> list[Corpus]:
    """Every corpus that exists (and is selected), with the redactor runs they need, not yet run."""
    corpora: list[Corpus] = []
    hw = CORPORA / "handwritten"
    if (want("handwritten-tune") or want("handwritten-report")) and (hw / "messages.jsonl").is_file():
        rows = _read_jsonl(hw / "messages.jsonl")
        staff = hw / "staff.txt" if (hw / "staff.txt").is_file() else None
        run = Run(key="handwritten", messages=hw / "messages.jsonl", roster=hw / "Client.csv", staff=staff)
        for role, keep in (("tune", True), ("report", False)):
            part = [r for r in rows if is_tune_id(str(r["id"])) == keep]
            gold = _write_jsonl(tmp / f"handwritten-{role}.gold.jsonl", part)
            if want(f"handwritten-{role}"):
                corpora.append(Corpus(name=f"handwritten-{role}", role=role, gold=gold, run=run))
    elif want("handwritten-tune") or want("handwritten-report"):
        print(f"(skipped handwritten: {hw / 'messages.jsonl'} is absent)")
    for name, role, note in (
        ("fresh", "report", "written blind"),
        ("threads-report", "report", "written blind"),
        ("chat-tune", "tune", "written blind, to tune on"),
        ("voices-tune", "tune", "written blind, to tune on"),
        ("details-tune", "tune", "written blind, to tune on"),
        ("nicknames-tune", "tune", "written blind, to tune on"),
    ):
        folder = CORPORA / name.replace("-", "_")
        if want(name) and (folder / "messages.jsonl").is_file():
            staff = folder / "staff.txt" if (folder / "staff.txt").is_file() else None
            run = Run(key=name, messages=folder / "messages.jsonl", roster=folder / "Client.csv", staff=staff)
            corpora.append(Corpus(name=name, role=role, gold=folder / "messages.jsonl", run=run, note=note))
        elif want(name):
            print(f"(skipped {name}: {folder / 'messages.jsonl'} is absent)")
    for name, folder, role in (("general", "general", "report"), ("general-tune", "general_tune", "tune")):
        messages = CORPORA / folder / "messages.jsonl"
        if want(name) and messages.is_file():
            staff = messages.parent / "staff.txt"
            run = Run(
                key=name,
                messages=messages,
                roster=empty_roster(tmp),
                staff=staff if staff.is_file() else None,
            )
            corpora.append(Corpus(name=name, role=role, gold=messages, run=run, note="empty roster"))
        elif want(name):
            print(f"(skipped {name}: {messages} is absent)")
    for key in sorted(FAMILIES):
        if not want(f"fam-{key}"):
            continue
        start = time.perf_counter()
        folder = write_family(key, tmp, seed=seed)
        run = Run(
            key=f"fam-{key}",
            messages=folder / "messages.jsonl",
            roster=folder / "Client.csv",
            staff=folder / "staff.txt",
            prepare_seconds=time.perf_counter() - start,
        )
        corpora.append(
            Corpus(
                name=f"fam-{key}",
                role="tune" if key in TUNE else "report",
                gold=folder / "messages.jsonl",
                run=run,
                note=FAMILIES[key].voice,
            )
        )
    if want("statewide"):
        start = time.perf_counter()
        folder = write_statewide(tmp, seed=seed, today=date.today())
        run = Run(
            key="statewide",
            messages=folder / "messages.jsonl",
            roster=folder / "Client.csv",
            staff=None,
            prepare_seconds=time.perf_counter() - start,
        )
        corpora.append(
            Corpus(
                name="statewide",
                role="report",
                gold=folder / "messages.jsonl",
                run=run,
                note="100,000-client roster",
            )
        )
    if want("dev"):
        run = Run(key="dev", messages=DEV / "messages.jsonl", roster=DEV / "Client.csv", staff=None)
        corpora.append(
            Corpus(
                name="dev",
                role="dev",
                gold=DEV / "messages.jsonl",
                run=run,
                note="tuned on: memory, not generalisation",
            )
        )
    return corpora


def _fmt(v: object, width: int) -> str:
    if isinstance(v, float):
        return f"{v:>{width}.3f}" if abs(v) < 10 else f"{v:>{width}.1f}"
    return f"{v!s:>{width}}"


def print_table(rows: list[Corpus], gap: dict[str, float] | None) -> None:
    head = (
        f"{'corpus':<24}{'role':<7}{'msgs':>6}{'recall':>7}{'prec':>7}{'ctx':>7}{'id_acc':>7}{'leak‰':>7}"
        + "".join(f"{t[:5]:>7}" for t in TYPES)
        + f"{'secs':>7}"
    )
    print(head)
    print("-" * len(head))
    for c in rows:
        f = c.figures
        by_type = f.get("recall_by_type", {})
        assert isinstance(by_type, dict)
        cells = [_fmt(f.get(m, ""), 7) for m in METRICS]
        types = [_fmt(by_type[t], 7) if t in by_type else f"{'-':>7}" for t in TYPES]
        print(
            f"{c.name:<24}{c.role:<7}{f.get('messages', ''):>6}"
            + "".join(cells)
            + "".join(types)
            + f"{c.seconds:>7.1f}"
        )
    if gap:
        cells = [
            f"{gap.get(m, 0.0):>+7.3f}" if m != "leaked_messages_per_1000" else f"{gap.get(m, 0.0):>+7.1f}"
            for m in METRICS
        ]
        types = [f"{gap[t]:>+7.3f}" if t in gap else f"{'-':>7}" for t in TYPES]
        print(f"{'handwritten gap (t - r)':<24}{'':<7}{'':>6}" + "".join(cells) + "".join(types))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--show", type=int, default=0, help="print up to N misses and false positives (tune corpora only)"
    )
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated corpus names or prefixes: handwritten, general (with general-tune), "
        "general-tune, fresh, threads-report, chat-tune, voices-tune, details-tune, nicknames-tune, "
        "fam-a … fam-e, families, statewide, dev",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generated corpora")
    a = ap.parse_args()
    if not SCORE.is_file():
        sys.exit(
            f"quality.py needs the shared scorer at {SCORE} (../shared next to the repository); it is absent"
        )
    casebot = Path(sys.executable).parent / "casebot"
    if not casebot.exists():
        sys.exit(f"no casebot next to {sys.executable}: install the project in this venv (pip install -e .)")
    only = [o.strip() for o in a.only.split(",") if o.strip()]
    only = ["fam" if o == "families" else o for o in only]

    def wanted(name: str) -> bool:
        return not only or any(name == o or name.startswith(o + "-") for o in only)

    total_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="casebot-quality-") as tmpdir:
        tmp = Path(tmpdir)
        corpora = build(tmp=tmp, seed=a.seed, want=wanted)
        if not corpora:
            sys.exit(f"--only {a.only!r} matches no corpus")
        if a.show and all(c.role == "report" for c in corpora):
            sys.exit(
                "refusing --show: " + ", ".join(c.name for c in corpora) + " are report corpora; their "
                "misses are never shown (they would stop measuring generalisation)"
            )
        for run in {id(c.run): c.run for c in corpora}.values():
            redact(run, casebot=casebot, tmp=tmp)
        shown: dict[str, list[str]] = {}
        for c in corpora:
            start = time.perf_counter()
            assert c.run.out is not None
            c.figures, lines = score(c.gold, c.run.out, show=a.show if c.role != "report" else 0)
            c.figures["messages"] = len(_read_jsonl(c.gold))
            c.seconds = c.run.prepare_seconds + c.run.seconds + time.perf_counter() - start
            if lines:
                shown[c.name] = lines
        rows = list(corpora)
        for name, role, keys in (
            ("families-tune (a+b)", "tune", TUNE),
            ("families-report (c+d+e)", "report", REPORT),
        ):
            members = [c for c in corpora if c.name in {f"fam-{k}" for k in keys}]
            if len(members) == len(keys):
                pooled = _pooled(name.split()[0], role, members, tmp)
                pooled.name = name
                pooled.figures, _ = score(pooled.gold, pooled.run.out, show=0)  # type: ignore[arg-type]
                pooled.figures["messages"] = len(_read_jsonl(pooled.gold))
                pooled.seconds = sum(c.seconds for c in members)
                rows.insert(rows.index(members[-1]) + 1, pooled)
        by_name = {c.name: c for c in rows}
        gap: dict[str, float] | None = None
        if "handwritten-tune" in by_name and "handwritten-report" in by_name:
            t, r = by_name["handwritten-tune"].figures, by_name["handwritten-report"].figures
            gap = {m: round(float(t[m]) - float(r[m]), 4) for m in METRICS}  # type: ignore[arg-type]
            tt, rt = t["recall_by_type"], r["recall_by_type"]
            assert isinstance(tt, dict) and isinstance(rt, dict)
            gap.update({k: round(tt[k] - rt[k], 4) for k in TYPES if k in tt and k in rt})
        ids: dict[str, dict[str, float]] | None = None
        if "statewide" in by_name:
            sw = by_name["statewide"]
            ids = statewide_ids(sw.gold, sw.run.out)  # type: ignore[arg-type]
        for name, lines in shown.items():
            print(f"== {name}: up to {a.show} misses and false positives")
            print("\n".join(lines))
        if a.show and any(c.role == "report" for c in corpora):
            print(
                "(misses of report corpora are not shown: "
                + ", ".join(c.name for c in corpora if c.role == "report")
                + ")"
            )
        print()
        print_table(rows, gap)
        if ids:
            print()
            print(f"{'statewide client IDs':<24}{'n':>6}{'right':>8}{'wrong_id':>10}{'no_id':>8}")
            for group in ("disambiguated", "unique_name", "repeated_no_hint"):
                g = ids[group]
                print(
                    f"{group:<24}{int(g['n']):>6}{g['right']:>8.3f}{g['wrong_id']:>10.3f}{g['no_id']:>8.3f}"
                )
            print(f"{'all':<24}{int(ids['all']['n']):>6}{ids['all']['right']:>8.3f}")
        notes = {c.name: c.note for c in rows if c.note}
        print()
        for name, note in notes.items():
            print(f"  {name}: {note}")
        wall = time.perf_counter() - total_start
        print(f"  wall time {wall:.1f} s; seed {a.seed}; statewide ages as of {date.today().isoformat()}")
        keys = (
            "recall",
            "precision",
            "finding_precision",
            "context_kept",
            "client_id_accuracy",
            "leaked_messages_per_1000",
            "gold_spans",
            "findings",
            "recall_by_type",
            "recall_by_form",
        )
        summary = {
            "corpora": {
                c.name: {
                    "role": c.role,
                    "messages": c.figures.get("messages"),
                    "seconds": round(c.seconds, 2),
                    **{k: c.figures.get(k) for k in keys},
                }
                for c in rows
            },
            "handwritten_gap_tune_minus_report": gap,
            "statewide_client_ids": ids,
            "tune_families": list(TUNE),
            "report_families": list(REPORT),
            "seed": a.seed,
            "wall_seconds": round(wall, 1),
        }
        print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
