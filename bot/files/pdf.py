"""PDFs: the text layer with pypdf, form fields too; a scan (no text layer) rendered and OCR'd.

A PDF whose pages hold no text is a scan or a printed screenshot; its first
pages are rendered with PDFium and read by Tesseract (``bot.files.ocr``).
A PDF that opens only with a password is password protected; one with an
empty user password (only printing or copying restricted) is read.
pypdf's own warnings can quote the file, so its logger is kept quiet.
"""

from __future__ import annotations

import io
import logging

import pypdf
from pypdf.errors import FileNotDecryptedError, PdfReadError

from bot.files.content import Extracted, Kind, Reason, Unreadable
from bot.files.limits import Budget
from bot.files.ocr import ocr

logging.getLogger("pypdf").setLevel(logging.CRITICAL)
_MIN_TEXT = 20  # fewer characters than this on every page: no text layer
_OCR_SCALE = 200 / 72  # 200 dpi: enough for Tesseract on printed text, small enough to be quick


def read_pdf(data: bytes, *, budget: Budget) -> Extracted:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(Reason.PASSWORD_PROTECTED)
        pages: list[str] = []
        for page in reader.pages:
            if not budget.take_page():
                break
            pages.append(page.extract_text() or "")
        fields = [str(v) for v in (reader.get_form_text_fields() or {}).values() if v]
    except Unreadable:
        raise
    except FileNotDecryptedError:
        raise Unreadable(Reason.PASSWORD_PROTECTED) from None
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
    ):
        raise Unreadable(Reason.CORRUPT) from None
    if all(len(text.strip()) < _MIN_TEXT for text in pages) and not fields:
        return Extracted(Kind.PDF, segments=tuple(_ocr_pages(data, budget=budget)), cut=budget.cut)
    return Extracted(Kind.PDF, segments=(*pages, *fields), cut=budget.cut)


def _ocr_pages(data: bytes, *, budget: Budget) -> list[str]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise Unreadable(Reason.CORRUPT) from None
    texts: list[str] = []
    try:
        for index in range(len(document)):
            if not budget.take_ocr_page():
                break
            page = document[index]
            width, height = page.get_size()
            scale = min(_OCR_SCALE, (budget.limits.max_image_pixels / max(width * height, 1)) ** 0.5)
            image = page.render(scale=scale).to_pil()
            texts.append(ocr(image, seconds=budget.limits.ocr_seconds))
            page.close()
    finally:
        document.close()
    return texts
