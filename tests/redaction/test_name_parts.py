"""A name with more parts than first + last is one finding with one client ID, or none if its parts are
not all that client's."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("601", "José Luis", "Hernández Ortiz"),
        RosterEntry("602", "Evangelina", "de la Cruz-Peralta"),
        RosterEntry("603", "Robert", "Washington"),
        RosterEntry("604", "Consuelo", "Figueroa"),
        RosterEntry("611", "Rosa", "de la Cruz"),
    ]
)


def _names(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _R.redact(text).findings if f.type is PiiType.NAME]


def test_two_surnames_comma_two_given_names_are_one_finding_with_one_id():
    assert _names("hernandez ortiz, jose luis signed today") == [("hernandez ortiz, jose luis", "601")]


def test_two_given_names_and_two_surnames_are_one_finding_with_one_id():
    assert _names("José Luis Hernández Ortiz signed today") == [("José Luis Hernández Ortiz", "601")]


def test_particles_and_a_hyphenated_surname_are_one_finding():
    assert _names("Evangelina de la Cruz-Peralta was discharged") == [
        ("Evangelina de la Cruz-Peralta", "602")
    ]


def test_a_surname_with_particles_alone_at_the_start_of_a_sentence_is_a_name():
    assert [n for n, _ in _names("de la Cruz-Peralta was discharged")] == ["de la Cruz-Peralta"]


@pytest.mark.parametrize("name", ["Evangelina dela Cruz-Peralta", "EVANGELINA DELA CRUZ-PERALTA"])
def test_particles_written_fused_are_the_same_surname(name):
    assert _names(f"{name} was discharged") == [(name, "602")]


def test_a_surname_written_as_one_word_with_its_particles_names_the_client():
    assert _names("rosa delacruz called back") == [("rosa delacruz", "611")]


def test_a_generational_suffix_is_part_of_the_name():
    assert _names("ROBERT WASHINGTON JR. GOT HIS PAPERS") == [("ROBERT WASHINGTON JR.", "603")]


def test_a_further_surname_that_is_not_the_clients_makes_it_someone_else():
    assert _names("new contact: Consuelo Figueroa-del Río, not in HMIS yet") == [
        ("Consuelo Figueroa-del Río", None)
    ]


def test_particles_before_a_surname_no_list_has_are_part_of_the_name():
    assert [n for n, _ in _names("we met Osvaldo de los Quintanar today")] == ["Osvaldo de los Quintanar"]


# --- issue #16, fourth round: family name first with a two-part given name, hyphens dropped -------------

_PARTS = Redactor(
    [
        RosterEntry("961", "Huong", "Nguyen", middle_name="Thi"),
        RosterEntry("962", "Van Minh", "Tran"),
        RosterEntry("963", "Seo-yeon", "Park"),
        RosterEntry("964", "Mai Nou", "Xiong"),
        RosterEntry("965", "Ji Hoon", "Kim"),
    ]
)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("nguyen thi huong no show", "Client 961 no show"),
        ("tran van minh called", "Client 962 called"),
        ("xiong mai nou housed", "Client 964 housed"),
        ("park seo yeon called", "Client 963 called"),
        ("park seoyeon called", "Client 963 called"),
        ("jihoon kim needs id", "Client 965 needs id"),
    ],
)
def test_a_family_name_first_with_every_part_of_the_given_name_is_one_client(text, redacted):
    assert _PARTS.redact(text).text == redacted


def test_park_the_word_stays_without_the_given_name():
    assert _PARTS.redact("meet at the park at 3").findings == ()
