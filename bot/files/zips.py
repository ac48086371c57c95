"""Opening zip-based files (.xlsx, .docx, .ods, .odt, .zip) without letting one inflate without end.

The central directory is read first and nothing is inflated until it passes:
member count, the sum of the declared uncompressed sizes (taken from the
file's ``Budget``), each member's compression ratio, and no encrypted member.
``zipfile`` never inflates a member past its declared size (it stops and
fails the CRC), so the declared sizes bound the work even when they lie.
Members casebot reads itself are streamed and cut at a byte limit as well.
"""

from __future__ import annotations

import io
import zipfile

from bot.files.content import Reason, Unreadable
from bot.files.limits import Budget

_CHUNK = 64 * 1024
_SMALL = 1_000_000  # members smaller than this are never called bombs, whatever their ratio


def open_checked(data: bytes, *, budget: Budget) -> zipfile.ZipFile:
    """A ZipFile over ``data`` whose directory passed the limits; raises ``Unreadable``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Unreadable(Reason.CORRUPT) from None
    limits = budget.limits
    if len(members) > limits.max_members:
        raise Unreadable(Reason.TOO_MANY_MEMBERS)
    declared = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise Unreadable(Reason.PASSWORD_PROTECTED)
        if member.file_size > _SMALL and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise Unreadable(Reason.TOO_LARGE)
        declared += member.file_size
    budget.take_bytes(declared)
    return archive


def names(archive: zipfile.ZipFile) -> frozenset[str]:
    return frozenset(archive.namelist())


def read_member(archive: zipfile.ZipFile, name: str, *, max_bytes: int) -> bytes:
    """One member, streamed and stopped at ``max_bytes`` (too_large), never trusting its header alone."""
    out = bytearray()
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > max_bytes:
                    raise Unreadable(Reason.TOO_LARGE)
    except Unreadable:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError):
        raise Unreadable(Reason.CORRUPT) from None
    return bytes(out)
