"""A nickname the message itself ties to a name is that person, wherever the message writes it."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor([RosterEntry("7207", "Terrance", "Bledsoe"), RosterEntry("7206", "Clayton", "Hollis")])


def _names(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    "text",
    [
        'Terrance Bledsoe ("Tiny") matched to PSH; Tiny needs his ID',
        "Terrance Bledsoe (Tiny) matched to PSH; Tiny needs his ID",
        'Terrance Bledsoe "Tiny" matched to PSH; Tiny needs his ID',
        "Terrance Bledsoe aka Tiny matched to PSH; Tiny needs his ID",
    ],
)
def test_a_nickname_given_after_the_name_is_that_client_everywhere_in_the_message(text):
    found = _names(text)
    assert found[0] == ("Terrance Bledsoe", "7207")
    assert [cid for n, cid in found if n == "Tiny"] == ["7207", "7207"]


@pytest.mark.parametrize(
    "text", ['"Red" is Clayton Hollis, Red says hi', "Red = Clayton Hollis, Red says hi"]
)
def test_a_nickname_said_to_be_a_name_is_that_client(text):
    assert _names(text) == [("Red", "7206"), ("Clayton Hollis", "7206"), ("Red", "7206")]


def test_an_ordinary_word_counts_again_only_with_the_same_capital():
    text = '"Red" is Clayton Hollis; the red van is his'
    assert _names(text) == [("Red", "7206"), ("Clayton Hollis", "7206")]


def test_a_describing_word_makes_another_person_hidden_without_the_id():
    text = '"Red" is Clayton Hollis, "Big Red" is someone else'
    assert _names(text)[-1] == ("Big Red", None)


@pytest.mark.parametrize("aside", ["(Mom)", "(ROI)", "(he/him)", "(older)", "(PSH)", "(HoH)", "(spouse)"])
def test_an_aside_in_brackets_is_no_nickname(aside):
    text = f"Terrance Bledsoe {aside} called; Mom and ROI and older and PSH stay"
    assert _names(text) == [("Terrance Bledsoe", "7207")]


def test_a_forms_field_name_before_an_equals_sign_is_no_nickname():
    text = "First Name = Terrance\nLast Name = Bledsoe"
    assert [n for n, _ in _names(text)] == ["Terrance", "Bledsoe"]


def test_a_lower_case_word_equated_with_a_name_is_a_nickname():
    assert _names("tiny = terrance bledsoe, tiny needs a bed") == [
        ("tiny", "7207"),
        ("terrance bledsoe", "7207"),
        ("tiny", "7207"),
    ]


def test_a_street_name_written_before_the_surname_is_that_client_again_alone():
    r = Redactor([RosterEntry("7208", "Billy", "Tackett"), RosterEntry("7220", "Charlene", "Littlewolf")])
    text = "pool: Country Tackett, Charlene Littlewolf. Charlene + Country go to the CoC units"
    found = [(text[f.start : f.end], f.client_id) for f in r.redact(text).findings]
    assert ("Country Tackett", "7208") in found and found[-1] == ("Country", "7208")


def test_a_misspelt_surname_is_that_client_again_alone():
    r = Redactor([RosterEntry("7227", "Lensa", "Gudeta")])
    text = "Lensa Gudeat is in the family pool, Gudeat is HH of 2"
    found = [(text[f.start : f.end], f.client_id) for f in r.redact(text).findings]
    assert found == [("Lensa Gudeat", "7227"), ("Gudeat", "7227")]


def test_a_lower_case_word_of_a_dictated_name_is_not_taken_again():
    r = Redactor([RosterEntry("7211", "Mercy", "Flomo")])
    text = "voicemail from mercy flow mo comma she says the flow of the line was slow period"
    assert [text[f.start : f.end] for f in r.redact(text).findings] == ["mercy flow mo"]


@pytest.mark.parametrize("role", ["friend", "roommate", "landlord"])
def test_a_role_equated_with_a_name_is_no_nickname(role):
    text = f"he stays at his {role}'s place some nights ({role} = Jimmy Vo)"
    assert _names(text) == [("Jimmy Vo", None)]


_T = Redactor(
    [
        RosterEntry("7401", "William", "Tucker"),
        RosterEntry("7403", "Joy", "Pettaway"),
        RosterEntry("7440", "Darrell", "Combs"),
    ]
)


def _names_t(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _T.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "Contact w/ Country (William Tucker) at the rail yard. Country took hand warmers.",
            [("Country", "7401"), ("William Tucker", "7401"), ("Country", "7401")],
        ),
        ("BNL: 'Tiny' (Combs) — chronic, high VI-SPDAT", [("Tiny", "7440"), ("Combs", "7440")]),
    ],
)
def test_a_nickname_written_before_the_name_in_brackets_is_that_client(text, found):
    assert _names_t(text) == found


@pytest.mark.parametrize("text", ["Joy P. — we all call her Boo", "Joy Pettaway says folks call her Boo now"])
def test_what_people_call_a_client_is_that_client(text):
    assert _names_t(text)[-1] == ("Boo", "7403")


def test_what_people_call_someone_nobody_named_is_hidden_without_an_id():
    text = "Woman, approx 40s, says folks call her Mama K, wouldn't give a last name."
    assert _names_t(text) == [("Mama K", None)]


@pytest.mark.parametrize(
    "text",
    [
        "tell Joy Pettaway to call her back tomorrow",
        "Agent (Joy Pettaway) picked up",
        "Hmong interp (Joy Pettaway) said the letter is fine",
    ],
)
def test_a_role_before_a_bracketed_name_or_a_call_back_is_no_nickname(text):
    assert [n for n, _ in _names_t(text)] == ["Joy Pettaway"]


def test_a_clients_surname_that_is_a_word_is_that_client_again_with_its_capital():
    r = Redactor([RosterEntry("7413", "King", "Toe"), RosterEntry("7441", "Terrence", "Whitfield")])
    text = "Jail list today: Toe, Whitfield. Toe released at 2pm, stubbed his toe"
    found = [(text[f.start : f.end], f.client_id) for f in r.redact(text).findings]
    assert found == [("Toe", "7413"), ("Whitfield", "7441"), ("Toe", "7413")]
