"""Initials stand for a client when the sentence treats them as a person, never when they are an acronym."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("401", "Mariam", "Kone"),
        RosterEntry("402", "Lan", "Ng"),
        RosterEntry("403", "Tomás", "Dalton"),
        RosterEntry("404", "Rutger", "van der Berg"),
        RosterEntry("405", "Kelechi", "Obi"),
    ]
)


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


def test_two_capitals_as_the_subject_of_a_verb_are_a_clients_initials():
    red = _R.redact("MK missed the bus again")
    (f,) = red.findings
    assert red.text == "[redacted] missed the bus again" and f.candidates == ("401",)


def test_initials_before_a_dob_are_a_name():
    assert _names("TD dob 3/3/1971") == ["TD"]


def test_dotted_initials_are_a_name():
    assert _names("L.N. needs a bus pass") == ["L.N."]


def test_acronyms_of_the_field_are_not_initials():
    assert _names("RRH and PSH slots are full, AMI limits changed") == []


def test_initials_are_not_looked_for_in_a_message_written_in_capitals():
    assert _names("CALL MK ABOUT THE LEASE") == []


def test_a_lower_case_first_name_and_an_initial_before_a_verb_are_a_name():
    assert _names("tomas d asked about his deposit") == ["tomas d"]


def test_a_first_name_and_a_surname_initial_are_a_name():
    assert _names("Kelechi O. called back") == ["Kelechi O."]


def test_an_initial_particles_and_a_surname_are_one_name():
    assert _names("mail for R. van der Berg came today") == ["R. van der Berg"]


def test_a_surname_and_a_first_initial_are_a_name():
    assert _names("Dalton, T. signed the ROI") == ["Dalton, T."]


@pytest.mark.parametrize("text", ["the van keys are here", "can you do it today"])
def test_particles_and_two_letter_words_stay_words(text):
    assert _names(text) == []


def test_the_fields_acronyms_do_not_make_a_message_shouting():
    assert _names("MK needs ID") == ["MK"]


@pytest.mark.parametrize("row", ["MK - sheltered at the church", "• LN: doc ready", "KO — housed 3/2"])
def test_initials_opening_a_by_name_list_row_are_a_name(row):
    assert _names(row) == [row.lstrip("• ").split()[0].rstrip(":")]


def test_initials_listed_with_other_clients_initials_are_all_names():
    assert _names("MK, LN and KO were housed today at the new site") == ["MK", "LN", "KO"]


def test_a_list_with_an_acronym_in_it_is_not_a_list_of_initials():
    assert _names("HUD, HMIS and CoC all agree on this today") == []


def test_a_row_label_that_is_no_clients_initials_is_not_a_name():
    assert _names("FYI - the van is here") == []


@pytest.mark.parametrize(
    ("text", "initials"),
    [("MK + piotr mccarthy both still here", "MK"), ("Tomás Dalton + LN both at the shelter", "LN")],
)
def test_initials_joined_to_a_person_by_a_plus_are_a_name(text, initials):
    assert initials in _names(text)


def test_initials_before_with_and_a_slash_are_a_name():
    assert _names("fyi KO w/ a court date friday") == ["KO"]


@pytest.mark.parametrize("text", ["R&D team", "AT&T bill", "Q & A session"])
def test_a_plus_to_an_ordinary_word_or_a_glued_ampersand_makes_no_initials(text):
    assert _names(text) == []


# --- issue #16, fourth round: surname + given-name initial, no comma ----------------------------------


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("warsame a called back", "Client 1502 called back"),
        ("johnson r no show today", "Client 1500 no show today"),
        ("Johnson R. needs a ride", "Client 1500 needs a ride"),
        ("JOHNSON R - housed", "Client 1500 - housed"),
        ("tran n is at the shelter", "Client 1505 is at the shelter"),
    ],
)
def test_a_surname_and_the_given_names_initial_are_the_client(redact, text, redacted):
    assert redact(text).text == redacted


def test_a_surname_and_an_initial_two_clients_could_be_hides_both_words(redact):
    assert redact("xiong l is moving friday").text == "[redacted] is moving friday"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("gave warsame a ride", "gave Client 1502 a ride"),
        ("drove warsame a long way", "drove Client 1502 a long way"),
        ("johnson i think is housed", "Client 1500 i think is housed"),
    ],
)
def test_the_article_a_and_the_pronoun_i_after_a_surname_stay_words(redact, text, redacted):
    assert redact(text).text == redacted


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("• *MK* — housed 11/2", "MK"),
        ("_MK_ no show", "MK"),
        ("> MK no show again", "MK"),
        (":house: MK - moved in", "MK"),
        ("<@U123ABC> can you check on MK?", "MK"),
        ("any update on LN", "LN"),
    ],
)
def test_initials_in_slack_rows_quotes_and_check_ins_are_a_client(text, initials):
    assert initials in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "• *PSH* — 4 units open",
        "> RRH no show rate is up",
        "check on HUD guidance",
        "AMI limits for PSH and RRH",
    ],
)
def test_the_fields_acronyms_in_the_same_places_stay_readable(text):
    assert _names(text) == []


def test_the_initials_of_two_given_names_are_a_clients():
    """ "JH" for Ji-hoon Kang, "JC" for Juan Carlos (middle name Carlos) Mendoza."""
    r = Redactor(
        [RosterEntry("601", "Ji-hoon", "Kang"), RosterEntry("602", "Juan", "Mendoza", middle_name="Carlos")]
    )
    assert [f.candidates for f in r.redact("JH is at the shelter, JC signed the ROI").findings] == [
        ("601",),
        ("602",),
    ]


def test_initials_after_a_bed_number_are_a_clients():
    r = Redactor([RosterEntry("603", "Cornelius", "Booker", middle_name="James")])
    assert [f.candidates for f in r.redact("bed 22 → CJ\nbed 23 → empty").findings] == [("603",)]


def test_a_clients_initials_before_their_surname_give_the_id():
    r = Redactor([RosterEntry("604", "Jean-Claude", "Désir"), RosterEntry("605", "Mariam", "Desir")])
    found = [(f.client_id, f.candidates) for f in r.redact("- JC Désir — see private note (med)").findings]
    assert found == [("604", ())]
