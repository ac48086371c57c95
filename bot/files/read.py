"""One door in for a shared file's bytes: sniff what they are, hand them to that format's reader.

Never raises. A reader that fails, for whatever reason, gives a reason code;
the exception's text (which can quote the file) is dropped and only its type
is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.files.content import Extracted, Kind, Reason, Unreadable
from bot.files.limits import Budget, FileLimits
from bot.files.sniff import sniff

log = logging.getLogger("casebot.files")

Reader = Callable[..., Extracted]


def _readers() -> dict[Kind, Reader]:
    """Imported on first use: the PDF, OCR and Office libraries are not needed to start the bot."""
    from bot.files.docx import read_docx
    from bot.files.image import read_image
    from bot.files.odf import read_ods, read_odt
    from bot.files.pdf import read_pdf
    from bot.files.rtf import read_rtf
    from bot.files.text import read_delimited, read_text
    from bot.files.xls import read_xls
    from bot.files.xlsx import read_xlsx

    return {
        Kind.TEXT: read_text,
        Kind.CSV: read_delimited,
        Kind.XLSX: read_xlsx,
        Kind.XLS: read_xls,
        Kind.ODS: read_ods,
        Kind.ODT: read_odt,
        Kind.DOCX: read_docx,
        Kind.PDF: read_pdf,
        Kind.RTF: read_rtf,
        Kind.IMAGE: read_image,
    }


_READERS: dict[Kind, Reader] | None = None


def read_bytes(data: bytes, *, limits: FileLimits) -> Extracted:
    """Everything casebot can read in ``data``, or why it cannot."""
    return _read(data, Budget(limits), 0)


def _read(data: bytes, budget: Budget, depth: int) -> Extracted:
    global _READERS
    kind = Kind.UNKNOWN
    try:
        kind = sniff(data)
        if kind is Kind.UNKNOWN:
            return Extracted(kind, problem=Reason.UNKNOWN_TYPE)
        if kind is Kind.ZIP:
            from bot.files.archive import read_zip

            return read_zip(data, budget=budget, depth=depth, read=_read)
        if _READERS is None:
            _READERS = _readers()
        return _READERS[kind](data, budget=budget)
    except Unreadable as exc:
        return Extracted(kind, problem=exc.reason)
    except MemoryError:
        return Extracted(kind, problem=Reason.TOO_LARGE)
    except Exception as exc:  # a library's failure on a malformed file: its text may quote the file
        log.info("could not read a %s file: %s", kind.value, type(exc).__name__)
        return Extracted(kind, problem=Reason.CORRUPT)
