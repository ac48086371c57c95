"""De-identifying existing clients for good, while their client IDs keep working.

De-identifying an existing client (``anonymize``) is one transaction per call:

1. the client's PII is read once (in memory), to find what else mentions them;
2. their data key is destroyed (its wrapped form is overwritten), so every
   copy of their old ciphertext is unreadable; the template values
   ("Anonymous", "Anonymous-<ID>", the template DOB) are written under a
   NEW data key, so the old and new ciphertexts never share a key;
3. blind indexes and name-index rows go (they would let someone with the
   index key test guesses), as do "share with ROI/MOU" marks (there is
   nothing left to share);
4. quarantined originals of removed messages that mention the client (by
   name in any spelling the redactor knows, SSN, DOB, phone, email, address
   or client ID) are deleted: they were encrypted under the quarantine key,
   not the client's, so destroying the client key alone would not reach them;
5. keyed digests of their old name's forms are kept, tied to no record, so
   the redactor still hides that name in chat (``redaction.forgotten``);
6. every step is an audit row naming the client ID and field names only.

Re-running it changes nothing that is already done (and says so in the audit).

Why new ciphertext under a new key rather than clear text: the template DOB
still carries a birth year, which with race, gender and veteran status can
narrow a small population; keeping it encrypted costs nothing, and every
PII column keeps meaning "ciphertext only".

Backups: a backup taken before the anonymization holds the old wrapped key,
which the master key of that time still opens. The shred reaches those
backups once the master key is rotated (``casebot keys rotate``) and every
copy of the old master key is destroyed; the CLI says so after each run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clients.demographics import NOT_COLLECTED, template_pii
from bot.clients.locking import lock_clients
from bot.clients.template import (
    DOB_DQ_APPROXIMATE,
    MISSING_REASONS,
    NAME_DQ_CODE_NAME,
    SSN_DQ_NOT_COLLECTED,
    deidentified_name,
    recorded_dob,
)
from bot.context import Casebot
from bot.errors import AdminError
from redaction import Redactor, RosterEntry
from redaction.findings import PiiType
from redaction.forgotten import digest, name_forms
from redaction.patterns import parse_date
from storage import audit, forgotten_names
from storage import quarantine as quarantine_store
from storage.client_identity import merged_into
from storage.clients import ClientPII, decrypt_pii, encrypt_pii
from storage.crypto import FieldCipher
from storage.keys import Keyring
from storage.models import (
    ENCRYPTED_CLIENT_COLUMNS,
    Client,
    ClientDeidentification,
    ClientKey,
    ClientNameIndex,
    ClientShareMark,
    QuarantinedMessage,
)


@dataclass(frozen=True, slots=True)
class Anonymized:
    """What happened to one client (counts and field names only)."""

    client_id: str
    already_anonymous: bool
    fields_removed: tuple[str, ...] = ()
    key_destroyed: bool = False
    quarantine_removed: int = 0
    share_marks_removed: int = 0
    name_index_removed: int = 0
    household_detached: bool = False


@dataclass
class _Target:
    client: Client
    pii: ClientPII | None  # None: already anonymous, or the key was already gone


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class _MentionFinder:
    """Does a text mention one of these clients? By roster name (any spelling), SSN, DOB, contact, or ID."""

    def __init__(self, targets: Sequence[_Target]) -> None:
        people = [t for t in targets if t.pii is not None]
        self._ids = {t.client.client_id for t in targets}
        self._redactor = Redactor(
            RosterEntry(
                client_id=t.client.client_id,
                first_name=t.pii.first_name,
                last_name=t.pii.last_name,
                middle_name=t.pii.middle_name,
                dob=t.pii.dob,
                ssn=t.pii.ssn,
            )
            for t in people
            if t.pii is not None
        )
        # Complete SSNs and phone numbers only: a partial SSN's four digits would match any year.
        self._ssns = {
            _digits(t.pii.ssn) for t in people if t.pii and t.pii.ssn and len(_digits(t.pii.ssn)) == 9
        }
        self._dobs = {t.pii.dob for t in people if t.pii and t.pii.dob}
        self._phones = {
            _digits(t.pii.phone) for t in people if t.pii and t.pii.phone and len(_digits(t.pii.phone)) >= 7
        }
        self._texts = {
            v.casefold() for t in people if t.pii for v in (t.pii.email, t.pii.address) if v and len(v) >= 5
        }
        self._id_pattern = re.compile(
            r"(?<![A-Za-z0-9_-])(?:"
            + "|".join(re.escape(i) for i in sorted(self._ids))
            + r")(?![A-Za-z0-9_-])"
        )

    def mentions(self, text: str) -> bool:
        if self._id_pattern.search(text):
            return True
        folded, digits = text.casefold(), _digits(text)
        if any(s in digits for s in self._ssns) or any(p in digits for p in self._phones):
            return True
        if any(v in folded for v in self._texts):
            return True
        for finding in self._redactor.find(text):
            if finding.client_id in self._ids or self._ids.intersection(finding.candidates):
                return True
            if finding.type is PiiType.DOB and parse_date(text[finding.start : finding.end]) in self._dobs:
                return True
        return False


def _purge_quarantine(session: Session, *, keyring: Keyring, finder: _MentionFinder) -> list[str]:
    """Delete every quarantined original (live or expired but not yet purged) that mentions a target."""
    key = keyring.ensure_named_key(session, quarantine_store.KEY_NAME)
    doomed: list[str] = []
    for row_id, blob in session.execute(select(QuarantinedMessage.id, QuarantinedMessage.text_enc)):
        text = FieldCipher(key, table=quarantine_store.TABLE, row_id=row_id).decrypt("text", blob) or ""
        if finder.mentions(text):
            doomed.append(row_id)
    if doomed:
        session.execute(delete(QuarantinedMessage).where(QuarantinedMessage.id.in_(doomed)))
    return doomed


def _load_targets(session: Session, *, keyring: Keyring, client_ids: Sequence[str]) -> list[_Target]:
    if not all(audit.safe_identifier(c) for c in client_ids):
        raise AdminError("client IDs are letters, digits, '-' and '_'")
    lock_clients(session, client_ids=client_ids)
    targets: list[_Target] = []
    for client_id in dict.fromkeys(client_ids):
        survivor = merged_into(session, client_id)
        if survivor is not None:
            raise AdminError(f"client {client_id} was merged into client {survivor}; anonymize {survivor}")
        client = session.get(Client, client_id, with_for_update=True)
        if client is None:
            raise AdminError(f"no client {client_id!r}")
        pii = None
        if not client.anonymous:
            key = session.get(ClientKey, client_id, with_for_update=True)
            if key is not None and key.wrapped_key is not None:
                pii = decrypt_pii(client, data_key=keyring.client_key(key))
        targets.append(_Target(client, pii))
    return targets


def anonymize(
    app: Casebot,
    *,
    actor: str,
    client_ids: Sequence[str],
    household_remove: Sequence[str] = (),
    entry: date | None = None,
) -> list[Anonymized]:
    """De-identify clients in one transaction (see the module docstring); safe to run again."""
    if not client_ids:
        raise AdminError("name at least one client ID")
    stray = [c for c in household_remove if c not in client_ids]
    if stray:
        raise AdminError(
            f"--household-remove {stray[0]}: the member who is detached must be one of the clients "
            "being anonymized"
        )
    entry = entry or date.today()
    keyring = app.keyring
    now = datetime.now(UTC)
    results: list[Anonymized] = []
    with app.db.transaction() as session:
        targets = _load_targets(session, keyring=keyring, client_ids=client_ids)
        finder = _MentionFinder(targets)
        purged = _purge_quarantine(session, keyring=keyring, finder=finder)
        if purged:
            audit.record(
                session,
                actor=actor,
                action="client.quarantine_purged",
                detail={"clients": [t.client.client_id for t in targets], "rows": len(purged), "ids": purged},
            )
        for target in targets:
            results.append(
                _deidentify_one(
                    session,
                    keyring=keyring,
                    actor=actor,
                    target=target,
                    detach=target.client.client_id in household_remove,
                    quarantine_removed=len(purged),
                    entry=entry,
                    now=now,
                )
            )
    return results


def _deidentify_one(
    session: Session,
    *,
    keyring: Keyring,
    actor: str,
    target: _Target,
    detach: bool,
    quarantine_removed: int,
    entry: date,
    now: datetime,
) -> Anonymized:
    """An already anonymous client keeps its key; index rows and share marks go again, so a re-run repairs."""
    client = target.client
    cid = client.client_id
    already = client.anonymous
    marks = session.execute(delete(ClientShareMark).where(ClientShareMark.client_id == cid)).rowcount or 0
    names = session.execute(delete(ClientNameIndex).where(ClientNameIndex.client_id == cid)).rowcount or 0
    record = session.get(ClientDeidentification, cid)
    removed: tuple[str, ...] = ()
    if not already:
        removed = _shred_identity(session, keyring=keyring, actor=actor, target=target, entry=entry, now=now)
    record = _deidentification_record(
        session, record=record, client_id=cid, actor=actor, already=already, now=now
    )
    detached = detach and _detach_household(session, actor=actor, client=client, record=record, now=now)
    audit.record(
        session,
        actor=actor,
        action="client.deidentified",
        client_id=cid,
        detail={
            "already_anonymous": already,
            "fields_removed": list(removed),
            "name_index_rows": names,
            "share_marks": marks,
            "name_data_quality": client.name_data_quality,
            "ssn_data_quality": client.ssn_data_quality,
            "dob_data_quality": client.dob_data_quality,
        },
    )
    session.flush()
    return Anonymized(
        client_id=cid,
        already_anonymous=already,
        fields_removed=removed,
        key_destroyed=not already,
        quarantine_removed=quarantine_removed,
        share_marks_removed=marks,
        name_index_removed=names,
        household_detached=detached,
    )


def _shred_identity(
    session: Session, *, keyring: Keyring, actor: str, target: _Target, entry: date, now: datetime
) -> tuple[str, ...]:
    """Replace the PII with the template under a new key; returns the fields that held something.

    Only field names are returned and audited: the values must not outlive the key.
    """
    client = target.client
    pii = target.pii or ClientPII()
    removed = tuple(f for f in ENCRYPTED_CLIENT_COLUMNS if getattr(pii, f) is not None)
    forms = name_forms(first=pii.first_name, middle=pii.middle_name, last=pii.last_name)
    kept = forgotten_names.key(session, keyring=keyring)
    forgotten_names.add(session, (digest(kept, form) for form in forms))  # still hidden in chat
    dob, dob_dq = _deidentified_dob(target, entry=entry)
    new_key = _replace_data_key(session, keyring=keyring, client_id=client.client_id, now=now)
    _write_template(client, dob=dob, dob_dq=dob_dq, data_key=new_key, now=now)
    audit.record(
        session,
        actor=actor,
        action="client.key_destroyed",
        client_id=client.client_id,
        detail={"reason": "deidentified", "new_key": True},
    )
    return removed


def _deidentified_dob(target: _Target, *, entry: date) -> tuple[date | None, int]:
    """The template DOB and its quality; a stored DOB after the entry date is aged on itself, not refused.

    Without a readable DOB, a "no answer" reason already recorded is kept (it is
    what the client said); anything else becomes "not collected".
    """
    pii = target.pii
    if pii is not None and pii.dob is not None:
        return recorded_dob(pii.dob, entry=max(entry, pii.dob)), DOB_DQ_APPROXIMATE
    held = target.client.dob_data_quality
    return None, held if held in MISSING_REASONS else NOT_COLLECTED


def _replace_data_key(session: Session, *, keyring: Keyring, client_id: str, now: datetime) -> bytes:
    """A new data key in place of the old one, whose wrapped form is overwritten (the shred)."""
    key_row = session.get(ClientKey, client_id)
    new_key, fresh = keyring.new_client_key(client_id)
    if key_row is None:
        session.add(fresh)
    else:
        # Overwriting the wrapped key is the shred: nothing in the database can open the old ciphertext.
        key_row.wrapped_key, key_row.kek_id = fresh.wrapped_key, fresh.kek_id
        key_row.created_at, key_row.destroyed_at = now, now
    return new_key


def _write_template(client: Client, *, dob: date | None, dob_dq: int, data_key: bytes, now: datetime) -> None:
    """The template values under the new key, and no blind indexes: they would let guesses be tested."""
    cid = client.client_id
    for column, blob in encrypt_pii(
        template_pii(name=deidentified_name(cid), dob=dob), client_id=cid, data_key=data_key
    ).items():
        setattr(client, column, blob)
    client.ssn_bidx = client.dob_bidx = client.name_dob_bidx = None
    client.name_data_quality = NAME_DQ_CODE_NAME
    client.ssn_data_quality = SSN_DQ_NOT_COLLECTED
    client.dob_data_quality = dob_dq
    client.demographics = {
        **(client.demographics or {}),
        "name_data_quality": NAME_DQ_CODE_NAME,
        "ssn_data_quality": SSN_DQ_NOT_COLLECTED,
        "dob_data_quality": dob_dq,
    }
    client.anonymous = True
    client.updated_at = now


def _deidentification_record(
    session: Session,
    *,
    record: ClientDeidentification | None,
    client_id: str,
    actor: str,
    already: bool,
    now: datetime,
) -> ClientDeidentification:
    """Kept from the first run, so it says when and by whom it was first done.

    A client already anonymous without one was made anonymous on creation.
    """
    if record is None:
        record = ClientDeidentification(
            client_id=client_id,
            origin="created" if already else "deidentified",
            deidentified_at=now,
            deidentified_by=actor,
            key_destroyed_at=None if already else now,
        )
        session.add(record)
    elif not already:
        record.key_destroyed_at = now
    return record


def _detach_household(
    session: Session, *, actor: str, client: Client, record: ClientDeidentification, now: datetime
) -> bool:
    """Mark a member fleeing domestic violence restricted; True when that changed something (audited)."""
    detached = record.household_detached_at is None or not client.restricted
    record.household_detached_at = record.household_detached_at or now
    client.restricted = True
    client.updated_at = now
    if detached:
        audit.record(
            session, actor=actor, action="client.household_detached", client_id=client.client_id, detail={}
        )
    return detached
