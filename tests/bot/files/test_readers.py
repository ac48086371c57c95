"""Each format is read by its reader, from files made by the real writers; what cannot be read says why."""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import replace

import pytest

from bot.files.content import Kind, Reason
from bot.files.limits import FileLimits
from bot.files.read import read_bytes
from bot.files.sniff import OLE2, sniff
from tests.bot.files import makers

LIMITS = FileLimits()
ROWS = makers.by_name_rows(3)


def text_of(data: bytes, limits: FileLimits = LIMITS) -> str:
    found = read_bytes(data, limits=limits)
    assert found.problem is None, found.problem
    cells = [cell for sheet in found.sheets for row in sheet.rows for cell in row]
    return "\n".join([*found.segments, *cells])


# --- what the bytes are ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (makers.xlsx(ROWS), Kind.XLSX),
        (makers.xls(ROWS), Kind.XLS),
        (makers.ods(ROWS), Kind.ODS),
        (makers.odt(["x"]), Kind.ODT),
        (makers.docx(body="x"), Kind.DOCX),
        (makers.pdf(["x"]), Kind.PDF),
        (makers.png(["x"]), Kind.IMAGE),
        (makers.jpeg(["x"]), Kind.IMAGE),
        (makers.zip_of({"a.txt": b"x"}), Kind.ZIP),
        (b"{\\rtf1\\ansi hello}", Kind.RTF),
        (b"FirstName,LastName\nA,B\nC,D\n", Kind.CSV),
        (b"FirstName\tLastName\nA\tB\n", Kind.CSV),
        (b"Agenda: housing, then next steps.\n", Kind.TEXT),
    ],
)
def test_the_kind_comes_from_the_content(data: bytes, kind: Kind) -> None:
    assert sniff(data) is kind


def test_a_workbook_renamed_to_text_is_still_read_as_a_workbook() -> None:
    found = read_bytes(makers.xlsx(ROWS), limits=LIMITS)  # no name goes in: only bytes
    assert found.kind is Kind.XLSX and found.sheets[0].rows[1][1] == "Zephyrinaqa"


# --- spreadsheets: sheets, rows, cells, header first -------------------------------------------------


@pytest.mark.parametrize("make", [makers.xlsx, makers.xls, makers.ods])
def test_spreadsheets_come_back_as_rows_of_cells_with_the_header_row(make) -> None:  # type: ignore[no-untyped-def]
    found = read_bytes(make(ROWS), limits=LIMITS)
    (sheet,) = found.sheets
    assert sheet.name == "BNL"
    assert sheet.rows[0] == makers.HEADER
    assert sheet.rows[1] == makers.CANARY_ROW
    assert len(sheet.rows) == 4


def test_csv_keeps_its_delimiter_for_the_copy() -> None:
    found = read_bytes(b"FirstName;DOB\nZephyrinaqa;1983-11-27\n", limits=LIMITS)
    assert (found.kind, found.delimiter, found.sheets[0].rows[1]) == (
        Kind.CSV,
        ";",
        ("Zephyrinaqa", "1983-11-27"),
    )


def test_excel_dates_are_read_as_dates() -> None:
    from datetime import datetime

    found = read_bytes(makers.xlsx([("777001", "Z", "V", datetime(1983, 11, 27))]), limits=LIMITS)
    assert found.sheets[0].rows[1][3] == "1983-11-27"


def test_a_sheet_claiming_a_huge_range_is_not_padded_to_it() -> None:
    data = makers.rewrite_member(
        makers.xlsx(ROWS),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<dimension ref="A1:H4"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    found = read_bytes(data, limits=LIMITS)
    assert max(len(row) for row in found.sheets[0].rows) == len(makers.HEADER)


def test_the_cell_limit_stops_the_read_and_says_so() -> None:
    found = read_bytes(makers.xlsx(makers.by_name_rows(50)), limits=replace(LIMITS, max_cells=100))
    assert found.cut is Reason.TOO_MANY_CELLS and found.problem is None
    assert sum(len(r) for r in found.sheets[0].rows) <= 100


def test_an_ods_row_repeated_a_million_times_costs_only_the_cell_budget() -> None:
    content = makers.rewrite_member(
        makers.ods(ROWS),
        "content.xml",
        lambda xml: xml.replace(
            b"<table:table-row>", b'<table:table-row table:number-rows-repeated="1000000">', 2
        ),
    )
    found = read_bytes(content, limits=replace(LIMITS, max_cells=5_000))
    assert found.cut is Reason.TOO_MANY_CELLS and len(found.sheets[0].rows) <= 5_000 // len(makers.HEADER)


# --- documents ---------------------------------------------------------------------------------------


def test_docx_body_tables_headers_and_comments_are_all_read() -> None:
    data = makers.docx(
        body="Met with Zephyrinaqa today.",
        table=[["Name", "DOB"], ["Vorthmundsen", "1983-11-27"]],
        header="Intake for 517-29-4836",
        comment="call 612-555-0143",
    )
    found = read_bytes(data, limits=LIMITS)
    assert found.sheets[0].rows == (("Name", "DOB"), ("Vorthmundsen", "1983-11-27"))
    text = text_of(data)
    for value in makers.CANARY_VALUES:
        assert value in text


def test_pdf_text_layer_and_its_page_limit() -> None:
    data = makers.pdf([f"Page {n}: Zephyrinaqa Vorthmundsen" for n in range(12)])
    assert text_of(data).count("Zephyrinaqa") == 12
    found = read_bytes(data, limits=replace(LIMITS, max_pages=3))
    assert (len(found.segments), found.cut) == (3, Reason.TOO_MANY_PAGES)


def test_odt_and_rtf_are_read() -> None:
    assert "Vorthmundsen" in text_of(makers.odt(["Intake", "Zephyrinaqa Vorthmundsen"]))
    assert "Vorthmundsen" in text_of(
        b"{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}\\f0 Client Zephyrinaqa \\b Vorthmundsen\\b0\\par}"
    )


# --- images and scans, by real Tesseract -------------------------------------------------------------


def test_a_screenshot_is_read_by_ocr() -> None:
    text = text_of(makers.png(["Client: Zephyrinaqa Vorthmundsen", "SSN 517-29-4836"]))
    assert "Vorthmundsen" in text and "517-29-4836" in text


def test_a_jpeg_photo_is_read_by_ocr() -> None:
    assert "Vorthmundsen" in text_of(makers.jpeg(["Vorthmundsen intake"]))


def test_a_pdf_with_no_text_layer_is_rendered_and_read_by_ocr() -> None:
    assert "Vorthmundsen" in text_of(makers.scanned_pdf(["Zephyrinaqa Vorthmundsen", "DOB 11/27/1983"]))


def test_ocr_that_runs_out_of_time_is_a_reason_not_a_hang() -> None:
    data = makers.png(["Zephyrinaqa Vorthmundsen"] * 12, size=(1920, 1080))
    assert read_bytes(data, limits=replace(LIMITS, ocr_seconds=0.01)).problem is Reason.OCR_TIMEOUT


def test_an_image_claiming_a_gigapixel_is_refused_before_it_is_decoded() -> None:
    data = makers.png(["x"], size=(100, 100))
    assert read_bytes(data, limits=replace(LIMITS, max_image_pixels=5_000)).problem is Reason.TOO_LARGE


def test_heic_photos_are_read() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    out = io.BytesIO()
    image = makers.picture(["Vorthmundsen intake"])
    pillow_heif.from_pillow(image).save(out, quality=95)
    assert "Vorthmundsen" in text_of(out.getvalue())


# --- archives ----------------------------------------------------------------------------------------


def test_each_zip_member_is_read_as_what_it_is_including_nested_zips() -> None:
    inner = makers.zip_of({"list.xlsx": makers.xlsx(ROWS)})
    data = makers.zip_of({"notes.txt": b"call 612-555-0143", "more.zip": inner, "Vorthmundsen/": b""})
    found = read_bytes(data, limits=LIMITS)
    assert found.kind is Kind.ZIP and found.members == 2
    assert found.sheets[0].rows[1] == makers.CANARY_ROW
    assert any("612-555-0143" in s for s in found.segments)


def test_zips_nested_past_the_depth_limit_are_refused() -> None:
    data = b"deep"
    for n in range(4):
        data = makers.zip_of({f"level{n}.zip" if n else "x.txt": data})
    assert read_bytes(data, limits=replace(LIMITS, max_depth=2)).problem is Reason.TOO_DEEP


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated() -> None:
    bomb = makers.zip_bomb(megabytes=200)
    assert len(bomb) < 1_000_000
    assert read_bytes(bomb, limits=LIMITS).problem is Reason.TOO_LARGE


def test_a_zip_whose_directory_lies_about_sizes_stops_at_the_declared_size() -> None:
    assert read_bytes(makers.lying_zip_bomb(), limits=LIMITS).problem is Reason.CORRUPT


def test_an_xlsx_with_too_many_members_is_refused() -> None:
    data = makers.zip_of({f"m{n}.txt": b"x" for n in range(30)})
    assert read_bytes(data, limits=replace(LIMITS, max_members=20)).problem is Reason.TOO_MANY_MEMBERS


# --- what cannot be read -----------------------------------------------------------------------------


def test_a_password_protected_xlsx_is_said_to_be_so() -> None:
    assert (
        read_bytes(makers.encrypted_xlsx(makers.xlsx(ROWS)), limits=LIMITS).problem
        is Reason.PASSWORD_PROTECTED
    )


def test_a_zip_with_an_encrypted_member_is_password_protected() -> None:
    data = bytearray(makers.zip_of({"list.csv": b"a,b\n1,2\n"}))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag bit in both headers
        at = data.index(signature)
        flag = at + (6 if signature == b"PK\x03\x04" else 8)
        data[flag] |= 0x1
    assert read_bytes(bytes(data), limits=LIMITS).problem is Reason.PASSWORD_PROTECTED


def test_an_encrypted_pdf_is_password_protected() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(makers.pdf(["Zephyrinaqa"]))))
    writer.encrypt(user_password="hunter2", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert read_bytes(out.getvalue(), limits=LIMITS).problem is Reason.PASSWORD_PROTECTED


@pytest.mark.parametrize("make", [makers.xlsx, makers.ods])
def test_a_truncated_file_is_corrupt(make) -> None:  # type: ignore[no-untyped-def]
    assert read_bytes(make(ROWS)[:700], limits=LIMITS).problem is Reason.CORRUPT


def test_a_broken_pdf_is_corrupt_and_nothing_of_it_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    data = makers.pdf(["Zephyrinaqa Vorthmundsen"]).replace(b"xref", b"xref Zephyrinaqa")[:-200]
    found = read_bytes(data, limits=LIMITS)
    assert found.problem in (None, Reason.CORRUPT)
    assert "Zephyrinaqa" not in caplog.text and "Zephyrinaqa" not in repr(found)


def test_an_unknown_binary_is_unknown_type() -> None:
    assert read_bytes(b"\x00\x01\x02\x03" * 100, limits=LIMITS).problem is Reason.UNKNOWN_TYPE
    word_97 = OLE2
    assert (
        read_bytes(word_97 + "WordDocument".encode("utf-16-le"), limits=LIMITS).problem is Reason.UNKNOWN_TYPE
    )
