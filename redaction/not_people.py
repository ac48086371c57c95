"""Companies, brands and titles made of name words: "Wells Fargo", "Johnson & Johnson", "Rich Dad Poor Dad".

They read as a given name and a surname, and no cue around them says otherwise, so
the name matcher is told about them: their words are not looked at as names. The
list is short on purpose (the ones people write about when they write about money,
shopping, cars and work); anything else that looks like a person is still hidden.
"""

from __future__ import annotations

import re

from redaction.normalize import Token

_PHRASES = (
    "wells fargo|johnson & johnson|johnson and johnson|ford mustang|ford focus|ford fiesta|"
    "ford explorer|ford escape|ford ranger|ford f-150|rich dad poor dad|morgan stanley|goldman sachs|"
    "charles schwab|edward jones|merrill lynch|ben & jerry's|ben and jerry's|trader joe's|dr pepper|"
    "dr. pepper|jack daniels|jack daniel's|jack in the box|dollar general|family dollar|home depot|"
    "taco bell|papa john's|papa johns|marie callender's|sherwin williams|sherwin-williams|"
    "procter & gamble|hewlett packard|hewlett-packard|ralph lauren|tommy hilfiger|calvin klein|"
    "kelly blue book|harley davidson|harley-davidson|lincoln navigator|lincoln continental|"
    "chevy malibu|ruby tuesday|dave & buster's|dave and buster's|walgreens|costco|hilton|marriott|"
    "sheraton|kroger|meijer|albertsons|safeway|publix|wegmans|walmart|nordstrom|bloomingdale's|"
    "sotheby's|christie's|chase bank|capital one|ally bank|fannie mae|freddie mac|sallie mae|"
    "uncle sam|john deere|ronald mcdonald house|salvation army|goodwill|st. jude|st jude|mayo clinic|"
    "cleveland clinic|johns hopkins|kaiser permanente|paris agreement|marshall plan|"
    "martin luther king jr. day|martin luther king day|mlk day|black friday|cyber monday|labor day|"
    "memorial day|veterans day|father's day|mother's day|valentine's day|st. patrick's day|"
    "st patrick's day|black history month|pride month"
)
BRAND_RE = re.compile(
    r"(?i)(?<![\w'’])(?:"
    + "|".join(re.escape(p) for p in sorted(_PHRASES.split("|"), key=len, reverse=True) if p)
    + r")(?![\w'’])"
)
_FIRST_WORDS = frozenset(p.split()[0].split("'")[0].split("-")[0] for p in _PHRASES.split("|") if p)


# A form's field names and a shelter's shifts: "First Name = Yasmin", "Eve shift", "Day→Eve".
_SHIFT = r"(?:Day|Eve|Evening|Night|Overnight|Swing|Graveyard)"
_LABELS_AND_SHIFTS_RE = re.compile(
    r"\b(?:First|Last|Middle|Full|Maiden|Given|Family|Preferred|Legal|Sur)[ \t]*[Nn]ame\b"
    rf"|\b{_SHIFT}[ \t]*(?:→|->|/|to)[ \t]*{_SHIFT}\b"
    rf"|\b{_SHIFT}(?=[ \t]+(?:shift|outreach|staff|crew|team|coverage|count|report|log|meds)\b)"
)
_LABEL_HINTS = ("ame", "Day", "Eve", "Night", "Overnight", "Swing", "Graveyard")


def brand_spans(text: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Where companies, brands and titles made of name words stand in ``text``; and a form's field
    names and a shelter's shifts, which are made of name words too ("Last Name", "Eve shift")."""
    spans = [m.span() for m in BRAND_RE.finditer(text)] if any(t.key in _FIRST_WORDS for t in toks) else []
    if any(h in text for h in _LABEL_HINTS):
        spans.extend(m.span() for m in _LABELS_AND_SHIFTS_RE.finditer(text))
    return spans
