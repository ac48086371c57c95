"""Names a dictation engine wrote down as it heard them: "mercy flow mo" for Mercy Flomo, "she ned oh
kafor" for Chinedu Okafor, "coffee asante mensah" for Kofi Asante-Mensah.

Speech-to-text splits a name it does not know into words it does, so neither the name lists nor the
one-letter typo rule can find it whole: a part is found ("mercy flow", "okafor") and the rest leaks.
The found part says where to look. The lower-case words right before or after it, run together with
it, are that client's name when the whole sounds like a rostered client's given name and surname
(Metaphone, ``RosterIndex.by_sound``). Nothing is taken on sound alone: a run must touch a name some
rule found, and sound like a whole name on the roster. In typed text "Krystyna again at the desk" is
Krystyna and a word, whatever the roster says, so ordinary words are taken only in a message that
reads as dictated (spoken punctuation, numbers said digit by digit, a voicemail's transcript).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from redaction.findings import Finding, PiiType
from redaction.lexicon import COMMON_WORDS
from redaction.name_words import MAX_CANDIDATES
from redaction.normalize import Token, covered
from redaction.roster import RosterIndex, name_sound

MAX_WORDS = 3  # words added on either side ("she ned oh" + "kafor")
MIN_SOUND = 4  # Metaphone letters of the whole name: shorter codes are shared by too many names

_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_DICTATED_RE = re.compile(  # on the lower-cased text: faster than (?i)
    r"\b(?:period|comma|question mark|new line|new paragraph|full stop"
    rf"|{_DIGIT_WORD}(?:[ \t,-]+{_DIGIT_WORD}\b){{2}})\b|transcri|voicemail|dictat"
    r"|\bvoice (?:memo|note|message)|\b(?:speech|voice|talk)[ -]to[ -]text"
)


def looks_dictated(text: str) -> bool:
    """Spoken punctuation, three digits said one by one, or a transcript's own word for itself."""
    return _DICTATED_RE.search(text.lower()) is not None


def with_sounded_out_names(
    text: str, toks: list[Token], findings: list[Finding], index: RosterIndex, *, dictated: bool
) -> list[Finding]:
    """``findings`` with each name found in part widened over the words that sound like the rest;
    ``dictated``: :func:`looks_dictated` of the message as written (before its number words became
    digits)."""
    if not index.by_sound:
        return findings
    hidden = covered(toks, ((f.start, f.end) for f in findings))
    starts = [t.start for t in toks]
    out = []
    for f in findings:
        if f.type is PiiType.NAME:
            f = _sounded_out(text, toks, starts, f, index, hidden, dictated=dictated) or f
        out.append(f)
    return out


def _sounded_out(
    text: str,
    toks: list[Token],
    starts: list[int],
    f: Finding,
    index: RosterIndex,
    hidden: list[bool],
    *,
    dictated: bool,
) -> Finding | None:
    first = bisect_left(starts, f.start)
    last = bisect_left(starts, f.end) - 1
    if first > last or toks[last].end > f.end:
        return None
    inside = range(first, last + 1)
    before = _free_words(text, toks, range(first - 1, first - 1 - MAX_WORDS, -1), hidden, False, dictated)
    after = _free_words(text, toks, range(last + 1, last + 1 + MAX_WORDS), hidden, True, dictated)
    if not (before or after):
        return None
    found = name_sound("".join(toks[k].key for k in inside))
    for extra in range(1, len(before) + len(after) + 1):  # the fewest words that make the name
        for left in range(min(extra, len(before)), -1, -1):
            right = extra - left
            if right > len(after):
                continue
            a, b = first - left, last + right
            sound = name_sound("".join(toks[k].key for k in range(a, b + 1)))
            if len(sound) < MIN_SOUND or sound == found:
                continue  # too short to tell names apart, or the words add no sound ("w/", "h")
            ids = index.by_sound.get(sound)
            if not ids:
                continue
            if f.client_id and f.client_id not in ids:
                return None  # it sounds like someone else: the rule that found the part knew better
            one = f.client_id or (next(iter(ids)) if len(ids) == 1 else None)
            candidates = () if one else tuple(sorted(ids))[:MAX_CANDIDATES]
            start, end = min(toks[a].start, f.start), max(toks[b].end, f.end)
            return Finding(start, end, PiiType.NAME, one, candidates)
    return None


def _free_words(
    text: str, toks: list[Token], ks: range, hidden: list[bool], after: bool, dictated: bool
) -> list[int]:
    """Up to ``MAX_WORDS`` lower-case words next to the name, one space apart, in no other finding;
    ordinary words only when ``dictated``."""
    out: list[int] = []
    prev = ks.start - 1 if after else ks.start + 1
    for k in ks:
        if not 0 <= k < len(toks):
            break
        t = toks[k]
        near = toks[prev]
        gap = text[near.raw_end : t.start] if after else text[t.raw_end : near.start]
        if (
            gap != " "
            or not (t.lower and t.key.isalpha())
            or (t.key in COMMON_WORDS and not dictated)
            or hidden[k]
        ):
            break
        out.append(k)
        prev = k
    return out
