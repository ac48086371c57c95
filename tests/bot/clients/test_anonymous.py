"""Anonymous and de-identified clients, on the installation's real database (SQLite, or PostgreSQL in CI).

The central test plants the canary's name, SSN, DOB, phone, email and address,
lets every feature that stores something about a client store it (ROI, share
mark, by-name list, quarantined messages, disclosures in the audit log),
de-identifies the client, and then scans every column of every table,
decrypting whatever any key the installation still holds can open.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.clients.adding import add_anonymous, add_identified
from bot.clients.deidentify import anonymize
from bot.clients.demographics import TrueBirth, parse_demographics
from bot.clients.duplicates import DuplicateFound, DuplicateProbe
from bot.clients.importing import import_clients
from bot.clients.merging import merge
from bot.clients.roster import redactor_from_db, roster_from_db
from bot.clients.synthetic import SyntheticClient, clients, write_client_csv
from bot.context import Casebot
from bot.errors import AdminError
from bot.oversight.audit_service import accounting
from bot.registry import admin
from bot.sharing import by_name_lists as bnl
from bot.sharing.disclosure import release_for_export
from bot.sharing.marks import mark_fields
from redaction import Redactor
from redaction.forgotten import name_forms
from storage import audit
from storage import quarantine as quarantine_store
from storage.client_identity import client_id_group, resolve_client_id
from storage.clients import ClientPII, decrypt_pii, encrypt_pii
from storage.crypto import CryptoError, FieldCipher
from storage.models import (
    Agency,
    AuditEvent,
    BnlEntry,
    Client,
    ClientAlias,
    ClientDeidentification,
    ClientKey,
    ClientNameIndex,
    ClientShareMark,
    Consent,
    ForgottenName,
    QuarantinedMessage,
)
from tests.canary import CANARY
from tests.pii_scan import installation_keys, scan_database

CID = CANARY.personal_id
PHONE, EMAIL, ADDRESS = "612-555-0143", "zephyr.vorth@example.org", "4417 Quillmoor Avenue"
CANARIES = [
    CANARY.first_name,
    CANARY.middle_name,
    CANARY.last_name,
    CANARY.ssn,
    "517-29-4836",
    CANARY.dob.isoformat(),
    CANARY.dob.strftime("%m/%d/%Y"),
    PHONE,
    "6125550143",
    EMAIL,
    ADDRESS,
]
ENTRY = date(2026, 11, 1)
DEMOGRAPHICS = parse_demographics(race=["3", "HispanicLatinaeo"], gender=["0"], veteran="0")


def _csv(tmp_path: Path, people: list[SyntheticClient], name: str = "Client.csv") -> Path:
    path = tmp_path / name
    write_client_csv(path, people)
    return path


def _pii(app: Casebot, client_id: str) -> ClientPII:
    with app.db.transaction(write=False) as session:
        client = session.get_one(Client, client_id)
        return decrypt_pii(client, data_key=app.keyring.client_key(session.get_one(ClientKey, client_id)))


def _actions(app: Casebot, client_id: str | None = None) -> list[tuple[str, dict]]:
    with app.db.transaction(write=False) as session:
        query = select(AuditEvent).order_by(AuditEvent.seq)
        if client_id is not None:
            query = query.where(AuditEvent.client_id == client_id)
        return [(e.action, json.loads(e.detail)) for e in session.scalars(query)]


def _canary_digests(app: Casebot) -> list[bytes]:
    with app.db.transaction() as session:
        indexer = app.keyring.blind_indexer(session)
    digests = [
        indexer.ssn(CANARY.ssn),
        indexer.dob(CANARY.dob),
        indexer.name_dob(CANARY.first_name, CANARY.last_name, CANARY.dob),
    ]
    digests += [indexer.name_token(t) for t in (CANARY.first_name, CANARY.middle_name, CANARY.last_name)]
    return [d for d in digests if d]


@pytest.fixture
def world(app: Casebot, tmp_path: Path) -> Casebot:
    """The canary on the roster with everything casebot keeps about a client, plus 20 other people."""
    import_clients(app, path=_csv(tmp_path, [CANARY, *clients(20)]), actor="cli:test")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CID,
            agency="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
        mark_fields(session, actor="cli:test", client_id=CID, fields=["ssn"])
        client = session.get_one(Client, CID)
        key = app.keyring.client_key(session.get_one(ClientKey, CID))
        held = decrypt_pii(client, data_key=key)
        planted = replace(held, phone=PHONE, email=EMAIL, address=ADDRESS)
        for column, blob in encrypt_pii(planted, client_id=CID, data_key=key).items():
            setattr(client, column, blob)
        for text in (
            "Saw Zephyrinaqa Vorthmundsen at the shelter today",  # roster name
            "zephyrinaqa vorthmundson needs a bed",  # a typo the redactor still ties to the client
            "her SSN is 517-29-4836",
            f"Client {CID} disclosed HIV status",  # only the ID, with health information
            "call her back at (612) 555-0143",
            "Amina Warsame needs a ride on Tuesday",  # someone else
        ):
            quarantine_store.put(
                session,
                keyring=app.keyring,
                row_id=quarantine_store.new_id(),
                slack_channel_id="C0CASE001",
                message_ts="1.1",
                thread_ts=None,
                repost_ts=None,
                poster="U0MEMBER1",
                pii_types=("NAME",),
                text=text,
                spans=(quarantine_store.HeldSpan(0, len(text), "NAME"),),
                keep_for=timedelta(minutes=30),
            )
    list_csv = Path(app.settings.data_dir) / "east.csv"
    list_csv.write_text(f"PersonalID,Status,Priority\n{CID},active,1\n100003,matched,2\n")
    bnl.import_list(app, name="east-metro", path=list_csv, actor="cli:test")
    with app.db.transaction() as session:  # a disclosure in the audit log (the export path needs no Slack)
        agency = session.scalar(select(Agency).where(Agency.slug == "hope-house"))
        shown = release_for_export(
            app, session, actor="cli:test", agency=agency, client_ids=[CID], purpose="case_conferencing"
        )
        assert CID in shown
    return app


# --- the full de-identification -------------------------------------------------------------------


def test_the_scan_finds_the_planted_pii_before_anonymization(world: Casebot) -> None:
    """The scanner can fail: before de-identification it finds the canary in clients and the quarantine."""
    report = scan_database(world, canaries=CANARIES, digests=_canary_digests(world))
    places = {p.split("[")[0] + "." + p.split(".")[-1].split(":")[0] for p in report.problems}
    assert any(p.startswith("clients.") and "first_name_enc" in p for p in places), places
    assert any(p.startswith("quarantined_messages.") for p in places)
    assert any("ssn_bidx" in p for p in places) and any(p.startswith("client_name_index.") for p in places)


def test_full_deidentification_leaves_no_pii_in_any_table(world: Casebot) -> None:
    (result,) = anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    assert result.key_destroyed and not result.already_anonymous
    assert set(result.fields_removed) == {
        "first_name", "middle_name", "last_name", "ssn", "dob", "phone", "email", "address"
    }  # fmt: skip
    assert result.quarantine_removed == 5

    report = scan_database(world, canaries=CANARIES, digests=_canary_digests(world))
    assert report.problems == []
    assert {"clients", "audit_events", "quarantined_messages", "client_keys", "bnl_entries"} <= set(
        report.tables
    )
    assert report.decrypted > 20  # the scanner did open ciphertexts (other clients, the anonymous template)

    pii = _pii(world, CID)
    assert (pii.first_name, pii.last_name) == ("Anonymous", f"Anonymous-{CID}")
    assert pii.dob == date(1984, 1, 1)  # 42 on the date of entry: January 1st of the year after 1983
    assert (pii.middle_name, pii.ssn, pii.phone, pii.email, pii.address) == (None,) * 5
    with world.db.transaction(write=False) as session:
        client = session.get_one(Client, CID)
        assert client.anonymous and not client.restricted and client.deleted_at is None
        assert (client.name_data_quality, client.ssn_data_quality, client.dob_data_quality) == (2, 99, 2)
        assert client.demographics["race"]["BlackAfAmerican"] in (0, 1)  # demographics are kept
        assert (client.ssn_bidx, client.dob_bidx, client.name_dob_bidx) == (None, None, None)
        assert session.scalars(select(ClientNameIndex).where(ClientNameIndex.client_id == CID)).all() == []
        assert session.scalars(select(ClientShareMark).where(ClientShareMark.client_id == CID)).all() == []
        record = session.get_one(ClientDeidentification, CID)
        assert record.origin == "deidentified" and record.key_destroyed_at is not None
        # what must keep working: the client's ROI and by-name list row are still there
        assert session.scalar(select(func.count()).where(Consent.client_id == CID)) == 1
        assert session.get(BnlEntry, (1, CID)) is not None
        left = session.scalars(select(QuarantinedMessage.id)).all()
        assert len(left) == 1  # only the message about someone else
    actions = [a for a, _ in _actions(world)]
    for expected in ("client.quarantine_purged", "client.key_destroyed", "client.deidentified"):
        assert expected in actions


def test_the_crypto_shred_old_ciphertext_no_longer_decrypts(world: Casebot) -> None:
    with world.db.transaction(write=False) as session:
        client = session.get_one(Client, CID)
        old_blobs = {c: getattr(client, f"{c}_enc") for c in ("first_name", "last_name", "ssn", "dob")}
        old_wrapped = session.get_one(ClientKey, CID).wrapped_key
    old_key = world.keyring.client_key(ClientKey(client_id=CID, wrapped_key=old_wrapped))
    # The captured ciphertext is genuine: the old key (think: a stolen copy) opens it.
    assert FieldCipher(old_key, table="clients", row_id=CID).decrypt("last_name", old_blobs["last_name"]) == (
        CANARY.last_name
    )

    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)

    keys = installation_keys(world)
    assert keys and all(key != old_key for _, key in keys)
    for column, blob in old_blobs.items():
        for _, key in keys:
            with pytest.raises(CryptoError):
                FieldCipher(key, table="clients", row_id=CID).decrypt(column, blob)
    # Neither the wrapped old key nor any old ciphertext is left anywhere in the database.
    report = scan_database(world, canaries=[], blobs=[old_wrapped, *old_blobs.values()], keys=keys)
    assert report.problems == []


def test_the_roster_and_the_redactor_forget_the_person(world: Casebot) -> None:
    text = "Zephyrinaqa Vorthmundsen will be at intake"
    before = Redactor(roster_from_db(world)).redact(text)
    assert any(f.client_id == CID for f in before.findings)
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    roster = roster_from_db(world)
    assert CID not in {e.client_id for e in roster} and len(roster) == 20
    after = Redactor(roster).redact(text)
    assert all(f.client_id != CID and CID not in f.candidates for f in after.findings)


BROWN = SyntheticClient(
    personal_id="777002",
    first_name="Dalia",
    middle_name="",
    last_name="Brown",
    ssn="",
    dob=date(1991, 4, 5),
    date_updated=datetime(2026, 5, 1, 8, 30),
)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("saw Brown at the library", ["Brown"]),  # a surname that is an English word, capitalised
        ("Brown, Dalia called again", ["Brown, Dalia"]),  # Last, First
        ("dalia brown asked about the bus pass", ["dalia brown"]),  # lower case
        ("Vorthmundsen, Zephyrinaqa called again", ["Vorthmundsen, Zephyrinaqa"]),
    ],
)
def test_after_de_identification_the_old_name_stays_hidden_without_any_id(
    world: Casebot, tmp_path: Path, text: str, hidden: list[str]
) -> None:
    import_clients(world, path=_csv(tmp_path, [BROWN], "brown.csv"), actor="cli:test")
    anonymize(world, actor="cli:test", client_ids=[CID, BROWN.personal_id], entry=ENTRY)
    after = redactor_from_db(world).redact(text)
    assert [text[f.start : f.end] for f in after.findings] == hidden
    forgotten = {CID, BROWN.personal_id}
    assert not any(f.client_id in forgotten or forgotten & set(f.candidates) for f in after.findings)


def test_ordinary_words_that_were_part_of_a_forgotten_name_stay(world: Casebot, tmp_path: Path) -> None:
    import_clients(world, path=_csv(tmp_path, [BROWN], "brown.csv"), actor="cli:test")
    anonymize(world, actor="cli:test", client_ids=[BROWN.personal_id], entry=ENTRY)
    text = "a brown bag lunch at Hope House"
    assert redactor_from_db(world).redact(text).text == text
    assert "1:dalia" not in name_forms(first="Dalia", middle="", last="Brown"), "a common first name alone"


def test_the_forgotten_names_are_tied_to_no_record_and_ordinary_words_stay(world: Casebot) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    with world.db.transaction(write=False) as session:
        columns = [c.name for c in ForgottenName.__table__.columns]
        kept = session.scalars(select(ForgottenName.digest)).all()
    assert columns == ["digest"] and kept and all(len(d) == 16 for d in kept)
    text = "the van keys are at Hope House"
    assert redactor_from_db(world).redact(text).text == text


def test_the_client_id_keeps_working_and_a_reveal_gives_nothing_but_the_id(world: Casebot) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    with world.db.transaction() as session:
        agency = session.scalar(select(Agency).where(Agency.slug == "hope-house"))
        assert (
            release_for_export(
                world, session, actor="cli:test", agency=agency, client_ids=[CID], purpose="case_conferencing"
            )
            == {}
        )
        listing = bnl.listing(session, lst=session.scalar(select(bnl.BnlList)))
    assert CID in [r.client_id for r in listing.rows]  # still on the by-name list, by ID
    refusal = [d for a, d in _actions(world, CID) if a == "pii.refused"]
    assert refusal[-1]["reason"] == "client_protected"
    assert len(accounting(world, client_id=CID)) == 1  # the earlier disclosure is still accounted for
    with world.db.transaction() as session:  # an ROI can still be recorded against the ID
        admin.grant_roi(
            session,
            actor="cli:test",
            client_id=CID,
            agency="hope-house",
            starts_on=date(2026, 2, 1),
            ends_on=None,
        )


def test_a_rerun_is_idempotent(world: Casebot) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)

    def snapshot() -> tuple:
        with world.db.transaction(write=False) as session:
            c = session.get_one(Client, CID)
            k = session.get_one(ClientKey, CID)
            return (
                tuple(getattr(c, f"{n}_enc") for n in ("first_name", "last_name", "ssn", "dob", "phone")),
                c.updated_at,
                c.anonymous,
                c.restricted,
                k.wrapped_key,
                k.destroyed_at,
            )

    first = snapshot()
    (again,) = anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY + timedelta(days=400))
    assert again.already_anonymous and not again.key_destroyed and again.fields_removed == ()
    assert snapshot() == first
    assert _pii(world, CID).dob == date(1984, 1, 1)  # the rule is not applied to its own output
    assert [d["already_anonymous"] for a, d in _actions(world, CID) if a == "client.deidentified"] == [
        False,
        True,
    ]


def test_anonymizing_several_clients_is_one_transaction(world: Casebot) -> None:
    with pytest.raises(AdminError, match="no client"):
        anonymize(world, actor="cli:test", client_ids=[CID, "100001", "999999"], entry=ENTRY)
    assert _pii(world, CID).last_name == CANARY.last_name  # nothing happened to anyone
    with world.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).where(QuarantinedMessage.id.is_not(None))) == 6
        assert not session.get_one(Client, "100001").anonymous


def test_a_household_member_fleeing_dv_is_detached_and_restricted(world: Casebot) -> None:
    with pytest.raises(AdminError, match="must be one of the clients"):
        anonymize(world, actor="cli:test", client_ids=[CID], household_remove=["100001"])
    results = anonymize(world, actor="cli:test", client_ids=[CID, "100001"], household_remove=["100001"])
    assert [r.household_detached for r in results] == [False, True]
    with world.db.transaction(write=False) as session:
        assert not session.get_one(Client, CID).restricted
        assert session.get_one(Client, "100001").restricted
        assert session.get_one(ClientDeidentification, "100001").household_detached_at is not None
    assert [a for a, _ in _actions(world, "100001")].count("client.household_detached") == 1
    # again: nothing new to detach, nothing new audited as detached
    anonymize(world, actor="cli:test", client_ids=["100001"], household_remove=["100001"])
    assert [a for a, _ in _actions(world, "100001")].count("client.household_detached") == 1


def test_nothing_in_the_audit_names_the_person(world: Casebot) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    with world.db.transaction(write=False) as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail)).all()
    text = json.dumps([list(r) for r in rows]).lower()
    assert all(c.lower() not in text for c in CANARIES)
    assert "hiv" not in text  # the reason for anonymity is never recorded


def test_reimporting_the_identified_row_does_not_resurrect_the_pii(world: Casebot, tmp_path: Path) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    newer = replace(CANARY, date_updated=datetime(2026, 10, 30, 9, 0))
    for people in ([CANARY, *clients(20)], [newer, *clients(20)]):
        summary = import_clients(world, path=_csv(tmp_path, people, "again.csv"), actor="cli:test")
        assert summary.imported == 0 and summary.updated == 0
        (warning,) = [w for w in summary.warnings if w.column == "PersonalID"]
        assert warning.line == 2 and "de-identified" in warning.reason
        assert all(c.lower() not in str(warning).lower() for c in CANARIES)
    pii = _pii(world, CID)
    assert (pii.first_name, pii.last_name, pii.ssn) == ("Anonymous", f"Anonymous-{CID}", None)
    assert scan_database(world, canaries=CANARIES, digests=_canary_digests(world)).problems == []
    last_import = [d for a, d in _actions(world) if a == "clients.import"][-1]
    assert 2 in last_import["warning_lines"]


def test_an_anonymous_row_in_the_export_is_not_a_warning(world: Casebot, tmp_path: Path) -> None:
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    template = SyntheticClient(
        CID, "Anonymous", "", f"Anonymous-{CID}", "", date(1984, 1, 1), CANARY.date_updated
    )
    summary = import_clients(world, path=_csv(tmp_path, [template], "t.csv"), actor="cli:test")
    assert summary.warnings == [] and summary.unchanged == 1


# --- creating anonymous records --------------------------------------------------------------------


def test_an_anonymous_client_is_created_from_the_template(app: Casebot) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
    true_dob = date(1971, 8, 19)
    added = add_anonymous(
        app,
        actor="cli:test",
        birth=TrueBirth(dob=true_dob),
        demographics=DEMOGRAPHICS,
        agency="hope-house",
        entry=date(2026, 3, 1),
    )
    assert added.client_id.startswith("ANON-") and len(added.client_id) == 11
    pii = _pii(app, added.client_id)
    assert (pii.first_name, pii.last_name, pii.ssn, pii.dob) == (
        "Anonymous",
        "Anonymous",
        None,
        date(1972, 1, 1),
    )
    with app.db.transaction() as session:
        client = session.get_one(Client, added.client_id)
        assert client.anonymous and client.agency_id is not None
        assert (client.name_data_quality, client.ssn_data_quality, client.dob_data_quality) == (2, 99, 2)
        assert client.demographics["race"]["BlackAfAmerican"] == 1
        assert client.demographics["race"]["HispanicLatinaeo"] == 1
        assert client.demographics["gender"]["Woman"] == 1 and client.demographics["veteran_status"] == 0
        assert (client.ssn_bidx, client.dob_bidx, client.name_dob_bidx) == (None, None, None)
        assert session.get_one(ClientDeidentification, added.client_id).origin == "created"
        true_digest = app.keyring.blind_indexer(session).dob(true_dob)
    assert added.client_id not in {e.client_id for e in roster_from_db(app)}
    # The true DOB is nowhere: not as text, not as a blind-index digest, not after decryption.
    report = scan_database(
        app, canaries=[true_dob.isoformat(), true_dob.strftime("%m/%d/%Y"), "1971-08"], digests=[true_digest]
    )
    assert report.problems == [] and report.decrypted > 0
    ((action, detail),) = [(a, d) for a, d in _actions(app, added.client_id)]
    assert action == "client.created" and detail["anonymous"] is True and detail["dob_data_quality"] == 2


def test_a_young_client_keeps_the_true_year_and_a_birth_year_alone_can_be_enough(app: Casebot) -> None:
    young = add_anonymous(
        app, actor="cli:test", birth=TrueBirth(dob=date(2003, 5, 5)), demographics=DEMOGRAPHICS, entry=ENTRY
    )
    assert _pii(app, young.client_id).dob == date(2003, 1, 1)
    by_year = add_anonymous(
        app, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS, entry=ENTRY
    )
    assert _pii(app, by_year.client_id).dob == date(1981, 1, 1)
    with pytest.raises(AdminError, match="--age"):
        add_anonymous(
            app, actor="cli:test", birth=TrueBirth(year=2001), demographics=DEMOGRAPHICS, entry=ENTRY
        )
    stated = add_anonymous(
        app,
        actor="cli:test",
        birth=TrueBirth(year=2001, stated_age=25),
        demographics=DEMOGRAPHICS,
        entry=ENTRY,
    )
    assert _pii(app, stated.client_id).dob == date(2002, 1, 1)
    unknown = add_anonymous(
        app, actor="cli:test", birth=TrueBirth(missing_reason=9), demographics=DEMOGRAPHICS, entry=ENTRY
    )
    assert _pii(app, unknown.client_id).dob is None
    with app.db.transaction(write=False) as session:
        assert session.get_one(Client, unknown.client_id).dob_data_quality == 9


@pytest.mark.parametrize(
    ("race", "gender", "veteran", "problem"),
    [
        (["12"], ["0"], "0", "--race"),
        (["3", "99"], ["0"], "0", "--race"),
        ([], ["0"], "0", "--race is required"),
        (["3"], ["Girl"], "0", "--gender"),
        (["3"], ["0"], "7", "--veteran"),
    ],
)
def test_bad_demographics_name_the_option(
    race: list[str], gender: list[str], veteran: str, problem: str
) -> None:
    with pytest.raises(AdminError, match=problem):
        parse_demographics(race=race, gender=gender, veteran=veteran)


# --- duplicate check -------------------------------------------------------------------------------


def test_the_duplicate_check_finds_identified_records_by_blind_index(world: Casebot) -> None:
    person = ClientPII(first_name="ZEPHYRINAQA", last_name="vorthmundsen", dob=CANARY.dob)
    with pytest.raises(DuplicateFound) as by_name:
        add_identified(world, actor="cli:test", pii=person, demographics=DEMOGRAPHICS)
    assert by_name.value.client_ids == [CID]
    with pytest.raises(DuplicateFound):
        add_identified(
            world,
            actor="cli:test",
            pii=ClientPII(first_name="Someone", last_name="Else", ssn="517-29-4836"),
            demographics=DEMOGRAPHICS,
        )
    refused = [d for a, d in _actions(world) if a == "client.duplicate_refused"]
    assert [r["match_ids"] for r in refused] == [[CID], [CID]]
    forced = add_identified(world, actor="cli:test", pii=person, demographics=DEMOGRAPHICS, force=True)
    assert forced.client_id.startswith("CB-") and forced.duplicates_overridden == 1
    (overridden,) = [d for a, d in _actions(world) if a == "client.duplicate_overridden"]
    assert overridden["match_ids"] == [CID]
    # a different person is not a duplicate
    other = add_identified(
        world,
        actor="cli:test",
        pii=ClientPII(first_name="Zephyrinaqa", last_name="Vorthmundsen", dob=date(1990, 1, 1)),
        demographics=DEMOGRAPHICS,
    )
    assert other.client_id != forced.client_id


def test_an_anonymous_client_can_be_checked_against_a_name_without_storing_it(world: Casebot) -> None:
    probe = DuplicateProbe(first_name=CANARY.first_name, last_name=CANARY.last_name)
    with pytest.raises(DuplicateFound) as found:
        add_anonymous(
            world, actor="cli:test", birth=TrueBirth(dob=CANARY.dob), demographics=DEMOGRAPHICS, probe=probe
        )
    assert found.value.client_ids == [CID] and "anonymize" in str(found.value)
    with pytest.raises(DuplicateFound):
        add_anonymous(
            world,
            actor="cli:test",
            birth=TrueBirth(year=1983, stated_age=42),
            demographics=DEMOGRAPHICS,
            probe=DuplicateProbe(ssn=CANARY.ssn),
            entry=ENTRY,
        )
    with pytest.raises(AdminError, match="--birth-date"):  # name without the full DOB cannot be checked
        add_anonymous(
            world, actor="cli:test", birth=TrueBirth(year=1950), demographics=DEMOGRAPHICS, probe=probe
        )
    added = add_anonymous(
        world,
        actor="cli:test",
        birth=TrueBirth(dob=CANARY.dob),
        demographics=DEMOGRAPHICS,
        probe=probe,
        force=True,
    )
    # The audit links the anonymous record to nothing: counts only, never the matching IDs.
    for action, detail in _actions(world):
        if action in ("client.duplicate_refused", "client.duplicate_overridden"):
            assert "match_ids" not in detail and detail["matches"] == 1
    assert all(CID not in json.dumps(d) for _, d in _actions(world, added.client_id))
    # anonymous records are never matches themselves (no index), so the check cannot re-identify one
    anonymize(world, actor="cli:test", client_ids=[CID], entry=ENTRY)
    again = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(dob=CANARY.dob), demographics=DEMOGRAPHICS, probe=probe
    )
    assert again.duplicates_overridden == 0


# --- merging -------------------------------------------------------------------------------------------


def test_two_anonymous_records_merge_with_confirmation_and_the_merged_id_keeps_resolving(
    world: Casebot,
) -> None:
    keep = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
    ).client_id
    gone = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
    ).client_id
    list_csv = Path(world.settings.data_dir) / "west.csv"
    list_csv.write_text(f"PersonalID,Status\n{gone},active\n{keep},active\n")
    bnl.import_list(world, name="west", path=list_csv, actor="cli:test")
    list_csv.write_text(f"PersonalID,Status\n{gone},referred\n")
    bnl.import_list(world, name="north", path=list_csv, actor="cli:test")
    with world.db.transaction() as session:
        admin.grant_roi(
            session,
            actor="cli:test",
            client_id=gone,
            agency="hope-house",
            starts_on=date(2026, 1, 1),
            ends_on=None,
        )
        for cid in (keep, gone):  # accounting lines recorded under each ID before the merge
            audit.record(
                session, actor="U0ADMIN01", action=audit.DISCLOSURE, client_id=cid, detail={"fields": []}
            )

    with pytest.raises(AdminError, match="confirm"):
        merge(world, actor="cli:test", keep_id=keep, merge_id=gone, confirm=keep)
    with pytest.raises(AdminError, match="not anonymous"):
        merge(world, actor="cli:test", keep_id=keep, merge_id="100002", confirm="100002")
    with pytest.raises(AdminError, match="itself"):
        merge(world, actor="cli:test", keep_id=keep, merge_id=keep, confirm=keep)

    result = merge(world, actor="cli:test", keep_id=keep, merge_id=gone, confirm=gone)
    assert (result.consents_moved, result.list_entries_moved, result.list_entries_dropped) == (1, 1, 1)
    with world.db.transaction(write=False) as session:
        assert resolve_client_id(session, gone) == keep and client_id_group(session, gone) == [keep, gone]
        assert session.get_one(ClientAlias, gone).client_id == keep
        assert session.get_one(Client, gone).deleted_at is not None
        assert session.get_one(ClientKey, gone).wrapped_key is None
        assert session.scalar(select(func.count()).where(Consent.client_id == keep)) == 1
        assert session.scalars(select(BnlEntry.client_id).where(BnlEntry.client_id == gone)).all() == []
        assert len(session.scalars(select(BnlEntry).where(BnlEntry.client_id == keep)).all()) == 2
    # lookups and the accounting follow the merged ID to the survivor
    assert len(accounting(world, client_id=gone)) == 2 == len(accounting(world, client_id=keep))
    with world.db.transaction() as session:
        agency = session.scalar(select(Agency).where(Agency.slug == "hope-house"))
        release_for_export(
            world, session, actor="cli:test", agency=agency, client_ids=[gone], purpose="case_conferencing"
        )
    refused = [e for e in _actions(world, keep) if e[0] == "pii.refused"]
    assert refused and refused[-1][1]["reason"] == "client_protected"
    with pytest.raises(AdminError, match=f"merged into client {keep}"), world.db.transaction() as session:
        mark_fields(session, actor="cli:test", client_id=gone, fields=["ssn"])
    with pytest.raises(AdminError, match="merged into"):
        anonymize(world, actor="cli:test", client_ids=[gone])
    list_csv.write_text(f"PersonalID,Status\n{gone},referred\n")
    with pytest.raises(bnl.BnlError, match=f"row 2: client {gone} was merged into client {keep}"):
        bnl.import_list(world, name="north", path=list_csv, actor="cli:test")
    assert merge(world, actor="cli:test", keep_id=keep, merge_id=gone, confirm=gone).already
    merged = [d for a, d in _actions(world, keep) if a == "client.merged"]
    assert merged == [{**merged[0], "kept": keep, "merged": gone}]
    assert [a for a, _ in _actions(world, gone)][-1] == "client.merged_into"
    # a third record merged into the one that went away is refused; into the survivor it chains flat
    third = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
    ).client_id
    with pytest.raises(AdminError, match="already merged"):
        merge(world, actor="cli:test", keep_id=gone, merge_id=third, confirm=third)
    merge(world, actor="cli:test", keep_id=keep, merge_id=third, confirm=third)
    with world.db.transaction(write=False) as session:
        assert client_id_group(session, third) == [keep, *sorted([gone, third])]


def test_merging_needs_both_records_to_exist(world: Casebot) -> None:
    keep = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
    ).client_id
    with pytest.raises(AdminError, match="no client"):
        merge(world, actor="cli:test", keep_id=keep, merge_id="NOPE-1", confirm="NOPE-1")
    assert [a for a, _ in _actions(world, keep)] == ["client.created"]


def test_the_rois_of_a_merged_id_are_listed_under_its_survivor(world: Casebot) -> None:
    keep, gone = (
        add_anonymous(
            world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
        ).client_id
        for _ in range(2)
    )
    merge(world, actor="cli:test", keep_id=keep, merge_id=gone, confirm=gone)
    with (
        world.db.transaction(write=False) as session,
        pytest.raises(AdminError, match=f"merged into client {keep}"),
    ):
        admin.list_rois(session, client_id=gone)


def test_a_share_mark_cannot_be_set_on_an_anonymous_client(world: Casebot) -> None:
    cid = add_anonymous(
        world, actor="cli:test", birth=TrueBirth(year=1980), demographics=DEMOGRAPHICS
    ).client_id
    with world.db.transaction() as session, pytest.raises(AdminError, match="is anonymous"):
        mark_fields(session, actor="cli:test", client_id=cid, fields=["dob"])
