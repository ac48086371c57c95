"""A file is scanned like a message, a spreadsheet cell by cell with its header as context, and a
spreadsheet's de-identified copy keeps the meeting going with client IDs and no PII."""

from __future__ import annotations

import csv
import io

import openpyxl

from bot.files.columns import Column, classify
from bot.files.content import Extracted, Kind, Sheet
from bot.files.deidentify import build_copy
from bot.files.limits import FileLimits
from bot.files.read import read_bytes
from bot.files.scan import scan
from redaction import Redactor
from tests.bot.files import makers

LIMITS = FileLimits()


def scanned(data: bytes, redactor: Redactor, name: str = "list.xlsx"):  # type: ignore[no-untyped-def]
    content = read_bytes(data, limits=LIMITS)
    assert content.problem is None
    return content, scan(content, name=name, redact=redactor.redact)


def test_headers_name_what_a_column_holds_in_any_spelling() -> None:
    assert [classify(h) for h in ("First Name", "first_name", "FirstName", "FNAME")] == [
        Column.FIRST_NAME
    ] * 4
    assert [classify(h) for h in ("D.O.B.", "Date of Birth", "DOB")] == [Column.DOB] * 3
    assert classify("Last 4 of SSN") is Column.SSN and classify("Client Phone (cell)") is Column.PHONE
    assert classify("PersonalID") is Column.CLIENT_ID and classify("Program") is Column.OTHER
    assert classify("SSNDataQuality") is Column.OTHER  # HMIS quality codes are not PII
    assert classify("Case Manager") is Column.OTHER  # staff, whose first names stay readable


def test_a_column_headed_dob_makes_its_cells_pii_whatever_they_look_like(redactor: Redactor) -> None:
    _, verdict = scanned(b"Program,DOB\nRRH,sometime in spring\nPSH,\n", redactor, "x.csv")
    assert verdict.kinds == ("DOB",)


def test_an_hmis_export_is_pii_and_names_its_clients(redactor: Redactor) -> None:
    _, verdict = scanned(makers.xlsx(makers.by_name_rows(5)), redactor)
    assert set(verdict.kinds) >= {"NAME", "DOB", "SSN", "PHONE"}
    assert "777001" in verdict.client_ids


def test_without_an_id_column_the_roster_says_which_client_a_row_is(redactor: Redactor) -> None:
    data = makers.xlsx(
        [("Zephyrinaqa", "Vorthmundsen", "11/27/1983", "RRH"), ("Quillimara", "Drostvenhelm", "", "PSH")],
        header=("First Name", "Last Name", "DOB", "Program"),
    )
    _, verdict = scanned(data, redactor)
    (plan,) = verdict.plans
    assert plan.row_ids == {1: "777001", 2: None}
    assert verdict.client_ids == ("777001",)


def test_a_clean_sheet_and_a_clean_document_have_no_pii(redactor: Redactor) -> None:
    _, verdict = scanned(
        makers.xlsx([("RRH", "12"), ("PSH", "4")], header=("Program", "Open slots")), redactor
    )
    assert not verdict.has_pii
    _, verdict = scanned(makers.docx(body="Agenda: housing updates, then next steps."), redactor, "a.docx")
    assert not verdict.has_pii


def test_documents_are_scanned_like_messages(redactor: Redactor) -> None:
    _, verdict = scanned(
        makers.pdf(["Met with Zephyrinaqa Vorthmundsen, she is doing well."]), redactor, "n.pdf"
    )
    assert verdict.kinds == ("NAME",) and verdict.client_ids == ("777001",)


def test_the_file_name_is_scanned_too(redactor: Redactor) -> None:
    _, verdict = scanned(b"nothing to see here\n", redactor, "Zephyrinaqa_Vorthmundsen_intake.txt")
    assert verdict.client_ids == ("777001",)


# --- the copy ----------------------------------------------------------------------------------------


def no_canary(data: bytes | str) -> None:
    text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
    for value in (*makers.CANARY_VALUES, "11/27/1983", "517294836", "Quillonetta"):
        assert value not in text


def test_the_csv_copy_has_client_ids_for_names_blanks_for_pii_and_the_rest_kept(redactor: Redactor) -> None:
    rows = [
        (
            "777001",
            "Zephyrinaqa",
            "Vorthmundsen",
            "1983-11-27",
            "517-29-4836",
            "612-555-0143",
            "RRH",
            "call 612-555-0143",
        ),
        ("900001", "Quillimara", "Drostvenhelm", "1961-02-11", "601-11-1001", "", "PSH", "doc ready"),
    ]
    data = "\n".join(";".join(r) for r in [makers.HEADER, *rows]).encode()
    content, verdict = scanned(data, redactor, "bnl.csv")
    copy = build_copy(content, verdict, name="bnl.csv", redact=redactor.redact)
    assert copy.filename == "bnl (de-identified).csv" and copy.rows == 2
    no_canary(copy.data)
    out = list(csv.reader(io.StringIO(copy.data.decode()), delimiter=";"))
    assert out[0] == list(makers.HEADER)
    assert out[1] == ["777001", "777001", "", "", "", "", "RRH", "call [redacted]"]
    assert out[2] == ["900001", "900001", "", "", "", "", "PSH", "doc ready"]


def test_the_xlsx_copy_keeps_sheets_and_columns_and_holds_no_canary(redactor: Redactor) -> None:
    content, verdict = scanned(makers.xlsx(makers.by_name_rows(20), title="Vorthmundsen"), redactor)
    copy = build_copy(content, verdict, name="Zephyrinaqa list.xlsx", redact=redactor.redact)
    assert copy.filename == "Client 777001 list (de-identified).xlsx"
    book = openpyxl.load_workbook(io.BytesIO(copy.data), read_only=True)
    (sheet,) = book.worksheets
    rows = [tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Client 777001"
    assert rows[0] == makers.HEADER and len(rows) == 21
    assert rows[1][:3] == ("777001", "777001", "") and rows[1][6] == "RRH"
    no_canary(repr(rows))
    no_canary(copy.filename)


def test_xls_and_ods_copies_are_written_as_xlsx(redactor: Redactor) -> None:
    for data in (makers.xls(makers.by_name_rows(3)), makers.ods(makers.by_name_rows(3))):
        content, verdict = scanned(data, redactor)
        copy = build_copy(content, verdict, name="list.xls", redact=redactor.redact)
        assert copy.filename.endswith(".xlsx")
        rows = list(openpyxl.load_workbook(io.BytesIO(copy.data)).active.iter_rows(values_only=True))
        no_canary(repr(rows))


def test_text_that_would_run_as_a_formula_is_written_as_text(redactor: Redactor) -> None:
    data = b'Program,Notes\nRRH,"=HYPERLINK(""http://x"",""y"")"\n'
    content, verdict = scanned(data, redactor, "x.csv")
    copy = build_copy(content, verdict, name="x.csv", redact=redactor.redact)
    assert "'=HYPERLINK" in copy.data.decode()
    content = Extracted(Kind.XLSX, sheets=(Sheet("BNL", (("Program", "Notes"), ("RRH", "=1+1"))),))
    verdict = scan(content, name="x.xlsx", redact=redactor.redact)
    book = openpyxl.load_workbook(
        io.BytesIO(build_copy(content, verdict, name="x", redact=redactor.redact).data)
    )
    assert (book.active["B2"].data_type, book.active["B2"].value) == ("s", "=1+1")
