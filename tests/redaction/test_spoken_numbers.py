"""Numbers dictated or typed out in words are PII just as digits are."""

from __future__ import annotations

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
