"""A form's name field: "Surname: Hussain", "Full name: ABDULLAH AL-RASHEED", "Member: DE VILLIERS, JAN".

Intake forms, registrations, referrals and court papers pasted into chat label the person. Whatever the
label is followed by on its line, up to the next field, is that person's name, however it is written:
in capitals, surname first, with a suffix or an initial. The name rules read capitals as acronyms and
a surname first as something else; the label settles it. Only labels that name the person a record is
about count ("Patient:", "Applicant:", not "From:" or "Contact:"), and only a value that reads as a
name: a few words, no digit, not one of our own marks ("Client 4521", "[redacted]"), and not only
ordinary lower-case words ("Name: unknown", "Applicant: self").
"""

from __future__ import annotations

import re

from redaction.findings import PiiType
from redaction.lexicon import COMMON_WORDS

Span = tuple[int, int, PiiType]

# Labels of the name itself: any value but ordinary lower-case words is a name ("Name: Hope").
_NAME_LABELS = (
    r"(?:full[ \t]+)?(?:legal[ \t]+)?name(?:[ \t]*\((?:last|surname)[ \t]*,[ \t]*first\))?|surname|forenames?"
    r"|(?:first|last|given|family|middle|preferred|maiden|birth|client'?s?|patient'?s?)[ \t]+names?"
    r"|name[ \t]+of[ \t]+(?:deceased|patient|client|applicant|child)"
    r"|nombre(?:[ \t]+completo)?|apellidos?|nom|pr[ée]nom|nama|naam|vorname|nachname"
)
# Labels of the person's role: the value may be a yes, a no or a word ("Veteran: Yes", "Client: self").
_ROLE_LABELS = (
    r"patient|client|applicant|co-applicant|tenant|resident|member|participant|guest|traveller|traveler"
    r"|claimant|defendant|respondent|deceased|registered[ \t]+keeper|buyer|seller|student|employee|veteran"
    r"|huurder"
)
_FIELD_RE = re.compile(
    r"(?im)^[ \t>*_•\-]*(?:\d{1,2}[.)][ \t]*)?"
    rf"(?:(?P<name>{_NAME_LABELS})|{_ROLE_LABELS})[ \t]*[*_]*[ \t]*:[ \t]*(?=\S)"
)
# The value ends at the line's end, a gap of spaces or a tab, a bar, or the next "Label:" on the line.
_VALUE_RE = re.compile(r"[^\n\t|]*?(?=[ ]{2,}|\t|\||\n|$|[ \t]+[A-Z][A-Za-z.]*(?:[ \t][A-Za-z]+)?:)")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*\.?")
_OWN_MARK_RE = re.compile(r"\bClient[ \t]+\d|\[redacted\]")
_MAX_WORDS = 6


def find_labelled_names(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _FIELD_RE.finditer(text):
        value = _VALUE_RE.match(text, m.end())
        if value is None:
            continue
        start, end = value.start(), value.end()
        while end > start and text[end - 1] in " \t.,;":
            end -= 1
        frag = text[start:end]
        words = _WORD_RE.findall(frag)
        if (
            not words
            or len(words) > _MAX_WORDS
            or any(c.isdigit() for c in frag)
            or _OWN_MARK_RE.search(frag)
        ):
            continue
        if all(w.lower().rstrip(".") in COMMON_WORDS and (w.islower() or not m.group("name")) for w in words):
            continue  # "Name: unknown", "Veteran: Yes", "Applicant: Self"
        spans.append((start, end, PiiType.NAME))
    return spans
