"""What the one door (``bot.sharing.disclosure``) hands to Slack: the fields a person may see, and where.

Defined here, in the kernel, rather than beside the door, so ``SlackPort.show_disclosure`` can name
the type it delivers: ``bot.ports`` sits below ``bot.sharing`` and may not import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.ports.places import Place


class Delivery(StrEnum):
    EPHEMERAL = "ephemeral"
    MODAL = "modal"
    EXPORT = "export"


@dataclass(frozen=True, slots=True)
class Target:
    """Where a disclosure goes: a modal the person opened (``view_id``), or an ephemeral message."""

    user: str
    view_id: str | None = None
    place: Place | None = None
    note: str | None = None  # e.g. "your earlier verified session was ended"

    @property
    def delivery(self) -> Delivery:
        return Delivery.MODAL if self.view_id else Delivery.EPHEMERAL


@dataclass(frozen=True, slots=True, repr=False)
class Revealed:
    """What a person may see of one client. ``values`` is PII: its repr shows field names only."""

    client_id: str
    purpose: str
    values: Mapping[str, str]
    withheld: Mapping[str, str] = field(default_factory=dict)  # field -> refusal code

    def __repr__(self) -> str:
        return (
            f"Revealed(client={self.client_id}, fields={list(self.values)}, withheld={list(self.withheld)})"
        )

    __str__ = __repr__


__all__ = ["Delivery", "Revealed", "Target"]
