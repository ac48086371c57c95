"""Well-known places, so that a capitalised place is not taken for a person: "died in Fresno, California",
"Ferries to the Aran Islands", "a violin maker from Yerevan to Los Angeles".

A name finding with no client behind it whose whole text is one of these places is dropped. Many places
are given names too ("Austin", "Victoria", "Georgia", "Kenya"): those are dropped only where the words
before them say place ("in", "from", "to", "near", "of", "at"), never when a surname follows (the
finding would then not be the place alone). The list is countries, continents, US states and
Canadian provinces, and the largest or best-known cities of the world, written down from public
knowledge; a place not on it is judged as before.
"""

from __future__ import annotations

import re

from redaction.normalize import fold

_PLACES = """
afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|azerbaijan|bahamas
bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia|botswana|brazil|brunei
bulgaria|burkina faso|burundi|cambodia|cameroon|canada|chad|chile|china|colombia|comoros|congo
costa rica|croatia|cuba|cyprus|czechia|czech republic|denmark|djibouti|dominica|dominican republic
ecuador|egypt|el salvador|eritrea|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|georgia
germany|ghana|greece|grenada|guatemala|guinea|guyana|haiti|honduras|hungary|iceland|india|indonesia|iran
iraq|ireland|israel|italy|jamaica|japan|jordan|kazakhstan|kenya|kiribati|kosovo|kuwait|kyrgyzstan|laos
latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|madagascar|malawi|malaysia
maldives|mali|malta|mauritania|mauritius|mexico|micronesia|moldova|monaco|mongolia|montenegro|morocco
mozambique|myanmar|burma|namibia|nepal|netherlands|new zealand|nicaragua|niger|nigeria|north korea
norway|oman|pakistan|palau|palestine|panama|papua new guinea|paraguay|peru|philippines|poland|portugal
qatar|romania|russia|rwanda|samoa|san marino|saudi arabia|senegal|serbia|seychelles|sierra leone
singapore|slovakia|slovenia|somalia|south africa|south korea|south sudan|spain|sri lanka|sudan|suriname
sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|togo|tonga|trinidad|tunisia|turkey|türkiye
turkmenistan|tuvalu|uganda|ukraine|united arab emirates|united kingdom|united states|uruguay|uzbekistan
vanuatu|venezuela|vietnam|yemen|zambia|zimbabwe|england|scotland|wales|northern ireland|africa|asia
europe|antarctica|oceania|north america|south america|latin america|caribbean|middle east|alabama|alaska
arizona|arkansas|california|colorado|connecticut|delaware|florida|hawaii|idaho|illinois|indiana|iowa
kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana
nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma
oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia
washington|west virginia|wisconsin|wyoming|puerto rico|alberta|british columbia|manitoba|new brunswick
newfoundland|nova scotia|ontario|quebec|québec|saskatchewan|yukon|london|paris|berlin|madrid|rome|lisbon
dublin|amsterdam|rotterdam|brussels|vienna|prague|warsaw|budapest|bucharest|athens|istanbul|ankara
moscow|kyiv|kiev|stockholm|oslo|copenhagen|helsinki|reykjavik|zurich|zürich|geneva|munich|hamburg
frankfurt|cologne|milan|naples|florence|venice|barcelona|seville|valencia|porto|marseille|lyon|edinburgh
glasgow|manchester|liverpool|birmingham|cardiff|belfast|galway|cork|limerick|tokyo|osaka|kyoto|yokohama
sapporo|seoul|busan|beijing|shanghai|hong kong|shenzhen|guangzhou|taipei|manila|cebu|jakarta|bangkok
hanoi|ho chi minh city|saigon|kuala lumpur|singapore|delhi|new delhi|mumbai|bombay|kolkata|calcutta
chennai|madras|bengaluru|bangalore|hyderabad|karachi|lahore|islamabad|kabul|dhaka|kathmandu|colombo
tehran|baghdad|damascus|beirut|amman|jerusalem|tel aviv|haifa|riyadh|jeddah|dubai|abu dhabi|doha|cairo
alexandria|casablanca|marrakech|tunis|algiers|lagos|abuja|accra|nairobi|mombasa|addis ababa|kampala
kigali|dar es salaam|zanzibar|johannesburg|cape town|durban|pretoria|harare|lusaka|kinshasa|dakar|luanda
khartoum|mogadishu|asmara|sydney|melbourne|brisbane|perth|adelaide|auckland|wellington|christchurch
toronto|montreal|montréal|vancouver|ottawa|calgary|edmonton|winnipeg|halifax|mexico city
ciudad de méxico|guadalajara|monterrey|tijuana|havana|bogotá|bogota|medellín|medellin|cali|lima|cusco
quito|caracas|santiago|buenos aires|montevideo|asunción|la paz|são paulo|sao paulo|rio de janeiro
brasília|brasilia|salvador|recife|los angeles|san francisco|san diego|chicago|houston|phoenix
philadelphia|dallas|seattle|denver|boston|detroit|miami|atlanta|honolulu|las vegas|new orleans|nashville
baltimore|minneapolis|portland|austin|oakland|fresno|sacramento
"""
PLACES: frozenset[str] = frozenset(p.strip() for p in _PLACES.replace("\n", "|").split("|") if p.strip())
_LOCATIVE_BEFORE_RE = re.compile(
    r"(?i)\b(?:in|from|to|near|of|at|via|across|around|outside|inside|visit|visiting|left|leaving)"
    r"[ \t]+(?:the[ \t]+)?$"
)


def is_place(text: str, start: int, end: int, *, given_name: bool) -> bool:
    """Is ``text[start:end]`` a well-known place (and, if it is also a given name, said as a place)?"""
    phrase = " ".join(fold(w) for w in text[start:end].split())
    if phrase not in PLACES:
        return False
    if not given_name:
        return True
    return _LOCATIVE_BEFORE_RE.search(text, max(0, start - 16), start) is not None or (
        start >= 2 and text[start - 2 : start] == ", "
    )
