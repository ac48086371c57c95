"""Health-status disclosures (HIV/AIDS and similar) — redact the whole disclosing phrase.

Hiding only the word "HIV" in "living with HIV" would still tell the channel
what was said, so the detector covers the phrase: the status word, what it
qualifies ("positive", "status", "diagnosis") and the verb that discloses it
("living with", "diagnosed with", "tested positive for"). Treatment and tests
disclose the status as surely as the word does: "restarted his ARVs", "on
Biktarvy", "CD4 410", "came back undetectable", "her positive status". The
phrase is hidden whole, so "on ART for [redacted]" cannot happen.

Not disclosures: program names on their own ("the HOPWA list"; eligibility for HOPWA or Ryan White said of
a person is one), and PrEP or PEP on their own (taking
PrEP says someone is HIV-negative and protecting themselves, not a status).

Truvada, Descovy and Apretude are both: PrEP for most people who take them, and
parts of treatment regimens. Decision (issue #16): they are hidden as a
disclosure when the message says nothing of PrEP or prevention ("needs descovy
refill", "the pharmacy has his truvada"), and left readable when it does ("on
truvada for PrEP"). A PrEP user's drug hidden by mistake is recoverable; an HIV+
client's regimen left readable is not.

HEALTH here means HIV/AIDS status first (what the corpora label); hepatitis B/C,
TB and STIs are hidden too, as they always were, but other conditions (COPD,
diabetes, pregnancy, sobriety) are not: the labelled corpora leave them readable
and hiding them would cost precision everywhere.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType
from redaction.lexicon import is_common

Span = tuple[int, int, PiiType]

# Antiretroviral brands and generics that mean HIV treatment. Truvada, Descovy and Apretude are left out:
# on their own they are mostly PrEP.
_HIV_DRUGS = (
    "biktarvy genvoya triumeq dovato odefsey symtuza stribild atripla juluca cabenuva complera prezcobix "
    "isentress tivicay prezista edurant evotaz delstrigo pifeltro rukobia sunlenca trogarzo cimduo symfi "
    "temixys epzicom combivir trizivir kaletra norvir reyataz sustiva viread emtriva epivir retrovir ziagen "
    "selzentry intelence vocabria dolutegravir bictegravir raltegravir cabotegravir efavirenz rilpivirine "
    "darunavir atazanavir lamivudine zidovudine abacavir lopinavir lenacapavir"
).split()
# Hepatitis C cures disclose hep C.
_HEP_DRUGS = "harvoni epclusa mavyret sovaldi vosevi zepatier".split()
_DRUGS = "|".join(sorted(_HIV_DRUGS + _HEP_DRUGS, key=len, reverse=True))
# Treatment words; "ART" only in capitals (art class, art therapy).
_TREATMENT = (
    rf"(?:(?i:{_DRUGS})|c?ART\b|HAART|(?i:(?:meds|medications?|medicine|pills)\s+for\s+(?:(?:his|her|their)\s+)?"
    r"(?:hiv|aids|hep(?:atitis)?\s*c)|arvs?|anti[\s-]?retroviral\s+(?:therapy|treatment|"
    r"meds|medications?|regimen|drugs?)|anti[\s-]?retrovirals?|art\s+meds|hiv\s+(?:meds|medications?|treatment|regimen|care)))"
)
_TREAT_VERB = (
    r"(?i:(?:(?:recently|just|finally|still|never|already|not)\s+)?(?:(?:back|is|was|been|being|be)\s+)?"
    r"(?:on|taking|takes|took|take|started|starting|starts|restarted|restarting|restart|stopped|stopping|stop|"
    r"quit|missed|missing|misses|skipped|skipping|refilled|refilling|refill(?:\s+(?:of|for|on))?|picked\s+up|"
    r"continue|continues|continued|continuing|resume|resumed|resuming|"
    r"needs?|needed|ran\s+out\s+of|out\s+of|off(?:\s+of)?|adherent\s+to|adherence\s+to|adherence\s+with|"
    r"prescribed|started\s+back\s+on|went\s+off|going\s+off|came\s+off|lost)\s+)"
    r"(?i:(?:his|her|their|my|the|a|an)\s+)?"
)
_FOR_CONDITION = r"(?i:\s+(?:for|to\s+treat)\s+(?:(?:his|her|their)\s+)?(?:hiv|aids|hep(?:atitis)?\s*c|hcv))?"
_TREATMENT_TAIL = (
    r"(?:\s+(?i:meds|pills|shots?|injections?|adherence|regimen|doses?|therapy|treatment|medications?))?"
    + _FOR_CONDITION
)
# With a verb ("restarted his ARVs", "on ART"), or on its own for words that can only mean treatment
# ("Biktarvy", "ARVs"; bare "ART" needs the verb or a treatment word after it).
TREATMENT_RE = re.compile(
    rf"\b(?:{_TREAT_VERB}{_TREATMENT}|(?i:(?:his|her|their)\s+)?(?:(?i:{_DRUGS}|arvs?|anti[\s-]?retrovirals?|haart)\b|c?ART(?=\s+(?i:meds|adherence|"
    rf"regimen|doses?|for\s+hiv)))){_TREATMENT_TAIL}"
)

_CONDITION = (
    r"(?:(?:hiv(?:-?[12](?![\d/]))?|h\.\s?i\.\s?v\.?|h\s+i\s+v\b)(?:\s*/\s*aids)?|aids|a\.i\.d\.s\.?|plwha?|pwh"
    r"|hep(?:atitis)?\.?\s*[abc]\b"
    r"|hcv|hbv"
    r"|tuberculosis|tb|syphilis|gonorrh(?:o)?ea"
    r"|chlamydia|herpes|hsv(?:-?[12])?|an?\s+sti|an?\s+std|the\s+virus)"
    # a whole word only: "hive", "hives", "tbsp", "a stick" are not conditions ("hiv+", "HIV1" still are)
    r"(?![^\W\d_])"
)
_STATUS = (
    # "his hiv results came back positive", "HIV test back pos"
    r"(?:\s+(?:tests?|results?|labs?|screening)\s+(?:came\s+|come\s+|are\s+|is\s+|was\s+)?(?:back\s+)?"
    r"(?:positive|pos|reactive)\b|\s*\+(?:ve\b)?|\s*-\s*pos(?:itive)?\b|\s+(?:pos(?:itive)?|reactive)\b"
    r"|\s+status(?:\s*(?:is|was|[:=\-–])\s*(?:positive|pos|reactive|\+|yes|y|confirmed)(?![\w+]))?"
    # a by-name list column: "HIV: Y", "HIV: +", "hiv status - positive"
    r"|\s*[:=]\s*(?:positive|pos|reactive|\+|yes|y|confirmed)(?![\w+])|\s*\(\s*(?:\+|pos|positive)\s*\)"
    r"|\s+diagnosis\b|\s+diagnosed\b|\s+dx(?:['’]?d)?\b|\s+infection\b|\s+co-?infect(?:ed|ion)\b"
    # a screening result: "HIV-1/2 Ab reactive", "HIV antibody test positive"
    r"|(?:-?1/2)?\s+(?:ab|antibody|antibodies|ag/ab|antigen/antibody)(?:\s+(?:test|screen))?\s*:?\s*"
    r"(?:reactive|positive|pos)\b"
    r"|\s+(?:meds|medications?|treatment|care|clinic\s+(?:appointment|appt)|viral\s+load)\b|-?\s*defining\s+illness\b"
    # a viral load by its lab name: "HIV-1 RNA <20 copies/mL"
    r"|-?[12]?\s+rna(?:\s*(?:is|was|of|:|=))?(?:\s*(?:undetectable|not\s+detected|(?:[<>]|under|below)?\s*\d(?:[\d,]*\d)?"
    r"(?:\s*(?:copies|cps)(?:\s*/\s*ml)?)?))?)"
)
_LEAD = (
    r"(?:(?:(?:recently|just|newly)\s+)?"
    r"(?:living|lives|live|diagnosed|dx'?d|dx|infected|has\s+been\s+diagnosed|been\s+diagnosed|newly\s+diagnosed)"
    r"\s*:?\s+(?:(?:with|w/|w)\s*)?|(?:tested|testing|tests|came\s+back|is|was|being)\s+(?:positive|pos|poz)\s+for\s+"
    r"|(?:(?:her|his|their)\s+)?(?:labs?|tests?|results?)\s+came\s+back\s+(?:positive|pos|reactive)\s+for\s+"
    r"|(?:positive|pos)\s+for\s+|full[\s-]blown\s+|an?\s+(?=aids\s+diagnosis)"
    r"|(?:has|have|had|got|has\s+got|with|from|of|her|his|their|about\s+(?:her|his|their))\s+)"
)
# A count said in words ("less than twenty copies"; a run of them is digits already: spoken_numbers.py)
_NUMBER_WORDS = (
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety)(?:[\s-]+(?:hundred|thousand))?|a\s+(?:hundred|thousand))\b"
)
_MARKERS = (
    r"(?:(?:her|his|their|a|the)\s+)?(?:viral\s+load|(?-i:VL)|vl(?=\s*(?:[:=]|(?:is|was|of|at|now)\b)?\s*"
    r"(?:undetectable|detectable|suppressed|nd\b|tnd\b|[<>~]|\d|under\b|below\b|less\b))"
    r"|c\.?\s?d\.?\s?(?:4|four)(?:\s+count)?|t[\s-]?cells?(?:\s+count)?)s?"
    r"(?:\s+(?:count|level|results|result|labs|lab|tests|test))?(?:\s*(?:is|was|of|at|around|about|~|:|=))?"
    r"(?:\s*(?:(?:undetectable|detectable)(?:\s+at\s+\d(?:[\d,]*\d)?(?:\s*(?:copies|cps)(?:/ml)?)?)?|high|low|suppressed"
    r"|not\s+detected|(?-i:ND|TND|nd|tnd)\b"
    rf"|(?:[<>~]|under|below|less\s+than|over|above)?\s*(?:\d(?:[\d,]*\d)?|{_NUMBER_WORDS})(?:\s*(?:copies|cps)(?:/ml)?)?))?"
    r"|(?:(?:came\s+back|is|was|now|still|stays?|stayed|remains?|remained|has\s+been|being|been|be)\s+)?"
    r"(?:undetectable|virally\s+suppressed)(?:\s+(?:viral\s+load|(?-i:VL)|now|again))?"
    r"|(?:(?:her|his|their)\s+)?(?:hiv[\s-])?(?:positive|poz)\s+status"
    r"|u\s*=\s*u"
)
# what else a test comes back positive for ("tested positive for covid" discloses no HIV status)
_OTHER_TESTS = (
    r"flu|covid|covid-19|strep|tb|influenza|rsv|pregnancy|drugs|thc|meth|opioids|fentanyl|alcohol|cocaine"
    r"|marijuana|amphetamines?|benzos?"
)
HEALTH_RE = re.compile(
    rf"(?i)\b(?:{_LEAD}?{_CONDITION}{_STATUS}?(?:\s+(?:positive|negative|pos|undetectable|detectable)\b)?"
    rf"|{_MARKERS}"
    rf"|tested\s+(?:positive|pos|poz)\b(?!\s+for\s+(?:{_OTHER_TESTS})\b)"
    # "she's positive", texting "hes poz", "they're both poz"
    r"|(?:is|was|['’]s|hes|shes|theyre|they['’]re|are|came\s+back)\s+(?:both\s+|also\s+|now\s+)?(?:poz|positive)"
    rf"(?=\s*(?:[.;!,)]|$|for\b(?!\s+(?:{_OTHER_TESTS}))|and\b|but\b|so\b|now\b|too\b))"
    r"|(?:(?:her|his|their)\s+)?status\s+(?:is|was|came\s+back)\s+(?:positive|poz|pos|reactive)\b"
    # "poz" is only ever HIV-positive, whatever follows it ("hes poz keep it quiet")
    r"|(?:(?:is|was|['’]s|hes|shes|theyre|they['’]re|are|been|came\s+back)\s+(?:both\s+|also\s+|now\s+|still\s+)?)?"
    r"poz\b"
    r")",
)
_BARE_CONDITION_RE = re.compile(rf"(?i){_CONDITION}")
_SERVICE_AFTER_RE = re.compile(
    r"(?i)\s+(?:housing|committee|services?|programs?|testing|tests?|prevention|awareness|education|"
    r"outreach|grants?|funding|funds|team|unit|ward|providers?|agenc(?:y|ies)|organi[sz]ations?|council|"
    r"task\s+force|planning|coalition|network|specialists?|navigators?|case\s+managers?|resources?|"
    r"hotline|walk|fair|event|training)\b"
)
# "aids" in lower case is usually the verb ("this aids her application"): require upper case
# unless a disclosing word precedes it, which the pattern above already demands via _LEAD.
_BARE_LOWER_AIDS = re.compile(r"aids(?:\s*\+)?$")

# Cheap pre-check (plain substring tests on the lower-cased text): most messages mention none of
# these, and the full pattern is costly.
_TRIGGERS = (
    *"""hiv aids hep hcv hbv tuberc syphil gonorr chlamyd herpes hsv viral cd4 undetect antiretro positive poz
    suppressed""".split(),
    *_HIV_DRUGS,
    *_HEP_DRUGS,
    *("a sti", "an sti", "a std", "an std", "cell count", "arv", "pos for", "u=u", "u = u"),
)


_TRIGGER_WORDS = frozenset(
    {
        *"hiv aids hep hcv hbv herpes hsv viral cd4 vl positive poz pos suppressed arv arvs".split(),
        *"plwh plwha pwh".split(),
        *_HIV_DRUGS,
        *_HEP_DRUGS,
    }
)
_TRIGGER_PREFIXES = (
    "hiv",
    "aids",
    "tuberc",
    "syphil",
    "gonorr",
    "chlamyd",
    "undetect",
    "antiretro",
    "hsv",
    "hep",
)
_PREFIX_RE = re.compile("|".join(_TRIGGER_PREFIXES))
_TRIGGER_PHRASES = (
    "anti retro",
    "anti-retro",
    "h.i.v",
    "h i v",
    "t cell",
    "t-cell",
    "tcell",
    "c d 4",
    "c.d",
    "a sti",
    "an sti",
    "a std",
    "an std",
    "cell count",
    "pos for",
    "u=u",
    "u = u",
    "cd4",
    "c d four",
    "cd four",
    "c.d. four",
    "a.i.d.s",
)
_PHRASE_RE = re.compile("|".join(re.escape(p) for p in _TRIGGER_PHRASES))
_TRIGGER_RE = re.compile("|".join(re.escape(t) for t in sorted(set(_TRIGGERS), key=len, reverse=True)))


# Eligibility for the HIV/AIDS programs is said of a person only when they have the diagnosis: "she remains
# HOPWA eligible", "Ryan White eligible", "eligible for HOPWA" (the program's name alone is not: "the HOPWA
# list", "HOPWA committee").
_PROGRAM = r"(?:(?i:hopwa)|Ryan\s+White|RYAN\s+WHITE)"
ELIGIBLE_RE = re.compile(
    rf"{_PROGRAM}[\s\-]+(?i:eligible|eligibility|qualified|certified|recertified|enrolled)\b"
    rf"|(?i:eligible|qualifies|qualified|certified|recertified|enrolled)\s+(?:for|in|with)\s+{_PROGRAM}\b"
)
# Spanish: "VIH positivo", "tiene VIH", "tratamiento del VIH", "es VIH+" (a bare "VIH", as in "la clínica del
# VIH", is a service, as the English word is).
SPANISH_RE = re.compile(
    r"(?i:(?:tiene|tenía|vive\s+con|viviendo\s+con|diagnosticad[oa]\s+con|es|(?:su\s+)?(?:tratamiento|"
    r"medicamentos?|medicinas?|pastillas)\s+(?:del|de|para\s+el))\s+)VIH(?:\s*\+|\s+positiv[oa])?"
    r"|VIH(?:\s*\+|\s+positiv[oa])"
)


def find_health(text: str, *, lowered: str | None = None, words: set[str] | None = None) -> list[Span]:
    """Spans of health-status disclosures; overlapping phrases are merged by the engine.

    ``words`` (the message's folded words, when the caller has them) make the pre-check a set test."""
    spans: list[Span] = []
    low = lowered if lowered is not None else text.lower()
    if words is not None:
        has_trigger = (
            not _TRIGGER_WORDS.isdisjoint(words)
            or _PREFIX_RE.search(low) is not None
            or _PHRASE_RE.search(low) is not None
        )
    else:
        has_trigger = _TRIGGER_RE.search(low) is not None
    if has_trigger:
        for m in HEALTH_RE.finditer(text):
            frag = m.group()
            if _BARE_LOWER_AIDS.match(frag) and not frag.startswith("AIDS"):
                continue
            if frag.lower() in {"tb", "the virus"}:
                continue  # a TB test is routine shelter paperwork, not a disclosure
            if _BARE_CONDITION_RE.fullmatch(frag) and _SERVICE_AFTER_RE.match(text, m.end()):
                continue  # "the HIV/AIDS housing committee", "HIV testing event": a service, not a person
            spans.append((m.start(), m.end(), PiiType.HEALTH))
    art = "ART" in text or (words is not None and "art" in words) or (words is None and "art " in low)
    if has_trigger or art:
        for m in TREATMENT_RE.finditer(text):
            start, end = _with_combination(text, m.start(), m.end())
            spans.append((start, end, PiiType.HEALTH))
    if art or "retrovir" in low:
        spans.extend((m.start(), m.end(), PiiType.HEALTH) for m in ART_RE.finditer(text))
        if spans and "art" in low:  # beside another disclosure, "on art and her cd4 ..." is the treatment
            spans.extend((m.start(), m.end(), PiiType.HEALTH) for m in _ON_ART_RE.finditer(text))
    if any(d in low for d in _PREP_DRUGS) and not _PREP_SAID_RE.search(text):
        spans.extend((m.start(), m.end(), PiiType.HEALTH) for m in _PREP_DRUG_RE.finditer(text))
    if "hopwa" in low or "ryan white" in low:
        spans.extend((m.start(), m.end(), PiiType.HEALTH) for m in ELIGIBLE_RE.finditer(text))
    if "VIH" in text:
        spans.extend((m.start(), m.end(), PiiType.HEALTH) for m in SPANISH_RE.finditer(text))
    if words is not None:
        spans.extend(_misspelt_drugs(text, words))
    return _as_one_disclosure(text, spans)


# Between two disclosures, words that make them one list: "HIV-1 infection, on Biktarvy, last VL <20",
# "CD4 340, VL detectable".
_JOINED_RE = re.compile(
    r"[ \t]*[,;][ \t]*(?:(?:and|with|w/|last|latest|most\s+recent|recent|her|his|their)[ \t]+)*"
    r"|[ \t]+(?:and|with|w/)[ \t]+"
)


def _as_one_disclosure(text: str, spans: list[Span]) -> list[Span]:
    if len(spans) < 2:
        return spans
    spans = sorted(spans)
    out = [spans[0]]
    for s, e, t in spans[1:]:
        ps, pe, pt = out[-1]
        if s <= pe or _JOINED_RE.fullmatch(text, pe, s):
            out[-1] = (ps, max(pe, e), pt)
        else:
            out.append((s, e, t))
    return out


def _misspelt_drugs(text: str, words: set[str]) -> list[Span]:
    hits = [w for w in words if misspelt_drug(w) and not is_common(w)]
    if not hits:
        return []
    pattern = re.compile(rf"(?i)\b(?:{_TREAT_VERB})?(?:{'|'.join(re.escape(w) for w in hits)})\b")
    return [(m.start(), m.end(), PiiType.HEALTH) for m in pattern.finditer(text)]


# Antiretroviral therapy as a bare "ART" with what says it is treatment after it ("ART since 2019", "ART
# compliant", "ART: yes"), or a lower-case "art" that someone is on or has started ("hes on art now",
# "restarted art", "art meds"). Not "the ART of", "art class", "ART THERAPY GROUP".
ART_RE = re.compile(
    r"(?<![\w-])(?:(?<!the )(?<!an )(?<!of )(?<!and )(?<!& )ART(?=\s*(?:[:=(]|\d|$)|\s+(?i:since|started|"
    r"starts?|initiated|compliant|compliance|adherent|naive|na[iï]ve|refills?|pick[\s-]?up|is\s+working|"
    r"working|going\s+well|daily)\b)"
    r"|(?i:(?:(?:i|he|she|they)['’]?s|is|hes|shes|been|back|still|now|stays?|started|starting|restarted|"
    r"restarting|stopped|stopping|missed|missing|resumed?|resuming|quit|off|went\s+off|taking)\s+(?:on\s+)?"
    r"(?:his\s+|her\s+|their\s+)?art\b(?!\s+(?:class|classes|therapy|project|projects|supplies|show|group|"
    r"studio|room|work|program|fair|teacher|kit|piece|contest|night|and|&))"
    r"|art\s+(?:meds|medications?|adherence|regimen|doses?|refills?)\b"
    r"|(?:on\s+)?retrovirals?\b))"
)
_ON_ART_RE = re.compile(r"(?i)\b(?:on|taking|started|restarted|back\s+on)\s+(?:(?:his|her|their)\s+)?art\b")
# Truvada and Descovy are PrEP as often as treatment: a status disclosure only when the message does not
# say PrEP (or prevention) anywhere.
_PREP_DRUGS = ("truvada", "descovy", "apretude")
_PREP_DRUG_RE = re.compile(rf"(?i)\b(?:{_TREAT_VERB})?(?:(?:his|her|their)\s+)?(?:{'|'.join(_PREP_DRUGS)})\b")
_PREP_SAID_RE = re.compile(r"(?i)\bprep\b|pre[\s-]?exposure|prevent")

# The brands people write most, misspelt by a letter in chat ("biktarvi", "genvoia", "bictarvy"): a word of
# no English list one edit (a letter changed, added or dropped) from one of them.
_MISSPELT = (
    "biktarvy genvoya triumeq dovato odefsey symtuza stribild cabenuva tivicay prezcobix descovy truvada"
)
_DRUG_KEYS = frozenset(_MISSPELT.split())
_DRUG_EDITS = frozenset((i, d[:i] + d[i + 1 :]) for d in _DRUG_KEYS for i in range(len(d)))
_DRUG_SHORTER = frozenset(v for _, v in _DRUG_EDITS)
# (a misspelling keeps the first letter and one of the next two: "bictarvy", "biktarvi", "gnevoya")
_DRUG_STARTS = frozenset({d[:2] for d in _DRUG_KEYS} | {d[0] + d[2] for d in _DRUG_KEYS})


def misspelt_drug(key: str) -> bool:
    """Is the folded word one edit from a common antiretroviral brand (and not the brand itself)?"""
    if not 5 <= len(key) <= 10 or (key[:2] not in _DRUG_STARTS and key[0] + key[2] not in _DRUG_STARTS):
        return False
    if key in _DRUG_KEYS:
        return False
    if key in _DRUG_SHORTER:
        return True  # a letter dropped
    for i in range(len(key)):
        shorter = key[:i] + key[i + 1 :]
        if shorter in _DRUG_KEYS or (i, shorter) in _DRUG_EDITS:
            return True  # a letter added, or one changed
    return False


# A regimen written as its drugs joined ("tenofovir/emtricitabine/efavirenz", "dolutegravir-based ART"):
# one antiretroviral in it makes the whole combination the disclosure.
_COMBO_AFTER_RE = re.compile(
    r"(?:[/+][A-Za-z]{3,}|-(?:based|containing|[A-Za-z]{4,}))*"
    r"(?:[ \t]+(?:ART|HAART|(?i:regimen|therapy|treatment)))?"
)
_COMBO_BEFORE_RE = re.compile(r"(?:[A-Za-z]{3,}[/+])+$")


def _with_combination(text: str, start: int, end: int) -> tuple[int, int]:
    after = _COMBO_AFTER_RE.match(text, end)
    if after is not None:
        end = after.end()
    before = _COMBO_BEFORE_RE.search(text, max(0, start - 60), start)
    if before is not None:
        start = before.start()
    return start, end
