"""Health-status disclosures (HIV/AIDS and similar) — redact the whole disclosing phrase.

Hiding only the word "HIV" in "living with HIV" would still tell the channel
what was said, so the detector covers the phrase: the status word, what it
qualifies ("positive", "status", "diagnosis") and the verb that discloses it
("living with", "diagnosed with", "tested positive for"). Program names such
as HOPWA are left alone: naming a program is not a disclosure.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType

Span = tuple[int, int, PiiType]

_CONDITION = (
    r"(?:hiv(?:\s*/\s*aids)?|aids|hep(?:atitis)?\.?\s*[abc]\b|hcv|hbv|tuberculosis|tb|syphilis|gonorrh(?:o)?ea"
    r"|chlamydia|herpes|hsv(?:-?[12])?|an?\s+sti|an?\s+std|the\s+virus)"
)
_STATUS = (
    # "his hiv results came back positive", "HIV test back pos"
    r"(?:\s+(?:tests?|results?|labs?|screening)\s+(?:came\s+|come\s+|are\s+|is\s+|was\s+)?(?:back\s+)?"
    r"(?:positive|pos|reactive)\b|\s*\+|\s*-\s*pos(?:itive)?\b|\s+pos(?:itive)?\b|\s+status\b|\s+diagnosis\b|\s+dx\b|\s+infection\b"
    r"|\s+(?:meds|medications?|treatment|care|clinic\s+appointment|viral\s+load)\b)"
)
_LEAD = (
    r"(?:(?:(?:recently|just)\s+)?"
    r"(?:living|lives|live|diagnosed|dx'?d|infected|has\s+been\s+diagnosed|been\s+diagnosed|newly\s+diagnosed)"
    r"\s+(?:with|w/)\s*|(?:tested|testing|tests|came\s+back|is|was|being)\s+(?:positive|pos)\s+for\s+"
    r"|(?:positive|pos)\s+for\s+|(?:has|have|had|with|from|of|her|his|their|about\s+(?:her|his|their))\s+)"
)
HEALTH_RE = re.compile(
    rf"(?i)\b(?:{_LEAD}?{_CONDITION}{_STATUS}?(?:\s+(?:positive|negative|pos|undetectable|detectable))?"
    r"|(?:(?:her|his|their|a|the)\s+)?(?:viral\s+load|cd4(?:\s+count)?|t-?cell\s+count)(?:\s+(?:is|was|of))?"
    r"(?:\s+(?:undetectable|detectable|high|low|suppressed|\d[\d,]*(?:\s*copies(?:/ml)?)?))?"
    r"|(?:is|was|now|still|stays?|remains?)\s+undetectable"
    r"|(?:on|taking|takes|started|restarted|stopped|needs|refill(?:ing)?\s+(?:of|for|on)?|her|his|their)\s+"
    r"(?:prep|pep|arvs?|antiretrovirals?|art\s+meds|biktarvy|truvada|descovy|genvoya|triumeq|dovato|odefsey"
    r"|symtuza|stribild|atripla|juluca|cabenuva|apretude|harvoni|epclusa|mavyret)"
    r"|(?:biktarvy|truvada|descovy|genvoya|triumeq|dovato|odefsey|symtuza|stribild|atripla|juluca|cabenuva"
    r"|apretude|harvoni|epclusa|mavyret|antiretrovirals?)"
    r"|tested\s+positive|(?:is|was|['’]s|came\s+back)\s+(?:poz|positive)(?=\s*(?:[.;!,)]|$|for\b|and\b|but\b|so\b))"
    r")",
)
# "aids" in lower case is usually the verb ("this aids her application"): require upper case
# unless a disclosing word precedes it, which the pattern above already demands via _LEAD.
_BARE_LOWER_AIDS = re.compile(r"aids(?:\s*\+)?$")


# Cheap pre-check (plain substring tests on the lower-cased text): most messages mention none of
# these, and the full pattern is costly.
_TRIGGERS = (
    *"""hiv aids hep hcv hbv tuberc syphil gonorr chlamyd herpes hsv viral cd4 undetect prep antiretro
    biktarvy truvada descovy genvoya triumeq dovato odefsey symtuza stribild atripla juluca cabenuva
    apretude harvoni epclusa mavyret positive poz""".split(),
    *("a sti", "an sti", "a std", "an std", "cell count", " pep", " arv", "pos for"),
)


def find_health(text: str, *, lowered: str | None = None) -> list[Span]:
    spans: list[Span] = []
    low = lowered if lowered is not None else text.lower()
    if not any(t in low for t in _TRIGGERS):
        return spans
    for m in HEALTH_RE.finditer(text):
        frag = m.group()
        if _BARE_LOWER_AIDS.match(frag) and not frag.startswith("AIDS"):
            continue
        if frag.lower() in {"tb", "art", "the virus"}:
            continue  # a TB test is routine shelter paperwork, not a disclosure
        spans.append((m.start(), m.end(), PiiType.HEALTH))
    return spans
