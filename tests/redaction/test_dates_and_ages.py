"""Dates of birth however they are written, and the ages that say as much."""

from __future__ import annotations

import datetime

import pytest

from redaction import PiiType, Redactor
from redaction.patterns import parse_date

_R = Redactor()


def _dob(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.DOB]


def test_a_month_only_birthday_is_a_dob():
    assert _dob("her birthday is in October") == ["October"]


def test_a_birthday_named_after_the_date_is_a_dob():
    assert _dob("says 7/9 is his real birthday") == ["7/9"]


@pytest.mark.parametrize(
    ("text", "date"), [("born in 79", "79"), ("b. '79", "'79"), ("born in April of 79", "April of 79")]
)
def test_a_two_digit_birth_year_after_a_birth_cue_is_a_dob(text, date):
    assert _dob(text) == [date]


@pytest.mark.parametrize(
    ("text", "date"), [("dob 7 9 79", "7 9 79"), ("dob 070979", "070979"), ("bdate 7/9", "7/9")]
)
def test_dates_typed_with_spaces_or_no_separator_after_a_birth_cue_are_a_dob(text, date):
    assert _dob(text) == [date]


def test_a_birth_year_after_sex_in_a_list_is_a_dob():
    assert _dob("2. K.T. (F, 1979) needs boots") == ["1979"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("she is 68 and alone", "68"),
        ("hes 45", "45"),
        ("turning 30 friday", "30"),
        ("age 9", "9"),
        ("51 y.o.", "51"),
    ],
)
def test_an_age_said_of_a_person_is_hidden(text, age):
    assert _dob(text) == [age]


def test_an_age_right_after_a_name_is_hidden():
    assert _dob("Tomasz Lis, 61, needs a walker") == ["61"]


@pytest.mark.parametrize(
    "text", ["she is 5 minutes away", "he was 30 days sober", "for the 17 year old", "unit 12"]
)
def test_numbers_that_are_not_ages_stay(text):
    assert _dob(text) == []


def test_a_spelled_out_age_is_hidden():
    assert _dob("she is fifty nine years old") == ["fifty nine"]


@pytest.mark.parametrize(
    ("text", "age"),
    [("A 34-year-old Pell City man was arrested", "34"), ("Pt is a 67 y/o female", "67")],
)
def test_an_age_with_an_article_counts_when_a_person_word_follows(text, age):
    assert _dob(text) == [age]


def test_an_age_with_an_article_before_a_thing_is_no_ones_age():
    assert _dob("she drives a 10-year-old Honda") == []


def test_at_the_age_of_is_an_age():
    assert _dob("he died at the age of 72.") == ["72"]


def test_now_before_an_age_after_a_name_is_still_an_age():
    assert _dob("Moana Tuhiwai, now 61, said she cried") == ["61"]


def test_a_childs_age_after_a_name_counts_with_its_unit():
    assert _dob("Adaeze Okafor, 4 years, brought by mum") == ["4"]


def test_a_small_number_after_a_name_without_a_unit_is_no_age():
    assert _dob("Maria Lopez, 3 bags at the front desk") == []


def test_the_first_year_of_a_life_span_after_a_name_is_a_birth_year():
    assert _dob("OBITUARY: Fatou Ndiaye (1952–2025)") == ["1952"]


def test_a_nineteenth_century_year_after_born_is_a_birth_year():
    assert _dob("Nora, born 1889 in Kenmare") == ["1889"]


@pytest.mark.parametrize(
    "date", ["17 avril 1968", "3 março 1971", "12 dicembre 1980", "4 Oktober 1966", "9 février 1990"]
)
def test_a_birth_date_with_a_french_portuguese_italian_or_german_month_is_a_dob(date):
    assert _dob(f"né le {date}, à Lyon") == [date]


def test_an_ordinal_day_of_the_month_is_one_date_with_its_article():
    assert _dob("I was born on the 9th day of October, 1979 at Owerri.") == ["the 9th day of October, 1979"]


@pytest.mark.parametrize(("text", "age"), [("pt is 34yo male", "34yo"), ("shes 41yrs old", "41yrs")])
def test_an_age_with_its_unit_glued_on_is_hidden_whole(text, age):
    assert age in _dob(text)


def test_a_number_glued_to_other_letters_is_not_widened():
    assert _dob("room 12b, age 34") == ["34"]


def test_yob_is_a_birth_cue_not_a_name():
    assert _R.redact("yob 1989 per the ID").text == "yob [redacted] per the ID"


def test_a_date_after_a_forms_leader_dots_is_read():
    assert _dob("Name..........W. Begaye\nDOB...........06/30/1963") == ["06/30/1963"]


def test_a_decimal_point_before_digits_is_no_leader():
    assert _dob("DOB on file; version 1.06/30/1963 of the form") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Omar bin Saleh|430598127|19761010|M", "19761010"),
        ("Tsegaye,Bekele,08011969,M", "08011969"),
        ("Yasmin\tal-Khatib\t19970418", "19970418"),
        ("ID 70141 | HUSSEIN, AHMED | 19790412 | SSN on file", "19790412"),
    ],
)
def test_eight_digits_filling_a_cell_of_a_delimited_row_are_a_dob(text, date):
    assert _dob(text) == [date]


@pytest.mark.parametrize(
    "text",
    ["order 19761010 shipped", "invoice 20240110, total 45, paid", "id|created|n\n7|20250110|3"],
)
def test_eight_digits_outside_a_row_or_a_recent_date_in_one_stay(text):
    assert _dob(text) == []


@pytest.mark.parametrize(
    ("digits", "day"), [("19761010", (1976, 10, 10)), ("04121979", (1979, 4, 12)), ("030471", (1971, 3, 4))]
)
def test_a_compact_date_reads_year_first_when_it_can_else_month_first(digits, day):
    assert parse_date(digits) == datetime.date(*day)


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("Date of Birth (DD/MM/YYYY as written by client): 30/11/1985", "30/11/1985"),
        ("DOB 00/00/1971 (only the year is known)", "00/00/1971"),
    ],
)
def test_a_dob_behind_a_forms_note_or_with_an_unknown_day_is_hidden(text, dob):
    assert _dob(text) == [dob]


def test_a_note_in_brackets_does_not_make_another_date_a_birth_date():
    assert _dob("rent due (paid by client): 3/1/2025") == []


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("inmate HOLLIS, DOB 10/08/1979, released 12/06/2026 06:00 to the street", ["10/08/1979"]),
        ("Pt Michael Bryant, DOB 11/23/1968, admitted 12/1 for cellulitis", ["11/23/1968"]),
        ("DOB 2/14/85. 14-day notice dated 12/4.", ["2/14/85"]),
    ],
)
def test_a_birth_cue_belongs_to_the_date_right_after_it_not_to_a_later_one(text, dob):
    assert _dob(text) == dob


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("no that's the other Marisol, the '99 one", "'99"),
        ("ticket says he was flagged as a dup of the 1969 one", "1969"),
        ("Family room: Marisol R. + 2 kids (the 1987 Marisol)", "1987"),
        ("Marisol la joven (nacida en el 99) dice que no es ella", "99"),
        ("Sol (la del 87) dice que su número nuevo es otro", "87"),
        ("no es la misma Marisol del '87, ojo con HMIS", "'87"),
    ],
)
def test_a_birth_year_that_tells_two_people_apart_is_a_dob(text, year):
    assert _dob(text) == [year]


@pytest.mark.parametrize(
    "text",
    ["the 2025 Housing Inventory count is due, and the 2019 one too", "moved in back in '19, she says"],
)
def test_a_recent_year_or_a_year_of_something_else_is_no_dob(text):
    assert _dob(text) == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Contact w/ Country (William Tucker), 67, vet. Declined shelter", "67"),
        ("BNL: Rose Flaherty ('Red') — 74, medically fragile", "74"),
        ("Call: Pat Dorsey, 70 this spring, wants senior housing info", "70"),
        ("Rose Flaherty is 74 she cannot be out in this", "74"),
    ],
)
def test_an_age_after_a_name_its_brackets_or_a_dash_is_a_dob(text, age):
    assert _dob(text) == [age]


def test_a_number_after_a_name_and_in_is_no_age():
    assert _dob("Pat Dorsey is 70 in the queue for the list") == []


def test_an_age_said_in_spanish_is_a_dob():
    assert _dob("Yesenia tiene 32 años y tres hijos, necesita family shelter") == ["32"]
    assert _dob("cumple 60 años el viernes") == ["60"]


def test_years_ago_in_spanish_are_no_age():
    assert _dob("hace 10 años que vive aquí, tiene 3 hijos") == []
