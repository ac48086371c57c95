"""Shape detectors: each row is a message and the text the rule must hide (or leave alone)."""

from __future__ import annotations

import pytest

from redaction import PiiType


def hidden(redact, text: str) -> list[tuple[str, PiiType]]:
    return [(text[f.start : f.end], f.type) for f in redact(text).findings]


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("SSN is 123-45-6789 for the app", "123-45-6789"),
        ("ssn 123 45 6789", "123 45 6789"),
        ("ss# 123.45.6789", "123.45.6789"),
        ("her social is 123–45–6789", "123–45–6789"),
        ("social 987654321 on file", "987654321"),
        ("last 4 of his SSN is 6789", "6789"),
        ("SSN ending in 4321", "4321"),
        ("card shows XXX-XX-1234", "XXX-XX-1234"),
    ],
)
def test_ssn_in_any_common_writing_is_hidden(redact, text, ssn):
    assert (ssn, PiiType.SSN) in hidden(redact, text)


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("DOB 04/12/1980", "04/12/1980"),
        ("born 4/12/80", "4/12/80"),
        ("dob: 1980-04-12", "1980-04-12"),
        ("born April 12, 1980", "April 12, 1980"),
        ("born 12 April 1980", "12 April 1980"),
        ("b-day 12.04.1980", "12.04.1980"),
        ("DOB 25/12/1975 (day first)", "25/12/1975"),
        ("Maria 3-7-1962 needs an ID", "3-7-1962"),
        ("born in 1980", "1980"),
        ("DOB 4/12", "4/12"),
    ],
)
def test_dates_of_birth_are_hidden(redact, text, dob):
    assert (dob, PiiType.DOB) in hidden(redact, text)


@pytest.mark.parametrize(
    "text",
    [
        "Next case conference is 12/5 at 10am in room 204.",
        "Meeting moved to Tuesday 3/12 at 2pm",
        "Lease starts on 3/1/2026",
        "Homeless since 3/4/2010, chronic",
    ],
)
def test_meeting_and_event_dates_stay_readable(redact, text):
    assert [t for _, t in hidden(redact, text) if t is PiiType.DOB] == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("call 206-555-0143", "206-555-0143"),
        ("cell (206) 555-0143", "(206) 555-0143"),
        ("reach her at 206.555.0143", "206.555.0143"),
        ("text 2065550143", "2065550143"),
        ("+1 206 555 0143 works", "+1 206 555 0143"),
        ("phone 555-0143 (no area code)", "555-0143"),
    ],
)
def test_phone_numbers_are_hidden(redact, text, phone):
    assert (phone, PiiType.PHONE) in hidden(redact, text)


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("email maria.garcia80@gmail.com please", "maria.garcia80@gmail.com"),
        ("MG_1980+case@Example.org", "MG_1980+case@Example.org"),
        ("write to mgarcia at gmail dot com", "mgarcia at gmail dot com"),
        ("email maria dot lopez at gmail dot com", "maria dot lopez at gmail dot com"),
    ],
)
def test_email_addresses_are_hidden(redact, text, email):
    assert (email, PiiType.EMAIL) in hidden(redact, text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("staying at 229 Christopher Way Apt 3 for now", "229 Christopher Way Apt 3"),
        ("found near 4779 Bruce Lakes, Seattle WA 98104 today", "4779 Bruce Lakes, Seattle WA 98104"),
        ("lives at 1420 NE 45th St #12", "1420 NE 45th St #12"),
        ("moved to 77 Rainier Ave S, Seattle, WA 98144", "77 Rainier Ave S, Seattle, WA 98144"),
        ("staying at 1420 main st apt 4", "1420 main st apt 4"),
        ("mail goes to PO Box 1234", "PO Box 1234"),
        ("she lives at 1234 Rainier now", "1234 Rainier"),
        ("evicted from 3373 w lake avenue, st. paul, mn 68481", "3373 w lake avenue, st. paul, mn 68481"),
        (
            "unit at 1880 n nicollet rd, unit 331, st. paul, mn 80656 ok",
            "1880 n nicollet rd, unit 331, st. paul, mn 80656",
        ),
    ],
)
def test_street_addresses_are_hidden(redact, text, address):
    assert (address, PiiType.ADDRESS) in hidden(redact, text)


@pytest.mark.parametrize(
    "text",
    [
        "Bed 12 at Hope House is open",
        "The HUD CoC NOFO is due 9/30, 142 points possible.",
        "VI-SPDAT came back at 31. Will follow up",
        "3 people went to the park",
        "moved to 12 Hope House",
    ],
)
def test_program_details_and_counts_stay_readable(redact, text):
    assert hidden(redact, text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("she is HIV positive, so HOPWA may help", "HIV positive"),
        ("he is HIV+", "HIV+"),
        ("disclosed she is living with HIV", "living with HIV"),
        ("tested positive for hep C last year", "tested positive for hep C"),
        ("his viral load is undetectable", "his viral load is undetectable"),
        ("was diagnosed with AIDS in 2010", "diagnosed with AIDS"),
        ("dx'd w/ HIV last year", "dx'd w/ HIV"),
        ("she is recently diagnosed with HIV", "recently diagnosed with HIV"),
        ("got his hiv results back positive", "his hiv results back positive"),
        ("her HIV test came back positive", "her HIV test came back positive"),
        ("she's poz", "'s poz"),
    ],
)
def test_health_disclosures_hide_the_whole_phrase(redact, text, phrase):
    assert (phrase, PiiType.HEALTH) in hidden(redact, text)


@pytest.mark.parametrize(
    "text",
    [
        "HOPWA has two vouchers left",
        "this aids her application",
        "TB test required at intake",
        "Everyone stay positive!",
    ],
)
def test_program_names_and_ordinary_words_are_not_health_disclosures(redact, text):
    assert [t for _, t in hidden(redact, text) if t is PiiType.HEALTH] == []


def test_health_replacement_does_not_reveal_the_condition(redact):
    out = redact("he is HIV+ and on Biktarvy").text
    assert "HIV" not in out and "Biktarvy" not in out and "[redacted]" in out


def test_a_lower_case_state_abbreviation_needs_a_comma_or_a_zip():
    """ "in", "me", "ok" are state codes too: "12 main st in the back" ends at the street."""
    from redaction import Redactor

    red = Redactor()
    text = "lives at 12 main st in the back"
    assert [text[f.start : f.end] for f in red.redact(text).findings] == ["12 main st"]


def test_a_forms_ssn_last_four_label_in_brackets_cues_the_four_digits(redact):
    assert hidden(redact, "SSN (last 4): 8823") == [("8823", PiiType.SSN)]


def test_after_an_ssn_cue_a_short_number_before_a_full_ssn_is_hidden_too(redact):
    """Found by the property that redacting twice finds nothing new: once the nine digits were hidden,
    the seven before them read as a mistyped SSN on the second look; now on the first."""
    assert redact("SSN 1234567 123456789").text == "SSN [redacted] [redacted]"


# --- issue #16, fourth round: the last four behind a mask or a short cue --------------------------------


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("rosa, ssn x1234, needs the form", "x1234"),
        ("SSN ***1234 on the ROI", "***1234"),
        ("ssn: ...1234 per SSA letter", "...1234"),
        ("ssn …1234", "…1234"),
        ("pls verify l4 1234", "1234"),
        ("l4ssn 5521", "5521"),
        ("ss ending 0045 matches", "0045"),
        ("soc ending 7781", "7781"),
        ("Ly's SS ends 0657 if that helps match", "0657"),
        ("Yesi me dijo que su seguro social termina en 2963", "2963"),
    ],
)
def test_the_last_four_behind_a_mask_or_a_short_cue_are_an_ssn(redact, text, ssn):
    assert (ssn, PiiType.SSN) in hidden(redact, text)


@pytest.mark.parametrize(
    "text", ["ends 1234 Main St? no", "room x1234 at the front desk", "call ext 1234", "class ending 2025"]
)
def test_four_digits_without_an_ssn_cue_are_not_an_ssn(redact, text):
    assert all(t is not PiiType.SSN for _, t in hidden(redact, text))


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("Maria Lopez, ssn ending 1234.", "1234"),
        ("the last four are 4433.", "4433"),
        ("social ends in 4433.", "4433"),
        ("social is four four three three.", "four four three three"),
        ("ssn x1234.", "x1234"),
    ],
)
def test_the_last_four_at_the_end_of_a_sentence_are_an_ssn(redact, text, ssn):
    assert (ssn, PiiType.SSN) in hidden(redact, text)


def test_four_digits_then_a_decimal_after_an_ssn_cue_are_not_the_last_four(redact):
    assert all(t is not PiiType.SSN for _, t in hidden(redact, "last four months cost 1234.50 total"))


def test_an_itins_last_four_are_hidden_as_an_ssns(redact):
    text = "her ITIN letter arrived. Number ends 3345. Filed in the green folder."
    assert hidden(redact, text) == [("3345", PiiType.SSN)]


@pytest.mark.parametrize(
    ("text", "ssn"),
    [
        ("ssn-123456789 on the form", "123456789"),
        ("SSA claim number 402-88-6154B", "402-88-6154B"),
        ("Soc: 580--91-3327", "580--91-3327"),
        ("SSN ends w/ 6789", "6789"),
        ("SSN on file ...6789", "...6789"),
        ("ssn 123-45-xxxx until the card comes", "123-45-xxxx"),
        ("SSN: 123-45-____", "123-45-____"),
    ],
)
def test_an_ssn_written_glued_doubled_suffixed_or_half_masked_is_hidden(redact, text, ssn):
    assert (ssn, PiiType.SSN) in hidden(redact, text)


@pytest.mark.parametrize(
    "text",
    [
        "Member ID 123456789 on the UCare card",
        "client ID 123456789",
        "Booking #2025-003318. Needs a ride",
        "MA # 123456789",
    ],
)
def test_a_records_number_written_after_its_label_is_neither_an_ssn_nor_a_phone(redact, text):
    assert hidden(redact, text) == []
