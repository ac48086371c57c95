"""Generated corpora from five disjoint template families, and a statewide roster.

Each family (``family_a`` … ``family_e``) has its own sentences, its own name pools (no given
name, surname, nickname or staff name is shared between families: ``check_disjoint``), its own
address, phone, email, date and SSN formats and its own voice. A rule that only fits one family's
sentences therefore shows up as a gap between families, not as a good score.

Which families may be looked at:

    TUNE   = a (terse chat), b (long case notes)       misses may be shown and studied
    REPORT = c (texting), d (BNL lines / Slack markup), e (dictation)
             scored only in aggregate; nobody reads their misses (quality.py refuses to show them)

Once a report family's misses are read it is a tune family and a new report family must be
written: the assignment above is what keeps the report figures honest.

    python -m bench.corpora.families [--out DIR] [--seed N] [--only a,b] [--statewide]

writes DIR/fam-<key>/{Client.csv, staff.txt, messages.jsonl} (and DIR/statewide/). The files are
regenerated, never committed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from . import family_a, family_b, family_c, family_d, family_e
from ._common import Family, generate, tokens, write_corpus

FAMILIES: dict[str, Family] = {
    m.FAMILY.key: m.FAMILY for m in (family_a, family_b, family_c, family_d, family_e)
}
TUNE: tuple[str, ...] = ("a", "b")
REPORT: tuple[str, ...] = ("c", "d", "e")
DEFAULT_SEED = 2024
_MODULES = {"a": family_a, "b": family_b, "c": family_c, "d": family_d, "e": family_e}


def name_words(key: str) -> set[str]:
    """Every folded word a family may write as a name or a colleague's name."""
    mod = _MODULES[key]
    names = [
        *mod.FEMALE,
        *mod.MALE,
        *mod.SURNAMES,
        *(n for v in mod.NICKNAMES.values() for n in v),
        *mod.STAFF,
    ]
    names += [s[:-1] + "a" for s in mod.SURNAMES if s.endswith(("ski", "cki"))]
    return {t for n in names for t in tokens(n)}


def check_disjoint() -> None:
    """Fail if two families share a name word or a sentence, which would make them one test, not two."""
    keys = sorted(FAMILIES)
    words = {k: name_words(k) for k in keys}
    shapes: dict[str, str] = {}
    problems: list[str] = []
    for k in keys:
        fam = FAMILIES[k]
        for t in (*fam.templates, *fam.new_person_templates, *fam.no_pii_templates):
            shape = re.sub(r"\W+", " ", re.sub(r"\{\w+\}", " slot ", t.lower())).strip()
            if shapes.setdefault(shape, k) != k:
                problems.append(f"families {shapes[shape]} and {k} share the sentence {t!r}")
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            shared = words[a] & words[b]
            if shared:
                problems.append(f"families {a} and {b} share name words {sorted(shared)}")
    if problems:
        raise AssertionError("; ".join(problems))


def write_family(key: str, out_dir: Path, *, seed: int = DEFAULT_SEED) -> Path:
    """Generate family ``key`` into ``out_dir/fam-<key>/`` and return that folder."""
    fam = FAMILIES[key]
    corpus = generate(fam, seed=seed)
    folder = out_dir / f"fam-{key}"
    write_corpus(
        corpus, folder, rng=random.Random(f"casebot-roster-{key}-{seed}"), race_weights=fam.race_weights
    )
    return folder


def role(key: str) -> str:
    return "tune" if key in TUNE else "report"


check_disjoint()
assert set(TUNE) | set(REPORT) == set(FAMILIES) and not set(TUNE) & set(REPORT)
