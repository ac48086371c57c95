"""A small roster that exercises every name shape the engine has to handle."""

from __future__ import annotations

import datetime

import pytest

from redaction import Redactor, RosterEntry

ROSTER = (
    RosterEntry("1455", "Maria", "Garcia", dob=datetime.date(1980, 4, 12), ssn="123456789"),
    RosterEntry("1456", "Maria", "Lopez", middle_name="Elena"),
    RosterEntry("1500", "Robert", "Johnson"),
    RosterEntry("1501", "Guadalupe", "Hernández-Ruiz"),
    RosterEntry("1502", "Abdirahman", "Warsame"),
    RosterEntry("1503", "Pa", "Her"),
    RosterEntry("1504", "Ahiga", "Yazzie"),
    RosterEntry("1505", "Nguyen", "Tran"),
    RosterEntry("1506", "Moo", "Paw"),
    RosterEntry("1507", "Lue", "Xiong", dob=datetime.date(2004, 4, 18)),
    RosterEntry("1508", "Lue", "Xiong", dob=datetime.date(1967, 10, 11)),
    RosterEntry("1509", "Will", "Long"),
    RosterEntry("1510", "Katherine", "O'Brien"),
    RosterEntry("1511", "Said", "Hussein"),
    RosterEntry("1512", "Rosa", "de la Cruz"),
)


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor(ROSTER, known_words=["Keisha", "Hope House"])


@pytest.fixture(scope="session")
def redact(redactor):
    return redactor.redact
