"""The sharing policy: which fields of which client a person may see, for which purpose, and why.

One pure function, ``decide``, implements both models of DESIGN.md "Sharing
policy" (``roi_mou`` and ``statewide``). It takes plain facts (who asks, for
what purpose, the client's flags, ROIs and MOUs) and returns a decision per
field with the basis that allowed it, so the rules can be tested exhaustively
without a database and the audit row can name the basis of every disclosure.

Anything the rules do not grant is refused: unknown fields, unknown purposes,
a requester outside a participating agency, an expired or revoked consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.settings import SharingModel


class Category(StrEnum):
    BASIC = "basic"
    TRANSACTIONAL = "transactional"
    RESTRICTED = "restricted"


# DESIGN.md "Data categories", one disclosable field per item.
FIELD_CATEGORY: dict[str, Category] = {
    "name": Category.BASIC,
    "dob": Category.BASIC,
    "ssn": Category.BASIC,
    "gender": Category.BASIC,
    "demographics": Category.BASIC,
    "contact": Category.BASIC,
    "family": Category.BASIC,
    "photo": Category.BASIC,
    "enrollments": Category.TRANSACTIONAL,
    "services": Category.TRANSACTIONAL,
    "entry_exit_dates": Category.TRANSACTIONAL,
    "case_notes": Category.RESTRICTED,
    "barriers": Category.RESTRICTED,
    "health": Category.RESTRICTED,
    "addictions": Category.RESTRICTED,
    "legal": Category.RESTRICTED,
    "domestic_violence": Category.RESTRICTED,
}
FIELDS: tuple[str, ...] = tuple(FIELD_CATEGORY)

# Business purposes a person may choose. External requesters (police, courts, immigration, other
# government) are never answered by the bot: those requests go to the HMIS lead.
PURPOSES: dict[str, str] = {
    "care_coordination": "Care coordination",
    "case_conferencing": "Case conferencing",
    "housing_referral": "Housing referral or match",
    "benefits_application": "Benefits application",
    "service_delivery": "Providing services",
    "outreach": "Street outreach follow-up",
}
EXTERNAL_PURPOSES: frozenset[str] = frozenset(
    {"law_enforcement", "court_order", "immigration", "other_government"}
)


class Basis(StrEnum):
    """Why a field was shared; goes into the audit row."""

    BASIC_SHARING = "basic_sharing"
    READ_ONLY_SHARING = "read_only_sharing"
    CREATING_AGENCY = "creating_agency"
    ROI = "roi"
    MOU = "mou"
    ADMIN = "admin"


class Refusal(StrEnum):
    """Why a field (or the whole request) was refused; goes into the audit row and the private answer."""

    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_PURPOSE = "unknown_purpose"
    EXTERNAL_REQUEST = "external_request"
    NOT_PARTICIPATING = "not_participating"
    CLIENT_PROTECTED = "client_protected"
    NEEDS_ROI_OR_MOU = "needs_roi_or_mou"
    NEEDS_ROI_SHARE = "needs_roi_share"
    CREATING_AGENCY_ONLY = "creating_agency_only"


@dataclass(frozen=True, slots=True)
class Requester:
    agency_id: int
    agency_participating: bool
    active: bool
    hmis_admin: bool = False


@dataclass(frozen=True, slots=True)
class RoiFact:
    id: int
    agency_id: int
    share: bool
    starts_on: date
    ends_on: date | None
    revoked_at: datetime | None

    def in_force(self, today: date) -> bool:
        """Within its dates and not revoked (a revocation is final, whatever its time of day)."""
        return (
            self.revoked_at is None
            and self.starts_on <= today
            and (self.ends_on is None or today <= self.ends_on)
        )


@dataclass(frozen=True, slots=True)
class MouFact:
    id: int
    agency_ids: frozenset[int]
    starts_on: date
    ends_on: date | None

    def in_force(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What the rules need to know about a client: never the PII itself."""

    creating_agency_id: int | None
    anonymous: bool = False
    restricted: bool = False
    rois: tuple[RoiFact, ...] = ()
    mous: tuple[MouFact, ...] = ()  # admin-approved MOUs (every stored MOU was approved by an admin)
    marked_roi_mou: frozenset[str] = field(default_factory=frozenset)  # "share with ROI/MOU" fields


@dataclass(frozen=True, slots=True)
class FieldDecision:
    field: str
    allowed: bool
    basis: Basis | None = None
    basis_ref: int | None = None
    refusal: Refusal | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    purpose: str
    fields: tuple[FieldDecision, ...]

    @property
    def allowed(self) -> tuple[FieldDecision, ...]:
        return tuple(f for f in self.fields if f.allowed)

    @property
    def refused(self) -> tuple[FieldDecision, ...]:
        return tuple(f for f in self.fields if not f.allowed)


def _deny(name: str, why: Refusal) -> FieldDecision:
    return FieldDecision(name, False, refusal=why)


def _allow(name: str, basis: Basis, ref: int | None = None) -> FieldDecision:
    return FieldDecision(name, True, basis=basis, basis_ref=ref)


def _roi_naming(client: ClientFacts, agency_id: int, today: date) -> RoiFact | None:
    """An ROI in force that names the requesting agency and says Share."""
    for roi in client.rois:
        if roi.agency_id == agency_id and roi.share and roi.in_force(today):
            return roi
    return None


def _roi_share(client: ClientFacts, today: date) -> RoiFact | None:
    """Statewide: an ROI in force that says Share (there is no per-agency choice)."""
    for roi in client.rois:
        if roi.share and roi.in_force(today):
            return roi
    return None


def _mou_joining(client: ClientFacts, agency_id: int, today: date) -> MouFact | None:
    """An MOU in force joining the requester's agency and the agency that created the data."""
    if client.creating_agency_id is None or client.creating_agency_id == agency_id:
        return None
    pair = frozenset({agency_id, client.creating_agency_id})
    for mou in client.mous:
        if mou.agency_ids == pair and mou.in_force(today):
            return mou
    return None


def _roi_or_mou(name: str, client: ClientFacts, agency_id: int, today: date) -> FieldDecision:
    roi = _roi_naming(client, agency_id, today)
    if roi is not None:
        return _allow(name, Basis.ROI, roi.id)
    mou = _mou_joining(client, agency_id, today)
    if mou is not None:
        return _allow(name, Basis.MOU, mou.id)
    return _deny(name, Refusal.NEEDS_ROI_OR_MOU)


def _roi_mou_field(name: str, who: Requester, client: ClientFacts, today: date) -> FieldDecision:
    category = FIELD_CATEGORY[name]
    own = client.creating_agency_id is not None and client.creating_agency_id == who.agency_id
    if category is Category.RESTRICTED:
        # "restricted data stays with the organization that created it"
        return _allow(name, Basis.CREATING_AGENCY) if own else _deny(name, Refusal.CREATING_AGENCY_ONLY)
    if own:
        return _allow(name, Basis.CREATING_AGENCY)
    if name in client.marked_roi_mou:
        # "data marked 'share with ROI/MOU' is shared only where the client's ROI names the requesting
        # agency or an admin-approved MOU joins the two agencies"
        return _roi_or_mou(name, client, who.agency_id, today)
    if category is Category.BASIC:
        # "basic is shared with and editable by every participating organization"
        return _allow(name, Basis.BASIC_SHARING)
    # "enrollments are read-only to all"
    return _allow(name, Basis.READ_ONLY_SHARING)


def _statewide_field(name: str, who: Requester, client: ClientFacts, today: date) -> FieldDecision:
    category = FIELD_CATEGORY[name]
    if category is Category.BASIC:
        # "basic is visible to all users"
        return _allow(name, Basis.BASIC_SHARING)
    if category is Category.TRANSACTIONAL:
        # "transactional is visible to every participating agency if and only if the client's ROI says Share"
        roi = _roi_share(client, today)
        return _allow(name, Basis.ROI, roi.id) if roi else _deny(name, Refusal.NEEDS_ROI_SHARE)
    # The statewide model grants restricted data to nobody beyond its creator (fail closed).
    own = client.creating_agency_id is not None and client.creating_agency_id == who.agency_id
    return _allow(name, Basis.CREATING_AGENCY) if own else _deny(name, Refusal.CREATING_AGENCY_ONLY)


def decide(
    *,
    model: SharingModel,
    requester: Requester,
    client: ClientFacts,
    purpose: str,
    fields: Iterable[str],
    today: date,
) -> Decision:
    """A decision for every requested field: allowed with its basis, or refused with a reason."""
    names = tuple(dict.fromkeys(fields))

    def all_refused(why: Refusal) -> Decision:
        return Decision(purpose, tuple(_deny(n, why) for n in names))

    if purpose in EXTERNAL_PURPOSES:
        return all_refused(Refusal.EXTERNAL_REQUEST)  # "never answered by the bot: they go to the HMIS lead"
    if purpose not in PURPOSES:
        return all_refused(Refusal.UNKNOWN_PURPOSE)  # "A request must state a business purpose"
    if not (requester.active and requester.agency_participating):
        return all_refused(Refusal.NOT_PARTICIPATING)
    if client.anonymous or client.restricted:
        return all_refused(Refusal.CLIENT_PROTECTED)  # "have no PII to give"
    out: list[FieldDecision] = []
    for name in names:
        if name not in FIELD_CATEGORY:
            out.append(_deny(name, Refusal.UNKNOWN_FIELD))
        elif requester.hmis_admin:
            out.append(_allow(name, Basis.ADMIN))  # "HMIS admins see all, and are audited like anyone else"
        elif model is SharingModel.ROI_MOU:
            out.append(_roi_mou_field(name, requester, client, today))
        else:
            out.append(_statewide_field(name, requester, client, today))
    return Decision(purpose, tuple(out))
