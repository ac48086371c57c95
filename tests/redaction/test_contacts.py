"""Phone numbers and emails in every way people write them; agencies' public numbers stay readable."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor([RosterEntry("77", "Lucía", "Ferrer")])


def _hidden(text: str) -> list[tuple[str, PiiType]]:
    return [(text[f.start : f.end], f.type) for f in _R.redact(text).findings]


def test_an_email_with_accented_letters_is_one_email():
    assert _hidden("escríbele a lucía.ferrer@correo.es hoy") == [("lucía.ferrer@correo.es", PiiType.EMAIL)]


def test_an_email_written_out_after_email_is_is_one_finding_with_no_client_id():
    text = "her email is lucia ferrer dot 71 at gmail dot com"
    red = _R.redact(text)
    assert [(text[f.start : f.end], f.type, f.client_id) for f in red.findings] == [
        ("lucia ferrer dot 71 at gmail dot com", PiiType.EMAIL, None)
    ]


@pytest.mark.parametrize(
    "address",
    ["ferrer.l (at) yahoo (dot) com", "ferrer.l [at] yahoo [dot] com", "lferrer71 AT gmail DOT com"],
)
def test_an_email_with_at_and_dot_in_words_or_brackets_is_an_email(address):
    assert _hidden(f"write to {address} please") == [(address, PiiType.EMAIL)]


def test_a_webmail_user_name_is_as_good_as_the_address():
    assert _hidden("her gmail is lferrer71") == [("lferrer71", PiiType.EMAIL)]


def test_working_at_a_webmail_company_is_not_an_email():
    assert _hidden("her brother works at yahoo") == []


@pytest.mark.parametrize("number", ["010-5555-0134", "07700 900123", "+44 20 7946 0958", "+52 55 1234 5678"])
def test_phone_numbers_outside_north_america_are_phones(number):
    assert _hidden(f"her number back home is {number}") == [(number, PiiType.PHONE)]


@pytest.mark.parametrize("number", ["(612) 555-0143 ext. 22", "612.555.0143 x204", "612-555-0143, ext 5"])
def test_an_extension_is_part_of_the_phone(number):
    assert _hidden(f"reach her at {number} today") == [(number, PiiType.PHONE)]


def test_a_toll_free_number_is_an_agency_line_and_stays():
    assert _hidden("the shelter line is 1-800-555-0199, open all night") == []


def test_a_number_called_a_hotline_stays():
    assert _hidden("crisis line: 612-555-0100") == []


def test_a_personal_number_next_to_a_hotline_is_still_hidden():
    assert _hidden("his cell 612-555-0122 (not the hotline)") == [("612-555-0122", PiiType.PHONE)]


def test_a_date_with_a_leading_zero_is_not_a_foreign_phone():
    assert _hidden("court moved to 01-02-2023") == []


def test_a_dictated_email_keeps_its_spoken_user_part():
    assert _hidden("reach her at l ferrer 71 at gmail dot com") == [
        ("l ferrer 71 at gmail dot com", PiiType.EMAIL)
    ]


def test_nine_digits_grouped_oddly_after_an_ssn_cue_are_an_ssn():
    assert _hidden("ssn 512 449 876 per the card") == [("512 449 876", PiiType.SSN)]


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("his ss is 4193 76205", "4193 76205"),
        ("ss # 419 376 205", "419 376 205"),
        ("SS: 419 37 62 05", "419 37 62 05"),
    ],
)
def test_a_bare_ss_that_says_a_number_follows_is_an_ssn_cue(text, ssn):
    assert _hidden(text) == [(ssn, PiiType.SSN)]


def test_ss_as_a_word_is_no_cue_for_a_number_further_on():
    assert _hidden("ss is a jerk, call 612 555 0143") == [("612 555 0143", PiiType.PHONE)]


@pytest.mark.parametrize("phone", ["(612) 555 - 0143", "612/555-0143", "612 - 555 - 0143", "(612)-555-0143"])
def test_a_us_number_with_spaced_or_slashed_separators_is_a_phone(phone):
    assert _hidden(f"reach her at {phone} after 5") == [(phone, PiiType.PHONE)]


def test_a_slash_between_numbers_that_are_no_phone_is_left_alone():
    assert _hidden("scored 100/555 1234 on the tests") == []


def test_ten_digits_grouped_oddly_after_a_phone_cue_are_a_phone():
    assert _hidden("her cell 61 25 55 01 43") == [("61 25 55 01 43", PiiType.PHONE)]


def test_digits_typed_one_by_one_are_one_number():
    assert _hidden("social is 5 1 2 4 4 9 8 7 6") == [("5 1 2 4 4 9 8 7 6", PiiType.SSN)]


def test_the_last_four_after_ends_in_near_an_ssn_cue_are_an_ssn():
    assert _hidden("the SSN on file ends in 3318") == [("3318", PiiType.SSN)]


def test_an_ssn_cue_spelled_as_letters_counts():
    assert _hidden("S S N is 3318") == [("3318", PiiType.SSN)]


def test_a_phone_number_after_an_earlier_ssn_stays_a_phone():
    text = "SSN 517-29-4836, DOB 11/27/1983, call 612-555-0143"
    assert [t for _, t in _hidden(text)] == [PiiType.SSN, PiiType.DOB, PiiType.PHONE]


def test_an_extension_after_a_national_number_is_part_of_the_phone():
    assert _R.redact("call 01738 555 441 ext 207 please").text == "call [redacted] please"


def test_a_number_dialled_with_the_international_00_prefix_is_one_phone():
    assert _R.redact("London: 0044 20 7946 0961").text == "London: [redacted]"


def test_a_two_digit_area_code_in_brackets_makes_a_phone_but_a_span_of_years_does_not():
    assert _R.redact("Telefone: (21) 5555-0198.").text.endswith("[redacted].")
    assert _R.redact("seasons (12) 2020-2021").text == "seasons (12) 2020-2021"


def test_a_run_of_digit_groups_too_long_for_one_number_is_read_the_same_before_and_after_redaction():
    once = _R.redact("00 0000000 206-555-0143").text
    assert _R.redact(once).findings == ()


def test_a_number_called_from_is_the_callers_even_near_a_front_desk():
    assert _R.redact("He has called the front desk twice from 612-555-0102.").text == (
        "He has called the front desk twice from [redacted]."
    )
    assert _R.redact("call the front desk at 612-555-0100").findings == ()


def test_ten_digits_in_pairs_after_a_hash_are_a_phone():
    assert (
        _R.redact("new # is 612 555 01 28, dont give it out").text == "new # is [redacted], dont give it out"
    )


@pytest.mark.parametrize(
    "text",
    [
        "ok she called the front desk, wants a callback at 763.555.0134",
        "left a msg at the front desk: text her at 612-555-0134",
    ],
)
def test_a_number_to_call_someone_back_at_is_theirs_even_near_a_front_desk(text):
    assert [kind for _, kind in _hidden(text)] == [PiiType.PHONE]


@pytest.mark.parametrize("text", ["txt her at 555-0163 she said the 651 is implied", "call him at 555-0163"])
def test_seven_digits_after_text_or_call_someone_at_are_a_phone(text):
    assert _hidden(text) == [("555-0163", PiiType.PHONE)]
