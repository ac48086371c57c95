"""What follows a street address: the unit, the city, the state or province, the postal code, the country.

"1420 E Lake St, Apt 207, Minneapolis MN 55407", "55 Rue Saint-Denis, Montréal
QC H2X 3K8", "14 Sea Road, Salthill, Galway H91 X2Y3, Ireland": once a street
is found, the pieces after it are taken one at a time (each after a comma, a
space or a line break) for as long as they read as parts of an address. A
place name on its own is taken only right after a comma and before a comma, a
full stop or another address part, so "12 Main St, Maria said" keeps "Maria
said" out of the address (the name finder still sees it).
"""

from __future__ import annotations

import re

from redaction.lexicon import CHAT_SHORTHAND, FIRST_NAMES, STOP_WORDS
from redaction.normalize import fold
from redaction.place_names import TOWN_ALT

_US_STATES = """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AE AP AA""".split()
_PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT".split()
# Australian states, Brazilian states, Mexico City, Indian and other common region codes after a city.
_REGIONS = """NSW VIC QLD TAS ACT SP RJ MG RS PR SC BA PE CE GO DF CDMX""".split()
_COUNTRIES = """USA U.S.A. US Canada Mexico México Ireland UK England Scotland Wales Poland Polska Germany
Deutschland France Spain España Italy Italia Portugal Brazil Brasil Colombia Guatemala Honduras Salvador
Nicaragua Ecuador Peru Perú Venezuela Cuba Haiti Haïti Jamaica Philippines Vietnam Somalia Ethiopia
Eritrea Kenya Nigeria Ghana Ukraine Russia India Pakistan Afghanistan Iraq Syria Burma Myanmar Thailand Laos
China Korea Japan Netherlands Belgium Sweden Norway Denmark Finland Australia""".split()
_CODE = "|".join(_US_STATES + _PROVINCES + _REGIONS)
# A state written out before its ZIP, as dictation and lower-case chat do: "minneapolis minnesota 55407".
_STATE_WORDS = """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont
virginia washington wisconsin wyoming""".split()
_STATE_OR_CODE = "|".join(
    [
        *_STATE_WORDS,
        *["new york", "new jersey", "new mexico", "new hampshire", "north carolina", "north dakota"],
        *["south carolina", "south dakota", "west virginia", "rhode island"],
        *_US_STATES,
        *_PROVINCES,
        *_REGIONS,
    ]
)
# A spreadsheet row's cell boundary: '"3309 Honeysuckle Row","Birmingham","AL"', 'Mühlgasse 3;97070;Würzburg'.
_CELL = r'"[ \t]*[,;\t][ \t]*"|[ \t]*;[ \t]*'
_SEP = rf"(?:{_CELL}|[ \t]*(?:,[ \t]*|\n[ \t]*|[ \t]+[-–][ \t]+|[ \t]+))"  # ("São Paulo - SP")
_COMMA = rf"(?:{_CELL}|[ \t]*(?:,|\n)[ \t]*|[ \t]+[-–][ \t]+)"
_UNIT = (
    r"(?i:apt|apartment|unit|ste|suite|rm|room|lot|trlr|trailer|space|spc|bldg|building|fl|floor|flat|"
    r"dept|depto|apto|ap|app|appt|piso|#)\.?[ \t]*\#?[ \t]*[A-Za-z]?\d{1,5}[A-Za-z]?(?:-[A-Za-z\d]{1,3})?\b"
    r"(?:[ \t][A-Za-z](?=[ \t]*(?:[,.;\n]|$)))?"  # (dictated: "apartment 4 b, minneapolis")
    r"|(?:m|lok|kv|d)\.[ \t]*\d{1,4}\b"  # Polish "m. 12", "lok. 3"; Russian "kv. 45"; Turkish "D. 7"
    # a unit named by a letter ("Flat C", "Apt B"), or by where it is in the house ("Lower Unit", "Rear")
    r"|(?i:apt|apartment|unit|suite|flat|floor)\.?[ \t]+[A-Z]\b(?![’'.\-])"
    r"|(?i:upper|lower|rear|front|basement|bsmt|uppr|lowr|frnt|penthouse)\b"
    r"(?:[ \t]+(?i:unit|flat|floor|level|apt|apartment|suite|house)\b)?"
    # Spanish floor and door: "3º B" (NFKC makes º an o)
    r"|\d{1,2}[ \t]?[º°ªo](?:[ \t]?[A-Z]\b|[ \t]?(?i:izq|izda|dcha|dch)\.?)?(?=[ \t]*(?:[,\n]|$))"
    # the same districts typed unaccented: "quan 1", "phuong ben nghe"; Korean "mapo-gu", "yeoksam-dong"
    r"|(?i:quan|phuong|huyen)[ \t]+(?:\d{1,2}\b|[a-z]+(?:[ \t][a-z]+){0,2}(?=[ \t]*[,\n]))"
    r"|[A-Za-z]+-(?:gu|dong|si|eup|myeon)\b"
    r"|(?:Col\.|Colonia|Bairro|Barrio|Quartier|Urb\.|Urbanización|Quận|Phường|Huyện|Q\.|P\.|Brgy\.|Barangay)"
    r"[ \t]*"
    r"(?:[A-ZÀ-Þ][^\W\d_]+(?:[ \t][A-ZÀ-Þ][^\W\d_]+)?|\d{1,2}\b)"
    r"|[A-Z][a-z]+-(?:ku|shi|cho|machi|gun)\b"  # Japanese wards and towns: "Chiyoda-ku"
)
_STRONG_PART = (
    rf"(?:{_UNIT}|(?:{_CODE})\b(?![’'\-])"
    r"|\d{5}-\d{3}\b(?!-)"  # Brazilian CEP
    r"|\d{5}(?:-\d{4})?\b(?!-)"  # US ZIP
    r"|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"  # Canadian postal code
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"  # UK postcode
    # its district alone, at the end ("Harrow Rd, W9")
    r"|[A-Z]{1,2}\d{1,2}[A-Z]?\b(?=[ \t]*(?:[,.;\"'”)\n]|$))"
    r"|[AC-FHKNPRTV-Y]\d{2}[ \t]?[AC-FHKNPRTV-Y\d]{4}\b"  # Irish Eircode
    r"|\d{2}-\d{3}\b"  # Polish postal code
    r"|\d{4}-\d{3}\b"  # Portuguese postal code
    r"|\d{3}-\d{4}\b"  # Japanese postal code
    r"|\d{6}\b"  # Chinese, Indian, Vietnamese, Nigerian postal codes
    r"|\d{4}[ \t]?[A-Z]{2}\b"  # Dutch postcode
    r"|\d{3}[ \t]\d{2}\b(?=[ \t]+[A-ZÀ-Þ])"  # Swedish and Czech postal codes, before the town
    r"|\d{4}\b(?=[ \t]+[A-ZÀ-Þ]|[ \t]*(?:[,.\n]|$))"  # Austrian, Belgian, Danish, Swiss, Australian
    rf"|(?:{'|'.join(re.escape(c) for c in _COUNTRIES)})\b)"
)
# A bare unit right after the street, before a comma: "4417 N Damen Ave 2F, Chicago".
# (dictated: "apartment 4 b," or at the end: "apartment 4 b.", or before the town: "apartment 3 b saint paul";
# not "9 a.m.")
_BARE_UNIT = (
    r"[ \t]+\d{1,4}[A-Z](?=[ \t]*,)"
    rf"|(?<=\d)[ \t][A-Za-z](?=[ \t]*(?:[,;\n]|\.(?!m|[ \t]*\d)|$)|[ \t]+(?i:{TOWN_ALT})(?![\w'’\-]))"
)
STRONG_RE = re.compile(
    rf"(?:{_BARE_UNIT}|{_SEP}{_STRONG_PART}|\.[ \t]+(?=(?i:apt|apartment|unit|suite|ste)\b){_UNIT})"
)
# A place name: capitalised words, maybe joined by a particle ("Salthill", "St. Paul", "Window Rock",
# "Ciudad de México"), maybe with a district number ("Dublin 2").
_PLACE = (
    r"(?:St\.?[ \t]+|Saint[ \t]+|San[ \t]+|Santa[ \t]+|TP\.?[ \t]+|Tp\.?[ \t]+)?[A-ZÀ-Þ][^\W\d_]+"
    r"(?:(?:[ \t\-]|[ \t](?:de|del|de[ \t]la|do|da|dos|am|an|upon|sur|on)[ \t])[A-ZÀ-Þ][^\W\d_]+){0,3}"
    r"(?:[ \t]\d{1,2}\b)?"
)
# A place after a comma: before punctuation or another address part; or, if it is no one's given
# name, before a word in lower case ("..., Chicago now").
# (on a line of its own, a capitalised word before a lower-case one opens a sentence: "Date of birth")
_PARTICLE_NEXT = r"(?:de|del|do|da|dos|am|an|upon|sur|on)[ \t]+[A-ZÀ-Þ]"  # ("Rio de Janeiro": one place)
PLACE_RE = re.compile(
    rf"[ \t]*,[ \t]*({_PLACE})(?=[ \t]+(?!{_PARTICLE_NEXT})[a-z])"
    # (a word before ":" is a label; a quote ends a spreadsheet cell; four digits may be the town's postcode)
    rf'|{_COMMA}({_PLACE})(?=[ \t]*(?:[,.;!?)\n"]|$)|{_SEP}{_STRONG_PART}|[ \t]+\d{{4}}(?!\d)'
    r"|[ \t]+\([A-ZÀ-Þ])"
)
# lower-case chat: "1420 e lake st, apt 207, minneapolis mn 55407" — a place only before a state and ZIP
# (or a town right before a ZIP: "4411 26th ave s mpls 55406")
PLACE_LOWER_RE = re.compile(
    rf"{_SEP}[a-z]+(?:[ \t][a-z]+){{0,2}}?(?={_SEP}(?i:{_STATE_OR_CODE}){_SEP}?\d{{5}}\b)"
    r"|[ \t]*,?[ \t]+(?:(?i:st|ft|mt)\.?[ \t])?[A-Za-z][a-z]{2,}(?:[ \t][A-Za-z][a-z]{2,})?"
    r"(?=[ \t]*,?[ \t]*\d{5}(?:-\d{4})?\b)"
)
# A direction spelled out after the street, as dictation says it: "1204 Elm Street north Minneapolis 55411"
# (not "north of the river": the town, a comma, a unit or the end must follow).
DIRECTION_AFTER_RE = re.compile(
    r"[ \t]+(?i:north|south|east|west|northeast|northwest|southeast|southwest)\b"
    r"(?=[ \t]*(?:[,\n]|$)|[ \t]+(?:[A-Z]|\d{5}\b|(?i:apt|apartment|unit|suite|\#)))"
)
# lower-case chat or dictation: a town and its state, no ZIP, at the end of the clause ("..., kayenta az",
# "box 31 chinle arizona"); a state that is a word first ("in", "me", "or") does not count
_WORDLIKE = "ok in me or hi oh la pa ma de id al co ms mo ne wa va ga sc nd md".split()
TOWN_STATE_LOWER_RE = re.compile(
    r"[ \t]*,?[ \t]+(?:(?:st|ft|mt)\.?[ \t])?[a-z]{3,}(?:[ \t][a-z]{3,})?[ \t]*,?[ \t]+"
    rf"(?i:{'|'.join(w for w in _STATE_OR_CODE.split('|') if w.lower() not in _WORDLIKE)})"
    r"(?=[ \t]*(?:[,.;!?)\n]|$))"
)
# lower-case chat: a town after a comma at the end of the address ("1420 e lake st, mpls")
PLACE_LOWER_END_RE = re.compile(
    r"[ \t]*,[ \t]*((?:(?:st|saint|san|ft|mt)\.?[ \t])?[a-z]{3,}(?:[ \t][a-z]{3,})?)"
    r"(?=[ \t]*(?:[,.;!?)\n]|$))"
)
# lower-case chat: a known town after the street, before whatever the sentence says next ("..., chicago last
# week", "1420 e lake st minneapolis."); without a comma only at the end of the clause, which dictation
# says in words ("... arcade street saint paul period", "... st paul please call me")
_CLAUSE_END = r"(?=[ \t]*(?:[,.;!?)\n]|$)|[ \t]+(?i:period|comma|full[ \t]stop|new[ \t]line|please|pls)\b)"
TOWN_RE = re.compile(rf"(?i)[ \t]*,[ \t]*(?:{TOWN_ALT})(?![\w'’\-])|[ \t]+(?:{TOWN_ALT}){_CLAUSE_END}")
STATE_LOWER_RE = re.compile(rf"{_SEP}(?i:{_STATE_OR_CODE})(?={_SEP}?\d{{5}}\b)")
# European order, the city after the postal code: "10115 Berlin", "00-950 Warszawa"
POSTAL_CITY_RE = re.compile(
    rf"(?<=[\dA-Z])[ \t]+{_PLACE}(?:[ \t](?:N|S|V|K|C|Ø|NV|SV|NØ|SØ)\b)?(?=[ \t]*(?:[,.;:!?)\n—–]|$))"
)


_ROUTE_WORD_RE = re.compile(r"(?i)\b(?:highway|hwy|route|rte|road|rd|fm|cr|sr)\.?$")
_ROUTE_NUMBER_RE = re.compile(r"[ \t]+\d{1,4}[A-Z]?(?=[\s,;)]|\.(?!\d)|$)")


# A four-digit postal code right after the town, whatever the sentence says next ("Soweto, Johannesburg 1804
# but it went"): not a time, a date or a longer number.
_TOWN_POSTCODE_RE = re.compile(r"[ \t]+\d{4}(?![\d’'])(?![\-/:.,]\d)(?![ \t]*(?i:am|pm|hrs?|h)\b)")


def _place(text: str, pos: int) -> re.Match[str] | None:
    m = PLACE_RE.match(text, pos)
    if m is None:
        return None
    nxt = text[m.end() : m.end() + 2].lstrip(" \t")
    if nxt[:1].islower() and fold((m.group(1) or m.group(2)).split()[0]) in FIRST_NAMES:
        return None  # "12 Main St, Maria said": a person, not a town
    return m


_SIGN_OFFS = frozenset(
    "thanks thank thx please pls asap today tomorrow tonight now again too also right".split()
)


def _place_lower_end(text: str, pos: int) -> re.Match[str] | None:
    m = PLACE_LOWER_END_RE.match(text, pos)
    if m is None:
        return None
    words = [w for w in m.group(1).split() if w.rstrip(".") not in ("st", "saint", "san", "ft", "mt")]
    if any(w in STOP_WORDS or w in CHAT_SHORTHAND or w in _SIGN_OFFS for w in words):
        return None  # "12 main st, thanks", "..., tmrw"
    return m


# An abbreviated state or region, its full stop, and more of the address after a comma.
_ABBREVIATION_DOT_RE = re.compile(r"(?<=[a-z])\.(?=[ \t]*,[ \t]*[A-ZÀ-Þ\d])")
# A province after its city, as a two-letter code or in brackets ("Firenze FI.", "Montréal (Québec)").
_REGION_AFTER_CITY_RE = re.compile(
    rf"(?<=[^\W\d_])(?:[ \t]+[A-Z]{{2}}(?=[ \t]*(?:[,.;)\n]|$))|[ \t]+\({_PLACE}\))"
)
# The city after a non-US postal code, the sentence going on after it ("06600 Ciudad de México and ...")
_POSTAL_CITY_IN_SENTENCE_RE = re.compile(rf"(?<=\d)[ \t]+({_PLACE})(?=[ \t]+[a-z])")
_US_ZIP_BEFORE_RE = re.compile(rf"(?:{_CODE}|{'|'.join(_STATE_WORDS)})[ \t,]+\d{{5}}(?:-\d{{4}})?$", re.I)


def _postal_city_in_sentence(text: str, pos: int) -> re.Match[str] | None:
    m = _POSTAL_CITY_IN_SENTENCE_RE.match(text, pos)
    if m is None or _US_ZIP_BEFORE_RE.search(text, max(0, pos - 24), pos):
        return None  # "MN 55407 Thanks so much": a ZIP ends a US address
    first = fold(m.group(1).split()[0])
    if first in STOP_WORDS or first in CHAT_SHORTHAND or first in _SIGN_OFFS:
        return None
    return m


def extend_tail(text: str, end: int) -> int:
    """The end of the address that starts before ``end``, once unit, city, state, postal code and
    country after it are taken in."""
    pos = end
    road = _ROUTE_NUMBER_RE.match(text, pos)
    if road is not None and _ROUTE_WORD_RE.search(text, max(0, end - 10), end):
        pos = road.end()  # "12345 US Highway 1", "4410 County Road 42"
    direction = DIRECTION_AFTER_RE.match(text, pos)
    if direction is not None:
        pos = direction.end()
    for _ in range(8):  # an address has few parts; bounded so no input can make this slow
        m = STRONG_RE.match(text, pos)
        if m is None:
            m = _place(text, pos)
            if m is not None:
                pos = m.end()
                m = _TOWN_POSTCODE_RE.match(text, pos) or m
        if m is None:
            m = POSTAL_CITY_RE.match(text, pos) or _postal_city_in_sentence(text, pos)
        if m is None:
            m = _ABBREVIATION_DOT_RE.match(text, pos)  # "Morelia, Mich., México"
        if m is None:
            m = _REGION_AFTER_CITY_RE.match(text, pos)  # "50122 Firenze FI", "Montréal (Québec) H2J 2L4"
        if m is None:
            m = (
                PLACE_LOWER_RE.match(text, pos)
                or STATE_LOWER_RE.match(text, pos)
                or _place_lower_end(text, pos)
                or TOWN_STATE_LOWER_RE.match(text, pos)
                or TOWN_RE.match(text, pos)
            )
        if m is None:
            break
        pos = m.end()
    return pos
