"""Chat that switches to Spanish: its words are not names.

A Spanish clause inside English chat ("lo confirmé con su acta", "dice que ya tiene trabajo pero") is, to
lists made for English, a run of unknown words and of surnames ("Con", "Pero", "Del"), and each reads as a
name. Once a message has Spanish-only words in it (two at least), a finding made only of lower-case
frequent Spanish words (and the English words a switch mixes in: "pero still", "court mañana"), with no
client behind it, is dropped: the roster still finds a client written in lower case, and a name written
with a capital is left to the other rules. Kinship words ("su tía", "el tío") are on no frequency list
without their accents, because Tia is a given name; here they are words.
"""

from __future__ import annotations

from redaction.findings import Finding, PiiType
from redaction.lexicon import COMMON_WORDS, SPANISH_FUNCTION_WORDS, SPANISH_WORDS
from redaction.name_words import PARTICLES
from redaction.normalize import Token

_KIN = frozenset(
    """tia tio tias tios mama papa abuela abuelo abuelita abuelito hermana hermano prima primo esposa esposo
    hija hijo nieta nieto sobrina sobrino suegra suegro cunada cunado madrina padrino""".split()
)
SPANISH = SPANISH_WORDS | SPANISH_FUNCTION_WORDS | _KIN


# Words that say a message is in Spanish: not English too, and not a particle of names ("Maria de la Rosa").
_TELLING = frozenset(
    w for w in SPANISH_WORDS | SPANISH_FUNCTION_WORDS if w not in COMMON_WORDS and w not in PARTICLES
)


def is_spanish(toks: list[Token]) -> bool:
    seen = 0
    for t in toks:
        if t.key in _TELLING and t.lower:
            seen += 1
            if seen == 2:
                return True
    return False


def _words_of_the_switch(inside: list[Token]) -> bool:
    """Lower-case Spanish words, and common English words among them."""
    return all(t.lower and (t.key in SPANISH or t.key in COMMON_WORDS) for t in inside) and any(
        t.key in SPANISH for t in inside
    )


def unclaimed_words(toks: list[Token], f: Finding) -> list[Token]:
    """The words of a NAME finding no client stands behind (none for any other finding): the findings a
    language's words may turn out to be."""
    if f.type is not PiiType.NAME or f.client_id is not None or f.candidates:
        return []
    return [t for t in toks if f.start <= t.start and t.end <= f.end]


def not_spanish_words(toks: list[Token], names: list[Finding]) -> list[Finding]:
    """``names`` without the findings that are only lower-case Spanish words, in a Spanish message."""
    if not names or not is_spanish(toks):
        return names
    out = []
    for f in names:
        inside = unclaimed_words(toks, f)
        if not (inside and _words_of_the_switch(inside)):
            out.append(f)
    return out
