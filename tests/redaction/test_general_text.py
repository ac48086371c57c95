"""Ordinary text with no roster (letters, forms, tickets): any person's name is PII, whatever its origin."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor

_R = Redactor()


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.NAME]


def test_a_greeted_name_in_ordinary_text_is_a_person():
    assert _names("Hi Bongani,\nYour parcel is on its way.") == ["Bongani"]


def test_a_signature_after_a_closing_is_a_person():
    assert _names("Kind regards,\nYerlan Abenov") == ["Yerlan Abenov"]


def test_a_name_after_a_form_label_is_a_person():
    assert _names("Name: Aroha Ngata\nDOB: 04/05/1990") == ["Aroha Ngata"]


def test_a_third_capitalised_part_of_a_name_is_part_of_it():
    assert _names("ask Tenzin Norgay Sherpa at the desk") == ["Tenzin Norgay Sherpa"]


def test_a_name_no_list_knows_as_the_subject_of_a_verb_is_a_person():
    assert _names("Ngozika stopped by again") == ["Ngozika"]


def test_a_user_name_made_of_a_name_is_a_name():
    assert _names("mike_kowalczyk replied to the thread") == ["mike_kowalczyk"]


def test_a_forum_handle_without_a_name_is_not_one():
    assert _names("u/quietfern said the shelter was full") == []


@pytest.mark.parametrize(
    "text",
    [
        "Wells Fargo closed the account",
        "Johnson & Johnson makes the wipes",
        "she drives a Ford Mustang",
        "the Paris Agreement was signed",
        "read Rich Dad Poor Dad",
    ],
)
def test_companies_and_titles_made_of_name_words_are_not_people(text):
    assert _names(text) == []


def test_a_lower_case_dictionary_word_after_with_is_not_a_surname():
    assert _names("presents with cough and fever") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thanks,\nMark", "Mark"),
        ("— Joy", "Joy"),
        ("Contact: Hope", "Hope"),
        ("Mark said the order shipped", "Mark"),
        ("I spoke with Will at the front desk", "Will"),
    ],
)
def test_an_english_word_first_name_is_a_person_by_its_use_in_ordinary_text(text, name):
    assert _names(text) == [name]


def test_a_rare_capitalised_word_acting_as_a_person_is_a_name():
    assert _names("our agent Faisal will call you back") == ["Faisal"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Abdullah al-Harbi called about it", "Abdullah al-Harbi"),
        ("Siobhán Ó Briain signed the lease", "Siobhán Ó Briain"),
        ("Rhys ap Gruffydd is the new principal", "Rhys ap Gruffydd"),
        ("we met with park ji-hoon yesterday", "park ji-hoon"),
    ],
)
def test_names_with_particles_of_many_origins_are_one_name(text, name):
    assert _names(text) == [name]


@pytest.mark.parametrize("word", ["x-ray", "co-op", "follow-up", "check-in", "walk-in"])
def test_hyphenated_english_words_are_not_names(word):
    assert _names(f"the {word} is today") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I spoke with Officer Delgado this morning.", "Delgado"),
        ("According to Judge Whitfield, the hearing is postponed.", "Whitfield"),
        ("My aunt Grace is visiting.", "Grace"),
    ],
)
def test_a_capitalised_name_after_a_role_or_kinship_title_is_a_person(text, name):
    assert _names(text) == [name]


def test_a_role_or_kinship_word_without_a_name_stays():
    assert _names("The judge ruled for us. Her uncle is in town. Officer on duty: none.") == []
    assert _names("Sister Kenny Institute has openings.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She goes by Tink.", "Tink"),
        ("He asked us to call him Tony.", "Tony"),
        ("Her preferred name is Sunny.", "Sunny"),
    ],
)
def test_the_name_someone_goes_by_is_a_person(text, name):
    assert _names(text) == [name]


def test_naming_words_before_an_ordinary_word_in_lower_case_stay():
    assert _names("we call him back tomorrow, the file is named intake.pdf") == []


@pytest.mark.parametrize("text", ["Dear Femi,\nCongratulations!", "Hi Avital, yes it is free."])
def test_a_greeted_word_no_list_knows_as_a_name_is_still_a_person(text):
    assert _names(text) == [text.split()[1].rstrip(",")]


def test_two_greeted_names_are_both_people():
    assert _names("Hi Aroha and Tane,\nYou're booked.") == ["Aroha", "Tane"]


def test_a_word_signing_after_a_closing_is_a_person():
    assert _names("See you then.\n\nThanks,\nPieter") == ["Pieter"]


def test_a_name_alone_on_the_last_line_signs_the_message():
    assert _names("Call me on the landline and we'll set up a viewing.\nJoost") == ["Joost"]


@pytest.mark.parametrize(
    "text",
    [
        "Dear Grandad,\n\nThank you for the book!",
        "Postcard\nGreetings from Marrakech!",
        "Registration — Jakarta language school",
        "Thanks,\nFacilities",
    ],
)
def test_kin_greetings_dashed_headings_and_ordinary_words_are_not_signatures(text):
    assert _names(text) == []


def test_in_a_case_conference_a_greeted_name_stays_a_colleagues():
    staffed = Redactor(known_words=["Keisha"])
    text = "Hi Avital, can you check the van?"
    assert [f for f in staffed.redact(text).findings if f.type is PiiType.NAME] == []
