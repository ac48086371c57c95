"""Rostered clients written short: a lower-case initial before the surname, a first name and the
surname's initial, two-letter surnames, surname particles; and the words those forms look like."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("701", "Jimmy", "Nguyen"),
        RosterEntry("702", "Nguyen", "Tran"),
        RosterEntry("703", "Thi", "Le"),
        RosterEntry("704", "Minh", "Vu"),
        RosterEntry("705", "Anh", "Do"),
        RosterEntry("706", "Kevin", "Ng"),
        RosterEntry("707", "Mai", "Ly"),
        RosterEntry("708", "Li", "Wu"),
        RosterEntry("709", "Ana", "da Silva"),
        RosterEntry("710", "Pieter", "van Dijk"),
        RosterEntry("711", "Carlos", "del Rio"),
        RosterEntry("712", "Maria", "Garcia"),
    ]
)


def _ids(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize("name", ["j. nguyen", "j.nguyen", "j nguyen"])
def test_a_lower_case_initial_before_a_rostered_surname_is_that_client(name):
    assert _ids(f"saw {name} at the shelter") == [(name, "701")]


def test_a_lower_case_initial_no_client_with_that_surname_has_stays_a_letter():
    assert _ids("item b nguyen")[0][0] == "nguyen"  # the surname may be a name; "b" is a list marker


def test_the_article_before_a_surname_is_not_an_initial():
    assert all(not s.startswith("a ") for s, _ in _ids("a nguyen is at intake"))


@pytest.mark.parametrize("name", ["Maria G.", "maria g.", "Maria G"])
def test_a_first_name_and_the_surnames_initial_are_that_client(name):
    assert _ids(f"met with {name} at intake") == [(name, "712")]


@pytest.mark.parametrize(
    ("text", "name", "cid"),
    [
        ("Le is at the shelter", "Le", "703"),
        ("vu said ok", "vu", "704"),
        ("Mrs Do called back", "Mrs Do", "705"),
        ("ng came in", "ng", "706"),
        ("Mai Ly signed the lease", "Mai Ly", "707"),
        ("wu is at the shelter", "wu", "708"),
    ],
)
def test_a_two_letter_rostered_surname_is_a_name_when_talked_of_as_a_person(text, name, cid):
    assert _ids(text) == [(name, cid)]


@pytest.mark.parametrize(
    ("text", "name", "cid"),
    [
        ("ana da silva called", "ana da silva", "709"),
        ("van Dijk moved out", "van Dijk", "710"),
        ("del Rio left early", "del Rio", "711"),
    ],
)
def test_a_surname_with_its_particle_is_one_name(text, name, cid):
    assert _ids(text) == [(name, cid)]


@pytest.mark.parametrize("text", ["grab the van keys", "can you do it", "let's do lunch", "the Van keys"])
def test_particles_and_two_letter_surnames_stay_words_in_ordinary_use(text):
    assert _ids(text) == []


def test_a_lower_case_surname_that_is_the_plural_of_an_ordinary_word_needs_a_cue():
    keys = Redactor([RosterEntry("720", "Joe", "Keys")])
    assert keys.redact("grab the van keys").findings == ()
    assert [f.client_id for f in keys.redact("met with keys today").findings] == ["720"]


# --- issue #16, fourth round: a long first name shortened, front or end --------------------------------

_SHORT = Redactor(
    [
        RosterEntry("801", "Baltasar", "Ruiz"),
        RosterEntry("802", "Oluwaseun", "Adeyemi"),
        RosterEntry("803", "Srinivasan", "Iyer"),
        RosterEntry("804", "William", "Grant"),
    ]
)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("Balta stopped by again about the deposit", "Client 801 stopped by again about the deposit"),
        ("Seun signed the lease today", "Client 802 signed the lease today"),
        ("talked to Srini Iyer at intake", "talked to Client 803 at intake"),
    ],
)
def test_the_front_or_end_of_a_long_first_name_is_that_client(text, redacted):
    assert _SHORT.redact(text).text == redacted


@pytest.mark.parametrize(
    "text", ["Will follow up on the grant application", "the van keys are at Hope House", "do it by June"]
)
def test_ordinary_words_stay_readable_with_short_forms_on_the_roster(text):
    assert _SHORT.redact(text).findings == ()


@pytest.mark.parametrize(
    ("text", "redacted"),
    [("maria bday 4/12", "Client 712 bday [redacted]"), ("minh appt at 3", "Client 704 appt at 3")],
)
def test_chat_shorthand_after_a_lower_case_first_name_is_not_a_surname(text, redacted):
    assert _R.redact(text).text == redacted


# --- issue #16, sixth round: three letters of a first name, a two-letter nickname in lower case ---------

_CLIPPED = Redactor(
    [
        RosterEntry("811", "Rajesh", "Venkataraman"),
        RosterEntry("812", "Priyanka", "Bose"),
        RosterEntry("813", "Mohammed", "Rahimi"),
        RosterEntry("814", "Janelle", "Ortiz"),
        RosterEntry("815", "Marisol", "Quiñones"),
        RosterEntry("816", "Skyler", "Young"),
    ]
)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("Raj finally got the letter from SSA", "Client 811 finally got the letter from SSA"),
        ("Pri wants the 10am slot", "Client 812 wants the 10am slot"),
        ("mo says his birthday is next week", "Client 813 says his birthday is next week"),
        ("Sky took socks, declined shelter", "Client 816 took socks, declined shelter"),  # a table nickname
    ],
)
def test_three_letters_of_a_first_name_or_a_listed_two_letter_nickname_is_that_client(text, redacted):
    assert _CLIPPED.redact(text).text == redacted


@pytest.mark.parametrize(
    "text",
    [
        "intake moved to Jan 12",
        "Mar rent is due",
        "he has been here 3 mo now",
        "need mo info",
        "PSH waitlist",
    ],
)
def test_months_units_and_words_are_not_clipped_names(text):
    assert _CLIPPED.redact(text).findings == ()
