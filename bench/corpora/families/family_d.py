"""Family D (REPORT): by-name-list lines and Slack markup as the API delivers it.

Bullets, numbered lines, *bold*, ~strike~, > quotes, `code`, <@U…> mentions, <mailto:x|x> and
<tel:x|x> links (both halves labelled: the link target is as readable as its label), &amp;.
West African (Igbo, Yoruba, Akan, Fula, Krio) and East African (Amharic, Somali, Kikuyu, Luo)
names, Arabic names with Al-/El-/Abu- prefixes, Haitian compound names (Jean-Wesner,
Pierre-Louis), English virtue names (Blessing, Precious, Patience, Gift, Comfort, Lovely).
"LAST, First" and "OKAFOR, Chiamaka" as lists write them, initials, "+509"/"+234"/"+251" phones,
masked SSNs, Port-au-Prince, Lagos and Addis Ababa addresses.
"""

from __future__ import annotations

import random
from datetime import date

from ._common import Family, Part, Person, Piece, Written, ascii_fold, pool, slack_user_id, typo

FEMALE = pool("""
Chiamaka Ngozi Folasade Akosua Abena Efua Ifeoma Temitope Fatoumata Aissatou Binta Kadiatou Tigist Selam
Meron Almaz Halima Wanjiru Njeri Achieng Wambui Khadija Samira Nour Rania Layla Yasmin Fadia Wideline
Fabiola Guerline Ketly Jocelyne Rosemène Nadège Marie-Claude Blessing Precious Patience Gift Comfort Lovely
""")
MALE = pool("""
Oluwaseun Adebayo Chukwuemeka Obinna Kwame Yaw Kofi Kwabena Nnamdi Babajide Mamadou Ousmane Moussa Abebe
Yohannes Tesfaye Faraji Kamau Otieno Youssef Tariq Hamza Karim Abdelrahman Mahmoud Ibrahim Wilner
Dieudonné Fritznel Mackenson Evens Jean-Wesner Jean-Claude
""")
SURNAMES = pool("""
Okonkwo Eze Nwosu Obi Okeke Chukwu Babatunde Olawale Adeleke Mensah Boateng Asante Owusu Appiah Agyeman
Diallo Bah Barry Sow Camara Keita Traoré Konaté Touré Kamara Sesay Koroma Bangura Haile Bekele Girma
Tadesse Mengistu Wolde Mwangi Kiptoo Odhiambo Njoroge Ochieng Jama Nur Warsame Al-Masri El-Sayed Haddad
Khalil Mansour Nasser Saleh Abboud Darwish Hamdan Aziz Barakat Nassar Al-Amin Abu-Hamdan Jean-Baptiste
Pierre-Louis Desrosiers Toussaint Célestin Dorvil Exantus Fils-Aimé Beauvais Louissaint Valcourt Augustin
Saint-Fleur Lafortune Bien-Aimé Dorcely
""")
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Oluwaseun": ("Seun",),
    "Chukwuemeka": ("Emeka",),
    "Chiamaka": ("Amaka",),
    "Folasade": ("Sade",),
    "Temitope": ("Tope",),
    "Babajide": ("Jide",),
    "Abdelrahman": ("Abdo",),
    "Khadija": ("Dija",),
    "Fatoumata": ("Fanta",),
    "Aissatou": ("Aissa",),
    "Mamadou": ("Madou",),
    "Marie-Claude": ("Claudie",),
    "Dieudonné": ("Dodo",),
    "Mackenson": ("Mack",),
    "Kwabena": ("Kobby",),
    "Wanjiru": ("Shiru",),
    "Jean-Wesner": ("JW",),
    "Ifeoma": ("Ify",),
    "Yohannes": ("Johnny",),
    "Fritznel": ("Fritz",),
}
STAFF = (
    "Efe Oyelaran",
    "Naledi Mokoena",
    "Yonas Gebre",
    "Rahel Assefa",
    "Samir Haddou",
    "Lina Farouk",
    "Claudette Vernet",
    "Ibrahim Conteh",
    "Blessing Adeola",
    "Tunde Bakare",
    "Mireille Jasmin",
    "Kwesi Ansah",
)
STREETS = pool(
    "Cleveland Karl Morse Georgia Colesville University Flatbush Nostrand Warren Schaefer "
    "NE_2nd Blue_Hill Dorchester Columbia Sullivant"
)
TYPES = ("Rd", "Ln", "Crescent", "Trace", "Ter", "Pike", "Hwy", "Ave", "St", "Dr")
CITIES = (
    ("Columbus", "OH", "432"),
    ("Silver Spring", "MD", "209"),
    ("Brooklyn", "NY", "112"),
    ("Dearborn", "MI", "481"),
    ("Miami", "FL", "331"),
    ("Boston", "MA", "021"),
)
MONTHS3 = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def new_name(rng: random.Random) -> tuple[str, str, str, str]:
    gender = rng.choice("FM")
    names = FEMALE if gender == "F" else MALE
    first = rng.choice(names)
    middle = rng.choice(names) if rng.random() < 0.2 else ""
    return first, middle if middle != first else "", rng.choice(SURNAMES), gender


def write_name(p: Person, style: str, rng: random.Random) -> Written | None:
    if style == "full":
        return Written(f"{p.first} {p.last}", "full", p.first, p.last)
    if style == "last_first":
        return Written(f"{p.last}, {p.first}", "last_first", p.first, p.last)
    if style == "upper":
        text = f"{p.last.upper()}, {p.first}" if rng.random() < 0.6 else f"{p.first} {p.last}".upper()
        return Written(text, "upper", p.first, p.last)
    if style == "lower":
        return Written(f"{p.first} {p.last}".lower(), "lower", p.first, p.last)
    if style == "multi_part":
        if not p.middle:
            return None
        return Written(
            rng.choice((f"{p.first} {p.middle} {p.last}", f"{p.last}, {p.first} {p.middle}")), "multi_part"
        )
    if style == "typo":
        slip = typo(p.last, rng)
        if slip == p.last:
            return None
        return Written(
            f"{slip}, {p.first}" if rng.random() < 0.5 else f"{p.first} {slip}", "typo", p.first, p.last
        )
    if style in ("nick_full", "nickname"):
        nicks = NICKNAMES.get(p.first, ())
        if not nicks:
            return None
        nick = rng.choice(nicks)
        if style == "nickname":
            return Written(nick, "nickname")
        return Written(f"{nick} {p.last}", "nick_full", nick, p.last)
    if style == "initials":
        return Written(
            f"{p.first[0]}.{p.last[0]}" if rng.random() < 0.5 else f"{p.first[0]}{p.last[0]}", "initials"
        )
    if style == "first_initial":
        return Written(f"{p.first} {p.last[0]}", "first_initial")
    if style == "first_only":
        return Written(p.first, "first_only")
    if style == "last_only":
        return Written(p.last.upper() if rng.random() < 0.3 else p.last, "last_only")
    raise ValueError(style)


def dob(d: date, rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.08:
        return ["b. ", Piece(str(d.year), "DOB")]
    return [
        Piece(
            rng.choice(
                (
                    d.isoformat(),
                    f"{d.month:02d}/{d.day:02d}/{d.year}",
                    f"{d.day} {MONTHS3[d.month - 1]} {d.year}",
                )
            ),
            "DOB",
        )
    ]


def ssn(s: str, rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.25:
        return [Piece(f"***-**-{s[5:]}", "SSN")]
    if r < 0.4:
        return ["`", Piece(f"{s[:3]}-{s[3:5]}-{s[5:]}", "SSN"), "`"]
    return [Piece(f"{s[:3]}-{s[3:5]}-{s[5:]}", "SSN")]


def ssn4(s: str, rng: random.Random) -> list[Part]:
    return [Piece(rng.choice(("xxx-xx-", "XXX-XX-", "")) + s[5:], "SSN")]  # a masked SSN is labelled whole


def phone(rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.07:
        return [Piece(f"+509 {rng.randint(3000, 4999)} {rng.randint(1000, 9999)}", "PHONE")]
    if r < 0.13:
        return [
            Piece(f"+234 80{rng.randint(1, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}", "PHONE")
        ]
    if r < 0.17:
        return [Piece(f"+251 91 {rng.randint(100, 999)} {rng.randint(1000, 9999)}", "PHONE")]
    area = rng.choice(("614", "301", "240", "718", "347", "313", "305", "617"))
    mid, end = rng.randint(200, 999), f"{rng.randint(0, 9999):04d}"
    if r < 0.4:
        return [
            "<tel:",
            Piece(f"+1{area}{mid}{end}", "PHONE"),
            "|",
            Piece(f"{area}-{mid}-{end}", "PHONE"),
            ">",
        ]
    return [
        Piece(rng.choice((f"({area}) {mid}-{end}", f"+1 {area} {mid} {end}", f"{area}-{mid}-{end}")), "PHONE")
    ]


def email(p: Person, rng: random.Random) -> list[Part]:
    f, last = ascii_fold(p.first), ascii_fold(p.last)
    local = rng.choice((f"{f}.{last[0]}", f"{f}_{last}", f"{last}{f[0]}{rng.randint(1, 99)}"))
    addr = f"{local}@{rng.choice(('yahoo.com', 'gmail.com', 'aol.com', 'outlook.com', 'yahoo.fr'))}"
    if rng.random() < 0.5:
        return ["<mailto:", Piece(addr, "EMAIL"), "|", Piece(addr, "EMAIL"), ">"]
    return [Piece(addr, "EMAIL")]


def address(rng: random.Random) -> list[Part]:
    r = rng.random()
    city, state, zip3 = rng.choice(CITIES)
    zipc = f"{zip3}{rng.randint(1, 99):02d}"
    if r < 0.06:
        return [Piece(f"PO Box {rng.randint(10, 9999)}, {city}, {state} {zipc}", "ADDRESS")]
    if r < 0.09:
        return [
            Piece(
                f"CMR {rng.randint(100, 999)} Box {rng.randint(10, 999)}, APO AE 09{rng.randint(0, 999):03d}",
                "ADDRESS",
            )
        ]
    if r < 0.14:
        return [
            Piece(
                rng.choice(
                    (
                        f"Rue Capois {rng.randint(2, 99)}, Port-au-Prince, Haiti",
                        f"Plot {rng.randint(2, 60)} Admiralty Way, Lekki, Lagos, Nigeria",
                        f"Bole Road, House No. {rng.randint(10, 400)}, Addis Ababa, Ethiopia",
                    )
                ),
                "ADDRESS",
            )
        ]
    text = f"{rng.randint(100, 9999)}"
    if rng.random() < 0.2:
        text += f" {rng.choice(('N', 'S', 'E', 'W'))}."
    text += f" {rng.choice(STREETS)} {rng.choice(TYPES)}"
    if rng.random() < 0.2:
        text += f" {rng.choice(('NW', 'NE', 'SE'))}"
    if rng.random() < 0.35:
        text += rng.choice(
            (
                f", Apt {rng.randint(1, 30)}",
                f" #{rng.randint(1, 40)}{rng.choice('ABC')}",
                f", Fl {rng.randint(2, 5)}",
            )
        )
    if rng.random() < 0.55:
        text += f", {city}, {state} {zipc}"
    return [Piece(text, "ADDRESS")]


def hiv(rng: random.Random) -> list[Part]:
    return rng.choice(
        (
            [Piece("HIV+", "HIV")],
            [Piece("PLWH", "HIV")],
            ["on ", Piece("Dovato", "HIV")],
            [Piece("VL: undetectable", "HIV")],
            [Piece(f"CD4: {rng.randint(40, 900)}", "HIV")],
            [Piece(f"AIDS dx {rng.randint(1998, 2021)}", "HIV")],
            [Piece("positive status", "HIV"), " disclosed"],
            ["on ", Piece("Triumeq", "HIV")],
        )
    )


def _staff_first(rng: random.Random) -> str:
    return rng.choice(STAFF).split()[0]


FILLERS = {
    "staff": _staff_first,
    "staff2": _staff_first,
    "staff_full": lambda rng: rng.choice(STAFF),
    "mention": slack_user_id,
    "day": lambda rng: rng.choice(("Mon", "Tue", "Wed", "Thu", "Fri")),
    "n": lambda rng: str(rng.randint(1, 40)),
    "hotline": lambda rng: rng.choice(("<tel:18005550166|1-800-555-0166>", "(614) 555-0100")),
    "agency": lambda rng: rng.choice(("CDC Haiti Outreach", "African Community Center", "ACCESS", "YWCA")),
}

TEMPLATES = (
    "• *{name}* — DOB {dob} — {addr}",
    "• {name} | {phone} | needs ROI",
    "{n}. {name} — {hiv} — PSH match pending",
    "*{name}* ({dob}) — matched to RRH :tada:",
    "~{name}~ housed {day}! :house:",
    "> {name} says {pr} can be reached at {phone}",
    "{mention} can you confirm {name}'s DOB? I have {dob}",
    "*BNL update*\n• {name} — active\n• {name2} — inactive (no contact 90 days)",
    "SSN {ssn} for {name}",
    "{name} — e-mail on file: {email}",
    "Re: {name} — {pr} is at {addr} &amp; wants a call at {phone}",
    "New line for {name}: {phone}",
    "{name} :: DOB {dob} :: SSN {ssn} :: {phone}",
    "{full} moved up to #{n}. {first} is chronic + vet",
    "{name} | {hiv} | keep off the shared sheet",
    "{mention} {nick} is asking for you",
    "*{nick}* dropped off the ROI",
    "{name} — mail: {addr}",
    "1. {name}\n2. {name2}\n— both doc ready",
    "• *{last}* — no contact since {day}",
    "{hon} {last} — voucher issued, see thread",
    "• {name} — SSN last four {ssn4}",
    "_{name}_ — {email} — {phone}",
    "{name} (DOB {dob}) &amp; {name2} — same household",
    "*Case conf {day}*\n• {name} — {hiv}\n• next step: {staff} to call",
    "{first} is at drop-in now — can someone bring the ROI?",
    "• {name} — :white_check_mark: doc ready — {addr}",
    "{name} — contact {email}",
    "`{name}` needs a new release before we share with {agency}",
    "{staff} :arrow_right: {name}, {phone}",
    "{name} — HMIS shows {dob}, {pr} says that's wrong",
    "• {name} — unit at {addr} — inspection {day}",
    "{name} → DV shelter, do NOT post location",
)
NEW_PERSON_TEMPLATES = (
    "*New to the list (not in HMIS):* {name}, DOB {dob}",
    "• {name} — first contact {day} — {phone}",
    "> new person {full}, staying at {addr}. {first} has no ID",
    "+ add {name} ({dob}) after intake",
)
NO_PII_TEMPLATES = (
    "*BNL review {day}* — {n} people doc ready, {n} matched",
    "• PSH: {n} openings\n• RRH: {n} openings",
    "Hotline for after-hours: {hotline}",
    "{mention} can you do it? I'm out {day}",
    "{staff} &amp; {staff2} covering intake",
    "Grant application for the DV beds is in :tada:",
    "Reminder: no names in this channel, use the HMIS ID",
    "*AMI* changed this month — 50% AMI is the new cutoff",
    "Will follow up after the CoC call",
    "Foster care agency sent the youth list to {staff}",
    "Van keys → front desk",
    "~cancelled~ case conf {day}",
    "Blessing of the new office is {day} at noon",
    "Comfort kits arrived for the shelter :package:",
    "Patience please, HMIS is slow today",
    "• Hope House: {n} beds open",
    "June numbers due to HUD :calendar:",
)

FAMILY = Family(
    key="d",
    voice="bnl_slack",
    new_name=new_name,
    nicknames=NICKNAMES,
    staff=STAFF,
    name_styles={
        "full": 18,
        "last_first": 14,
        "upper": 8,
        "lower": 3,
        "multi_part": 6,
        "typo": 7,
        "nick_full": 7,
        "nickname": 4,
        "initials": 5,
        "first_initial": 6,
        "first_only": 7,
        "last_only": 5,
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
    race_weights={"BlackAfAmerican": 7, "MidEastNAfrican": 3},
    obfuscate_rate=0.05,
    obfuscate_kinds=("zw", "cyrillic", "fullwidth"),
    honorifics=("Ms", "Mr"),
)
