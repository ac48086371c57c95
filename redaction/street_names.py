"""A word used as someone's name though no list knows it as one: "smoke came by 4 his mail", "red says
he can be reached at his mom's", "smoke's dob is 030471", "Found Red sleeping", "Little Man".

Street names are ordinary words ("Smoke", "Red", "Country", "Tiny"). When the message ties one to a
client, ``nicknames_given`` finds it; otherwise only its use says it is a person:

* it opens the sentence, does what people do there (says, wants, texted, asked, came by), and "he",
  "she", "his" or "her" later in the same sentence points back at it;
* it owns a date of birth, an SSN, a phone number, a probation officer or a tent ("smoke's dob",
  "peanut's PO called");
* capitalised, it is whom outreach found doing what people do where they sleep rough ("Found Red
  sleeping in the vestibule", "saw Smoke panhandling");
* it is a describing word with a capitalised word or an initial ("Little Man", "Baby Girl", "Mama
  K"), unless that names a place or a shop ("Little Earth", "Big Lots");
* a capitalised word no list has at all opens a sentence and says or asks ("Yazzy says hi").

The nouns that do those things in case notes (kin, staff and agencies, "everyone", "the landlord")
are not names. Hidden without a client ID: a street name is nobody's on the roster.
"""

from __future__ import annotations

import re

from redaction.findings import Finding, PiiType
from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    ENGLISH_WORDS,
    FIRST_NAMES,
    KIN_WORDS,
    ORG_WORDS,
    SURNAMES,
    TITLES,
    WEEKDAYS_MONTHS,
)
from redaction.name_words import FUNCTION_WORDS
from redaction.normalize import Token, covered

# what a person does at the start of a case note's sentence (not "came": the mail comes too)
_PERSON_VERBS = (
    r"[ \t]+(?:says|said|wants|wanted|texted|txted|called|asked|asks|told|tells|came[ \t]+by|stopped[ \t]+by"
    r"|showed[ \t]+up|dropped[ \t]+by|walked[ \t]+in)\b"
)
_PERSON_VERBS_RE = re.compile(_PERSON_VERBS, re.IGNORECASE)
_ANY_PERSON_VERB_RE = re.compile(_PERSON_VERBS)  # on the lower-cased text: faster than IGNORECASE
_POINTS_BACK_RE = re.compile(r"\b(?:he|she|hes|shes|he's|she's|he’s|she’s|his|her|him)\b", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?\n]")
_DETAILS_OWNED_RE = re.compile(
    r"[ \t]+(?:dob|d\.o\.b|ssn|social|birthday|bday|b-day|date[ \t]+of[ \t]+birth|phone|cell|number|#"
    # and the people and things a person has ("peanut's PO called", "smoke's tent")
    r"|po|p\.o\.|caseworker|cm|lawyer|attorney|bf|gf|boyfriend|girlfriend|kids|meds|tent|dog)\b",
    re.IGNORECASE,
)
# whom outreach finds, and doing what (on the lower-cased text; the word itself is checked as written)
_FOUND_DOING_RE = re.compile(
    r"\b(?:found|find|saw|see|seen|met|caught|spotted|left|woke|engaged)[ \t]+([a-z]+)[ \t]+(?:sleeping"
    r"|sitting|standing|walking|waiting|lying|laying|smoking|panhandling|flying|camping|crying|yelling"
    r"|hanging|drinking|staying|heading|leaving|living|wandering|begging|passed[ \t]+out)\b"
)
_ENCOUNTER_WORDS = frozenset("found find saw see seen met caught spotted left woke engaged".split())
_PERSON_VERB_WORDS = frozenset(
    """says said wants wanted texted txted called asked asks told tells came stopped showed dropped
    walked""".split()
)
# who or what else says, calls and comes by in case notes
_NOT_A_NAME_HERE = frozenset(
    """staff landlord doctor dr nurse client clients caller worker manager officer agent po judge court
    county state hospital clinic school team everyone everybody someone somebody nobody anyone guy lady
    woman man girl boy kid dude pt patient family friend neighbor neighbour roommate tenant resident
    shelter pharmacy insurance ssa dhs case cm sw rn md attorney lawyer pd probation parole security
    front desk hotline people folks mail rent bus van ride cab taxi uber lyft train ambulance cops police
    car truck ems medic medics still also just only then now never always finally again later today
    tonight yesterday tomorrow maybe probably apparently actually basically really even already soon
    honestly anyway plus first last next""".split()
)


# A street name made of a word that describes the person and a capitalised word, or "Mama"/"Auntie" and an
# initial: "Little Man", "Baby Girl", "Mama K", "Big Mike" (places and shops named so are not people)
_DESCRIBED_RE = re.compile(
    r"(?<![\w'’])(?:(?:Big|Lil|Little|Young|Baby|Skinny|Tall)[ \t]+[A-Z][a-z]+"
    r"|(?:Mama|Mamma|Papa|Auntie|Unc|Pops|Miss)[ \t]+[A-Z](?![\w.'’])"
    r"|(?:mama|auntie|papa)[ \t]+[b-hj-zA-Z](?![\w.'’]))(?![\w'’-])"
)
_DESCRIBING_WORDS = frozenset(
    "big lil little young baby skinny tall mama mamma papa auntie unc pops miss".split()
)
_NOT_DESCRIBED_PEOPLE = frozenset(
    """earth falls canada lake lakes lots navy river creek rock mountain bay city town league brother sister
    brothers sisters caesars dipper apple bear adult adults kids youth""".split()
)


def _described(text: str, hidden: list[bool], toks: list[Token]) -> list[Finding]:
    out = []
    for m in _DESCRIBED_RE.finditer(text):
        last = m.group().split()[-1].lower()
        if last in _NOT_DESCRIBED_PEOPLE or last in ORG_WORDS:
            continue  # "Little Earth", "Big Lots", "Little Falls"
        inside = [h for t, h in zip(toks, hidden, strict=True) if m.start() <= t.start < m.end()]
        if not any(inside):
            out.append(Finding(m.start(), m.end(), PiiType.NAME))
    return out


def street_names(
    text: str, toks: list[Token], findings: list[Finding], *, words: set[str] | frozenset[str]
) -> list[Finding]:
    """NAME findings (no client ID) for ordinary words that open a sentence as a person, and for street
    names made of a describing word ("Little Man", "Mama K"). ``words``: the message's folded words."""
    # the cheap tests first, on the message's words: most have no person's verb, encounter or describing
    # word, and no apostrophe
    verbs = not _PERSON_VERB_WORDS.isdisjoint(words)
    encounter = not _ENCOUNTER_WORDS.isdisjoint(words)
    described = not _DESCRIBING_WORDS.isdisjoint(words)
    if not (verbs or encounter or described or "'" in text or "’" in text):
        return []
    low = text.lower()
    verbs = verbs and _ANY_PERSON_VERB_RE.search(low) is not None
    found_doing = [m.start(1) for m in _FOUND_DOING_RE.finditer(low)] if encounter else []
    hidden = covered(toks, ((f.start, f.end) for f in findings))
    out: list[Finding] = _described(text, hidden, toks) if described else []
    if out:
        hidden = covered(toks, ((f.start, f.end) for f in [*findings, *out]))
    for i, t in enumerate(toks if found_doing else ()):  # "Found Red sleeping"
        if t.start in found_doing and t.cap and not hidden[i] and _a_plain_word(t):
            out.append(Finding(t.start, t.end, PiiType.NAME))
            hidden[i] = True
    for i, t in enumerate(toks):
        if (
            verbs
            and not hidden[i]
            and _an_unknown_word(t)
            and _opens_a_sentence(text, toks, i)
            and _PERSON_VERBS_RE.match(text, t.raw_end)
        ):
            out.append(Finding(t.start, t.end, PiiType.NAME))  # "Yazzy says hi": a word no list has, acting
            continue
        if (not verbs and not t.possessive) or hidden[i] or not _a_plain_word(t):
            continue
        if t.possessive and i > 0 and toks[i - 1].key in ("the", "a", "our", "his", "her", "their", "my"):
            continue  # "the county's number": a thing's, not a person's
        if t.possessive and _DETAILS_OWNED_RE.match(text, t.raw_end):
            out.append(Finding(t.start, t.end, PiiType.NAME))
            continue
        verb = _PERSON_VERBS_RE.match(text, t.raw_end) if verbs and _opens_a_sentence(text, toks, i) else None
        if verb is None:
            continue
        end = _SENTENCE_END_RE.search(text, verb.end())
        if _POINTS_BACK_RE.search(text, verb.end(), end.start() if end else len(text)):
            out.append(Finding(t.start, t.end, PiiType.NAME))
    return out


def _opens_a_sentence(text: str, toks: list[Token], i: int) -> bool:
    if i == 0:
        return not text[: toks[0].start].strip(" \t>*_~-•")
    before = text[toks[i - 1].raw_end : toks[i].start]
    return bool(_SENTENCE_END_RE.search(before))


def _an_unknown_word(t: Token) -> bool:
    k = t.key
    return (
        t.cap
        and not t.upper
        and len(k) > 2
        and k.isalpha()  # ("I've asked")
        and k not in ENGLISH_WORDS
        and k not in COMMON_WORDS
        and k not in FIRST_NAMES  # (a listed name is the name rules' to judge, colleagues' names too)
        and k not in SURNAMES
        and k not in ORG_WORDS
        and k not in ACRONYMS
    )


def _a_plain_word(t: Token) -> bool:
    k = t.key
    return (
        k in COMMON_WORDS
        and len(k) > 2
        and not t.upper
        and k not in FUNCTION_WORDS
        and k not in KIN_WORDS
        and k not in ORG_WORDS
        and k not in _NOT_A_NAME_HERE
        and k not in TITLES
        and k not in ACRONYMS
        and k not in WEEKDAYS_MONTHS
    )
