"""Anonymous and de-identified clients: create one, de-identify one, merge two, check for duplicates.

Some people must not have PII in the HMIS: people who refuse to be identified,
who disclose HIV/AIDS status, or who are fleeing domestic violence. Everyone
still gets a record and a client ID; nobody is refused services.

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
5. every step is an audit row naming the client ID and field names only.

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
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.clients.template import (
    DOB_DQ_APPROXIMATE,
    MISSING_REASONS,
    NAME_DQ_CODE_NAME,
    SSN_DQ_NOT_COLLECTED,
    DobRuleError,
    TemplateName,
    created_name,
    deidentified_name,
    recorded_dob,
    recorded_dob_from_year,
)
from bot.context import Casebot
from bot.errors import AdminError
from bot.ports import Member
from bot.registry.people import member_refusal, registered_person
from bot.sharing import identity
from redaction import Redactor, RosterEntry
from redaction.findings import PiiType
from redaction.patterns import parse_date
from storage import audit
from storage import quarantine as quarantine_store
from storage.client_identity import find_identified, merged_into
from storage.clients import ClientPII, blind_indexes, decrypt_pii, encrypt_pii
from storage.crypto import FieldCipher
from storage.keys import Keyring
from storage.models import (
    ENCRYPTED_CLIENT_COLUMNS,
    Agency,
    BnlEntry,
    BnlList,
    Client,
    ClientAlias,
    ClientDeidentification,
    ClientKey,
    ClientNameIndex,
    ClientShareMark,
    Consent,
    QuarantinedMessage,
    Role,
)

ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: read aloud in case conferences
ANONYMOUS_PREFIX = "ANON-"
IDENTIFIED_PREFIX = "CB-"

# HUD FY2024 HMIS Data Dictionary 3.04 (race and ethnicity) and 3.06 (gender): code -> CSV column.
RACE_CODES = {
    1: "AmIndAKNative",
    2: "Asian",
    3: "BlackAfAmerican",
    4: "NativeHIPacific",
    5: "White",
    6: "HispanicLatinaeo",
    7: "MidEastNAfrican",
}
GENDER_CODES = {
    0: "Woman",
    1: "Man",
    2: "CulturallySpecific",
    3: "DifferentIdentity",
    4: "NonBinary",
    5: "Transgender",
    6: "Questioning",
}
VETERAN_CODES = (0, 1, 8, 9, 99)
FULL = 1  # full name / SSN / DOB reported
NOT_COLLECTED = 99


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


# --- input -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Demographics:
    """Race, gender and veteran status: still collected for anonymous clients (HUD universal data)."""

    race: tuple[str, ...] = ()
    race_none: int | None = None
    gender: tuple[str, ...] = ()
    gender_none: int | None = None
    veteran_status: int = 99

    def as_json(self) -> dict[str, Any]:
        """The shape ``Client.csv`` imports store (FY2024 layout), so every reader sees one format."""
        return {
            "layout": "FY2024",
            "race": {
                **{col: int(col in self.race) for col in RACE_CODES.values()},
                "RaceNone": self.race_none,
            },
            "gender": {
                **{col: int(col in self.gender) for col in GENDER_CODES.values()},
                "GenderNone": self.gender_none,
            },
            "sex": None,
            "veteran_status": self.veteran_status,
        }


def _codes(
    values: Iterable[str], table: dict[int, str], *, option: str
) -> tuple[tuple[str, ...], int | None]:
    """HUD codes or column names (any case) -> columns, or a single "none" reason (8, 9, 99)."""
    by_name = {name.lower(): name for name in table.values()}
    columns: list[str] = []
    reason: int | None = None
    for raw in values:
        for token in (t.strip() for t in str(raw).split(",")):
            if not token:
                continue
            if token.isdigit() and int(token) in MISSING_REASONS:
                reason = int(token)
            elif token.isdigit() and int(token) in table:
                columns.append(table[int(token)])
            elif token.lower() in by_name:
                columns.append(by_name[token.lower()])
            else:
                allowed = ", ".join(f"{k} {v}" for k, v in table.items())
                raise AdminError(f"{option}: not a HUD code or name; expected one of {allowed}, or 8, 9, 99")
    if reason is not None and columns:
        raise AdminError(f"{option}: 8, 9 and 99 mean no answer and cannot be combined with other codes")
    if reason is None and not columns:
        raise AdminError(f"{option} is required (HUD codes, or 8, 9, 99 when there is no answer)")
    return tuple(dict.fromkeys(columns)), reason


def parse_demographics(*, race: Iterable[str], gender: Iterable[str], veteran: str | int) -> Demographics:
    race_cols, race_none = _codes(race, RACE_CODES, option="--race")
    gender_cols, gender_none = _codes(gender, GENDER_CODES, option="--gender")
    try:
        vet = int(str(veteran).strip())
    except ValueError:
        vet = -1
    if vet not in VETERAN_CODES:
        raise AdminError("--veteran: expected 0 (no), 1 (yes), 8, 9 or 99")
    return Demographics(race_cols, race_none, gender_cols, gender_none, vet)


@dataclass(frozen=True, slots=True, repr=False)
class TrueBirth:
    """What the client said about their birth. Used once, in memory, for the template DOB; never stored."""

    dob: date | None = None
    year: int | None = None
    stated_age: int | None = None
    missing_reason: int | None = None  # 8, 9 or 99: no date at all

    def __repr__(self) -> str:
        return "TrueBirth(<hidden>)"


def template_dob(birth: TrueBirth, *, entry: date) -> tuple[date | None, int]:
    """The DOB an anonymous record holds and its DOBDataQuality."""
    given = [x for x in (birth.dob, birth.year, birth.missing_reason) if x is not None]
    if len(given) != 1:
        raise AdminError("give exactly one of --birth-date, --birth-year or --birth-unknown")
    try:
        if birth.dob is not None:
            if birth.dob > entry:
                raise AdminError("--birth-date is after the date of entry")
            return recorded_dob(birth.dob, entry=entry), DOB_DQ_APPROXIMATE
        if birth.year is not None:
            return (
                recorded_dob_from_year(birth.year, entry=entry, stated_age=birth.stated_age),
                DOB_DQ_APPROXIMATE,
            )
    except DobRuleError as exc:
        raise AdminError(str(exc)) from None
    if birth.missing_reason not in MISSING_REASONS:
        raise AdminError("--birth-unknown: expected 8 (doesn't know), 9 (prefers not to answer) or 99")
    return None, int(birth.missing_reason)  # type: ignore[arg-type]


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


@dataclass(frozen=True, slots=True)
class Added:
    client_id: str
    duplicates_overridden: int = 0


# --- helpers -----------------------------------------------------------------------------------------


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


def _template_pii(name: TemplateName, dob: date | None) -> ClientPII:
    return ClientPII(first_name=name.first, last_name=name.last, dob=dob)


def _check_duplicates(
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


@contextmanager
def _refusals_audited(app: Casebot, *, actor: str) -> Iterator[None]:
    """A refused duplicate is audited on its own, after the refused transaction rolled back."""
    try:
        yield
    except DuplicateFound as exc:
        audit.append(app.db, actor=actor, action="client.duplicate_refused", detail=exc.detail)
        raise


# --- creating records --------------------------------------------------------------------------------


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
    with _refusals_audited(app, actor=actor), app.db.transaction() as session:
        agency_id = _agency_id(session, agency)
        overridden = 0
        if probe is not None and not probe.empty:
            overridden = _check_duplicates(
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
            pii=_template_pii(created_name(), dob),
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
    with _refusals_audited(app, actor=actor), app.db.transaction() as session:
        agency_id = _agency_id(session, agency)
        overridden = _check_duplicates(
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


# --- de-identifying existing clients -------------------------------------------------------------------


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


def _lock(session: Session, client_ids: Iterable[str]) -> None:
    """Row locks in one order (PostgreSQL), so two runs over overlapping IDs wait instead of deadlocking."""
    session.execute(
        select(Client.client_id)
        .where(Client.client_id.in_(sorted(set(client_ids))))
        .order_by(Client.client_id)
        .with_for_update()
    )


def _load_targets(session: Session, *, keyring: Keyring, client_ids: Sequence[str]) -> list[_Target]:
    if not all(audit.safe_identifier(c) for c in client_ids):
        raise AdminError("client IDs are letters, digits, '-' and '_'")
    _lock(session, client_ids)
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
    client = target.client
    cid = client.client_id
    already = client.anonymous
    marks = session.execute(delete(ClientShareMark).where(ClientShareMark.client_id == cid)).rowcount or 0
    names = session.execute(delete(ClientNameIndex).where(ClientNameIndex.client_id == cid)).rowcount or 0
    record = session.get(ClientDeidentification, cid)
    removed: tuple[str, ...] = ()
    key_destroyed = False
    if not already:
        pii = target.pii or ClientPII()
        removed = tuple(f for f in ENCRYPTED_CLIENT_COLUMNS if getattr(pii, f) is not None)
        if target.pii is not None and pii.dob is not None:
            dob: date | None = recorded_dob(pii.dob, entry=max(entry, pii.dob))
            dob_dq = DOB_DQ_APPROXIMATE
        else:
            dob = None
            dob_dq = client.dob_data_quality if client.dob_data_quality in MISSING_REASONS else NOT_COLLECTED
        key_row = session.get(ClientKey, cid)
        new_key, fresh = keyring.new_client_key(cid)
        if key_row is None:
            session.add(fresh)
        else:
            # Overwriting the wrapped key is the shred: nothing in the database can open the old ciphertext.
            key_row.wrapped_key, key_row.kek_id = fresh.wrapped_key, fresh.kek_id
            key_row.created_at, key_row.destroyed_at = now, now
        key_destroyed = True
        for column, blob in encrypt_pii(
            _template_pii(deidentified_name(cid), dob), client_id=cid, data_key=new_key
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
        audit.record(
            session,
            actor=actor,
            action="client.key_destroyed",
            client_id=cid,
            detail={"reason": "deidentified", "new_key": True},
        )
    if record is None:
        record = ClientDeidentification(
            client_id=cid,
            origin="created" if already else "deidentified",
            deidentified_at=now,
            deidentified_by=actor,
            key_destroyed_at=now if key_destroyed else None,
        )
        session.add(record)
    elif key_destroyed:
        record.key_destroyed_at = now
    detached = False
    if detach:
        detached = record.household_detached_at is None or not client.restricted
        record.household_detached_at = record.household_detached_at or now
        client.restricted = True
        client.updated_at = now
        if detached:
            audit.record(session, actor=actor, action="client.household_detached", client_id=cid, detail={})
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
        key_destroyed=key_destroyed,
        quarantine_removed=quarantine_removed,
        share_marks_removed=marks,
        name_index_removed=names,
        household_detached=detached,
    )


# --- merging two anonymous records -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merged:
    keep_id: str
    merged_id: str
    already: bool = False
    consents_moved: int = 0
    list_entries_moved: int = 0
    list_entries_dropped: int = 0


def merge(app: Casebot, *, actor: str, keep_id: str, merge_id: str, confirm: str | None) -> Merged:
    """Fold ``merge_id`` into ``keep_id``; both must be anonymous. ``confirm`` must repeat ``merge_id``.

    The merged record keeps its row (so every reference to its ID stays
    valid) but holds nothing: its key is destroyed, it is off the roster, and
    ``client_aliases`` sends its ID to the survivor. Its consents and list
    entries move to the survivor (a list that already holds the survivor
    keeps the survivor's entry). The survivor's own fields are kept as they are.
    """
    if confirm != merge_id:
        raise AdminError(f"to merge, confirm by repeating the ID that goes away ({merge_id})")
    if keep_id == merge_id:
        raise AdminError("a client cannot be merged into itself")
    now = datetime.now(UTC)
    with app.db.transaction() as session:
        for cid in (keep_id, merge_id):
            if not audit.safe_identifier(cid):
                raise AdminError("client IDs are letters, digits, '-' and '_'")
        if merged_into(session, merge_id) == keep_id:
            audit.record(
                session,
                actor=actor,
                action="client.merge_repeated",
                client_id=keep_id,
                detail={"merged": merge_id},
            )
            return Merged(keep_id, merge_id, already=True)
        for cid in (keep_id, merge_id):
            survivor = merged_into(session, cid)
            if survivor is not None:
                raise AdminError(f"client {cid} was already merged into client {survivor}")
        _lock(session, (keep_id, merge_id))
        keep = session.get(Client, keep_id)
        gone = session.get(Client, merge_id)
        for cid, client in ((keep_id, keep), (merge_id, gone)):
            if client is None or client.deleted_at is not None:
                raise AdminError(f"no client {cid!r}")
            if not client.anonymous:
                raise AdminError(
                    f"client {cid} is not anonymous; only two anonymous records can be merged "
                    "(de-identify it first with `casebot clients anonymize`)"
                )
        assert keep is not None and gone is not None
        consents = (
            session.execute(
                update(Consent).where(Consent.client_id == merge_id).values(client_id=keep_id)
            ).rowcount
            or 0
        )
        moved = dropped = 0
        touched: set[int] = set()
        for entry in list(session.scalars(select(BnlEntry).where(BnlEntry.client_id == merge_id))):
            touched.add(entry.list_id)
            if session.get(BnlEntry, (entry.list_id, keep_id)) is None:
                session.execute(
                    update(BnlEntry)
                    .where(BnlEntry.list_id == entry.list_id, BnlEntry.client_id == merge_id)
                    .values(client_id=keep_id)
                )
                moved += 1
            else:
                session.delete(entry)
                dropped += 1
        for list_id in touched:  # posted copies of the list are refreshed in place
            lst = session.get_one(BnlList, list_id)
            lst.revision += 1
            lst.updated_at = now
        session.execute(delete(ClientShareMark).where(ClientShareMark.client_id == merge_id))
        session.execute(delete(ClientNameIndex).where(ClientNameIndex.client_id == merge_id))
        for column in ENCRYPTED_CLIENT_COLUMNS:
            setattr(gone, f"{column}_enc", None)
        gone.ssn_bidx = gone.dob_bidx = gone.name_dob_bidx = None
        gone.deleted_at = now
        gone.updated_at = now
        keep.updated_at = now
        key_row = session.get(ClientKey, merge_id)
        if key_row is not None:
            key_row.wrapped_key, key_row.kek_id, key_row.destroyed_at = None, None, now
        session.execute(
            update(ClientAlias).where(ClientAlias.client_id == merge_id).values(client_id=keep_id)
        )
        session.add(ClientAlias(alias_id=merge_id, client_id=keep_id, merged_at=now, merged_by=actor))
        detail = {
            "kept": keep_id,
            "merged": merge_id,
            "consents_moved": consents,
            "list_entries_moved": moved,
            "list_entries_dropped": dropped,
        }
        audit.record(session, actor=actor, action="client.merged", client_id=keep_id, detail=detail)
        audit.record(session, actor=actor, action="client.merged_into", client_id=merge_id, detail=detail)
    return Merged(keep_id, merge_id, False, consents, moved, dropped)


# --- who may do this from Slack ------------------------------------------------------------------------


def slack_admin_refusal(
    app: Casebot, *, slack_user_id: str, member: Member | None, client_id: str
) -> str | None:
    """None when this person may de-identify clients from Slack, else a reason code (the refusal audited).

    An active HMIS admin of a participating agency, a full member of the
    workspace (``member`` from users.info), with a live verified (TOTP)
    session. Redis down means no verified session: refused (fail closed).
    """
    with app.db.transaction() as session:
        reason = _slack_refusal(app, session, slack_user_id=slack_user_id, member=member)
        if reason is not None:
            audit.record(
                session,
                actor=slack_user_id,
                action="client.anonymize_refused",
                client_id=client_id if audit.safe_identifier(client_id) else None,
                detail={"reason": reason, "via": "slack"},
            )
    return reason


def _slack_refusal(
    app: Casebot, session: Session, *, slack_user_id: str, member: Member | None
) -> str | None:
    person = registered_person(session, slack_user_id=slack_user_id)
    if person is None:
        return "not_registered"
    if person.role is not Role.HMIS_ADMIN:
        return "not_admin"
    why = member_refusal(member)
    if why is not None:
        return why
    if not identity.is_enrolled_in(session, slack_user_id=slack_user_id):
        return "not_enrolled"
    if identity.verified_session(app, session, slack_user_id=slack_user_id) is None:
        return "not_verified"
    return None
