"""Family A (TUNE): terse chat between outreach workers.

Anglo/Irish and Polish names (Polish -ski/-cki surnames take -ska/-cka for women, and Polish
diminutives such as Gosia or Wojtek that an English nickname list does not know), a few
Dutch-American particle surnames (van Dyke, van der Berg), English-word names (Grant as a given
name, Bill/Will/Pat as nicknames; Foster, Price, Stone, Little, Swift as surnames) and the hard
negatives they bring ("Will follow up", "grant application", "foster care", "van keys").
Upper Midwest addresses with "Lower"/"Upper" duplex units, Pike/Row/Alley street types, PO boxes,
APO/PSC, Dublin and Warsaw. Dashes and parentheses in phones; US month-first dates.
"""

from __future__ import annotations

import random
from datetime import date

from ._common import Family, Part, Person, Piece, Written, ascii_fold, pool, slack_user_id, typo

FEMALE = pool("""
Bridget Siobhan Aoife Niamh Roisin Maeve Fiona Grainne Orla Margaret Elizabeth Kathleen Eileen
Patricia Deirdre Noreen Sinead Clodagh Mairead Una Agnieszka Małgorzata Katarzyna Jadwiga Bożena
Magdalena Dorota Halina Ewa Urszula Renata Grażyna Zofia Krystyna Wanda Elżbieta Iwona Jolanta
""")
MALE = pool("""
William Patrick Declan Colm Ciaran Eoin Seamus Kieran Dermot Brendan Cormac Finbar Robert Richard
Thomas Edward Joseph Timothy Daniel Grant Francis Gerald Lawrence Desmond Lorcan Krzysztof Wojciech
Grzegorz Tomasz Zbigniew Stanisław Piotr Łukasz Jerzy Wiesław Andrzej Mirosław Bogdan Tadeusz
Kazimierz Jacek Marek
""")
SURNAMES = pool("""
Sullivan O'Brien Murphy Kennedy Fitzgerald McCarthy Gallagher Doherty Brennan Byrne O'Sullivan Nolan
Donnelly Quinn Kavanagh McGuire Flanagan Keane Hogan Walsh Foster Hale Pritchard Ashworth Whitaker
Cartwright Thornton Pemberton Bishop Mason Carver Hollis Crane Price Little Swift Moody Stone Fairweather
Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski
Jankowski Mazur Krawczyk Piotrowski Grabowski Pawłowski Michalski Zając Król Wieczorek Jabłoński
Wróbel Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Nowicki Pietrzak Sikora Baran
Szczepański Kaczmarek Przybylski Sadowski Wysocki van_Dyke Van_Horn van_der_Berg Vander_Wal
""")
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"),
    "Patrick": ("Pat", "Paddy"),
    "Patricia": ("Pat", "Trish", "Patty"),
    "Margaret": ("Peggy", "Maggie", "Meg"),
    "Elizabeth": ("Liz", "Betty", "Beth"),
    "Robert": ("Bob", "Bobby", "Rob"),
    "Richard": ("Rick", "Dick"),
    "Thomas": ("Tom", "Tommy"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Joseph": ("Joe", "Joey"),
    "Kathleen": ("Kathy", "Kate"),
    "Timothy": ("Tim",),
    "Daniel": ("Danny", "Dan"),
    "Francis": ("Frank",),
    "Gerald": ("Gerry",),
    "Lawrence": ("Larry",),
    "Desmond": ("Des",),
    "Małgorzata": ("Gosia",),
    "Katarzyna": ("Kasia",),
    "Wojciech": ("Wojtek",),
    "Grzegorz": ("Grzesiek",),
    "Tomasz": ("Tomek",),
    "Stanisław": ("Staszek", "Stan"),
    "Magdalena": ("Magda",),
    "Krzysztof": ("Krzysiek",),
    "Agnieszka": ("Aga",),
    "Jadwiga": ("Jadzia",),
    "Zbigniew": ("Zbyszek",),
    "Elżbieta": ("Ela",),
}
STAFF = (
    "Colleen Mahoney",
    "Derek Stroud",
    "Marta Zielonka",
    "Gavin Purcell",
    "Tess Hanrahan",
    "Ronan Keogh",
    "Beata Sobczak",
    "Brendan Carrow",
    "Agnieszka Tomczyk",
    "Philip Yardley",
    "Joanne Cusack",
    "Neil Ashby",
)
STREETS = pool("""
Lyndale Bloomington Portland Cedar Franklin Hiawatha Nicollet Penn Bryant Humboldt Minnehaha Selby
Snelling Lexington Arcade Maryland Lowry Broadway Dupont Girard Thorndale Kilbourn Greenfield Lincoln
""")
TYPES = ("Ave", "Ave", "St", "St", "Blvd", "Pkwy", "Pike", "Row", "Alley", "Ct")
CITIES = (
    ("Minneapolis", "MN", "554"),
    ("Duluth", "MN", "558"),
    ("Milwaukee", "WI", "532"),
    ("Chicago", "IL", "606"),
    ("Cleveland", "OH", "441"),
    ("Buffalo", "NY", "142"),
    ("Fargo", "ND", "581"),
)


def new_name(rng: random.Random) -> tuple[str, str, str, str]:
    gender = rng.choice("FM")
    first = rng.choice(FEMALE if gender == "F" else MALE)
    last = rng.choice(SURNAMES)
    if gender == "F" and last.endswith(("ski", "cki")):
        last = last[:-1] + "a"
    if rng.random() < 0.03:
        last = f"{last}-{rng.choice(SURNAMES)}"
    middle = rng.choice(FEMALE if gender == "F" else MALE) if rng.random() < 0.25 else ""
    return first, middle if middle != first else "", last, gender


def write_name(p: Person, style: str, rng: random.Random) -> Written | None:
    nicks = NICKNAMES.get(p.first, ())
    if style == "full":
        return Written(f"{p.first} {p.last}", "full", p.first, p.last)
    if style == "lower":
        return Written(f"{p.first} {p.last}".lower(), "lower", p.first, p.last)
    if style == "typo":
        first, last = (p.first, typo(p.last, rng)) if rng.random() < 0.7 else (typo(p.first, rng), p.last)
        if (first, last) == (p.first, p.last):
            return None
        return Written(f"{first} {last}", "typo", p.first, p.last)
    if style in ("nick_full", "nickname"):
        if not nicks:
            return None
        nick = rng.choice(nicks)
        if style == "nickname":
            return Written(nick, "nickname")
        return Written(f"{nick} {p.last}", "nick_full", nick, p.last)
    if style == "first_initial":
        if rng.random() < 0.5:
            return Written(
                f"{p.first[0]}. {p.last}", "last_only"
            )  # an initial + surname names by the surname
        return Written(f"{p.first} {p.last[0]}", "first_initial")
    if style == "initials":
        return Written(f"{p.first[0]}{p.last[0]}", "initials")
    if style == "first_only":
        return Written(p.first, "first_only")
    if style == "last_only":
        return Written(p.last, "last_only")
    raise ValueError(style)


def dob(d: date, rng: random.Random) -> list[Part]:
    fmt = rng.choice(
        (
            f"{d.month}/{d.day}/{d.year % 100:02d}",
            f"{d.month:02d}/{d.day:02d}/{d.year}",
            f"{d.month}-{d.day}-{d.year}",
            f"{d.month}/{d.day}/{d.year}",
        )
    )
    return [Piece(fmt, "DOB")]


def ssn(s: str, rng: random.Random) -> list[Part]:
    return [Piece(rng.choice((f"{s[:3]}-{s[3:5]}-{s[5:]}", s, f"{s[:3]}-{s[3:5]}-{s[5:]}")), "SSN")]


def ssn4(s: str, rng: random.Random) -> list[Part]:
    return [Piece(s[5:], "SSN")]


def phone(rng: random.Random) -> list[Part]:
    area = rng.choice(("612", "651", "218", "414", "312", "773", "216", "716", "701"))
    mid, end = f"{rng.randint(200, 999)}", f"{rng.randint(0, 9999):04d}"
    text = rng.choice(
        (
            f"{area}-{mid}-{end}",
            f"({area}) {mid}-{end}",
            f"{area}-{mid}-{end}",
            f"({area}){mid}-{end}",
            f"1-{area}-{mid}-{end}",
        )
    )
    return [Piece(text, "PHONE")]


def email(p: Person, rng: random.Random) -> list[Part]:
    f, last = ascii_fold(p.first), ascii_fold(p.last)
    local = rng.choice(
        (
            f"{f[0]}{last}{p.dob.year % 100:02d}",
            f"{f}.{last}",
            f"{f}{last[0]}{rng.randint(1, 99)}",
            f"{last}.{f[0]}",
        )
    )
    return [
        Piece(
            f"{local}@{rng.choice(('gmail.com', 'yahoo.com', 'comcast.net', 'hotmail.com', 'aol.com'))}",
            "EMAIL",
        )
    ]


def address(rng: random.Random) -> list[Part]:
    r = rng.random()
    city, state, zip3 = rng.choice(CITIES)
    zipc = f"{zip3}{rng.randint(1, 99):02d}"
    if r < 0.06:
        return [Piece(f"PO Box {rng.randint(10, 9999)}, {city} {state} {zipc}", "ADDRESS")]
    if r < 0.09:
        return [
            Piece(
                f"PSC {rng.randint(1, 999)} Box {rng.randint(100, 9999)}, APO AE 09{rng.randint(0, 999):03d}",
                "ADDRESS",
            )
        ]
    if r < 0.11:
        return [
            Piece(
                rng.choice(
                    (
                        f"Apt {rng.randint(1, 9)}, {rng.randint(2, 90)} Dame Street, Dublin 2, Ireland",
                        f"ul. Długa {rng.randint(2, 60)}/{rng.randint(1, 20)}, 00-238 Warszawa, Poland",
                    )
                ),
                "ADDRESS",
            )
        ]
    num = rng.randint(100, 4999)
    street = f"{rng.choice(STREETS)} {rng.choice(TYPES)}"
    d = rng.random()
    if d < 0.25:
        street = f"{rng.choice(('N', 'S', 'E', 'W'))} {street}"
    elif d < 0.45:
        street = f"{street} {rng.choice(('NE', 'SE', 'S', 'N', 'NW'))}"
    text = f"{num} {street}"
    u = rng.random()
    if u < 0.15:
        text += f" {rng.choice(('Lower', 'Upper'))}"
    elif u < 0.35:
        text += rng.choice(
            (
                f" Apt {rng.randint(1, 40)}{rng.choice('ABCD')}",
                f" #{rng.randint(101, 620)}",
                f" Unit {rng.randint(1, 12)}",
            )
        )
    if rng.random() < 0.45:
        text += f", {city} {state} {zipc}" if rng.random() < 0.6 else f", {city}"
    return [Piece(text, "ADDRESS")]


def hiv(rng: random.Random) -> list[Part]:
    return rng.choice(
        (
            ["is ", Piece("HIV+", "HIV")],
            ["is ", Piece("HIV pos", "HIV")],
            ["on ", Piece("ART", "HIV")],
            ["- ", Piece("VL undetectable", "HIV")],
            ["has ", Piece("undetectable VL", "HIV")],
            ["last ", Piece(f"CD4 {rng.randint(80, 900)}", "HIV")],
            ["on ", Piece("Biktarvy", "HIV")],
            ["w/ ", Piece("AIDS dx", "HIV")],
        )
    )


def _staff_first(rng: random.Random) -> str:
    return rng.choice(STAFF).split()[0]


FILLERS = {
    "staff": _staff_first,
    "staff2": _staff_first,
    "staff_full": lambda rng: rng.choice(STAFF),
    "mention": slack_user_id,
    "day": lambda rng: rng.choice(("mon", "tues", "wed", "thurs", "fri", "tmrw", "today")),
    "time": lambda rng: rng.choice(("1:30", "2", "10am", "3:15", "noon")),
    "month": lambda rng: rng.choice(("Aug", "Sept", "Oct", "Nov", "Jan", "March")),
    "agency": lambda rng: rng.choice(("Simpson", "the VA", "Hennepin HSPH", "Avivo", "Catholic Charities")),
    "hotline": lambda rng: rng.choice(("612-555-0100", "(612) 555-0177", "1-800-555-0123")),
    "n": lambda rng: str(rng.randint(2, 14)),
}

TEMPLATES = (
    "{name} no-show at CE today",
    "{name} dob {dob}",
    "pls add {name} to the RRH list, dob {dob}",
    "{name} new # {phone}",
    "cell for {name}: {phone}",
    "{name} is at {addr} now",
    "mail for {name} goes to {addr}",
    "{name} ssn {ssn} for the ROI",
    "{name} last4 {ssn4}",
    "fyi {name} {hiv}, keep it off the referral",
    "{name} {hiv} per clinic",
    "{name} email {email}",
    "{full} came by. {first} says landlord won't return deposit",
    "{full} - {first} wants a call back at {phone}",
    "talked to {last} this am, docs ready",
    "{hon} {last} called again re: voucher",
    "{hon} {last} signed the lease",
    "{name} + {name2} both still at the shelter",
    "{name} will need a ride {day}; {staff} can drive",
    "{staff} has {name}'s ROI",
    "{mention} can you check {name} dob {dob} vs HMIS",
    "{name} in detox, back {day}",
    "{nick} dropped off paperwork",
    "{nick} says hi to {staff}",
    "{name} ok'd release to {agency}",
    "{name} vouchered, dob {dob}, ph {phone}",
    "{name} / {dob} / {ssn} / {phone}",
    "{name} {hiv}, CM at clinic is aware",
    "grant application for {name}'s deposit went in",
    "{name} aging out of foster care in {month}",
    "Will follow up w/ {name} {day}",
    "{name}: {addr}",
    "{name} at {addr}, ph {phone}",
    "re {name} - {staff_full} is the CM now",
    "{name} ({dob}) DV hold, don't share location",
    "{name} said new email is {email}",
    "{first} again at the front desk",
    "{first}'s back, asking for {staff}",
    "saw {name} at the van, {pr} seemed ok",
    "{name} doc ready, needs ID. dob {dob}",
    "{name} housed!! {addr}",
    "ROI for {name} expired, last4 {ssn4}",
    "{name} moving to {addr} on the 1st",
    "nobody reached {name} at {phone}, {staff} try {day}?",
    "{last} no show again",
)
NEW_PERSON_TEMPLATES = (
    "new guy {name}, not in HMIS yet, dob {dob}",
    "walk-in {name}, {phone}, no ID",
    "{name} - never been served, staying at {addr}",
    "outreach met {name} under the bridge, says dob {dob}",
    "{full} not on BNL. {first} wants CE assessment",
    "unsheltered: {name}, ph {phone}",
)
NO_PII_TEMPLATES = (
    "Will follow up tmrw",
    "grant application due fri",
    "foster care liaison call moved to {time}",
    "van keys are at the front desk",
    "who has the van keys",
    "PSH/RRH numbers for the board by {day}",
    "AMI limits changed, 30% AMI for a 1BR is up",
    "CE hotline is {hotline} if anyone asks",
    "{staff} out {day}, {staff2} covering",
    "{mention} can you do it? in court till {time}",
    "do it before case conf pls",
    "case conf moved to {time}",
    "{n} PSH units open at the Cedar site",
    "pat on the back to everyone for the PIT count",
    "bill from the storage unit is overdue again",
    "Grant Park encampment sweep {day}",
    "price went up on bus cards",
    "Stone Arch apts has a waitlist again",
    "will do",
    "swift turnaround on the HQS, thx {staff}",
    "Hope House intake closed till {time}",
    "June numbers look better than May",
)

FAMILY = Family(
    key="a",
    voice="terse_chat",
    new_name=new_name,
    nicknames=NICKNAMES,
    staff=STAFF,
    name_styles={
        "full": 30,
        "lower": 12,
        "typo": 8,
        "nick_full": 10,
        "nickname": 7,
        "first_initial": 8,
        "initials": 4,
        "first_only": 8,
        "last_only": 4,
    },
    write_name=write_name,
    dob=dob,
    ssn=ssn,
    ssn4=ssn4,
    phone=phone,
    email=email,
    address=address,
    hiv=hiv,
    fillers=FILLERS,
    templates=TEMPLATES,
    new_person_templates=NEW_PERSON_TEMPLATES,
    no_pii_templates=NO_PII_TEMPLATES,
    race_weights={"White": 8, "BlackAfAmerican": 1, "AmIndAKNative": 1},
    obfuscate_rate=0.04,
    obfuscate_kinds=("zw", "cyrillic"),
)
