"""Family B (TUNE): long case notes, several sentences, formal third person.

Hispanic names with two surnames and compound given names (José Luis is FirstName José,
MiddleName Luis), particles (de la Cruz, del Río, da Silva, dos Santos), Portuguese and Brazilian
names, Spanish diminutives (Chayo, Memo, Chuy) that English nickname lists miss, accents dropped
as people type them. Day-first dates next to month-first ones, "+55"/"+52" phones, dotted US
phones, addresses in Texas, Florida and Massachusetts with spelled-out directionals and
Trace/Crescent/Loop, Lisbon, São Paulo and Mexico City.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

from ._common import Family, Part, Person, Piece, Written, ascii_fold, fold, pool, slack_user_id, typo

FEMALE = pool("""
Xiomara Yesenia Marisol Esperanza Consuelo Dolores Rosario Amparo Socorro Milagros Inés Eulalia Nereida
Yadira Evangelina Graciela Leticia Maricela Araceli Guadalupe Concepción Mercedes Luz Fernanda Rafaela
Vitória Conceição Luíza Graça Cleide Rosângela Jussara Marcela Itzel Anabel Maribel Soledad
""")
MALE = pool("""
Guillermo Rogelio Jacinto Teodoro Anselmo Arturo Ramiro Wilfredo Heriberto Rubén Efraín Osvaldo Fidel
Francisco Ignacio Eduardo Alberto Roberto Enrique Jesús José Juan Luis Gonçalo Thiago João Leandro
Sebastião Joaquim Adriano Edson Valdir Wellington Kléber Rodrigo Ezequiel Abelardo Baltazar
""")
SURNAMES = pool("""
Villanueva Echeverría Quintanilla Arredondo Zepeda Olvera Bañuelos Cisneros Barragán Montoya Alvarado
Saldaña Ibarra Esquivel Galindo Maldonado Benítez Carrasco Ochoa Trujillo Valenzuela Zamora Cervantes
Lozano Escobedo Meléndez Tapia Sepúlveda Orozco Quiñones Arriaga Palacios Fuentes Rosales Navarro
Peralta Villalobos Figueroa Aguilar Espinoza de_la_Cruz del_Río de_León de_los_Santos del_Toro
de_Jesús da_Silva dos_Santos da_Costa de_Souza da_Conceição Ferreira Carvalho Gonçalves Pereira Almeida
Ribeiro Barbosa Moreira Nascimento Araújo Cardoso Teixeira Correia Pinheiro Mendonça Magalhães
Figueiredo Azevedo Monteiro
""")
PORTUGUESE_FIRST = frozenset(
    pool(
        "Fernanda Rafaela Vitória Conceição Luíza Graça Cleide Rosângela Jussara "
        "Gonçalo Thiago João Leandro Sebastião Joaquim Adriano Edson Valdir "
        "Wellington Kléber"
    )
)
PORTUGUESE_LAST = frozenset(SURNAMES[SURNAMES.index("da Silva") :])
NICKNAMES: dict[str, tuple[str, ...]] = {
    "José": ("Pepe", "Chepe"),
    "Francisco": ("Paco", "Pancho"),
    "Guillermo": ("Memo",),
    "Rosario": ("Chayo",),
    "Consuelo": ("Chelo",),
    "Dolores": ("Lola",),
    "Socorro": ("Coco",),
    "Jesús": ("Chuy",),
    "Ignacio": ("Nacho",),
    "Eduardo": ("Lalo",),
    "Alberto": ("Beto",),
    "Roberto": ("Tito",),
    "Enrique": ("Kike",),
    "Guadalupe": ("Lupe",),
    "Graciela": ("Chela",),
    "Concepción": ("Concha",),
    "Mercedes": ("Meche",),
    "Xiomara": ("Xio",),
    "Fernanda": ("Nanda",),
    "Rafaela": ("Rafa",),
    "Luíza": ("Lulu",),
    "Leandro": ("Léo",),
    "Sebastião": ("Tião",),
    "Rodrigo": ("Digo",),
    "Ezequiel": ("Cheque",),
    "Baltazar": ("Balta",),
}
STAFF = (
    "Beatriz Olmedo",
    "Hector Saavedra",
    "Lorena Ybarra",
    "Mauricio Corral",
    "Paulina Rocha",
    "Gilberto Tamez",
    "Ofelia Duarte",
    "Ernesto Villaseñor",
    "Yolanda Tello",
    "Marisol Cantú",
    "Fernanda Lobo",
    "Ivan Estrada",
)
STREETS = pool("""
Cesar_Chavez Camino_Real Paseo_del_Norte Zarzamora Guadalupe_Hidalgo Palm_Springs Flagler Coral_Way
Kearny Ferry Merrimack Bridge Acushnet Ashley Mesquite Alameda Pleasanton Bandera Military Nogalitos
""")
TYPES = ("Street", "Avenue", "Road", "Drive", "Way", "Trace", "Crescent", "Loop", "Boulevard")
CITIES = (
    ("San Antonio", "TX", "782"),
    ("Hialeah", "FL", "330"),
    ("Lowell", "MA", "018"),
    ("Fall River", "MA", "027"),
    ("New Bedford", "MA", "027"),
    ("Newark", "NJ", "071"),
    ("El Paso", "TX", "799"),
    ("Santa Ana", "CA", "927"),
)
PARTICLE_UNIT = re.compile(r"(?:(?:de la|de los|del|de|da|dos|das)\s+)?[^\s]+")
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


def _units(last: str) -> list[str]:
    """Surname units, a particle kept with its name: "Ochoa de la Cruz" is ["Ochoa", "de la Cruz"]."""
    return PARTICLE_UNIT.findall(last)


def new_name(rng: random.Random) -> tuple[str, str, str, str]:
    gender = rng.choice("FM")
    first = rng.choice(FEMALE if gender == "F" else MALE)
    portuguese = first in PORTUGUESE_FIRST
    lasts = sorted(PORTUGUESE_LAST) if portuguese else [s for s in SURNAMES if s not in PORTUGUESE_LAST]
    last = rng.choice(lasts)
    if rng.random() < (0.35 if portuguese else 0.55):
        second = rng.choice(lasts)
        if second != last:
            last = f"{last}-{second}" if rng.random() < 0.1 else f"{last} {second}"
    middle = ""
    if rng.random() < 0.4:
        middle = rng.choice(FEMALE if gender == "F" else MALE)
        if fold(middle) == fold(first):
            middle = ""
    return first, middle, last, gender


def _strip(text: str) -> str:
    """Accents dropped, as a name is often typed on a phone: "Jose Hernandez" for "José Hernández"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def write_name(p: Person, style: str, rng: random.Random) -> Written | None:
    units = _units(p.last)
    first_unit = units[0] if "-" not in p.last else p.last
    if style == "full":
        if len(units) > 1 and rng.random() < 0.5:
            return Written(f"{p.first} {first_unit}", "full", p.first, first_unit)
        return Written(f"{p.first} {p.last}", "full", p.first, p.last)
    if style == "deaccent":
        text = _strip(f"{p.first} {p.last}")
        return Written(text, "full", p.first, p.last)
    if style == "multi_part":
        if not p.middle and len(units) < 2:
            return None
        given = f"{p.first} {p.middle}".strip()
        pick = rng.random()
        if pick < 0.4:
            return Written(f"{given} {p.last}", "multi_part")
        if pick < 0.7:
            return Written(f"{p.last}, {given}", "multi_part")
        return Written(_strip(f"{p.last}, {given}").lower(), "multi_part")
    if style == "lower":
        return Written(_strip(f"{p.first} {first_unit}").lower(), "lower", p.first, first_unit)
    if style == "typo":
        target = first_unit.split()[-1]
        slip = typo(target, rng)
        if slip == target:
            return None
        return Written(f"{p.first} {first_unit[: -len(target)]}{slip}", "typo", p.first, first_unit)
    if style in ("nick_full", "nickname"):
        nicks = NICKNAMES.get(p.first, ())
        if not nicks:
            return None
        nick = rng.choice(nicks)
        if style == "nickname":
            return Written(nick, "nickname")
        return Written(f"{nick} {first_unit}", "nick_full", nick, first_unit)
    if style == "first_initial":
        return Written(
            f"{p.first[0]}. {first_unit}", "last_only"
        )  # an initial + surname names by the surname
    if style == "first_only":
        return Written(p.first, "first_only")
    if style == "last_only":
        return Written(first_unit if rng.random() < 0.6 else p.last, "last_only")
    raise ValueError(style)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def dob(d: date, rng: random.Random) -> list[Part]:
    month = MONTHS[d.month - 1]
    return [
        Piece(
            rng.choice(
                (
                    f"{month} {d.day}, {d.year}",
                    f"{d.day:02d}/{d.month:02d}/{d.year}",
                    f"{d.month:02d}/{d.day:02d}/{d.year}",
                    f"{d.day}-{month[:3]}-{d.year}",
                    f"{_ordinal(d.day)} of {month}, {d.year}",
                )
            ),
            "DOB",
        )
    ]


def ssn(s: str, rng: random.Random) -> list[Part]:
    return [Piece(rng.choice((f"{s[:3]}-{s[3:5]}-{s[5:]}", f"{s[:3]} {s[3:5]} {s[5:]}")), "SSN")]


def ssn4(s: str, rng: random.Random) -> list[Part]:
    return [Piece(s[5:], "SSN")]


def phone(rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.12:
        return [Piece(f"+55 11 9{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}", "PHONE")]
    if r < 0.2:
        return [Piece(f"+52 55 {rng.randint(1000, 9999)} {rng.randint(0, 9999):04d}", "PHONE")]
    area = rng.choice(("956", "210", "305", "786", "978", "508", "973", "915", "714"))
    mid, end = rng.randint(200, 999), f"{rng.randint(0, 9999):04d}"
    return [
        Piece(
            rng.choice(
                (
                    f"+1 ({area}) {mid}-{end}",
                    f"{area}.{mid}.{end}",
                    f"({area}) {mid} {end}",
                    f"{area}-{mid}-{end}",
                )
            ),
            "PHONE",
        )
    ]


def email(p: Person, rng: random.Random) -> list[Part]:
    f, last = ascii_fold(p.first), ascii_fold(_units(p.last)[0])
    m = ascii_fold(p.middle)[:1]
    local = rng.choice(
        (f"{f}.{last}", f"{f[0]}{m}{last}{p.dob.year % 100:02d}", f"{f}_{last}{rng.randint(1, 9)}")
    )
    dom = rng.choice(("hotmail.com", "gmail.com", "outlook.com", "uol.com.br", "prodigy.net.mx", "yahoo.com"))
    text = f"{local}@{dom}"
    return [Piece(text.upper() if rng.random() < 0.1 else text, "EMAIL")]


def address(rng: random.Random) -> list[Part]:
    r = rng.random()
    city, state, zip3 = rng.choice(CITIES)
    zipc = f"{zip3}{rng.randint(1, 99):02d}"
    if r < 0.06:
        return [Piece(f"P.O. Box {rng.randint(10, 9999)}, {city}, {state} {zipc}", "ADDRESS")]
    if r < 0.08:
        return [
            Piece(
                f"Unit {rng.randint(2000, 9999)} Box {rng.randint(100, 9999)}, "
                f"APO AP 96{rng.randint(200, 399)}",
                "ADDRESS",
            )
        ]
    if r < 0.12:
        return [
            Piece(
                rng.choice(
                    (
                        f"Rua Augusta {rng.randint(2, 300)}, 1100-048 Lisboa, Portugal",
                        f"Avenida Paulista {rng.randint(100, 2000)}, São Paulo - SP, 01310-200, Brasil",
                        f"Calle Reforma {rng.randint(2, 400)}, Col. Juárez, 06600 Ciudad de México",
                    )
                ),
                "ADDRESS",
            )
        ]
    text = f"{rng.randint(10, 19999)}"
    if rng.random() < 0.3:
        text += f" {rng.choice(('North', 'South', 'East', 'West'))}"
    text += f" {rng.choice(STREETS)} {rng.choice(TYPES)}"
    if rng.random() < 0.2:
        text += f" {rng.choice(('Southwest', 'Northeast', 'SW', 'NE'))}"
    if rng.random() < 0.4:
        text += rng.choice(
            (
                f", Apartment {rng.randint(1, 30)}",
                f", Apt. {rng.randint(1, 9)}-{rng.choice('ABC')}",
                f", Room {rng.randint(1, 40)}",
                f", Suite {rng.randint(100, 400)}",
            )
        )
    if rng.random() < 0.6:
        text += f", {city}, {state} {zipc}"
    return [Piece(text, "ADDRESS")]


def hiv(rng: random.Random) -> list[Part]:
    return rng.choice(
        (
            ["is ", Piece("HIV positive", "HIV")],
            ["takes ", Piece("Biktarvy", "HIV"), " daily"],
            ["is adherent to ", Piece("Genvoya", "HIV")],
            ["has an ", Piece("undetectable viral load", "HIV")],
            ["reports a ", Piece(f"CD4 count of {rng.randint(60, 950)}", "HIV")],
            ["has disclosed ", Piece("positive status", "HIV"), " to the landlord"],
            ["has had an ", Piece("AIDS diagnosis", "HIV"), f" since {rng.randint(1995, 2019)}"],
            ["states that the ", Piece("viral load is undetectable", "HIV")],
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
    "month": lambda rng: rng.choice(MONTHS),
    "agency": lambda rng: rng.choice(
        ("Centro Hispano", "SAMM Ministries", "Haven for Hope", "Catholic Charities", "the Housing Authority")
    ),
    "hotline": lambda rng: rng.choice(("(210) 555-0142", "1-877-555-0110")),
    "n": lambda rng: str(rng.randint(2, 30)),
}

TEMPLATES = (
    "Met with {name} today at the drop-in center. Client reports that {pr} has been staying with a cousin at "
    "{addr} but that arrangement ends at the end of the month. Best number is {phone}.",
    "Case note: {name} (DOB {dob}) completed the coordinated entry assessment with {staff}. Score places "
    "{obj} in the PSH priority pool.",
    "Follow-up on {name}. {Pr} {hiv}, and the clinic social worker asked that this not go on the referral "
    "packet. Please keep future notes general.",
    "{full} came to the office this morning without an appointment. {first} wants to know whether the "
    "application to {agency} was submitted; I told {obj} I would check with {staff}.",
    "Spoke with {hon} {last} by phone. {Pr} confirmed the lease signing for {day} and asked that the "
    "paperwork be mailed to {addr}.",
    "Intake summary for {name}: born on {dob}, Social Security number {ssn}, currently unsheltered. "
    "Referred to the {day} housing fair.",
    "{name} called from a new number, {phone}, and said the old phone was stolen at the shelter. "
    "Updated in HMIS.",
    "Email from {name} ({email}) asking for a copy of the release. I will send it once {staff} signs off.",
    "Home visit completed at {addr}. {name} is doing well; the unit passed inspection and {pr} has "
    "furniture now.",
    "I verified identity for {name} using the last four of the SSN, ending in {ssn4}, and the date of "
    "birth on file.",
    "{name} and {name2} were both seen at the encampment near the river. Neither wants shelter right now.",
    "Per the nurse, {name} {hiv}. Adherence has improved since the move.",
    "Please note that {name} prefers to be called {nick}. {Pr} asked staff to use that name at the "
    "front desk.",
    "{nick} stopped by again to ask about the deposit assistance. Told {obj} we are still waiting "
    "on {agency}.",
    "Conversation with {hon} {last} about the eviction notice. Legal aid has the case; the hearing is {day}.",
    "{name} was discharged from the hospital yesterday and is temporarily staying at {addr}. "
    "Phone is {phone}, email {email}.",
    "For the record, {name} declined to provide an SSN but did give a date of birth of {dob}.",
    "Reminder to myself: {name} needs a new ROI before we can share anything with {agency}.",
    "{name} is on the Hope House waitlist. {Pr} asked whether a June move-in date is realistic.",
    "Client {name} reports a change of address to {addr}. Mail will be forwarded there starting {day}.",
    "Staffing note: {staff_full} will take over the case of {name} while {staff2} is on leave.",
    "Today {name} disclosed that {pr} {hiv}. {Pr} gave verbal consent for the clinic to coordinate with us.",
    "Received a voicemail from {name}. The callback number given was {phone}; {pr} sounded upset about "
    "the inspection.",
    "{full} signed the lease this afternoon. {first} thanked {staff} and the whole team.",
    "Documents for {name}: birth certificate on file, Social Security card pending (SSN {ssn}), "
    "ID appointment on {day}.",
    "We still cannot locate {name}. The last known address was {addr} and the number on file, {phone}, "
    "is disconnected.",
    "{name} asked that we stop calling the old number and use {email} instead.",
    "Per landlord, {name} is two months behind. Mediation scheduled for {day}; {staff} will attend.",
    "{name} turned in the income verification. Benefits start in {month}.",
    "During the assessment {name} mentioned that {pr} was in foster care until age eighteen.",
    "Transportation approved for {name} to the {day} appointment; pickup at {addr}.",
    "{name}, date of birth {dob}, is being referred to rapid rehousing. {Pr} has a housing-focused plan.",
    "{last} family: the mother and two children are now at {addr}. Contact is {phone}.",
)
NEW_PERSON_TEMPLATES = (
    "New contact: {name}, who has never been entered in HMIS. Reports a date of birth of {dob} and is "
    "staying in a car near the flea market.",
    "Outreach encountered {name} for the first time. {Pr} gave a phone number, {phone}, and agreed to a "
    "follow-up on {day}.",
    "A walk-in, {full}, asked about shelter. {first} does not have ID; we will start a profile after "
    "the assessment.",
    "Referral from {agency}: {name}, currently at {addr}, not yet known to our system.",
)
NO_PII_TEMPLATES = (
    "Reminder that the Hope House intake hours change on {day}. Please update your clients.",
    "The June numbers for the HUD report are due to the CoC lead by the end of the week.",
    "We are still waiting on the grant application from the foundation; {staff} is following up.",
    "The agency hotline is {hotline}. Please give that number, not your personal cell.",
    "Case conference this week will focus on the PSH move-ins and the RRH recertifications.",
    "Training on the new AMI limits is scheduled for {day} morning in the large conference room.",
    "{staff} and {staff2} will cover intake while the team is at the CoC meeting.",
    "Will follow up with the landlord association about the unit holds next {day}.",
    "The van keys are back in the lockbox; please sign them out next time.",
    "The foster care youth program has {n} openings for the winter cohort.",
    "Quick note: the HMIS system will be down for maintenance on {day} evening.",
    "{mention} can you do it this time? I covered the last two shifts.",
    "We have {n} emergency vouchers left this quarter, so prioritize the highest acuity.",
    "Please do not put health information in this channel; use the secure notes instead.",
    "Mercedes shuttle to the VA is not running this week, so plan for bus passes.",
)

FAMILY = Family(
    key="b",
    voice="case_notes",
    new_name=new_name,
    nicknames=NICKNAMES,
    staff=STAFF,
    name_styles={
        "full": 30,
        "deaccent": 8,
        "multi_part": 14,
        "lower": 5,
        "typo": 7,
        "nick_full": 8,
        "nickname": 4,
        "first_initial": 4,
        "first_only": 6,
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
    race_weights={"HispanicLatinaeo": 8, "White": 3, "BlackAfAmerican": 1},
    obfuscate_rate=0.03,
    obfuscate_kinds=("zw", "cyrillic"),
    honorifics=("Ms.", "Mr."),
)
