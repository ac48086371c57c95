"""Family E (REPORT): dictated notes as speech-to-text writes them.

Numbers and dates in words ("March fourteenth nineteen eighty eight", "five oh five ..."),
emails spoken ("meena dot iyer at gmail dot com"), spelled-out surnames ("F-I-F-I-T-A"), HIV
spelled "H I V". South Asian (Punjabi, Tamil, Bengali, Gujarati), Navajo, Pacific Islander
(Tongan, Samoan, Hawaiian, Marshallese, including deBrum) and invented-looking rare given names
(Kynzlee, Brexlynn, Jaxtyn), English-word names (Hope, Dawn, Harmony, Legend; Watchman,
Silversmith, Largo, Gill as surnames). Navajo Nation HC boxes, state names in full, Bengaluru
and Nuku'alofa addresses.
"""

from __future__ import annotations

import random
from datetime import date

from ._common import Family, Part, Person, Piece, Written, ascii_fold, pool, slack_user_id, typo

FEMALE = pool("""
Ananya Deepika Lakshmi Kavita Harpreet Manpreet Sunita Meenakshi Farzana Nasrin Tahmina Pooja Shreya
Gurleen Revathi Nizhoni Doli Yanaba Nascha Dezba Kinlani Losana Mele Pualani Kalani Leilani Ofa Salote
Lagi Noelani Nevaeh Kynzlee Brexlynn Oaklynn Aubriella Journee Zaylee Hope Dawn Harmony
""")
MALE = pool("""
Rohan Vikram Sanjay Arjun Gurpreet Jaswinder Rajesh Anil Venkatesh Imran Raju Dinesh Nikhil Sukhdeep
Harjit Ahiga Sani Ashkii Bidziil Tahoma Yiska Hosteen Sione Tevita Sefa Keoni Malakai Viliami Fetu
Iosefa Kekoa Tavita Lanakila Jaxtyn Zaylen Daxton Ryzen Kaeden Jayceon Tru Legend
""")
SURNAMES = pool("""
Patel Shah Singh Kaur Sharma Gupta Reddy Iyer Menon Nair Pillai Chowdhury Rahman Hossain Begum Krishnan
Venkataraman Subramanian Bhattacharya Mukherjee Dhillon Sandhu Gill Grewal Desai Joshi Kulkarni Rao
Naidu Qureshi Siddiqui Malik Chaudhry Begay Yazzie Tsosie Benally Etsitty Nez Tso Manygoats Bitsui
Yellowhorse Silversmith Tsinajinnie Watchman Begaye Chee Largo Tuilagi Fifita Taufa Vaifale Faleolo Leota
Tupou Kamakana Kahananui Aumua Mahe Latu Havili Pulu Salave'a Ioane Kapule Akana Naone deBrum Jibas
Lemari Anjain Oakenshaw Brightwater Thistlewood Quillon Marrowby Vexley
""")
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Venkatesh": ("Venky",),
    "Rajesh": ("Raj",),
    "Lakshmi": ("Lucky",),
    "Meenakshi": ("Meena",),
    "Jaswinder": ("Jas",),
    "Harpreet": ("Preet",),
    "Sione": ("Sio",),
    "Viliami": ("Vili",),
    "Iosefa": ("Sefa",),
    "Kaeden": ("Kade",),
    "Aubriella": ("Bri",),
    "Nevaeh": ("Vay",),
    "Salote": ("Lote",),
    "Malakai": ("Kai",),
    "Tevita": ("Vita",),
    "Kekoa": ("Koa",),
    "Lanakila": ("Kila",),
    "Deepika": ("Deepu",),
    "Vikram": ("Vicky",),
    "Nikhil": ("Nik",),
    "Sukhdeep": ("Sukhi",),
}
STAFF = (
    "Anjali Marwah",
    "Kimo Akau",
    "Sheena Nakai",
    "Rupert Dunmore",
    "Deepa Raman",
    "Loretta Tsinnie",
    "Wendell Cayatineto",
    "Tui Masoe",
    "Greer Ellison",
    "Harmony Whitfeather",
    "Pranav Idnani",
    "Ula Fonoti",
)
STREETS = pool(
    "Cedar Mesa Coal Aztec Kapiolani Kalihi King Redwood Oak_Tree Lyman Navajo Route_66 Central "
    "Lomas Kamehameha"
)
TYPES = ("Trace", "Loop", "Crescent", "Row", "Street", "Avenue", "Road", "Place", "Highway")
CITIES = (
    ("Albuquerque", "New Mexico", "871"),
    ("Gallup", "New Mexico", "873"),
    ("Window Rock", "Arizona", "865"),
    ("Chinle", "Arizona", "865"),
    ("Honolulu", "Hawaii", "968"),
    ("Salt Lake City", "Utah", "841"),
    ("Edison", "New Jersey", "088"),
    ("Queens", "New York", "114"),
)
ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORD = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def say(n: int) -> str:
    """0-999 in words, as a dictation engine writes a spoken number."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else f" {ONES[n % 10]}")
    rest = n % 100
    return f"{ONES[n // 100]} hundred" + ("" if rest == 0 else f" {say(rest)}")


def say_ordinal(n: int) -> str:
    words = say(n).split()
    last = words[-1]
    words[-1] = ORD.get(last, last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def say_year(y: int) -> str:
    if 2000 <= y < 2010:
        return f"two thousand {say(y - 2000)}" if y > 2000 else "two thousand"
    lo = y % 100
    return f"{say(y // 100)} {say(lo) if lo >= 10 else 'oh ' + say(lo)}"


def _two(n: int) -> str:
    """The last two digits of a year as said aloud: "seventy four", "oh five"."""
    return say(n) if n >= 10 else f"oh {say(n)}"


def say_digits(s: str, rng: random.Random) -> str:
    return " ".join("oh" if c == "0" and rng.random() < 0.5 else ONES[int(c)] for c in s)


def new_name(rng: random.Random) -> tuple[str, str, str, str]:
    gender = rng.choice("FM")
    first = rng.choice(FEMALE if gender == "F" else MALE)
    middle = rng.choice(FEMALE if gender == "F" else MALE) if rng.random() < 0.15 else ""
    return first, middle if middle != first else "", rng.choice(SURNAMES), gender


def write_name(p: Person, style: str, rng: random.Random) -> Written | None:
    if style == "full":
        return Written(f"{p.first} {p.last}", "full", p.first, p.last)
    if style == "lower":
        return Written(f"{p.first} {p.last}".lower(), "lower", p.first, p.last)
    if style == "typo":
        # a speech engine's mishearing rather than a slip of the keys
        slip = typo(p.last, rng) if rng.random() < 0.6 else p.last.replace("ee", "i").replace("a", "o", 1)
        if slip == p.last:
            return None
        return Written(f"{p.first} {slip}", "typo", p.first, p.last)
    if style in ("nick_full", "nickname"):
        nicks = NICKNAMES.get(p.first, ())
        if not nicks:
            return None
        nick = rng.choice(nicks)
        if style == "nickname":
            return Written(nick, "nickname")
        return Written(f"{nick} {p.last}", "nick_full", nick, p.last)
    if style == "multi_part":
        if not p.middle:
            return None
        return Written(f"{p.first} {p.middle} {p.last}", "multi_part")
    if style == "first_only":
        return Written(p.first, "first_only")
    if style == "last_only":
        return Written(p.last, "last_only")
    raise ValueError(style)


def spell(p: Person, rng: random.Random) -> str:
    letters = [c.upper() for c in p.last if c.isalpha()]
    return ("-" if rng.random() < 0.6 else " ").join(letters)


def dob(d: date, rng: random.Random) -> list[Part]:
    month = MONTHS[d.month - 1]
    r = rng.random()
    if r < 0.2:
        return [Piece(f"{d.month}/{d.day}/{d.year}", "DOB")]
    if r < 0.5:
        return [Piece(f"{month} {say_ordinal(d.day)} {say_year(d.year)}", "DOB")]
    if r < 0.7:
        return ["the ", Piece(f"{say_ordinal(d.day)} of {month}, {say_year(d.year)}", "DOB")]
    if r < 0.85:
        return [
            Piece(
                f"{say(d.month)} {say(d.day)} {_two(d.year % 100)}",
                "DOB",
            )
        ]
    return [Piece(say_digits(f"{d.month:02d}{d.day:02d}{d.year}", rng), "DOB")]


def ssn(s: str, rng: random.Random) -> list[Part]:
    if rng.random() < 0.3:
        return [Piece(f"{s[:3]}-{s[3:5]}-{s[5:]}", "SSN")]
    return [Piece(f"{say_digits(s[:3], rng)}, {say_digits(s[3:5], rng)}, {say_digits(s[5:], rng)}", "SSN")]


def ssn4(s: str, rng: random.Random) -> list[Part]:
    return [Piece(say_digits(s[5:], rng) if rng.random() < 0.7 else s[5:], "SSN")]


def phone(rng: random.Random) -> list[Part]:
    r = rng.random()
    area = rng.choice(("505", "928", "808", "801", "732", "718"))
    mid, end = f"{rng.randint(200, 999)}", f"{rng.randint(0, 9999):04d}"
    if r < 0.1:
        return [Piece(f"+91 9{rng.randint(1000, 9999)} {rng.randint(10000, 99999)}", "PHONE")]
    if r < 0.35:
        return [Piece(f"{area}-{mid}-{end}", "PHONE")]
    return [Piece(f"{say_digits(area, rng)}, {say_digits(mid, rng)}, {say_digits(end, rng)}", "PHONE")]


def email(p: Person, rng: random.Random) -> list[Part]:
    f, last = ascii_fold(p.first), ascii_fold(p.last)
    dom = rng.choice(("gmail", "yahoo", "hotmail", "outlook"))
    r = rng.random()
    if r < 0.3:
        return [Piece(f"{f}.{last}@{dom}.com", "EMAIL")]
    if r < 0.65:
        return [Piece(f"{f} dot {last} at {dom} dot com", "EMAIL")]
    if r < 0.85:
        return [Piece(f"{f} underscore {last} at {dom} dot com", "EMAIL")]
    return [Piece(f"{f[0]} {last} {say(p.dob.year % 100 or 10)} at {dom} dot com", "EMAIL")]


def address(rng: random.Random) -> list[Part]:
    r = rng.random()
    city, state, zip3 = rng.choice(CITIES)
    if r < 0.08:
        return [
            Piece(
                f"H C {say(rng.randint(30, 79))} box {say(rng.randint(10, 999))}, {city}, {state}", "ADDRESS"
            )
        ]
    if r < 0.13:
        return [
            Piece(
                f"P O box {say(rng.randint(10, 99))} {say(rng.randint(10, 99))}, {city}, {state}", "ADDRESS"
            )
        ]
    if r < 0.16:
        return [
            Piece(
                f"P S C {say(rng.randint(1, 99))} box {say(rng.randint(100, 999))}, A P O A P "
                f"{say_digits('96' + str(rng.randint(200, 399)), rng)}",
                "ADDRESS",
            )
        ]
    if r < 0.2:
        return [
            Piece(
                rng.choice(
                    (
                        f"{say(rng.randint(2, 99))} M G Road, Bengaluru, India",
                        f"lot {say(rng.randint(2, 40))}, Taufa'ahau Road, Nuku'alofa, Tonga",
                    )
                ),
                "ADDRESS",
            )
        ]
    num = rng.randint(100, 9999)
    spoken = rng.random() < 0.6
    text = (
        f"{say(num // 100)} {say(num % 100) if num % 100 >= 10 else 'oh ' + say(num % 100)}"
        if spoken
        else str(num)
    )
    if rng.random() < 0.3:
        text += f" {rng.choice(('North', 'South', 'East', 'West'))}"
    text += f" {rng.choice(STREETS)} {rng.choice(TYPES)}"
    if rng.random() < 0.15:
        text += f" {rng.choice(('Northwest', 'Southeast'))}"
    if rng.random() < 0.35:
        text += f" apartment {say(rng.randint(1, 40))}" if spoken else f" Apt {rng.randint(1, 40)}"
    if rng.random() < 0.5:
        text += f", {city}, {state}"
        if rng.random() < 0.4:
            text += (
                f" {say_digits(zip3 + str(rng.randint(10, 99)), rng)}"
                if spoken
                else f" {zip3}{rng.randint(10, 99)}"
            )
    return [Piece(text, "ADDRESS")]


def hiv(rng: random.Random) -> list[Part]:
    return rng.choice(
        (
            ["is ", Piece("H I V positive", "HIV")],
            ["is on ", Piece("antiretrovirals", "HIV")],
            ["says the ", Piece("viral load is undetectable", "HIV")],
            ["had a ", Piece(f"C D four count of {say(rng.randint(50, 900))}", "HIV")],
            ["has an ", Piece("AIDS diagnosis", "HIV")],
            ["shared the ", Piece("positive status", "HIV")],
            ["is on ", Piece("Biktarvy", "HIV")],
            ["is ", Piece("HIV positive", "HIV")],
        )
    )


def _staff_first(rng: random.Random) -> str:
    return rng.choice(STAFF).split()[0]


FILLERS = {
    "staff": _staff_first,
    "staff2": _staff_first,
    "staff_full": lambda rng: rng.choice(STAFF),
    "mention": slack_user_id,
    "day": lambda rng: rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
    "n": lambda rng: say(rng.randint(2, 20)),
    "hotline": lambda rng: rng.choice(("one eight hundred five five five oh one four four", "two one one")),
    "agency": lambda rng: rng.choice(("Hope House", "the chapter house", "First Nations", "Harmony Place")),
}

TEMPLATES = (
    "Okay next one this is {name}, date of birth {dob}, phone is {phone}.",
    "Note for {name}, {pr} is staying at {addr} until the end of the month.",
    "This is a note on {name} comma {pr} {hiv} and asked us to keep that private period",
    "{name} called in, the callback number is {phone}.",
    "{name}, social is {ssn}, we need it for the SOAR application.",
    "Um {name} gave the last four as {ssn4}.",
    "Email for {name} is {email}.",
    "Met with {name} at Hope House today, {pr} wants to move closer to {pos} family.",
    "{full}, last name spelled {spelled}, date of birth {dob}.",
    "{full} came by again, {first} said the car broke down on the way.",
    "Spoke with {hon} {last} about the recertification, it's due {day}.",
    "Talked to {last} this morning, paperwork is done.",
    "{name} and {name2} are both at the warming center tonight.",
    "{nick} stopped in to say thank you to {staff}.",
    "{name} reports {pr} {hiv}, the clinic is aware.",
    "{name} moved into the new place at {addr}.",
    "Okay so {name}, born {dob}, currently unsheltered near the rail yard.",
    "Address for {name} is {addr}, phone {phone}.",
    "{name} prefers email, that's {email}.",
    "{name} asked that {staff} call {obj} back, number is {phone}.",
    "New mailing address for {name}, {addr}.",
    "{name} left at dawn for the job site, will be back {day}.",
    "{first} came back in the afternoon asking about the deposit.",
    "{name}, D O B {dob}, social {ssn}, enrolled in RRH today.",
    "{name} said the grant application for the deposit went through.",
    "Per the nurse {name} {hiv}, keep it out of the shared notes.",
    "{name}, that's {spelled}, is on the list for {agency}.",
    "{hon} {last} will follow up with the landlord on {day}.",
)
NEW_PERSON_TEMPLATES = (
    "New person, {name}, not in the system yet, says {pr} was born {dob}.",
    "First contact with {name} today, {pr} gave a phone number {phone}.",
    "Walk in named {full}, {first} is staying at {addr} for now.",
    "Outreach met {name}, no prior records, date of birth {dob}.",
)
NO_PII_TEMPLATES = (
    "Hope House is full tonight, send people to the warming center.",
    "Reminder the June numbers are due to the CoC on {day}.",
    "Will follow up with the landlord list next week.",
    "The grant application is due {day}, {staff} has the draft.",
    "Foster care liaison meeting moved to {day} afternoon.",
    "Van keys are on the hook by the door.",
    "We have {n} PSH openings and {n} RRH slots this month.",
    "AMI limits went up, thirty percent AMI is the cutoff for the new building.",
    "The agency hotline is {hotline}, give that out instead of your cell.",
    "{staff} is out {day} and {staff2} is covering intake.",
    "Can somebody do it before the meeting, I'm in the field all day.",
    "Harmony Place has two openings for families.",
    "We left at dawn for the point in time count.",
    "Legend has it the copier works on Fridays.",
    "Summer schedule starts {day}.",
)

FAMILY = Family(
    key="e",
    voice="dictation",
    new_name=new_name,
    nicknames=NICKNAMES,
    staff=STAFF,
    name_styles={
        "full": 44,
        "lower": 6,
        "typo": 10,
        "nick_full": 8,
        "nickname": 6,
        "multi_part": 6,
        "first_only": 10,
        "last_only": 6,
    },
    write_name=write_name,
    dob=dob,
    ssn=ssn,
    ssn4=ssn4,
    phone=phone,
    email=email,
    address=address,
    hiv=hiv,
    spell=spell,
    fillers=FILLERS,
    templates=TEMPLATES,
    new_person_templates=NEW_PERSON_TEMPLATES,
    no_pii_templates=NO_PII_TEMPLATES,
    race_weights={"Asian": 4, "AmIndAKNative": 3, "NativeHIPacific": 3, "White": 1},
    obfuscate_rate=0.03,
    obfuscate_kinds=("zw", "cyrillic"),
    honorifics=("Ms.", "Mr."),
)
