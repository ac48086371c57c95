"""Word lists: what looks like a person's name, and what is just English.

The lists ship as package data (see ``data/build_lists.py`` for provenance). A
token that is a frequent English word ("Will", "Hope", "Her", "Grace") can still
be a name, but only with stronger evidence, which is why both lists exist.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import nicknames as _nicknames

from redaction.nickname_table import nickname_pairs


def _load(name: str) -> frozenset[str]:
    text = resources.files("redaction").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w for w in text.split() if w)


FIRST_NAMES: frozenset[str] = _load("first_names.txt")
SURNAMES: frozenset[str] = _load("surnames.txt")
COMMON_WORDS: frozenset[str] = _load("common_words.txt")
# The most frequent words ("Has", "Will", "Said"): at a sentence start they are not a name on their own.
STOP_WORDS: frozenset[str] = _load("stop_words.txt")

# Every English word the dictionaries and web text know (see data/build_lists.py). A word in no list at
# all, neither English nor a known name, is most often a name the lists lack: with a cue ("met with X",
# "X's lease", "X dob ...") it is treated as one.
ENGLISH_WORDS: frozenset[str] = _load("english_words.txt")
# Frequent Spanish words that no English or name list has ("nació", "tratamiento", "formulario"): chat
# switches to Spanish, and without them every word of a Spanish clause is an unknown word, a name.
SPANISH_WORDS: frozenset[str] = _load("spanish_words.txt")
# The most frequent Spanish words, some of which name lists have too ("le", "su", "mayor"): words inside a
# Spanish clause.
SPANISH_FUNCTION_WORDS: frozenset[str] = _load("spanish_function_words.txt")

# Family words: the word after them is a person ("his mom Shikhee").
KIN_WORDS = frozenset(
    """mom mother mama dad father papa son daughter sister sis brother bro wife husband partner girlfriend
    boyfriend gf bf aunt auntie uncle cousin grandma grandmother grandpa grandfather niece nephew kid kids
    child baby fiance fiancee spouse stepdad stepmom stepson stepdaughter""".split()
)

# Honorifics that mark the next word as a surname.
TITLES = frozenset(
    "mr mrs ms miss mx dr mister missus sr sra srta senor senora señor señora madam madame mme mlle".split()
)

# Words that follow a capitalised word in the names of places, programs and agencies
# ("Hope House", "Grace Place", "Union Gospel Mission"): such a pair is not a person.
ORG_WORDS = frozenset(
    """house place center centre shelter mission ministries ministry church chapel village villa
    apartments apartment apts homes home housing services service program programs project
    projects partners partnership network coalition alliance foundation fund society council
    county city state department dept office hospital clinic health medical campus college
    university school academy institute authority agency army charities charity kitchen pantry
    bank court courthouse jail prison station hall hotel motel inn lodge manor tower towers
    terrace commons gardens park plaza square street avenue road boulevard lane drive way
    bridge creek river lake hill hills heights point harbor bay valley ridge north south east
    west team unit units outreach intake entry line group inc llc corp co club league trust
    table commission committee board staffing properties property management realty organization
    organisation healthcare pharmacy library market greenway transit insurance""".split()
)

WEEKDAYS_MONTHS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec today tomorrow yesterday tonight mondays tuesdays
    wednesdays thursdays fridays saturdays sundays weekdays weekends""".split()
)

# Upper-case words that are never names in this domain.
ACRONYMS = frozenset(
    """rrh psh hud hmis hopwa vi spdat vispdat ce dv ssi ssdi snap tanf ebt id ids dob ssn roi mou
    es th sh va vash ssvf aka ok hiv aids prep pep ptsd er icu ems cps dshs dcyf mh sud cd tb hep
    ada esl ged gp rn md np lcsw msw cm ceo cfo pm am asap eta fyi tbd tba nb re fw fwd cc bcc
    lol omg btw imo thx ty pls plz nvm idk wa mn or ca ny tx fl usa us pha hha shelter
    apt ste po box ne nw se sw hq
    ami fmr hqs lihtc nofo coc esg cdbg pit hic ces cas bnl los pd doc dhs ssa dmv wic hcv gpd hvrp ipv
    mat oud aa iop php tbi fasd idd icm armhs cadi ew pca hhs aps gal ofp hro tmrw eod eow ooo pto wfh
    ccm lpn lsw licsw qmhp pss chw ua bp sti std ob gyn cna pcp ot pt slp dd llc inc ltd irs ein itin ui
    ssp tpr rfp rfq sop qa hr pr ux ai ceo coo cto vp svp evp vet vets ptsd dui dwi ifp hoa ymca ywca
    usps ups dhl atm pin otp sms mms url www dm pm eta atl rsvp aka fka nka dba tba tbc""".split()
)
# Software and services named in case-conference chat: the tools, not people ("Webex link below").
PRODUCT_NAMES = frozenset(
    """zoom webex teams jitsi gotomeeting gotowebinar whereby ringcentral skype facetime whatsapp signal
    telegram slack gmail outlook hotmail yahoo icloud excel word powerpoint onedrive sharepoint dropbox
    docusign adobe acrobat servicepoint clarity hmis caseworthy wellsky bitfocus apricot efforts
    google android iphone ipad windows""".split()
)
# Chat shorthand: no one's name ("omw", "lmk", "sm1").
CHAT_SHORTHAND = frozenset(
    """addy omw lmk brb ttyl smh tbh ngl idk imo imho btw fyi rn tmrw tmr tho thru pls plz thx ty np nvm
    hmu wyd sm1 some1 any1 b4 2day 2nite 2moro gonna wanna gotta kinda sorta lemme yall ya u ur r k
    kk ok okay lol lmao rofl omg jk irl fwiw afaik asap eta bday bdays b-day appt appts mtg yob esp approx
    info pref prev req dept govt pkg""".split()
)
# Languages: "a Karen interpreter", "speaks Amharic", "Kreyòl forms".
LANGUAGES = frozenset(
    """karen karenni amharic tigrinya somali oromo hmong kreyol kreyòl creole haitian spanish vietnamese
    arabic swahili nepali burmese chin dari pashto farsi persian ukrainian russian polish mandarin
    cantonese chinese korean tagalog marshallese tongan samoan navajo ojibwe ojibwemowin lakota
    dakota french portuguese asl english hindi urdu bengali punjabi khmer lao thai japanese german
    italian albanian bosnian serbian romanian turkish kurdish yoruba igbo hausa twi wolof lingala
    kinyarwanda kirundi""".split()
)

# Diminutives the ``nicknames`` package (English names) lacks: Spanish, Polish, Ukrainian, Nigerian ...
_NICK_PAIRS: dict[str, set[str]] = nickname_pairs()

_NAMER = _nicknames.NickNamer()


@cache
def nickname_variants(first: str) -> frozenset[str]:
    """Other first names that can stand for ``first`` (both directions: Bob<->Robert).

    Variants that are ordinary words ("bill", "will") are kept here; the name
    matcher accepts them only next to that client's surname.
    """
    out: set[str] = set()
    try:
        out |= _NAMER.nicknames_of(first)
        out |= _NAMER.canonicals_of(first)
    except Exception:  # the nicknames package is a best-effort source
        out = set()
    out |= _NICK_PAIRS.get(first, set())
    out.discard(first)
    return frozenset(n for n in out if len(n) >= 2 and n.replace(" ", "").isalpha())


_VOWELS = frozenset("aeiouy")


@cache
def short_forms(first: str) -> frozenset[str]:
    """Nicknames made by shortening a long first name, as people do with names no table lists: the
    front of it ("Raj" for Rajesh, "Balta" for Baltasar, "Srini" for Srinivasan, "Abdi" for Abdirahman,
    "Venky" for Venkatesh) or, for names of seven letters or more, the end ("Seun" for Oluwaseun, "Emeka" for
    Chukwuemeka). Pieces that are ordinary words are left out."""
    if len(first) < 5 or not first.isalpha():
        return frozenset()
    out = {first[:3]}  # "Raj" for Rajesh, "Pri" for Priyanka
    if len(first) >= 6:
        out.add(first[:4])
    if len(first) >= 7:
        out |= {first[:5], first[-4:], first[-5:]}
    if len(first) >= 6 and first[3] not in _VOWELS:
        out.add(first[:4] + "y")
    ordinary = (COMMON_WORDS, WEEKDAYS_MONTHS, ACRONYMS, CHAT_SHORTHAND)
    return frozenset(w for w in out if w != first and not any(w in words for words in ordinary))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def _common_deletes() -> frozenset[str]:
    """Each common word (5+ letters) and its one-letter deletions: built on first use only."""
    out: set[str] = set()
    for w in COMMON_WORDS:
        if len(w) >= 5:
            out.add(w)
            out |= _deletes(w)
    return frozenset(out)


@lru_cache(maxsize=65536)  # bounded: a long-running bot sees endless new words
def is_unknown_word(key: str) -> bool:
    """In no word list: not English, not a listed given name or surname, not an acronym, and not a
    one-letter slip of a common word ("tomorow", "apartmnet"). Such a word, talked about, is a name."""
    if "-" in key and key.replace("-", "").isalpha():
        # hyphenated given names ("ji-hoon", "seo-yeon"): unknown when the parts are not ordinary words
        parts = key.split("-")
        whole_ok = key not in ENGLISH_WORDS and key not in COMMON_WORDS
        return whole_ok and all(p and p not in COMMON_WORDS for p in parts)
    if len(key) < 3 or not key.isalpha():
        return False
    if (
        key in ENGLISH_WORDS
        or key in COMMON_WORDS
        or key in SPANISH_WORDS
        or key in FIRST_NAMES
        or key in SURNAMES
        or key in ACRONYMS
    ):
        return False
    if key in WEEKDAYS_MONTHS or key in TITLES or key in ORG_WORDS:
        return False
    if not any(c in "aeiouy" for c in key):  # "tmrw", "pls": chat shorthand, not a name
        return False
    for cut in range(3, len(key) - 2):  # "rideshare", "doorbell": two English words run together
        if key[:cut] in COMMON_WORDS and key[cut:] in COMMON_WORDS:
            return False
    if len(key) >= 4:
        dels = _common_deletes()
        if key in dels or any(d in dels for d in _deletes(key)):
            return False
    return True


def warm() -> None:
    """Build the lazily built tables (once per process)."""
    _common_deletes()


def is_common(key: str) -> bool:
    return key in COMMON_WORDS


def is_first_name(key: str) -> bool:
    return key in FIRST_NAMES


def is_surname(key: str) -> bool:
    return key in SURNAMES
