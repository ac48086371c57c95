"""The audit store under attack: rows edited, removed, inserted, reordered and cut, in the database itself.

Each tamper test acts as someone with direct database access (triggers bypassed)
and checks that verification names the right place.
"""

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.oversight import audit_service
from storage import audit
from storage.merkle import ProofError
from storage.models import AuditEvent


def _write(app: Casebot, n: int, *, action: str = "test.event") -> None:
    with app.db.transaction() as session:
        for i in range(n):
            audit.record(session, actor="U0TEST", action=action, client_id=str(1000 + i), detail={"i": i})


@contextmanager
def attacker(app: Casebot) -> Iterator[Connection]:
    """A raw connection with the append-only triggers out of the way, as a database superuser could."""
    with app.db.engine.connect() as conn:
        if app.db.is_postgresql:
            conn.execute(text("SET session_replication_role = replica"))
        else:
            for table in ("audit_events", "audit_checkpoints"):
                for op in ("update", "delete"):
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{op}"))
        yield conn
        conn.commit()


@pytest.fixture(params=[1, 2], ids=["one process", "two worker processes"])
def workers(request: pytest.FixtureRequest) -> int:
    """Large logs are verified by worker processes: the tamper tests hold for both paths."""
    return request.param


def _verify(app: Casebot, workers: int = 1) -> audit_service.AuditReport:
    return audit_service.verify(app, workers=workers)


def test_an_untouched_log_verifies_with_its_checkpoints_and_copies(app: Casebot) -> None:
    _write(app, 10)
    audit_service.checkpoint_now(app)
    _write(app, 5)
    audit_service.checkpoint_now(app)
    report = _verify(app)
    assert report.ok, report.problem
    assert (report.rows, report.checkpoints, report.mirrored) == (16, 2, 2)


AWKWARD = 'a "quote", a back\\slash, a tab\there, a line\nbreak, \\N, é and 日本'


def test_values_the_bulk_reader_must_unescape_verify_intact(app: Casebot, workers: int) -> None:
    """PostgreSQL streams rows as COPY text, which escapes tabs, line breaks, backslashes and NULL."""
    with app.db.transaction() as session:
        for i in range(6):
            audit.record(
                session, actor="U0TEST", action="test.event", client_id=None, detail={"note": AWKWARD}
            )
            audit.record(session, actor="U0TEST", action="test.event", client_id=str(i), detail={"i": "\\N"})
    audit_service.checkpoint_now(app)
    report = _verify(app, workers)
    assert report.ok, report.problem
    assert report.rows == 13


@pytest.mark.parametrize(
    "assignment",
    ["actor = 'U0TEST' || :tab || 'X'", "detail = replace(detail, 'tab', 'TAB')", "client_id = NULL"],
    ids=["a tab added", "an escaped value edited", "a value made NULL"],
)
def test_an_edit_to_an_escaped_value_is_named(app: Casebot, workers: int, assignment: str) -> None:
    with app.db.transaction() as session:
        for i in range(6):
            audit.record(
                session, actor="U0TEST", action="test.event", client_id=str(i), detail={"note": AWKWARD}
            )
    with attacker(app) as conn:
        conn.execute(text(f"UPDATE audit_events SET {assignment} WHERE seq = 4"), {"tab": "\t"})  # noqa: S608
    report = _verify(app, workers)
    assert (report.ok, report.first_bad_seq) == (False, 4)
    assert "modified" in report.problem


def test_an_edited_row_is_named(app: Casebot, workers: int) -> None:
    _write(app, 10)
    with attacker(app) as conn:
        conn.execute(text("UPDATE audit_events SET client_id = '9999' WHERE seq = 5"))
    report = _verify(app, workers)
    assert (report.ok, report.first_bad_seq) == (False, 5)
    assert "modified" in report.problem


def test_a_removed_row_is_named(app: Casebot, workers: int) -> None:
    _write(app, 10)
    with attacker(app) as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 4"))
    report = _verify(app, workers)
    assert (report.ok, report.first_bad_seq) == (False, 4)
    assert "removed" in report.problem


def test_an_inserted_row_is_named(app: Casebot, workers: int) -> None:
    """Shift rows 6.. up by one and slip in a well-formed row 6: its hash is right, its chain is not."""
    _write(app, 10)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    payload = audit.row_payload(
        occurred_at=when, actor="U0FORGE", action="test.event", client_id="1", detail="{}"
    )
    forged_hash = audit.hash_row(payload)
    with attacker(app) as conn:
        for seq in range(11, 5, -1):
            conn.execute(
                text("UPDATE audit_events SET seq = :new WHERE seq = :old"), {"new": seq + 1, "old": seq}
            )
        conn.execute(
            text(
                "INSERT INTO audit_events (seq, occurred_at, actor, action, client_id, detail, row_hash, "
                "chain_hash) VALUES (6, :at, 'U0FORGE', 'test.event', '1', '{}', :h, :c)"
            ),
            {
                "at": when if app.db.is_postgresql else when.strftime("%Y-%m-%d %H:%M:%S.%f"),
                "h": forged_hash,
                "c": "ab" * 32,
            },
        )
    report = _verify(app, workers)
    assert (report.ok, report.first_bad_seq) == (False, 6)


def test_reordered_rows_are_named(app: Casebot, workers: int) -> None:
    _write(app, 10)
    with attacker(app) as conn:
        conn.execute(text("UPDATE audit_events SET seq = -1 WHERE seq = 3"))
        conn.execute(text("UPDATE audit_events SET seq = 3 WHERE seq = 7"))
        conn.execute(text("UPDATE audit_events SET seq = 7 WHERE seq = -1"))
    report = _verify(app, workers)
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_a_tail_cut_back_below_a_checkpoint_is_detected(app: Casebot, workers: int) -> None:
    _write(app, 12)
    audit_service.checkpoint_now(app)  # covers 13 rows (system.init + 12)
    with attacker(app) as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq > 8"))
    report = _verify(app, workers)
    assert not report.ok
    assert report.first_bad_seq == 9
    assert "rows 9..13 were removed" in report.problem


def test_a_tail_cut_with_its_checkpoints_deleted_is_caught_by_the_off_host_copy(
    app: Casebot, workers: int
) -> None:
    _write(app, 12)
    audit_service.checkpoint_now(app)
    with attacker(app) as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq > 8"))
        conn.execute(text("DELETE FROM audit_checkpoints"))
    report = _verify(app, workers)
    assert not report.ok and "off-host copy" in report.problem and "rows 9..13 were removed" in report.problem


def test_a_consistently_rewritten_log_fails_its_signed_checkpoint(app: Casebot, workers: int) -> None:
    """Edit a row and recompute every hash after it: the chain is whole again, the signed root is not."""
    _write(app, 10)
    audit_service.checkpoint_now(app)
    with attacker(app) as conn:
        conn.execute(text("UPDATE audit_events SET client_id = '9999' WHERE seq = 5"))
        rows = conn.execute(
            text("SELECT seq, occurred_at, actor, action, client_id, detail FROM audit_events ORDER BY seq")
        ).all()
        prev = audit.GENESIS
        for seq, at, actor, action, client_id, detail in rows:
            when = at if isinstance(at, datetime) else datetime.fromisoformat(at).replace(tzinfo=UTC)
            h = audit.hash_row(
                audit.row_payload(
                    occurred_at=when, actor=actor, action=action, client_id=client_id, detail=detail
                )
            )
            prev = audit.chain(prev, h)
            conn.execute(
                text("UPDATE audit_events SET row_hash = :h, chain_hash = :c WHERE seq = :s"),
                {"h": h, "c": prev, "s": seq},
            )
    report = _verify(app, workers)
    assert not report.ok
    assert "checkpoint 11" in report.problem and "no longer matches" in report.problem


def test_an_altered_checkpoint_fails_its_signature(app: Casebot) -> None:
    _write(app, 4)
    audit_service.checkpoint_now(app)
    with attacker(app) as conn:
        conn.execute(text("UPDATE audit_checkpoints SET root_hash = :r"), {"r": "00" * 32})
    report = _verify(app)
    assert not report.ok and "signature" in report.problem


def test_an_edited_off_host_copy_is_named(app: Casebot) -> None:
    _write(app, 4)
    cp = audit_service.checkpoint_now(app)
    path = audit_service.mirror(app).path_for(cp.tree_size)
    document = json.loads(path.read_text())
    document["checkpoint"]["root_hash"] = "11" * 32
    path.chmod(0o644)
    path.write_text(json.dumps(document))
    report = _verify(app)
    assert not report.ok and path.name in report.problem


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'U0X'", "DELETE FROM audit_events"])
def test_the_audit_table_refuses_updates_and_deletes(app: Casebot, statement: str) -> None:
    _write(app, 2)
    with pytest.raises(DBAPIError), app.db.engine.begin() as conn:
        conn.execute(text(statement))


def test_postgresql_refuses_truncate(app: Casebot) -> None:
    if not app.db.is_postgresql:
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    with pytest.raises(DBAPIError, match="append-only"), app.db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_events"))


def test_concurrent_writers_never_fork_the_chain(app: Casebot) -> None:
    """Half the writers append standalone events, half record inside transactions, interleaved."""
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(25):
                if (k + i) % 2:
                    audit.append(app.db, actor=f"U0W{k}", action="test.concurrent", detail={"i": i})
                else:
                    with app.db.transaction() as session:
                        audit.record(session, actor=f"U0W{k}", action="test.concurrent", detail={"i": i})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    audit_service.checkpoint_now(app)
    report = _verify(app)
    assert report.ok, report.problem
    assert report.rows == 101


def test_a_standalone_append_is_committed_and_checked_like_any_other(app: Casebot) -> None:
    event = audit.append(app.db, actor="U0APPEND", action="test.append", client_id="1455", detail={"n": 1})
    with app.db.transaction(write=False) as session:
        stored = session.scalar(select(AuditEvent.row_hash).where(AuditEvent.seq == event.seq))
    assert stored == event.row_hash
    with pytest.raises(audit.AuditError):
        audit.append(app.db, actor="U0APPEND", action="test.append", client_id="Jane Doe")
    with pytest.raises(audit.AuditError):
        audit.append(app.db, actor="U0APPEND", action="test.append", detail={"note": {"name": "x"}})
    assert _verify(app).ok


def test_an_inclusion_proof_checks_offline_and_fails_when_mutated(app: Casebot) -> None:
    _write(app, 20)
    with pytest.raises(audit_service.ProofUnavailable):
        audit_service.prove(app, seq=5)
    audit_service.checkpoint_now(app)
    document = audit_service.prove(app, seq=5)
    assert "row 5 is in the audit log" in audit_service.check_proof(
        document, trusted_public_key=audit_service.public_key(app)
    )
    tampered = json.loads(json.dumps(document))
    tampered["row"]["client_id"] = "9999"
    with pytest.raises(ProofError, match="row does not match"):
        audit_service.check_proof(tampered)
    moved = json.loads(json.dumps(document))
    moved["inclusion_proof"][0] = "00" * 32
    with pytest.raises(ProofError):
        audit_service.check_proof(moved)
    with pytest.raises(ProofError, match="pinned"):
        audit_service.check_proof(document, trusted_public_key=b"\x00" * 32)


def test_checkpoints_come_every_n_events_or_t_seconds(app: Casebot) -> None:
    app.settings.audit_checkpoint_every = 5
    app.settings.audit_checkpoint_seconds = 3600
    _write(app, 3)
    first = audit_service.checkpoint_if_due(app)
    assert first is not None, "the first rows are checkpointed at once"
    _write(app, 3)
    assert audit_service.checkpoint_if_due(app) is None
    _write(app, 2)
    assert audit_service.checkpoint_if_due(app).tree_size == 9
    _write(app, 1)
    later = datetime.now(UTC) + timedelta(hours=2)
    assert audit_service.checkpoint_if_due(app, now=later).tree_size == 10


def test_a_clients_accounting_lists_each_disclosure_without_pii(app: Casebot) -> None:
    with app.db.transaction() as session:
        audit.record(
            session,
            actor="U0CASEMGR",
            action=audit.DISCLOSURE,
            client_id="1455",
            detail={
                "agency": "hope-house",
                "fields": ["dob", "phone"],
                "purpose": "housing_referral",
                "basis": "roi",
                "basis_ref": 12,
                "delivery": "modal",
            },
        )
        audit.record(
            session,
            actor="U0OTHER",
            action=audit.DISCLOSURE,
            client_id="2001",
            detail={
                "agency": "north",
                "fields": ["name"],
                "purpose": "care_coordination",
                "basis": "basic_sharing",
                "delivery": "ephemeral",
            },
        )
    rows = audit_service.accounting(app, client_id="1455")
    assert [(r.recipient, r.agency, r.fields, r.purpose, r.basis, r.delivery) for r in rows] == [
        ("U0CASEMGR", "hope-house", "dob, phone", "housing_referral", "roi #12", "modal")
    ]


def test_the_bots_postgresql_role_may_only_insert_into_the_audit_log(app: Casebot) -> None:
    if not app.db.is_postgresql:
        pytest.skip("roles exist on PostgreSQL only")
    from storage.migrate import grant_bot_role

    with app.db.engine.begin() as conn:
        conn.execute(text("DROP ROLE IF EXISTS casebot_bot_test"))
        conn.execute(text("CREATE ROLE casebot_bot_test NOLOGIN"))
    try:
        grant_bot_role(app.db, role="casebot_bot_test")
        with app.db.engine.connect() as conn:
            conn.execute(text("SET ROLE casebot_bot_test"))
            conn.execute(text("SELECT count(*) FROM clients"))
            audit.record(Session(bind=conn), actor="U0BOT", action="test.as_bot_role")
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("UPDATE audit_events SET actor = 'U0X'"))
            conn.rollback()
    finally:
        with app.db.engine.begin() as conn:
            conn.execute(text("DROP OWNED BY casebot_bot_test"))
            conn.execute(text("DROP ROLE casebot_bot_test"))


@given(
    when=st.datetimes(timezones=st.just(UTC)),
    actor=st.text(),
    action=st.text(),
    client_id=st.none() | st.text(),
    detail=st.text(),
)
def test_the_fast_row_hash_equals_the_canonical_json_hash(when, actor, action, client_id, detail) -> None:
    fields = {
        "occurred_at": when,
        "actor": actor,
        "action": action,
        "client_id": client_id,
        "detail": detail,
    }
    assert audit.hash_fields(**fields) == audit.hash_row(audit.row_payload(**fields))


@given(last=st.integers(min_value=0, max_value=5_000_000), workers=st.integers(min_value=1, max_value=16))
def test_verify_chunks_cover_the_log_in_aligned_power_of_two_pieces(last: int, workers: int) -> None:
    from storage.audit_verify import chunk_bounds

    bounds = chunk_bounds(last, workers)
    assert len(bounds) <= workers
    if last == 0:
        return
    size = bounds[0][1] - bounds[0][0] + 1 if len(bounds) > 1 else None
    assert bounds[0][0] == 1 and bounds[-1][1] == last
    for (a, b), (c, _) in itertools.pairwise(bounds):
        assert c == b + 1 and b - a + 1 == size and size & (size - 1) == 0


def test_a_tail_cut_after_the_last_checkpoint_is_caught_by_the_audit_head(app: Casebot) -> None:
    _write(app, 6)
    audit_service.checkpoint_now(app)
    _write(app, 6)  # not yet checkpointed
    with attacker(app) as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq > 10"))
    report = _verify(app)
    assert (report.ok, report.first_bad_seq) == (False, 11)
    assert "rows 11..13 were removed" in report.problem


def test_rows_written_behind_casebots_back_are_caught_by_the_audit_head(app: Casebot) -> None:
    _write(app, 3)
    with attacker(app) as conn:
        conn.execute(text("UPDATE audit_head SET seq = seq - 1"))
    report = _verify(app)
    assert not report.ok and "not appended through casebot" in report.problem


@pytest.mark.parametrize("actor", ["U0TEST\n", "U0 TEST", "", "U0TEST\u00e9"])
def test_an_actor_that_is_not_a_plain_identifier_is_refused(app: Casebot, actor: str) -> None:
    """Not even a trailing line break: rows hold identifiers, nothing a log or CSV reader could misread."""
    with pytest.raises(audit.AuditError), app.db.transaction() as session:
        audit.record(session, actor=actor, action="test.event")
