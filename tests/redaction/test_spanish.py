"""Chat that switches to Spanish keeps its Spanish words readable; the PII in it is still hidden."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor([RosterEntry("801", "Guadalupe", "Ramírez"), RosterEntry("802", "Juan Carlos", "Mendoza")])


@pytest.mark.parametrize(
    "text",
    [
        "ya le mandé el formulario, falta el SSN",
        "es para su tratamiento, lo confirmé con la trabajadora social",
        "me dijo que su esposa está en Cusco",
    ],
)
def test_a_spanish_clause_without_pii_stays_readable(text):
    assert _R.redact(text).text == text


def test_an_unrostered_name_inside_a_spanish_clause_is_still_hidden():
    assert _R.redact("me dijo que su esposa Rosa Quispe está en Cusco").text == (
        "me dijo que su esposa [redacted] está en Cusco"
    )


def test_a_rostered_client_in_a_spanish_clause_gets_their_id():
    assert _R.redact("Juan Carlos Mendoza cumple años pronto").text == "Client 802 cumple años pronto"


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("nació el 19 de mayo de 1982, lo confirmé", "19 de mayo de 1982"),
        ("nació el 11 de febrero del 79", "11 de febrero del 79"),
        ("cumple años el 24 de diciembre", "24 de diciembre"),
        ("fecha de nacimiento: 3 de abril de 1990", "3 de abril de 1990"),
        ("her mom was born febrero 14 del 58 she said", "febrero 14 del 58"),
    ],
)
def test_a_birth_date_written_in_spanish_is_a_dob(text, dob):
    # (the DOB, whatever else: "nació" opening a message is also a given name, and the tagger may hide it)
    assert (dob, PiiType.DOB) in [(text[f.start : f.end], f.type) for f in _R.redact(text).findings]


def test_a_date_in_spanish_that_is_no_birthday_stays():
    text = "la cita es el 24 de diciembre de 2026"
    assert _R.redact(text).text == text


@pytest.mark.parametrize(
    "text", ["lo confirmé con su acta de nacimiento", "dice que ya tiene trabajo pero no tiene carro"]
)
def test_spanish_words_a_surname_list_also_has_are_words_in_a_spanish_clause(text):
    assert _R.redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "vive ahora con su tía",  # kinship: "Tia" is also a given name
        "dice que ya tiene trabajo pero still needs the deposit",  # English words mixed into the switch
        "el mayor, no el joven; he's the one in court mañana",
    ],
)
def test_the_words_of_a_switch_to_spanish_stay_readable(text):
    assert _R.redact(text).text == text


def test_spanish_particles_of_a_name_alone_do_not_make_a_message_spanish():
    """ "de la" in an English message is a name's, not a switch to Spanish: the name is still hidden."""
    assert _R.redact("met with maria de la rosa today").text == "met with [redacted] today"
