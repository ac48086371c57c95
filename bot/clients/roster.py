"""The redactor's roster: the people it knows by name, from the encrypted client store or a Client.csv.

Both the running bot (``bot.channels.roster_cache``) and ``casebot redact``
build a ``redaction.Redactor`` from these entries. A Client.csv is read leniently, as
`casebot clients import` reads it: a value that breaks the specification is left out (never
guessed at), the person kept, because a person left off is a person the redactor cannot hide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clients.importing import pii_of
from bot.context import Casebot
from redaction import Redactor, RosterEntry
from redaction.forgotten import ForgottenNames
from storage import forgotten_names
from storage.clients import ClientPII, iter_roster
from storage.hmis_csv import RowError, iter_client_csv
from storage.models import Client


def entry(client_id: str, pii: ClientPII) -> RosterEntry:
    """The roster entry the redactor needs of one client: names, DOB and SSN, nothing else."""
    return RosterEntry(
        client_id=client_id,
        first_name=pii.first_name,
        last_name=pii.last_name,
        middle_name=pii.middle_name,
        dob=pii.dob,
        ssn=pii.ssn,
    )


def roster_from_csv(path: Path) -> tuple[list[RosterEntry], list[RowError]]:
    """People from a Client.csv (read leniently); rows that cannot be used are reported."""
    entries: list[RosterEntry] = []
    errors: list[RowError] = []
    with iter_client_csv(path, lenient=True) as reader:
        for item in reader:
            if isinstance(item, RowError):
                errors.append(item)
            elif item.date_deleted is None:
                entries.append(entry(item.personal_id, pii_of(item)))
    return entries, errors


def redactor_from_db(app: Casebot) -> Redactor:
    """The bot's redactor: the roster, and the names of de-identified clients it must still hide."""
    with app.db.transaction() as session:  # may create the digests' key on first use
        forgotten = ForgottenNames(
            key=forgotten_names.key(session, keyring=app.keyring),
            digests=forgotten_names.all_digests(session),
        )
    return Redactor(roster_from_db(app), forgotten=forgotten)


def roster_from_db(app: Casebot) -> list[RosterEntry]:
    with app.db.transaction(write=False) as session:
        return [entry(client.client_id, pii) for client, pii in iter_roster(session, keyring=app.keyring)]


@dataclass(frozen=True, slots=True)
class RosterCounts:
    identified: int  # on the roster, with a name the redactor knows
    anonymous: int  # on the roster from the anonymous template
    deleted: int  # taken off (DateDeleted, merged away)


def count_clients(session: Session) -> RosterCounts:
    """How many clients are on the roster, anonymous, and deleted: one grouped query, no decryption."""
    rows = session.execute(
        select(Client.anonymous, Client.deleted_at.is_(None), func.count()).group_by(
            Client.anonymous, Client.deleted_at.is_(None)
        )
    ).all()
    return RosterCounts(
        identified=sum(n for anon, live, n in rows if live and not anon),
        anonymous=sum(n for anon, live, n in rows if live and anon),
        deleted=sum(n for _, live, n in rows if not live),
    )
