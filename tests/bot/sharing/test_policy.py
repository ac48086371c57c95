"""The sharing policy, rule by rule (each case quotes DESIGN.md "Sharing policy"), and as a property:
no combination of inputs yields a field the rules do not allow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.settings import SharingModel
from bot.sharing.policy import (
    EXTERNAL_PURPOSES,
    FIELD_CATEGORY,
    FIELDS,
    PURPOSES,
    Basis,
    Category,
    ClientFacts,
    MouFact,
    Refusal,
    Requester,
    RoiFact,
    decide,
)

ROI_MOU, STATEWIDE = SharingModel.ROI_MOU, SharingModel.STATEWIDE
TODAY = date(2026, 6, 1)
MINE, THEIRS, OTHER = 1, 2, 3  # requester's agency, the creating agency, a third agency
MEMBER = Requester(agency_id=MINE, agency_participating=True, active=True)
ADMIN = Requester(agency_id=MINE, agency_participating=True, active=True, hmis_admin=True)
CLIENT = ClientFacts(creating_agency_id=THEIRS)
ROI_MINE = RoiFact(7, MINE, True, date(2026, 1, 1), None, None)
ROI_OTHER = RoiFact(8, OTHER, True, date(2026, 1, 1), None, None)
ROI_EXPIRED = RoiFact(9, MINE, True, date(2025, 1, 1), date(2026, 5, 31), None)
ROI_REVOKED = RoiFact(10, MINE, True, date(2026, 1, 1), None, datetime(2026, 5, 1, tzinfo=UTC))
ROI_NO_SHARE = RoiFact(11, MINE, False, date(2026, 1, 1), None, None)
ROI_FUTURE = RoiFact(12, MINE, True, date(2026, 7, 1), None, None)
MOU_OK = MouFact(21, frozenset({MINE, THEIRS}), date(2026, 1, 1), None)
MOU_EXPIRED = MouFact(22, frozenset({MINE, THEIRS}), date(2025, 1, 1), date(2026, 3, 31))
MOU_ELSEWHERE = MouFact(23, frozenset({MINE, OTHER}), date(2026, 1, 1), None)


def one(model, field, *, who=MEMBER, client=CLIENT, purpose="care_coordination"):
    (d,) = decide(
        model=model, requester=who, client=client, purpose=purpose, fields=[field], today=TODAY
    ).fields
    return (d.allowed, d.basis, d.basis_ref, d.refusal)


ALLOW = True
CASES = [
    # --- roi_mou ---------------------------------------------------------------------------------------
    ("roi_mou: 'basic is shared with and editable by every participating organization'",
     ROI_MOU, "name", {}, (ALLOW, Basis.BASIC_SHARING, None, None)),
    ("roi_mou: basic includes contact, shared with every participating organization",
     ROI_MOU, "contact", {}, (ALLOW, Basis.BASIC_SHARING, None, None)),
    ("roi_mou: 'enrollments are read-only to all'",
     ROI_MOU, "enrollments", {}, (ALLOW, Basis.READ_ONLY_SHARING, None, None)),
    ("roi_mou: 'data marked share with ROI/MOU is shared only where the client's ROI names the requesting "
     "agency' -- no ROI, refused",
     ROI_MOU, "contact", {"client": ClientFacts(THEIRS, marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: marked data with an ROI naming the requesting agency is shared, basis roi",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_MINE,), marked_roi_mou=frozenset({"contact"}))},
     (ALLOW, Basis.ROI, 7, None)),
    ("roi_mou: an ROI naming another agency does not name the requesting agency",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_OTHER,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: an ROI past its end date is not in force",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_EXPIRED,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: a revoked ROI is not in force",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_REVOKED,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: an ROI that has not started is not in force",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_FUTURE,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: an ROI that says do-not-share does not share",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, rois=(ROI_NO_SHARE,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: '...or an admin-approved MOU joins the two agencies'",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, mous=(MOU_OK,), marked_roi_mou=frozenset({"contact"}))},
     (ALLOW, Basis.MOU, 21, None)),
    ("roi_mou: an expired MOU joins nobody",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, mous=(MOU_EXPIRED,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: an MOU with a third agency does not join the two agencies",
     ROI_MOU, "contact",
     {"client": ClientFacts(THEIRS, mous=(MOU_ELSEWHERE,), marked_roi_mou=frozenset({"contact"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: marked transactional data also needs the ROI or MOU",
     ROI_MOU, "services", {"client": ClientFacts(THEIRS, marked_roi_mou=frozenset({"services"}))},
     (False, None, None, Refusal.NEEDS_ROI_OR_MOU)),
    ("roi_mou: 'restricted data stays with the organization that created it' -- even with an ROI and MOU",
     ROI_MOU, "health",
     {"client": ClientFacts(THEIRS, rois=(ROI_MINE,), mous=(MOU_OK,), marked_roi_mou=frozenset({"health"}))},
     (False, None, None, Refusal.CREATING_AGENCY_ONLY)),
    ("roi_mou: restricted data is seen by the organization that created it",
     ROI_MOU, "case_notes", {"client": ClientFacts(MINE)}, (ALLOW, Basis.CREATING_AGENCY, None, None)),
    # --- statewide -------------------------------------------------------------------------------------
    ("statewide: 'basic is visible to all users'",
     STATEWIDE, "ssn", {}, (ALLOW, Basis.BASIC_SHARING, None, None)),
    ("statewide: 'basic is visible to all users' -- marks are a roi_mou notion and change nothing",
     STATEWIDE, "contact", {"client": ClientFacts(THEIRS, marked_roi_mou=frozenset({"contact"}))},
     (ALLOW, Basis.BASIC_SHARING, None, None)),
    ("statewide: 'transactional is visible ... if and only if the client's ROI says Share' -- no ROI",
     STATEWIDE, "enrollments", {}, (False, None, None, Refusal.NEEDS_ROI_SHARE)),
    ("statewide: transactional with an ROI that says Share, any agency named ('no per-agency choice')",
     STATEWIDE, "services", {"client": ClientFacts(THEIRS, rois=(ROI_OTHER,))}, (ALLOW, Basis.ROI, 8, None)),
    ("statewide: an ROI that does not say Share shares no transactional data",
     STATEWIDE, "entry_exit_dates", {"client": ClientFacts(THEIRS, rois=(ROI_NO_SHARE,))},
     (False, None, None, Refusal.NEEDS_ROI_SHARE)),
    ("statewide: a revoked ROI says nothing",
     STATEWIDE, "services", {"client": ClientFacts(THEIRS, rois=(ROI_REVOKED,))},
     (False, None, None, Refusal.NEEDS_ROI_SHARE)),
    ("statewide: restricted data is not granted beyond its creator (the model grants it to nobody else)",
     STATEWIDE, "domestic_violence", {"client": ClientFacts(THEIRS, rois=(ROI_MINE,))},
     (False, None, None, Refusal.CREATING_AGENCY_ONLY)),
    # --- always ----------------------------------------------------------------------------------------
    ("always: 'HMIS admins see all, and are audited like anyone else' (roi_mou restricted)",
     ROI_MOU, "health", {"who": ADMIN}, (ALLOW, Basis.ADMIN, None, None)),
    ("always: 'HMIS admins see all' (statewide transactional without ROI)",
     STATEWIDE, "services", {"who": ADMIN}, (ALLOW, Basis.ADMIN, None, None)),
    ("always: 'Anonymous ... clients have no PII to give' -- not even to an admin",
     ROI_MOU, "name", {"who": ADMIN, "client": ClientFacts(THEIRS, anonymous=True)},
     (False, None, None, Refusal.CLIENT_PROTECTED)),
    ("always: 'restricted (e.g. fleeing DV) clients have no PII to give'",
     STATEWIDE, "name", {"client": ClientFacts(THEIRS, restricted=True)},
     (False, None, None, Refusal.CLIENT_PROTECTED)),
    ("always: 'A request must state a business purpose' -- none given",
     ROI_MOU, "name", {"purpose": ""}, (False, None, None, Refusal.UNKNOWN_PURPOSE)),
    ("always: 'External requests (police, courts, immigration, other government) are never answered'",
     ROI_MOU, "name", {"who": ADMIN, "purpose": "law_enforcement"},
     (False, None, None, Refusal.EXTERNAL_REQUEST)),
    ("always: a requester outside a participating agency sees nothing",
     ROI_MOU, "name", {"who": Requester(MINE, False, True)}, (False, None, None, Refusal.NOT_PARTICIPATING)),
    ("always: an inactive requester sees nothing",
     STATEWIDE, "name", {"who": Requester(MINE, True, False, hmis_admin=True)},
     (False, None, None, Refusal.NOT_PARTICIPATING)),
    ("always: a field the policy does not know is refused",
     ROI_MOU, "favourite_colour", {}, (False, None, None, Refusal.UNKNOWN_FIELD)),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "model", "field", "kwargs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule: str, model: SharingModel, field: str, kwargs: dict, expected: tuple) -> None:
    assert one(model, field, **kwargs) == expected, rule


def test_every_field_of_design_md_has_its_category() -> None:
    basic = {"name", "dob", "ssn", "gender", "demographics", "contact", "family", "photo"}
    transactional = {"enrollments", "services", "entry_exit_dates"}
    restricted = {"case_notes", "barriers", "health", "addictions", "legal", "domestic_violence"}
    assert {f for f, c in FIELD_CATEGORY.items() if c is Category.BASIC} == basic
    assert {f for f, c in FIELD_CATEGORY.items() if c is Category.TRANSACTIONAL} == transactional
    assert {f for f, c in FIELD_CATEGORY.items() if c is Category.RESTRICTED} == restricted


# --- property: nothing is allowed without a rule that allows it -----------------------------------------

AGENCIES = st.sampled_from([1, 2, 3])
DAY = st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY + timedelta(days=400))


@st.composite
def rois(draw):
    start = draw(DAY)
    end = draw(st.none() | st.dates(min_value=start, max_value=start + timedelta(days=700)))
    revoked = draw(st.none() | st.just(datetime(2026, 1, 1, tzinfo=UTC)))
    return RoiFact(draw(st.integers(1, 999)), draw(AGENCIES), draw(st.booleans()), start, end, revoked)


@st.composite
def mous(draw):
    a, b = draw(st.lists(AGENCIES, min_size=2, max_size=2, unique=True))
    start = draw(DAY)
    end = draw(st.none() | st.dates(min_value=start, max_value=start + timedelta(days=700)))
    return MouFact(draw(st.integers(1, 999)), frozenset({a, b}), start, end)


clients = st.builds(
    ClientFacts,
    creating_agency_id=st.none() | AGENCIES,
    anonymous=st.booleans(),
    restricted=st.booleans(),
    # (ids are the database's primary keys: two ROIs or two MOUs never share one)
    rois=st.lists(rois(), max_size=3, unique_by=lambda r: r.id).map(tuple),
    mous=st.lists(mous(), max_size=2, unique_by=lambda m: m.id).map(tuple),
    marked_roi_mou=st.frozensets(st.sampled_from(FIELDS)),
)
requesters = st.builds(
    Requester,
    agency_id=AGENCIES,
    agency_participating=st.booleans(),
    active=st.booleans(),
    hmis_admin=st.booleans(),
)
purposes = st.sampled_from([*PURPOSES, *EXTERNAL_PURPOSES, "", "curiosity"])
field_lists = st.lists(st.sampled_from([*FIELDS, "favourite_colour"]), max_size=8)


def justified(model, who: Requester, client: ClientFacts, purpose: str, d, today: date) -> bool:
    """An independent reading of the rules: is there one that allows this field?"""
    if purpose not in PURPOSES or not (who.active and who.agency_participating):
        return False
    if client.anonymous or client.restricted or d.field not in FIELD_CATEGORY:
        return False
    category = FIELD_CATEGORY[d.field]
    own = client.creating_agency_id == who.agency_id and who.agency_id is not None
    if d.basis is Basis.ADMIN:
        return who.hmis_admin
    if d.basis is Basis.CREATING_AGENCY:
        return own
    if category is Category.RESTRICTED:
        return False
    if d.basis is Basis.ROI:
        roi = next((r for r in client.rois if r.id == d.basis_ref), None)
        in_force = (
            roi is not None
            and roi.share
            and roi.revoked_at is None
            and roi.starts_on <= today
            and (roi.ends_on is None or today <= roi.ends_on)
        )
        if model is ROI_MOU:
            return in_force and roi.agency_id == who.agency_id and d.field in client.marked_roi_mou
        return in_force and category is Category.TRANSACTIONAL
    if d.basis is Basis.MOU:
        mou = next((m for m in client.mous if m.id == d.basis_ref), None)
        return (
            model is ROI_MOU
            and mou is not None
            and d.field in client.marked_roi_mou
            and client.creating_agency_id is not None
            and mou.agency_ids == frozenset({who.agency_id, client.creating_agency_id})
            and mou.starts_on <= today
            and (mou.ends_on is None or today <= mou.ends_on)
        )
    if d.basis is Basis.BASIC_SHARING:
        return category is Category.BASIC and (model is STATEWIDE or d.field not in client.marked_roi_mou)
    if d.basis is Basis.READ_ONLY_SHARING:
        return (
            model is ROI_MOU and category is Category.TRANSACTIONAL and d.field not in client.marked_roi_mou
        )
    return False


@settings(max_examples=3000, deadline=None)
@given(
    model=st.sampled_from(list(SharingModel)),
    who=requesters,
    client=clients,
    purpose=purposes,
    fields=field_lists,
    today=DAY,
)
def test_no_input_yields_a_field_the_rules_do_not_allow(model, who, client, purpose, fields, today) -> None:
    decision = decide(model=model, requester=who, client=client, purpose=purpose, fields=fields, today=today)
    assert [d.field for d in decision.fields] == list(dict.fromkeys(fields))
    for d in decision.fields:
        if d.allowed:
            assert d.refusal is None and justified(model, who, client, purpose, d, today), d
        else:
            assert d.basis is None and d.refusal is not None


@settings(max_examples=500, deadline=None)
@given(model=st.sampled_from(list(SharingModel)), who=requesters, client=clients, fields=field_lists)
def test_protected_clients_and_external_purposes_never_yield_anything(model, who, client, fields) -> None:
    protected = ClientFacts(
        client.creating_agency_id,
        anonymous=True,
        restricted=client.restricted,
        rois=client.rois,
        mous=client.mous,
    )
    for purpose, facts in [("care_coordination", protected), ("immigration", client)]:
        decision = decide(
            model=model, requester=who, client=facts, purpose=purpose, fields=fields, today=TODAY
        )
        assert decision.allowed == ()
