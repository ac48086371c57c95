"""What a column holds, from its header: "DOB" makes every cell under it a date of birth.

A by-name list's cells are bare values ("Renée", "11/27/1983") that the
redactor, reading them alone, cannot always tell apart from a program name or
an entry date; the header can. Headers are compared squeezed (lower case,
letters and digits only), so "First Name", "first_name" and HUD HMIS CSV's
``FirstName`` are one header. HMIS data-quality columns (``SSNDataQuality``)
hold codes, not PII.
"""

from __future__ import annotations

import re
from enum import StrEnum

from redaction import PiiType


class Column(StrEnum):
    FULL_NAME = "full_name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    LAST_NAME = "last_name"
    DOB = "dob"
    SSN = "ssn"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    CLIENT_ID = "client_id"  # PersonalID: what casebot shows instead of a name, kept in the copy
    OTHER = "other"

    @property
    def is_name(self) -> bool:
        return self in NAMES

    @property
    def pii_type(self) -> PiiType | None:
        return _TYPES.get(self)


NAMES = frozenset({Column.FULL_NAME, Column.FIRST_NAME, Column.MIDDLE_NAME, Column.LAST_NAME})
_TYPES = {
    Column.FULL_NAME: PiiType.NAME,
    Column.FIRST_NAME: PiiType.NAME,
    Column.MIDDLE_NAME: PiiType.NAME,
    Column.LAST_NAME: PiiType.NAME,
    Column.DOB: PiiType.DOB,
    Column.SSN: PiiType.SSN,
    Column.PHONE: PiiType.PHONE,
    Column.EMAIL: PiiType.EMAIL,
    Column.ADDRESS: PiiType.ADDRESS,
}

_EXACT = {
    Column.FULL_NAME: {
        "name",
        "fullname",
        "clientname",
        "client",
        "participant",
        "participantname",
        "personname",
        "headofhousehold",
        "hoh",
        "hohname",
        "legalname",
        "namesuffix",
        "suffix",
        "alias",
        "aka",
    },
    Column.FIRST_NAME: {"firstname", "first", "fname", "givenname", "forename", "preferredname", "nickname"},
    Column.MIDDLE_NAME: {"middlename", "middle", "mname", "middleinitial", "mi"},
    Column.LAST_NAME: {"lastname", "last", "lname", "surname", "familyname", "maidenname"},
    Column.DOB: {"dob", "dateofbirth", "birthdate", "birthday", "born", "dobdate", "birthdt"},
    Column.SSN: {"ssn", "social", "socialsecurity", "socialsecuritynumber", "socialsecurityno", "ss", "ssno"},
    Column.PHONE: {"phone", "cell", "mobile", "tel", "telephone", "contactnumber", "phonenumber"},
    Column.EMAIL: {"email", "emailaddress", "mail"},
    Column.ADDRESS: {
        "address",
        "street",
        "streetaddress",
        "addr",
        "homeaddress",
        "mailingaddress",
        "residence",
    },
    Column.CLIENT_ID: {"personalid", "clientid", "hmisid", "hmisclientid", "clientnumber", "uniqueid"},
}
_LOOKUP = {header: column for column, headers in _EXACT.items() for header in headers}
_CONTAINS = (  # headers such as "Client Phone (cell)", "Last 4 SSN", "Email of contact"
    ("dataquality", Column.OTHER),
    ("casemanager", Column.OTHER),
    ("staff", Column.OTHER),
    ("ssn", Column.SSN),
    ("dateofbirth", Column.DOB),
    ("dob", Column.DOB),
    ("phone", Column.PHONE),
    ("email", Column.EMAIL),
    ("address", Column.ADDRESS),
    ("firstname", Column.FIRST_NAME),
    ("lastname", Column.LAST_NAME),
    ("middlename", Column.MIDDLE_NAME),
    ("clientname", Column.FULL_NAME),
)
_SQUEEZE = re.compile(r"[^a-z0-9]+")


def squeeze(header: str) -> str:
    return _SQUEEZE.sub("", header.casefold())


def classify(header: str) -> Column:
    key = squeeze(header)
    if not key or len(key) > 40:
        return Column.OTHER
    if key in _LOOKUP:
        return _LOOKUP[key]
    for part, column in _CONTAINS:
        if part in key:
            return column
    return Column.OTHER


def header_row(rows: tuple[tuple[str, ...], ...], *, look: int = 10) -> int | None:
    """The first of the top rows whose headers name PII (title rows above a list are common), if any."""
    for index, row in enumerate(rows[:look]):
        if any(classify(cell).pii_type is not None for cell in row):
            return index
    return None
