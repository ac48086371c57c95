"""Synthetic by-name lists in HUD HMIS CSV FY2024 / FY2026 form.

For the demo, the benchmarks and the tests: realistic enough to exercise the
importer (names from many origins, diacritics, hyphens, missing SSNs, partial
DOBs), and entirely made up. Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

FIRST_NAMES = (
    "Amina Hodan Abdi Farhan Ayaan Mohamed Pa Ka Nou Tou Xee Mai Htoo Eh Paw Naw Say Lah "
    "Nguyen Linh Minh Thao Anh Duc Hoang Bao Ahiga Nizhoni Doli Kai Yas Shilah Tayanita "
    "Guadalupe José María Jesús Luz Alejandro Ximena Santiago Itzel Robert Elizabeth William "
    "Katherine Margaret James Patricia Michael Jennifer Deshawn Latoya Tyrone Keisha Marcus "
    "Shanice Aaliyah Brandon Destiny Renée Zoë Chloé André"
).split()
LAST_NAMES = (
    "Warsame Farah Abdullahi Hassan Ali Omar Vang Xiong Lee Thao Yang Moua Htoo Paw Moo Soe "
    "Nguyen Tran Le Pham Hoang Begay Yazzie Tsosie Benally Etsitty García Hernández López "
    "Martínez González Rodríguez Pérez Smith Johnson Williams Brown Jones Miller Davis Wilson "
    "Anderson Taylor Thomas Jackson White Harris Martin Thompson Robinson Walker O'Neil "
    "Smith-Jones Washington Jefferson Okafor Adeyemi"
).split()

FY2024_HEADER = (
    "PersonalID,FirstName,MiddleName,LastName,NameSuffix,NameDataQuality,SSN,SSNDataQuality,DOB,"
    "DOBDataQuality,AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinaeo,MidEastNAfrican,NativeHIPacific,"
    "White,RaceNone,AdditionalRaceEthnicity,Woman,Man,NonBinary,CulturallySpecific,Transgender,Questioning,"
    "DifferentIdentity,GenderNone,DifferentIdentityText,VeteranStatus,YearEnteredService,YearSeparated,"
    "WorldWarII,KoreanWar,VietnamWar,DesertStorm,AfghanistanOEF,IraqOIF,IraqOND,OtherTheater,MilitaryBranch,"
    "DischargeStatus,DateCreated,DateUpdated,UserID,DateDeleted,ExportID"
).split(",")
FY2026_HEADER = [
    c
    for c in FY2024_HEADER
    if c
    not in {
        "Woman",
        "Man",
        "NonBinary",
        "CulturallySpecific",
        "Transgender",
        "Questioning",
        "DifferentIdentity",
        "GenderNone",
        "DifferentIdentityText",
    }
]
FY2026_HEADER.insert(FY2026_HEADER.index("DOBDataQuality") + 1, "Sex")
FY2026_HEADER[FY2026_HEADER.index("HispanicLatinaeo")] = "HispanicLatinao"


@dataclass(frozen=True, slots=True, repr=False)
class SyntheticClient:
    personal_id: str
    first_name: str
    middle_name: str
    last_name: str
    ssn: str
    dob: date | None
    date_updated: datetime


def clients(n: int, *, seed: int = 7, first_id: int = 100000) -> Iterator[SyntheticClient]:
    rng = random.Random(seed)
    updated = datetime(2026, 6, 1, 9, 0, 0)
    for i in range(n):
        has_ssn = rng.random() > 0.15
        yield SyntheticClient(
            personal_id=str(first_id + i),
            first_name=rng.choice(FIRST_NAMES),
            middle_name=rng.choice(FIRST_NAMES) if rng.random() < 0.3 else "",
            last_name=rng.choice(LAST_NAMES),
            ssn=f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
            if has_ssn
            else "",
            dob=date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 66)) if rng.random() > 0.05 else None,
            date_updated=updated,
        )


def row(client: SyntheticClient, *, layout: str = "FY2024") -> dict[str, str]:
    values = dict.fromkeys(FY2024_HEADER if layout == "FY2024" else FY2026_HEADER, "")
    values.update(
        PersonalID=client.personal_id,
        FirstName=client.first_name,
        MiddleName=client.middle_name,
        LastName=client.last_name,
        NameDataQuality="1",
        SSN=client.ssn,
        SSNDataQuality="1" if client.ssn else "99",
        DOB=client.dob.isoformat() if client.dob else "",
        DOBDataQuality="1" if client.dob else "99",
        VeteranStatus="0",
        DateCreated="2024-03-01 09:00:00",
        DateUpdated=client.date_updated.strftime("%Y-%m-%d %H:%M:%S"),
        UserID="U1",
        ExportID="EXP1",
    )
    for flag in ("AmIndAKNative", "Asian", "BlackAfAmerican", "MidEastNAfrican", "NativeHIPacific", "White"):
        values[flag] = "0"
    values["HispanicLatinaeo" if layout == "FY2024" else "HispanicLatinao"] = "0"
    if layout == "FY2024":
        values.update(
            Woman="0",
            Man="1",
            NonBinary="0",
            CulturallySpecific="0",
            Transgender="0",
            Questioning="0",
            DifferentIdentity="0",
        )
    else:
        values["Sex"] = "1"
    return values


def write_client_csv(
    out: TextIO | Path, people: Iterator[SyntheticClient] | list[SyntheticClient], *, layout: str = "FY2024"
) -> None:
    if isinstance(out, Path):
        with out.open("w", newline="", encoding="utf-8") as fh:
            write_client_csv(fh, people, layout=layout)
        return
    writer = csv.DictWriter(
        out, fieldnames=FY2024_HEADER if layout == "FY2024" else FY2026_HEADER, lineterminator="\r\n"
    )
    writer.writeheader()
    for person in people:
        writer.writerow(row(person, layout=layout))
