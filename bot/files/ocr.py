"""Text in images, by Tesseract on this machine (Debian's ``tesseract-ocr``): never a cloud service.

Tesseract runs as a child process with a time limit per image; a timeout is
a reason code, and the child is killed. It is told to use one thread: the
worker pool is where casebot's parallelism comes from, and OpenMP threads
fighting over two cores only make every OCR slower.
"""

from __future__ import annotations

import os

import pytesseract
from PIL import Image

from bot.files.content import Reason, Unreadable

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def ocr(image: Image.Image, *, seconds: float) -> str:
    gray = image.convert("L")
    try:
        return str(pytesseract.image_to_string(gray, lang="eng", config="--psm 3", timeout=seconds))
    except pytesseract.TesseractNotFoundError:
        raise Unreadable(Reason.OCR_UNAVAILABLE) from None
    except RuntimeError as exc:  # pytesseract's timeout says only "Tesseract process timeout"
        if "timeout" in str(exc).lower():
            raise Unreadable(Reason.OCR_TIMEOUT) from None
        raise Unreadable(Reason.CORRUPT) from None
    except pytesseract.TesseractError:
        raise Unreadable(Reason.CORRUPT) from None
