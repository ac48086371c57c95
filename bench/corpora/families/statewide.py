"""Statewide roster: does the client ID stay right when 100,000 people share a few thousand names?

A statewide HMIS holds dozens of Maria Garcias and James Smiths. Given and family names are drawn
from Zipf-like frequency lists (a rank's weight is 1 / (rank + Q) ** S) within origin groups, so
common pairs repeat the way they do in real rosters. Each message names one client in full; half
carry a disambiguator in the same message (a DOB, an age "(34)", "ssn ending 1234") that picks out
exactly one of the namesakes, half carry none. Gold ``client_id`` is the person meant; the message's
``statewide`` field says how many roster people share the name and which disambiguator was given,
so ``expected_id`` can say what a correct redactor gives: the ID when the name is unique or
disambiguated, and no ID at all for a repeated name without one (any single ID would be a guess
that files one person's PII under another's record).

Ages are relative to ``today``, given by the caller, because the redactor computes ages on the
day it runs; everything else depends on the seed alone.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from . import family_a, family_b, family_c, family_d, family_e
from ._common import Person, Piece, fold, pool, random_ssn, render, write_roster

S, Q = 1.0, 3.0
TAIL_FIRST, TAIL_LAST = 0.25, 0.35  # shares drawn uniformly from the long tail of rarer names
GROUPS: dict[str, tuple[float, list[str], list[str], list[str]]] = {
    # name: (share, women's given names, men's given names, surnames), each most frequent first
    "anglo": (
        0.55,
        pool("""
        Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
        Sandra Margaret
        Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Dorothy Rebecca
        Sharon Laura
        Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen
        Debra Rachel Carolyn Janet Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia
        Lauren Kelly
        Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara
        Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber Denise Danielle
        Marilyn Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Latoya Keisha Tamika
        Shanice Aaliyah Ebony Imani Jasmine Tiana
        """),
        pool("""
        James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
        Matthew Anthony
        Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward
        Jeffrey Ryan
        Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander
        Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Henry Douglas Peter Adam Nathan Zachary
        Walter Kyle
        Harold Carl Jeremy Keith Roger Gerald Ethan Arthur Terry Christian Sean Lawrence Austin Joe Noah Jesse
        Albert Bryan Billy Bruce Willie Jordan Dylan Alan Ralph Gabriel Roy Wayne Eugene Logan Randy Louis
        Russell Vincent Philip Bobby Johnny Bradley DeShawn Tyrone Jamal Darnell Marquis Terrell Andre Lamar
        Reginald Cedric
        """),
        pool("""
        Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee
        Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker
        Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris
        Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson
        Wood Watson
        Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell
        Sullivan Butler Barnes Fisher Henderson Coleman Simmons Patterson Jordan Reynolds Hamilton Graham
        Wallace Woods Cole West Owens Marshall Washington Jefferson Freeman Wells Webb Simpson Stevens Tucker
        Porter Hunter Hicks Crawford Henry Boyd Mason Kennedy Warren Dixon Burns Gordon Shaw Holmes Rice Hunt
        Black Daniels Palmer Mills Grant Knight Ferguson Stone Hawkins Dunn Perkins Hudson Spencer Gardner
        Stephens Payne Pierce Berry Matthews Arnold Wagner Willis Ray Watkins Olson Carroll Duncan Snyder Hart
        Cunningham Bradley Lane Andrews Ruiz Harper Fox Riley Armstrong Carpenter Weaver Greene
        Lawrence Elliott
        """),
    ),
    "hispanic": (
        0.28,
        pool("""
        Maria Guadalupe Rosa Ana Juana Carmen Veronica Martha Leticia Adriana Alejandra Gabriela
        Yolanda Claudia
        Silvia Margarita Norma Lucia Alicia Maribel Angelica Monica Blanca Irma Josefina Araceli Esperanza
        Graciela Marisol Luz Lorena Beatriz Elena Sofia Daniela Mariana Paola Ximena Valeria Camila
        """),
        pool("""
        Jose Juan Luis Carlos Jesus Miguel Antonio Francisco Jorge Manuel Pedro Alejandro Ricardo Roberto
        Fernando Eduardo Javier Rafael Mario Raul Sergio Hector Oscar Angel Victor Arturo Ramon
        Enrique Alberto
        Ruben Armando Julio Alfredo Gerardo Ernesto Salvador Guillermo Felipe Rodolfo Santiago Mateo Diego
        """),
        pool("""
        Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores
        Rivera Gomez Diaz
        Reyes Morales Cruz Ortiz Gutierrez Chavez Ramos Alvarez Mendoza Castillo Jimenez Moreno Romero
        Herrera Medina Aguilar Vargas Castro Guzman Fernandez Juarez Mendez Munoz Salazar Garza Soto Vasquez
        Alvarado Delgado Pena Contreras Sandoval Guerrero Rios Estrada Ortega Nunez Maldonado Dominguez Vega
        Espinoza Rojas Marquez Padilla Mejia Acosta Campos Cabrera Fuentes Cervantes Luna Molina Navarro Avila
        Trujillo Santos Silva Rosales Carrillo Ibarra Valdez Velasquez Lara Zamora
        """),
    ),
    "asian": (
        0.08,
        pool("Linh Anh Thao Hoa Lan Mai Jing Mei Hui Min Ji-yeon Yer Mai-Nou Kim Ngoc"),
        pool("Minh Thanh Hung Tuan Duc Wei Ming Jun Li Hao Sung Hyun Tou Kou Pao"),
        pool(
            "Nguyen Tran Le Pham Kim Park Chen Wang Li Zhang Liu Huang Wong Yang Vang Xiong Choi Jung "
            "Hoang Vu Lor Thao Moua Her"
        ),
    ),
    "native": (
        0.04,
        pool("Mary Sarah Ashley Crystal Shawna Nizhoni Marie Jolene Darlene Loretta"),
        pool("Michael Tyler Jonathan Derrick Shawn Wilson Lorenzo Ahiga Raymond Leroy"),
        pool(
            "Begay Yazzie Tsosie Benally Nez Tso Chee Joe Harvey Jim John Charley Etsitty Largo Lente "
            "Runningwater Whitehorse Tohee Brokenleg"
        ),
    ),
    "african": (
        0.05,
        pool("Fatima Amina Halima Hodan Sahra Asha Ayan Khadija Mariam Hawa"),
        pool("Mohamed Ahmed Abdi Hassan Ali Omar Abdullahi Ibrahim Yusuf Mohamud"),
        pool("Mohamed Ahmed Ali Hassan Abdi Omar Farah Warsame Jama Hussein Osman Yusuf Adan Nur"),
    ),
}
TEMPLATES = (
    "Can someone check whether {name}{dis} is still on the BNL?",
    "{name}{dis} showed up at the north shelter last night.",
    "Transfer request from the county team for {name}{dis}.",
    "{name}{dis} was matched to a PSH unit this week.",
    "Outreach saw {name}{dis} near the transit center.",
    "Please pull the VI-SPDAT for {name}{dis} before Thursday.",
    "{name}{dis} missed the lease signing, rescheduling.",
    "Is anyone working with {name}{dis}? Came in asking for a caseworker.",
    "Updating HMIS for {name}{dis}: exited to permanent housing.",
    "{name}{dis} needs a new ROI for the hospital.",
)


_FAMILIES = (family_a, family_b, family_c, family_d, family_e)
# The long tail: every family's names, so that most people, as in a real roster, have no namesake.
TAIL_WOMEN = sorted({n for m in _FAMILIES for n in m.FEMALE})
TAIL_MEN = sorted({n for m in _FAMILIES for n in m.MALE})
TAIL_SURNAMES = sorted({n for m in _FAMILIES for n in m.SURNAMES})


def _weights(n: int) -> list[float]:
    return [1.0 / (r + Q) ** S for r in range(1, n + 1)]


def _age(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def build_roster(n: int, rng: random.Random) -> list[Person]:
    names = list(GROUPS)
    shares = [GROUPS[g][0] for g in names]
    cache = {g: (_weights(len(f)), _weights(len(m)), _weights(len(s))) for g, (_, f, m, s) in GROUPS.items()}
    ids = rng.sample(range(100000, 999999), n)
    people = []
    for k in range(n):
        g = rng.choices(names, shares)[0]
        _, women, men, surnames = GROUPS[g]
        wf, wm, ws = cache[g]
        gender = rng.choice("FM")
        if rng.random() < TAIL_FIRST:
            first = rng.choice(TAIL_WOMEN if gender == "F" else TAIL_MEN)
        else:
            first = rng.choices(women, wf)[0] if gender == "F" else rng.choices(men, wm)[0]
        last = rng.choice(TAIL_SURNAMES) if rng.random() < TAIL_LAST else rng.choices(surnames, ws)[0]
        middle = (
            rng.choices(women if gender == "F" else men, wf if gender == "F" else wm)[0]
            if (rng.random() < 0.2)
            else ""
        )
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 66))
        ssn = random_ssn(rng)
        people.append(
            Person(
                str(ids[k]),
                first,
                middle if middle != first else "",
                last,
                gender,
                dob,
                ssn if rng.random() < 0.8 else "",
            )
        )
    return people


def _disambiguator(p: Person, twins: list[Person], today: date, rng: random.Random) -> list[str]:
    """The kinds of disambiguator that single ``p`` out among its namesakes (ages within a year count as
    the same: a redactor may not know whether the birthday has passed)."""
    others = [t for t in twins if t is not p]
    kinds = []
    if all(t.dob != p.dob for t in others):
        kinds.append("dob")
    if all(abs(_age(t.dob, today) - _age(p.dob, today)) > 1 for t in others):
        kinds.append("age")
    if p.ssn and all(t.ssn[5:] != p.ssn[5:] for t in others):
        kinds.append("ssn4")
    rng.shuffle(kinds)
    return kinds


def generate(
    *, seed: int, today: date, n_clients: int = 100_000, n_messages: int = 2_000
) -> tuple[list[Person], list[dict[str, object]]]:
    rng = random.Random(f"casebot-statewide-{seed}")
    people = build_roster(n_clients, rng)
    groups: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for p in people:
        groups[(fold(p.first), fold(p.last))].append(p)
    repeated = [p for g in groups.values() if len(g) > 1 for p in g]
    unique = [p for g in groups.values() if len(g) == 1 for p in g]
    messages: list[dict[str, object]] = []
    for i in range(n_messages):
        with_dis = i % 2 == 0
        while True:
            p = rng.choice(repeated if rng.random() < (0.7 if with_dis else 0.5) else unique)
            twins = groups[(fold(p.first), fold(p.last))]
            kinds = _disambiguator(p, twins, today, rng) if with_dis else [None]
            if kinds:
                break
        kind = kinds[0]
        name = f"{p.first} {p.last}"
        d = p.dob
        if kind == "dob":
            dis = rng.choice(
                (
                    [" (DOB ", Piece(f"{d.month}/{d.day}/{d.year}", "DOB"), ")"],
                    [", born ", Piece(d.isoformat(), "DOB"), ","],
                    [" (dob ", Piece(f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}", "DOB"), ")"],
                )
            )
        elif kind == "age":
            age = str(_age(d, today))
            dis = rng.choice(([" (", Piece(age, "DOB"), ")"], [", age ", Piece(age, "DOB"), ","]))
        elif kind == "ssn4":
            dis = rng.choice(
                ([", ssn ending ", Piece(p.ssn[5:], "SSN"), ","], [" (last 4 ", Piece(p.ssn[5:], "SSN"), ")"])
            )
        else:
            dis = []
        template = rng.choice(TEMPLATES)
        if dis and dis[-1] == "," and template.split("{dis}")[1][:1] in ".?:":
            dis = dis[:-1]
        slots = {
            "name": [Piece(name, "NAME", p.personal_id, "full")],
            "dis": [replace(x, client_id=p.personal_id) if isinstance(x, Piece) else x for x in dis],
        }
        text, spans = render(template, slots)
        messages.append(
            {
                "id": f"sw-{i:04d}",
                "text": text,
                "spans": spans,
                "voice": "statewide",
                "statewide": {
                    "meant": p.personal_id,
                    "namesakes": len(groups[(fold(p.first), fold(p.last))]),
                    "disambiguator": kind,
                },
            }
        )
    return people, messages


def expected_id(message: dict[str, object]) -> str | None:
    """What a correct redactor says: the ID when the name is unique or disambiguated, else none."""
    meta = message["statewide"]
    assert isinstance(meta, dict)
    if meta["disambiguator"] or meta["namesakes"] == 1:
        return str(meta["meant"])
    return None


def write_statewide(
    out_dir: Path, *, seed: int, today: date, n_clients: int = 100_000, n_messages: int = 2_000
) -> Path:
    """Write ``out_dir/statewide/{Client.csv, messages.jsonl}`` and return the folder."""
    people, messages = generate(seed=seed, today=today, n_clients=n_clients, n_messages=n_messages)
    folder = out_dir / "statewide"
    folder.mkdir(parents=True, exist_ok=True)
    write_roster(
        folder / "Client.csv",
        people,
        rng=random.Random(f"casebot-statewide-roster-{seed}"),
        race_weights={"White": 5, "BlackAfAmerican": 3, "HispanicLatinaeo": 3, "Asian": 1},
    )
    with (folder / "messages.jsonl").open("w", encoding="utf-8") as fh:
        for m in messages:
            fh.write(json.dumps(m, ensure_ascii=True) + "\n")
    return folder
