"""Which client an ID means (merged IDs follow their survivor), and duplicate search by blind index.

Merging two anonymous records keeps both IDs working: the merged one is an
alias (``client_aliases``) of the survivor, so a lookup or an audit
accounting by either ID reaches the same person. Aliases are kept flat (an
alias always points at a client that is not itself an alias), so one query
resolves any ID.

Duplicate search uses the blind indexes only (name + DOB, SSN): nothing is
decrypted, and the values searched for are never stored.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.crypto import BlindIndexer
from storage.models import Client, ClientAlias


def resolve_client_id(session: Session, client_id: str) -> str:
    """The surviving client ID for ``client_id`` (itself when it was never merged)."""
    survivor = session.scalar(select(ClientAlias.client_id).where(ClientAlias.alias_id == client_id))
    return survivor or client_id


def merged_into(session: Session, client_id: str) -> str | None:
    """The survivor when ``client_id`` was merged into another client, else None."""
    return session.scalar(select(ClientAlias.client_id).where(ClientAlias.alias_id == client_id))


def client_id_group(session: Session, client_id: str) -> list[str]:
    """Every ID that means the same person as ``client_id``: the survivor first, then its aliases."""
    survivor = resolve_client_id(session, client_id)
    aliases = session.scalars(
        select(ClientAlias.alias_id).where(ClientAlias.client_id == survivor).order_by(ClientAlias.alias_id)
    )
    return [survivor, *aliases]


def find_identified(
    session: Session,
    *,
    indexer: BlindIndexer,
    first_name: str | None = None,
    last_name: str | None = None,
    dob: date | None = None,
    ssn: str | None = None,
) -> list[str]:
    """Current identified clients matching name + DOB, or SSN (complete SSNs only), by blind index.

    Anonymous and deleted clients are never matches: they hold no index, and
    a match would link an anonymous person to an identity.
    """
    digests = []
    name_dob = indexer.name_dob(first_name, last_name, dob)
    if name_dob is not None:
        digests.append(Client.name_dob_bidx == name_dob)
    ssn_digest = indexer.ssn(ssn)
    if ssn_digest is not None:
        digests.append(Client.ssn_bidx == ssn_digest)
    if not digests:
        return []
    return list(
        session.scalars(
            select(Client.client_id)
            .where(or_(*digests), Client.anonymous.is_(False), Client.deleted_at.is_(None))
            .order_by(Client.client_id)
        )
    )
