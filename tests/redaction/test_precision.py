"""What stays readable: colleagues, acronyms, agencies, their public numbers, languages, chat shorthand."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [RosterEntry("701", "Karen", "Htoo"), RosterEntry("702", "Marta", "Nowak")], known_words=["Marta"]
)


def _same(text: str) -> bool:
    return _R.redact(text).text == text


@pytest.mark.parametrize(
    "text", ["AMI limits changed for PSH and RRH", "the CoC NOFO is out", "VI-SPDAT due"]
)
def test_acronyms_of_the_field_stay_readable(text):
    assert _same(text)


def test_a_colleague_named_with_the_role_stays_readable():
    assert _same("re the lease - Marta Zielinski is the CM now")


def test_a_colleagues_possessive_without_a_client_noun_stays_readable():
    assert _same("marta's out today, ping me instead")


def test_a_language_that_is_also_a_name_stays_readable_before_interpreter():
    assert _same("needs a Karen interpreter on Thursday")


@pytest.mark.parametrize("text", ["omw, 10 min", "lmk when ur there", "brb"])
def test_chat_shorthand_stays_readable(text):
    assert _same(text)


def test_agency_hotlines_stay_readable():
    assert _same("shelter hotline 1-800-555-0100, or 211")


def test_a_word_glued_to_a_digit_is_a_code_not_a_name():
    assert _same("unit 4B is ready")


@pytest.mark.parametrize(
    "text",
    [
        "First Name = Yasmin\nLast Name = al-Khatib",
        "Day→Eve: bed 7 has a 4pm appt at the clinic",
        "Eve shift: front desk covered 3–5",
        "Eve outreach: nobody at the camp",
    ],
)
def test_form_field_names_and_shift_names_are_not_people(text):
    found = [text[f.start : f.end] for f in Redactor().redact(text).findings if f.type is PiiType.NAME]
    assert not any(w in " ".join(found) for w in ("First Name", "Last Name", "Eve", "Day"))


@pytest.mark.parametrize(
    "text",
    [
        "last seen walking toward the Franklin station, no phone",
        "nobody at the Hiawatha camp, tents gone after the sweep",
        "caretaker at the Lyndale building says the mailbox is full",
    ],
)
def test_a_place_called_after_a_street_is_not_a_person(text):
    assert Redactor().redact(text).findings == ()


def test_a_clients_name_before_a_place_noun_is_still_the_client():
    r = Redactor([RosterEntry("6010", "Grant", "Yazzie")])
    assert [f.client_id for f in r.redact("out at the Yazzie camp again").findings] == ["6010"]


@pytest.mark.parametrize(
    "text",
    [
        "ready for TCU, needs MA active first",
        "hospital says he left AMA at 2am",
        "Family: son (NOK), call the unit",
        "VIN on the title matches",
    ],
)
def test_short_capitals_no_client_has_are_abbreviations(text):
    assert _same(text)


def test_a_name_written_in_capitals_is_still_a_name():
    text = "Subject: SNAP interview - NGUYEN ANH MINH, case 0048812"
    assert "NGUYEN ANH MINH" not in Redactor().redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "work, Sunrise Staffing, ask for the manager",
        "Bluestem Properties' main office line is open",
        "Karen Organization helped with the ID",
        "on the Midtown Greenway behind the block",
    ],
)
def test_a_capitalised_word_before_an_org_word_is_an_organisation(text):
    assert _same(text)

