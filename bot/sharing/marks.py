"""Client fields marked "share with ROI/MOU": which details of a client the ``roi_mou`` sharing model
may release to another agency. A restricted field can never be marked.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import AdminError
from bot.registry.admin import existing_client
from bot.sharing.policy import FIELD_CATEGORY, Category
from storage import audit
from storage.models import ClientShareMark


def mark_fields(
    session: Session, *, actor: str, client_id: str, fields: list[str], clear: bool = False
) -> None:
    """Mark (or unmark) fields of a client "share with ROI/MOU" (the ``roi_mou`` sharing model)."""
    if existing_client(session, client_id=client_id).anonymous:
        raise AdminError(f"client {client_id} is anonymous: there are no details to share")
    for name in fields:
        if name not in FIELD_CATEGORY:
            raise AdminError(f"unknown field {name!r}; fields: {', '.join(FIELD_CATEGORY)}")
        if FIELD_CATEGORY[name] is Category.RESTRICTED:
            raise AdminError(f"{name} is restricted data: it stays with the agency that created it")
        mark = session.get(ClientShareMark, (client_id, name))
        if clear and mark is not None:
            session.delete(mark)
        elif not clear and mark is None:
            session.add(ClientShareMark(client_id=client_id, field=name, marked_by=actor))
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="client.unmark" if clear else "client.mark",
        client_id=client_id,
        detail={"fields": sorted(set(fields))},
    )
