"""Rich Text Format (.rtf) with striprtf: the text, control words and embedded pictures dropped."""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

from bot.files.content import Extracted, Kind, Reason, Unreadable
from bot.files.limits import Budget


def read_rtf(data: bytes, *, budget: Budget) -> Extracted:
    try:
        text = rtf_to_text(data.decode("latin-1"), errors="ignore")  # RTF is 7-bit; escapes carry the rest
    except (ValueError, IndexError, KeyError):
        raise Unreadable(Reason.CORRUPT) from None
    return Extracted(Kind.RTF, segments=(text,) if text.strip() else ())
