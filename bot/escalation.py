"""Held requests and supervisor escalations (issue 8). Being built; this is the interface offboarding uses."""

from __future__ import annotations

from sqlalchemy.orm import Session


def withdraw_pending(session: Session, *, requester: str, reason: str) -> int:
    """Withdraw every request ``requester`` has waiting for a supervisor; the number withdrawn.

    Offboarding calls this in the same transaction that ends the user's access, so a supervisor
    can no longer approve a request from someone who has left.
    """
    del session, requester, reason
    return 0
