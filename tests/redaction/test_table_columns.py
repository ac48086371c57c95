"""A table's header row says what its columns hold: cells under Patient, DOB, Age, Address, Phone."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor
from redaction.table_columns import column_spans

_R = Redactor()


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.type.name) for f in _R.redact(text).findings]


def test_a_cell_under_a_patient_column_is_a_name_in_any_order_of_its_words():
    out = _R.redact("Time,Patient,Reason\n09:15,Kowalski Jan,INR check").text
    assert "Kowalski" not in out and "Jan" not in out and "INR check" in out


def test_a_cell_under_a_dob_column_is_a_birth_date_however_recent():
    text = "Time,Patient,DOB,Reason\n09:30,Oyelowo Temi,2019-03-30,immunisations"
    assert ("2019-03-30", "DOB") in _found(text)


def test_a_number_under_an_age_column_is_an_age():
    text = "#\tPlayer\tAge\tPosition\n4\tIsla McKenzie\t11\tDEF"
    assert ("11", "DOB") in _found(text)


def test_the_header_row_itself_is_kept():
    text = "Name\tAge\nAmani Wekesa\t12"
    assert all("Name" not in frag and "Age" not in frag for frag, _ in _found(text))


def test_address_part_columns_count_only_beside_an_address_column():
    spans = column_spans("Item;City;Qty\nscarves;Leeds;12")
    assert spans == []


def test_quoted_csv_cells_are_read_without_their_quotes():
    text = '"Customer","Phone"\n"Ann Lee","205-555-0101"'
    assert [(text[s:e], t) for s, e, t in column_spans(text)] == [
        ("Ann Lee", PiiType.NAME),
        ("205-555-0101", PiiType.PHONE),
    ]


def test_a_name_column_cell_of_ordinary_words_or_in_brackets_is_no_name():
    text = "Time,Patient\n09:45,(cancelled)\nName,Beds\nHope House,12"
    assert column_spans(text) == []


def test_a_table_with_no_pii_column_is_left_alone():
    assert column_spans("Item,Qty,Unit price,Total\nCaesar salad,12,8.50,102.00") == []


def test_a_cell_under_a_last_four_column_is_an_ssn():
    text = "Name | DOB | Last4 | Phone\nBrandon Brooks | 1994-02-20 | 6093 | 612-555-0115"
    assert ("6093", "SSN") in _found(text)


def test_a_cell_under_an_ssn_column_that_holds_no_ssn_shape_stays():
    text = "client,ssn,notes\n4521,refused,needs bed"
    assert ("refused", "SSN") not in _found(text)


# --- a form's name field ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Surname: Hussain\nDOB: 14.08.1979", "Hussain"),
        ("Full name: ABDULLAH AL-RASHEED\nAge: 57", "ABDULLAH AL-RASHEED"),
        ("Member: DE VILLIERS, PIETER-JAN\nMember no.: 20871", "DE VILLIERS, PIETER-JAN"),
        ("2. Preferred name: Majo", "Majo"),
        ("Name: Hope", "Hope"),
    ],
)
def test_the_value_of_a_name_field_is_a_name_however_it_is_written(text, name):
    hidden = [f for f in Redactor().redact(text).findings if f.type is PiiType.NAME]
    assert hidden and hidden[0].start == text.index(name) and hidden[-1].end == text.index(name) + len(name)


def test_a_name_field_ends_at_the_next_field_on_its_line():
    text = "Name: Olumide Fashanu   DOB: 1975-03-04"
    assert Redactor().redact(text).text == "Name: [redacted]   DOB: [redacted]"


@pytest.mark.parametrize(
    "text",
    ["Veteran: Yes", "Name: unknown", "Applicant: Self", "Client: Client 4521", "Patient: see chart"],
)
def test_a_field_value_that_is_no_name_stays(text):
    assert Redactor().redact(text).text == text
