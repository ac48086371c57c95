"""Street addresses, PO boxes and the unit, city, state and ZIP that follow them."""

from __future__ import annotations

import re

from redaction.address_tail import STRONG_RE, TOWN_RE, extend_tail
from redaction.findings import PiiType
from redaction.lexicon import COMMON_WORDS
from redaction.world_addresses import find_world_addresses

Span = tuple[int, int, PiiType]

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
well wells
close villas ramble chase gate rise mead wynd parade quay esplanade promenade boardwalk fairway greenway
concourse cutoff strand circuit vale wharf retreat ridgeway lookout hideaway bayway causeway pointe
terr""".split()
# USPS standard abbreviations the lists above lack ("Cedar Crest Trce"); the ones that are also common
# short words (is, un, pr, pt ...) are left out.
_USPS_ABBREVIATIONS = """anx arc byu bch bnd blf blfs btm brks bg bgs cp cpe ctrs cirs clf clfs clb
cmn cmns cor cors crst xrd xrds curv dv drs est ests exts fls fry fld flds flt flts frd frds frst
frg frgs frk frks fwy gdn gtwy gln glns grn grns grvs hbr hbrs hvn holw inlt iss jcts kys knl knls
lk lks lgt lgts lck lcks ldg mnr mnrs mdw mdws mls msn mtwy mtn mtns nck orch opas psge pne pnes pln
plns pts prt prts radl rnch rpd rpds rst rdg rdgs riv rds shl shls shr shrs skwy spg spgs sqs sta
stra strm sts smt trwy trce trak trfy tunl tpke upas uns vly vlys viadct vw vws vlg vlgs vis
wls cv cvs""".split()
_SUFFIX_ALT = "|".join(
    f"{w}s?" if len(w) > 3 and not w.endswith("s") else w
    for w in sorted(set(_STRONG_SUFFIXES + _OTHER_SUFFIXES + _USPS_ABBREVIATIONS), key=len, reverse=True)
)
_STRONG_ALT = "|".join(sorted(set(_STRONG_SUFFIXES), key=len, reverse=True))
# (longest first: "S.E." after a street is one directional, not "S" and a stray ".E.")
_DIR = (
    r"(?:Northeast|Northwest|Southeast|Southwest|(?:North|north)[ \-](?:East|West|east|west)"
    r"|(?:South|south)[ \-](?:East|West|east|west)|North|South|East|West|N\.E|N\.W|S\.E|S\.W|NE|NW|SE|SW"
    r"|[NSEW])\.?"
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
    r"\.?\s*(?:(?i:number|num|no\.?)\s*)?\#?\s*|\#\s*)[A-Za-z]?\d{1,5}[A-Za-z]?(?:-[A-Za-z\d]{1,3})?\b|\s*,?\s*(?i:apt|unit|bldg|building)\.?\s+[A-Za-z]\b)?"
)
_CITY_STATE = (
    rf"(?:\s*,?\s*(?:[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+){{0,2}}\s*,?\s+)?(?:{_STATE_ALT})\b"
    r"(?:\s*,?\s*\d{5}(?:-\d{4})?\b)?|\s*,?\s+\d{5}(?:-\d{4})?\b)?"
)
# A street word: Capitalised, a numbered street ("5th"), or (lower-case chat) any word but the commonest.
# A street word in lower-case chat: any word but the commonest (they make "2 beds left" no address).
_LOWER_WORD = (
    r"(?!(?:and|or|but|the|a|an|to|for|with|at|in|on|of|til|till|until|from|by|is|was|now|today|tmrw"
    r"|tomorrow|tonight|rn|w|pm|am)\b)[a-z]{3,}"
)
_CAP_WORD = (
    r"(?:[A-ZÀ-ÖØ-Þ][^\W_]*(?:['’.\-][^\W_]+)*\.?|\d{1,3}(?:st|nd|rd|th)|[A-Z]{2,}"
    r"|(?:del|de|la|las|los|el|du|des|van|von)(?=\s+[A-ZÀ-Þ]))"  # "Paseo del Norte Avenue"
)
ADDRESS_RE = re.compile(
    rf"(?<![\w\-./])\d{{1,6}}[A-Za-z]?(?:[-/]\d{{1,4}})?\s+(?:{_DIR}\s+)?(?:{_CAP_WORD}\s+){{1,4}}"
    rf"(?i:{_SUFFIX_ALT})\b\.?(?:\s+{_DIR}(?![\w]))?{_UNIT}{_CITY_STATE}"
)
_WORDLIKE_STATES = "(?:ok|in|me|or|hi|oh|la|pa|ma|de|id|al|co|ms|mo|ne|wa|va|ga|sc|nd|md)"
ADDRESS_LOWER_RE = re.compile(
    rf"(?i)(?<![\w\-./$])(\d{{1,6}})\s+(?:{_DIR}\s+)?((?:(?:[a-z]+(?:['’][a-z]+)?|\d{{1,3}}(?:st|nd|rd|th))\s+){{0,2}}[a-z0-9]+(?:['’][a-z]+)?)\s+(?:{_SUFFIX_ALT})\b\.?(?:\s+{_DIR}(?![\w]))?{_UNIT}"
    # city and state: after a comma, or (no comma) only when a ZIP follows: "in" and "me" are states too
    # ("ok", "in", "me", "or" ... are words first: such a state needs its ZIP)
    rf"(?:\s*,\s*(?:[a-z]+\.?(?:\s+[a-z]+){{0,2}}\s*,?\s+)?(?:(?!{_WORDLIKE_STATES}\b)(?:{_STATE_ALT})\b"
    rf"(?:\s*,?\s*\d{{5}}(?:-\d{{4}})?\b)?|(?:{_STATE_ALT})\s*,?\s*\d{{5}}(?:-\d{{4}})?\b)"
    rf"|\s+(?:[a-z]+\.?(?:\s+[a-z]+){{0,2}}\s*,?\s+)?(?:{_STATE_ALT})\s*,?\s*\d{{5}}(?:-\d{{4}})?\b)?"
)
# No street suffix, but plainly an address from the words before it: "lives at 1234 Rainier",
# (texting) "stayin @ 418 juniper hollow", "new addy 77 birch".
CUED_ADDRESS_RE = re.compile(
    r"(?i:\b(?:lives|living|livin|staying|stayin|stays|stay|crashing|crashin|address|addr|addy|moved|moving|"
    r"located|resides|residing|home|new\s+place(?:\s+is)?)(?:\s+(?:is|at|@|to|on|now|in))*[:\s]+|(?<=\s)@\s*)"
    rf"(\d{{2,6}}[A-Za-z]?\s+(?:{_DIR}\s+)?(?:{_CAP_WORD}|{_LOWER_WORD})(?:\s+(?:{_CAP_WORD}|{_LOWER_WORD})){{0,2}}"
    rf"{_UNIT}{_CITY_STATE})"
)
# A house number, a direction and a numbered street, no street type: "2301 n 4th", "612 W 28th" (a count is
# never followed by a compass point and an ordinal)
# never followed by a compass point and an ordinal), at the end of the clause or before "now", "w/" ...:
# "12 w 3rd graders", "room 212 s 2nd floor" are not addresses
NUMBERED_STREET_RE = re.compile(
    r"(?i)(?<!room )(?<!rm )(?<!suite )(?<!unit )(?<![\w\-./$#])\d{3,6}[ \t]+"
    r"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)\.?[ \t]+\d{1,3}(?:st|nd|rd|th)\b"
    r"(?=[ \t]*(?:[,.;:!?)\n]|$|(?:now|today|tonight|tmrw|tomorrow|til|till|until|w|with|since|again|rn)\b))"
    + _UNIT
)
PO_BOX_RE = re.compile(
    r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|pob|(?<=mail\s)box|(?<=mailing\s)box)\s*\#?\s*\d{1,6}"
    r"(?:-\d{5})?\b" + _CITY_STATE
)
# A rural box on a numbered road, with no house number: "county road 12, box 9", "State Hwy 64 Box 12".
RURAL_BOX_RE = re.compile(
    r"(?i)\b(?:county\s+(?:road|rd)|co\.?\s+rd|state\s+(?:road|route|hwy|highway)|farm\s+road|rural\s+route|"
    r"star\s+route|route|rte|rt|rr|r\.r|hwy|highway)\.?\s*\d{1,4}[a-z]?,?\s+box\s+\d{1,6}\b" + _CITY_STATE
)
# A lot in a mobile home or RV park is someone's home: "Lot 14, Sunnyside Mobile Home Park", "lot 14 at
# sunnyside mobile home park", "space 9, Pine Grove RV Park".
TRAILER_LOT_RE = re.compile(
    r"(?i)\b(?:lot|space|site|trailer|pad)\s*\#?\s*\d{1,4}[a-z]?(?:\s*,\s*|\s+(?:at|in|of)\s+(?:the\s+)?)"
    r"(?:[\w'’.&-]+\s+){0,3}?(?:mobile\s+home|manufactured\s+home|trailer|rv|mobile)\s+"
    r"(?:park|court|ct|estates|village|community|home\s+park|homes)\b" + _CITY_STATE
)
# Where someone sleeps by a road: "mile marker 112 on Hwy 169", "MM 42 off I-94".
MILE_MARKER_RE = re.compile(
    r"(?i)\b(?:mile\s+marker|mile\s+post|milepost|mm)\s*\d{1,4}(?:\.\d)?\s+(?:on|of|off|along)\s+"
    r"(?:hwy|highway|i|interstate|route|rte|us|sr|state\s+(?:hwy|highway|route)|county\s+(?:road|rd))"
    r"[\s\-]*\d{1,4}\b"
)
_UNIT_WORD_BEFORE_RE = re.compile(
    r"(?i:\b(?:unit|apt|apartment|flat|suite|ste))\.?[ \t]+$"
)  # "Unit 12/48 ..."
_UNIT_BEFORE_RE = re.compile(
    r"(?i:apt|apartment|unit|ste|suite|rm|room|flat|no|\#)\.?\s*(?:(?i:number|no\.?)\s*)?\#?\s*[A-Za-z]?\d{1,5}"
    r"[A-Za-z]?\s*(?:,|\n)\s*$"
)
BROADWAY_RE = re.compile(
    r"(?<![\w\-./])\d{1,6}\s+(?:(?:[NSEW]|North|South|East|West)\.?\s+)?Broadway\b" + _UNIT + _CITY_STATE
)

# No street type, in lower case, but what follows the comma is plainly more address: a district, a state, a
# postal code or a known town ("45 le loi, phuong ben nghe, quan 1", "94 wausan-ro, mapo-gu, seoul")
_BARE_STREET_RE = re.compile(
    r"(?i)(?<![\w\-./$#])\d{1,5}(?:-\d{1,3})?[ \t]+([a-z][a-z'’\-]*(?:[ \t][a-z][a-z'’\-]*){0,2})(?=[ \t]*,)"
)


_COUNTED_BEFORE_RE = re.compile(r"(?i)\b(?:room|rm|bed|unit|apt|suite|ste|lot|no|#)\.?[ \t]*$")


def _bare_streets(text: str) -> list[Span]:
    out: list[Span] = []
    for m in _BARE_STREET_RE.finditer(text):
        if any(w.lower() in _LOWER_STOP for w in m.group(1).split()):
            continue
        if _COUNTED_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "room 12 left, minneapolis": a room, not a house number
        if STRONG_RE.match(text, m.end()) or TOWN_RE.match(text, m.end()):
            out.append((m.start(), m.end(), PiiType.ADDRESS))
    return out


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
    adults children times sessions visits nights meals referrals new more open total line said they'd he'd
    she'd""".split()
)


_CUED_ADDRESS_HINTS = (
    "live",
    "livin",
    "stay",
    "addr",
    "addy",
    "mov",
    "locat",
    "resid",
    "home",
    "crash",
)
_AT_NUMBER_RE = re.compile(r"@\s*\d")


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


_STRONG_LOWER_RE = re.compile(rf"(?i)\d\s+(?:{_DIR}\s+)?[a-z]+\s+(?:{_STRONG_ALT})\b")
_ADDRESS_CUE_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:at|to|address|addy|addr|lives|living|staying|stayin|moved|is)|@|:)[ \t]*$"
)


def _one_digit_house_number(text: str, m: re.Match[str]) -> bool:
    """A one-digit house number in lower-case chat ("1 arcade bluff"): "2 beds" and "3 big parks" are
    counts, so it needs a common street type right after one word, a unit or town after it, or an
    address cue before it ("at 6 madison bluff")."""
    after_name = text[m.end(2) : m.end()]  # the street type, then any unit, town, state or ZIP
    if _STRONG_LOWER_RE.match(text, m.start()) or any(c == "," or c.isdigit() for c in after_name):
        return True
    if len(after_name.split()) > 2 or extend_tail(text, m.end()) > m.end():
        return True
    return _ADDRESS_CUE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()) is not None


# What may stand before the street, each part after a comma or on its own line: the flat or unit, the
# building, the floor ("Flat 7, Orchard House, 2 Mill Lane", "Unit 1204, Tower 2, 88 Ortigas Avenue",
# "Apartment 12, The Maltings", "Floor 6, 30 St Mary Axe", "3B, 120 Rue de la Roquette", "No. 8 Ogui Road").
_BUILDING_WORDS = (
    r"House|Court|Ct|Apartments|Apts|Apartment|Tower|Towers|Building|Bldg|Block|Blk|Mansions|Villas|Residences"
    r"|Residency|Lodge|Hall|Heights|Gardens|Homes|Estate|Complex|Plaza|Centre|Center|Chambers|Flats|Cottages?"
)
_UNIT_PART = (
    r"(?i:flat|unit|apt|apartment|suite|ste|floor|fl|level|lvl|room|rm|lot|blk|block|plot|house|tower|bldg"
    r"|building|no|stand|erf|kebele|phase|purok)\.?[ \t]*(?:(?i:no)\.?[ \t]*)?\#?[ \t]*"
    r"[A-Za-z]?\d{1,5}[A-Za-z]?"
    r"(?:[ \t]+(?i:lot|blk|block)[ \t]*\d{1,5})?"
    r"|\d{1,4}[A-Z]"
)
_BUILDING_PART = (
    rf"(?:The[ \t]+)?[A-ZÀ-Þ][^\W\d_]*(?:[ \t]+[A-ZÀ-Þ][^\W\d_]*){{0,3}}[ \t]+(?:{_BUILDING_WORDS})"
    r"(?:[ \t]+\d{1,3})?"
    r"|The[ \t]+[A-ZÀ-Þ][^\W\d_]*(?:[ \t]+[A-ZÀ-Þ][^\W\d_]*){0,2}"
)
_PART_END = r"(?:[ \t]*,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)$"
_UNIT_PART_RE = re.compile(rf"(?:{_UNIT_PART}){_PART_END}")
_BUILDING_PART_RE = re.compile(rf"(?:{_BUILDING_PART}){_PART_END}")
_NO_BEFORE_RE = re.compile(r"(?i:\bno\.?|\blot|\bplot|\bstand|\berf)[ \t]*$")


_COUNTED_BEFORE_RE = re.compile(r"(?i)\b(?:bed|beds|room|rm|bunk|cot|locker|table|ward|line|no|#)\.?[ \t]*$")
# A house number, a street written without its type and a unit, as chat has it: "2400 bloomington #5".
UNIT_NO_TYPE_RE = re.compile(
    r"(?<![\w#/.$-])\d{2,5}[ \t]+([A-Za-z]{4,}(?:[ \t][A-Za-z]{4,})?)[ \t]*(?:#|(?i:apt|unit|ste)\.?[ \t]*)"
    r"[ \t]?\d{1,4}[A-Za-z]?\b"
)


def _parts_before(text: str, start: int) -> int:
    """The start of the address once the flat, building and floor written before the street are taken. A
    building name counts only with a flat or unit before it: "Hope House, 12 Main St" is the agency."""
    taken = start
    pos = start
    for _ in range(3):
        m = _UNIT_PART_RE.search(text, max(0, pos - 24), pos)
        if m is not None and m.end() == pos:
            taken = pos = m.start()
            continue
        m = _BUILDING_PART_RE.search(text, max(0, pos - 48), pos)
        if m is None or m.end() != pos:
            break
        pos = m.start()
    if taken != start:
        return taken
    m = _NO_BEFORE_RE.search(text, max(0, start - 6), start)  # "No. 8 Ogui Road", "Lot 42 Stuart Highway"
    return m.start() if m else start


def find_addresses(
    text: str, low: str | None = None, words: set[str] | frozenset[str] | None = None
) -> list[Span]:
    """Address spans, each widened to the unit before it and the city, state, postal code and country
    after it."""
    spans = _street_spans(text, low, words)
    out: list[Span] = []
    for start, end, kind in spans:
        unit = _UNIT_BEFORE_RE.search(text, max(0, start - 24), start) or _UNIT_WORD_BEFORE_RE.search(
            text, max(0, start - 12), start
        )
        first, last = _parts_before(text, unit.start() if unit else start), extend_tail(text, end)
        out.append((_with_lodging(text, first, last, end), last, kind))
    return out


# A motel or hotel a client stays at, named before its street, with the room after it: "Budget Inn, 6415
# Old Shakopee Rd, Room 22". The name and room together are where the person lives, so they are the
# address too. (A shelter or agency named before its street is not: "Hope House, 12 Main St".)
_LODGING_BEFORE_RE = re.compile(
    r"(?:[A-Z0-9][\w'’&]*[ \t]+){0,3}(?:Inn|Motel|Hotel|Suites|Lodge|Motor[ \t]+Lodge)[ \t]*,[ \t]*$"
)
_ROOM_IN_TAIL_RE = re.compile(r"(?i)\b(?:room|rm|unit|suite|ste|apt|#)\.?[ \t]*\#?[ \t]*\d")


def _with_lodging(text: str, start: int, end: int, street_end: int) -> int:
    """``start``, moved back over a motel's name when a room follows the street."""
    if not _ROOM_IN_TAIL_RE.search(text, street_end, end):
        return start
    m = _LODGING_BEFORE_RE.search(text, max(0, start - 40), start)
    return m.start() if m is not None else start


def _street_spans(text: str, low: str | None, words: set[str] | frozenset[str] | None = None) -> list[Span]:
    spans: list[Span] = []
    low = low if low is not None else text.lower()
    spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in ADDRESS_RE.finditer(text))
    if "box" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in PO_BOX_RE.finditer(text))
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in RURAL_BOX_RE.finditer(text))
    if "#" in text or "apt" in low or "unit" in low or "ste" in low:
        spans.extend(
            (m.start(), m.end(), PiiType.ADDRESS)
            for m in UNIT_NO_TYPE_RE.finditer(text)
            if not any(w.lower() in COMMON_WORDS for w in m.group(1).split())
            and not _COUNTED_BEFORE_RE.search(text, max(0, m.start() - 10), m.start())
        )
    if "park" in low or "court" in low or "estates" in low or "village" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in TRAILER_LOT_RE.finditer(text))
    if "mile" in low or "mm" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in MILE_MARKER_RE.finditer(text))
    if "st" in low or "nd" in low or "rd" in low or "th" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in NUMBERED_STREET_RE.finditer(text))
    spans.extend(find_world_addresses(text, low, words))
    if "broadway" in low:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in BROADWAY_RE.finditer(text))
    cued = _has(low, _CUED_ADDRESS_HINTS) or "new place" in low or _AT_NUMBER_RE.search(text) is not None
    for m in CUED_ADDRESS_RE.finditer(text) if cued else ():
        if (
            m.group(1).split()[-1].lower().strip(".,") not in _PROGRAM_WORDS
        ):  # "moved to 12 Hope House": a bed
            spans.append((m.start(1), m.end(1), PiiType.ADDRESS))
    if "," in text:
        spans.extend(_bare_streets(text))
    for m in ADDRESS_LOWER_RE.finditer(text):
        words = m.group(2).lower().split()
        if any(w in _LOWER_STOP for w in words):
            continue
        if len(m.group(1)) == 1 and not _one_digit_house_number(text, m):
            continue
        spans.append((m.start(), m.end(), PiiType.ADDRESS))
    return spans
