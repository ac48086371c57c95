"""The audit store as the HMIS lead uses it: checkpoints, verification, accounting, export, proofs."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.csv_cells import InertCsvWriter
from bot.errors import AdminError
from bot.oversight import incidents
from bot.oversight.audit_witnesses import folder, remote_witnesses
from bot.ports.slack import SlackPort
from storage import audit
from storage.audit_checkpoints import (
    SIGNING_KEY,
    CheckpointMirror,
    CheckpointSigner,
    checkpoint_document,
    latest,
    leaf_of,
    payload,
    signature_ok,
    signed_bytes,
    write_checkpoint,
)
from storage.audit_verify import AuditReport, verify_log
from storage.audit_witness import Witness, WitnessConflict, WitnessError
from storage.client_identity import client_id_group, merged_into
from storage.merkle import ProofError, inclusion_proof, verify_inclusion
from storage.models import AuditCheckpoint, AuditEvent, AuditWitnessState, Client, Role, User

log = logging.getLogger("casebot.audit")

# A witness that failed this many publishing attempts in a row opens an incident (once per outage); one
# that holds a different copy of a checkpoint than casebot signed opens one at once: that is evidence.
INCIDENT_AFTER_FAILURES = 5


def signer(app: Casebot, session: Session) -> CheckpointSigner:
    return CheckpointSigner(app.keyring.ensure_named_key(session, SIGNING_KEY))


def mirror(app: Casebot) -> CheckpointMirror:
    return folder(app.settings)


def checkpoint_now(app: Casebot) -> AuditCheckpoint | None:
    """Write a checkpoint if any row is new, then make sure every checkpoint has its copy in the folder.

    The copy is written after the commit: a copy of a checkpoint that then
    rolled back would look like tampering. A crash in between leaves a
    checkpoint without its copy, which the next run writes. The other
    witnesses are sent what is new by ``publish_pending``, off the request path.
    """
    with app.db.transaction() as session:
        key = signer(app, session)
        cp = write_checkpoint(session, signer=key)
        held = list(session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.tree_size)))
    target = mirror(app)
    copied = target.held_sizes()
    for checkpoint in held:
        if checkpoint.tree_size not in copied:
            target.write(checkpoint, public_key=key.public_key)
    return cp


def _uncovered(app: Casebot) -> tuple[int, AuditCheckpoint | None]:
    """How many rows no checkpoint covers yet, and the newest checkpoint."""
    with app.db.transaction(write=False) as session:
        last = latest(session)
        rows = session.scalar(select(func.max(AuditEvent.seq))) or 0
    return rows - (last.tree_size if last else 0), last


def checkpoint_if_new(app: Casebot) -> AuditCheckpoint | None:
    """A checkpoint when anything was appended since the last one: after a CLI command, at shutdown."""
    new, _ = _uncovered(app)
    return checkpoint_now(app) if new > 0 else None


def checkpoint_if_due(app: Casebot, *, now: datetime | None = None) -> AuditCheckpoint | None:
    """Checkpoint every N events or T seconds, whichever comes first (settings)."""
    now = now or datetime.now(UTC)
    new, last = _uncovered(app)
    if new <= 0:
        return None
    age = (now - last.created_at).total_seconds() if last else float("inf")
    if new >= app.settings.audit_checkpoint_every or age >= app.settings.audit_checkpoint_seconds:
        return checkpoint_now(app)
    return None


@dataclass(frozen=True, slots=True)
class Published:
    """What one publishing run did for one witness: the tree sizes it took, or the error that stopped it."""

    witness: str
    tree_sizes: tuple[int, ...] = ()
    error: str | None = None
    failures: int = 0
    incident_id: int | None = None


def publish_pending(
    app: Casebot, *, witnesses: Sequence[Witness], slack: SlackPort | None = None
) -> list[Published]:
    """Send each witness the checkpoints it does not have yet, oldest first; record how far it got.

    A witness seen for the first time starts with the newest checkpoint (its
    root pins every row before it). A failure stops that witness's run and is
    counted: it is retried on the next run, logged with its error code only,
    and after ``INCIDENT_AFTER_FAILURES`` in a row an incident is opened (the
    HMIS leads are told when ``slack`` is given).
    """
    return [_publish_to(app, witness, slack=slack) for witness in witnesses if witness.kind != "folder"]


def _publish_to(app: Casebot, witness: Witness, *, slack: SlackPort | None) -> Published:
    with app.db.transaction() as session:
        key = signer(app, session)
        state = session.get(AuditWitnessState, witness.name)
        query = select(AuditCheckpoint)
        if state is not None and state.published_through is not None:
            query = query.where(AuditCheckpoint.tree_size > state.published_through)
            query = query.order_by(AuditCheckpoint.tree_size)
        else:
            query = query.order_by(AuditCheckpoint.tree_size.desc()).limit(1)
        pending = [
            (cp.tree_size, checkpoint_document(cp, public_key=key.public_key))
            for cp in session.scalars(query)
        ]
    done: list[int] = []
    error: WitnessError | None = None
    for tree_size, document in pending:
        try:
            witness.publish(tree_size=tree_size, document=document)
        except WitnessError as exc:
            error = exc
            break
        done.append(tree_size)
    if not done and error is None:
        return Published(witness.name)
    return _record(app, witness, done=done, error=error, slack=slack)


def _record(
    app: Casebot, witness: Witness, *, done: list[int], error: WitnessError | None, slack: SlackPort | None
) -> Published:
    now = datetime.now(UTC)
    opened: int | None = None
    with app.db.transaction() as session:
        state = session.get(AuditWitnessState, witness.name)
        if state is None:
            state = AuditWitnessState(witness=witness.name, failures=0)
            session.add(state)
        if done:
            state.first_published = state.first_published if state.first_published is not None else done[0]
            state.published_through = done[-1]
            state.published_at = now
            state.failures, state.failing_since, state.last_error, state.incident_id = 0, None, None, None
        if error is not None:
            state.failures = (state.failures or 0) + 1
            state.failing_since = state.failing_since or now
            state.last_error = error.code
            due = isinstance(error, WitnessConflict) or state.failures >= INCIDENT_AFTER_FAILURES
            if due and state.incident_id is None:
                opened = state.incident_id = incidents.open_incident(
                    session,
                    category="audit_witness",
                    reported_by="bot:casebot",
                    summary_codes=[f"witness.{witness.kind}", f"error.{error.code}"],
                )
        failures, incident_id = state.failures, state.incident_id
    if error is not None:
        log.warning(
            "audit witness %s: checkpoint not published (%s), %d failure(s) in a row; will retry",
            witness.name,
            error.code,
            failures,
        )
    if opened is not None:
        log.error("audit witness %s keeps failing: incident #%d opened", witness.name, opened)
        if slack is not None:
            try:
                incidents.notify_opened(app, slack=slack, incident_id=opened)
            except Exception as exc:
                log.error("incident #%d: the HMIS leads could not be told (%s)", opened, type(exc).__name__)
    return Published(
        witness.name,
        tuple(done),
        error.code if error else None,
        failures,
        incident_id,
    )


def latest_checkpoint(app: Casebot) -> AuditCheckpoint | None:
    with app.db.transaction(write=False) as session:
        return latest(session)


def public_key(app: Casebot) -> bytes:
    with app.db.transaction() as session:
        return signer(app, session).public_key


def verify(
    app: Casebot,
    *,
    workers: int | None = None,
    witnesses: Sequence[Witness] | None = None,
    slack: SlackPort | None = None,
    now: datetime | None = None,
) -> AuditReport:
    """Verify the log against its checkpoints, the folder of copies and every configured witness."""
    key = public_key(app)
    if witnesses is None:
        witnesses = remote_witnesses(app.settings, slack=slack)
    with app.db.transaction(write=False) as session:
        return verify_log(
            session,
            public_key=key,
            mirror=mirror(app),
            witnesses=witnesses,
            database_url=app.db.url,
            workers=workers,
            now=now,
            grace=timedelta(minutes=app.settings.audit_witness_grace_minutes),
        )


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One line of a client's accounting of disclosures (HMIS privacy: who saw what, why, on what basis)."""

    seq: int
    occurred_at: datetime
    recipient: str
    agency: str
    fields: str
    purpose: str
    basis: str
    delivery: str


def accounting(app: Casebot, *, client_id: str) -> list[Disclosure]:
    """Disclosures of this client under any of their IDs (a merged ID and its survivor are one person)."""
    with app.db.transaction(write=False) as session:
        events = session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.client_id.in_(client_id_group(session, client_id)),
                AuditEvent.action == audit.DISCLOSURE,
            )
            .order_by(AuditEvent.seq)
        )
        out = []
        for ev in events:
            d = json.loads(ev.detail)
            basis = str(d.get("basis", ""))
            if d.get("basis_ref"):
                basis += f" #{d['basis_ref']}"
            out.append(
                Disclosure(
                    seq=ev.seq,
                    occurred_at=ev.occurred_at,
                    recipient=ev.actor,
                    agency=str(d.get("agency", "")),
                    fields=", ".join(map(str, d.get("fields", []))),
                    purpose=str(d.get("purpose", "")),
                    basis=basis,
                    delivery=str(d.get("delivery", "")),
                )
            )
        return out


class NotPermitted(PermissionError):
    """The person may not ask this; the message says why, privately."""


def accounting_for_admin(app: Casebot, *, slack_user_id: str, client_id: str) -> list[Disclosure]:
    """The accounting as an HMIS admin asks in Slack: active HMIS admins only, and the asking is audited.

    Fails closed: an unknown, removed or non-admin user gets nothing.
    """

    if not audit.safe_identifier(client_id):
        raise NotPermitted("that is not a client ID")
    with app.db.transaction() as session:
        user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
        allowed = user is not None and user.active and user.role is Role.HMIS_ADMIN
        action = "audit.accounting_viewed" if allowed else "audit.accounting_refused"
        audit.record(session, actor=slack_user_id, action=action, client_id=client_id)
    if not allowed:  # the refusal is committed to the log before the person hears of it
        raise NotPermitted("only an HMIS admin can see a client's accounting of disclosures")
    return accounting(app, client_id=client_id)


def accounting_for_operator(app: Casebot, *, actor: str, client_id: str) -> list[Disclosure]:
    """The accounting as an operator with the installation's keys asks at the command line; audited first,
    because who looked at whose disclosures is itself something the HMIS lead must be able to answer.
    An ID that was never on the roster is refused (a typo must not read as "no disclosures")."""
    with app.db.transaction(write=False) as session:
        known = session.get(Client, client_id) is not None or merged_into(session, client_id) is not None
    if not known:
        raise AdminError(f"no client {client_id!r} was ever on the roster")
    audit.append(app.db, actor=actor, action="audit.accounting_viewed", client_id=client_id)
    return accounting(app, client_id=client_id)


def write_accounting_csv(rows: list[Disclosure], out: TextIO) -> None:
    writer = InertCsvWriter(out)
    writer.writerow(["seq", "date", "recipient", "agency", "fields", "purpose", "basis", "delivery"])
    for r in rows:
        writer.writerow(
            [
                r.seq,
                r.occurred_at.isoformat(timespec="seconds"),
                r.recipient,
                r.agency,
                r.fields,
                r.purpose,
                r.basis,
                r.delivery,
            ]
        )


EXPORT_COLUMNS = ["seq", "occurred_at", "actor", "action", "client_id", "detail", "row_hash", "chain_hash"]


def export_csv(app: Casebot, *, actor: str, since: date, out: TextIO) -> int:
    """Every event from ``since`` (UTC midnight) on, with its hashes so the file can be checked later.

    The export is audited before a row is written: a copy of the log that left the system is an
    event the next export must show."""
    start = datetime.combine(since, time.min, tzinfo=UTC)
    audit.append(app.db, actor=actor, action="audit.exported", detail={"since": since.isoformat()})
    writer = InertCsvWriter(out)
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    with app.db.transaction(write=False) as session:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.occurred_at >= start)
            .order_by(AuditEvent.seq)
            .execution_options(yield_per=5000)
        )
        for ev in rows:
            writer.writerow(
                [
                    ev.seq,
                    ev.occurred_at.isoformat(),
                    ev.actor,
                    ev.action,
                    ev.client_id or "",
                    ev.detail,
                    ev.row_hash,
                    ev.chain_hash,
                ]
            )
            n += 1
    return n


class ProofUnavailable(LookupError):
    """No checkpoint covers that row yet, or the row does not exist."""


def prove(app: Casebot, *, seq: int) -> dict[str, Any]:
    """An inclusion proof of row ``seq`` against the newest checkpoint, checkable offline."""
    key = public_key(app)
    with app.db.transaction(write=False) as session:
        event = session.get(AuditEvent, seq)
        if event is None:
            raise ProofUnavailable(f"there is no audit row {seq}")
        cp = latest(session)
        if cp is None or cp.tree_size < seq:
            raise ProofUnavailable(f"no checkpoint covers row {seq} yet; run `casebot audit checkpoint`")
        hashes = session.scalars(
            select(AuditEvent.row_hash).where(AuditEvent.seq <= cp.tree_size).order_by(AuditEvent.seq)
        ).all()
        leaves = [leaf_of(h) for h in hashes]
        return {
            "seq": event.seq,
            "row": audit.row_payload(
                occurred_at=event.occurred_at,
                actor=event.actor,
                action=event.action,
                client_id=event.client_id,
                detail=event.detail,
            ),
            "row_hash": event.row_hash,
            "leaf_index": seq - 1,
            "inclusion_proof": [p.hex() for p in inclusion_proof(seq - 1, leaves)],
            "checkpoint": payload(cp),
            "signature": cp.signature,
            "public_key": base64.b64encode(key).decode(),
        }


def check_proof(document: dict[str, Any], *, trusted_public_key: bytes | None = None) -> str:
    """Verify a proof from `prove` with nothing but the document (and a pinned key). Raises ProofError."""
    try:
        row, cp = document["row"], document["checkpoint"]
        key = base64.b64decode(document["public_key"])
        if trusted_public_key is not None and key != trusted_public_key:
            raise ProofError("the proof was signed by a key other than the pinned one")
        if audit.hash_row(row) != document["row_hash"]:
            raise ProofError("the row does not match its hash")
        if not signature_ok(key, signed_bytes(cp), base64.b64decode(document["signature"])):
            raise ProofError("the checkpoint signature does not verify")
        verify_inclusion(
            index=int(document["leaf_index"]),
            tree_size=int(cp["tree_size"]),
            leaf=leaf_of(document["row_hash"]),
            proof=[bytes.fromhex(p) for p in document["inclusion_proof"]],
            root_hash=bytes.fromhex(cp["root_hash"]),
        )
        if int(document["leaf_index"]) != int(document["seq"]) - 1:
            raise ProofError("the leaf index is not the row's position")
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ProofError):
            raise
        raise ProofError(f"malformed proof document ({type(exc).__name__})") from None
    return f"row {document['seq']} is in the audit log checkpointed at tree size {cp['tree_size']}"
