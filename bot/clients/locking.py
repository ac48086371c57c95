"""Row locks on clients, shared by de-identifying and merging so that the two cannot deadlock."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Client


def lock_clients(session: Session, *, client_ids: Iterable[str]) -> None:
    """Row locks in one order (PostgreSQL), so two runs over overlapping IDs wait instead of deadlocking."""
    session.execute(
        select(Client.client_id)
        .where(Client.client_id.in_(sorted(set(client_ids))))
        .order_by(Client.client_id)
        .with_for_update()
    )
