"""Chat that switches to Spanish keeps its Spanish words readable; the PII in it is still hidden."""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterEntry

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
