"""Creating a client by hand: from the anonymous template, or identified, each with a new client ID.

Some people must not have PII in the HMIS: people who refuse to be identified,
who disclose HIV/AIDS status, or who are fleeing domestic violence. Everyone
still gets a record and a client ID; nobody is refused services. Either way
the record is checked against the identified records first (see
``bot.clients.duplicates``), so one person does not end up with two IDs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clients.demographics import (
    FULL,
    NOT_COLLECTED,
    Demographics,
    TrueBirth,
    template_dob,
    template_pii,
)
from bot.clients.duplicates import DuplicateProbe, check_duplicates, refusals_audited
from bot.clients.template import NAME_DQ_CODE_NAME, SSN_DQ_NOT_COLLECTED, created_name
from bot.context import Casebot
from bot.errors import AdminError
from storage import audit
from storage.clients import ClientPII, blind_indexes, encrypt_pii
from storage.keys import Keyring
from storage.models import ENCRYPTED_CLIENT_COLUMNS, Agency, Client, ClientDeidentification, ClientNameIndex

ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: read aloud in case conferences
ANONYMOUS_PREFIX = "ANON-"
IDENTIFIED_PREFIX = "CB-"


@dataclass(frozen=True, slots=True)
class Added:
    client_id: str
    duplicates_overridden: int = 0


def new_client_id(session: Session, *, prefix: str) -> str:
    """A random ID in casebot's own namespace, checked against every client held (imported or not).

    HMIS PersonalIDs are numbers or GUIDs; a prefix plus six letters cannot be
    one by accident, and the import never overwrites an anonymous client, so
    even a deliberate collision cannot merge two people.
    """
    for _ in range(50):
        candidate = prefix + "".join(secrets.choice(ID_ALPHABET) for _ in range(6))
        if session.get(Client, candidate) is None:
            return candidate
    raise AdminError("could not find a free client ID; try again")


def _agency_id(session: Session, slug: str | None) -> int | None:
    if slug is None:
        return None
    agency_id = session.scalar(select(Agency.id).where(Agency.slug == slug))
    if agency_id is None:
        raise AdminError(f"no agency {slug!r}; see `casebot agency list`")
    return agency_id


def _insert_client(
    session: Session,
    *,
    keyring: Keyring,
    client_id: str,
    agency_id: int | None,
    pii: ClientPII,
    quality: tuple[int, int, int],
    demographics: Demographics,
    anonymous: bool,
    now: datetime,
) -> None:
    """An anonymous record gets no blind indexes: they would let someone with the index key test guesses."""
    data_key, key_row = keyring.new_client_key(client_id)
    name_dq, ssn_dq, dob_dq = quality
    indexes = None if anonymous else blind_indexes(pii, indexer=keyring.blind_indexer(session))
    session.add(
        Client(
            client_id=client_id,
            agency_id=agency_id,
            **encrypt_pii(pii, client_id=client_id, data_key=data_key),
            **(indexes.columns() if indexes else {}),
            name_data_quality=name_dq,
            ssn_data_quality=ssn_dq,
            dob_data_quality=dob_dq,
            demographics={
                **demographics.as_json(),
                "name_data_quality": name_dq,
                "ssn_data_quality": ssn_dq,
                "dob_data_quality": dob_dq,
            },
            anonymous=anonymous,
            restricted=False,
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()
    session.add(key_row)
    for digest in indexes.name_digests if indexes else ():
        session.add(ClientNameIndex(client_id=client_id, digest=digest))
    session.flush()


def add_anonymous(
    app: Casebot,
    *,
    actor: str,
    birth: TrueBirth,
    demographics: Demographics,
    agency: str | None = None,
    entry: date | None = None,
    probe: DuplicateProbe | None = None,
    force: bool = False,
) -> Added:
    """Create a record from the anonymous template; the true birth date only picks the template DOB."""
    entry = entry or date.today()
    dob, dob_dq = template_dob(birth, entry=entry)
    keyring = app.keyring
    now = datetime.now(UTC)
    with refusals_audited(app, actor=actor), app.db.transaction() as session:
        agency_id = _agency_id(session, agency)
        overridden = 0
        if probe is not None and not probe.empty:
            overridden = check_duplicates(
                session,
                keyring=keyring,
                actor=actor,
                anonymous=True,
                first_name=probe.first_name,
                last_name=probe.last_name,
                dob=birth.dob,
                ssn=probe.ssn,
                force=force,
            )
        client_id = new_client_id(session, prefix=ANONYMOUS_PREFIX)
        _insert_client(
            session,
            keyring=keyring,
            client_id=client_id,
            agency_id=agency_id,
            pii=template_pii(name=created_name(), dob=dob),
            quality=(NAME_DQ_CODE_NAME, SSN_DQ_NOT_COLLECTED, dob_dq),
            demographics=demographics,
            anonymous=True,
            now=now,
        )
        session.add(
            ClientDeidentification(
                client_id=client_id, origin="created", deidentified_at=now, deidentified_by=actor
            )
        )
        audit.record(
            session,
            actor=actor,
            action="client.created",
            client_id=client_id,
            detail={
                "anonymous": True,
                "agency": agency,
                "name_data_quality": NAME_DQ_CODE_NAME,
                "ssn_data_quality": SSN_DQ_NOT_COLLECTED,
                "dob_data_quality": dob_dq,
                "duplicate_check": probe is not None and not probe.empty,
            },
        )
    return Added(client_id, overridden)


def add_identified(
    app: Casebot,
    *,
    actor: str,
    pii: ClientPII,
    demographics: Demographics,
    agency: str | None = None,
    force: bool = False,
) -> Added:
    """Create an identified record, after a blind-index search for the same person (name + DOB, SSN)."""
    if not (pii.first_name and pii.last_name):
        raise AdminError("an identified client needs a first and a last name (or use --anonymous)")
    if pii.dob is not None and pii.dob > date.today():
        raise AdminError("--dob is in the future")
    ssn = "".join(ch for ch in pii.ssn or "" if ch.isdigit()) or None
    if pii.ssn and (ssn is None or len(ssn) != 9):
        raise AdminError("--ssn: expected 9 digits (dashes allowed)")
    pii = replace(pii, ssn=ssn)
    quality = (FULL, FULL if ssn else NOT_COLLECTED, FULL if pii.dob else NOT_COLLECTED)
    keyring = app.keyring
    now = datetime.now(UTC)
    with refusals_audited(app, actor=actor), app.db.transaction() as session:
        agency_id = _agency_id(session, agency)
        overridden = check_duplicates(
            session,
            keyring=keyring,
            actor=actor,
            anonymous=False,
            first_name=pii.first_name,
            last_name=pii.last_name,
            dob=pii.dob,
            ssn=ssn,
            force=force,
        )
        client_id = new_client_id(session, prefix=IDENTIFIED_PREFIX)
        _insert_client(
            session,
            keyring=keyring,
            client_id=client_id,
            agency_id=agency_id,
            pii=pii,
            quality=quality,
            demographics=demographics,
            anonymous=False,
            now=now,
        )
        audit.record(
            session,
            actor=actor,
            action="client.created",
            client_id=client_id,
            detail={
                "anonymous": False,
                "agency": agency,
                "fields": [f for f in ENCRYPTED_CLIENT_COLUMNS if getattr(pii, f) is not None],
                "name_data_quality": quality[0],
                "ssn_data_quality": quality[1],
                "dob_data_quality": quality[2],
            },
        )
    return Added(client_id, overridden)
