"""The one door for PII: every client detail that leaves casebot leaves through ``disclose`` (Slack)
or ``release_for_export`` (encrypted files), and both go through ``_release``.

``_release`` checks the requester, asks ``bot.sharing.policy`` about each field for the
stated purpose, decrypts only the fields allowed, and writes the audit row
(``pii.disclosed``, or ``pii.refused`` with a reason code) in the caller's
transaction. Delivery happens only after that transaction commits: if the
audit row cannot be written, nothing is delivered (fail closed). Delivery is
private (a modal the person opened, or an ephemeral message), never a post.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ports.disclosure import Delivery, Revealed, Target
from bot.ports.slack import Member, SlackPort
from bot.registry.people import Person, member_refusal, registered_person
from bot.sharing import identity, policy
from storage import audit
from storage.client_identity import resolve_client_id
from storage.clients import ClientPII, decrypt_pii
from storage.kv import StoreUnavailable
from storage.models import Agency, BnlEntry, Client, ClientKey, ClientShareMark, Consent, Mou, Role

log = logging.getLogger("casebot.disclosure")

REFUSED = "pii.refused"

# The fields casebot holds today, in the order they are shown. Others in ``policy.FIELDS`` (family,
# photo, enrollments, restricted data...) are decided by the policy but not stored by casebot.
DEFAULT_FIELDS: tuple[str, ...] = ("name", "dob", "ssn", "gender", "demographics", "contact", "services")


@dataclass(frozen=True, slots=True)
class Outcome:
    """The door's answer: ``revealed`` when something was disclosed, else ``reason`` (a refusal code)."""

    revealed: Revealed | None = None
    reason: str | None = None
    delivered: bool = False

    @property
    def needs_step_up(self) -> bool:
        return self.reason == "not_verified"


class Screen(Protocol):
    """Checks a caller puts in front of the door (``bot.oversight.escalations``'s suspicion rules).

    ``check`` runs inside the door's transaction once the requester is
    established (registered, an active Slack member, verified) and before the
    sharing policy; a code it returns refuses the request (audited like any
    refusal). ``refused`` sees every refusal, in the same transaction.
    """

    def check(
        self, session: Session, *, person: Person, client_id: str, purpose: str
    ) -> str | None: ...

    def refused(
        self, session: Session, *, requester: str, client_id: str, purpose: str, reason: str
    ) -> None: ...


class Approval(Protocol):
    """A supervisor's one-time approval of a held request. It never overrides a check of the door:
    it replaces the screen, and is recorded as the disclosure's basis ("supervisor_approval")."""

    escalation_id: int
    approver: str

    def redeem(self, session: Session) -> str | None:
        """Use the approval (once, in the door's transaction); a refusal code when it cannot be used."""
        ...


# --- facts and values ----------------------------------------------------------------------------------


def client_facts(session: Session, *, client: Client, requester_agency_id: int) -> policy.ClientFacts:
    rois = tuple(
        policy.RoiFact(c.id, c.agency_id, c.share, c.starts_on, c.ends_on, c.revoked_at)
        for c in session.scalars(select(Consent).where(Consent.client_id == client.client_id))
    )
    mous: tuple[policy.MouFact, ...] = ()
    if client.agency_id is not None:
        ids = sorted({requester_agency_id, client.agency_id})
        mous = tuple(
            policy.MouFact(m.id, frozenset({m.agency_a_id, m.agency_b_id}), m.starts_on, m.ends_on)
            for m in session.scalars(select(Mou).where(Mou.agency_a_id == ids[0], Mou.agency_b_id == ids[-1]))
        )
    marks = frozenset(
        session.scalars(select(ClientShareMark.field).where(ClientShareMark.client_id == client.client_id))
    )
    return policy.ClientFacts(
        creating_agency_id=client.agency_id,
        anonymous=client.anonymous,
        restricted=client.restricted,
        rois=rois,
        mous=mous,
        marked_roi_mou=marks,
    )


GENDER_WORDS = {
    "Woman": "woman",
    "Man": "man",
    "NonBinary": "non-binary",
    "CulturallySpecific": "culturally specific identity",
    "Transgender": "transgender",
    "Questioning": "questioning",
    "DifferentIdentity": "different identity",
}
SEX_WORDS = {0: "female", 1: "male"}
RACE_WORDS = {
    "AmIndAKNative": "American Indian, Alaska Native or Indigenous",
    "Asian": "Asian or Asian American",
    "BlackAfAmerican": "Black, African American or African",
    "HispanicLatinaeo": "Hispanic/Latina/e/o",
    "HispanicLatinao": "Hispanic/Latina/o",
    "MidEastNAfrican": "Middle Eastern or North African",
    "NativeHIPacific": "Native Hawaiian or Pacific Islander",
    "White": "White",
}


def _values(session: Session, *, client: Client, pii: ClientPII) -> dict[str, str]:
    """Every field casebot holds for this client, as text (only ever built for fields allowed)."""
    demo: dict[str, Any] = client.demographics or {}
    out: dict[str, str] = {}
    name = " ".join(p for p in (pii.first_name, pii.middle_name, pii.last_name, pii.name_suffix) if p)
    if name:
        out["name"] = name
    if pii.dob:
        out["dob"] = pii.dob.isoformat()
    if pii.ssn and len(pii.ssn) == 9 and pii.ssn.isdigit():
        out["ssn"] = f"{pii.ssn[:3]}-{pii.ssn[3:5]}-{pii.ssn[5:]}"
    elif pii.ssn:
        out["ssn"] = pii.ssn
    genders = [w for k, w in GENDER_WORDS.items() if (demo.get("gender") or {}).get(k) == 1]
    if genders:
        out["gender"] = ", ".join(genders)
    elif demo.get("sex") in SEX_WORDS:
        out["gender"] = f"sex: {SEX_WORDS[demo['sex']]}"
    races = [w for k, w in RACE_WORDS.items() if (demo.get("race") or {}).get(k) == 1]
    parts = []
    if races:
        parts.append("race/ethnicity: " + ", ".join(races))
    if demo.get("veteran_status") in (0, 1):
        parts.append("veteran: " + ("yes" if demo["veteran_status"] == 1 else "no"))
    if parts:
        out["demographics"] = "; ".join(parts)
    contact = [v for v in (pii.phone, pii.email, pii.address) if v]
    if contact:
        out["contact"] = "; ".join(contact)
    last = session.scalar(
        select(func.max(BnlEntry.last_contact)).where(BnlEntry.client_id == client.client_id)
    )
    if last is not None:
        out["services"] = f"last contact {last.isoformat()}"
    return out


def _summary_basis(allowed: Iterable[policy.FieldDecision]) -> tuple[str, int | None]:
    """One basis for the accounting line: the most specific one any delivered field relied on."""
    decisions = list(allowed)
    for basis in (policy.Basis.ADMIN, policy.Basis.ROI, policy.Basis.MOU, policy.Basis.CREATING_AGENCY):
        for d in decisions:
            if d.basis is basis:
                return basis.value, d.basis_ref
    if any(d.basis is policy.Basis.BASIC_SHARING for d in decisions):
        return policy.Basis.BASIC_SHARING.value, None
    return policy.Basis.READ_ONLY_SHARING.value, None


# --- the core --------------------------------------------------------------------------------------------


def _refuse(
    session: Session,
    *,
    actor: str,
    client_id: str | None,
    reason: str,
    agency: str | None,
    purpose: str,
    delivery: Delivery,
) -> Outcome:
    audit.record(
        session,
        actor=actor,
        action=REFUSED,
        client_id=client_id if client_id and audit.safe_identifier(client_id) else None,
        detail={
            "reason": reason,
            "agency": agency,
            "purpose": purpose if audit.safe_identifier(purpose) else "invalid",
            "delivery": delivery.value,
        },
    )
    return Outcome(reason=reason)


def _release(
    app: Casebot,
    session: Session,
    *,
    actor: str,
    requester: policy.Requester,
    agency_slug: str,
    client_id: str,
    purpose: str,
    fields: Iterable[str],
    delivery: Delivery,
    today: date,
    approval: Approval | None = None,
) -> Outcome:
    """Policy, decryption of the allowed fields only, and the audit row, in the caller's transaction."""

    def refuse(reason: str, known: bool = True) -> Outcome:
        return _refuse(
            session,
            actor=actor,
            client_id=client_id if known else None,
            reason=reason,
            agency=agency_slug,
            purpose=purpose,
            delivery=delivery,
        )

    if audit.safe_identifier(client_id):  # a merged client ID means its surviving record
        client_id = resolve_client_id(session, client_id)
    client = session.get(Client, client_id) if audit.safe_identifier(client_id) else None
    if client is None or client.deleted_at is not None:
        return refuse("unknown_client", known=client is not None)
    decision = policy.decide(
        model=app.settings.sharing_model,
        requester=requester,
        client=client_facts(session, client=client, requester_agency_id=requester.agency_id),
        purpose=purpose,
        fields=fields,
        today=today,
    )
    allowed = {d.field: d for d in decision.allowed}
    if not allowed:
        reasons = {str(d.refusal) for d in decision.refused}
        return refuse(reasons.pop() if len(reasons) == 1 else "not_entitled")
    key = session.get(ClientKey, client_id)
    if key is None or key.wrapped_key is None:
        return refuse("client_shredded")
    held = _values(session, client=client, pii=decrypt_pii(client, data_key=app.keyring.client_key(key)))
    values = {f: held[f] for f in allowed if f in held}
    withheld = {d.field: str(d.refusal) for d in decision.refused}
    if not values:
        return refuse("nothing_held" if not withheld else "not_entitled")
    used = [allowed[f] for f in values]
    basis, basis_ref = _summary_basis(used)
    approved: dict[str, Any] = {}
    if approval is not None:  # the policy still decided every field (field_bases); the approval let it run
        basis, basis_ref = "supervisor_approval", approval.escalation_id
        approved = {"approved_by": approval.approver}
    audit.record(
        session,
        actor=actor,
        action=audit.DISCLOSURE,
        client_id=client_id,
        detail={
            "agency": agency_slug,
            "fields": list(values),
            "purpose": purpose,
            "basis": basis,
            "basis_ref": basis_ref,
            "delivery": delivery.value,
            "field_bases": [
                f"{d.field}:{d.basis}" + (f"#{d.basis_ref}" if d.basis_ref is not None else "") for d in used
            ],
            "withheld": sorted(withheld),
            **approved,
        },
    )
    return Outcome(revealed=Revealed(client_id=client_id, purpose=purpose, values=values, withheld=withheld))


# --- Slack ----------------------------------------------------------------------------------------------


def disclose(
    app: Casebot,
    *,
    slack: SlackPort,
    requester: str,
    client_id: str,
    purpose: str,
    target: Target,
    fields: Iterable[str] = DEFAULT_FIELDS,
    today: date | None = None,
    screen: Screen | None = None,
    approval: Approval | None = None,
) -> Outcome:
    """Check who asks, decide per field, audit, and only then deliver privately to ``target``.

    Identity: an active, registered user of a participating agency; an active
    full member of this workspace (users.info: not deactivated, not a guest, not
    external); a live verified session. Any failure, Redis or Slack down
    included, is a refusal with a reason code, audited, and answered privately.
    """
    today = today or datetime.now(UTC).date()
    delivery = target.delivery
    member = slack.member(user=requester)  # a network call: made before the transaction opens
    with app.db.transaction() as session:
        outcome = _checked_release(
            app,
            session,
            requester=requester,
            member=member,
            client_id=client_id,
            purpose=purpose,
            fields=fields,
            delivery=delivery,
            today=today,
            screen=screen,
            approval=approval,
        )
        if screen is not None and outcome.reason is not None:
            screen.refused(
                session, requester=requester, client_id=client_id, purpose=purpose, reason=outcome.reason
            )
    # Committed: the audit row exists. Only now does anything leave.
    if outcome.revealed is not None:
        result = slack.show_disclosure(target=target, revealed=outcome.revealed)
    else:
        result = slack.show_refusal(target=target, client_id=client_id, reason=outcome.reason or "refused")
    if not result.ok:
        log.warning("disclosure answer not delivered: %s", result.error)
    return Outcome(revealed=outcome.revealed, reason=outcome.reason, delivered=result.ok)


def _checked_release(
    app: Casebot,
    session: Session,
    *,
    requester: str,
    member: Member | None,
    client_id: str,
    purpose: str,
    fields: Iterable[str],
    delivery: Delivery,
    today: date,
    screen: Screen | None = None,
    approval: Approval | None = None,
) -> Outcome:
    def refuse(reason: str, agency: str | None = None) -> Outcome:
        return _refuse(
            session,
            actor=requester,
            client_id=client_id,
            reason=reason,
            agency=agency,
            purpose=purpose,
            delivery=delivery,
        )

    if not audit.safe_identifier(requester):
        return Outcome(reason="not_registered")
    person = registered_person(session, slack_user_id=requester)
    if person is None:
        return refuse("not_registered")
    why = member_refusal(member)
    if why is not None:
        return refuse(why, person.agency_slug)
    try:
        live = identity.verified_session(app, session, slack_user_id=requester)
    except StoreUnavailable:
        return refuse("unavailable", person.agency_slug)
    if live is None:
        return refuse("not_verified", person.agency_slug)
    if approval is not None:
        why = approval.redeem(session)
    elif screen is not None:
        why = screen.check(session, person=person, client_id=client_id, purpose=purpose)
    else:
        why = None
    if why is not None:
        return refuse(why, person.agency_slug)
    return _release(
        app,
        session,
        actor=requester,
        requester=policy.Requester(
            agency_id=person.agency_id,
            agency_participating=person.agency_participating,
            active=True,
            hmis_admin=person.role is Role.HMIS_ADMIN,
        ),
        agency_slug=person.agency_slug,
        client_id=client_id,
        purpose=purpose,
        fields=fields,
        delivery=delivery,
        today=today,
        approval=approval,
    )


# --- export ---------------------------------------------------------------------------------------------


def release_for_export(
    app: Casebot,
    session: Session,
    *,
    actor: str,
    agency: Agency,
    client_ids: Iterable[str],
    purpose: str,
    today: date | None = None,
) -> dict[str, Revealed]:
    """What an export for ``agency`` may hold, each client's disclosure audited (delivery "export").

    The operator running the export has the installation's keys, so identity is
    theirs (``actor``); entitlement is the receiving agency's, as if one of its
    members asked. Clients the agency may see nothing of are left out (and their
    refusals audited).
    """
    today = today or datetime.now(UTC).date()
    requester = policy.Requester(agency_id=agency.id, agency_participating=agency.participating, active=True)
    out: dict[str, Revealed] = {}
    for client_id in client_ids:
        outcome = _release(
            app,
            session,
            actor=actor,
            requester=requester,
            agency_slug=agency.slug,
            client_id=client_id,
            purpose=purpose,
            fields=DEFAULT_FIELDS,
            delivery=Delivery.EXPORT,
            today=today,
        )
        if outcome.revealed is not None:
            out[client_id] = outcome.revealed
    return out


class Prompt(StrEnum):
    """What the reveal modal must ask before the door is tried."""

    REFUSED = "refused"  # not registered: nothing to ask
    ENROLL_FIRST = "enroll_first"
    CODE_AND_PURPOSE = "code_and_purpose"
    PURPOSE = "purpose"


def reveal_prompt(app: Casebot, *, slack_user_id: str) -> Prompt:
    """Shape the modal only; every check is made again, for real, by ``disclose``.

    Fails closed: with Redis down the person is asked for a code, which then
    fails with "unavailable".
    """
    with app.db.transaction(write=False) as session:
        if registered_person(session, slack_user_id=slack_user_id) is None:
            return Prompt.REFUSED
        if not identity.is_enrolled_in(session, slack_user_id=slack_user_id):
            return Prompt.ENROLL_FIRST
        try:
            live = identity.verified_session(app, session, slack_user_id=slack_user_id, touch=False)
        except StoreUnavailable:
            live = None
    return Prompt.PURPOSE if live is not None else Prompt.CODE_AND_PURPOSE


__all__ = [
    "DEFAULT_FIELDS",
    "REFUSED",
    "Approval",
    "Outcome",
    "Prompt",
    "Screen",
    "disclose",
    "release_for_export",
    "reveal_prompt",
]
