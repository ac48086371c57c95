"""A list whose lines name a person at the same place: the word there is a person on every line."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("7242", "Lamont", "Pierce"),
        RosterEntry("7223", "Mykola", "Hnatiuk"),
        RosterEntry("7245", "Darius", "Freeman"),
        RosterEntry("7210", "Dre", "Coleman"),
        RosterEntry("7201", "Damilola", "Adeyemi"),
        RosterEntry("7202", "Dmitri", "Volkov"),
    ]
)


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


def test_a_bed_board_of_names_hides_the_street_name_no_list_knows():
    text = "bed 15 L. Pierce\nbed 16 open\nbed 17 Hnatiuk\nbed 18 D-Free"
    assert _names(text) == ["L. Pierce", "Hnatiuk", "D-Free"]


def test_an_ordinary_word_heading_a_line_of_a_list_of_people_is_a_person():
    text = (
        "changes only:\n+ Darius Freeman added (couch hopping)\n- Heaven removed (housed 12/15)\n"
        "~ Dre Coleman status changed"
    )
    assert "Heaven" in _names(text)


def test_dot_leaders_put_the_name_at_the_head_of_the_line():
    text = "SSN check:\nDami ..... ***-**-0915\nDima ..... ***-**-0526\nMo ....... ***-**-3046"
    assert _names(text)[-1] == "Mo"


@pytest.mark.parametrize(
    "line", ["- Grant report: due Friday", "- Update: van is in the shop", "- Total — 3"]
)
def test_what_a_list_of_people_heads_with_that_is_no_one_stays(line):
    text = f"- Lamont Pierce — housed\n- Mykola Hnatiuk — pending\n{line}"
    assert _names(text) == ["Lamont Pierce", "Mykola Hnatiuk"]


def test_a_list_with_one_name_says_nothing_of_its_other_lines():
    text = "- Lamont Pierce — housed\n- Tintin — the cartoon night is Friday\n- Popcorn — bring some"
    assert _names(text) == ["Lamont Pierce"]
