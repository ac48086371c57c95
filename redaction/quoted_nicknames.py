"""A nickname written inside a name: 'Margaret Anne "Peggy" Kowalczyk', "Jae-won (Jay) Kang",
'Robert "the Bishop" Johnson'. The whole run is one person's name: hidden as one finding, the
nickname with it (a nickname no list knows, "the Bishop", would otherwise stay readable). Taken
only when the rules already found a name somewhere in the run, so a quoted phrase between two
capitalised words ("Main "Street" Hall") is left alone. The finding keeps the client ID when
every finding it swallows agrees on one.

A street name made of a word that describes the person and their name ("Big Mike", "Lil Dre",
"Young Tony") is one name too: the describing word alone would say to anyone in the channel who
is meant. So is a street name before a client's surname ("Smoke Johnson", "country tackett"): the
surname says who, and the word before it is what people call them.
"""

from __future__ import annotations

import re

from redaction.findings import Finding, PiiType
from redaction.lexicon import ACRONYMS, FIRST_NAMES, ORG_WORDS, TITLES, WEEKDAYS_MONTHS
from redaction.name_words import FUNCTION_WORDS, NEVER_NAME
from redaction.normalize import Token, fold
from redaction.roster import RosterIndex
from redaction.verbs import is_base_verb, is_finite_verb

_WORD = r"[A-ZÀ-Þ][^\W\d_]*(?:[’'\-][^\W\d_]+)*"
NICKNAME_RUN_RE = re.compile(
    rf"{_WORD}(?:[ \t]+{_WORD})?[ \t]+"
    r"(?:\"[^\"\n\d]{1,24}\"|“[^”\n\d]{1,24}”|'[^'\n\d]{1,24}'|‘[^’\n\d]{1,24}’|\([^()\n\d]{1,24}\))"
    rf"[ \t]+{_WORD}(?:-{_WORD})?"
)


def with_nicknames(text: str, names: list[Finding]) -> list[Finding]:
    """``names`` (sorted NAME findings) with each name-nickname-name run made one finding."""
    if not names or not ('"' in text or "(" in text or "'" in text or "“" in text or "‘" in text):
        return names
    out = list(names)
    for m in NICKNAME_RUN_RE.finditer(text):
        inside = [f for f in out if f.start < m.end() and f.end > m.start()]
        if not inside or any(f.start < m.start() or f.end > m.end() for f in inside):
            continue  # no name found in the run, or a finding reaches past it: leave them as they are
        ids = {f.client_id for f in inside if f.client_id}
        if len(ids) > 1:
            continue  # two different clients: not one name
        cands = tuple(sorted({c for f in inside for c in f.candidates})) if not ids else ()
        merged = Finding(m.start(), m.end(), PiiType.NAME, client_id=next(iter(ids)) if ids else None,
                         candidates=cands)  # fmt: skip
        out = sorted([f for f in out if f not in inside] + [merged], key=lambda f: (f.start, f.end))
    return out


DESCRIBING_WORDS = frozenset("big lil little young old baby skinny tall lady".split())
# a describing word before a found name (written the way the name is: see with_descriptors)
_DESCRIBED_RE = re.compile(rf"(?i)(?:(?<=[^\w'’])|^)((?:{'|'.join(DESCRIBING_WORDS)})['’]?)[ \t]+$")


def with_descriptors(text: str, names: list[Finding]) -> list[Finding]:
    """``names`` with "Big" of "Big Mike" taken into the name finding it stands before."""
    out = []
    for f in names:
        m = _DESCRIBED_RE.search(text, max(0, f.start - 12), f.start)
        if m is not None and (m.group(1)[0].isupper() == text[f.start].isupper()):
            f = Finding(m.start(1), f.end, f.type, client_id=f.client_id, candidates=f.candidates)
        out.append(f)
    return out


def with_nickname_before_surname(
    text: str, toks: list[Token], names: list[Finding], index: RosterIndex
) -> list[Finding]:
    """``names`` with a client's surname found alone taking the street name written before it."""
    out = []
    for f in names:
        if (f.client_id or f.candidates) and fold(text[f.start : f.end]) in index.by_last:
            k = next((k for k, t in enumerate(toks) if t.start == f.start), 0)
            if (
                k
                and toks[k].end == f.end
                and not (index.by_first.get(toks[k - 1].key) or index.by_nick.get(toks[k - 1].key))
                and _street_name(text, toks[k - 1], toks[k])
            ):
                f = Finding(toks[k - 1].start, f.end, f.type, client_id=f.client_id, candidates=f.candidates)
        out.append(f)
    return out


def _street_name(text: str, t: Token, surname: Token) -> bool:
    """Can ``t``, right before a client's surname, be what they are called? A word written as the
    surname is (both capitalised, or both lower case), one space before it, that is no given name
    (another person), no title, past-tense verb, function word, weekday or acronym."""
    k = t.key
    return (
        text[t.raw_end : surname.start] == " "
        and not t.possessive
        and ((t.cap and surname.cap and not t.upper) or (t.lower and surname.lower))
        and len(k) > 2
        and k not in FIRST_NAMES
        and k not in FUNCTION_WORDS
        and k not in NEVER_NAME
        and k not in TITLES
        and k not in WEEKDAYS_MONTHS
        and k not in ACRONYMS
        and k not in ORG_WORDS
        and not is_finite_verb(k)
        and not (t.lower and is_base_verb(k))  # ("call hollis back"; "Smoke Johnson" is a name)
        and not k.endswith("ing")
    )
