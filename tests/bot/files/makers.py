"""Real files from the real writers (openpyxl, xlwt, odfpy, python-docx, fpdf2, Pillow, msoffcrypto-tool),
holding made-up clients with planted canary values, for the readers' and the channel's tests."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence

HEADER = ("PersonalID", "FirstName", "LastName", "DOB", "SSN", "Phone", "Program", "Notes")
CANARY_ROW = (
    "777001",
    "Zephyrinaqa",
    "Vorthmundsen",
    "1983-11-27",
    "517-29-4836",
    "612-555-0143",
    "RRH",
    "waiting on documents",
)
CANARY_VALUES = ("Zephyrinaqa", "Vorthmundsen", "1983-11-27", "517-29-4836", "612-555-0143")


def by_name_rows(n: int = 3) -> list[tuple[str, ...]]:
    """The canary first, then made-up people nobody's roster has."""
    rows = [CANARY_ROW]
    for i in range(1, n):
        rows.append(
            (
                f"9{i:05d}",
                f"Quillimara{i}",
                f"Drostvenhelm{i}",
                f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}",
                f"{600 + i % 99:03d}-{10 + i % 89:02d}-{1000 + i:04d}",
                f"651-555-{i % 10000:04d}",
                "PSH" if i % 2 else "RRH",
                "doc ready" if i % 3 else "",
            )
        )
    return rows


def xlsx(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER, title: str = "BNL") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("BNL")
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="BNL")
    for row in [header, *rows]:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odt(paragraphs: Sequence[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for text in paragraphs:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def docx(*, body: str, table: Sequence[Sequence[str]] = (), header: str = "", comment: str = "") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    paragraph = document.add_paragraph(body)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if comment:
        document.add_comment(paragraph.runs[0], text=comment, author="case manager")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(pages: Sequence[str]) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.set_font("helvetica", size=11)
    for text in pages:
        document.add_page()
        document.multi_cell(0, 6, text)
    return bytes(document.output())


def picture(lines: Sequence[str], *, size: tuple[int, int] = (1200, 400), font_size: int = 36) -> object:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=font_size)
    y = 30
    for line in lines:
        draw.text((30, y), line, fill="black", font=font)
        y += int(font_size * 1.6)
    return image


def png(lines: Sequence[str], **kwargs: object) -> bytes:
    out = io.BytesIO()
    picture(lines, **kwargs).save(out, format="PNG")  # type: ignore[attr-defined]
    return out.getvalue()


def jpeg(lines: Sequence[str], **kwargs: object) -> bytes:
    out = io.BytesIO()
    picture(lines, **kwargs).save(out, format="JPEG", quality=90)  # type: ignore[attr-defined]
    return out.getvalue()


def scanned_pdf(lines: Sequence[str]) -> bytes:
    """A PDF with a picture of text and no text layer, as a scanner writes it."""
    out = io.BytesIO()
    picture(lines, size=(1240, 700), font_size=40).save(out, format="PDF", resolution=150)  # type: ignore[attr-defined]
    return out.getvalue()


def encrypted_xlsx(plain: bytes, *, password: str = "hunter2") -> bytes:  # noqa: S107
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb(*, megabytes: int = 200) -> bytes:
    """One member of zeros that inflates about a thousandfold: a small file, a lot of memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("zeros.txt", "w") as member:
        block = b"\0" * (1 << 20)
        for _ in range(megabytes):
            member.write(block)
    return out.getvalue()


def lying_zip_bomb() -> bytes:
    """A member whose directory entry claims 1 KB but inflates to 50 MB: the directory must not be trusted
    alone."""
    import zlib

    payload = zlib.compress(b"A" * 50_000_000)[2:-4]  # raw deflate
    name = b"big.txt"
    crc = 0
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + b"\0\0\0\0"
        + crc.to_bytes(4, "little")
        + len(payload).to_bytes(4, "little")
        + (1000).to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + name
    )
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little") * 2
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + b"\0\0\0\0"
        + crc.to_bytes(4, "little")
        + len(payload).to_bytes(4, "little")
        + (1000).to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + b"\0\0" * 3
        + b"\0\0\0\0"
        + (0).to_bytes(4, "little")
        + name
    )
    end = (
        b"PK\x05\x06"
        + b"\0\0\0\0"
        + (1).to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + (len(local) + len(payload)).to_bytes(4, "little")
        + b"\0\0"
    )
    return local + payload + central + end


def rewrite_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same zip-based file with one member's bytes changed (to plant a trap in its XML)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            target.writestr(info.filename, change(blob) if info.filename == name else blob)
    return out.getvalue()
