#!/usr/bin/env python3
"""Train the name tagger the engine uses as a backstop (``redaction/data/names.crfsuite``).

    .venv/bin/pip install python-crfsuite==0.9.12   # not a dependency of casebot: the tagger is not in use
    .venv/bin/python -m bench.train_names [--out redaction/data/names.crfsuite] [--check-only] [--sweep 0.65]

Trained only on tune material, never on anything the benchmark reports:

  handwritten-tune   the tune half of bench/corpora/handwritten/ (sha256(id)[0] even; bench/quality.py)
  general-tune       bench/corpora/general_tune/ (ordinary text), when present
  chat-tune          bench/corpora/chat_tune/ (written blind, in voices the others lack), when present
  voices-tune        bench/corpora/voices_tune/ (written blind, 33 more voices), when present
  details-tune       bench/corpora/details_tune/ (written blind: numbers, nicknames, typos), when present
  nicknames-tune     bench/corpora/nicknames_tune/ (written blind: street names, short mentions), when present
  fam-a, fam-b       the tune template families, generated with the default seed

Each message is folded as the engine folds it (invisible characters, look-alikes, numbers in words),
tokenised as the engine tokenises it, and labelled B/I/O for NAME from its gold spans; tokens inside
other gold PII are shown to the model as the engine shows detected PII (``PII_ITEM``). Nothing is
random: the corpora are generated from fixed seeds, read in a fixed order, and L-BFGS is deterministic,
so the same inputs give the same file byte for byte.

First it checks itself: a fifth of the messages (by another hash of the id) are held out, a model is
trained on the rest and scored on them (token precision and recall at the engine's threshold, per
source); then the shipped model is trained on everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import random  # noqa: E402
import re  # noqa: E402

import pycrfsuite  # noqa: E402

from bench.corpora.families import DEFAULT_SEED, TUNE, write_family  # noqa: E402
from bench.quality import is_tune_id  # noqa: E402
from redaction.lexicon import FIRST_NAMES, STOP_WORDS, SURNAMES, is_unknown_word  # noqa: E402
from redaction.name_features import sequence_features  # noqa: E402
from redaction.name_model import DEFAULT_THRESHOLD, MODEL_PATH, name_probabilities  # noqa: E402
from redaction.name_words import PARTICLES  # noqa: E402
from redaction.normalize import WORD_RE, tokenize  # noqa: E402
from redaction.spoken_numbers import digitise  # noqa: E402
from redaction.unicode_fold import fold_text  # noqa: E402

CORPORA = ROOT / "bench" / "corpora"
# L-BFGS with both penalties: L1 drops the features that do not help (a small file), L2 keeps the rest
# from trusting one word too much.
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}

Example = tuple[str, str, list[list[str]], list[str]]  # source, id, features, labels


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Source:
    """One tune corpus: its gold rows and what ``casebot redact`` would be given with it."""

    name: str
    rows: list[dict]
    roster: Path | None  # None: no roster (ordinary text)
    staff: Path | None


def tune_sources(tmp: Path) -> list[Source]:
    """Every tune corpus, in a fixed order."""
    hw = CORPORA / "handwritten"
    # the report half is never read past its id
    rows = [r for r in _read_jsonl(hw / "messages.jsonl") if is_tune_id(str(r["id"]))]
    out = [Source("handwritten-tune", rows, hw / "Client.csv", hw / "staff.txt")]
    general_tune = CORPORA / "general_tune"
    if (general_tune / "messages.jsonl").is_file():
        staff = general_tune / "staff.txt"
        out.append(
            Source(
                "general-tune",
                _read_jsonl(general_tune / "messages.jsonl"),
                None,
                staff if staff.is_file() else None,
            )
        )
    for name in ("chat_tune", "voices_tune", "details_tune", "nicknames_tune"):  # written blind, other voices
        folder = CORPORA / name
        if (folder / "messages.jsonl").is_file():
            rows = _read_jsonl(folder / "messages.jsonl")
            out.append(Source(name.replace("_", "-"), rows, folder / "Client.csv", folder / "staff.txt"))
    for key in TUNE:
        folder = write_family(key, tmp, seed=DEFAULT_SEED)
        out.append(
            Source(
                f"fam-{key}",
                _read_jsonl(folder / "messages.jsonl"),
                folder / "Client.csv",
                folder / "staff.txt",
            )
        )
    for src in list(out):
        with_names = [r for r in src.rows if any(sp["type"] == "NAME" for sp in r["spans"])]
        rows = [renamed(r, lower=_hash_byte("lower", str(r["id"])) % 3 == 0) for r in with_names]
        out.append(Source(f"{src.name}-renamed", rows, src.roster, src.staff))
    return out


def _hash_byte(salt: str, message_id: str) -> int:
    return hashlib.sha256(f"{salt}:{message_id}".encode()).digest()[0]


_ONSETS = "b br ch d dr f g gr h j k kh l m n p qu r s sh t th tr v w y z".split()
_VOWELS = "a e i o u ai ei ou ia".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "th"]


def _pseudo_word(rng: random.Random, like: str) -> str:
    """A made-up word no list has, written in the case of ``like`` ("Maria" -> "Trouvek")."""
    while True:
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
            for _ in range(rng.choice((2, 2, 3)))
        )
        if is_unknown_word(word) and word not in FIRST_NAMES and word not in SURNAMES:
            break
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


# Share of the other words also made up: words no list knows that are not names (a typo, slang, a word
# of another language), so that being on no list is not by itself what makes a name.
_NOISE = 0.08


def renamed(row: dict, *, lower: bool) -> dict:
    """The same message with every name written as a made-up word (and, if ``lower``, all in lower
    case): names no list knows, in the contexts real names are written in; and a few other words made
    up too. Deterministic per id."""
    rng = random.Random(f"renamed:{row['id']}")
    text = row["text"]
    given: dict[str, str] = {}
    parts: list[str] = []
    spans: list[dict] = []
    pos = 0

    def noise(m: re.Match[str]) -> str:
        word = m.group()
        if len(word) < 4 or word.lower() in STOP_WORDS or rng.random() >= _NOISE:
            return word
        return _pseudo_word(rng, word)

    for sp in sorted(row["spans"], key=lambda s: s["start"]):
        parts.append(WORD_RE.sub(noise, text[pos : sp["start"]]))
        frag = text[sp["start"] : sp["end"]]
        if sp["type"] == "NAME":
            frag = WORD_RE.sub(
                lambda m: (
                    m.group()
                    if len(m.group()) < 2 or m.group().lower() in PARTICLES
                    else given.setdefault(m.group(), _pseudo_word(rng, m.group()))
                ),
                frag,
            )
        start = sum(len(p) for p in parts)
        spans.append({**sp, "start": start, "end": start + len(frag), "client_id": None})
        parts.append(frag)
        pos = sp["end"]
    parts.append(WORD_RE.sub(noise, text[pos:]))
    new = "".join(parts)
    if lower and len(new.lower()) == len(new):
        new = new.lower()
    return {"id": f"renamed:{row['id']}", "text": new, "spans": spans}


def base_id(message_id: str) -> str:
    return message_id.removeprefix("renamed:")


def example(source: str, row: dict) -> Example:
    """Features and B/I/O labels of one gold message, seen as the engine sees it."""
    original = row["text"]
    folded = fold_text(original)
    spoken = digitise(folded.text if folded is not None else original)
    if spoken is not None:
        folded = folded.then(spoken) if folded is not None else spoken
    text = folded.text if folded is not None else original
    toks = tokenize(text)
    names = [(s["start"], s["end"]) for s in row["spans"] if s["type"] == "NAME"]
    other = [(s["start"], s["end"]) for s in row["spans"] if s["type"] != "NAME"]
    labels: list[str] = []
    masked: list[bool] = []
    prev_name: tuple[int, int] | None = None
    for t in toks:
        a, b = folded.span(t.start, t.end) if folded is not None else (t.start, t.end)
        hit = next((sp for sp in names if a < sp[1] and sp[0] < b), None)
        masked.append(hit is None and any(a < e and s < b for s, e in other))
        labels.append("O" if hit is None else ("I" if hit == prev_name else "B"))
        prev_name = hit
    return source, str(row["id"]), sequence_features(text, toks, masked), labels


def held_out(message_id: str) -> bool:
    """A fifth of the training messages, by a hash other than the handwritten split's."""
    return hashlib.sha256(f"names-check:{base_id(message_id)}".encode()).digest()[0] % 5 == 0


def train(examples: list[Example], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, _, xseq, yseq in examples:
        trainer.append(xseq, yseq)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def check(model: Path, examples: list[Example], *, threshold: float) -> dict[str, dict[str, float]]:
    """Token precision / recall of NAME (B or I) on held-out examples, per source and overall."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    counts: dict[str, list[int]] = {}
    for source, _, xseq, yseq in examples:
        probs = name_probabilities(tagger, xseq)
        for p, y in zip(probs, yseq, strict=True):
            gold, got = y != "O", p >= threshold
            for key in (source, "all"):
                c = counts.setdefault(key, [0, 0, 0])  # tp, fp, fn
                c[0] += gold and got
                c[1] += got and not gold
                c[2] += gold and not got
    out = {}
    for key, (tp, fp, fn) in counts.items():
        out[key] = {
            "name_tokens": tp + fn,
            "precision": round(tp / max(tp + fp, 1), 4),
            "recall": round(tp / max(tp + fn, 1), 4),
        }
    return out


def sweep(sources: list[Source], model: Path, thresholds: list[float], tmp: Path) -> None:
    """The engine with the check model (trained without the held-out fifth) on that fifth, at each
    threshold and without the model: score.py's figures, so the threshold is chosen on text the model
    did not see, as the report corpora will be."""
    from bot.clients.roster import roster_from_csv
    from redaction import Redactor
    from redaction.name_model import NameModel

    tagger = NameModel(model)
    settings: list[tuple[str, object, float]] = [("off", False, 0.0)]
    settings += [(f"{t:.2f}", tagger, t) for t in thresholds]
    print(f"\n{'source':<18}{'model':>7}{'recall':>8}{'prec':>7}{'ctx':>7}{'NAME':>7}{'leak':>7}")
    pooled: dict[str, tuple[list[dict], list[dict]]] = {}
    for src in sources:
        held = [r for r in src.rows if held_out(str(r["id"]))]
        roster = roster_from_csv(src.roster)[0] if src.roster is not None else []
        staff = src.staff.read_text(encoding="utf-8").splitlines() if src.staff else []
        base = Redactor(roster, colleagues=staff, name_model=False)
        for label, m, t in settings:
            r = Redactor(roster, colleagues=staff, name_model=m, name_threshold=t) if m else base  # type: ignore[arg-type]
            preds = []
            for row in held:
                red = r.redact(row["text"])
                preds.append(
                    {"id": row["id"], "text": red.text, "findings": [f.to_json() for f in red.findings]}
                )
            g, p = pooled.setdefault(label, ([], []))
            g.extend(held)
            p.extend(preds)
            _print_score(src.name, label, held, preds, tmp)
    for label, (g, p) in pooled.items():
        _print_score("all", label, g, p, tmp)


def _print_score(name: str, label: str, gold: list[dict], preds: list[dict], tmp: Path) -> None:
    import subprocess

    gp, pp = tmp / "sweep.gold.jsonl", tmp / "sweep.pred.jsonl"
    gp.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    pp.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
    score = ROOT.parent / "shared" / "eval" / "score.py"
    cmd = [sys.executable, str(score), "--gold", str(gp), "--pred", str(pp)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"score.py failed on {name}: {proc.stderr[-500:]}")
    out = json.loads(proc.stdout.splitlines()[-1])
    print(
        f"{name:<18}{label:>7}{out['recall']:>8.3f}{out['precision']:>7.3f}{out['context_kept']:>7.3f}"
        f"{out['recall_by_type'].get('NAME', 0):>7.3f}{out['leaked_messages_per_1000']:>7.1f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--check-only", action="store_true", help="train on 4/5, score the 1/5; write nothing")
    ap.add_argument("--no-check", action="store_true", help="skip the held-out check; only write the model")
    ap.add_argument("--limit", type=int, default=0, help="only the first N messages of each source (tests)")
    ap.add_argument(
        "--sweep",
        default="",
        help="comma-separated thresholds: also run the engine with the check model on the held-out fifth",
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="casebot-train-names-") as tmpdir:
        tmp = Path(tmpdir)
        sources = tune_sources(tmp)
        if a.limit:
            sources = [Source(s.name, s.rows[: a.limit], s.roster, s.staff) for s in sources]
        examples = [example(src.name, row) for src in sources for row in src.rows]
        sizes: dict[str, list[int]] = {}
        for source, _, _, yseq in examples:
            s = sizes.setdefault(source, [0, 0, 0])
            s[0] += 1
            s[1] += len(yseq)
            s[2] += sum(y == "B" for y in yseq)
        print(f"{'source':<18}{'messages':>10}{'tokens':>9}{'names':>7}")
        for source, (m, t, nm) in sizes.items():
            print(f"{source:<18}{m:>10}{t:>9}{nm:>7}")
        rest = [e for e in examples if not held_out(e[1])]
        held = [e for e in examples if held_out(e[1])]
        if a.no_check:
            train(examples, a.out)
            print(f"wrote {a.out} ({a.out.stat().st_size:,} bytes) from {len(examples)} messages")
            return
        train(rest, tmp / "check.crfsuite")
        print(
            f"\nheld-out check: trained on {len(rest)} messages, scored on {len(held)},"
            f" threshold {a.threshold}"
        )
        for source, fig in check(tmp / "check.crfsuite", held, threshold=a.threshold).items():
            print(
                f"  {source:<18} name tokens {fig['name_tokens']:>5}  precision {fig['precision']:.3f}"
                f"  recall {fig['recall']:.3f}"
            )
        if a.sweep:
            sweep(sources, tmp / "check.crfsuite", [float(t) for t in a.sweep.split(",")], tmp)
        if a.check_only:
            return
        train(examples, a.out)
        digest = hashlib.sha256(a.out.read_bytes()).hexdigest()[:16]
        print(
            f"\nwrote {a.out} ({a.out.stat().st_size:,} bytes, sha256 {digest}) from {len(examples)} messages"
        )


if __name__ == "__main__":
    main()
