"""What a file is, from its first bytes (and a zip's directory): the name and Slack's filetype can lie.

An .xlsx renamed .txt is read as a workbook; a by-name list renamed .jpg is
read as whatever it really is. Encrypted Office files are OLE2 containers with
an ``EncryptedPackage`` stream: they are password protected, not corrupt.
"""

from __future__ import annotations

import csv
import io
import zipfile

from bot.files.content import Kind, Reason, Unreadable

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif")
_ODF = {
    b"application/vnd.oasis.opendocument.spreadsheet": Kind.ODS,
    b"application/vnd.oasis.opendocument.text": Kind.ODT,
}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes) -> Kind:
    head = data[:16]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(OLE2):
        return _ole_kind(data)
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return Kind.IMAGE
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return Kind.IMAGE
    if data.lstrip(b"\xef\xbb\xbf \r\n\t")[:5] == b"{\\rtf":
        return Kind.RTF
    text = decode_text(data)
    if text is None:
        return Kind.UNKNOWN
    return Kind.CSV if delimiter_of(text) else Kind.TEXT


def _zip_kind(data: bytes) -> Kind:
    """Office and OpenDocument files are zips: which one is in the directory (read, not inflated)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            info = archive.getinfo("mimetype")
            if info.file_size <= 100 and not info.flag_bits & 0x1:
                kind = _ODF.get(archive.read("mimetype").strip())
                if kind is not None:
                    return kind
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        raise Unreadable(Reason.CORRUPT) from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return Kind.XLSX
    if "word/document.xml" in names:
        return Kind.DOCX
    if "[Content_Types].xml" in names:  # PowerPoint and other Office formats casebot does not read
        return Kind.UNKNOWN
    return Kind.ZIP


def _ole_kind(data: bytes) -> Kind:
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise Unreadable(Reason.PASSWORD_PROTECTED)  # an .xlsx or .docx saved with a password
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return Kind.XLS
    return Kind.UNKNOWN  # .doc, .ppt, .msg


def decode_text(data: bytes) -> str | None:
    """Text in the encodings people's exports use, or None when the bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = text[:8192]
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    return text if sample and printable / len(sample) > 0.95 else None


def delimiter_of(text: str) -> str | None:
    """The delimiter when the text is a table (two or more rows, the same number of fields, at least two),
    otherwise None: prose with commas is read as text."""
    lines = [line for line in text[:16384].splitlines() if line.strip()][:20]
    if len(lines) < 2:
        return None
    if len(lines) == 20 or len(text) > 16384:
        lines = lines[:-1]  # the last line may be cut
    for delimiter in (",", "\t", ";", "|"):
        try:
            widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(widths) == 1 and widths.pop() >= 2:
            return delimiter
    return None
