"""A labelled synthetic case-conference corpus, written independently of the dev corpus.

Why: casebot is scored on corpora it has never seen, so tuning against the dev
sentences alone overfits. This generator writes other phrasings, other name
origins (Somali, Hmong, Karen, Vietnamese, Navajo, Spanish, English), lower-case
chat, typos and other PII formats, in the scorer's format (``messages.jsonl``
with gold spans, and an HMIS FY2024 ``Client.csv`` roster), so
``casebot redact --roster`` and ``../shared/eval/score.py`` can be run on it.

Two template families: ``tune`` is what the engine is developed against;
``heldout`` (in ``bench/corpus_heldout.py``) was written after tuning stopped
and is only ever scored, never tuned on. Use a different ``--seed`` for it too.

    .venv/bin/python bench/corpus.py --out /tmp/corpus --variant tune --seed 1
    .venv/bin/casebot redact --roster /tmp/corpus/Client.csv < /tmp/corpus/messages.jsonl > /tmp/out.jsonl
    python ../shared/eval/score.py --gold /tmp/corpus/messages.jsonl --pred /tmp/out.jsonl

The name pools here are written for the generator and are deliberately not the
engine's word lists (``redaction/data``); a share of the people get made-up
names that no list has.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
from dataclasses import dataclass
from pathlib import Path

# --- people ----------------------------------------------------------------------------------------
# (female given names, male given names, surnames) per origin.
ORIGINS: dict[str, tuple[str, str, str]] = {
    "somali": (
        "Hodan Faadumo Hawa Ayaan Amina Sahra Deeqa Hibaq Ifrah Ubah Nimco Fartun Khadra Sagal Shukri Idil "
        "Ladan Kowsar Najma Hamdi Istahil Filsan Anab Caasha Zamzam Sucaad Ruqiya",
        "Abdi Abdullahi Ahmed Warsame Farah Hassan Mohamed Mohamud Abdirahman Abdikarim Bashir Guled Liban "
        "Mukhtar Jama Osman Yusuf Dahir Hirsi Abdiwali Mahad Sharmarke Abshir Cabdi Keynan Said Omar",
        "Warsame Farah Hassan Mohamed Mohamud Abdi Ali Ahmed Jama Osman Yusuf Hirsi Dahir Egal Elmi Gedi "
        "Samatar Shire Duale Warfa Hashi Abukar Nur Roble Barre Ismail Aden Ibrahim Abdullahi",
    ),
    "hmong": (
        "Pa Mai Chia Nou Yer Blia Choua Houa Kia Youa Zoua Shoua Mee Xia Maiyia Nhia Ka Sua Lia Paj",
        "Tou Kou Lue Tong Pao Xee Cher Neng Pheng Fue Chue Teng Seng Koua Bao Meng Yeng Nao Tswv Kong Vang",
        "Vang Xiong Yang Lee Thao Moua Her Lor Vue Khang Chang Hang Kue Lo Cha Chue Fang Pha Yang Xiong",
    ),
    "karen": (
        "Paw Naw Hser Mu Eh Htoo Moo Say Ku Wah Lah Dah Blu Gay Mya Thaw Poe Khu Nay Ree",
        "Saw Eh Htoo Say Ku Hser Moo Thaw Soe Htay Kyaw Aung Tun Win Zaw Law Ler Plo Lwe Klo",
        "Paw Htoo Say Moo Soe Htay Wah Lah Thaw Aung Win Tun Mya Htun Naing Hser Ku Blu Taw Kaw",
    ),
    "vietnamese": (
        "Linh Huong Thao Lan Mai Ngoc Trang Phuong Thuy Yen Hanh Nhung Hoa Tuyet Quynh Oanh "
        "Lien Diep Vy Uyen",
        "Minh Tuan Thanh Hung Duc Dung Quang Cuong Khanh Long Nam Vinh Phuc Huy Dat Hieu Son Tam Kiet Bao",
        "Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Truong Dinh Lam Trinh Luong",
    ),
    "navajo": (
        "Nizhoni Doli Yanaba Ayita Sahkyo Dezba Kaya Dyani Nascha Haseya Shilah Tallulah Marlene Loretta "
        "Lorraine Roberta Bernadette Darlene",
        "Ahiga Bidziil Hosteen Naalnish Niyol Ashkii Hastiin Sani Atsa Kele Delbert Leroy Wilfred Harrison "
        "Alvin Marvin Duane Lorenzo",
        "Begay Yazzie Benally Tsosie Nez Tso Etsitty Bitsui Manygoats Yellowhair Begaye "
        "Peshlakai Tsinajinnie "
        "Whitehorse Redhouse Bigman Silversmith Natani Nakai Goldtooth "
        "Wauneka Todacheenie Bedonie Harjo Chee",
    ),
    "spanish": (
        "Guadalupe Maria Josefina Yesenia Marisol Alejandra Rocio Graciela Dolores Leticia Araceli Xochitl "
        "Itzel Yadira Consuelo Esperanza Margarita Soledad Maribel Lizbeth",
        "Jose Juan Jesus Francisco Miguel Alejandro Luis Ramon Rigoberto Ezequiel Heriberto Osvaldo Efrain "
        "Gerardo Joaquin Ignacio Anselmo Cuauhtemoc Santiago Arturo",
        "Garcia Hernandez Lopez Martinez Gonzalez Rodriguez Perez Sanchez Ramirez Flores Gutierrez Morales "
        "Reyes Cruz Ortiz Juarez Castillo Mendoza Villalobos Zamora Quintero Carrasco de la Cruz Ybarra",
    ),
    "english": (
        "Jessica Ashley Amanda Brittany Keisha Latoya Tamika Crystal Heather Destiny Shanice Brenda Tiffany "
        "Felicia Rochelle Kayla Monique Ebony",
        "Michael Christopher Tyrone DeShawn Marcus Jamal Brandon Cody Travis Dustin Terrell Darnell Kenneth "
        "Wayne Dwayne Cornelius Reginald Andre",
        "Johnson Williams Brown Jones Davis Jackson Washington Thompson Harris Robinson Coleman Simmons "
        "Fitzgerald Mcallister Pruitt Whitfield Blackwell Okafor Osei",
    ),
}
# multi-word surnames are written with "_" in the pools above only where needed; split() keeps words
_NICKS = {
    "michael": "Mike",
    "christopher": "Chris",
    "jessica": "Jess",
    "guadalupe": "Lupe",
    "francisco": "Paco",
    "jesus": "Chuy",
    "jose": "Pepe",
    "ignacio": "Nacho",
    "alejandra": "Ale",
    "kenneth": "Kenny",
    "reginald": "Reggie",
    "abdullahi": "Abdi",
    "abdirahman": "Abdi",
    "mohamed": "Mo",
    "amanda": "Mandy",
    "roberta": "Bobbie",
}
_ONSETS = "b ch d f g h j k kh l m n ng p ph s sh t th tr v w x y z".split()
_VOWELS = "a e i o u ai ao ia ee oo ou ua".split()
_CODAS = ["", "", "", "n", "ng", "r", "l", "s", "m", "h"]
STAFF = ["Renee", "Marcus", "Priya", "Jo", "Deb", "Maria", "Tou", "Hodan", "Linh", "Carlos", "Ashley"]


def _words(s: str) -> list[str]:
    return s.split()


def _pseudo(rng: random.Random) -> str:
    syl = rng.choice([2, 2, 3])
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syl)
    ).capitalize()


@dataclass(frozen=True)
class Person:
    client_id: str | None
    first: str
    last: str
    middle: str | None
    gender: str  # "f", "m" or "x"
    dob: datetime.date
    ssn: str


def _person(rng: random.Random, cid: str | None, *, pseudo: float = 0.1) -> Person:
    origin = rng.choice(list(ORIGINS))
    fem, mal, sur = ORIGINS[origin]
    gender = rng.choices(["f", "m", "x"], [48, 48, 4])[0]
    pool = _words(fem) if gender == "f" else _words(mal) if gender == "m" else _words(fem + " " + mal)
    first = _pseudo(rng) if rng.random() < pseudo else rng.choice(pool)
    last = _pseudo(rng) if rng.random() < pseudo else rng.choice(_words(sur))
    if last in ("de", "la"):
        last = "de la Cruz"
    if rng.random() < 0.05:
        last = f"{last}-{rng.choice(_words(sur))}"
    middle = rng.choice(pool) if rng.random() < 0.2 else None
    dob = datetime.date(1945, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 60))
    ssn = f"{rng.randrange(1, 899):03d}{rng.randrange(1, 99):02d}{rng.randrange(1, 9999):04d}"
    return Person(cid, first, last, middle, gender, dob, ssn)


def make_roster(n: int, rng: random.Random) -> list[Person]:
    """``n`` people with distinct full names, except ~3% deliberate namesakes (same first and last name,
    another person), the case where only other evidence in a message can tell who is meant."""
    people: list[Person] = []
    seen: set[tuple[str, str]] = set()
    for k in range(n):
        cid = str(5000 + k)
        if people and rng.random() < 0.03:
            twin = rng.choice(people)
            other = _person(rng, cid)
            people.append(Person(cid, twin.first, twin.last, None, other.gender, other.dob, other.ssn))
            continue
        for attempt in range(30):
            p = _person(rng, cid, pseudo=0.1 if attempt < 20 else 0.6)
            key = (p.first.lower(), p.last.lower())
            if key not in seen:
                break
        seen.add(key)
        people.append(p)
    return people


# --- formats ---------------------------------------------------------------------------------------
def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_dob(rng: random.Random, d: datetime.date) -> str:
    m, day, y = d.month, d.day, d.year
    mon = d.strftime("%B")
    return rng.choice(
        [
            f"{m}/{day}/{y}",
            f"{m}/{day}/{y % 100:02d}",
            f"{m:02d}-{day:02d}-{y}",
            f"{y}-{m:02d}-{day:02d}",
            f"{mon} {day}, {y}",
            f"{day} {mon} {y}",
            f"{_ordinal(day)} of {mon.lower()} {y}",
            f"{mon.lower()} {_ordinal(day)}, {y}",
            f"{mon[:3]} {day} {y}",
            f"{m}.{day}.{y}",
        ]
    )


def fmt_ssn(rng: random.Random, s: str) -> str:
    a, b, c = s[:3], s[3:5], s[5:]
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", s, f"{a}.{b}.{c}", f"{a}–{b}–{c}", f"{a}-{b}-{c}"])


def fmt_phone(rng: random.Random) -> str:
    a, b, c = (
        rng.choice([612, 651, 763, 952, 206, 253, 425, 505, 928, 480]),
        rng.randrange(200, 999),
        rng.randrange(0, 9999),
    )
    return rng.choice(
        [
            f"+1 ({a}) {b}-{c:04d}",
            f"{a}.{b}.{c:04d}",
            f"({a}){b}-{c:04d}",
            f"{a} {b} {c:04d}",
            f"{a}{b}{c:04d}",
            f"1-{a}-{b}-{c:04d}",
            f"{a}-{b}-{c:04d}",
        ]
    )


_STREETS = (
    "Lake Cedar Franklin Bloomington Nicollet Rice Payne Arcadia Central Fremont Portland Minnehaha".split()
)
_SUFFIX = "St Street Ave Avenue Blvd Rd Dr Ln Way Pkwy".split()
_CITIES = [
    ("Minneapolis", "MN"),
    ("St. Paul", "MN"),
    ("Gallup", "NM"),
    ("Flagstaff", "AZ"),
    ("Seattle", "WA"),
]


def fmt_address(rng: random.Random) -> str:
    num = rng.randrange(10, 9999)
    pre = rng.choice(["", "", "E ", "N ", "S ", "W "])
    street = rng.choice(_STREETS) if rng.random() < 0.8 else _ordinal(rng.randrange(1, 60))
    val = f"{num} {pre}{street} {rng.choice(_SUFFIX)}"
    unit = rng.random()
    if unit < 0.2:
        val += f" Apt {rng.randrange(1, 400)}{rng.choice(['', 'B', 'C'])}"
    elif unit < 0.3:
        val += f" #{rng.randrange(1, 40)}"
    elif unit < 0.4:
        val += f", Unit {rng.randrange(100, 900)}"
    if rng.random() < 0.35:
        city, st = rng.choice(_CITIES)
        val += f", {city}, {st} {rng.randrange(55000, 99000)}"
    return val


HEALTH = [
    "HIV+",
    "HIV positive",
    "positive for HIV",
    "living w/ HIV",
    "recently diagnosed with HIV",
    "has AIDS",
    "on PrEP",
    "hep C positive",
    "taking Biktarvy",
    "viral load is undetectable",
]


def fmt_email(rng: random.Random, p: Person) -> str:
    user = rng.choice([f"{p.first}.{p.last}", f"{p.first[0]}{p.last}", f"{p.first}{rng.randrange(10, 99)}"])
    user = user.lower().replace(" ", "").replace("-", "")
    return f"{user}@{rng.choice(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'])}"


# --- mentions --------------------------------------------------------------------------------------
def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    op = rng.choice("dsi")
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "s":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def mention(rng: random.Random, p: Person, *, rostered: bool) -> tuple[str, str]:
    """A way of writing ``p``'s name and the form label the scorer knows."""
    first, last = p.first, p.last
    if not rostered:
        form = rng.choice(["full", "full", "lower", "first"])
        val = {"full": f"{first} {last}", "lower": f"{first} {last}".lower(), "first": first}[form]
        return val, "unrostered"
    forms = [
        "full",
        "full",
        "full",
        "lower",
        "upper",
        "last_first",
        "typo",
        "first",
        "first_initial",
        "title_last",
    ]
    if first.lower() in _NICKS:
        forms.append("nick_full")
    if p.middle:
        forms.append("middle")
    form = rng.choice(forms)
    if form == "typo" and len(last) < 5:
        form = "full"
    val = {
        "full": f"{first} {last}",
        "lower": f"{first} {last}".lower(),
        "upper": f"{first} {last}".upper(),
        "last_first": f"{last}, {first}",
        "typo": f"{first} {_typo(last, rng)}",
        "first": first,
        "first_initial": f"{first} {last[0]}.",
        "title_last": f"{'Ms.' if p.gender == 'f' else 'Mr.' if p.gender == 'm' else 'Mx.'} {last}",
        "nick_full": f"{_NICKS.get(first.lower(), first)} {last}",
        "middle": f"{first} {p.middle} {last}",
    }[form]
    return val, form


PRONOUNS = {"f": ("she", "her", "her"), "m": ("he", "him", "his"), "x": ("they", "them", "their")}

# Slots: {name} (a person), {he} {him} {his} (that person's pronouns), {dob}, {ssn}, {ssn4}, {phone},
# {addr}, {email}, {health}, {staff}, {age}, {name2} (a second person).
TUNE_TEMPLATES = [
    "{name} is staying at {addr} for now",
    "client named {name} came by the drop-in, {he} needs a bus card",
    "met with {name} today. {he} said {he} is {health}",
    "{name}'s housing voucher expires friday",
    "{name} (dob {dob}) finished intake at the youth shelter",
    "{name} ssn {ssn} for the HMIS profile pls",
    "anyone have a good number for {name}? last one was {phone}",
    "new # for {name}: {phone}",
    "{staff}, can you add {name} to thursday's agenda?",
    "Thanks {staff}! {name} signed the lease today",
    "{name}, {age}, sleeping in {his} car near the park",
    "{name} moved in to {addr}",
    "heads up {name} is {health} and asked us to keep it quiet",
    "{name}'s email is {email}",
    "we still need {name}'s birth cert, dob is {dob}",
    "{name} dob {dob} ssn {ssn}",
    "ok so {name} and {name2} are a couple, want one unit",
    "{staff} from outreach saw {name} under the bridge",
    "does {name} still have the same case manager?",
    "{name} told {staff} {he} lost {his} ID again",
    "spoke w {name} on the phone, {he} wants to move closer to {his} kids",
    "{name} last 4 of ssn {ssn4}",
    "pls call {name} at {phone} about the unit at {addr}",
    "Mr/Ms {name} missed the appointment",
    "{name} got housed!!! congrats team",
    "{name} born {dob}, no ID yet",
    "I referred {name} to the clinic, {he} is {health}",
    "{name} hasn't been seen since {his} eviction from {addr}",
    "is {name} on the by-name list yet?",
    "{name} came in with {his} mom {name2}",
]
NO_PII = [
    "case conference moved to 2pm tomorrow, same zoom link",
    "Hope House has two beds open tonight",
    "reminder: coordinated entry training is Wednesday",
    "RRH funding round closes 6/30",
    "Will follow up with the landlord about the deposit",
    "the VI-SPDAT scores are in the shared drive",
    "{staff} is out today, {staff2} is covering intake",
    "thanks {staff}! great meeting everyone",
    "can someone grab the keys for unit 4B at Cedar Commons",
    "Catholic Charities is closed Monday for the holiday",
    "bed 14 at the mission is reserved for a vet",
    "who has the bus tokens?",
]


def fill(
    rng: random.Random, template: str, roster: list[Person], people: list[Person]
) -> tuple[str, list[dict]]:
    """Fill ``template``; ``people`` are this message's persons (rostered or not)."""
    spans: list[dict] = []
    out = ""
    pos = 0
    who = people[0]
    pr = PRONOUNS[who.gender]
    staff = rng.sample(STAFF, 2)
    while True:
        a = template.find("{", pos)
        if a < 0:
            out += template[pos:]
            break
        b = template.index("}", a)
        out += template[pos:a]
        slot = template[a + 1 : b]
        pos = b + 1
        kind, cid, form = None, None, None
        if slot in ("name", "name2"):
            p = people[0] if slot == "name" else people[1]
            rostered = p.client_id is not None
            val, form = mention(rng, p, rostered=rostered)
            kind, cid = "NAME", p.client_id
            if template.startswith("Mr/Ms") and slot == "name":
                out = out[: -len("Mr/Ms ")] + ("Ms. " if p.gender == "f" else "Mr. ")
                val, form = p.last, ("title_last" if rostered else "unrostered")
        elif slot == "he":
            val = pr[0]
        elif slot == "him":
            val = pr[1]
        elif slot == "his":
            val = pr[2]
        elif slot == "dob":
            val, kind = fmt_dob(rng, who.dob), "DOB"
        elif slot == "ssn":
            val, kind = fmt_ssn(rng, who.ssn), "SSN"
        elif slot == "ssn4":
            val, kind = who.ssn[-4:], "SSN"
        elif slot == "phone":
            val, kind = fmt_phone(rng), "PHONE"
        elif slot == "addr":
            val, kind = fmt_address(rng), "ADDRESS"
        elif slot == "email":
            val, kind = fmt_email(rng, who), "EMAIL"
        elif slot == "health":
            val, kind = rng.choice(HEALTH), "HIV"
        elif slot == "staff":
            val = staff[0]
        elif slot == "staff2":
            val = staff[1]
        elif slot == "day":  # a meeting or court date: not PII
            val = rng.choice(["Monday", "tomorrow", "next week", "on the 14th", "Friday 3/14", "at 2pm"])
        elif slot == "age":
            val = str((datetime.date(2025, 6, 1) - who.dob).days // 365)
        else:
            raise ValueError(f"unknown slot {slot}")
        if kind:
            span = {"start": len(out), "end": len(out) + len(val), "type": kind, "client_id": cid}
            if form:
                span["form"] = form
            spans.append(span)
        out += val
    return out, spans


def _chat_noise(rng: random.Random, text: str, spans: list[dict]) -> tuple[str, list[dict]]:
    """Lower-case the whole message sometimes (offsets unchanged), drop the final period sometimes."""
    if rng.random() < 0.2:
        text = text.lower()
    return text, spans


def make_messages(
    n: int, roster: list[Person], rng: random.Random, templates: list[str], no_pii: list[str]
) -> list[dict]:
    rostered_names = {(p.first.lower(), p.last.lower()) for p in roster}
    msgs = []
    for k in range(n):
        if rng.random() < 0.12:
            t = rng.choice(no_pii)
            staff = rng.sample(STAFF, 2)
            text = t.replace("{staff}", staff[0]).replace("{staff2}", staff[1])
            msgs.append({"id": f"gen-{k}", "text": text, "spans": []})
            continue
        people = []
        for _ in range(2):
            if rng.random() < 0.2:
                while True:
                    p = _person(rng, None, pseudo=0.15)
                    if (p.first.lower(), p.last.lower()) not in rostered_names:
                        break
            else:
                p = rng.choice(roster)
            people.append(p)
        text, spans = fill(rng, rng.choice(templates), roster, people)
        text, spans = _chat_noise(rng, text, spans)
        msgs.append({"id": f"gen-{k}", "text": text, "spans": spans})
    return msgs


_HEADER = (
    "PersonalID,FirstName,MiddleName,LastName,NameSuffix,NameDataQuality,SSN,SSNDataQuality,DOB,DOBDataQuality,"
    "AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinaeo,MidEastNAfrican,NativeHIPacific,White,RaceNone,"
    "AdditionalRaceEthnicity,Woman,Man,NonBinary,CulturallySpecific,Transgender,Questioning,DifferentIdentity,"
    "GenderNone,DifferentIdentityText,VeteranStatus,YearEnteredService,YearSeparated,WorldWarII,KoreanWar,"
    "VietnamWar,DesertStorm,AfghanistanOEF,IraqOIF,IraqOND,OtherTheater,MilitaryBranch,DischargeStatus,"
    "DateCreated,DateUpdated,UserID,DateDeleted,ExportID"
).split(",")


def write_client_csv(path: Path, roster: list[Person]) -> None:
    """An HMIS FY2024 Client.csv (the layout ``casebot import`` and ``casebot redact --roster`` read)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(_HEADER)
        for p in roster:
            row = dict.fromkeys(_HEADER, "")
            row.update(
                PersonalID=p.client_id,
                FirstName=p.first,
                MiddleName=p.middle or "",
                LastName=p.last,
                NameDataQuality="1",
                SSN=p.ssn,
                SSNDataQuality="1",
                DOB=p.dob.isoformat(),
                DOBDataQuality="1",
                AmIndAKNative="0",
                Asian="0",
                BlackAfAmerican="0",
                HispanicLatinaeo="0",
                MidEastNAfrican="0",
                NativeHIPacific="0",
                White="0",
                Woman="1" if p.gender == "f" else "0",
                Man="1" if p.gender == "m" else "0",
                NonBinary="1" if p.gender == "x" else "0",
                CulturallySpecific="0",
                Transgender="0",
                Questioning="0",
                DifferentIdentity="0",
                VeteranStatus="0",
                DateCreated="2024-03-01 09:00:00",
                DateUpdated="2024-06-01 09:00:00",
                UserID="U1",
                ExportID="EXP1",
            )
            w.writerow([row[c] for c in _HEADER])


def write_corpus(out: Path, roster: list[Person], msgs: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_client_csv(out / "Client.csv", roster)
    with (out / "messages.jsonl").open("w", encoding="utf-8") as f:
        for m in msgs:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")


def templates_for(variant: str) -> tuple[list[str], list[str]]:
    if variant == "tune":
        return TUNE_TEMPLATES, NO_PII
    if variant == "heldout":
        from corpus_heldout import HELDOUT_NO_PII, HELDOUT_TEMPLATES  # type: ignore[import-not-found]

        return HELDOUT_TEMPLATES, HELDOUT_NO_PII
    raise ValueError(f"unknown variant {variant!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--variant", choices=["tune", "heldout"], default="tune")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--messages", type=int, default=3000)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    roster = make_roster(a.clients, rng)
    templates, no_pii = templates_for(a.variant)
    msgs = make_messages(a.messages, roster, rng, templates, no_pii)
    write_corpus(a.out, roster, msgs)
    print(f"{len(roster)} clients, {len(msgs)} messages -> {a.out}")


if __name__ == "__main__":
    main()
