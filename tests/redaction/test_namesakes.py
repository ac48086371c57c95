"""Two clients with the same name: evidence written in the same message tells them apart; nothing else
does (a guess would put the wrong client's ID in the channel)."""

from __future__ import annotations

import datetime

import pytest

from redaction import Redactor, RosterEntry

TODAY = datetime.date(2025, 6, 1)
_R = Redactor(
    [
        RosterEntry("2351", "Lue", "Hussein", dob=datetime.date(2004, 4, 18), ssn="088460359"),
        RosterEntry("2396", "Lue", "Hussein", dob=datetime.date(1967, 10, 11), ssn="704013734"),
    ],
    today=TODAY,
)


def ids(text: str) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(f.client_id, f.candidates) for f in _R.redact(text).findings if f.type == "NAME"]


@pytest.mark.parametrize(
    ("text", "client"),
    [
        ("Lue Hussein, DOB 4/18/2004, needs a bed", "2351"),
        ("Lue Hussein (born 18/4/2004) needs a bed", "2351"),  # day first
        ("Lue Hussein ssn 704-01-3734", "2396"),
        ("Lue Hussein, last 4 of SSN 0359, moved in", "2351"),
        ("Lue Hussein, 57, is sleeping in his car", "2396"),
        ("Lue Hussein (21 y/o) is at the youth shelter", "2351"),
        ("lue hussein age 57 needs a ride", "2396"),
        ("Lue Hussein '67 is at the drop-in", "2396"),  # a birth year after an apostrophe
        ("Lue Hussein ('04, the young one) moved in", "2351"),
    ],
)
def test_a_dob_ssn_or_age_in_the_message_names_the_client(text, client):
    assert ids(text) == [(client, ())]


@pytest.mark.parametrize(
    "text",
    [
        "Lue Hussein needs a bed, she is at the drop-in",  # pronouns are not evidence
        "Lue Hussein, 40, needs a bed",  # an age that fits neither
        "Lue Hussein moved in on 3/4/2025",  # a move-in date is not a DOB
    ],
)
def test_without_evidence_the_mention_keeps_its_candidates(text):
    assert ids(text) == [(None, ("2351", "2396"))]


def test_a_misspelt_surname_means_the_client_whose_whole_surname_it_is_near():
    red = Redactor([RosterEntry("1", "Khanh", "Hoang"), RosterEntry("2", "Khanh", "Hoang-Ngo")])
    assert red.redact("Khanh Haong is here").text == "Client 1 is here"
    assert red.redact("Khanh Hoang-Ngo is here").text == "Client 2 is here"


def test_a_birth_year_with_its_month_tells_namesakes_apart():
    import datetime

    from redaction import Redactor, RosterEntry

    r = Redactor(
        [
            RosterEntry("801", "Ana", "Lima", dob=datetime.date(1975, 3, 4)),
            RosterEntry("802", "Ana", "Lima", dob=datetime.date(1980, 3, 4)),
        ]
    )
    assert r.redact("Ana Lima (born March 1975) needs a bed").findings[0].client_id == "801"
    assert r.redact("Ana Lima (b. 1980) needs a bed").findings[0].client_id == "802"
    assert r.redact("Ana Lima needs a bed").findings[0].candidates == ("801", "802")


def test_a_namesake_in_a_huge_roster_is_picked_from_all_candidates_not_the_first_twenty():
    import datetime

    from redaction import Redactor, RosterEntry

    people = [
        RosterEntry(str(900 + k), "Maria", "Garcia", dob=datetime.date(1950 + k % 40, 1, 1 + k % 28))
        for k in range(60)
    ]
    r = Redactor(people)
    target = people[55]
    f = r.redact(f"Maria Garcia, DOB {target.dob:%m/%d/%Y}, needs a bed").findings[0]
    assert f.client_id == target.client_id
    g = r.redact("Maria Garcia needs a bed").findings[0]
    assert g.client_id is None and len(g.candidates) == 20  # shortened for the caller, after weighing


def test_a_birthday_without_its_year_tells_namesakes_apart():
    import datetime

    from redaction import Redactor, RosterEntry

    r = Redactor(
        [
            RosterEntry("811", "Ana", "Lima", dob=datetime.date(1975, 3, 4)),
            RosterEntry("812", "Ana", "Lima", dob=datetime.date(1980, 6, 9)),
        ]
    )
    assert r.redact("Ana Lima, DOB 6/9, needs a bed").findings[0].client_id == "812"


_TWINS = Redactor(
    [
        RosterEntry("7215", "Kou", "Vang", dob=datetime.date(1966, 3, 2)),
        RosterEntry("7216", "Kou", "Vang", dob=datetime.date(1992, 9, 5)),
    ],
    today=TODAY,
)


def _twin_ids(text: str) -> list[str | None]:
    return [f.client_id for f in _TWINS.redact(text).findings if f.type == "NAME"]


def test_each_row_of_a_table_tells_its_own_namesake_apart():
    text = "room\tguest\tdob\n215\tKou Vang\t03021966\n216\tKou Vang\t09051992"
    assert _twin_ids(text) == ["7215", "7216"]


def test_each_line_of_a_list_tells_its_own_namesake_apart():
    text = "*Kou Vang* (b. 9/5/92) doc-ready\n*Kou Vang* (b. 3/2/66) still needs ID"
    assert _twin_ids(text) == ["7216", "7215"]


def test_a_birth_year_in_brackets_after_each_mention_tells_namesakes_apart():
    text = "DO NOT merge Kou Vang (1966, ours) with Kou Vang (1992, outreach caseload)"
    assert _twin_ids(text) == ["7215", "7216"]
    spans = [text[f.start : f.end] for f in _TWINS.redact(text).findings if f.type == "DOB"]
    assert spans == ["1966", "1992"]


def test_two_namesakes_on_one_line_with_both_dates_stay_candidates():
    text = "Kou Vang 3/2/66 and Kou Vang 9/5/92 both called"
    assert _twin_ids(text) == [None, None]
