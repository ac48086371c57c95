"""Shape-based detectors: SSN, date of birth, phone, email, street address.

Each returns ``(start, end, PiiType)`` spans over the text. Regexes are compiled
once at import. Where a shape is ambiguous (a date may be a meeting or a birth
date; four digits may be anything) the detector looks at nearby cue words rather
than guessing from the digits alone.
"""

from __future__ import annotations

import datetime
import re

from redaction.findings import PiiType

Span = tuple[int, int, PiiType]

_SEP = r"[\s.\-–—/]"

# --- SSN -------------------------------------------------------------------------------------------
SSN_RE = re.compile(
    r"(?<![\w\-–.+/])\d{3}(?:\s*[\-–—]\s*|[\s./])?\d{2}(?:\s*[\-–—]\s*|[\s./])?\d{4}(?![\w\-–]|[./]\d)"
)
# Masked SSN that still shows the last four: XXX-XX-1234, ***-**-1234.
SSN_MASKED_RE = re.compile(r"(?i)(?<!\w)(?:x{3}|\*{3}|#{3})[\s\-–.]?(?:x{2}|\*{2}|#{2})[\s\-–.]?\d{4}(?!\d)")
# "last 4 of her SSN is 1234", "SSN ending in 1234", "social: 1234".
SSN_PARTIAL_RE = re.compile(
    r"(?i)\b(?:ssn|ss\#|s\.s\.n\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|\#))?"
    r"|last\s*(?:4|four)(?:\s+(?:digits\s+)?(?:of\s+)?(?:(?:his|her|their|the|client'?s)\s+)?"
    r"(?:ssn|social(?:\s+security)?|ss\#?))?)"
    r"(?:\s*[:#=\-]\s*|\s+)(?:(?:is|was|are|ending(?:\s+in)?|ends\s+(?:in|with)|=)\s*[:#]?\s*)?"
    r"(?<!client )(\d{4})(?![\d\-–./])"
)

# --- phone -----------------------------------------------------------------------------------------
PHONE_RE = re.compile(
    r"(?<![\w+\-–./])(?:\+?1[\s.\-–]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-–]?)\d{3}[\s.\-–]?\d{4}(?![\w\-–]|[./]\d)"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5}\b)?"
)
PHONE_INTL_RE = re.compile(r"(?<![\w+])\+(?!1\b)\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}(?![\w\-])")
PHONE_LOCAL_RE = re.compile(
    r"(?i)\b(?:phone|cell|mobile|call|text|tel|number|ph|#)\s*(?:is|at|:|#)?\s*"
    r"(?<![\w\-.])(\d{3}[\-–.]\d{4})(?![\w\-–]|[./]\d)"
)

# --- email -----------------------------------------------------------------------------------------
EMAIL_RE = re.compile(
    r"(?i)(?<![\w.+\-])[a-z0-9][a-z0-9._%+'\-]*@[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b"
)
EMAIL_SPOKEN_RE = re.compile(
    r"(?i)\b(?:[a-z0-9][a-z0-9._+\-]*\s+dot\s+)*[a-z0-9][a-z0-9._+\-]*\s*(?:\[at\]|\(at\)|\{at\}|\s+at\s+)\s*[a-z0-9\-]+"
    r"\s*(?:\[dot\]|\(dot\)|\{dot\}|\s+dot\s+|\.)\s*(?:com|org|net|edu|gov|us|io|info)\b"
)

# --- dates of birth --------------------------------------------------------------------------------
_MONTHS = {
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
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
NUM_DATE_RE = re.compile(
    r"(?<![\w/.\-–])(\d{1,2})\s?([/.\-–])\s?(\d{1,2})\s?\2\s?('?\d{4}|\d{2})(?![\w/]|[.\-–]\d)"
)
ISO_DATE_RE = re.compile(r"(?<![\w/.\-–])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\w/]|[.\-]\d)")
COMPACT_DATE_RE = re.compile(
    r"(?<![\w/.\-])((?:19|20)\d{2})(\d{2})(\d{2})(?![\w/\-])|(?<![\w/.\-])(\d{2})(\d{2})((?:19|20)\d{2})(?![\w/\-])"
)
MONTH_DATE_RE = re.compile(
    rf"(?i)\b(?:(?:{_MONTH_ALT})\.?\s+(\d{{1,2}}){_ORD}(?:\s*,\s*|\s+|,)(?:of\s+)?('?\d{{4}}|'\d{{2}}|\d{{2}}(?![\d:]))"
    rf"|(\d{{1,2}}){_ORD}(?:\s+of)?\s+(?:{_MONTH_ALT})\.?(?:\s*,\s*|\s+|,|\s*[\-/]\s*)('?\d{{4}}|'\d{{2}})"
    rf"|(\d{{1,2}})[\-/ ](?:{_MONTH_ALT})[\-/ ](\d{{4}}|\d{{2}}))\b"
)
MONTH_YEAR_RE = re.compile(rf"(?i)\b(?:{_MONTH_ALT})\.?,?\s+((?:19|20)\d{{2}})\b")
MONTH_DAY_RE = re.compile(
    rf"(?i)\b(?:(?:{_MONTH_ALT})\.?\s+\d{{1,2}}{_ORD}|\d{{1,2}}{_ORD}\s+(?:of\s+)?(?:{_MONTH_ALT}))\b"
)
SHORT_NUM_DATE_RE = re.compile(r"(?<![\w/.\-])\d{1,2}[/\-.]\d{1,2}(?![\w/]|[.\-]\d)")
YEAR_RE = re.compile(r"(?<![\w/.\-])(?:19|20)\d{2}(?![\w/\-])")
DOB_CUE_RE = re.compile(
    r"(?i)(?:\bdob\b|\bd\.o\.b\.?|\bborn\b|\bbirth|\bb-?day\b|\bbday\b|\bb\.\s*|\bdate\s+of\s+birth|"
    r"\bfecha\s+de\s+nacimiento|\bnacid[oa]\b|\bbirthdate\b|\bage\b|\byo\b)[^\n]{0,3}$"
)
DOB_CUE_NEAR_RE = re.compile(
    r"(?i)(?:\bdob\b|\bd\.o\.b|\bborn\b|\bbirth|\bb-?day\b|\bbday\b|\bdate\s+of\s+birth|\bnacid[oa]\b|\bfecha\s+de\s+nac)"
)
EVENT_CUE_RE = re.compile(
    r"(?i)\b(?:on|since|by|until|till|thru|through|from|before|after|starting|meeting|mtg|appt|appointment|"
    r"entered|entry|exited|exit|moved?|move-?in|housed|scheduled|due|court|hearing|lease|intake|"
    r"assessed|assessment|released|discharged|enrolled|deadline|expires?|expired|effective|as\s+of|week\s+of|"
    r"next|last|this|conference|staffing|inspection|visit|paid|rent)\b[^\n]{0,12}$"
)


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
        before = text[max(0, start - 40) : start]
        if DOB_CUE_NEAR_RE.search(before):
            return True
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
        m = MONTH_DATE_RE.fullmatch(frag)
        if m:
            month_word = re.search(_MONTH_ALT, frag.lower())
            if not month_word:
                return None
            month = _MONTHS[month_word.group()]
            day = m.group(1) or m.group(3) or m.group(5)
            year = m.group(2) or m.group(4) or m.group(6)
            return datetime.date(_year4(year), month, int(day))
    except ValueError:
        return None
    return None


def find_dates(text: str, judge: DateJudge, *, months: bool = True) -> list[Span]:
    spans: list[Span] = []
    for m in NUM_DATE_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if not _valid_dm(a, b):
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
    for m in COMPACT_DATE_RE.finditer(text) if has_cue else ():
        if m.group(1):
            year, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            mo, d, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if (
            1 <= mo <= 12
            and 1 <= d <= 31
            and DOB_CUE_NEAR_RE.search(text[max(0, m.start() - 40) : m.start()])
        ):
            spans.append((m.start(), m.end(), PiiType.DOB))
    for m in MONTH_DATE_RE.finditer(text) if months else ():
        year_raw = m.group(2) or m.group(4) or m.group(6)
        if year_raw and judge.is_dob(text, m.start(), _year4(year_raw)):
            spans.append((m.start(), m.end(), PiiType.DOB))
    # Partial dates count only next to a birth cue: "born March 1980", "DOB 4/12", "born in 1980".
    partial = (
        (MONTH_YEAR_RE, MONTH_DAY_RE, SHORT_NUM_DATE_RE, YEAR_RE) if months else (SHORT_NUM_DATE_RE, YEAR_RE)
    )
    for regex in partial if has_cue else ():
        for m in regex.finditer(text):
            if DOB_CUE_NEAR_RE.search(text[max(0, m.start() - 25) : m.start()]):
                spans.append((m.start(), m.end(), PiiType.DOB))
    return spans


# --- street addresses ------------------------------------------------------------------------------
_STRONG_SUFFIXES = """street st avenue ave av road rd boulevard blvd lane ln drive dr court ct
place pl terrace ter
circle cir parkway pkwy highway hwy freeway fwy expressway expy way trail trl loop""".split()
_OTHER_SUFFIXES = """rapid rapids rest fall lock locks via roads extensions exts mountain mountains
alley aly annex arcade bayou beach bend bluff bluffs bottom branch bridge brg brook brooks
burg burgs bypass byp camp canyon cyn cape causeway cswy center ctr centers circles cliff cliffs club common
commons corner corners course crse courts cts cove coves creek crk crescent cres crest crossing xing crossroad
crossroads curve dale dam divide drives estate estates extension ext falls ferry field fields flat flats
ford fords forest forge forges fork forks fort ft garden gardens gdns gateway glen glens green greens grove
groves grv harbor harbors haven heights hts hill hills hollow inlet island islands isle junction jct
junctions key keys knoll knolls lake lakes land landing lndg lights lodge mall manor manors meadow meadows
mews mill mills mission motorway mount mt mountain mountains neck orchard oval overpass park parks parkways
pass passage path pike pine pines plain plains plaza plz point points port ports prairie radial ramp ranch
rapids ridge ridges river route rte row rue run shoal shoals shore shores skyway spring springs spur square
sq squares station stravenue stream streets summit throughway trace track trafficway tunnel turnpike
underpass union unions valley valleys viaduct view views village villages ville vista walk walks wall ways
well wells""".split()
_SUFFIX_ALT = "|".join(
    f"{w}s?" if len(w) > 3 and not w.endswith("s") else w
    for w in sorted(set(_STRONG_SUFFIXES + _OTHER_SUFFIXES), key=len, reverse=True)
)
_STRONG_ALT = "|".join(sorted(set(_STRONG_SUFFIXES), key=len, reverse=True))
_DIR = (
    r"(?:[NSEW]|NE|NW|SE|SW|N\.E|N\.W|S\.E|S\.W|North|South|East|West"
    r"|Northeast|Northwest|Southeast|Southwest)\.?"
)
_STATES = """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM
NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI""".split()
_STATE_NAMES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida
Georgia Hawaii
Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah
Vermont Virginia Washington Wisconsin Wyoming""".split()
_STATE_ALT = "|".join(
    _STATES
    + _STATE_NAMES
    + [
        "New York",
        "New Jersey",
        "New Mexico",
        "New Hampshire",
        "North Carolina",
        "North Dakota",
        "South Carolina",
        "South Dakota",
        "West Virginia",
        "Rhode Island",
    ]
)
_UNIT = (
    r"(?:\s*,?\s*(?:(?i:apt|apartment|unit|ste|suite|rm|room|lot|trlr|trailer|space|spc|bldg|building|fl|floor)"
    r"\.?\s*\#?\s*|\#\s*)[A-Za-z]?\d{1,5}[A-Za-z]?\b|\s*,?\s*(?i:apt|unit)\.?\s+[A-Za-z]\b)?"
)
_CITY_STATE = (
    rf"(?:\s*,?\s*(?:[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+){{0,2}}\s*,?\s+)?(?:{_STATE_ALT})\b"
    r"(?:\s*,?\s*\d{5}(?:-\d{4})?\b)?|\s*,?\s+\d{5}(?:-\d{4})?\b)?"
)
# A street word: Capitalised, a numbered street ("5th"), or (lower-case chat) any word but the commonest.
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ][^\W_]*(?:['’.\-][^\W_]+)*\.?|\d{1,3}(?:st|nd|rd|th)|[A-Z]{2,})"
ADDRESS_RE = re.compile(
    rf"(?<![\w\-./])\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+(?:{_DIR}\s+)?(?:{_CAP_WORD}\s+){{1,4}}"
    rf"(?i:{_SUFFIX_ALT})\b\.?(?:\s+{_DIR}(?![\w]))?{_UNIT}{_CITY_STATE}"
)
ADDRESS_LOWER_RE = re.compile(
    rf"(?i)(?<![\w\-./$])\d{{2,6}}\s+(?:{_DIR}\s+)?((?:[a-z]+\s+){{0,2}}[a-z0-9]+)\s+(?:{_SUFFIX_ALT})\b\.?{_UNIT}"
    # city and state: after a comma, or (no comma) only when a ZIP follows: "in" and "me" are states too
    rf"(?:\s*,\s*(?:[a-z]+\.?(?:\s+[a-z]+){{0,2}}\s*,?\s+)?(?:{_STATE_ALT})\b(?:\s*,?\s*\d{{5}}(?:-\d{{4}})?\b)?"
    rf"|\s+(?:[a-z]+\.?(?:\s+[a-z]+){{0,2}}\s*,?\s+)?(?:{_STATE_ALT})\s*,?\s*\d{{5}}(?:-\d{{4}})?\b)?"
)
# No street suffix, but plainly an address from the words before it: "lives at 1234 Rainier".
CUED_ADDRESS_RE = re.compile(
    r"(?i:\b(?:lives|living|staying|stays|stay|address|addr|moved|moving|located|resides|residing|home)"
    r"(?:\s+(?:is|at|to|on|now))*[:\s]+)"
    rf"(\d{{2,6}}[A-Za-z]?\s+(?:{_DIR}\s+)?(?:{_CAP_WORD})(?:\s+{_CAP_WORD}){{0,2}}{_UNIT}{_CITY_STATE})"
)
PO_BOX_RE = re.compile(r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box)\s*\#?\s*\d{1,6}\b" + _CITY_STATE)
BROADWAY_RE = re.compile(
    r"(?<![\w\-./])\d{1,6}\s+(?:(?:[NSEW]|North|South|East|West)\.?\s+)?Broadway\b" + _UNIT + _CITY_STATE
)

_PROGRAM_WORDS = frozenset(
    "house shelter center centre mission place village commons hall home hotel motel".split()
)
_LOWER_STOP = frozenset(
    """a an the to of in on at for with and or but is was are were be been has have had will would can could
    should may might must do does did not no yes he she they we you i it his her their our your my
me him them us
    this that these those there here then than so if as by from up down out over under more most some any all
    each every few many much very just also only about after before into onto per plus minus times days weeks
    months years hours mins minutes people kids beds units points pts score scored min hr hrs hour day week
    month year mile miles block blocks dollars bucks percent clients families spots slots vouchers households
    adults children times sessions visits nights meals referrals new more open total""".split()
)


def find_addresses(text: str, low: str | None = None) -> list[Span]:
    spans: list[Span] = []
    low = low if low is not None else text.lower()
    spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in ADDRESS_RE.finditer(text))
    if "box" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in PO_BOX_RE.finditer(text))
    if "broadway" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in BROADWAY_RE.finditer(text))
    for m in CUED_ADDRESS_RE.finditer(text) if _has(low, _CUED_ADDRESS_HINTS) else ():
        if (
            m.group(1).split()[-1].lower().strip(".,") not in _PROGRAM_WORDS
        ):  # "moved to 12 Hope House": a bed
            spans.append((m.start(1), m.end(1), PiiType.ADDRESS))
    for m in ADDRESS_LOWER_RE.finditer(text):
        words = m.group(1).lower().split()
        if not any(w in _LOWER_STOP for w in words):
            spans.append((m.start(), m.end(), PiiType.ADDRESS))
    return spans


_DIGIT_RE = re.compile(r"\d")
_SPOKEN_AT_RE = re.compile(r"(?i)\sat\s|\[at\]|\(at\)|\{at\}")


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


_MONTH_WORDS = frozenset(_MONTHS)
_SSN_HINTS = ("ss", "social", "last")
_PHONE_HINTS = ("phone", "cell", "mobile", "call", "text", "tel", "number", "ph", "#")
_CUED_ADDRESS_HINTS = ("live", "living", "stay", "addr", "mov", "locat", "resid", "home")


def find_patterns(
    text: str, judge: DateJudge, *, lowered: str | None = None, words: frozenset[str] | set[str] | None = None
) -> list[Span]:
    """All shape-based spans (may overlap; the engine merges them).

    Each costly pattern runs only when a cheap substring test on the lower-cased text says it
    could match: most chat lines have no SSN cue, no month name, no address word.
    """
    spans: list[Span] = []
    low = lowered if lowered is not None else text.lower()
    if "@" in text:
        spans.extend((m.start(), m.end(), PiiType.EMAIL) for m in EMAIL_RE.finditer(text))
    if _SPOKEN_AT_RE.search(text):
        spans.extend((m.start(), m.end(), PiiType.EMAIL) for m in EMAIL_SPOKEN_RE.finditer(text))
    if not _DIGIT_RE.search(text):
        return spans
    spans.extend((m.start(), m.end(), PiiType.PHONE) for m in PHONE_RE.finditer(text))
    spans.extend((m.start(), m.end(), PiiType.PHONE) for m in PHONE_INTL_RE.finditer(text))
    if _has(low, _PHONE_HINTS):
        spans.extend((m.start(1), m.end(1), PiiType.PHONE) for m in PHONE_LOCAL_RE.finditer(text))
    spans.extend((m.start(), m.end(), PiiType.SSN) for m in SSN_RE.finditer(text))
    if "xx" in low or "**" in low or "##" in low:
        spans.extend((m.start(), m.end(), PiiType.SSN) for m in SSN_MASKED_RE.finditer(text))
    if _has(low, _SSN_HINTS):
        spans.extend((m.start(1), m.end(1), PiiType.SSN) for m in SSN_PARTIAL_RE.finditer(text))
    months = not _MONTH_WORDS.isdisjoint(words) if words is not None else True
    spans.extend(find_dates(text, judge, months=months))
    spans.extend(find_addresses(text, low))
    return spans
