"""Street addresses written the way other countries, the military and rural mail write them.

The US shape (number, name, street type) is in :mod:`redaction.addresses`. Here:
the street type before the name ("55 Rue Saint-Denis", "Calle 72 # 10-34",
"Av. Paulista 1578", "ul. Długa 37/18"), compounds with the number after
("Hauptstraße 5", "Prinsengracht 263", "Drottninggatan 53"), house and road
numbers ("House 12, Road 5", "1-1 Marunouchi"), military mail ("PSC 1234, Box
5678, APO AE 09012"), rural routes and highway contracts ("RR 2 Box 145", "HC 61
Box 12") and general delivery. What follows the street (district, city,
postcode, country) is taken by :mod:`redaction.address_tail`.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType

Span = tuple[int, int, PiiType]

# (in any case: texted addresses are lower-case too, "psc 156 box 6236, apo ae 09573")
MILITARY_RE = re.compile(
    r"(?i)\b(?:(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5},?\s+)?(?:APO|FPO|DPO)\s+(?:AE|AP|AA)\s+"
    r"\d{5}(?:-\d{4})?\b"
    r"|\b(?:PSC|CMR)\s+\d{1,5},?\s+Box\s+\d{1,5}\b"
    r"|\b(?:USNS|USS|USCGC)\s+[a-z][\w ]{1,30}?(?:\s*\([A-Z]{2,4}[ \-]?\d{1,4}\))?,?\s+FPO\s+(?:AE|AP|AA)\s+"
    r"\d{5}(?:-\d{4})?\b"
)
_MILITARY_HINT_RE = re.compile(r"(?i)\b(?:[adf]po|psc|cmr)\b")
# Rural mail: "RR 2 Box 145", "Rural Route 3, Box 7", "HC 61 Box 12", "General Delivery".
RURAL_RE = re.compile(
    r"\bRD[ \t]+\d{1,2}(?=[ \t]*,[ \t]*[A-Z])"  # New Zealand rural delivery: "RD 2, Ruatoria 4083"
    r"|\b(?:(?:RR|R\.R\.|Rural\s+Route|RFD|HC|H\.C\.|Highway\s+Contract|Star\s+Route)\s*\#?\s*\d{1,4}"
    r"(?:,?\s+(?:Box|BOX)\s*\#?\s*\d{1,5})?|(?i:general\s+delivery)"
    # in lower-case chat or dictation only with its box: "hc 63 box 2450", "h c 61 box 31", "rr 2 box 118"
    r"|(?i:rr|r\.r|hc|h\.?\s?c\.?|rural\s+route|highway\s+contract)\s*\#?\s*\d{1,4},?\s+(?i:box)\s*\#?\s*\d{1,5})\b"
)
# Street type first. The ones that are English words too ("place", "via", "route") only before a capital.
_TYPE_ONLY = (
    r"rue|calle|c/|avenida|av\.|avda\.?|rua|travessa|tv\.|viale|piazza|corso|chemin|carrera|cra\.?|"
    r"camino|ulica|ul\.|al\.|aleja|plac|impasse|allée|quai|paseo|jirón|estrada|largo|praça|praca|alameda|"
    r"rambla|passeig|carrer|strada|vicolo|calea|bulevardul"
)
_TYPE2 = rf"(?i:{_TYPE_ONLY})"
_TYPE = rf"(?i:{_TYPE_ONLY}|via|cours|boulevard|bd\.?|avenue|place|route)"
_PARTICLE = r"(?:de|del|de\s+la|de\s+los|de\s+las|la|los|las|des|du|di|da|do|dos|das|della|degli|van|von)"
_WORD = r"(?:[^\W\d_][^\W_]*(?:['’.\-][^\W_]+)*\.?|\d{1,3})"
_CAPWORD = r"[A-ZÀ-Þ][^\W_]*(?:['’\-][^\W_]+)*"
_NUMBER = r"\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,4}[A-Za-z]?)?"  # 1578, 37/18, 10-34, 45B
FOREIGN_RE = re.compile(
    # "55 Rue Saint-Denis", "12 rue de Rivoli", "8 avenue des Champs-Élysées"
    rf"(?<![\w\-./])\d{{1,5}}[A-Za-z]?,?\s+{_TYPE}\s+(?:{_PARTICLE}\s+)?{_CAPWORD}"
    rf"(?:\s+(?:{_PARTICLE}\s+)?{_CAPWORD}){{0,3}}"
    # "Calle 72 # 10-34", "Av. Paulista, 1578", "Calle de Alcalá 45", "ul. Marszałkowska 12"
    rf"|\b{_TYPE2}\s+(?:{_PARTICLE}\s+)?(?:{_CAPWORD}|\d{{1,3}})(?:\s+{_WORD}){{0,4}}?,?\s+(?:(?i:no\.?|n[º°o]\.?|\#|nr\.?)\s*)?"
    rf"{_NUMBER}\b"
    # "Hauptstraße 5", "Prinsengracht 263", "Vesterbrogade 3", "Drottninggatan 53"
    r"|\b[A-ZÄÖÜÅØÆ][a-zäöüßåøæ]+(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ring|ufer|laan|straat|"
    r"gracht|kade|plein|gade|vej|gatan|vägen|gata|veien|tie|katu)\s+\d{1,5}(?:bis|ter|[a-z])?\b"
    # the floor or door after the number: "Tolstraat 118-2", "Keizersgracht 412-III", "Oudegracht 112bis"
    r"(?:-(?:\d{1,3}|[IVX]{1,4}|hs|huis|boven)\b)?"
)
# "House 12, Road 5, Dhanmondi", "Plot 7, Sector 4", "No. 12, Valiasr St" — numbered parts one after another.
NUMBERED_PARTS_RE = re.compile(
    r"\b(?:House|Holding|Plot|Flat|Block|Sector|Road|Lane|Street|No\.?)\s*(?:No\.?\s*)?\#?\s*\d{1,5}[A-Z]?"
    r"(?:\s*,\s*(?:House|Holding|Plot|Flat|Block|Sector|Road|Lane|Street|Avenue)\s*(?:No\.?\s*)?\#?\s*\d{1,5}[A-Z]?)+"
)
# The flat or house first, then the building and the street, as in South Asia and East Africa:
# "Flat 12, Shanti Apartments, MG Road", "House No. 4, Block C, Gulshan Avenue".
UNIT_FIRST_RE = re.compile(
    r"\b(?:Flat|House|Door|Plot|Apartment|Apt\.?)\s*(?:No\.?\s*)?\#?\s*\d{1,5}[A-Z]?(?:/\d{1,4})?"
    rf"(?:\s*,\s*{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}}){{0,2}}\s*,\s*{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}}\s+"
    r"(?:Road|Rd\.?|Street|St\.?|Marg|Avenue|Ave\.?|Lane|Nagar|Colony|Layout|Cross|Main|Bazaar|Chowk)\b"
)
# "No. 12, Valiasr St" (Iran, Gulf states); "123 Nguyễn Huệ, Quận 1" (a street name, then the district).
NUMBER_FIRST_RE = re.compile(
    rf"\bNo\.?\s*\d{{1,5}}[A-Z]?,\s*(?:{_CAPWORD}\s+){{1,3}}(?i:st|street|ave|avenue|rd|road|blvd|alley|lane)\b\.?"
    rf"|(?<![\w\-./])\d{{1,5}}[A-Z]?(?:/\d{{1,4}})?\s+{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}}"
    r"(?=\s*,\s*(?:Quận|Phường|Huyện|Q\.\s?\d|P\.\s?\d|Ward\s+\d|District\s+\d|Barangay|Brgy\.?)\b)"
)
# Japanese block numbers: "1-1 Marunouchi", "2-3-4 Shibuya": number-number then the district name.
BLOCK_RE = re.compile(rf"(?<![\w\-./])\d{{1,4}}(?:-\d{{1,4}}){{1,2}}\s+{_CAPWORD}(?=\s*[,\n])")
# The number first, then a compound street name ("17 Nørrebrogade"), or an English street type then the
# number, as in Kenya or Germany ("Kenyatta Avenue 14").
NUMBER_COMPOUND_RE = re.compile(
    r"(?<![\w\-./])\d{1,5}[A-Za-z]?\s+[A-ZÄÖÜÅØÆ][a-zäöüßåøæ]+(?:straße|strasse|weg|gasse|platz|allee|damm|gade|vej|"
    r"gatan|vägen|gata|veien|gracht|straat|laan)\b"
    rf"|\b{_CAPWORD}\s+(?:Avenue|Street|Road|Lane|Drive|Way|Close|Crescent)\s+\d{{1,5}}[A-Za-z]?(?=\s*(?:[,\n]|$))"
)
# Postal mark and CJK street forms: "〒100-0005 ...", "建国路88号".
CJK_RE = re.compile(
    r"〒\s?\d{3}-?\d{4}[^\s,，。]*"
    r"|[\u4e00-\u9fff\u3040-\u30ff]{1,12}(?:路|街|道|巷|弄)\d{1,5}(?:号|號)"
)
# Postal boxes outside the US: "Private Bag X15" (South Africa, New Zealand), "Boîte postale 1023",
# "BP 12" after a comma, "Apartado 45", "Caixa Postal 123", "Postfach 10 11", "Casilla 321".
POSTAL_BOX_RE = re.compile(
    r"\b(?:Private\s+Bag|(?i:bo[iî]te\s+postale|apartado(?:\s+postal)?|caixa\s+postal|postfach|casilla))"
    r"\s+[A-Z]?\d{1,6}(?:\s\d{2})?\b"
)
# Irish counties are written "Co. Cork": the county, and up to three place names before it after commas
# ("Knockaderry, Ballyhahill, Co. Limerick"); the Eircode after it is the tail's.
_COUNTIES = (
    "Antrim|Armagh|Carlow|Cavan|Clare|Cork|Derry|Donegal|Down|Dublin|Fermanagh|Galway|Kerry|Kildare|"
    "Kilkenny|Laois|Leitrim|Limerick|Longford|Louth|Mayo|Meath|Monaghan|Offaly|Roscommon|Sligo|"
    "Tipperary|Tyrone|Waterford|Westmeath|Wexford|Wicklow"
)
IRISH_COUNTY_RE = re.compile(
    rf"(?:{_CAPWORD}(?:[ \t]{_CAPWORD}){{0,2}}[ \t]*[,\n][ \t]*){{0,3}}\bCo\.?[ \t]+(?:{_COUNTIES})\b"
)
# Found backwards from the postal code, in the European order (street, number, comma, postcode, town):
# "Via dei Serviti 9, 50122 Firenze", "Vinohradská 1511/230, 100 00 Praha", "Neubaugasse 25/7, 1070 Wien",
# "Keizersgracht 412-III, 1016 GJ Amsterdam", "Thorvald Meyers gate 24, 0555 Oslo", "ul. Długa 5, 00-950
# Warszawa". A postcode then a capitalised town is what makes it an address, so the street name can be any
# words; words that label a numbered thing ("Room 12, 2024 Budget") are not a street.
_NOT_A_STREET = (
    "room|unit|suite|flat|apt|box|invoice|order|page|chapter|section|table|figure|version|week|day|year|no|"
    "number|ticket|case|item|line|step|grade|level|floor|gate|door|platform|bus|route|jan|feb|mar|apr|may|"
    "jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|"
    "november|december"
)
POSTCODE_BACK_RE = re.compile(
    rf"\b(?!(?i:{_NOT_A_STREET})\b)[A-ZÀ-Þ][a-zà-ÿ][^\W_]*(?:-[^\W_]+)*"  # not "SKU 4471, 1200 Units"
    rf"(?:[ \t](?:{_PARTICLE}|dei|{_CAPWORD}|gate|vei|gata|straße|weg)){{0,3}}[ \t]+"
    r"\d{1,5}[a-z]{0,3}(?:[/\-][\dA-Za-z]{1,4})?,[ \t]*"
    r"(?:\d{5}|\d{4}(?:[ \t]?[A-Z]{2})?|\d{3}[ \t]\d{2}|\d{2}-\d{3}|\d{4}-\d{3})[ \t]+"
    rf"{_CAPWORD}(?:[ \t]\d{{1,2}}\b)?(?=[ \t]*(?:[,.;)\n]|$)|[ \t][A-Z]{{2}}\b)"  # "Praha 10"
)
_POSTCODE_BACK_HINT_RE = re.compile(r"\d[a-zA-Z]{0,3}(?:[/\-][\dA-Za-z]{1,4})?,[ \t]*\d{2}")

# Cheap checks, one per shape: most messages have none of these words, and the shapes are costly.
_FOREIGN_WORDS = frozenset(
    """rue calle avenida av avda rua travessa viale piazza corso chemin carrera cra camino ulica ul al aleja
    plac impasse allée quai paseo estrada largo praça praca alameda rambla carrer strada calea""".split()
)
_FOREIGN_ENGLISH_TYPE_RE = re.compile(r"\d,?\s+(?:via|cours|boulevard|bd\.?|avenue|place|route)\s+[A-ZÀ-Þ]")
_ENGLISH_TYPE_THEN_NUMBER_RE = re.compile(r"\b(?:Avenue|Street|Road|Lane|Drive|Way|Close|Crescent) \d")
_PART_WORDS = frozenset("house holding plot flat block sector".split())
_UNIT_FIRST_WORDS = frozenset("flat house door plot apartment apt".split())
# (folded as the engine's word set is: "quận" is "quan" there)
_DISTRICT_WORDS = frozenset("quận phường huyện quan phuong huyen ward district barangay brgy".split())
_HINT_ENDINGS_T = tuple(
    "straße strasse str weg gasse platz allee damm ring ufer laan straat gracht kade plein gade vej gatan "
    "vägen gata veien katu".split()
)
_WORDS_RE = re.compile(r"[^\W\d_]+")
_BLOCK_HINT_RE = re.compile(r"\d-\d{1,4}\s+[a-z]")


def _has_rural_hint(low: str) -> bool:
    return (
        "rr" in low
        or "hc" in low
        or "h c" in low
        or "h.c" in low
        or "route" in low
        or "rfd" in low
        or "delivery" in low
        or "r.r." in low
    )


def find_world_addresses(text: str, low: str, words: set[str] | frozenset[str] | None = None) -> list[Span]:
    """Foreign, military and rural street addresses (the tail after them is taken by the caller).
    ``words``: the message's folded words, when the caller has them already."""
    spans: list[Span] = []
    if ("po " in low or "psc" in low or "cmr" in low) and _MILITARY_HINT_RE.search(text):
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in MILITARY_RE.finditer(text))
    if _has_rural_hint(low) or "RD " in text:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in RURAL_RE.finditer(text))
    if words is None:
        words = set(_WORDS_RE.findall(low))
    regexes = []
    if (
        not _FOREIGN_WORDS.isdisjoint(words)
        or "c/" in low
        or any(w.endswith(_HINT_ENDINGS_T) for w in words if len(w) > 4)
        or _FOREIGN_ENGLISH_TYPE_RE.search(text)
    ):
        regexes.append(FOREIGN_RE)
        regexes.append(NUMBER_COMPOUND_RE)
    if not _PART_WORDS.isdisjoint(words) or "no." in low:
        regexes.append(NUMBERED_PARTS_RE)
    if not _UNIT_FIRST_WORDS.isdisjoint(words):
        regexes.append(UNIT_FIRST_RE)
    if NUMBER_COMPOUND_RE not in regexes and _ENGLISH_TYPE_THEN_NUMBER_RE.search(text):
        regexes.append(NUMBER_COMPOUND_RE)
    if not _DISTRICT_WORDS.isdisjoint(words) or "no." in low:
        regexes.append(NUMBER_FIRST_RE)
    if _BLOCK_HINT_RE.search(low):
        regexes.append(BLOCK_RE)
    if "bag" in low or "postal" in low or "apartado" in low or "postfach" in low or "casilla" in low:
        regexes.append(POSTAL_BOX_RE)
    if "co." in low or "co " in low:
        regexes.append(IRISH_COUNTY_RE)
    if _POSTCODE_BACK_HINT_RE.search(text):
        regexes.append(POSTCODE_BACK_RE)
    if "〒" in text or "号" in text or "號" in text:
        regexes.append(CJK_RE)
    for regex in regexes:
        spans.extend((m.start(), m.end(), PiiType.ADDRESS) for m in regex.finditer(text))
    return spans
