"""Scanning read content like a message: the same redactor, roster and colleagues' names.

Spreadsheets are scanned a row at a time, with the header as context. The
row's name, DOB and SSN cells are put together the way a person would write
them ("Renée Miller, DOB 11/27/1983") so the roster can say *which* client the
row is, and the row's other cells follow on lines of their own, each after its
header. One redactor call per row keeps a 2,000-row list well under a second.
Cells under a PII header count as PII whatever they hold; other cells only
where the redactor finds something. The result says, for the copy, what each
cell becomes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.files.columns import Column, classify, header_row
from bot.files.content import Extracted, Sheet
from redaction import PiiType, Redaction

Redact = Callable[[str], Redaction]
_CHUNK = 4000  # characters of document text per redactor call
_ID_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")


@dataclass(slots=True, repr=False)
class SheetPlan:
    """What the copy of one sheet looks like: which row is the header, what each column holds, each data
    row's client ID (None: none known), and the replacement text of other cells where PII was found."""

    header: int | None
    columns: tuple[Column, ...]
    row_ids: dict[int, str | None] = field(default_factory=dict)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)

    def column(self, index: int) -> Column:
        return self.columns[index] if index < len(self.columns) else Column.OTHER

    def __repr__(self) -> str:
        return f"SheetPlan(header={self.header}, columns={self.columns}, rows={len(self.row_ids)})"


@dataclass(frozen=True, slots=True)
class FileVerdict:
    """Kinds and client IDs found (safe to log and audit) and, per sheet, the plan for the copy."""

    kinds: tuple[str, ...]
    client_ids: tuple[str, ...]
    plans: tuple[SheetPlan, ...] = ()

    @property
    def has_pii(self) -> bool:
        return bool(self.kinds)


class _Found:
    __slots__ = ("ids", "types")

    def __init__(self) -> None:
        self.types: set[PiiType] = set()
        self.ids: set[str] = set()

    def add(self, redaction: Redaction) -> None:
        for finding in redaction.findings:
            self.types.add(finding.type)
            if finding.client_id:
                self.ids.add(finding.client_id)


def scan(content: Extracted, *, name: str, redact: Redact) -> FileVerdict:
    found = _Found()
    stem = name.rsplit(".", 1)[0] if "." in name[-6:] else name
    found.add(redact(stem.replace("_", " ")))
    for chunk in _chunks(content.segments):
        found.add(redact(chunk))
    plans = tuple(_scan_sheet(sheet, redact=redact, found=found) for sheet in content.sheets)
    kinds = tuple(str(t) for t in PiiType if t in found.types)
    return FileVerdict(kinds=kinds, client_ids=tuple(sorted(found.ids)), plans=plans)


def _chunks(segments: Iterable[str]) -> Iterable[str]:
    """Document text in pieces of at most a few thousand characters, cut at line ends."""
    buffer: list[str] = []
    size = 0
    for segment in segments:
        for line in segment.splitlines() or [segment]:
            while len(line) > _CHUNK:
                yield line[:_CHUNK]
                line = line[_CHUNK:]
            if size + len(line) > _CHUNK and buffer:
                yield "\n".join(buffer)
                buffer, size = [], 0
            buffer.append(line)
            size += len(line) + 1
    if buffer:
        yield "\n".join(buffer)


def _scan_sheet(sheet: Sheet, *, redact: Redact, found: _Found) -> SheetPlan:
    rows = sheet.rows
    header = header_row(rows)
    headers = rows[header] if header is not None else ()
    plan = SheetPlan(header=header, columns=tuple(classify(h) for h in headers))
    found.add(redact(sheet.name))
    for r in range(0 if header is None else header + 1):  # title rows and the header itself
        for c, cell in enumerate(rows[r]):
            if cell.strip():
                alone = redact(cell)
                found.add(alone)
                if alone.findings:
                    plan.cells[(r, c)] = alone.text
    for r in range(0 if header is None else header + 1, len(rows)):
        row = rows[r]
        if any(cell.strip() for cell in row):
            _scan_row(r, row, headers, plan, redact=redact, found=found)
    return plan


def _scan_row(
    r: int,
    row: tuple[str, ...],
    headers: tuple[str, ...],
    plan: SheetPlan,
    *,
    redact: Redact,
    found: _Found,
) -> None:
    parts: dict[Column, list[str]] = {}
    for c, cell in enumerate(row):
        column = plan.column(c)
        if column is not Column.OTHER and cell.strip():
            parts.setdefault(column, []).append(cell.strip())
            if column.pii_type is not None:
                found.types.add(column.pii_type)
    name = " ".join(
        v
        for column in (Column.FULL_NAME, Column.FIRST_NAME, Column.MIDDLE_NAME, Column.LAST_NAME)
        for v in parts.get(column, ())
    )
    lead = ", ".join(
        [name] * bool(name)
        + [f"DOB {v}" for v in parts.get(Column.DOB, ())]
        + [f"SSN {v}" for v in parts.get(Column.SSN, ())]
    )
    text = lead
    spans: list[tuple[int, int, int]] = []  # (column, start, end) of other cells in ``text``
    for c, cell in enumerate(row):
        if plan.column(c) is Column.OTHER and cell.strip():
            label = headers[c] if c < len(headers) and headers[c].strip() else ""
            text += "\n" + (f"{label}: " if label else "")
            spans.append((c, len(text), len(text) + len(cell)))
            text += cell
    redaction = redact(text)
    found.add(redaction)
    lead_ids = {f.client_id for f in redaction.findings if f.client_id and f.end <= len(lead)}
    given = [v for v in parts.get(Column.CLIENT_ID, ()) if len(v) <= 32 and set(v) <= _ID_CHARS]
    row_id = given[0] if given else (next(iter(lead_ids)) if len(lead_ids) == 1 else None)
    if given:
        found.ids.add(given[0])
    plan.row_ids[r] = row_id
    for c, start, end in spans:
        if any(f.start < end and f.end > start for f in redaction.findings):
            alone = redact(row[c])
            plan.cells[(r, c)] = alone.text if alone.findings else ""  # found only in context: blank it
