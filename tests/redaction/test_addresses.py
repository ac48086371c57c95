"""A street address is hidden with what follows it (unit, city, state or province, postal code, country),
in US, military and foreign forms."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

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


# --- rare street types, directionals, towns in lower-case chat, military mail ----------------------


@pytest.mark.parametrize("street_type", ["Close", "Villas", "Ramble", "Chase", "Wynd", "Esplanade"])
def test_a_rare_street_type_makes_an_address(street_type):
    text = f"Please send the letter to 2229 Victoria {street_type}, Chicago IL 60667."
    assert _addresses(text) == [f"2229 Victoria {street_type}, Chicago IL 60667"]


def test_a_dotted_two_letter_directional_after_the_street_is_taken_whole():
    text = "22 Spruce Glen S.E., Apt 4, El Paso, TX 79922 is where he is staying now."
    assert _addresses(text) == ["22 Spruce Glen S.E., Apt 4, El Paso, TX 79922"]


def test_a_rare_street_type_word_alone_stays_a_word():
    assert _addresses("we are close to a deal, the gate code changed, 3 people rise early") == []


def test_a_numbered_street_among_the_street_words_in_lower_case_makes_an_address():
    assert _addresses("please send the letter to 1783 ne 1st monroe pkwy asap") == ["1783 ne 1st monroe pkwy"]
    assert _addresses("the landlord at 30 2nd greenwood heights called") == ["30 2nd greenwood heights"]


def test_a_one_digit_house_number_in_lower_case_with_a_cue_or_a_tail_makes_an_address():
    assert _addresses("please send the letter to 6 madison bluff asap") == ["6 madison bluff"]
    assert _addresses("1 arcade bluff, apt b, saint cloud mn 56337 is where he is") == [
        "1 arcade bluff, apt b, saint cloud mn 56337"
    ]


def test_a_one_digit_count_before_words_in_lower_case_stays():
    assert _addresses("we had 3 big parks cleaned and 2 more trail crews") == []
    assert _addresses("2 beds open at hope house") == []


def test_a_known_town_after_the_street_in_lower_case_is_part_of_the_address():
    assert _addresses("she moved to 16 pine glen s, apt. 12b, chicago last week.") == [
        "16 pine glen s, apt. 12b, chicago"
    ]
    assert _addresses("her mother lives at 80 burnside lane east, san antonio with the kids") == [
        "80 burnside lane east, san antonio"
    ]


def test_a_word_after_the_street_that_is_no_town_stays_out_of_the_address():
    assert _addresses("he is at 418 juniper hollow rd, said he'd call") == ["418 juniper hollow rd"]


def test_military_and_ship_mail_in_lower_case_is_an_address():
    assert _addresses("mail it to psc 156 box 6236, apo ae 09573 thanks") == [
        "psc 156 box 6236, apo ae 09573"
    ]
    assert _addresses("ship to uss nimitz fpo ap 96449 pls") == ["uss nimitz fpo ap 96449"]
    assert _addresses("Drop-off at USS Nimitz FPO AP 96258 at noon.") == ["USS Nimitz FPO AP 96258"]


def test_a_flat_then_building_then_road_is_an_address():
    text = "Old address: Flat 12, Shanti Apartments, MG Road, Bengaluru 560001."
    assert _addresses(text) == ["Flat 12, Shanti Apartments, MG Road, Bengaluru 560001"]


def test_a_flat_word_in_a_sentence_is_no_address():
    assert _addresses("The flat 2 of us saw, Hope House, Main Road is fine") == []


def test_a_barangay_and_a_brazilian_apartment_are_parts_of_the_address():
    assert _addresses("Mother is at 123 Rizal Ave, Brgy. San Isidro, Quezon City 1100.") == [
        "123 Rizal Ave, Brgy. San Isidro, Quezon City 1100"
    ]
    assert _addresses("Rua Augusta, 1500, apto 52, São Paulo - SP, 01304-001 is his mother's") == [
        "Rua Augusta, 1500, apto 52, São Paulo - SP, 01304-001"
    ]


def test_a_vietnamese_district_after_the_street_makes_an_address():
    assert _addresses("She lived at 123 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh until 2019.") == [
        "123 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh"
    ]


def test_a_bare_unit_right_after_the_street_is_part_of_the_address():
    assert _addresses("Her place is at 4417 N Damen Ave 2F, Chicago.") == ["4417 N Damen Ave 2F, Chicago"]


def test_a_zip_plus_four_is_part_of_the_address_not_an_ssn():
    hidden = _R.redact("Send to 1 Infinite Loop, Cupertino, CA 95014-2083.").findings
    assert [(f.type, f.end - f.start) for f in hidden] == [(PiiType.ADDRESS, 41)]


# --- what is written before the street: flat, building, floor --------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "He has lived at Flat 7, Orchard House, 2 Mill Lane, Leicester LE2 7AJ since 2016.",
            "Flat 7, Orchard House, 2 Mill Lane, Leicester LE2 7AJ",
        ),
        (
            "Old: Unit 1204, Tower 2, 88 Ortigas Avenue, Pasig City",
            "Unit 1204, Tower 2, 88 Ortigas Avenue, Pasig City",
        ),
        (
            "Mr Declan\nApartment 12, The Maltings\n14 Main Street\nBray",
            "Apartment 12, The Maltings\n14 Main Street\nBray",
        ),
        ("AMINATA\n3B, 120 Rue de la Roquette, 75011 Paris", "3B, 120 Rue de la Roquette, 75011 Paris"),
        ("Dr Aminu Bello\nNo. 8 Ogui Road\nEnugu", "No. 8 Ogui Road\nEnugu"),
        ("NEW: Lot 42 Stuart Highway, Alice Springs NT 0870", "Lot 42 Stuart Highway, Alice Springs NT 0870"),
    ],
)
def test_the_flat_building_and_floor_before_the_street_are_part_of_the_address(text, address):
    assert _addresses(text) == [address]


def test_an_agency_named_before_a_street_stays_out_of_the_address():
    assert _addresses("We met at Hope House, 12 Main Street today") == ["12 Main Street"]


def test_a_capitalised_line_after_an_address_that_opens_a_sentence_is_not_a_town():
    text = "Address: 44 Esselen Street, Pretoria 0002\nDate of birth: 1990"
    assert _addresses(text) == ["44 Esselen Street, Pretoria 0002"]


def test_military_mail_with_a_zip_plus_four_and_a_hull_number_is_an_address():
    assert _addresses("Unit 2050 Box 4190\nAPO AP 96278-2050\nPlease allow") == [
        "Unit 2050 Box 4190\nAPO AP 96278-2050"
    ]
    assert _addresses("LT Grace Manalo\nUSS Carl Vinson (CVN 70)\nFPO AP 96629-1134\nDeclared: books") == [
        "USS Carl Vinson (CVN 70)\nFPO AP 96629-1134"
    ]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("To: Private Bag X15, Hatfield 0028, South Africa", "Private Bag X15, Hatfield 0028, South Africa"),
        ("Destinataire : Boîte postale 1023, Ouagadougou", "Boîte postale 1023, Ouagadougou"),
        ("Envíe a Apartado 45, Ronda", "Apartado 45, Ronda"),
        ("Schreiben Sie an Postfach 1011, 10115 Berlin", "Postfach 1011, 10115 Berlin"),
    ],
)
def test_a_postal_box_outside_the_us_is_an_address(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    ["the private bag of chips", "a postal strike", "Postfach is the German word for a box"],
)
def test_a_postal_box_word_without_a_number_is_no_address(text: str) -> None:
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Last address: Knockaderry, Ballyhahill, Co. Limerick V94 K3T2",
            "Knockaderry, Ballyhahill, Co. Limerick V94 K3T2",
        ),
        (
            "Receiver: Cois Farraige, Spiddal, Co. Galway H91 T2P8",
            "Cois Farraige, Spiddal, Co. Galway H91 T2P8",
        ),
        ("Bray\nCo. Wicklow\nA98 X2K7", "Bray\nCo. Wicklow\nA98 X2K7"),
    ],
)
def test_an_irish_county_with_the_places_before_it_is_an_address(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Acme Co. sent the order",
        "ACME Co. Ltd order 4471",
        "we met in Cork in 2019",
        "Hope House Co. shelter",
    ],
)
def test_a_company_co_or_a_county_name_alone_is_no_address(text: str) -> None:
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ti scrivo: Via dei Serviti 9, 50122 Firenze. Ciao", "Via dei Serviti 9, 50122 Firenze"),
        ("Notices to Vinohradská 1511/230, 100 00 Praha 10", "Vinohradská 1511/230, 100 00 Praha 10"),
        (
            "It's Keizersgracht 412-III, 1016 GJ Amsterdam, third floor",
            "Keizersgracht 412-III, 1016 GJ Amsterdam",
        ),
        ("Neubaugasse 25/7, 1070 Wien\n", "Neubaugasse 25/7, 1070 Wien"),
        ("wohnt Eppendorfer Weg 204, 20253 Hamburg.", "Eppendorfer Weg 204, 20253 Hamburg"),
        ("ul. Długa 5, 00-950 Warszawa", "ul. Długa 5, 00-950 Warszawa"),
        ("Thorvald Meyers gate 24, 0555 Oslo, Norway", "Thorvald Meyers gate 24, 0555 Oslo, Norway"),
    ],
)
def test_a_street_is_found_backwards_from_a_postcode_and_town_after_it(text: str, address: str) -> None:
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Order SKU 4471, 1200 Units.",
        "We met on March 3, 2024 Paris.",
        "Room 12, 2024 Budget.",
        "see Hope House 3, 2024 Annual report",
        "Version 2, 2025 Edition",
    ],
)
def test_a_number_comma_number_that_is_no_postcode_stays(text: str) -> None:
    assert _addresses(text) == []


def test_a_unit_named_by_a_letter_is_part_of_the_address():
    assert _addresses("at 27 Kestrel Way, Flat C, Northampton NN4 9TX now") == [
        "27 Kestrel Way, Flat C, Northampton NN4 9TX"
    ]


def test_a_unit_named_by_where_it_is_in_the_house_is_part_of_the_address():
    assert _addresses("lives at 417 Magnolia Alley, Lower Unit, New Orleans, LA 70117") == [
        "417 Magnolia Alley, Lower Unit, New Orleans, LA 70117"
    ]


def test_the_cells_of_a_quoted_spreadsheet_row_are_one_address():
    row = '"Ann Lee","3309 Honeysuckle Row","Birmingham","AL","35211"'
    assert _addresses(row) == ['3309 Honeysuckle Row","Birmingham","AL","35211']


def test_the_cells_of_a_semicolon_separated_row_are_one_address():
    assert _addresses("Mühlgasse 3;97070;Würzburg;DE") == ["Mühlgasse 3;97070;Würzburg;DE"]


def test_a_four_digit_postcode_after_the_town_is_taken_whatever_follows():
    text = "send it to 23 Mvubu Street, Soweto, Johannesburg 1804 but not before Monday"
    assert _addresses(text) == ["23 Mvubu Street, Soweto, Johannesburg 1804"]


def test_a_time_after_the_town_is_not_a_postcode():
    assert _addresses("meet at 12 Main St, Denver 10:30 tomorrow") == ["12 Main St, Denver"]


@pytest.mark.parametrize("street", ["Tolstraat 118-2", "Keizersgracht 412-III", "Oudegracht 112bis"])
def test_the_floor_or_door_after_a_compound_street_number_is_part_of_it(street):
    assert _addresses(f"the flat is {street} now") == [street]


def test_a_new_zealand_rural_delivery_number_is_an_address():
    assert _addresses("I, Aroha Ngata, of RD 2, Ruatoria 4083 declare") == ["RD 2, Ruatoria 4083"]


def test_rd_without_a_town_after_it_is_no_address():
    assert _addresses("the RD 2 form is due") == []


# --- issue #16, fourth round: rural boxes in lower case and dictation, rarer types and units --------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("mail goes to hc 63 box 2450 kayenta az", "hc 63 box 2450 kayenta az"),
        ("h c sixty one box thirty one chinle arizona", "h c sixty one box thirty one chinle arizona"),
        ("his mail: rr 2 box 118, pine ridge sd 57770", "rr 2 box 118, pine ridge sd 57770"),
        ("rural route two box one eighteen", "rural route two box one eighteen"),
    ],
)
def test_a_rural_box_in_lower_case_or_dictated_is_an_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("new place is 212 Heron Pointe, apt 2", "212 Heron Pointe, apt 2"),
        ("450 sw 7th terr", "450 sw 7th terr"),
        ("staying w/ cousin at 301 king's hwy", "301 king's hwy"),
        ("moved to 1420 oak street north east", "1420 oak street north east"),
        ("100 main st bldg c", "100 main st bldg c"),
        ("77 sunset blvd trlr 9", "77 sunset blvd trlr 9"),
        ("his address is four eighteen juniper hollow road apartment two b", None),
        ("mail goes to p o box 81 st paul 55101", "p o box 81 st paul 55101"),
    ],
)
def test_rarer_street_types_directions_and_units_stay_in_the_address(text, address):
    if address is None:
        address = text[len("his address is ") :]
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "the box of van keys is at the front desk",
        "route 2 bus is late again",
        "hc meeting moved to 3",
        "meet at 9 a.m. at the drop in",
    ],
)
def test_box_route_and_hc_without_an_address_stay_readable(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("hes at 2301 n 4th now", "2301 n 4th"),
        ("he's at his moms 612 W 28th", "612 W 28th"),
        ("staying 2301 n 4th, apt 2", "2301 n 4th, apt 2"),
    ],
)
def test_a_house_number_a_direction_and_a_numbered_street_are_an_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize("text", ["we had 120 w 3rd graders", "room 212 s 2nd floor", "finished 10 n 2nd"])
def test_counts_before_a_letter_and_an_ordinal_are_not_an_address(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("mom: 45 le loi, phuong ben nghe, quan 1, tp hcm", "45 le loi, phuong ben nghe, quan 1, tp hcm"),
        ("her mom lives at 123 nguyen trai, quan 1, hcmc", "123 nguyen trai, quan 1, hcmc"),
        ("sister in seoul, 94 wausan-ro, mapo-gu", "94 wausan-ro, mapo-gu"),
    ],
)
def test_a_street_without_a_type_before_a_district_or_a_known_town_is_an_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text", ["we have 12 beds, 3 cots", "got 2 kids, chicago is far", "room 12 left, minneapolis"]
)
def test_counts_before_a_comma_are_not_an_address(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    "text",
    ["volunteers meet at the Hennepin Ave church", "can someone do the Sibley Hwy inspection tomorrow?"],
)
def test_a_street_named_without_a_house_number_is_a_place_and_stays(text):
    assert _R.redact(text).text == text


def test_a_rural_box_on_a_numbered_road_is_an_address_with_its_town():
    assert _addresses("his sister's place is county road 12, box 9, shiprock nm 87420.") == [
        "county road 12, box 9, shiprock nm 87420"
    ]


def test_a_mile_marker_on_a_highway_where_someone_camps_is_an_address():
    assert _addresses("she is camping near mile marker 112 on Hwy 169, past the rest stop") == [
        "mile marker 112 on Hwy 169"
    ]


@pytest.mark.parametrize("text", ["take route 9 to the box store", "the 5 mm screws on hwy 5"])
def test_a_road_number_near_a_box_or_a_millimetre_is_no_address(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "he is living at 1204 Elm Street north Minneapolis 55411 the blue house",
            "1204 Elm Street north Minneapolis 55411",
        ),
        (
            "living at one two zero four Elm Street north Minneapolis five five four one one now",
            "one two zero four Elm Street north Minneapolis five five four one one",
        ),
        ("staying at 55 Lake Street Minneapolis 55407 now", "55 Lake Street Minneapolis 55407"),
    ],
)
def test_a_direction_spelled_after_the_street_and_a_town_before_its_zip_are_the_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Address: Kebele 14, House No. 512, Bahir Dar, Ethiopia",
        "Domicilio: Av. Corrientes 1847, 8° C, C1045AAI Buenos Aires, Argentina",
        "Address line 2: 3511 AZ Utrecht",
        "Prev. address:ul. Długa 14 m. 3, 31-147 Kraków, Poland",
    ],
)
def test_what_follows_an_address_label_on_its_line_is_hidden(text):
    value = text.split(":", 1)[1].strip()
    hidden = _R.redact(text).findings
    assert hidden and hidden[0].start == text.index(value) and hidden[-1].end == len(text)
    assert ":" in _R.redact(text).text


@pytest.mark.parametrize(
    "text", ["Address: unknown, staying in car", "Address: same as above", "address: none"]
)
def test_an_address_field_without_a_number_stays(text):
    assert _R.redact(text).text == text


def test_a_client_named_in_an_address_field_keeps_their_id():
    r = Redactor([RosterEntry("71", "Hope", "Whitfield")])
    assert r.redact("Address: c/o Hope Whitfield, 17 Pinecrest Row, Anoka").text == (
        "Address: [redacted] Client 71, [redacted]"
    )


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "forwarding address c/o Rosa Flores, 1288 Arcade St, St Paul MN 55106 thanks",
            "c/o Rosa Flores, 1288 Arcade St, St Paul MN 55106",
        ),
        ("C/O DOROTHY DAY CENTER\n183 OLD 6TH ST\nSAINT PAUL MN 55102", None),
        ("Address listed: Rt 2 Box 44, Hinckley MN 55037 (old)", "Rt 2 Box 44, Hinckley MN 55037"),
        ("ya 2400 bloomington #5", "2400 bloomington #5"),
    ],
)
def test_care_of_a_rural_route_and_a_street_without_its_type_before_a_unit_are_hidden(text, address):
    """(in the care of someone: their name is a name finding of its own, so a client keeps their ID)"""
    address = address or text
    start = text.index(address)
    hidden = [False] * len(text)
    for f in _R.redact(text).findings:
        hidden[f.start : f.end] = [True] * (f.end - f.start)
    assert all(hidden[i] for i in range(start, start + len(address)) if text[i].isalnum())


@pytest.mark.parametrize(
    "text", ["call 911 dispatch #3", "we had 2400 people #5 on the list", "bed 12 cot #2"]
)
def test_a_number_a_word_and_a_number_are_no_address_when_counted(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "last address Lot 14, Sunnyside Mobile Home Park, Cloquet, MN 55720 ; exit",
            "Lot 14, Sunnyside Mobile Home Park, Cloquet, MN 55720",
        ),
        (
            "her trailer is still hers, lot 14 at sunnyside mobile home park, lot rent is paid",
            "lot 14 at sunnyside mobile home park",
        ),
        ("staying at space 9, Pine Grove RV Park", "space 9, Pine Grove RV Park"),
    ],
)
def test_a_lot_in_a_mobile_home_park_is_an_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize("text", ["parking lot 3 at the park", "we park in lot 4 at the court"])
def test_a_parking_lot_is_no_address(text):
    assert _addresses(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "yep, Budget Inn, 6415 Old Shakopee Rd, Room 22 thru friday",
            "Budget Inn, 6415 Old Shakopee Rd, Room 22",
        ),
        (
            "staying at the Super 8 Motel, 2300 Cleveland Ave N, rm 114",
            "Super 8 Motel, 2300 Cleveland Ave N, rm 114",
        ),
        (
            "the Holiday Inn, 10 Main St is where the training is",
            "10 Main St",
        ),  # no room: a place, not a home
    ],
)
def test_a_motel_named_before_its_street_with_the_room_after_is_the_address(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "staying with me now at four four one maple street apartment six st paul please call me",
            "four four one maple street apartment six st paul",
        ),
        (
            "lives at twelve eighty eight arcade street saint paul period born in",
            "twelve eighty eight arcade street saint paul",
        ),
        (
            "she lives at fifteen oh two university avenue west apartment three b saint paul",
            "fifteen oh two university avenue west apartment three b saint paul",
        ),
    ],
)
def test_a_dictated_address_takes_the_town_said_before_the_spoken_full_stop(text, address):
    assert _addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # an abbreviated state keeps its full stop, and the country after it
        ("vive en Calle Hidalgo 45, Col. Centro, 58000 Morelia, Mich., México", None),
        # a province code after its city
        (
            "ti scrivo da Via dei Serviti 9, 50122 Firenze FI. Il telefono",
            "Via dei Serviti 9, 50122 Firenze FI",
        ),
        # a London district alone
        ('Customer wrote "14B Harrow Rd, W9" but there is no 14B', "14B Harrow Rd, W9"),
        # a Polish flat number ("m.") and the city after its postal code, before a dash
        (
            "Irena — ul. Mokotowska 48 m. 12, 00-543 Warszawa — +48 22",
            "ul. Mokotowska 48 m. 12, 00-543 Warszawa",
        ),
        # the city after a postal code, the sentence going on
        (
            "His sister lives at Calle Reforma 347, Col. Juárez, 06600 Ciudad de México and can send them",
            "Calle Reforma 347, Col. Juárez, 06600 Ciudad de México",
        ),
        # a city with a particle in it, its state after a dash
        (
            "Residente à Rua Visconde de Pirajá, 330, apto 801, Ipanema, Rio de Janeiro - RJ, 22410-002.",
            "Rua Visconde de Pirajá, 330, apto 801, Ipanema, Rio de Janeiro - RJ, 22410-002",
        ),
        # a French flat ("app.") and the province in brackets
        (
            "Geneviève\n4587, rue Saint-Denis, app. 3\nMontréal (Québec) H2J 2L4\n514 555-0133",
            "4587, rue Saint-Denis, app. 3\nMontréal (Québec) H2J 2L4",
        ),
    ],
)
def test_the_tail_of_an_address_abroad_is_taken_whole(text, address):
    expected = address or text[text.index("Calle") :]
    assert _addresses(text) == [expected]


def test_a_us_zip_ends_the_address_before_a_capitalised_sign_off():
    assert _addresses("at 1420 E Lake St, Minneapolis MN 55407 Thanks so much") == [
        "1420 E Lake St, Minneapolis MN 55407"
    ]
