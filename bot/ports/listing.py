"""What a posted by-name list shows (``bot.sharing.by_name_lists``): client IDs and list fields, no PII.

Defined in the kernel so ``SlackPort.post_list`` and ``update_list`` can name the type they post;
``bot.ports`` sits below ``bot.sharing`` and may not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ListRow:
    client_id: str
    priority: int | None
    score: int | None
    status: str
    agency: str | None
    last_contact: date | None


@dataclass(frozen=True, slots=True)
class Listing:
    """What a posted list shows: client IDs and list fields, no PII."""

    name: str
    revision: int
    rows: tuple[ListRow, ...]
    total: int


__all__ = ["ListRow", "Listing"]
