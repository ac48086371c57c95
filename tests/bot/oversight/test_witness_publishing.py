"""Publishing checkpoints to witnesses: off the request path, retried, logged without secrets, and an
incident when a witness keeps failing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.context import Casebot
from bot.oversight import audit_service
from bot.oversight.audit_service import INCIDENT_AFTER_FAILURES, publish_pending
from bot.oversight.audit_upkeep import AuditUpkeep
from storage import audit
from storage.audit_s3 import S3Witness
from storage.audit_witness import WitnessConflict, WitnessCopy, WitnessError
from storage.models import AuditEvent, AuditWitnessState, Incident
from tests.s3_standin import SECRET_KEY, S3Bucket


class Flaky:
    """A witness that fails while ``down`` is set, then keeps what it is sent."""

    kind = "s3"
    local = False
    name = "s3:flaky/"

    def __init__(self) -> None:
        self.down: WitnessError | None = WitnessError("EndpointConnectionError")
        self.held: dict[int, str] = {}
        self.attempts = 0

    def publish(self, *, tree_size: int, document: str) -> None:
        self.attempts += 1
        if self.down is not None:
            raise self.down
        self.held[tree_size] = document

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        return WitnessCopy(tree_size, self.held[tree_size]) if tree_size in self.held else None

    def list(self) -> list[WitnessCopy]:
        return [WitnessCopy(n, d) for n, d in sorted(self.held.items())]

    def check(self) -> str | None:
        return None


def _write(app: Casebot, n: int = 2) -> None:
    with app.db.transaction() as session:
        for i in range(n):
            audit.record(session, actor="U0TEST", action="test.event", client_id=str(1000 + i))


def _incidents(app: Casebot) -> list[Incident]:
    with app.db.transaction(write=False) as session:
        return list(session.scalars(select(Incident).where(Incident.category == "audit_witness")))


def test_a_failing_witness_is_retried_logged_and_opens_one_incident(
    app: Casebot, caplog: pytest.LogCaptureFixture
) -> None:
    witness = Flaky()
    _write(app)
    audit_service.checkpoint_now(app)
    caplog.set_level(logging.WARNING, logger="casebot.audit")
    for attempt in range(1, INCIDENT_AFTER_FAILURES):
        (outcome,) = publish_pending(app, witnesses=[witness])
        assert (outcome.error, outcome.failures, outcome.incident_id) == (
            "endpointconnectionerror",
            attempt,
            None,
        )
    assert _incidents(app) == []
    (outcome,) = publish_pending(app, witnesses=[witness])
    (incident,) = _incidents(app)
    assert outcome.incident_id == incident.id and outcome.failures == INCIDENT_AFTER_FAILURES
    assert incident.summary_codes and "witness.s3" in incident.summary_codes
    publish_pending(app, witnesses=[witness])  # still down: the same outage, no second incident
    assert len(_incidents(app)) == 1
    assert "audit witness s3:flaky/: checkpoint not published (endpointconnectionerror)" in caplog.text
    assert f"incident #{incident.id} opened" in caplog.text

    witness.down = None
    (outcome,) = publish_pending(app, witnesses=[witness])
    assert outcome.error is None and outcome.tree_sizes == tuple(witness.held)
    with app.db.transaction(write=False) as session:
        state = session.get(AuditWitnessState, witness.name)
        assert (state.failures, state.incident_id, state.last_error) == (0, None, None)
    report = audit_service.verify(app, witnesses=[witness])
    assert report.ok, report.problem


def test_a_witness_holding_a_different_copy_opens_an_incident_at_once(app: Casebot) -> None:
    witness = Flaky()
    witness.down = WitnessConflict()
    _write(app)
    audit_service.checkpoint_now(app)
    (outcome,) = publish_pending(app, witnesses=[witness])
    assert outcome.error == "different_copy_held" and outcome.incident_id is not None


def test_publishing_failures_are_audited_through_the_incident_and_name_no_secret(
    app: Casebot, s3_bucket: S3Bucket, caplog: pytest.LogCaptureFixture
) -> None:
    """The S3 secret key is in this process's environment (the standard chain): it must reach no log,
    no incident and no audit row, on success or failure."""
    caplog.set_level(logging.DEBUG)
    good = S3Witness(bucket=s3_bucket.bucket, prefix="p/", retention_days=1, endpoint_url=s3_bucket.endpoint)
    bad = S3Witness(bucket=s3_bucket.bucket, prefix="p/", retention_days=1, endpoint_url="http://127.0.0.1:9")
    _write(app)
    audit_service.checkpoint_now(app)
    assert publish_pending(app, witnesses=[good])[0].error is None
    for _ in range(INCIDENT_AFTER_FAILURES):
        publish_pending(app, witnesses=[bad])
    assert audit_service.verify(app, witnesses=[good]).ok
    assert SECRET_KEY not in caplog.text
    with app.db.transaction(write=False) as session:
        details = " ".join(session.scalars(select(AuditEvent.detail)))
        codes = [list(i.summary_codes or []) for i in session.scalars(select(Incident))]
    assert SECRET_KEY not in details and SECRET_KEY not in repr(codes)


def test_the_upkeep_waits_longer_after_each_failure(app: Casebot) -> None:
    witness = Flaky()
    upkeep = AuditUpkeep(app, witnesses=[witness], slack=None)
    _write(app)
    upkeep.run_once()
    upkeep.run_once()
    upkeep.run_once()
    assert witness.attempts == 1, "the second and third runs fall inside the pause after a failure"


def test_stopping_the_upkeep_checkpoints_what_is_new_and_publishes_it(app: Casebot) -> None:
    witness = Flaky()
    witness.down = None
    upkeep = AuditUpkeep(app, witnesses=[witness], slack=None, interval=3600)
    upkeep.start()
    _write(app, 7)
    assert upkeep.stop(timeout=10)
    with app.db.transaction(write=False) as session:
        last = session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    assert audit_service.latest_checkpoint(app).tree_size == last
    assert max(witness.held) == last
