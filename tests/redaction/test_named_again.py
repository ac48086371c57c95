"""A person named in full and later in the same message by one name alone is still that person."""

from __future__ import annotations

from redaction import Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("701", "Hope", "Whitfield"),
        RosterEntry("702", "Maria", "Garcia"),
        RosterEntry("703", "Maria", "Lopez"),
        RosterEntry("704", "Will", "Long"),
    ]
)


def _text(message: str) -> str:
    return _R.redact(message).text


def test_a_clients_first_name_that_is_a_word_is_them_after_their_full_name():
    assert _text("A call from mother of Hope Whitfield. She says Hope and the kids need a room.") == (
        "A call from mother of Client 701. She says Client 701 and the kids need a room."
    )


def test_a_first_name_several_clients_share_is_the_one_named_in_full_before_it():
    assert _text("Met Maria Garcia today. Maria wants the 10am slot.") == (
        "Met Client 702 today. Client 702 wants the 10am slot."
    )


def test_an_unrostered_persons_first_name_is_hidden_again_where_it_recurs():
    assert _text("Came in with his partner Mele Taufa. Mele is working at the airport.") == (
        "Came in with his partner [redacted]. [redacted] is working at the airport."
    )


def test_the_word_a_first_name_is_stays_a_word_where_it_is_not_the_person():
    assert (
        _text("Will Long came in. Will follow up tomorrow.") == "Client 704 came in. Will follow up tomorrow."
    )


def test_an_agency_named_with_a_word_of_a_persons_name_stays_readable():
    assert _text("Met Ngozi Okafor at Hope House. Ngozi wants a bed at Hope House.") == (
        "Met [redacted] at Hope House. [redacted] wants a bed at Hope House."
    )
