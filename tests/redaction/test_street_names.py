"""An ordinary word used as a person (opening a sentence with "he" or "her" pointing back, or owning a
DOB or a phone) is a name."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor

_R = Redactor()


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("smoke came by 4 his mail, told him we need his ID", "smoke"),
        ("red says he can be reached at his mom's", "red"),
        ("country wants a ride to the VA tmrw, hes at his sisters", "country"),
        ("Tiny texted me, he is at the hospital", "Tiny"),
    ],
)
def test_a_word_that_opens_the_sentence_as_a_person_is_a_street_name(text, name):
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "mail came for his sister",  # no person's verb
        "landlord called, he wants the rent",  # who else calls
        "staff said he left early",
        "still says he wants his ID",  # an adverb, not a subject
        "bus came by late, he missed it",
        "shelter called and said the bed is open",  # nobody pointed back at
    ],
)
def test_nouns_and_adverbs_that_do_the_same_stay_words(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("smoke's dob is 030471 in the jail system", "smoke"), ("red's cell died again", "red")],
)
def test_a_word_that_owns_a_dob_or_a_phone_is_a_street_name(text, name):
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    ["client's dob is wrong", "shelter's number is on the card", "today's number is 40", "the van's number"],
)
def test_what_people_and_things_own_is_not_a_name(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Found Red sleeping in the vestibule of the bank again", "Red"),
        ("saw Smoke panhandling at the exit ramp", "Smoke"),
        ("left Country sitting at the bus shelter with a blanket", "Country"),
    ],
)
def test_a_capitalised_word_outreach_found_doing_what_people_do_is_a_street_name(text, name):
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    ["found smoke coming out of the vent", "saw the red sleeping bag by the door", "saw Red Cross staff"],
)
def test_a_thing_found_doing_something_is_no_one(text):
    assert _names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("0915 Little Man at the skate park, wants a job referral", "Little Man"),
        ("folks call her Mama K down at the camp", "Mama K"),
        ("mama k says thank u for the coats", "mama k"),
        ("Baby Girl is staying with her aunt again", "Baby Girl"),
    ],
)
def test_a_describing_word_and_a_capitalised_word_or_an_initial_are_a_street_name(text, name):
    assert name in _names(text)


@pytest.mark.parametrize(
    "text",
    ["we went to Little Earth and then Big Lots", "the Young Adult program", "mama a lot of you asked"],
)
def test_a_place_or_program_named_with_a_describing_word_is_no_one(text):
    assert not any(n.split()[0].lower() in ("little", "big", "young", "mama") for n in _names(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [("peanut's PO called, wants her at 2", "peanut"), ("smoke's tent got taken in the sweep", "smoke")],
)
def test_an_ordinary_word_that_owns_a_probation_officer_or_a_tent_is_a_street_name(text, name):
    assert _names(text) == [name]


def test_a_things_probation_officer_is_no_one():
    assert _names("the county's PO called back") == []


def test_a_word_no_list_has_that_opens_a_sentence_and_says_is_a_name():
    assert _names("Yazzy says hi to everyone from Chinle") == ["Yazzy"]


@pytest.mark.parametrize("text", ["I've asked staff to write full names", "Minh said he'd cover intake"])
def test_a_contraction_or_a_listed_given_name_is_left_to_the_name_rules(text):
    assert "I've" not in _names(text)
    r = Redactor(colleagues=["Minh Tran"])
    assert [f for f in r.redact(text).findings if f.type is PiiType.NAME] == []
