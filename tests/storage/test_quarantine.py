"""The quarantine keeps a removed message's text and its hidden spans encrypted, bound to their row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.context import Casebot
from storage import quarantine
from storage.crypto import CryptoError
from storage.models import QuarantinedMessage

SPANS = (quarantine.HeldSpan(0, 7, "NAME", "4521"), quarantine.HeldSpan(20, 32, "PHONE"))


def put(app: Casebot, row_id: str) -> None:
    with app.db.transaction() as session:
        quarantine.put(
            session,
            keyring=app.keyring,
            row_id=row_id,
            slack_channel_id="C0CASE001",
            message_ts="1700000000.000001",
            thread_ts=None,
            repost_ts="1700000000.000002",
            poster="U0MEMBER1",
            pii_types=("NAME", "PHONE"),
            text="Bill Ng called from 612-555-0143",
            spans=SPANS,
            keep_for=timedelta(minutes=30),
        )


def held(app: Casebot, row_id: str) -> quarantine.Quarantined | None:
    with app.db.transaction(write=False) as session:
        return quarantine.get(session, keyring=app.keyring, row_id=row_id)


def test_the_spans_come_back_as_they_went_in_and_a_restore_marks_them_shown(app: Casebot) -> None:
    put(app, "a" * 32)
    row = held(app, "a" * 32)
    assert row is not None and row.spans == SPANS
    with app.db.transaction() as session:
        spans = (SPANS[0], quarantine.HeldSpan(20, 32, "PHONE", shown=True))
        quarantine.keep_hidden(session, keyring=app.keyring, row_id="a" * 32, spans=spans)
    row = held(app, "a" * 32)
    assert row is not None and [s.shown for s in row.spans] == [False, True]


def test_spans_copied_onto_another_row_do_not_open(app: Casebot) -> None:
    put(app, "a" * 32)
    put(app, "b" * 32)
    with app.db.transaction() as session:
        blob = session.get(QuarantinedMessage, "a" * 32).spans_enc
        session.execute(
            update(QuarantinedMessage).where(QuarantinedMessage.id == "b" * 32).values(spans_enc=blob)
        )
    with pytest.raises(CryptoError):
        held(app, "b" * 32)


def test_a_row_from_before_spans_were_kept_has_none(app: Casebot) -> None:
    put(app, "a" * 32)
    with app.db.transaction() as session:
        session.execute(update(QuarantinedMessage).values(spans_enc=None))
    row = held(app, "a" * 32)
    assert row is not None and row.spans == ()
