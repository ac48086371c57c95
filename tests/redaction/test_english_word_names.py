"""Clients called Bill, Will, Hope, June, Summer, Rose, Grant: a person when used as one, else the word."""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("201", "William", "Okafor"),  # goes by Bill
        RosterEntry("202", "Wilfredo", "Santos"),  # goes by Will
        RosterEntry("203", "Hope", "Begaye"),
        RosterEntry("204", "June", "Halvorsen"),
        RosterEntry("205", "Summer", "Rain"),
        RosterEntry("206", "Rose", "Tsinajinnie"),
        RosterEntry("207", "Grant", "Lindgren"),
        RosterEntry("208", "Francis", "Foster"),
        RosterEntry("209", "Van", "Pham"),
    ],
    known_words=["Dana"],
)


def _out(text: str) -> str:
    return _R.redact(text).text


def test_an_english_word_name_as_the_subject_of_a_past_tense_verb_is_a_person():
    assert _out("rose dropped her keys at intake") == "Client 206 dropped her keys at intake"


def test_a_nickname_that_is_a_word_as_the_subject_of_a_verb_is_a_person():
    assert _out("bill signed the lease today") == "Client 201 signed the lease today"


def test_will_before_a_bare_verb_is_the_modal():
    assert _out("Will follow up with the landlord") == "Will follow up with the landlord"


def test_will_before_a_third_person_verb_is_a_person_whom_two_clients_could_be():
    red = _R.redact("Will already has a voucher")
    assert red.text == "[redacted] already has a voucher"
    assert red.findings[0].candidates == ("201", "202")  # William and Wilfredo both go by Will


def test_a_possessive_before_a_person_noun_is_a_person():
    assert _out("summer's caseworker called") == "Client 205's caseworker called"


def test_a_list_item_that_is_a_name_is_a_person():
    assert _out("rides tomorrow:\n- June to the dentist\n- Hope to court") == (
        "rides tomorrow:\n- Client 204 to the dentist\n- Client 203 to court"
    )


def test_that_is_and_a_name_is_a_person():
    assert _out("that's Hope, not the other one") == "that's Client 203, not the other one"
    assert _out("no, that was Hope.") == "no, that was Client 203."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("did hope ever call back?", "did Client 203 ever call back?"),  # the subject of a question
        ("has Rose signed the lease?", "has Client 206 signed the lease?"),
        ("talked to hope this morning", "talked to Client 203 this morning"),  # not "hope this helps"
        ("she said that Hope must call herself", "she said that Client 203 must call herself"),
    ],
)
def test_the_word_used_as_a_person_in_a_question_or_a_clause_is_a_person(text, expected):
    assert _out(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hope House has two beds tonight",
        "I hope you all have a good weekend",
        "June numbers are due Friday",
        "in June we start the new cycle",
        "the grant application is due",
        "she aged out of foster care last year",
        "the van keys are at the front desk",
        "this summer the program closes early",
        "the rent rose again",
        "hope this helps",
        "did grant money come in?",
        "i hope that works for everyone",
    ],
)
def test_the_ordinary_word_stays_readable(text):
    assert _out(text) == text


def test_a_pronoun_that_is_also_a_surname_is_not_a_person_by_itself():
    r = Redactor([RosterEntry("300", "Pa", "Her")])
    assert r.redact("her cell is off").text == "her cell is off"


def test_a_name_on_a_bed_board_is_a_person():
    """Bed boards and voucher lists: a tick box or a bed number, then the client."""
    r = Redactor([RosterEntry("301", "Major", "Tubbs"), RosterEntry("302", "King", "Toliver")])
    board = "Tonight\n☐ 14 Major (vet bed)\n☑ 15 King\nbed 16 → King"
    assert r.redact(board).text == "Tonight\n☐ 14 Client 301 (vet bed)\n☑ 15 Client 302\nbed 16 → Client 302"
    assert r.redact("☐ 14 beds open tonight").findings == ()


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("Group: Bill, Rose, Grant. Good talk", "Group: Client 201, Client 206, Client 207. Good talk"),
        ("W dorm: Rose, Summer all in", "W dorm: Client 206, Client 205 all in"),
        ("*Hope* and *Grant* both need bus cards", "*Client 203* and *Client 207* both need bus cards"),
    ],
)
def test_english_word_names_listed_with_other_clients_names_are_people(text, out):
    assert _out(text) == out


def test_a_comma_between_a_word_and_a_name_in_lower_case_joins_nothing():
    assert _out("the grant, hope and faith of the board") == "the grant, hope and faith of the board"


def test_a_voice_memo_is_no_client_called_memo():
    r = Redactor([RosterEntry("421", "Guillermo", "Ruiz")])  # goes by Memo
    assert r.redact("voice memo: call the red cross about the tent fire").text == (
        "voice memo: call the red cross about the tent fire"
    )
    assert r.redact("Memo came by for his mail").text == "Client 421 came by for his mail"
