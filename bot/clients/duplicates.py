"""Is this person already an identified client? A blind-index search before a record is created.

The search compares keyed digests (name + DOB, SSN), so the name or SSN an
admin types to check an anonymous client is never stored. A match refuses
unless the admin forces it, and both outcomes are audited; for an anonymous
client the audit holds only how many records matched, because naming them
would link the anonymous record to an identity.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.errors import AdminError
from storage import audit
from storage.client_identity import find_identified
from storage.keys import Keyring


class DuplicateFound(AdminError):
    """An identified record already holds this person; ``client_ids`` are shown to the operator only."""

    def __init__(self, client_ids: list[str], *, anonymous: bool, detail: dict[str, Any]) -> None:
        self.client_ids = client_ids
        self.detail = detail  # for the audit row: counts, and IDs only for an identified record
        which = ", ".join(client_ids)
        hint = (
            f"de-identify it instead with `casebot clients anonymize {client_ids[0]}`"
            if anonymous
            else "use that record"
        )
        super().__init__(
            f"an identified record already matches this person (client {which}); {hint}, "
            "or pass --force to create another record anyway"
        )


@dataclass(frozen=True, slots=True, repr=False)
class DuplicateProbe:
    """A name/SSN an admin supplies to check an anonymous client against. Compared by digest, never stored."""

    first_name: str | None = None
    last_name: str | None = None
    ssn: str | None = None

    def __repr__(self) -> str:
        return "DuplicateProbe(<hidden>)"

    @property
    def empty(self) -> bool:
        return not (self.first_name or self.last_name or self.ssn)


def check_duplicates(
    session: Session,
    *,
    keyring: Keyring,
    actor: str,
    anonymous: bool,
    first_name: str | None,
    last_name: str | None,
    dob: date | None,
    ssn: str | None,
    force: bool,
) -> int:
    """Search identified records by blind index; refuse a match unless ``force``. Returns matches overridden.

    For an anonymous client the audit holds only how many records matched:
    naming them would link the anonymous record to an identity.
    """
    indexer = keyring.blind_indexer(session)
    checked = [
        kind
        for kind, usable in (
            ("name_dob", indexer.name_dob(first_name, last_name, dob) is not None),
            ("ssn", indexer.ssn(ssn) is not None),
        )
        if usable
    ]
    if not checked:
        if anonymous:
            raise AdminError("the duplicate check needs first and last name with --birth-date, or a full SSN")
        return 0
    matches = find_identified(
        session, indexer=indexer, first_name=first_name, last_name=last_name, dob=dob, ssn=ssn
    )
    detail: dict[str, Any] = {"anonymous": anonymous, "checked": checked, "matches": len(matches)}
    if matches and not anonymous:
        detail["match_ids"] = matches
    if matches and not force:
        raise DuplicateFound(matches, anonymous=anonymous, detail=detail)
    if matches:
        audit.record(session, actor=actor, action="client.duplicate_overridden", detail=detail)
    return len(matches)


@contextmanager
def refusals_audited(app: Casebot, *, actor: str) -> Iterator[None]:
    """A refused duplicate is audited on its own, after the refused transaction rolled back."""
    try:
        yield
    except DuplicateFound as exc:
        audit.append(app.db, actor=actor, action="client.duplicate_refused", detail=exc.detail)
        raise
