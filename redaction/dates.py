"""Dates of birth: full dates in every common shape, and partial ones next to a birth cue.

A date may be a meeting or a birth date; the :class:`DateJudge` looks at the words before
it (a DOB cue always wins) and at the year (a recent one is a meeting or a move-in).
"""

from __future__ import annotations

import contextlib
import datetime
import re

from redaction.findings import PiiType

Span = tuple[int, int, PiiType]

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    # French, Portuguese, Italian and German, where they differ from the above ("mai" is left out: it is a
    # given name as often as May)
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "janeiro": 1,
    "fevereiro": 2,
    "março": 3,
    "marco": 3,  # (the detectors see "março" with its accent folded away)
    "maio": 5,
    "junho": 6,
    "julho": 7,
    "setembro": 9,
    "outubro": 10,
    "dezembro": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "marz": 3,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
# (a form's leader dots may come right before a date: "DOB...........06/30/1963")
_START = r"(?:(?<=\.\.)|(?<![\w/.\-–]))"
NUM_DATE_RE = re.compile(
    _START + r"(\d{1,2})\s?([/.\-–])\s?(\d{1,2})\s?\2\s?('?\d{4}|\d{2})(?![\w/]|[.\-–]\d)"
)
ISO_DATE_RE = re.compile(_START + r"(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\w/]|[.\-]\d)")
COMPACT_DATE_RE = re.compile(
    r"(?<![\w/.\-])((?:19|20)\d{2})(\d{2})(\d{2})(?![\w/\-])|(?<![\w/.\-])(\d{2})(\d{2})((?:19|20)\d{2})(?![\w/\-])"
)
MONTH_DATE_RE = re.compile(
    rf"(?i)\b(?:(?:{_MONTH_ALT})\.?\s+(\d{{1,2}}){_ORD}(?:\s*,\s*|\s+del?\s+|\s+|,)(?:of\s+)?('?\d{{4}}|'\d{{2}}|\d{{2}}(?![\d:]))"
    rf"|(?:the\s+)?(\d{{1,2}}){_ORD}(?:\s+day)?(?:\s+of|\s+de)?\s+(?:{_MONTH_ALT})\.?"
    rf"(?:\s*,\s*|\s+del?\s+|\s+|,|\s*[\-/]\s*)"  # (Spanish: "19 de mayo de 1982", "11 de febrero del 79")
    rf"('?\d{{4}}|'?\d{{2}}(?![\d:]))"
    rf"|(\d{{1,2}})[\-/ ](?:{_MONTH_ALT})[\-/ ](\d{{4}}|\d{{2}}))\b"
)
# (with a birth cue only) "born March 1980", "born in April of '92", "born in april of 92"
MONTH_YEAR_RE = re.compile(
    rf"(?i)\b(?:{_MONTH_ALT})\.?,?\s+(?:of\s+)?((?:19|20)\d{{2}}|'?\d{{2}})\b(?![:/.\-]\d)"
)
MONTH_DAY_RE = re.compile(
    rf"(?i)\b(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}\s+(?:of\s+|de\s+)?(?:{_MONTH_ALT}))\b"
)
# (with a birth cue only) month, day and year with spaces for separators: "DOB is 11 25 1976", "date of
# birth 03 27 91" (voice typing drops the slashes).
SPACED_DATE_RE = re.compile(r"(?<![\w/.\-])(\d{1,2}) (\d{1,2}) ((?:19|20)\d{2}|\d{2})(?![\w/\-]|[.:]\d)")
SHORT_NUM_DATE_RE = re.compile(r"(?<![\w/.\-])\d{1,2}[/\-.]\d{1,2}(?![\w/]|[.\-]\d)")
YEAR_RE = re.compile(r"(?<![\w/.\-])(?:19|20)\d{2}(?![\w/\-])")
# Right after a birth cue only: a two-digit year ("born in 88", "b. '88"), a date written with spaces
# ("dob 3 4 88"), six digits ("dob 030488") or day-month-year run together ("DOB 04MAR1975"), a month
# alone ("birthday is in March").
CUED_PARTIAL_RE = re.compile(
    r"(?i)(?:\bborn(?:\s+in)?|\bb\.|\bdob\s*:?|\byob\s*:?|\bb-?day\s*:?|\bbirthday\s*:?)\s*"
    r"(?:is\s+)?(?:(?:in|on)\s+)?(?:(?:early|late|mid-?)\s*)?"
    rf"(\d{{1,2}}(?:{_MONTH_ALT})\d{{2,4}}\b|(?:18|19|20)\d{{2}}(?![\d/\-.:])|'?\d{{2}}(?![\d/\-.:])|\d{{1,2}}\s\d{{1,2}}\s(?:\d{{4}}|\d{{2}})\b|\d{{6}}\b|(?:{_MONTH_ALT})\b)"
)
DOB_CUE_RE = re.compile(
    r"(?i)(?:\bdob\b|\bd\.o\.b\.?|\bborn\b|\bbirth|\bb-?day\b|\bbday\b|\bb\.\s*|\bdate\s+of\s+birth|"
    r"\bfecha\s+de\s+nacimiento|\bnacid[oa]\b|\bnaci[oó](?:\s+el)?\b|\bbirthdate\b|\bbdate\b|\bb-date\b|\bage\b|\byo\b"
    r"|\bnée?\s+le\b|\bnascid[oa]\b|\bgeboren\b)[^\n]{0,3}$"
)
# a form's note in brackets between a label and its value
_ASIDE_BEFORE_RE = re.compile(r"[ \t]*\([^()\n]{1,48}\)[ \t]*[:#]?[ \t]*$")
DOB_CUE_NEAR_RE = re.compile(
    r"(?i)(?:\bdob\b|\bd\.o\.b|\bd\so\sb\b|\bborn\b|\bb\.(?=\s*['\d])|\bbirth|\bb-?day\b|\bb\sday\b|\bbday\b|\bb-?date\b|\byob\b|\bdate\s+of\s+birth|\bnacid[oa]\b|\bfecha\s+de\s+nac"
    r"|\bnaci[oó]\b|\bcumplea[ñn]os\b|\bcumple\s+a[ñn]os\b"  # (Spanish: "nació el", "cumple años el")
    r"|\bnée?\s+le\b|\bnascid[oa]\b|\bgeboren\b)"
)
EVENT_CUE_RE = re.compile(
    r"(?i)\b(?:on|since|by|until|till|thru|through|from|before|after|starting|meeting|mtg|appt|appointment|"
    r"entered|entry|exited|exit|moved?|move-?in|housed|scheduled|due|court|hearing|lease|intake|"
    r"assessed|assessment|released|discharged|admitted|dated|booked|arrested|enrolled|deadline|expires?|expired|"
    r"effective|as\s+of|week\s+of|"
    r"next|last|this|conference|staffing|inspection|visit|paid|rent)\b[^\n]{0,12}$"
)


# A birth cue AFTER a partial date: "feb 29 is his real birthday", "3/14 is her bday".
# (with nothing capitalised between: a name between the date and the cue would make what is found depend
# on the name's length, and redacting twice would find more the second time)
DOB_CUE_AFTER_RE = re.compile(
    r"[^\n.;A-Z]{0,24}?(?i:\bbirthday\b|\bb-?day\b|\bbirth\s*date\b|\bdate\s+of\s+birth\b|\bdob\b)"
)


def _cue_before(text: str, start: int) -> bool:
    """A birth cue in the 40 characters before a partial date, with no capitalised word between (see
    DOB_CUE_AFTER_RE)."""
    cues = list(DOB_CUE_NEAR_RE.finditer(text, max(0, start - 40), start))
    if not cues:
        return False
    cue = cues[-1]
    between = text[cue.end() : start]
    if any(c.isupper() for c in between):
        return False
    # (after another date, an event's own cue wins: "DOB 11/23/1968, admitted 12/1")
    return not (_DATE_BETWEEN_RE.search(between) and EVENT_CUE_RE.search(text, max(0, start - 24), start))


# A date between a birth cue and the date being judged: the cue may have been the earlier date's ("DOB
# 11/23/1968, admitted 12/1", "DOB 10/08/1979, released 12/06/2026").
_DATE_BETWEEN_RE = re.compile(r"\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")


# "(F, 1981)", "(M, 56)", "(nb/2001)": sex and birth year or age, the way lists are written.
SEX_YEAR_RE = re.compile(
    r"(?i)\((?:[mfx]|male|female|nb|non-?binary|trans\s*[mf])\s*[,/;]\s*((?:19|20)\d{2}|'?\d{2})\s*\)"
)
# An age said of a person: "she is 74", "he's 23 and", "they turned 19", "age 56", "aged 56", "56 y/o".
AGE_RE = re.compile(
    r"(?i)\b(?:(?:she|he|they|who)(?:['’]s|\s+is|\s+was|['’]ll\s+be|\s+will\s+be|\s+turns|\s+turned|s|\s+s|"
    r"\s+just\s+turned|\s+is\s+now|['’]s\s+now)\s+(\d{2,3})(?:\s+(?:years?\s+old|y/?o|yrs?\s+old))?"
    r"|(?:ages?d?|turning|turns|turned|at\s+the\s+age\s+of)\s*:?\s+(\d{1,3})"
    r"|(\d{2,3})\s*(?:y/o|y\.o\b|yo|yrs?\s+old|yr\s+old|years?\s+old|-years?-old|years?\s+of\s+age)"
    # Spanish: "tiene 32 años", "cumple 60 años el viernes"
    r"|(?:tiene|cumple|cumplió|cumplio|cumplirá|cumplira)\s+(\d{2,3})(?=\s+a[ñn]os\b))\b"
    r"(?!\s*(?:%|percent|mins?|minutes|hours?|hrs?|days?|weeks?|wks?|months?|mos|points?|pts|dollars|bucks|"
    r"blocks|miles?|feet|ft|lbs?|pounds|people|beds|units|th\b|st\b|nd\b|rd\b|am\b|pm\b|:|/|out\s+of))"
)
# After a name: "Lue Xiong, 56, ...", "Lue Xiong (56)", "Lue Xiong is 56".
# ("Moana Tuhiwai, now 61, said", "Adaeze Okafor, 4 years, brought by mum": a child's age with its unit)
AGE_AFTER_NAME_RE = re.compile(
    # (after the name's closing bracket or quote: "Country (William Tucker), 67,", "Flaherty ('Red') — 74,")
    r"(?i)(?:[\"'’”)\]]*(?:\s*,\s*(?:now\s+|aged\s+)?|\s+[—–]\s+)|\s*\(\s*"
    r"|\s+(?:is|was|turns|turned|just\s+turned)\s+)"
    r"(?:(\d{2,3})(?=\s*(?:,|\)|;|$|and\b|years?\s+old|y/?o\b|yrs?\b|\.\s|\.$|\n)"
    r"|\s+(?:she|he|they|so|but|now|this|next)\b)"
    r"|(\d{1,3})(?=[ \t-]*(?:years?|yrs?|y/?o|months?|mos)\b))"
)
# A life span after a name: "Fatou Ndiaye (1952–2025)" — the first year is the birth year; and a
# birth year alone in brackets, as records tell namesakes apart: "Kou Vang (1966, ours)", "(b. 1992)".
LIFESPAN_AFTER_NAME_RE = re.compile(
    r"[ \t]*\([ \t]*((?:18|19|20)\d{2})[ \t]*[–\-][ \t]*(?:(?:19|20)\d{2})?[ \t]*\)"
    r"|[ \t]*\([ \t]*(?:b\.[ \t]*)?(19\d{2}|20[01]\d)[ \t]*[,;)]"
    # two digits after an apostrophe, with or without brackets: "Marisol R. '99", "Rivera M. ('87, 2 kids)"
    r"|[ \t]*\(?[ \t]*(?:b\.[ \t]*)?(['’]\d{2})(?![\d'’\w])"
)
# A person's age with an article before it: "a 34-year-old Pell City man", "a 67 y/o female".
_PERSON_AFTER_AGE_RE = re.compile(
    r"(?i)(?:[ \t]+[A-Z][\w.\-]*){0,3}[ \t]+(?:man|woman|men|women|boy|girl|male|female|person|mother|father|"
    r"mom|dad|son|daughter|grandmother|grandfather|resident|veteran|vet|client|patient|pt|driver|student|"
    r"tenant|neighbo(?:u)?r|nonbinary|non-binary|trans|transgender|lady|guy|teen|child|kid|baby|infant)\b"
)


_NOUN_AGE_RE = re.compile(r"(?i)\b(?:the|a|an)\s+$")


def age_after_name(text: str, end: int) -> tuple[int, int] | None:
    """The span of an age written right after a name that ends at ``end``, if there is one."""
    m = AGE_AFTER_NAME_RE.match(text, end)
    if m is None:
        m = LIFESPAN_AFTER_NAME_RE.match(text, end)
        if m is None:
            return None
        k = next(g for g in (1, 2, 3, 4) if m.group(g))
        return m.start(k), m.end(k)
    k = 1 if m.group(1) else 2
    if not (10 if k == 1 else 0) <= int(m.group(k)) <= 110:
        return None
    return m.start(k), m.end(k)


# A birth year that tells two people apart: "the '99 one", "the 2003 one", "the 1987 Marisol"; in Spanish
# "nacida en el 99", "la del 87", "del '87".
_YEAR_TELLS_APART_RE = re.compile(
    r"\b[Tt]he[ \t]+((?:19|20)\d{2}|['’]\d{2})[ \t]+(?=one\b|[A-Z][a-zà-ÿ])"
    r"|(?i:\bnacid[oa][ \t]+en[ \t]+(?:el[ \t]+)?|\b(?:la|el)[ \t]+del[ \t]+|\bdel[ \t]+(?=['’]))"
    r"(['’]?\d{2}|(?:19|20)\d{2})(?![\d/\-.:]\d)\b"
)


_TOLD_APART_HINTS = ("he 19", "he 20", "he '", "he ’", "del ", "nacid")  # (the cheap test first)


def _years_telling_apart(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _YEAR_TELLS_APART_RE.finditer(text):
        k = 1 if m.group(1) else 2
        if _year4(m.group(k)) <= datetime.date.today().year - 10:  # ("the 2025 Housing Inventory": no one's)
            spans.append((m.start(k), m.end(k), PiiType.DOB))
    return spans


def find_ages(text: str, words: set[str] | frozenset[str] | None = None) -> list[Span]:
    """Ages of people (a quasi-identifier, scored as DOB): "she is 74", "age 56", "(M, 56)"; and the birth
    years that tell namesakes apart ("the '99 one")."""
    told_apart = any(h in text for h in _TOLD_APART_HINTS)
    spans: list[Span] = _years_telling_apart(text) if told_apart else []
    low = text.lower()
    hinted = not _AGE_WORDS.isdisjoint(words) if words is not None else any(h in low for h in _AGE_HINTS)
    if hinted or "y/o" in low or "y.o" in low or "-old" in low:
        spans.extend(_ages(text))
    if "(" in text:
        spans.extend((m.start(1), m.end(1), PiiType.DOB) for m in SEX_YEAR_RE.finditer(text))
    return spans


_AGE_WORDS = frozenset(
    """she he they who shes hes theyre age aged ages turning turns turned yo yr yrs year years años
    anos""".split()
)
_AGE_HINTS = ("she", "he", "they", "who", "age", "y/o", "y.o", "yo", "yr", "year", "turn", "años", "anos")


def _ages(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in AGE_RE.finditer(text):
        k = next(g for g in (1, 2, 3, 4) if m.group(g))
        if (
            k == 3
            and _NOUN_AGE_RE.search(text, max(0, m.start() - 4), m.start())
            and not _PERSON_AFTER_AGE_RE.match(text, m.end())
        ):
            continue  # "the 17 year old": who is meant is said elsewhere ("a 34-year-old man" says who)
        if (10 if k != 2 else 0) <= int(m.group(k)) <= 110:  # ("age 9": a child's age counts too)
            spans.append((m.start(k), m.end(k), PiiType.DOB))
    return spans


def year4(raw: str) -> int:
    """A written year as four digits ("'88" and "88" are 1988, "04" is 2004)."""
    return _year4(raw)


def _year4(raw: str) -> int:
    digits = raw.lstrip("'")
    year = int(digits)
    if len(digits) == 2:
        pivot = datetime.date.today().year % 100
        year += 2000 if year <= pivot else 1900
    return year


def _valid_dm(a: int, b: int) -> bool:
    """Either month/day or day/month must be a real calendar pair."""
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)


class DateJudge:
    """Decides whether a full date is a birth date. A DOB cue ("DOB", "born") always wins;
    otherwise an old year reads as a birth date and a recent one as a meeting or move-in."""

    __slots__ = ("recent_year",)

    def __init__(self, *, today: datetime.date | None = None) -> None:
        self.recent_year = (today or datetime.date.today()).year - 12

    def is_dob(self, text: str, start: int, year: int) -> bool:
        aside = _ASIDE_BEFORE_RE.search(text, max(0, start - 64), start)
        if aside is not None:  # "Date of Birth (DD/MM/YYYY as written by client): ...": the label decides
            start = aside.start()
        before = text[max(0, start - 40) : start]
        cues = list(DOB_CUE_NEAR_RE.finditer(before))
        if cues and (year <= self.recent_year or not _DATE_BETWEEN_RE.search(before, cues[-1].end())):
            return True  # (a recent date after another date took the cue is an event: "released 12/06/2026")
        if year > self.recent_year:
            return False
        return not EVENT_CUE_RE.search(before[-24:])


def parse_date(frag: str) -> datetime.date | None:
    """Best-effort reading of a full date found by :func:`find_dates` (month-first when ambiguous)."""
    try:
        m = ISO_DATE_RE.fullmatch(frag)
        if m:
            return datetime.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        m = NUM_DATE_RE.fullmatch(frag)
        if m:
            a, b, y = int(m.group(1)), int(m.group(3)), _year4(m.group(4))
            if 1 <= a <= 12:
                return datetime.date(y, a, b)
            return datetime.date(y, b, a)
        if frag.isdigit() and len(frag) in (6, 8):  # "19761010", "04121979", "030471": a compact date
            return _compact_date(frag)
        m = MONTH_DATE_RE.fullmatch(frag)
        if m:
            month_word = re.search(_MONTH_ALT, frag.lower())
            if not month_word:
                return None
            month = MONTHS[month_word.group()]
            day = m.group(1) or m.group(3) or m.group(5)
            year = m.group(2) or m.group(4) or m.group(6)
            return datetime.date(_year4(year), month, int(day))
    except ValueError:
        return None
    return None


def _compact_date(digits: str) -> datetime.date | None:
    """Year first when it reads as one (19761010), else month first (04121979, 030471)."""
    if len(digits) == 8 and digits[:2] in ("19", "20") and 1 <= int(digits[4:6]) <= 12:
        with contextlib.suppress(ValueError):
            return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    year = int(digits[4:]) if len(digits) == 8 else _year4(digits[4:])
    try:
        return datetime.date(year, int(digits[:2]), int(digits[2:4]))
    except ValueError:
        return None


_BIRTH_MONTH_RE = re.compile(
    r"(?i)(?:\bborn|\bb-?day|\bbirthday)\s*:?\s*(?:is\s+)?(?:(?:in|on)\s+)?(?:(?:early|late|mid-?)\s*)?"
    rf"((?:{_MONTH_ALT})\b)"
)


def find_birth_months(text: str, low: str) -> list[Span]:
    """A month-only birthday ("her birthday is in March"): text with no digit still has this one."""
    if "born" not in low and "day" not in low:
        return []
    return [(m.start(1), m.end(1), PiiType.DOB) for m in _BIRTH_MONTH_RE.finditer(text)]


_CELL_EDGES = "|\t,;"


def _fills_a_cell(text: str, start: int, end: int) -> bool:
    """The digits fill a cell of a delimited row ("Omar bin Saleh|430598127|19761010|M"): a row of
    people's records, where eight digits that read as a date are the date of birth."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    before = text[line_start:start].rstrip(" ")
    after = line[end - line_start :].lstrip(" ")
    edge_before, edge_after = before[-1:], after[:1]
    if (edge_before and edge_before not in _CELL_EDGES) or (edge_after and edge_after not in _CELL_EDGES):
        return False
    return any(line.count(d) >= 2 for d in _CELL_EDGES)


def find_dates(
    text: str, judge: DateJudge, *, months: bool = True, words: set[str] | frozenset[str] | None = None
) -> list[Span]:
    spans: list[Span] = []
    for m in NUM_DATE_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if not _valid_dm(a, b):
            if 0 in (a, b) and DOB_CUE_NEAR_RE.search(text, max(0, m.start() - 40), m.start()):
                spans.append((m.start(), m.end(), PiiType.DOB))  # "DOB 00/00/1971": the year is known
            continue
        year_raw = m.group(4)
        if len(year_raw.lstrip("'")) == 4 and not 1900 <= int(year_raw.lstrip("'")) <= 2099:
            continue
        if judge.is_dob(text, m.start(), _year4(year_raw)):
            spans.append((m.start(), m.end(), PiiType.DOB))
    for m in ISO_DATE_RE.finditer(text):
        year, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if 1900 <= year <= 2099 and 1 <= mo <= 12 and 1 <= d <= 31 and judge.is_dob(text, m.start(), year):
            spans.append((m.start(), m.end(), PiiType.DOB))
    has_cue = DOB_CUE_NEAR_RE.search(text) is not None
    tabular = "|" in text or "\t" in text or "," in text
    for m in COMPACT_DATE_RE.finditer(text) if has_cue or tabular else ():
        if m.group(1):
            year, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            mo, d, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if DOB_CUE_NEAR_RE.search(text[max(0, m.start() - 40) : m.start()]) or (
            _fills_a_cell(text, m.start(), m.end()) and judge.is_dob(text, m.start(), year)
        ):
            spans.append((m.start(), m.end(), PiiType.DOB))
    for m in MONTH_DATE_RE.finditer(text) if months else ():
        year_raw = m.group(2) or m.group(4) or m.group(6)
        if year_raw and judge.is_dob(text, m.start(), _year4(year_raw)):
            spans.append((m.start(), m.end(), PiiType.DOB))
    # Partial dates count only next to a birth cue: "born March 1980", "DOB 4/12", "born in 1980".
    partial = (
        (SPACED_DATE_RE, MONTH_YEAR_RE, MONTH_DAY_RE, SHORT_NUM_DATE_RE, YEAR_RE)
        if months
        else (SPACED_DATE_RE, SHORT_NUM_DATE_RE, YEAR_RE)
    )
    if has_cue or "b." in text:
        spans.extend((m.start(1), m.end(1), PiiType.DOB) for m in CUED_PARTIAL_RE.finditer(text))
    for regex in partial if has_cue else ():
        for m in regex.finditer(text):
            if regex is SPACED_DATE_RE and not _valid_dm(int(m.group(1)), int(m.group(2))):
                continue
            if _cue_before(text, m.start()) or (
                regex is not YEAR_RE and DOB_CUE_AFTER_RE.match(text, m.end())
            ):
                spans.append((m.start(), m.end(), PiiType.DOB))
    spans.extend(find_ages(text, words))  # (find_dates runs only on text with a digit)
    return spans
