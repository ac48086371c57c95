"""The incident register: staff reports, incidents opened by rules, notes, and closing with corrective action.

Why it looks like this:

- Breaches must be documented, so the register only grows. An incident is
  closed once, with a corrective action; notes are appended; nothing is
  deleted (the database refuses it too, migration 0008).
- Staff describe incidents in their own words, which may name a client. Every
  piece of free text is run through the redactor before it is stored, and
  stored encrypted (``storage.incident_store``). Audit rows, DMs and logs
  carry incident numbers, categories, Slack IDs and client IDs only.
- Other rules open incidents with ``open_incident``, which takes codes, never
  text, so no caller can leak a message into the register by accident.

``open_incident`` (for other modules)::

    from bot.oversight import incidents
    with app.db.transaction() as session:
        number = incidents.open_incident(
            session, category="undeletable_message", reported_by="bot:casebot",
            summary_codes=["message.delete_failed", "no_admin_token"], client_ids=["1455"],
        )
    incidents.notify_opened(app, slack=slack, incident_id=number)   # optional: DM supervisors + HMIS leads
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ids import CLIENT_ID
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from bot.registry.people import registered_person
from redaction import PiiType, Redaction
from storage import audit, incident_store
from storage.keys import Keyring
from storage.models import Agency, Client, Incident, Role, User

log = logging.getLogger("casebot.incidents")

# What staff can choose in the /casebot report modal, with the words shown for each.
REPORT_CATEGORIES: dict[str, str] = {
    "phishing": "phishing attempt",
    "suspicious_request": "suspicious request",
    "suspected_breach": "suspected breach",
    "lost_device": "lost device",
    "other": "other",
}
# Categories other rules open incidents under; any other plain code is accepted too and shown as is.
RULE_CATEGORIES: dict[str, str] = {
    "undeletable_message": "message with PII that could not be deleted",
    "legal_request": "external or legal request",
    "meeting_link": "unprotected meeting link",
    "escalation": "escalated request",
    "audit_witness": "audit checkpoints not reaching a witness",
    "event_failed": "a Slack event casebot could not process after repeated tries",
}
MAX_TEXT = 3000  # characters of free text (a Slack modal input allows 3000)

_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_CODE = re.compile(r"^[a-z][a-z0-9_.:-]{0,63}$")

Redact = Callable[[str], Redaction]


class IncidentError(ValueError):
    """A request the person can fix. ``field`` names the input at fault; the message never quotes it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotPermitted(PermissionError):
    """Only an active HMIS admin may read or close incidents in Slack."""


def label(category: str) -> str:
    return REPORT_CATEGORIES.get(category) or RULE_CATEGORIES.get(category) or category.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Summary:
    id: int
    category: str
    reported_by: str
    agency: str | None
    opened_at: datetime
    closed_at: datetime | None
    client_ids: tuple[str, ...]
    summary_codes: tuple[str, ...]

    @property
    def label(self) -> str:
        return label(self.category)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class Note:
    author: str
    created_at: datetime
    text: str

    def __repr__(self) -> str:
        return f"Note(author={self.author}, <text hidden>)"


@dataclass(frozen=True, slots=True)
class Detail:
    """One incident with its (redacted) free text decrypted; the repr hides the text."""

    summary: Summary
    description: str | None
    notes: tuple[Note, ...]
    closed_by: str | None
    corrective_action: str | None

    def __repr__(self) -> str:
        return f"Detail(id={self.summary.id}, <text hidden>)"


@dataclass(frozen=True, slots=True)
class Reported:
    incident_id: int
    redacted_kinds: tuple[str, ...]  # what the redactor took out of the description (kinds only)


@dataclass(frozen=True, slots=True)
class Notified:
    recipients: tuple[str, ...]
    failed: tuple[str, ...]


# --- validation -----------------------------------------------------------------------------------------


def _checked_codes(values: Sequence[str], *, what: str, pattern: re.Pattern[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise IncidentError(f"{what} must be plain codes (e.g. 'message.delete_failed')", field=what)
        if value not in out:
            out.append(value)
    return out


def _free_text(text: str, *, field: str, what: str) -> str:
    clean = (text or "").strip()
    if not clean:
        raise IncidentError(f"{what} is required", field=field)
    if len(clean) > MAX_TEXT:
        raise IncidentError(f"{what} is longer than {MAX_TEXT} characters", field=field)
    return clean


def _redacted(redact: Redact, text: str) -> tuple[str, tuple[str, ...]]:
    """The text with PII replaced (roster names become client IDs), and the kinds replaced."""
    result = redact(text)
    found = {f.type for f in result.findings}
    return result.text, tuple(str(t) for t in PiiType if t in found)


def check_client_id(session: Session, value: str) -> str | None:
    """An optional client ID typed by staff: empty, or the ID of a client on the by-name list.

    The field is stored as typed, unencrypted, so anything that is not a known
    client ID (a name, a date of birth) is refused rather than kept.
    """
    value = (value or "").strip()
    if not value:
        return None
    if not CLIENT_ID.fullmatch(value):
        raise IncidentError("enter a client ID only (letters and digits), never a name", field="client_id")
    client = session.get(Client, value)
    if client is None or client.deleted_at is not None:
        raise IncidentError("there is no client with that ID on the by-name list", field="client_id")
    return value


# --- opening --------------------------------------------------------------------------------------------


def open_incident(
    session: Session,
    *,
    category: str,
    reported_by: str,
    summary_codes: Sequence[str] = (),
    client_ids: Sequence[str] = (),
) -> int:
    """Open an incident from a rule (no free text), audited in the caller's transaction; its number.

    ``category`` is a plain code (see ``RULE_CATEGORIES``); ``reported_by`` a Slack ID
    or an actor such as ``bot:casebot``; ``summary_codes`` short codes saying what
    happened (``message.delete_failed``, ``rule:legal_language``, ``escalation:12``);
    ``client_ids`` the HMIS client IDs concerned. Raises ``IncidentError`` on anything else.
    """
    return _open(
        session,
        keyring=None,
        category=category,
        reported_by=reported_by,
        summary_codes=summary_codes,
        client_ids=client_ids,
        description=None,
        redacted_kinds=(),
    )


def _open(
    session: Session,
    *,
    keyring: Keyring | None,
    category: str,
    reported_by: str,
    summary_codes: Sequence[str],
    client_ids: Sequence[str],
    description: str | None,
    redacted_kinds: tuple[str, ...],
) -> int:
    if not _CATEGORY.fullmatch(category or ""):
        raise IncidentError("the category must be a plain code such as 'suspected_breach'", field="category")
    if not audit.safe_identifier(reported_by or ""):
        raise IncidentError("reported_by must be a Slack ID or an actor name", field="reported_by")
    codes = _checked_codes(summary_codes, what="summary_codes", pattern=_CODE)
    ids = _checked_codes(client_ids, what="client_ids", pattern=CLIENT_ID)
    agency_id = session.scalar(select(User.agency_id).where(User.slack_user_id == reported_by))
    if description is not None and keyring is None:
        raise IncidentError("free text needs the keyring", field="description")
    row = incident_store.add_incident(
        session,
        keyring=keyring,
        category=category,
        reported_by=reported_by,
        agency_id=agency_id,
        summary_codes=codes,
        client_ids=ids,
        description=description,
    )
    audit.record(
        session,
        actor=reported_by,
        action="incident.opened",
        client_id=ids[0] if len(ids) == 1 else None,
        detail={
            "incident": row.id,
            "category": category,
            "client_ids": ids,
            "codes": codes,
            "described": description is not None,
            "redacted": list(redacted_kinds),
        },
    )
    return row.id


def may_report(app: Casebot, *, slack_user_id: str) -> bool:
    """Whether to open the report modal: active casebot users only (their supervisors hear of it)."""
    with app.db.transaction(write=False) as session:
        return registered_person(session, slack_user_id=slack_user_id) is not None


def report(
    app: Casebot,
    *,
    redact: Redact,
    reporter: str,
    category: str,
    description: str,
    client_id: str = "",
) -> Reported:
    """A staff report from the /casebot report modal: validated, redacted, encrypted, audited.

    Only an active casebot user may report (their supervisors are who hears of it).
    """
    if category not in REPORT_CATEGORIES:
        raise IncidentError("choose a category from the list", field="category")
    text = _free_text(description, field="description", what="a description")
    with app.db.transaction() as session:
        if registered_person(session, slack_user_id=reporter) is None:
            raise NotPermitted("only active casebot users can report an incident; ask your supervisor")
        client = check_client_id(session, client_id)
        clean, kinds = _redacted(redact, text)
        number = _open(
            session,
            keyring=app.keyring,
            category=category,
            reported_by=reporter,
            summary_codes=("report",),
            client_ids=(client,) if client else (),
            description=clean,
            redacted_kinds=kinds,
        )
    return Reported(incident_id=number, redacted_kinds=kinds)


# --- who hears of it ------------------------------------------------------------------------------------


def recipients(session: Session, *, incident: Incident) -> list[str]:
    """The reporter's agency supervisors (when the reporter is a casebot user) and every HMIS lead.

    Active users only, the reporter left out (they know), each once.
    """
    query = select(User.slack_user_id).where(User.active.is_(True))
    leads = session.scalars(query.where(User.role == Role.HMIS_ADMIN).order_by(User.slack_user_id))
    people = []
    if incident.agency_id is not None:
        people.extend(
            session.scalars(
                query.where(User.role == Role.SUPERVISOR, User.agency_id == incident.agency_id).order_by(
                    User.slack_user_id
                )
            )
        )
    people.extend(leads)
    out: list[str] = []
    for person in people:
        if person != incident.reported_by and person not in out:
            out.append(person)
    return out


def notice_text(*, incident_id: int, category: str, reported_by: str) -> str:
    """The DM: the number, the category and who reported it. Never the description."""
    who = f"<@{reported_by}>" if re.fullmatch(r"[UW][A-Z0-9]{2,31}", reported_by) else reported_by
    return (
        f":rotating_light: New incident #{incident_id} ({label(category)}) was reported by {who}. "
        f"Read it with `/casebot incidents show {incident_id}` (HMIS admins) or "
        f"`casebot incidents show {incident_id}`."
    )


def notify_opened(app: Casebot, *, slack: SlackPort, incident_id: int) -> Notified:
    """DM the reporter's supervisors and the HMIS leads about a new incident; audited (who was told)."""
    with app.db.transaction(write=False) as session:
        row = incident_store.get(session, incident_id=incident_id)
        if row is None:
            raise IncidentError(f"no incident #{incident_id}")
        people = recipients(session, incident=row)
        text = notice_text(incident_id=row.id, category=row.category, reported_by=row.reported_by)
    failed = []
    for person in people:  # chat.postMessage to a user ID lands in the app's DM with them
        result = slack.announce(place=Place(channel=person), text=text)
        if not result.ok:
            failed.append(person)
            log.warning("incident #%d: DM to %s failed: %s", incident_id, person, result.error)
    if not people:
        log.error("incident #%d: nobody to tell (no supervisor, no active HMIS admin)", incident_id)
    audit.append(
        app.db,
        actor="bot:casebot",
        action="incident.notified",
        detail={"incident": incident_id, "recipients": people, "failed": failed},
    )
    return Notified(recipients=tuple(people), failed=tuple(failed))


# --- reading, notes, closing ----------------------------------------------------------------------------


def _summary(row: Incident, agency: str | None) -> Summary:
    return Summary(
        id=row.id,
        category=row.category,
        reported_by=row.reported_by,
        agency=agency,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        client_ids=tuple(row.client_ids or ()),
        summary_codes=tuple(row.summary_codes or ()),
    )


def _agency_slugs(session: Session) -> dict[int, str]:
    return {agency_id: slug for agency_id, slug in session.execute(select(Agency.id, Agency.slug))}


def list_incidents(app: Casebot, *, open_only: bool = False, limit: int | None = None) -> list[Summary]:
    """Newest first. Categories, reporters and client IDs only: no free text, so no audit row."""
    with app.db.transaction(write=False) as session:
        slugs = _agency_slugs(session)
        rows = incident_store.listing(session, open_only=open_only, limit=limit)
        return [_summary(r, slugs.get(r.agency_id) if r.agency_id else None) for r in rows]


def show(app: Casebot, *, incident_id: int, viewer: str) -> Detail:
    """One incident with its redacted text. Reading the text is audited (the redactor can miss things)."""
    with app.db.transaction() as session:
        row = _existing(session, incident_id)
        keyring = app.keyring
        detail = Detail(
            summary=_summary(row, _agency_slugs(session).get(row.agency_id) if row.agency_id else None),
            description=incident_store.description_of(session, keyring=keyring, row=row),
            notes=tuple(
                Note(n.author, n.created_at, incident_store.note_text(session, keyring=keyring, note=n))
                for n in incident_store.notes_of(session, incident_id=row.id)
            ),
            closed_by=row.closed_by,
            corrective_action=incident_store.corrective_action_of(session, keyring=keyring, row=row),
        )
        audit.record(session, actor=viewer, action="incident.viewed", detail={"incident": row.id})
    return detail


def _existing(session: Session, incident_id: int, *, lock: bool = False) -> Incident:
    row = incident_store.get(session, incident_id=incident_id, lock=lock)
    if row is None:
        raise IncidentError(f"no incident #{incident_id}; see `casebot incidents list`")
    return row


def add_note(app: Casebot, *, redact: Redact, incident_id: int, author: str, text: str) -> int:
    """Append an update (redacted, encrypted, audited); allowed on closed incidents too. The note's number."""
    clean, kinds = _redacted(redact, _free_text(text, field="text", what="the note"))
    with app.db.transaction() as session:
        row = _existing(session, incident_id)
        note = incident_store.add_note(session, keyring=app.keyring, row=row, author=author, text=clean)
        audit.record(
            session,
            actor=author,
            action="incident.noted",
            detail={"incident": row.id, "note": note.id, "redacted": list(kinds)},
        )
        return note.id


def close(app: Casebot, *, redact: Redact, incident_id: int, actor: str, corrective_action: str) -> None:
    """Close an open incident with the corrective action taken (required); once, audited."""
    clean, kinds = _redacted(
        redact, _free_text(corrective_action, field="corrective_action", what="the corrective action")
    )
    with app.db.transaction() as session:
        row = _existing(session, incident_id, lock=True)
        if row.closed_at is not None:
            raise IncidentError(f"incident #{incident_id} is already closed")
        incident_store.close_incident(
            session, keyring=app.keyring, row=row, closed_by=actor, corrective_action=clean
        )
        audit.record(
            session,
            actor=actor,
            action="incident.closed",
            detail={"incident": row.id, "category": row.category, "redacted": list(kinds)},
        )


def require_hmis_admin(app: Casebot, *, slack_user_id: str, asked: str) -> None:
    """Active HMIS admins only; a refusal is audited before the person hears of it."""
    with app.db.transaction() as session:
        person = registered_person(session, slack_user_id=slack_user_id)
        if person is not None and person.role is Role.HMIS_ADMIN:
            return
        audit.record(session, actor=slack_user_id, action="incident.refused", detail={"asked": asked})
    raise NotPermitted("only an HMIS admin can read or close incidents")
