"""What casebot DMs about an escalation (``bot.oversight.escalations``): a supervisor's card, a
requester's news. Slack IDs, client IDs, rule names and codes only, never PII.

Defined in the kernel so ``SlackPort.send_dm`` and ``update_dm`` can name what they send;
``bot.ports`` sits below ``bot.oversight`` and may not import it. ``Kind`` and ``Status`` come along
because a card carries them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

# The name of ``bot.oversight.suspicion.Rule.LEGAL_REQUEST``: only an HMIS admin may approve a request
# held for it. The ``Rule`` enum stays with the rules (and the parser settings validate with); a card
# holds rule names as strings anyway, so it compares with the name. tests/bot/test_ports.py keeps the
# two equal.
LEGAL_REQUEST_RULE = "legal_request"


class Kind(StrEnum):
    HELD = "held"  # a reveal request waiting for Approve once / Deny / Suspend user
    NOTICE = "notice"  # nothing to hold: Acknowledge / Suspend user


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # the requester may press Show once
    RELEASED = "released"  # ...and did: the door ran with the approval as basis
    DENIED = "denied"
    SUSPENDED = "suspended"
    ACKNOWLEDGED = "acknowledged"
    WITHDRAWN = "withdrawn"  # the requester's access ended first (offboarding, another suspension)
    EXPIRED = "expired"  # nobody answered within CASEBOT_ESCALATION_HOLD_HOURS


@dataclass(frozen=True, slots=True)
class Card:
    """What a supervisor's DM (and App Home) shows about one escalation: IDs, rule names and codes only."""

    id: int
    kind: Kind
    rules: tuple[str, ...]
    requester: str
    agency: str | None
    client_ids: tuple[str, ...]
    purpose: str | None
    detail: Mapping[str, Any]
    opened_at: datetime
    status: Status
    decided_by: str | None = None
    to_lead: bool = False  # sent to the HMIS lead because no supervisor answered in time

    @property
    def pending(self) -> bool:
        return self.status is Status.PENDING

    @property
    def approve_needs_admin(self) -> bool:
        return LEGAL_REQUEST_RULE in self.rules


@dataclass(frozen=True, slots=True)
class News:
    """What the requester is told, privately, about their held request (or their DM)."""

    escalation_id: int
    outcome: str  # approved, denied, suspended, expired, legal_dm
    client_ids: tuple[str, ...] = ()
    by: str | None = None


__all__ = ["LEGAL_REQUEST_RULE", "Card", "Kind", "News", "Status"]
