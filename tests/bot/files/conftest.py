from __future__ import annotations

import datetime

import pytest

from redaction import Redactor, RosterEntry

ROSTER = (
    RosterEntry(
        "777001",
        "Zephyrinaqa",
        "Vorthmundsen",
        middle_name="Quillonetta",
        dob=datetime.date(1983, 11, 27),
        ssn="517294836",
    ),
    RosterEntry("777002", "Brisvelda", "Okonkwaro", dob=datetime.date(1971, 3, 4)),
)


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor(ROSTER, known_words=("Maria",))
