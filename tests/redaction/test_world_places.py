"""A well-known place is no one's name, unless it is a given name said of a person or part of an address."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor

_R = Redactor()


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    "text", ["died in Fresno, California, in November", "instruments played from Yerevan to Los Angeles."]
)
def test_a_well_known_place_is_not_a_name(text):
    assert _names(text) == []


def test_a_place_that_is_a_given_name_is_a_place_after_a_locative():
    assert _names("flights to Kenya are cheap this month") == []


def test_a_place_that_is_a_given_name_is_a_person_when_acting_as_one():
    assert _names("Kenya is at the shelter tonight") == ["Kenya"]


def test_a_place_beside_an_address_stays_hidden_with_it():
    text = "Recall letter sent to Flat 3, 14 Mill Lane, Galway H91 X2Y3 today"
    red = _R.redact(text)
    assert "Galway" not in red.text
