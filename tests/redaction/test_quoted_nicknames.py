"""A nickname written inside a name is part of that one name, and hidden with it."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor([RosterEntry("1500", "Robert", "Johnson"), RosterEntry("1455", "Maria", "Garcia")])


def _names(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize("nick", ['"Bobby"', "(Bob)", '"the Bishop"', "'Rob'"])
def test_a_quoted_or_bracketed_nickname_inside_a_clients_name_is_one_finding_with_the_id(nick):
    text = f"met with Robert {nick} Johnson today"
    assert _names(text) == [(f"Robert {nick} Johnson", "1500")]


def test_a_middle_name_and_a_nickname_are_taken_with_the_name():
    text = 'Margaret Anne "Peggy" Kowalczyk died on June 3'
    assert _names(text) == [('Margaret Anne "Peggy" Kowalczyk', None)]


def test_two_clients_one_in_brackets_stay_two_findings():
    text = "Maria Garcia (Robert Johnson) came"
    assert _names(text) == [("Maria Garcia", "1455"), ("Robert Johnson", "1500")]


def test_a_quoted_word_between_capitalised_words_with_no_name_is_left_alone():
    assert _names('meet at the Main "Street" Hall') == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bed 26 → Big Robert", "Big Robert"),
        ("0710 Lil Robert at the Holiday on 7th", "Lil Robert"),
        ("saw big robert johnson at the bus stop", "big robert johnson"),
    ],
)
def test_a_describing_word_before_a_name_is_part_of_the_street_name(text, name):
    assert [n for n, _ in _names(text)] == [name]


def test_a_describing_word_written_otherwise_than_the_name_is_left_alone():
    assert _names("the big Robert thing") == [("Robert", "1500")]


_STREET = Redactor(
    [
        RosterEntry("7201", "Michael", "Johnson"),
        RosterEntry("7206", "Clayton", "Hollis"),
        RosterEntry("7209", "Dami", "Ade"),
    ]
)


def _street_names(text: str) -> list[tuple[str, str | None]]:
    return [
        (text[f.start : f.end], f.client_id) for f in _STREET.redact(text).findings if f.type is PiiType.NAME
    ]


@pytest.mark.parametrize(
    ("text", "name", "client"),
    [
        ("1. Smoke Johnson — doc ready, needs ID", "Smoke Johnson", "7201"),
        ("can someone call red hollis back?", "red hollis", "7206"),
    ],
)
def test_a_street_name_before_a_clients_surname_is_hidden_with_it(text, name, client):
    assert _street_names(text) == [(name, client)]


@pytest.mark.parametrize(
    ("text", "name"), [("Called Johnson today", "Johnson"), ("call hollis back", "hollis")]
)
def test_a_verb_before_a_surname_is_not_its_street_name(text, name):
    assert [n for n, _ in _street_names(text)] == [name]


def test_another_clients_given_name_before_a_surname_does_not_take_that_surnames_id():
    assert ("Dami Hollis", "7206") not in _street_names("Dami Hollis came by")
