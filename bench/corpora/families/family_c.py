"""Family C (REPORT): texting, all lowercase, hardly any punctuation, apostrophes dropped.

Vietnamese (FirstName Huong, MiddleName Thi, LastName Nguyen, written "nguyen thi huong" as often
as "huong nguyen"), Korean hyphenated given names typed without the hyphen, Chinese, Hmong, and
English given names common among Asian Americans (June, Summer, Joy, Ivy). Two-letter surnames
(Le, Vu, Do, Ng, Ly, Wu, Ha, Ho, Oh, He) and surnames that are English words (Her, Song, Sun,
Long, Hang), so lowercase chat is full of words a name list would flag. Phones as bare digit runs,
Vietnamese and Korean numbers, fullwidth digits pasted from a phone keyboard.
"""

from __future__ import annotations

import random
from datetime import date

from ._common import Family, Part, Person, Piece, Written, ascii_fold, pool, slack_user_id, typo

VIET_F = pool("""
Thuy Huong Phuong Loan Nga Hanh Yen Lien Trang Diep Oanh Tuyet Xuan Hoa Thu Ngan Quynh Hien Nhung Vy Tien Kieu
""")
VIET_M = pool("""
Quang Tuan Khanh Hieu Thanh Dung Hai Vinh Trung Cuong Tam Long Phuc Nam Binh Toan Khoa Dat Huy Loc Thang Tri
Phong Sang
""")
KOREAN_F = pool("Seo-yeon Hye-jin Eun-ji Soo-ah Ji-woo Min-seo Yu-na")
KOREAN_M = pool("Ji-hoon Min-jun Sung-min Jae-won Young-soo Dong-hyun Hyun-woo")
CHINESE_F = pool("Xiaoling Mei-ling Lihua Xiu Jing Ying Fang")
CHINESE_M = pool("Wei Jian Zhiwei Haoran Guang Chun Jun Hao")
HMONG_F = pool("Yer Zoua Shoua Houa Choua Blia Mai")
HMONG_M = pool("Chue Pheng Kou Nhia Fue Xeng Cher")
ENGLISH_F = pool("June Summer Joy Ivy")
VIET_LAST = pool("Nguyen Tran Le Pham Vu Do Ngo Dang Bui Duong Ly Truong Huynh Vo Dinh Lam Phan Ha Ho")
KOREAN_LAST = pool("Kim Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo")
CHINESE_LAST = pool(
    "Wang Zhang Liu Chen Huang Zhao Wu Zhou Xu Sun Zhu Gao Lin He Guo Luo Ng Chan Wong Leung "
    "Cheung Lau Yip Tsang"
)
HMONG_LAST = pool("Vang Xiong Thao Yang Moua Lor Her Lee Vue Chang Kue Khang Hang")
GROUPS = (
    (VIET_F, VIET_M, VIET_LAST, 0.35),
    (KOREAN_F, KOREAN_M, KOREAN_LAST, 0.2),
    (CHINESE_F + ENGLISH_F, CHINESE_M, CHINESE_LAST, 0.25),
    (HMONG_F, HMONG_M, HMONG_LAST, 0.2),
)
FEMALE = VIET_F + KOREAN_F + CHINESE_F + HMONG_F + ENGLISH_F
MALE = VIET_M + KOREAN_M + CHINESE_M + HMONG_M
SURNAMES = VIET_LAST + KOREAN_LAST + CHINESE_LAST + HMONG_LAST
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Xiaoling": ("Ling",),
    "Haoran": ("Howie",),
    "Jian": ("Jay",),
    "Tuan": ("Tony",),
    "Khanh": ("Kenny",),
    "Hieu": ("Hugh",),
    "Thuy": ("Twee",),
    "Phuong": ("Fong",),
    "Seo-yeon": ("Sunny",),
    "Min-jun": ("MJ",),
    "Dong-hyun": ("Donnie",),
    "Hye-jin": ("Jenny",),
    "Pheng": ("Peng",),
    "Zhiwei": ("Z",),
    "Quang": ("Q",),
    "Mei-ling": ("Meimei",),
    "Young-soo": ("Youngie",),
}
VIET_MIDDLE = {"F": ("Thi", "Thi", "Ngoc", "Kim"), "M": ("Van", "Van", "Minh", "Quoc")}
STAFF = (
    "Lena Truong-Adair",
    "Marcus Bexley",
    "Yumi Okada",
    "Tou Lo",
    "Kendra Wyatt",
    "Ivy Maddox",
    "Jun Whitcomb",
    "Sasha Pruitt",
    "Owen Takeda",
    "Rina Castell",
    "Dara Quist",
    "Mo Ferris",
)
STREETS = pool(
    "rice university maryland phalen bellaire bissonnet belmont kings_canyon brookhurst westminster "
    "main roosevelt jackson beacon rainier"
)
TYPES = ("st", "ave", "blvd", "loop", "trace", "way", "cir", "pl")
CITIES = (
    ("st paul", "mn", "551"),
    ("houston", "tx", "770"),
    ("fresno", "ca", "937"),
    ("garden grove", "ca", "928"),
    ("flushing", "ny", "113"),
    ("seattle", "wa", "981"),
)


def new_name(rng: random.Random) -> tuple[str, str, str, str]:
    female, male, lasts, _ = rng.choices(GROUPS, [g[3] for g in GROUPS])[0]
    gender = rng.choice("FM")
    first = rng.choice(female if gender == "F" else male)
    last = rng.choice(lasts)
    middle = ""
    if lasts is VIET_LAST and rng.random() < 0.7:
        middle = rng.choice(VIET_MIDDLE[gender])
    elif lasts is HMONG_LAST and rng.random() < 0.2:
        middle = rng.choice(("Nou", "Lee", "Ka"))
    return first, middle, last, gender


def _casual(given: str, rng: random.Random) -> str:
    """A hyphenated Korean given name as people type it: "jihoon", "ji hoon" or "ji-hoon"."""
    if "-" in given:
        return rng.choice((given.replace("-", ""), given.replace("-", " "), given))
    return given


def write_name(p: Person, style: str, rng: random.Random) -> Written | None:
    given = _casual(p.first, rng)
    if style in ("lower", "full"):
        text = f"{given} {p.last}"
        if style == "lower" or rng.random() < 0.8:
            return Written(text.lower(), "lower", p.first, p.last)
        return Written(text, "full", p.first, p.last)
    if style == "surname_first":
        text = f"{p.last} {p.middle} {given}" if p.middle and rng.random() < 0.7 else f"{p.last} {given}"
        form = "multi_part" if p.middle and p.middle in text.split() else "full"
        return Written(text.lower(), form, p.first, p.last)
    if style == "typo":
        target = p.last if len(p.last) >= 4 else p.first
        slip = typo(target, rng)
        if slip == target:
            return None
        text = f"{given} {p.last}".replace(target, slip, 1)
        return Written(text.lower(), "typo", p.first, p.last)
    if style in ("nick_full", "nickname"):
        nicks = NICKNAMES.get(p.first, ())
        if not nicks:
            return None
        nick = rng.choice(nicks)
        if style == "nickname":
            return Written(nick.lower(), "nickname")
        return Written(f"{nick} {p.last}".lower(), "nick_full", nick, p.last)
    if style == "first_initial":
        return Written(
            f"{p.last} {p.first[0]}".lower() if rng.random() < 0.7 else f"{p.last} {p.first[0]}",
            "first_initial",
        )
    if style == "first_only":
        return Written(given.lower(), "first_only")
    if style == "last_only":
        return Written(p.last.lower(), "last_only")
    raise ValueError(style)


def dob(d: date, rng: random.Random) -> list[Part]:
    return [
        Piece(
            rng.choice(
                (
                    f"{d.month}/{d.day}/{d.year % 100:02d}",
                    f"{d.month:02d}{d.day:02d}{d.year}",
                    f"{d.month} {d.day} {d.year % 100:02d}",
                    f"{d.month}/{d.day}",
                    f"{d.month}/{d.day}/{d.year}",
                )
            ),
            "DOB",
        )
    ]


def ssn(s: str, rng: random.Random) -> list[Part]:
    return [Piece(rng.choice((s, f"{s[:3]} {s[3:5]} {s[5:]}", s)), "SSN")]


def ssn4(s: str, rng: random.Random) -> list[Part]:
    return [Piece(s[5:], "SSN")]


def phone(rng: random.Random) -> list[Part]:
    r = rng.random()
    if r < 0.08:
        return [Piece(f"+84 9{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}", "PHONE")]
    if r < 0.14:
        return [Piece(f"+82 10-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}", "PHONE")]
    area = rng.choice(("651", "612", "713", "281", "559", "714", "718", "206"))
    mid, end = rng.randint(200, 999), f"{rng.randint(0, 9999):04d}"
    return [
        Piece(
            rng.choice(
                (f"{area}{mid}{end}", f"{area} {mid} {end}", f"{area}{mid}{end}", f"({area}){mid}{end}")
            ),
            "PHONE",
        )
    ]


def email(p: Person, rng: random.Random) -> list[Part]:
    f, last = ascii_fold(p.first), ascii_fold(p.last)
    local = rng.choice((f"{f}{last}{p.dob.year % 100:02d}", f"{f[0]}{last}", f"{last}.{f}", f"{f}.{last}"))
    return [
        Piece(
            f"{local}@{rng.choice(('gmail.com', 'naver.com', 'qq.com', 'icloud.com', 'yahoo.com'))}", "EMAIL"
        )
    ]


def address(rng: random.Random) -> list[Part]:
    r = rng.random()
    city, state, zip3 = rng.choice(CITIES)
    zipc = f"{zip3}{rng.randint(1, 99):02d}"
    if r < 0.05:
        return [Piece(f"po box {rng.randint(10, 9999)} {city} {state} {zipc}", "ADDRESS")]
    if r < 0.09:
        return [
            Piece(
                rng.choice(
                    (
                        f"{rng.randint(1, 300)} teheran-ro gangnam-gu seoul",
                        f"so {rng.randint(1, 200)} ly thuong kiet hoan kiem ha noi",
                    )
                ),
                "ADDRESS",
            )
        ]
    text = f"{rng.randint(100, 19999)}"
    if rng.random() < 0.3:
        text += f" {rng.choice('nsew')}"
    text += f" {rng.choice(STREETS)} {rng.choice(TYPES)}"
    if rng.random() < 0.15:
        text += f" {rng.choice(('ne', 'sw', 'nw'))}"
    if rng.random() < 0.4:
        text += rng.choice(
            (f" apt {rng.randint(1, 40)}", f" #{rng.randint(1, 300)}", f" unit {rng.choice('abcd')}")
        )
    if rng.random() < 0.5:
        text += f" {city}" + (f" {state} {zipc}" if rng.random() < 0.5 else "")
    return [Piece(text, "ADDRESS")]


def hiv(rng: random.Random) -> list[Part]:
    return rng.choice(
        (
            ["is ", Piece("hiv+", "HIV")],
            ["is ", Piece("poz", "HIV")],
            ["on ", Piece("art", "HIV"), " now"],
            ["", Piece("vl undetectable", "HIV")],
            ["is ", Piece("undetectable", "HIV"), " per clinic"],
            ["", Piece(f"cd4 {rng.randint(50, 700)}", "HIV"), " last time"],
            ["on ", Piece("biktarvy", "HIV")],
            ["got ", Piece("aids dx", "HIV"), " yrs ago"],
            ["", Piece("hiv positive", "HIV")],
        )
    )


def _staff_first(rng: random.Random) -> str:
    return rng.choice(STAFF).split()[0].lower()


FILLERS = {
    "staff": _staff_first,
    "staff2": _staff_first,
    "staff_full": lambda rng: rng.choice(STAFF).lower(),
    "mention": slack_user_id,
    "day": lambda rng: rng.choice(("mon", "tue", "wed", "thu", "fri", "tmr", "today")),
    "time": lambda rng: rng.choice(("2", "230", "10", "4ish")),
    "agency": lambda rng: rng.choice(
        ("hmong american partnership", "boat people sos", "the food shelf", "ywca")
    ),
    "hotline": lambda rng: rng.choice(("6515550155", "211")),
    "n": lambda rng: str(rng.randint(2, 9)),
}

TEMPLATES = (
    "saw {name} at the library {pr} said new # is {phone}",
    "{name} dob {dob} can someone check hmis",
    "{name} moved to {addr}",
    "{name} {hiv} dont put that in the referral",
    "call {name} at {phone} after {time}",
    "{name} email is {email}",
    "{name} ssn {ssn} for the app",
    "{name} last 4 {ssn4}",
    "{full} came in {first} says {pr} lost {pos} id again",
    "{full} here for {staff} {first} can wait",
    "talked to {last} {pr} ok w the unit",
    "{last} didnt show again",
    "{hon} {last} called twice",
    "{name} and {name2} both at the shelter rn",
    "{nick} stopped by",
    "{nick} needs a ride {day}",
    "u have the roi for {name}",
    "{name} in hospital {pr} {hiv} so dont share w the landlord",
    "{name} new place {addr} finally",
    "{name} staying at {addr} w {pos} sister",
    "{name} {dob} {phone}",
    "{name} {phone} {email}",
    "pls text {name} {phone}",
    "{name} got the voucher",
    "{first} back at drop in",
    "{first} asked for u",
    "{name} at {addr} lmk if u go",
    "{name} dob {dob} ssn {ssn}",
    "{name} cant do {day} {pr} works",
    "{name} lost {pos} phone again use {phone}",
    "{staff} has {name} now",
    "{mention} {name} is here",
    "{name} did the intake with {staff}",
    "{name} wants june move in",
    "do {name} and {name2} know each other",
    "{name} ok",
)
NEW_PERSON_TEMPLATES = (
    "new person {name} not in hmis {pr} sleeps at {addr}",
    "met {name} today dob {dob} no id",
    "{full} first time here {first} has a phone {phone}",
    "walk in {name} {phone}",
)
NO_PII_TEMPLATES = (
    "june numbers due {day}",
    "do it tmr",
    "he said ok",
    "oh ok",
    "her phone died",
    "long day",
    "sun is out finally",
    "van keys pls",
    "who got the van keys",
    "hope house full again",
    "psh list updated",
    "rrh meeting moved to {time}",
    "ami is 30 for that unit",
    "{staff} off {day} {staff2} has intake",
    "{mention} can u do it",
    "hotline is {hotline}",
    "summer hours start {day}",
    "joy of the front desk printer lol",
    "song at the potluck was great",
    "grant application done",
    "will follow up w the landlord",
    "foster care mtg at {time}",
)

FAMILY = Family(
    key="c",
    voice="texting",
    new_name=new_name,
    nicknames=NICKNAMES,
    staff=STAFF,
    name_styles={
        "lower": 32,
        "full": 6,
        "surname_first": 14,
        "typo": 9,
        "nick_full": 7,
        "nickname": 5,
        "first_initial": 6,
        "first_only": 12,
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
    race_weights={"Asian": 9, "White": 1},
    obfuscate_rate=0.05,
    obfuscate_kinds=("zw", "fullwidth"),
    honorifics=("ms", "mr"),
)
