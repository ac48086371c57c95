"""A form's address field: "Address: Kebele 14, House No. 512, Bahir Dar", "Domicilio: Av. Corrientes 1847".

Intake forms, registration cards, referrals and letters pasted into chat label the address. Whatever
follows the label on its line is the address, in any country's layout: the street rules need a street
they recognise, the label does not. The value must hold a digit (a house, unit or postal number), so
"Address: unknown", "Address: none (unsheltered)" and "Address: same as above" stay readable. Mail
sent in someone's care is addressed the same way: "c/o Rosa Flores, 1288 Arcade St" (the person or place
after "c/o", right before a street address, is part of it). The engine takes only what no other
finding covers: a client named in the field keeps their ID.
"""

from __future__ import annotations

import re

from redaction.findings import PiiType

Span = tuple[int, int, PiiType]

_LABELS = (
    r"(?:home|mailing|postal|service|street|current|new|old|previous|prev\.?|last|permanent|billing|"
    r"delivery|residential|physical|client'?s?|buyer'?s?|seller'?s?|tenant'?s?)[ \t]+address"
    r"|address(?:[ \t]+line[ \t]*\d)?|addr\.?|domicilio|direcci[oó]n|endere[cç]o|adresse|adres|anschrift"
    r"|lieferadresse|indirizzo|alamat|住所|주소"
)
_FIELD_RE = re.compile(rf"(?im)^[ \t>*_•\-]*(?:{_LABELS})[ \t]*[*_]*[ \t]*:[ \t]*(?=\S)")
_VALUE_END = " \t.,;"
_MAX_VALUE = 160
_DIGIT_RE = re.compile(r"\d")


def find_labelled_addresses(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _FIELD_RE.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        while end > m.end() and text[end - 1] in _VALUE_END:
            end -= 1
        if end - m.end() <= _MAX_VALUE and _DIGIT_RE.search(text, m.end(), end):
            spans.append((m.end(), end, PiiType.ADDRESS))
    return spans


# "c/o" itself: its "o" is no one's initial (the engine blocks it from the name rules).
CARE_OF_MARK_RE = re.compile(r"(?i)(?<![\w/])c/o(?![\w/])")
_CARE_OF_RE = re.compile(r"(?i)(?<![\w/])c/o[ \t]+[^\n,;:]{1,48}?(?:,[ \t]*|[ \t]*\n[ \t]*)(?=\S)")


def find_care_of(text: str, addresses: list[Span]) -> list[Span]:
    """The "c/o ..." right before each address found."""
    starts = {s for s, _, kind in addresses if kind is PiiType.ADDRESS}
    return [(m.start(), m.end(), PiiType.ADDRESS) for m in _CARE_OF_RE.finditer(text) if m.end() in starts]
