"""What the engine reports: typed spans over the original text, and the redacted text.

Offsets always index the ORIGINAL text so callers (the bot, the evaluator) can
point at what was hidden without ever re-deriving it from the redacted output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PiiType(StrEnum):
    NAME = "NAME"
    SSN = "SSN"
    DOB = "DOB"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    ADDRESS = "ADDRESS"
    HEALTH = "HEALTH"


@dataclass(frozen=True, slots=True)
class Finding:
    """One hidden span. ``client_id`` is set only when the mention is certainly that client;
    an ambiguous mention carries the possible ids in ``candidates`` instead of a guess."""

    start: int
    end: int
    type: PiiType
    client_id: str | None = None
    candidates: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out: dict = {
            "start": self.start,
            "end": self.end,
            "type": str(self.type),
            "client_id": self.client_id,
        }
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    findings: tuple[Finding, ...]
