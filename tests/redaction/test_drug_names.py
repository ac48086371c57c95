"""Medicines are built from official stems and are not people; a name on a list keeps being a name."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry
from redaction.drug_names import looks_like_a_drug

_R = Redactor()


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    "text",
    ["Current medications: atorvastatin, metformin", "Amoxicillin 5 days. Review", "on tamsulosin now"],
)
def test_a_word_built_on_a_drug_stem_is_a_medicine_not_a_name(text):
    assert _names(text) == []


def test_short_words_and_listed_names_are_not_medicines():
    assert not looks_like_a_drug("pril") and not looks_like_a_drug("olol")


def test_a_rostered_client_whose_name_ends_like_a_drug_is_still_found():
    roster = Redactor([RosterEntry("88", "Ana", "Cardipine")])
    assert [f.client_id for f in roster.redact("Cardipine moved in today").findings] == ["88"]
