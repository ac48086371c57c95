"""The hash chain names the first row that was modified, removed or inserted."""

import pytest
from sqlalchemy import select

from bot.context import Casebot
from storage import audit
from storage.models import AuditEvent


def _write(app: Casebot, n: int) -> None:
    with app.db.transaction() as session:
        for i in range(n):
            audit.record(
                session, actor="U0TEST", action="test.event", client_id=str(1000 + i), detail={"i": i}
            )


def _events(app: Casebot) -> list[AuditEvent]:
    with app.db.transaction(write=False) as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_an_untouched_chain_verifies(app: Casebot) -> None:
    _write(app, 5)
    report = audit.verify_chain(_events(app))
    assert report.ok and report.rows == 6  # system.init + 5


def test_a_modified_row_is_named(app: Casebot) -> None:
    _write(app, 5)
    events = _events(app)
    events[3].client_id = "9999"
    report = audit.verify_chain(events)
    assert (report.ok, report.first_bad_seq) == (False, 4)


def test_a_removed_row_is_named(app: Casebot) -> None:
    _write(app, 5)
    events = _events(app)
    del events[2]
    report = audit.verify_chain(events)
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_swapped_rows_are_detected(app: Casebot) -> None:
    _write(app, 5)
    events = _events(app)
    events[2], events[3] = events[3], events[2]
    assert audit.verify_chain(events).first_bad_seq == 3


@pytest.mark.parametrize(
    "detail",
    [{"note": {"nested": "x"}}, {"bad key!": 1}, {"blob": b"bytes"}],
    ids=["nested object", "free-form key", "bytes"],
)
def test_details_are_flat_identifiers_and_scalars(app: Casebot, detail: dict) -> None:
    with pytest.raises(audit.AuditError), app.db.transaction() as session:
        audit.record(session, actor="U0TEST", action="test.event", detail=detail)
