"""Numbers written in words, rewritten as digits so the shape detectors see them.

Dictated or voice-typed notes spell numbers out: "eight zero eight five five
five zero one three three", "two four seven dash zero six dash eight eight one
nine", "september fourteenth nineteen ninety one", "four eighteen juniper
hollow road". The detectors for phones, SSNs, dates and addresses work on
digits, so the engine hands them a copy in which each run of number words is
written as the digits a reader would write ("8085550133", "247-06-8819",
"september 14 1991", "418 juniper hollow road"), with a map back to the
original offsets (the same :class:`~redaction.unicode_fold.Folded` the
look-alike folding uses).

A single number word stays a word ("one of them", "two beds"): only runs of two
or more, an ordinal after a month ("January fifth"), or "last four" readings
are rewritten, so ordinary prose is left as it is.
"""

from __future__ import annotations

import re

from redaction.unicode_fold import Folded

_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "niner": 9, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3}
_SCALE = {"hundred": 100, "thousand": 1000}
_NOT_AFTER_HUNDRED = frozenset({*_SCALE, *_REPEAT, *_ORDINALS})
_MONTHS = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec""".split()
)
_ALL = {*_UNITS, *_TEENS, *_TENS, *_ORDINALS, *_REPEAT, *_SCALE}
_WORD = "|".join(sorted(_ALL, key=len, reverse=True))
# A number word, or two joined by a hyphen ("twenty-two", "thirty-first").
_NUM = rf"(?:{_WORD})(?:-(?:{_WORD}))?"
# Between the numbers of one run: spaces, a comma or full stop (or several: "four one, , two", "...": a
# dictation pause), a dash or dot said or typed, a slash said ("one slash thirty slash ninety"), or "and".
_GAP = (
    r"(?:[ \t]*(?:[,.…][ \t]*)+|[ \t]*-[ \t]*|[ \t]+(?:dash|hyphen|dot)[ \t]+"
    r"|[ \t]*(?:/|[ \t]slash[ \t])[ \t]*"
    # a dictation pause or spoken punctuation between groups: "four five six, um, seven eight period nine",
    # "five five five, then two one", "five five five space two one"
    r"|[ \t]*,?[ \t]+(?:um+|uh+|erm|er|hmm+|period|comma|then|space|and[ \t]+then)[ \t]*,?[ \t]+"
    r"|[ \t]+and[ \t]+|[ \t]+)"
)
# (after a mask's dash a run starts all the same: "XXX-XX-four four three three")
RUN_RE = re.compile(rf"(?i)(?<![\w'’])(?<!(?<![x*#])-)({_NUM})((?:{_GAP}(?:{_NUM}))*)(?![\w'’-])")
_PIECE_RE = re.compile(rf"(?i)({_GAP})?({_NUM})")
_DOB_CUE_RE = re.compile(r"(?i)(?:\bdob\b|\bd\so\sb\b|\bd\.o\.b|\bborn\b|\bbirth|\bb-?day\b|\bbirthday\b)")
_MONTH_BEFORE_RE = re.compile(r"(?i)\b([a-z]+)\.?\s+(?:the\s+)?$")
_OF_MONTH_AFTER_RE = re.compile(r"(?i)^\s+(?:of\s+)?([a-z]+)\b")
_LETTERS_RE = re.compile(r"[a-z]+")
_LAST_RE = re.compile(r"(?i)\blast\s+$")
# A unit said with one number word: "apartment four b", "unit twelve", "room nine", "rural route two".
_UNIT_BEFORE_RE = re.compile(
    r"(?i)\b(?:apartment|apt|unit|suite|ste|room|rm|lot|space|trailer|flat|route|box|hc|h[ \t]c|rr|#)"
    r"\.?[ \t]+$"
)
_SPACED_DIGITS_RE = re.compile(r"(?<![\w.,/:\-])\d(?: \d){3,}(?![\w.,/:\-]\d|\w)")


# Speech to text writes a digit as the word that sounds like it: "five five five to one for four three three".
# Inside a long run of digit words (seven or more, starting and ending with a real one, at most a third of
# them sound-alikes) such a word is the digit; "two for one", "five to ten" are too short to be read so.
_SOUND_ALIKES = {"to": "2", "too": "2", "for": "4", "fore": "4", "won": "1", "ate": "8"}
_DIGIT_WORD = "|".join(sorted({*_UNITS, "niner"} - {"o"}, key=len, reverse=True))
_ALIKE = "|".join(_SOUND_ALIKES)
_ALIKE_GAP = r"(?:[ \t]*[,.][ \t]*|[ \t]*-[ \t]*|[ \t]+)"
_ALIKE_RUN_RE = re.compile(
    rf"(?i)(?<![\w'’-])(?:{_DIGIT_WORD})(?:{_ALIKE_GAP}(?:{_DIGIT_WORD}|{_ALIKE})){{5,}}{_ALIKE_GAP}(?:{_DIGIT_WORD})"
    r"(?![\w'’-])"
)
_ALIKE_WORDS = frozenset(_SOUND_ALIKES)
_ALIKE_PIECE_RE = re.compile(rf"(?i)({_ALIKE_GAP})?([a-z]+)")


def _sound_alike_runs(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _ALIKE_RUN_RE.finditer(text):
        pieces = _ALIKE_PIECE_RE.findall(m.group())
        alikes = sum(w.lower() in _SOUND_ALIKES for _, w in pieces)
        if not alikes or alikes * 3 > len(pieces):
            continue
        digits = ""
        for gap, w in pieces:
            if digits and ("," in gap or "." in gap):
                digits += " "
            elif digits and "-" in gap:
                digits += "-"
            w = w.lower()
            digits += _SOUND_ALIKES.get(w) or str(_UNITS.get(w, 9))
        out.append((m.start(), m.end(), digits))
    return out


def digitise(text: str) -> Folded | None:
    """``text`` with its runs of number words written as digits, or None when there are none."""
    pieces: list[tuple[int, int, str]] = []  # (start, end, replacement) in text
    if " " in text and _SPACED_DIGITS_RE.search(text):
        # voice typing writes digits one by one: "5 1 2 4 4 9 8 7 6" is one number
        pieces.extend(
            (m.start(), m.end(), m.group().replace(" ", "")) for m in _SPACED_DIGITS_RE.finditer(text)
        )
    if _ALL.isdisjoint(_LETTERS_RE.findall(text.lower())):
        return _rewrite(text, pieces) if pieces else None  # (a set test: faster than a pattern of every word)
    alike = _sound_alike_runs(text) if not _ALIKE_WORDS.isdisjoint(_LETTERS_RE.findall(text.lower())) else []
    pieces.extend(alike)
    for m in RUN_RE.finditer(text):
        if alike and any(a < m.end() and m.start() < b for a, b, _ in alike):
            continue
        if (
            m.group(2)
            and m.group(1).lower() == "four"
            and _LAST_RE.search(text, max(0, m.start() - 8), m.start())
        ):
            # "last four three three one eight": "last four" names the field, the digits follow it
            pieces.append((m.start(1), m.end(1), "4"))
            m = RUN_RE.match(text, m.end(1) + len(_PIECE_RE.match(m.group(2)).group(1) or ""))
            if m is None:
                continue
        rendered = _render_run(text, m)
        if rendered is not None:
            pieces.append((m.start(), m.end(), rendered))
    if not pieces:
        return None
    return _rewrite(text, sorted(pieces))


def _rewrite(text: str, pieces: list[tuple[int, int, str]]) -> Folded:
    """``text`` with each (start, end, replacement) piece put in, and the map back."""
    chars: list[str] = []
    origin: list[int] = []
    origin_end: list[int] = []
    pos = 0
    for start, end, rep in pieces:
        for k in range(pos, start):
            chars.append(text[k])
            origin.append(k)
            origin_end.append(k + 1)
        for c in rep:
            chars.append(c)
            origin.append(start)
            origin_end.append(end)
        pos = end
    for k in range(pos, len(text)):
        chars.append(text[k])
        origin.append(k)
        origin_end.append(k + 1)
    return Folded("".join(chars), tuple(origin), tuple(origin_end))


def _words(m: re.Match[str]) -> list[tuple[str, str]]:
    """(separator before, word) for each number word of a run; hyphenated pairs are split."""
    out: list[tuple[str, str]] = []
    for p in _PIECE_RE.finditer(m.group()):
        gap = (p.group(1) or "").lower()
        if "and" in gap:
            sep = "and"
        elif "/" in gap or "slash" in gap:
            sep = "/"
        elif gap == "-" and out and out[-1][1] in _UNITS and p.group(2).lower().split("-")[0] in _UNITS:
            sep = ""  # digits typed with hyphens between them ("four-five-six") are one group
        elif ("-" in gap and "," not in gap) or "dash" in gap or "hyphen" in gap:
            sep = "-"
        elif "dot" in gap:
            sep = "."  # "six one two dot five five five dot ...": said as it is written
        else:
            sep = "," if gap.strip() else ""  # ("um", "period" between groups: a pause, as a comma is)
        for n, part in enumerate(p.group(2).lower().split("-")):
            out.append((sep if n == 0 else "", part))
    return out


def _render_run(text: str, m: re.Match[str]) -> str | None:
    words = _words(m)
    groups = _groups(words)
    if groups is None:
        return None
    ordinal = any(g[2] for g in groups)
    ordinal_after_month = len(words) <= 3 and ordinal and _month_near(text, m)
    dob = _DOB_CUE_RE.search(text, max(0, m.start() - 40), m.start()) is not None
    after_month = not ordinal and _month_before(text, m)
    unit = len(words) == 1 and not ordinal and _UNIT_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
    if len(words) < 2 and not ordinal_after_month and not (dob and after_month) and not unit:
        return None
    if ordinal and not _month_near(text, m):
        return None  # "second floor", "first time": ordinals only in dates
    if len(words) == 2 and all(w in ("one", "oh", "o") for _, w in words):
        return None  # "oh one", "one one": too little to be a number someone wrote
    if after_month:
        day_year = _day_then_year(groups)
        if day_year is not None:
            return day_year
    if dob and not ordinal:
        as_date = _as_date(groups)
        if as_date is not None:
            return as_date
    if _one_digit_a_pause(groups):
        return "".join(g[1] for g in groups)  # "nine, nine, one, two": a digit at a time, a pause after each
    out = ""
    prev_ordinal = False
    for sep, digits, ordinal in groups:
        if out:
            if sep in ("-", "/"):
                out += sep
            elif sep in (",", "and") or ordinal or prev_ordinal:
                out += " "
        out += digits
        prev_ordinal = ordinal
    return out


def _one_digit_a_pause(groups: list[tuple[str, str, bool]]) -> bool:
    return len(groups) >= 4 and all(
        len(d) == 1 and not o and (k == 0 or sep == ",") for k, (sep, d, o) in enumerate(groups)
    )


def _groups(words: list[tuple[str, str]]) -> list[tuple[str, str, bool]] | None:
    """(separator, digits, is an ordinal) for each number a reader hears in the words."""
    out: list[tuple[str, str, bool]] = []
    k = 0
    n = len(words)
    while k < n:
        sep, w = words[k]
        if w in _REPEAT:
            if k + 1 < n and words[k + 1][1] in _UNITS:
                out.append((sep, str(_UNITS[words[k + 1][1]]) * _REPEAT[w], False))
                k += 2
                continue
            return None
        if w in _SCALE:
            return None  # "hundred" with nothing before it
        if w in _ORDINALS:
            out.append((sep, str(_ORDINALS[w]), True))
            k += 1
            continue
        if w in _TENS and k + 1 < n and not words[k + 1][0] and _ORDINALS.get(words[k + 1][1], 10) < 10:
            out.append((sep, str(_TENS[w] + _ORDINALS[words[k + 1][1]]), True))  # "twenty second"
            k += 2
            continue
        value, k2 = _compound(words, k)
        if k2 < n and words[k2][1] in _SCALE and not words[k2][0]:
            scale = _SCALE[words[k2][1]]
            rest, k3 = (0, k2 + 1)
            if k3 < n and words[k3][0] in ("", "and") and words[k3][1] not in _SCALE | _REPEAT.keys():
                if words[k3][1] in _ORDINALS:
                    rest, k3 = _ORDINALS[words[k3][1]], k3 + 1
                else:
                    rest, k3 = _compound(words, k3)
                    if scale == 1000 and k3 < n and words[k3][1] == "hundred":
                        # "four thousand four hundred thirty three": the hundreds, then what follows them
                        if rest >= 10 or words[k3][0]:
                            return None
                        rest, k3 = rest * 100, k3 + 1
                        if k3 < n and words[k3][0] in ("", "and") and words[k3][1] not in _NOT_AFTER_HUNDRED:
                            tail, k3 = _compound(words, k3)
                            rest += tail
            out.append((sep, str(value * scale + rest), False))
            k = k3
            continue
        out.append((sep, f"{value}", False))
        k = k2
    return out


def _compound(words: list[tuple[str, str]], k: int) -> tuple[int, int]:
    """A unit, a teen, or a tens word with its unit or ordinal ("thirty three", "twenty first")."""
    w = words[k][1]
    if w in _UNITS:
        return _UNITS[w], k + 1
    if w in _TEENS:
        return _TEENS[w], k + 1
    if w in _TENS:
        if k + 1 < len(words) and not words[k + 1][0] and words[k + 1][1] in _UNITS:
            unit = words[k + 1][1]
            if unit not in ("oh", "o", "zero"):
                return _TENS[w] + _UNITS[unit], k + 2
        return _TENS[w], k + 1
    return 0, k + 1


def _month_before(text: str, m: re.Match[str]) -> bool:
    before = _MONTH_BEFORE_RE.search(text, max(0, m.start() - 16), m.start())
    return bool(before and before.group(1).lower() in _MONTHS)


def _month_near(text: str, m: re.Match[str]) -> bool:
    if _month_before(text, m):
        return True
    after = _OF_MONTH_AFTER_RE.match(text[m.end() : m.end() + 16])
    return bool(after and after.group(1).lower() in _MONTHS)


def _day_then_year(groups: list[tuple[str, str, bool]]) -> str | None:
    """ "march seventeen nineteen sixty one": after a month, a day said as a plain number and then the
    year -> "17 1961" (the groups run together would read 171961). "march nineteen ninety" is a month
    and a year, left as it is."""
    day = int(groups[0][1])
    if not 1 <= day <= 31:
        return None
    year = "".join(g[1] for g in groups[1:])
    if len(groups) == 1:
        return str(day)
    if len(groups) == 2 and day in (19, 20) and len(year) == 2:
        return None
    return f"{day} {year}" if len(year) in (2, 4) else None


def _as_date(groups: list[tuple[str, str, bool]]) -> str | None:
    """ "one thirty ninety" after a birth cue: month, day, year -> "1/30/90"."""
    merged: list[tuple[str, str, bool]] = []
    for g in groups:  # "oh three oh four eighty eight": "03", "04", "88"
        if merged and merged[-1][1] == "0" and len(g[1]) == 1 and not g[0]:
            merged[-1] = (merged[-1][0], "0" + g[1], False)
        else:
            merged.append(g)
    groups = merged
    if len(groups) < 3:
        return None
    month, day = int(groups[0][1]), int(groups[1][1])
    year = "".join(g[1] for g in groups[2:])
    if not (1 <= month <= 12 and 1 <= day <= 31) or len(year) not in (2, 4):
        return None
    return f"{month}/{day}/{year}"
