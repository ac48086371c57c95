"""Numbers dictated or typed out in words are PII just as digits are."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor
from redaction.spoken_numbers import digitise

_R = Redactor()


def _hidden(text: str) -> list[tuple[str, PiiType]]:
    return [(text[f.start : f.end], f.type) for f in _R.redact(text).findings]


def test_a_phone_number_read_out_digit_by_digit_is_a_phone():
    text = "you can reach him at six one two five five five zero one four three after five"
    assert _hidden(text) == [("six one two five five five zero one four three", PiiType.PHONE)]


def test_a_phone_number_read_in_groups_with_commas_is_a_phone():
    text = "her cell is two oh six, five five five, oh one nine nine"
    assert _hidden(text) == [("two oh six, five five five, oh one nine nine", PiiType.PHONE)]


def test_an_ssn_read_out_with_dashes_is_an_ssn():
    text = "social is five one two dash four four dash nine eight seven six"
    assert _hidden(text) == [("five one two dash four four dash nine eight seven six", PiiType.SSN)]


def test_the_last_four_read_out_are_an_ssn():
    assert _hidden("the last four are three three one eight") == [("three three one eight", PiiType.SSN)]


def test_a_birth_date_in_words_with_an_ordinal_day_and_a_spoken_year_is_a_dob():
    text = "date of birth is march twenty second nineteen eighty four"
    assert _hidden(text) == [("march twenty second nineteen eighty four", PiiType.DOB)]


def test_a_birth_date_read_as_three_numbers_after_a_birth_cue_is_a_dob():
    assert _hidden("his birthday is six nineteen seventy seven") == [
        ("six nineteen seventy seven", PiiType.DOB)
    ]


def test_a_birth_month_and_a_spoken_year_after_born_is_a_dob():
    assert _hidden("she was born in may of eighty one") == [("may of eighty one", PiiType.DOB)]


def test_a_house_number_in_words_makes_a_street_address():
    text = "staying at twenty two fifteen pine ridge road this week"
    assert _hidden(text) == [("twenty two fifteen pine ridge road", PiiType.ADDRESS)]


def test_one_number_word_in_a_sentence_stays_a_word():
    assert digitise("one of the two beds is open") is None


def test_an_ordinal_away_from_a_month_stays_a_word():
    assert digitise("he lives on the second floor, first door") is None


def test_oclock_is_not_a_zero():
    assert digitise("meet at five o'clock") is None


def test_hundreds_and_thousands_read_as_one_number():
    assert digitise("two thousand and five").text == "2005"
    assert digitise("four hundred twelve").text == "412"


# --- numbers after a cue, however they are grouped and spaced --------------------------------------


def test_an_ssn_read_in_spaced_digits_with_full_stops_between_groups_is_an_ssn():
    text = "For the record the social security number is 8 2 2. 2 2. 5 4 1 8."
    assert _hidden(text) == [("8 2 2. 2 2. 5 4 1 8", PiiType.SSN)]


def test_an_ssn_with_dash_said_as_a_word_between_digit_groups_is_an_ssn():
    assert _hidden("ssn 456 dash 78 dash 9012") == [("456 dash 78 dash 9012", PiiType.SSN)]
    assert _hidden("SS number: 6 1 9 hyphen 6 1 hyphen 4 4 3 5") == [
        ("6 1 9 hyphen 6 1 hyphen 4 4 3 5", PiiType.SSN)
    ]


def test_an_ssn_with_dictation_pauses_between_groups_is_an_ssn():
    text = "her soc sec is one twenty-four, , six nine, , five three zero two."
    assert _hidden(text) == [("one twenty-four, , six nine, , five three zero two", PiiType.SSN)]
    assert _hidden("social reads 5 5 8 ... 5 8 ... 5 5 1 2") == [("5 5 8 ... 5 8 ... 5 5 1 2", PiiType.SSN)]


def test_an_ssn_after_a_comma_or_a_verb_following_the_cue_is_an_ssn_not_a_phone():
    text = "Her Social Security number is, eight four two seven, four seven two seven eight."
    assert _hidden(text) == [("eight four two seven, four seven two seven eight", PiiType.SSN)]
    assert _hidden("He gave his SS number as 515. 26. 3099.") == [("515. 26. 3099", PiiType.SSN)]


def test_an_ssn_followed_straight_by_a_birth_date_keeps_the_date_apart():
    assert _hidden("ssn 456 78 9012, 3 4 88")[0] == ("456 78 9012", PiiType.SSN)


def test_spaced_numbers_after_the_sentence_with_the_ssn_cue_stay():
    assert _hidden("SSN card is still missing. Room 2 1 4 has 3 beds") == []


def test_a_phone_read_with_dashes_as_words_or_spaced_dashes_is_a_phone():
    assert _hidden("best number 320 dash 349 dash 8118") == [("320 dash 349 dash 8118", PiiType.PHONE)]
    assert _hidden("telephone: 218 - 744 - 7375") == [("218 - 744 - 7375", PiiType.PHONE)]
    assert _hidden("you can reach her at 9 5 2 ... 8 7 3 ... 7 5 2 6") == [
        ("9 5 2 ... 8 7 3 ... 7 5 2 6", PiiType.PHONE)
    ]


def test_a_phone_read_in_words_with_full_stops_is_a_phone():
    text = "the telephone on file is Six one two. nine, six, three. five three seven eight"
    assert _hidden(text) == [("Six one two. nine, six, three. five three seven eight", PiiType.PHONE)]


def test_spaced_counts_after_a_phone_word_are_not_a_phone():
    assert _hidden("called 3 times, 2 no answer, 1 voicemail") == []


# --- birth dates said in words ---------------------------------------------------------------------


def test_a_month_then_a_plain_day_then_a_spoken_year_is_a_dob():
    text = "date of birth is December sixteen nineteen seventy two"
    assert _hidden(text) == [("December sixteen nineteen seventy two", PiiType.DOB)]
    assert _hidden("DOB April ten two thousand five") == [("April ten two thousand five", PiiType.DOB)]


def test_a_birth_date_said_with_slash_as_a_word_is_a_dob():
    assert _hidden("date of birth one slash thirty slash ninety") == [
        ("one slash thirty slash ninety", PiiType.DOB)
    ]


def test_a_month_and_a_spoken_year_stay_a_month_and_year():
    assert digitise("born in march nineteen ninety").text == "born in march 1990"


def test_a_birth_date_written_with_spaces_for_slashes_after_a_cue_is_a_dob():
    assert _hidden("DOB is 11 25 1976") == [("11 25 1976", PiiType.DOB)]
    assert _hidden("Her date of birth is 05 20 44.") == [("05 20 44", PiiType.DOB)]


def test_three_spaced_numbers_without_a_birth_cue_stay():
    assert _hidden("we need 12 25 40 gallon bags for the move") == []
    assert _hidden("date of birth is on file; beds 13 40 99 are open") == []


def test_an_ssn_said_after_whose_it_is_is_an_ssn():
    text = "Social Security number for Ahmed Ali is four five six, seven eight nine, zero one two"
    assert ("four five six, seven eight nine, zero one two", PiiType.SSN) in _hidden(text)
    assert _hidden("SSN for the client: 456 7890 12") == [("456 7890 12", PiiType.SSN)]


def test_a_phone_later_in_a_message_that_names_the_ssn_stays_a_phone():
    assert _hidden("SSN for the housing application, call 612 555 0143") == [("612 555 0143", PiiType.PHONE)]


def test_dotted_field_abbreviations_are_not_initials():
    assert _hidden("S.S.N. four five six seven eight nine zero one two") == [
        ("four five six seven eight nine zero one two", PiiType.SSN)
    ]


def test_digit_words_typed_with_hyphens_between_them_are_one_group():
    folded = digitise("social is four-five-six, seven-eight, nine-one-two-three")
    assert folded is not None and folded.text == "social is 456 78 9123"


def test_a_dictated_ssn_in_groups_after_my_social_is_an_ssn():
    text = "my social is four five six, seven eight, nine one two three"
    assert _hidden(text) == [("four five six, seven eight, nine one two three", PiiType.SSN)]


def test_an_ssn_said_as_tens_is_an_ssn():
    text = "ssn is four fifty-six, seventy-eight, ninety-one twenty-three"
    assert _hidden(text) == [("four fifty-six, seventy-eight, ninety-one twenty-three", PiiType.SSN)]


def test_a_compound_number_keeps_its_hyphen_reading():
    assert digitise("she is forty-five and has twenty-two cats").text == "she is 45 and has 22 cats"


def test_a_dictation_pause_between_the_groups_of_an_ssn_keeps_it_one_ssn():
    text = "social is four five six, um, seven eight, uh, nine one two three"
    assert _hidden(text) == [("four five six, um, seven eight, uh, nine one two three", PiiType.SSN)]


def test_spoken_punctuation_between_the_groups_is_a_pause():
    folded = digitise("ssn four five six period seven eight period nine one two three")
    assert folded is not None and folded.text == "ssn 456 78 9123"


def test_a_filler_between_two_counts_makes_no_number():
    assert _hidden("she has two um three kids") == []


# --- issue #16, fourth round: SSNs dictated the way speech to text writes them ---------------------------


def test_a_digit_heard_as_to_or_for_inside_a_long_run_is_the_digit():
    text = "social is five five five to one for four three three"
    assert _hidden(text) == [("five five five to one for four three three", PiiType.SSN)]


def test_a_phone_with_a_digit_heard_as_to_is_still_a_phone():
    text = "call her back at six one to five five five oh one four three"
    assert _hidden(text) == [("six one to five five five oh one four three", PiiType.PHONE)]


@pytest.mark.parametrize("text", ["two for one, three for five", "five to ten people came", "room for two"])
def test_to_and_for_between_a_few_numbers_stay_words(text):
    assert _hidden(text) == []


def test_thousands_with_hundreds_read_as_one_number():
    assert digitise("four thousand four hundred thirty three").text == "4433"
    said = "five hundred fifty five, twenty one, four thousand four hundred thirty three"
    assert _hidden(f"social security number {said}") == [(said, PiiType.SSN)]


def test_a_masked_ssn_whose_last_four_are_said_is_an_ssn():
    assert _hidden("SSN XXX-XX-four four three three") == [("XXX-XX-four four three three", PiiType.SSN)]
    assert _hidden("ssn ex ex ex ex ex four four three three") == [
        ("ex ex ex ex ex four four three three", PiiType.SSN)
    ]


def test_digits_read_one_at_a_time_with_a_pause_after_each_are_one_number():
    text = "the last four of his social are nine, nine, one, two"
    assert _hidden(text) == [("nine, nine, one, two", PiiType.SSN)]


@pytest.mark.parametrize(
    "said",
    [
        "five five five, then two one, then four four three three",
        "five five five space two one space four four three three",
    ],
)
def test_then_or_space_said_between_the_groups_of_an_ssn_is_a_pause(said):
    assert _hidden(f"social security number is {said}") == [(said, PiiType.SSN)]


def test_then_between_two_counts_makes_no_finding():
    assert _hidden("two then three beds opened up") == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        (
            "her work line is seven six three five five five zero one six two extension four at the hotel",
            "seven six three five five five zero one six two extension four",
        ),
        (
            "write down this number plus one six five one five five five zero one four three it's her cell",
            "plus one six five one five five five zero one four three",
        ),
        ("write down plus 1 651 555 0143 it's her cell", "plus 1 651 555 0143"),
    ],
)
def test_a_dictated_plus_or_extension_is_part_of_the_phone(text, phone):
    assert _hidden(text) == [(phone, PiiType.PHONE)]


def test_a_phone_number_read_with_dots_between_its_groups_is_a_phone():
    text = "his phone six one two dot five five five dot zero one four two"
    assert _hidden(text) == [("six one two dot five five five dot zero one four two", PiiType.PHONE)]
