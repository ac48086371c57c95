"""Text out of the XML parts of Office and OpenDocument files, streamed and with entity tricks refused.

defusedxml refuses DTDs with entities (billion laughs, external entities);
the part itself is read through ``zips.read_member``, so it is cut at the
file's byte budget before it is parsed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from bot.files.content import Reason, Unreadable
from bot.files.limits import Budget
from bot.files.zips import read_member


def part(archive: zipfile.ZipFile, name: str, *, budget: Budget) -> bytes:
    """One XML part; its declared size was already taken from the budget when the zip was opened."""
    return read_member(archive, name, max_bytes=budget.limits.max_uncompressed_bytes)


def elements(data: bytes, *, tags: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(local tag name, all text inside) for each element with one of ``tags``, in document order."""
    try:
        for _event, element in iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in tags:
                yield tag, "".join(element.itertext())
                element.clear()
    except (DefusedXmlException, SyntaxError, ValueError):
        raise Unreadable(Reason.CORRUPT) from None


def texts(data: bytes, *, tags: frozenset[str]) -> list[str]:
    return [text for _tag, text in elements(data, tags=tags) if text.strip()]
