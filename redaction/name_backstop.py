"""Names the rules left alone, found by the learned tagger.

The roster, the lists and the person cues find most names; what leaks is a name no list has, with
context too weak for a rule ("Ngozi dropped off the keys", "thanks, Tavita"). The tagger weighs
shape, ending, lists and neighbours together, so such a word can still read as a name.

It is asked only about words that could be a name and that no rule already settled: not inside
other PII, not a colleague's name given as a known word, not an acronym, a title, a calendar word or
part of an agency's name ("Hope House"). Everything else about a message stays with the rules, and a
message without such a word never reaches the model (the feature work is the cost).

A word the tagger marks becomes a NAME finding with no client ID; if it is a roster name word, the
clients with it are its candidates, and the engine's disambiguation may pick one, as for any name.
"""

from __future__ import annotations

import re

from redaction.drug_names import looks_like_a_drug
from redaction.findings import Finding, PiiType
from redaction.lexicon import (
    ACRONYMS,
    CHAT_SHORTHAND,
    COMMON_WORDS,
    FIRST_NAMES,
    ORG_WORDS,
    PRODUCT_NAMES,
    STOP_WORDS,
    SURNAMES,
    TITLES,
    WEEKDAYS_MONTHS,
    is_unknown_word,
)
from redaction.name_model import NameModel
from redaction.name_words import (
    FUNCTION_WORDS,
    LOCATIVE,
    NEVER_NAME,
    PARTICLES,
    PLACE_PREFIXES,
    PLACE_WORDS_BEFORE,
)
from redaction.names import NameFinder
from redaction.normalize import Token
from redaction.normalize import covered as tokens_covered
from redaction.spanish import SPANISH, is_spanish

_OWN_MARK_RE = re.compile(r"\bClient \d+\b|\[redacted\]")
# Context the tagger sees on each side of a word it is asked about.
_WINDOW = 3


def model_names(
    text: str,
    toks: list[Token],
    blocked: list[bool],
    names: list[Finding],
    *,
    model: NameModel,
    finder: NameFinder,
    threshold: float,
) -> list[Finding]:
    """NAME findings for words the rules did not cover and the tagger gives at least ``threshold``;
    and, for names the rules found without a client, the initials written with them ("R. Biarsem"),
    which the tagger reads as part of the name as it was taught."""
    covered = tokens_covered(toks, ((f.start, f.end) for f in names))
    if "Client " in text or "[redacted]" in text:
        # next to our own replacement, a word's context is no longer what it was when the message was
        # first redacted: redacting twice must find nothing new, so the rules alone decide there
        # (the tagger reads _WINDOW words each side, so every word that sees the mark is left out)
        for m in _OWN_MARK_RE.finditer(text):
            inside = [i for i, t in enumerate(toks) if t.start < m.end() and m.start() < t.raw_end]
            before = [i for i, t in enumerate(toks) if t.raw_end <= m.start()]
            first = inside[0] if inside else len(before)
            last = inside[-1] if inside else first - 1
            for i in range(max(0, first - _WINDOW), min(len(toks), last + _WINDOW + 1)):
                covered[i] = True
            # (and past shape spans and numbers next to the mark: "[redacted] 1420 Ev")
            _cover_past_blocked(text, toks, blocked, covered, m.start(), m.end())
    ordinary = _ordinary_lower_words(toks)
    asked = [
        i
        for i, t in enumerate(toks)
        if not (covered[i] or blocked[i] or (t.lower and t.key in ordinary))
        and _may_be_a_name(text, toks, i, finder)
    ]
    hits: list[int] = []
    for lo, hi in _windows(asked, len(toks)):
        mine = [i for i in asked if lo <= i < hi]
        probs = model.probabilities(model.features(text, toks, blocked, lo, hi), [i - lo for i in mine])
        hits.extend(i for i, p in zip(mine, probs, strict=True) if p >= threshold)
    out = _findings(text, toks, hits, blocked, finder) if hits else []
    for f in names:
        if f.client_id is None and not f.candidates:
            wider = _widened(text, toks, blocked, f)
            if wider is not None:
                out.append(wider)
    return out


def _ordinary_lower_words(toks: list[Token]) -> frozenset[str] | set[str]:
    """Words that, written in lower case, are words here: common English ones, and in a message that
    switches to Spanish (redaction.spanish) Spanish ones too."""
    if not is_spanish(toks):
        return COMMON_WORDS
    return {t.key for t in toks if t.key in COMMON_WORDS or t.key in SPANISH}


def _widened(text: str, toks: list[Token], blocked: list[bool], f: Finding) -> Finding | None:
    """A name found without a client, with the initials written next to it, if there are any."""
    run = [i for i, t in enumerate(toks) if f.start <= t.start and t.end <= f.end]
    if not run:
        return None
    wider = _with_initials(text, toks, run, blocked)
    if len(wider) == len(run):
        return None
    return Finding(min(f.start, toks[wider[0]].start), max(f.end, toks[wider[-1]].end), PiiType.NAME)


def _cover_past_blocked(
    text: str, toks: list[Token], blocked: list[bool], covered: list[bool], start: int, end: int
) -> None:
    """Mark as covered the first word on each side of our own mark once the blocked tokens (numbers, shape
    spans) right beside it are passed, up to 16 characters away."""
    after = [i for i, t in enumerate(toks) if end <= t.start <= end + 16]
    before = [i for i, t in enumerate(toks) if start - 16 <= t.raw_end <= start]
    for side in (after, before[::-1]):
        for i in side:
            if not blocked[i]:
                covered[i] = True  # the first word past the blocked ones: the tagger is not asked about it
                break


def _may_be_a_name(text: str, toks: list[Token], i: int, finder: NameFinder) -> bool:
    """Worth asking the tagger about: on a name list or on no list at all, and nothing the rules know
    says it is not a person here."""
    t = toks[i]
    k = t.key
    if k in COMMON_WORDS and (t.lower or finder._sentence_initial(text, t)):
        return False  # most words: an ordinary word ("Checked in with ..." starts a sentence)
    if len(k) < 2 or not k.isascii() or k in finder.known or k in NEVER_NAME or k in FUNCTION_WORDS:
        return False  # (a word in another script is not one the tagger has seen)
    if (
        k in TITLES
        or k in WEEKDAYS_MONTHS
        or k in ORG_WORDS
        or k in ACRONYMS
        or k in STOP_WORDS
        or k in PRODUCT_NAMES
    ):
        return False
    unknown = is_unknown_word(k)
    if unknown and k not in FIRST_NAMES and k not in SURNAMES and looks_like_a_drug(k):
        return False  # "atorvastatin", "Amoxicillin": a medicine (drug_names.py)
    if not (k in FIRST_NAMES or k in SURNAMES or unknown):
        return False  # an English word that is no name ("Rideshare"): the rules' call
    if t.upper and not (len(k) >= 5 and k.isalpha() and (unknown or k in FIRST_NAMES or k in SURNAMES)):
        return False  # a short ALL-CAPS word is an acronym ("NOFO", "HMIS")
    if len(k) <= 4 and any(c.isupper() for c in t.text[1:]):
        return False  # "CoC", "VoA"
    if k in CHAT_SHORTHAND and not t.cap:
        return False
    if (i > 0 and not toks[i - 1].key.isascii()) or (i + 1 < len(toks) and not toks[i + 1].key.isascii()):
        return False  # next to a word in another script ("Она сказала": look-alikes folded to "Oha")
    if i > 0 and finder._adjacent(text, toks, i - 1, i) and toks[i - 1].key in finder.known:
        return False  # a colleague's surname after the first name ("Marta Zielinski is the CM now")
    prev = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 2 else None
    if (
        prev is not None
        and (prev.key in LOCATIVE or prev.key in PLACE_WORDS_BEFORE)
        and not (t.possessive or k in FIRST_NAMES)
    ):
        return False  # "moved to Bemidji", "works at Medtronic": a place or a company, as the rules read it
    return not (
        finder._in_org_name(text, toks, i, unknown=unknown)
        or finder._not_a_name_here(text, toks, i)
        or _in_place_name(text, toks, i, finder)
        or (t.cap and finder._vocative(text, toks, i))  # "Jo, did anyone call ...": said to a colleague
    )


def _in_place_name(text: str, toks: list[Token], i: int, finder: NameFinder) -> bool:
    """After "St.", "Lake", "Fort" ..., the capitalised words that follow name the place: "St. Vincent
    de Paul", "Lake Minnetonka"."""
    j = i
    while j > 0 and (toks[j - 1].cap or toks[j - 1].key in PARTICLES):
        gap = text[toks[j - 1].raw_end : toks[j].start]
        if gap not in (" ", ". ", "."):
            return False
        if toks[j - 1].key in PLACE_PREFIXES:
            return True
        j -= 1
    return False


def _windows(asked: list[int], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in asked:
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _findings(
    text: str, toks: list[Token], hits: list[int], blocked: list[bool], finder: NameFinder
) -> list[Finding]:
    """One finding per run of marked words written together ("Tavita Faleolo")."""
    out: list[Finding] = []
    run: list[int] = []
    for i in sorted(set(hits)):
        if run and run[-1] == i - 1 and finder._adjacent(text, toks, i - 1, i):
            run.append(i)
            continue
        if run:
            out.append(_finding(text, toks, run, blocked, finder))
        run = [i]
    if run:
        out.append(_finding(text, toks, run, blocked, finder))
    return out


# Single letters after a name that are chat words, not a surname's initial ("gave Tavita a ride").
_NOT_INITIALS = frozenset("a i u n r k y".split())


def _with_initials(text: str, toks: list[Token], run: list[int], blocked: list[bool]) -> list[int]:
    """The run and the initials and particles written with it: "R. Biarsem", "Tifain W", "van Dorth"."""
    lo, hi = run[0], run[-1]
    while lo > 0 and not toks[lo - 1].possessive and not blocked[lo - 1]:
        prev = toks[lo - 1]
        gap = text[prev.raw_end : toks[lo].start]
        initial = len(prev.text) == 1 and prev.text.isalpha() and gap in (". ", " ", ".")
        if not (initial or (prev.key in PARTICLES and gap == " ")):
            break
        lo -= 1
    if hi + 1 < len(toks) and not toks[hi].possessive and not blocked[hi + 1]:
        nxt = toks[hi + 1]
        gap = text[toks[hi].raw_end : nxt.start]
        if len(nxt.text) == 1 and gap == " " and (nxt.text.isupper() or nxt.text not in _NOT_INITIALS):
            hi += 1
    return list(range(lo, hi + 1))


def _finding(
    text: str, toks: list[Token], run: list[int], blocked: list[bool], finder: NameFinder
) -> Finding:
    run = _with_initials(text, toks, run, blocked)
    idx = finder.index
    ids: set[str] = set()
    for i in run:
        k = toks[i].key
        for table in (idx.by_first, idx.by_last, idx.by_nick):
            ids |= table.get(k, set())
    return Finding(toks[run[0]].start, toks[run[-1]].end, PiiType.NAME, candidates=tuple(sorted(ids)))
