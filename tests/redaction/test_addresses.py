"""A street address is hidden with what follows it (unit, city, state or province, postal code, country),
in US, military and foreign forms."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor

_R = Redactor()


def _addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _R.redact(text).findings if f.type is PiiType.ADDRESS]


def test_a_rare_usps_street_abbreviation_makes_an_address():
    assert _addresses("she rents at 88 Willow Crst now") == ["88 Willow Crst"]


def test_a_directional_after_the_street_type_is_part_of_the_address():
    assert _addresses("he moved to 410 Oak Ave SW last week") == ["410 Oak Ave SW"]


def test_the_unit_city_state_and_zip_after_commas_are_part_of_the_address():
    text = "new place is 77 Birch Ln, Apt 4-C, Duluth, MN 55802 as of today"
    assert _addresses(text) == ["77 Birch Ln, Apt 4-C, Duluth, MN 55802"]


def test_a_unit_written_before_the_street_is_part_of_the_address():
    assert _addresses("mail to Unit 9, 301 Elm St, Fargo ND 58102") == ["Unit 9, 301 Elm St, Fargo ND 58102"]


def test_upper_and_lower_units_are_part_of_the_address():
    assert _addresses("keys for 219 Fremont Ave Upper, Minneapolis are here") == [
        "219 Fremont Ave Upper, Minneapolis"
    ]


def test_a_city_after_a_comma_is_taken_in_when_the_sentence_goes_on():
    assert _addresses("she is at 50 Cherry St, Milwaukee now") == ["50 Cherry St, Milwaukee"]


def test_a_given_name_after_the_comma_is_not_a_city():
    assert _addresses("left it at 50 Cherry St, Maria said") == ["50 Cherry St"]


def test_an_address_over_two_lines_is_one_address():
    assert _addresses("forward to:\n1420 E Lake St\nMinneapolis, MN 55407") == [
        "1420 E Lake St\nMinneapolis, MN 55407"
    ]


def test_a_po_box_with_its_town_is_an_address():
    assert _addresses("send it to PO Box 442, Gallup NM 87301") == ["PO Box 442, Gallup NM 87301"]


def test_military_mail_is_an_address():
    assert _addresses("his unit mail: PSC 1234, Box 5678, APO AE 09012") == [
        "PSC 1234, Box 5678, APO AE 09012"
    ]


@pytest.mark.parametrize(
    "address",
    [
        "55 Rue Saint-Denis, Montréal QC H2X 3K8",
        "Calle Hidalgo 45, Col. Centro, 44100 Guadalajara",
        "Rua Augusta 243, 1100-048 Lisboa, Portugal",
        "ul. Długa 37/18, 00-238 Warszawa, Poland",
        "Hauptstraße 5, 10115 Berlin",
        "14 Sea Road, Salthill, Galway H91 X2Y3, Ireland",
        "12 Dame Street, Dublin 2, Ireland",
    ],
)
def test_addresses_abroad_are_hidden_whole(address):
    assert _addresses(f"her sister lives at {address}.") == [address]


def test_a_street_name_without_a_number_is_not_an_address():
    assert _addresses("the bus stop on Lake Street is closed") == []


def test_a_lower_case_address_without_a_street_type_after_a_texting_cue():
    assert _addresses("shes stayin @ 418 juniper hollow til fri") == ["418 juniper hollow"]


def test_a_one_digit_house_number_in_lower_case_chat():
    assert _addresses("keys for 8 elm st apt 2") == ["8 elm st apt 2"]


def test_a_lower_case_town_after_the_comma_is_part_of_the_address():
    assert _addresses("shes at 1420 e lake st, mpls") == ["1420 e lake st, mpls"]


def test_a_unit_after_a_full_stop_in_dictation_is_part_of_the_address():
    assert _addresses("lives at 1420 East Lake Street. Apartment 207.") == [
        "1420 East Lake Street. Apartment 207"
    ]


@pytest.mark.parametrize(
    "address",
    [
        "RR 2 Box 145, Ames IA 50010",
        "General Delivery, Gallup NM 87301",
        "House 12, Road 5, Dhanmondi, Dhaka 1205",
    ],
)
def test_rural_and_numbered_part_addresses_are_hidden(address):
    assert _addresses(f"mail goes to {address}.") == [address]
