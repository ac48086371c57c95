"""Write the generated corpora to a folder: ``python -m bench.corpora.families [--out DIR] ...``.

They are regenerated from the seed whenever needed and never committed, so the default folder is a
fresh temporary one; its path is printed.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

from . import DEFAULT_SEED, FAMILIES, role, write_family
from .statewide import write_statewide


def _summary(folder: Path) -> str:
    with (folder / "messages.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    types = Counter(s["type"] for r in rows for s in r["spans"])
    empty = sum(not r["spans"] for r in rows)
    return f"{len(rows)} messages ({empty} without PII), spans " + ", ".join(
        f"{t} {n}" for t, n in types.most_common()
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, help="folder to write into (default: a new temporary folder)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--only", default=",".join(sorted(FAMILIES)), help="families to write, e.g. a,b")
    ap.add_argument("--statewide", action="store_true", help="also write the 100,000-client statewide corpus")
    a = ap.parse_args()
    out = a.out or Path(tempfile.mkdtemp(prefix="casebot-families-"))
    for key in [k.strip() for k in a.only.split(",") if k.strip()]:
        if key not in FAMILIES:
            raise SystemExit(f"no family {key!r}; there are {', '.join(sorted(FAMILIES))}")
        folder = write_family(key, out, seed=a.seed)
        print(f"{folder}  [{role(key)}, {FAMILIES[key].voice}]  {_summary(folder)}")
    if a.statewide:
        folder = write_statewide(out, seed=a.seed, today=date.today())
        print(f"{folder}  [statewide]  {_summary(folder)}")


if __name__ == "__main__":
    main()
