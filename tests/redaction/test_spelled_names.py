"""A name spelled out letter by letter is the name: the letters spell it for anyone reading."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor([RosterEntry("951", "Kynzlee", "Begay"), RosterEntry("952", "Priya", "Raghunathan")])


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("her last name Raghunathan, spelled R-A-G-H-U-N-A-T-H-A-N", "R-A-G-H-U-N-A-T-H-A-N"),
        ("mister begay b e g a y called back", "b e g a y"),
        ("ID says K-Y-N-Z-L-E-E", "K-Y-N-Z-L-E-E"),
        ("new walk-in, spelled d e b r u m", "d e b r u m"),
        ("that's O.K.O.N.K.W.O. on the form", "O.K.O.N.K.W.O"),
    ],
)
def test_letters_that_spell_a_name_are_the_name(text, spelled):
    assert spelled in _names(text)


def test_the_client_id_stays_when_the_spelling_follows_the_name():
    assert _R.redact("Raghunathan R A G H U N A T H A N no show").text.startswith("Client 952 [redacted]")


@pytest.mark.parametrize(
    "text",
    ["moved from the U S A in 2019", "H I V testing event", "plan A B C D for the move", "grade a b c d e"],
)
def test_letters_that_spell_nothing_stay_readable(text):
    assert _names(text) == []
