"""Zip archives: each member read as the file it is, recursively, under the one budget of the outer file.

Member names are scanned too (a folder named after a client is PII). A
member that cannot be read makes the archive unreadable for the same reason:
casebot cannot vouch for a zip it could only partly open.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.files import zips
from bot.files.content import Extracted, Kind, Reason, Sheet, Unreadable
from bot.files.limits import Budget

ReadFn = Callable[[bytes, Budget, int], Extracted]


def read_zip(data: bytes, *, budget: Budget, depth: int, read: ReadFn) -> Extracted:
    if depth > budget.limits.max_depth:
        raise Unreadable(Reason.TOO_DEEP)
    archive = zips.open_checked(data, budget=budget)
    segments: list[str] = []
    sheets: list[Sheet] = []
    members = 0
    problem: Reason | None = None
    for info in archive.infolist():
        segments.append(info.filename)
        if info.is_dir() or info.file_size == 0:
            continue
        blob = zips.read_member(archive, info.filename, max_bytes=budget.limits.max_uncompressed_bytes)
        inner = read(blob, budget, depth + 1)
        members += 1
        segments.extend(inner.segments)
        sheets.extend(inner.sheets)
        if inner.problem is not None and problem is None:
            problem = inner.problem
        if budget.cut:
            break
    return Extracted(
        Kind.ZIP,
        segments=tuple(segments),
        sheets=tuple(sheets),
        problem=problem,
        cut=budget.cut,
        members=members,
    )
