"""The HUD HMIS CSV Client.csv parser: layouts, encodings, row rules, PII-free errors.

Fixtures in tests/fixtures/hmis are synthetic people written for these tests.
The real HMIS files in ../shared/hmis-csv are read in place when present.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storage.hmis_csv import (
    CONFLICT,
    REPEAT,
    REQUIRED_COLUMNS,
    ROW,
    ClientRecord,
    CsvFileError,
    Layout,
    ParsedFile,
    RowError,
    iter_client_csv,
    read_client_csv,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hmis"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "hmis-csv"
TODAY = date(2025, 1, 1)

FY2024_HEADER = [
    *("PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality"),
    *("SSN", "SSNDataQuality", "DOB", "DOBDataQuality"),
    *("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo", "MidEastNAfrican", "NativeHIPacific"),
    *("White", "RaceNone", "AdditionalRaceEthnicity"),
    *("Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender", "Questioning", "DifferentIdentity"),
    *("GenderNone", "DifferentIdentityText"),
    *("VeteranStatus", "YearEnteredService", "YearSeparated", "WorldWarII", "KoreanWar", "VietnamWar"),
    *(
        "DesertStorm",
        "AfghanistanOEF",
        "IraqOIF",
        "IraqOND",
        "OtherTheater",
        "MilitaryBranch",
        "DischargeStatus",
    ),
    *("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"),
]

VALID_ROW = {
    "PersonalID": "T-1",
    "FirstName": "Ada",
    "LastName": "Testperson",
    "NameDataQuality": "1",
    "SSN": "123456789",
    "SSNDataQuality": "1",
    "DOB": "1980-02-29",
    "DOBDataQuality": "1",
    **dict.fromkeys(("AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinaeo"), "0"),
    **dict.fromkeys(("MidEastNAfrican", "NativeHIPacific", "White"), "0"),
    **dict.fromkeys(("Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender"), "0"),
    **dict.fromkeys(("Questioning", "DifferentIdentity"), "0"),
    "VeteranStatus": "0",
    "DateCreated": "2024-01-05 09:00:00",
    "DateUpdated": "2024-01-05 09:00:00",
}


def fy2024_text(*rows: dict[str, str], header: list[str] = FY2024_HEADER) -> str:
    """A FY2024 Client.csv: each row is VALID_ROW with the given cells replaced."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="", extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for overrides in rows:
        writer.writerow({**VALID_ROW, **overrides})
    return out.getvalue()


def data_rows(*rows: dict[str, str]) -> str:
    """Like fy2024_text, without the header."""
    return fy2024_text(*rows).split("\n", 1)[1]


def parse(text: str, *, today: date = TODAY) -> list[ClientRecord | RowError]:
    return list(iter_client_csv(io.StringIO(text, newline=""), today=today))


def parse_one(**overrides: str) -> list[ClientRecord | RowError]:
    return parse(fy2024_text(overrides))


def errors_of(items: list[ClientRecord | RowError]) -> list[RowError]:
    return [i for i in items if isinstance(i, RowError)]


def records_of(items: list[ClientRecord | RowError]) -> list[ClientRecord]:
    return [i for i in items if isinstance(i, ClientRecord)]


def shared_file(name: str) -> Path:
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (the shared HMIS files are optional)")
    return path


# --- row rules --------------------------------------------------------------------------------

DQ = "1, 2, 8, 9, 99"
PARTIAL_SSN = "'x' marks a partial SSN, which needs SSNDataQuality 2 (approximate or partial)"
SSN_FORMAT = "expected 9 digits (dashes allowed, 'x' for unknown digits of a partial SSN) or blank"

ROW_RULES = [
    # rule, cells that differ from a valid row, expected (column, reason)
    ("a complete row is valid", {}, []),
    ("PersonalID is required", {"PersonalID": ""}, [("PersonalID", "required")]),
    ("PersonalID may be 32 characters", {"PersonalID": "a" * 32}, []),
    (
        "PersonalID may not be 33 characters",
        {"PersonalID": "a" * 33},
        [("PersonalID", "longer than 32 characters")],
    ),
    ("PersonalID is letters, digits, _ and -", {"PersonalID": "Az09_-"}, []),
    (
        "PersonalID has no spaces",
        {"PersonalID": "12 34"},
        [("PersonalID", "only letters, digits, '_' and '-' are allowed")],
    ),
    ("NameDataQuality 2 (partial name) is allowed", {"NameDataQuality": "2"}, []),
    ("NameDataQuality 99 is allowed", {"NameDataQuality": "99"}, []),
    (
        "NameDataQuality must be a HUD code",
        {"NameDataQuality": "999"},
        [("NameDataQuality", f"999 is not one of {DQ}")],
    ),
    (
        "NameDataQuality is required",
        {"NameDataQuality": ""},
        [("NameDataQuality", f"required; expected one of {DQ}")],
    ),
    (
        "SSNDataQuality must be a HUD code",
        {"SSNDataQuality": "3"},
        [("SSNDataQuality", f"3 is not one of {DQ}")],
    ),
    (
        "SSNDataQuality is required",
        {"SSNDataQuality": ""},
        [("SSNDataQuality", f"required; expected one of {DQ}")],
    ),
    (
        "DOBDataQuality must be a HUD code",
        {"DOBDataQuality": "0"},
        [("DOBDataQuality", f"0 is not one of {DQ}")],
    ),
    (
        "DOBDataQuality is required",
        {"DOBDataQuality": " "},
        [("DOBDataQuality", f"required; expected one of {DQ}")],
    ),
    (
        "a code that is not a number is not echoed",
        {"NameDataQuality": "full"},
        [("NameDataQuality", f"not a valid code; expected one of {DQ}")],
    ),
    (
        "a long number in a code column is not echoed",
        {"SSNDataQuality": "123456789"},
        [("SSNDataQuality", f"not a valid code; expected one of {DQ}")],
    ),
    ("codes may have surrounding blanks", {"NameDataQuality": " 2 ", "VeteranStatus": " 1"}, []),
    ("SSN may be blank", {"SSN": "", "SSNDataQuality": "99"}, []),
    ("SSN may have dashes", {"SSN": "123-45-6789"}, []),
    ("SSN must have 9 digits", {"SSN": "12345678"}, [("SSN", SSN_FORMAT)]),
    ("SSN must be digits", {"SSN": "12345678A"}, [("SSN", SSN_FORMAT)]),
    ("SSN dashes go between the 3-2-4 groups", {"SSN": "1234-5-6789"}, [("SSN", SSN_FORMAT)]),
    ("a partial SSN with x needs SSNDataQuality 2", {"SSN": "xxxxx6789", "SSNDataQuality": "2"}, []),
    ("DOB may be blank", {"DOB": "", "DOBDataQuality": "99"}, []),
    ("DOB may carry a midnight time", {"DOB": "1980-02-29 00:00:00"}, []),
    ("DOB is YYYY-MM-DD", {"DOB": "02/29/1980"}, [("DOB", "expected a date YYYY-MM-DD or blank")]),
    ("DOB is a real date", {"DOB": "1981-02-29"}, [("DOB", "not a real date")]),
    ("DOB is not before 1900", {"DOB": "1899-12-31"}, [("DOB", "before 1900")]),
    ("DOB may be 1900-01-01", {"DOB": "1900-01-01"}, []),
    ("DOB may equal the DateUpdated day", {"DOB": "2024-01-05"}, []),
    (
        "DOB is not in the future",
        {"DOB": "2025-01-02", "DateUpdated": "2025-01-01 10:00:00"},
        [("DOB", "is in the future")],
    ),
    ("race flags are 0 or 1", {"White": "2"}, [("White", "2 is not one of 0, 1")]),
    ("race flags may be blank", {"White": "", "Asian": ""}, []),
    ("RaceNone is 8, 9 or 99", {"RaceNone": "1"}, [("RaceNone", "1 is not one of 8, 9, 99")]),
    ("gender flags are 0 or 1", {"Woman": "8"}, [("Woman", "8 is not one of 0, 1")]),
    ("GenderNone is 8, 9 or 99", {"GenderNone": "0"}, [("GenderNone", "0 is not one of 8, 9, 99")]),
    (
        "VeteranStatus is 0, 1, 8, 9 or 99",
        {"VeteranStatus": "2"},
        [("VeteranStatus", "2 is not one of 0, 1, 8, 9, 99")],
    ),
    ("VeteranStatus may be blank (real exports have blanks)", {"VeteranStatus": ""}, []),
    (
        "DateUpdated is required",
        {"DateUpdated": ""},
        [("DateUpdated", "required; expected a timestamp YYYY-MM-DD HH:MM:SS")],
    ),
    ("DateUpdated may use an ISO 'T'", {"DateUpdated": "2024-01-05T09:00:00"}, []),
    ("DateUpdated may leave out seconds", {"DateUpdated": "2024-01-05 09:00"}, []),
    (
        "DateUpdated is not a US date",
        {"DateUpdated": "1/5/2024 09:00:00"},
        [("DateUpdated", "expected a timestamp YYYY-MM-DD HH:MM:SS")],
    ),
    (
        "DateUpdated needs a time",
        {"DateUpdated": "2024-01-05"},
        [("DateUpdated", "expected a timestamp YYYY-MM-DD HH:MM:SS")],
    ),
    (
        "DateUpdated is a real time",
        {"DateUpdated": "2024-01-05 25:00:00"},
        [("DateUpdated", "not a real date and time")],
    ),
    ("DateUpdated may be a day ahead (time zones)", {"DateUpdated": "2025-01-02 23:00:00"}, []),
    (
        "DateUpdated is not further in the future",
        {"DateUpdated": "2025-01-03 00:00:00"},
        [("DateUpdated", "is in the future")],
    ),
    ("DateCreated may be blank", {"DateCreated": ""}, []),
    (
        "DateCreated is a timestamp",
        {"DateCreated": "yesterday"},
        [("DateCreated", "expected a timestamp YYYY-MM-DD HH:MM:SS")],
    ),
    (
        "DateDeleted is a timestamp",
        {"DateDeleted": "2024-13-01 00:00:00"},
        [("DateDeleted", "not a real date and time")],
    ),
    (
        "columns the parser does not use are not validated",
        {"YearEnteredService": "nineteen", "UserID": "?"},
        [],
    ),
    (
        "every problem of a row is reported, in column order",
        {"NameDataQuality": "5", "SSN": "1", "DOBDataQuality": "", "DateUpdated": ""},
        [
            ("NameDataQuality", f"5 is not one of {DQ}"),
            ("SSN", SSN_FORMAT),
            ("DOBDataQuality", f"required; expected one of {DQ}"),
            ("DateUpdated", "required; expected a timestamp YYYY-MM-DD HH:MM:SS"),
        ],
    ),
]


@pytest.mark.parametrize(("rule", "cells", "expected"), ROW_RULES, ids=[r[0] for r in ROW_RULES])
def test_row_rule(rule: str, cells: dict[str, str], expected: list[tuple[str, str]]) -> None:
    items = parse_one(**cells)
    assert [(e.line, e.column, e.reason) for e in errors_of(items)] == [(2, c, r) for c, r in expected]
    # A row is either a record or errors, never both.
    assert len(records_of(items)) == (0 if expected else 1)


WARNING_RULES = [
    # rule, cells, expected warnings: the row is still a record
    (
        "a partial SSN with SSNDataQuality 1 is inconsistent",
        {"SSN": "xxxxx6789", "SSNDataQuality": "1"},
        [("SSN", PARTIAL_SSN)],
    ),
    (
        "a DOB after the record's DateUpdated is suspect",
        {"DOB": "2024-01-06"},
        [("DOB", "after the record's DateUpdated")],
    ),
    ("a consistent row has no warnings", {"SSN": "xxxxx6789", "SSNDataQuality": "2"}, []),
]


@pytest.mark.parametrize(("rule", "cells", "expected"), WARNING_RULES, ids=[r[0] for r in WARNING_RULES])
def test_inconsistencies_are_warnings_and_the_row_is_kept(
    rule: str, cells: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    """A row whose names are usable is kept: dropping it would hide the person from the redactor."""
    items = parse_one(**cells)
    assert errors_of(items) == []
    (record,) = records_of(items)
    assert [(w.line, w.column, w.reason) for w in record.warnings] == [(2, c, r) for c, r in expected]


VALUE_RULES = [
    # rule, cells, field, value
    ("SSN dashes are removed", {"SSN": "123-45-6789"}, "ssn", "123456789"),
    ("a partial SSN keeps lower-case x", {"SSN": "XXX-XX-6789", "SSNDataQuality": "2"}, "ssn", "xxxxx6789"),
    ("a blank SSN is None", {"SSN": "  "}, "ssn", None),
    ("SSN blanks around it are stripped", {"SSN": " 123456789 "}, "ssn", "123456789"),
    ("DOB is a date", {"DOB": "1980-02-29"}, "dob", date(1980, 2, 29)),
    ("DOB's midnight time is dropped", {"DOB": "1975-07-04 00:00:00"}, "dob", date(1975, 7, 4)),
    ("a blank DOB is None", {"DOB": ""}, "dob", None),
    ("names are stripped", {"FirstName": "  Ada  "}, "first_name", "Ada"),
    ("an empty name is None", {"MiddleName": ""}, "middle_name", None),
    ("a blank name is None", {"NameSuffix": "   "}, "name_suffix", None),
    ("data-quality codes are ints", {"NameDataQuality": "99"}, "name_data_quality", 99),
    ("VeteranStatus is an int", {"VeteranStatus": "1"}, "veteran_status", 1),
    ("a blank VeteranStatus is None", {"VeteranStatus": ""}, "veteran_status", None),
    (
        "DateUpdated with a T",
        {"DateUpdated": "2024-01-05T09:30:15"},
        "date_updated",
        datetime(2024, 1, 5, 9, 30, 15),
    ),
    (
        "DateUpdated without seconds",
        {"DateUpdated": "2024-01-05 09:30"},
        "date_updated",
        datetime(2024, 1, 5, 9, 30),
    ),
    ("a blank DateCreated is None", {"DateCreated": ""}, "date_created", None),
    (
        "DateDeleted is parsed",
        {"DateDeleted": "2024-02-01 10:00:00"},
        "date_deleted",
        datetime(2024, 2, 1, 10),
    ),
    (
        "a blank race flag is None",
        {"White": ""},
        "race",
        {
            **dict.fromkeys(
                (
                    "AmIndAKNative",
                    "Asian",
                    "BlackAfAmerican",
                    "HispanicLatinaeo",
                    "MidEastNAfrican",
                    "NativeHIPacific",
                ),
                0,
            ),
            "White": None,
            "RaceNone": None,
        },
    ),
    (
        "free text is kept apart",
        {"AdditionalRaceEthnicity": " Some text "},
        "additional_race_ethnicity",
        "Some text",
    ),
    ("FY2024 has no Sex", {}, "sex", None),
]


@pytest.mark.parametrize(
    ("rule", "cells", "attribute", "value"), VALUE_RULES, ids=[r[0] for r in VALUE_RULES]
)
def test_value_rule(rule: str, cells: dict[str, str], attribute: str, value: object) -> None:
    [record] = parse_one(**cells)
    assert isinstance(record, ClientRecord), record
    assert getattr(record, attribute) == value


def test_row_error_reads_as_line_column_reason() -> None:
    assert str(RowError(12, "SSN", "expected 9 digits")) == "line 12, column SSN: expected 9 digits"
    assert str(RowError(7, ROW, "expected 46 fields, found 47")) == "line 7: expected 46 fields, found 47"


# --- layouts ----------------------------------------------------------------------------------


def test_fy2024_fixture_parses_with_gender_and_hispaniclatinaeo() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_valid.csv", today=TODAY)
    assert parsed.errors == []
    assert parsed.layout is Layout.FY2024
    assert [(r.line, r.personal_id) for r in parsed.records] == [
        (2, "T-1001"),
        (3, "T_1002"),
        (4, "1003"),
        (5, "abcdef0123456789abcdef0123456789"),
    ]
    ada, bo, cy, dee = parsed.records
    assert (ada.first_name, ada.middle_name, ada.last_name, ada.name_suffix) == (
        "Ada",
        "Quinn",
        "Testperson",
        "Jr.",
    )
    assert (ada.ssn, ada.dob, ada.date_updated) == (
        "123456789",
        date(1980, 2, 29),
        datetime(2024, 1, 5, 9, 30),
    )
    assert ada.race["White"] == 1 and ada.gender["Woman"] == 1 and ada.sex is None
    assert "HispanicLatinaeo" in ada.race and "HispanicLatinao" not in ada.race
    assert (bo.ssn, bo.ssn_data_quality, bo.dob, bo.name_data_quality) == (
        "xxxxx6789",
        2,
        date(1975, 7, 4),
        2,
    )
    assert (bo.race["HispanicLatinaeo"], bo.gender["Man"], bo.gender["Transgender"], bo.veteran_status) == (
        1,
        1,
        1,
        1,
    )
    assert cy.last_name == "Placeholder, Sr"  # a quoted comma stays in the field
    assert (cy.ssn, cy.dob, cy.race["RaceNone"], cy.gender["GenderNone"], cy.veteran_status) == (
        None,
        None,
        9,
        99,
        None,
    )
    assert set(cy.race.values()) == {None, 9}
    assert (cy.date_created, cy.date_deleted) == (None, datetime(2024, 3, 1, 11))
    assert (cy.additional_race_ethnicity, cy.different_identity_text) == (
        "Made-up free text",
        "Made-up identity text",
    )
    assert (dee.first_name, dee.ssn, dee.ssn_data_quality) == ("Dee", "987654321", 1)


def test_fy2026_fixture_parses_with_sex_and_hispaniclatinao() -> None:
    parsed = read_client_csv(FIXTURES / "fy2026_valid.csv", today=TODAY)
    assert parsed.errors == []
    assert parsed.layout is Layout.FY2026
    assert [(r.personal_id, r.sex) for r in parsed.records] == [("N-2001", 0), ("N-2002", 1), ("N-2003", 99)]
    eve = parsed.records[0]
    assert eve.gender == {} and eve.different_identity_text is None
    assert list(eve.race) == [
        "AmIndAKNative",
        "Asian",
        "BlackAfAmerican",
        "HispanicLatinao",
        "MidEastNAfrican",
        "NativeHIPacific",
        "White",
        "RaceNone",
    ]
    assert eve.race["HispanicLatinao"] == 1
    assert parsed.records[2].race["RaceNone"] == 8


def test_fy2026_sex_must_be_a_hud_code() -> None:
    eve = "N-2001,Eve,,Newlayout,,1,234567890,1,1990-05-06,1,"  # ... DOBDataQuality, then Sex
    text = (FIXTURES / "fy2026_valid.csv").read_text().replace(eve + "0", eve + "2")
    [error, *_] = parse(text)
    assert error == RowError(2, "Sex", "2 is not one of 0, 1, 8, 9, 99")


def test_header_matching_ignores_case_and_surrounding_blanks() -> None:
    header = [f"  {name.upper()} " if i % 2 else name.lower() for i, name in enumerate(FY2024_HEADER)]
    [record] = parse(
        fy2024_text({}, header=FY2024_HEADER).replace(",".join(FY2024_HEADER), ",".join(header), 1)
    )
    assert isinstance(record, ClientRecord)
    assert (record.personal_id, record.last_name, record.race["White"]) == ("T-1", "Testperson", 0)


def test_a_missing_optional_column_gives_none_and_is_listed() -> None:
    header = [c for c in FY2024_HEADER if c not in ("VeteranStatus", "MiddleName", "Woman")]
    with iter_client_csv(io.StringIO(fy2024_text({}, header=header)), today=TODAY) as reader:
        assert reader.missing_columns == ("MiddleName", "VeteranStatus", "Woman")
        [record] = reader
    assert isinstance(record, ClientRecord)
    assert (record.veteran_status, record.middle_name, record.gender["Woman"]) == (None, None, None)


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_a_missing_required_column_is_a_file_error_naming_it(column: str) -> None:
    header = [c for c in FY2024_HEADER if c != column]
    with pytest.raises(CsvFileError, match=rf"missing required column {column} \(FY2024 layout\)"):
        iter_client_csv(io.StringIO(fy2024_text({}, header=header)))


def test_the_missing_column_fixture_names_ssn() -> None:
    with pytest.raises(CsvFileError) as exc:
        read_client_csv(FIXTURES / "fy2024_missing_ssn_column.csv")
    assert str(exc.value) == "line 1: missing required column SSN (FY2024 layout)"


def test_an_unknown_layout_is_a_file_error() -> None:
    with pytest.raises(CsvFileError, match=r"unknown Client\.csv layout"):
        read_client_csv(FIXTURES / "unknown_layout.csv")


def test_a_header_mixing_fy2024_and_fy2026_is_a_file_error() -> None:
    header = [*FY2024_HEADER, "Sex"]
    with pytest.raises(CsvFileError, match=r"mixes FY2024 columns .* with FY2026 columns \(Sex\)"):
        iter_client_csv(io.StringIO(fy2024_text({}, header=header)))


def test_a_repeated_column_is_a_file_error() -> None:
    text = fy2024_text().replace("ExportID", "ssn", 1)
    with pytest.raises(CsvFileError, match="column SSN appears more than once"):
        iter_client_csv(io.StringIO(text))


@pytest.mark.parametrize("content", [b"", b"\n", b"\xef\xbb\xbf", b" , ,\r\n"])
def test_an_empty_file_is_a_file_error(content: bytes) -> None:
    with pytest.raises(CsvFileError, match=r"expected a Client\.csv header line"):
        iter_client_csv(io.BytesIO(content))


def test_a_header_alone_gives_no_rows() -> None:
    reader = iter_client_csv(io.StringIO(fy2024_text()))
    assert reader.layout is Layout.FY2024
    assert list(reader) == []


# --- encodings, line ends, quoting ------------------------------------------------------------


def test_bom_fixture_parses_like_the_plain_file() -> None:
    raw = (FIXTURES / "fy2024_bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the fixture must keep its BOM (see .gitattributes)"
    with_bom = read_client_csv(FIXTURES / "fy2024_bom.csv", today=TODAY)
    plain = read_client_csv(FIXTURES / "fy2024_valid.csv", today=TODAY)
    assert with_bom.errors == []
    assert with_bom.records == plain.records[:2]


def test_a_bom_read_through_a_text_stream_is_ignored_too() -> None:
    with (FIXTURES / "fy2024_bom.csv").open(encoding="utf-8", newline="") as stream:
        parsed = read_client_csv(stream, today=TODAY)
    assert [r.personal_id for r in parsed.records] == ["T-1001", "T_1002"]


def test_crlf_fixture_parses_and_counts_physical_lines() -> None:
    raw = (FIXTURES / "fy2024_crlf.csv").read_bytes()
    # The fixture must keep its CRLF line ends (see .gitattributes).
    assert raw.count(b"\r\n") == 5 and b"\n" not in raw.replace(b"\r\n", b"")
    items = list(iter_client_csv(FIXTURES / "fy2024_crlf.csv", today=TODAY))
    ada, hal, error = items
    assert isinstance(ada, ClientRecord) and isinstance(hal, ClientRecord)
    assert (ada.line, hal.line) == (2, 3)
    assert hal.additional_race_ethnicity == "first line\r\nsecond line"
    # Hal's record spans lines 3-4, so the next row is on line 5.
    assert error == RowError(5, "NameDataQuality", f"7 is not one of {DQ}")


def test_bad_quoting_is_reported_per_row_and_parsing_recovers() -> None:
    items = list(iter_client_csv(FIXTURES / "fy2024_bad_quoting.csv", today=TODAY))
    assert [(r.personal_id, r.line) for r in records_of(items)] == [("Q-2", 2), ("Q-3", 3), ("Q-7", 7)]
    assert [str(e) for e in errors_of(items)] == [
        "line 5: malformed quoting: a closing quote is followed by more characters",
        "line 6: expected 46 fields, found 47 (malformed quoting or a stray comma?)",
        "line 8: malformed quoting: a quoted field is never closed",
    ]
    assert all(e.column == ROW for e in errors_of(items))


def test_too_few_fields_is_a_row_error() -> None:
    text = fy2024_text({"PersonalID": "A"}) + "B,only,three\n" + data_rows({"PersonalID": "C"})
    items = parse(text)
    assert [getattr(i, "personal_id", None) for i in items] == ["A", None, "C"]
    assert items[1] == RowError(3, ROW, "expected 46 fields, found 3 (malformed quoting or a stray comma?)")


def test_a_nul_byte_in_a_field_refuses_the_row_naming_its_line_and_column() -> None:
    text = fy2024_text({"PersonalID": "A"}) + data_rows({"PersonalID": "B", "LastName": "Ok\x00ay"})
    text += data_rows({"PersonalID": "C"})
    items = parse(text)
    assert [getattr(i, "personal_id", None) for i in items] == ["A", None, "C"]
    assert str(items[1]) == "line 3, column LastName: contains a NUL byte"


def test_blank_lines_and_rows_of_empty_cells_are_skipped() -> None:
    text = fy2024_text({"PersonalID": "A"}) + "\n" + "," * 45 + "\n" + data_rows({"PersonalID": "B"})
    assert [(r.personal_id, r.line) for r in records_of(parse(text))] == [("A", 2), ("B", 5)]


def test_non_utf8_bytes_are_a_file_error_naming_the_line() -> None:
    reader = iter_client_csv(FIXTURES / "fy2024_latin1.csv", today=TODAY)
    first = next(reader)
    assert isinstance(first, ClientRecord) and first.personal_id == "L-2"
    with pytest.raises(CsvFileError) as exc:
        next(reader)
    assert str(exc.value) == "line 3: bytes that are not valid UTF-8; re-export the file as UTF-8"
    assert "Ren" not in str(exc.value)
    # No chained UnicodeDecodeError: its text would carry the row's bytes into a traceback.
    assert exc.value.__cause__ is None and exc.value.__context__ is None


def test_non_utf8_bytes_in_the_header_name_line_1() -> None:
    with pytest.raises(CsvFileError, match=r"^line 1: bytes that are not valid UTF-8"):
        iter_client_csv(io.BytesIO(b"PersonalID,Fi\xe9rstName\n"))


def test_non_utf8_bytes_through_a_text_stream_are_a_file_error_too() -> None:
    raw = io.BytesIO((FIXTURES / "fy2024_latin1.csv").read_bytes())
    stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    with pytest.raises(CsvFileError, match="not valid UTF-8"):
        list(iter_client_csv(stream))


# --- duplicates -------------------------------------------------------------------------------


def test_a_repeated_personal_id_is_an_error_naming_the_first_line() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_duplicates.csv", today=TODAY)
    assert [str(e) for e in parsed.errors] == [
        "line 4, column PersonalID: duplicate PersonalID: first used on line 2",
        "line 5, column PersonalID: duplicate PersonalID: first used on line 2",
    ]
    # The first occurrence stands; IDs are compared exactly (HMIS IDs are case-sensitive).
    assert [(r.personal_id, r.line) for r in parsed.records] == [("D-1", 2), ("D-2", 3), ("d-1", 6)]


def test_bad_codes_fixture() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_bad_codes.csv", today=TODAY)
    assert parsed.records == []
    assert [str(e) for e in parsed.errors] == [
        f"line 2, column NameDataQuality: 999 is not one of {DQ}",
        f"line 3, column SSNDataQuality: 3 is not one of {DQ}",
        f"line 4, column DOBDataQuality: required; expected one of {DQ}",
        f"line 5, column NameDataQuality: required; expected one of {DQ}",
        f"line 5, column SSNDataQuality: required; expected one of {DQ}",
        f"line 5, column DOBDataQuality: required; expected one of {DQ}",
        f"line 6, column NameDataQuality: not a valid code; expected one of {DQ}",
        "line 7, column White: 5 is not one of 0, 1",
        "line 7, column GenderNone: 0 is not one of 8, 9, 99",
        "line 7, column VeteranStatus: 2 is not one of 0, 1, 8, 9, 99",
    ]


# --- PII never leaves through an error --------------------------------------------------------

CANARIES = (
    *("Canaryname", "Canarylast"),  # names
    *("987-65-43ZZ", "98765432", "43ZZ", "x87"),  # SSNs
    *("1931", "07/19", "1831", "2931"),  # DOBs
)


def _assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary.lower() not in text.lower(), f"{canary!r} leaked into {text!r}"


def test_row_errors_never_contain_planted_pii() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_canaries.csv", today=TODAY)
    assert parsed.records == []
    assert {e.line for e in parsed.errors} == {2, 3, 4, 5, 6, 7}, "every canary row is rejected"
    for error in parsed.errors:
        _assert_no_canary(str(error))
        _assert_no_canary(repr(error))


@pytest.mark.parametrize(
    "header",
    [
        # a file without its header: the first client becomes the "header"
        "Canaryname,Canarylast,987-65-43ZZ,1931-07-19",
        "Canaryname,Canarylast,SSN,Sex,Woman",  # mixed layout, with names where columns should be
        "PersonalID,Canaryname,Woman",  # missing required columns
    ],
)
def test_file_errors_never_contain_planted_pii(header: str) -> None:
    with pytest.raises(CsvFileError) as exc:
        iter_client_csv(io.StringIO(header + "\n"))
    _assert_no_canary(str(exc.value))


def test_a_record_repr_leaves_pii_out() -> None:
    [record] = read_client_csv(FIXTURES / "fy2024_valid.csv", today=TODAY).records[:1]
    text = repr(record)
    assert "T-1001" in text
    for pii in ("Ada", "Quinn", "Testperson", "123456789", "1980"):
        assert pii not in text


def test_demographics_are_json_without_pii_or_free_text() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_valid.csv", today=TODAY)
    cy = parsed.records[2]
    demographics = cy.demographics()
    text = json.dumps(demographics)
    assert "Made-up" not in text and "Placeholder" not in text
    assert demographics == {
        "layout": "FY2024",
        "race": {
            "AmIndAKNative": None,
            "Asian": None,
            "BlackAfAmerican": None,
            "HispanicLatinaeo": None,
            "MidEastNAfrican": None,
            "NativeHIPacific": None,
            "White": None,
            "RaceNone": 9,
        },
        "gender": {
            "Woman": None,
            "Man": None,
            "NonBinary": 0,
            "CulturallySpecific": 0,
            "Transgender": 0,
            "Questioning": 0,
            "DifferentIdentity": 0,
            "GenderNone": 99,
        },
        "sex": None,
        "veteran_status": None,
        "name_data_quality": 1,
        "ssn_data_quality": 8,
        "dob_data_quality": 99,
    }
    demographics["race"]["White"] = 1
    assert cy.race["White"] is None, "demographics() hands out copies"


def test_fy2026_demographics_carry_sex() -> None:
    record = read_client_csv(FIXTURES / "fy2026_valid.csv", today=TODAY).records[0]
    assert record.demographics()["sex"] == 0 and record.demographics()["gender"] == {}
    assert record.demographics()["layout"] == "FY2026"


# --- sources and streaming --------------------------------------------------------------------


def test_every_kind_of_source_gives_the_same_result() -> None:
    path = FIXTURES / "fy2024_valid.csv"
    expected = read_client_csv(path, today=TODAY)
    with path.open("rb") as binary, path.open(encoding="utf-8", newline="") as text:
        sources = [str(path), binary, text, path.read_text().splitlines(keepends=True)]
        for source in sources:
            assert read_client_csv(source, today=TODAY) == expected
        assert not binary.closed and not text.closed, "streams passed in are left open"


def test_read_client_csv_returns_a_parsed_file() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_duplicates.csv", today=TODAY)
    assert isinstance(parsed, ParsedFile)
    assert (parsed.layout, len(parsed.records), len(parsed.errors)) == (Layout.FY2024, 3, 2)


def _write_generated(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=FY2024_HEADER, restval="", lineterminator="\r\n")
        writer.writeheader()
        for i in range(rows):
            dob = f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}"
            writer.writerow({**VALID_ROW, "PersonalID": str(100000 + i), "SSN": f"{i:09d}", "DOB": dob})


def test_rows_stream_in_file_order_with_memory_independent_of_record_size(tmp_path: Path) -> None:
    path = tmp_path / "Client.csv"
    rows = 4000
    _write_generated(path, rows)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with iter_client_csv(path, today=TODAY) as reader:
            first = next(reader)
            assert isinstance(first, ClientRecord) and first.line == 2
            assert reader.bytes_read is not None
            assert reader.bytes_read < size / 20, "read lazily, not up front"
            count = 1
            for item in reader:
                assert isinstance(item, ClientRecord)
                count += 1
            assert reader.line == rows + 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == rows
    # Only the duplicate-ID index grows with the file (~120 bytes a row); a materialised
    # record costs over 1 KB, so holding the rows would blow this bound.
    assert peak < 300 * rows + 1_000_000, f"peak {peak} bytes"


# --- the real HMIS files in ../shared/hmis-csv ------------------------------------------------


@pytest.mark.shared
def test_real_sample_parses_every_client_and_warns_of_two_inconsistent_rows() -> None:
    parsed = read_client_csv(shared_file("fy2024-sample-Client.csv"))
    assert parsed.layout is Layout.FY2024
    # 514 clients; two are internally inconsistent: kept, with warnings naming their lines.
    assert (len(parsed.records), parsed.errors) == (514, [])
    assert [str(w) for r in parsed.records for w in r.warnings] == [
        f"line 440, column SSN: {PARTIAL_SSN}",
        "line 466, column DOB: after the record's DateUpdated",
    ]
    assert len({r.personal_id for r in parsed.records}) == 514
    assert sum(r.ssn is not None for r in parsed.records) == 468
    assert all(r.ssn is None or len(r.ssn) == 9 for r in parsed.records)
    assert sum(r.dob is not None for r in parsed.records) == 514
    assert {r.ssn_data_quality for r in parsed.records} == {1, 2, 8, 9, 99}


@pytest.mark.shared
def test_real_bad_data_file_reports_row_errors_with_line_numbers() -> None:
    parsed = read_client_csv(shared_file("fy2024-bad_data-Client.csv"))
    assert parsed.layout is Layout.FY2024
    assert (len(parsed.records), len(parsed.errors), len({e.line for e in parsed.errors})) == (72, 71, 62)
    assert len(parsed.records) + len({e.line for e in parsed.errors}) == 134
    assert all(2 <= e.line <= 135 for e in parsed.errors)
    errors = {(e.line, e.column): e.reason for e in parsed.errors}
    assert errors[(5, "NameDataQuality")] == f"required; expected one of {DQ}"  # missing data-quality codes
    assert errors[(8, "SSNDataQuality")] == f"required; expected one of {DQ}"
    assert errors[(7, "DOB")] == "expected a date YYYY-MM-DD or blank"  # an Oracle-style DD-MON-YY date
    assert errors[(9, "DateUpdated")] == "expected a timestamp YYYY-MM-DD HH:MM:SS"  # M-D-YYYY
    assert errors[(11, "SSN")] == SSN_FORMAT  # six digits
    by_line_warnings = {w.line: (w.column, w.reason) for r in parsed.records for w in r.warnings}
    assert by_line_warnings == {78: ("DOB", "after the record's DateUpdated")}  # kept, with a warning
    # Its "malformed quoting" is doubled quotes, which is valid CSV: the quotes are part of the name.
    by_line = {r.line: r for r in parsed.records}
    assert by_line[3].last_name == '""Last1""'
    assert by_line[4].last_name == '"Last2 "BAD DATA""'


@pytest.mark.shared
def test_real_bom_test_file_parses(tmp_path: Path) -> None:
    path = shared_file("fy2024-bom_test-Client.csv")
    parsed = read_client_csv(path)
    assert parsed.layout is Layout.FY2024
    # The file carries no BOM itself, and its rows all lack NameDataQuality.
    assert [str(e) for e in parsed.errors] == [
        f"line {n}, column NameDataQuality: required; expected one of {DQ}" for n in (2, 3, 4)
    ]
    with_bom = tmp_path / "Client.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_client_csv(with_bom) == parsed


@pytest.mark.shared
def test_real_duplicate_file_reports_the_duplicates() -> None:
    parsed = read_client_csv(shared_file("fy2024-duplicate_primary_keys-Client.csv"))
    duplicates = [str(e) for e in parsed.errors if e.column == "PersonalID"]
    assert duplicates == [
        "line 5, column PersonalID: duplicate PersonalID: first used on line 4",
        "line 6, column PersonalID: duplicate PersonalID: first used on line 4",
    ]


@pytest.mark.shared
def test_real_validation_file_reports_the_999_codes() -> None:
    parsed = read_client_csv(shared_file("fy2024-validation_files-Client.csv"))
    assert [r.personal_id for r in parsed.records] == ["VALID"]
    assert [str(e) for e in parsed.errors if e.line == 3] == [
        f"line 3, column NameDataQuality: 999 is not one of {DQ}",
        f"line 3, column SSNDataQuality: 999 is not one of {DQ}",
        f"line 3, column DOBDataQuality: 999 is not one of {DQ}",
    ]
    assert RowError(6, "PersonalID", "required") in parsed.errors
    assert {e.line for e in parsed.errors} == {3, 4, 5, 6}


# --- lenient reads: real exports break the specification in small ways ----------------------------


def parse_lenient(text: str, *, today: date = TODAY) -> list[ClientRecord | RowError]:
    return list(iter_client_csv(io.StringIO(text, newline=""), today=today, lenient=True))


def lenient_one(**overrides: str) -> list[ClientRecord | RowError]:
    return parse_lenient(fy2024_text(overrides))


LEFT_OUT = "left out"
OTHER_DATE = "not in the HUD format YYYY-MM-DD; read as a date"
OTHER_TIMESTAMP = "not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date and time"
TWO_DIGIT_YEAR = ", its two-digit year the latest not in the future"
AS_99 = "read as 99 (data not collected)"

LENIENT_RULES = [
    # rule, cells, attribute, value read, expected warnings (column, reason)
    (
        "a blank data-quality code reads as 99",
        {"NameDataQuality": ""},
        "name_data_quality",
        99,
        [("NameDataQuality", f"required; expected one of {DQ}; {AS_99}")],
    ),
    (
        "an invalid data-quality code reads as 99",
        {"SSNDataQuality": "999"},
        "ssn_data_quality",
        99,
        [("SSNDataQuality", f"999 is not one of {DQ}; {AS_99}")],
    ),
    (
        "an invalid race flag is left out",
        {"White": "5"},
        "race",
        {
            **dict.fromkeys(
                (
                    "AmIndAKNative",
                    "Asian",
                    "BlackAfAmerican",
                    "HispanicLatinaeo",
                    "MidEastNAfrican",
                    "NativeHIPacific",
                ),
                0,
            ),
            "White": None,
            "RaceNone": None,
        },
        [("White", f"5 is not one of 0, 1; {LEFT_OUT}")],
    ),
    ("a short SSN is left out", {"SSN": "123456"}, "ssn", None, [("SSN", f"{SSN_FORMAT}; {LEFT_OUT}")]),
    (
        "an SSN missing a spreadsheet's leading zero is left out, not guessed",
        {"SSN": "12345678"},
        "ssn",
        None,
        [("SSN", f"{SSN_FORMAT}; {LEFT_OUT}")],
    ),
    (
        "an SSN with spaces is read",
        {"SSN": "123 45 6789"},
        "ssn",
        "123456789",
        [("SSN", "not in the HUD format of 9 digits; read as 9 digits")],
    ),
    (
        "four digits are the last four of a partial SSN",
        {"SSN": "6789", "SSNDataQuality": "2"},
        "ssn",
        "xxxxx6789",
        [("SSN", "4 digits; read as the last four of a partial SSN")],
    ),
    (
        "a partial DOB is left out, not completed",
        {"DOB": "1980-05", "DOBDataQuality": "2"},
        "dob",
        None,
        [("DOB", f"a partial date (a year, or a year and month): not a date of birth; {LEFT_OUT}")],
    ),
    (
        "a year alone is a partial DOB",
        {"DOB": "1980"},
        "dob",
        None,
        [("DOB", f"a partial date (a year, or a year and month): not a date of birth; {LEFT_OUT}")],
    ),
    (
        "a US DOB is read month first",
        {"DOB": "3/14/1959"},
        "dob",
        date(1959, 3, 14),
        [("DOB", "not in the HUD format YYYY-MM-DD; read as a date")],
    ),
    (
        "a DD-MON-YY DOB's year is the latest not after DateUpdated",
        {"DOB": "17-JUN-20", "DateUpdated": "2017-01-24 11:06:00"},
        "dob",
        date(1920, 6, 17),
        [("DOB", OTHER_DATE + TWO_DIGIT_YEAR)],
    ),
    (
        "a DOB with a time of day is read as its date",
        {"DOB": "1980-02-29 13:45:00"},
        "dob",
        date(1980, 2, 29),
        [("DOB", "not in the HUD format YYYY-MM-DD; read as a date")],
    ),
    (
        "a DOB that is not a real date is left out",
        {"DOB": "1981-02-29"},
        "dob",
        None,
        [("DOB", f"not a real date; {LEFT_OUT}")],
    ),
    (
        "a DOB in the future is left out",
        {"DOB": "2099-01-01"},
        "dob",
        None,
        [("DOB", f"is in the future; {LEFT_OUT}")],
    ),
    (
        "a US timestamp with AM/PM is read",
        {"DateUpdated": "4/28/2019 5:17 PM"},
        "date_updated",
        datetime(2019, 4, 28, 17, 17),
        [("DateUpdated", "not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date and time")],
    ),
    (
        "an M-D-YY timestamp is read",
        {"DateUpdated": "04-28-19 05:17:00"},
        "date_updated",
        datetime(2019, 4, 28, 5, 17),
        [("DateUpdated", OTHER_TIMESTAMP + TWO_DIGIT_YEAR)],
    ),
    (
        "seven fractional digits (SQL Server) are read",
        {"DateUpdated": "2024-01-05 09:00:00.1234567"},
        "date_updated",
        datetime(2024, 1, 5, 9, 0, 0, 123456),
        [("DateUpdated", "not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date and time")],
    ),
    (
        "a timestamp with a zone is read in its zone",
        {"DateCreated": "2023-02-03T04:05:06Z"},
        "date_created",
        datetime(2023, 2, 3, 4, 5, 6, tzinfo=UTC),
        [("DateCreated", "not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date and time")],
    ),
    (
        "a date without a time is midnight",
        {"DateUpdated": "2024-01-05"},
        "date_updated",
        datetime(2024, 1, 5),
        [("DateUpdated", "not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date at midnight")],
    ),
    (
        "an unreadable DateUpdated is left out",
        {"DateUpdated": "last Tuesday"},
        "date_updated",
        None,
        [("DateUpdated", f"{'expected a timestamp YYYY-MM-DD HH:MM:SS'}; {LEFT_OUT}")],
    ),
    (
        "a DateUpdated far in the future is left out (it would win over every later export)",
        {"DateUpdated": "2030-01-01 00:00:00"},
        "date_updated",
        None,
        [("DateUpdated", f"is in the future; {LEFT_OUT}")],
    ),
    ("a valid row has no warnings", {}, "ssn", "123456789", []),
]


@pytest.mark.parametrize(
    ("rule", "cells", "attribute", "value", "expected"), LENIENT_RULES, ids=[r[0] for r in LENIENT_RULES]
)
def test_lenient_rule(
    rule: str, cells: dict[str, str], attribute: str, value: object, expected: list
) -> None:
    """The row is kept; the value is read another way or left out, the warning names line and column."""
    [record] = lenient_one(**cells)
    assert isinstance(record, ClientRecord), record
    assert getattr(record, attribute) == value
    assert [(w.line, w.column, w.reason) for w in record.warnings] == [(2, c, r) for c, r in expected]


@pytest.mark.parametrize(
    ("rule", "cells"),
    [(r[0], r[1]) for r in ROW_RULES if r[2] and r[1].get("PersonalID") is None],
    ids=[r[0] for r in ROW_RULES if r[2] and r[1].get("PersonalID") is None],
)
def test_what_a_strict_read_rejects_a_lenient_read_keeps(rule: str, cells: dict[str, str]) -> None:
    [item] = lenient_one(**cells)
    assert isinstance(item, ClientRecord), item
    assert item.warnings, "every spec violation is still reported"


NOT_IMPORTED = [
    ("without a PersonalID", {"PersonalID": ""}, "required"),
    (
        "with a PersonalID casebot cannot show",
        {"PersonalID": "12 34"},
        "only letters, digits, '_' and '-' are allowed",
    ),
    (
        "with nothing identifying",
        {"FirstName": "", "LastName": "", "SSN": "", "DOB": "1980"},
        "no name, DOB or SSN that can be read; the row is not imported",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "cells", "reason"), NOT_IMPORTED, ids=[r[0] for r in NOT_IMPORTED])
def test_a_lenient_read_still_rejects_a_row(rule: str, cells: dict[str, str], reason: str) -> None:
    assert lenient_one(**cells) == [RowError(2, "PersonalID", reason)]


def test_a_deleted_row_needs_only_its_personal_id() -> None:
    [record] = lenient_one(FirstName="", LastName="", SSN="", DOB="", DateDeleted="2024-02-01 10:00:00")
    assert isinstance(record, ClientRecord) and record.date_deleted == datetime(2024, 2, 1, 10)


def test_a_name_alone_is_enough() -> None:
    [record] = lenient_one(SSN="", DOB="", LastName="")
    assert isinstance(record, ClientRecord) and record.first_name == "Ada"


def test_the_messy_fixture_imports_every_usable_row() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_messy.csv", today=TODAY, lenient=True)
    by_line = {r.line: r for r in parsed.records}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 12]
    assert [(e.line, e.column, e.kind) for e in parsed.errors] == [
        (9, "PersonalID", ""),  # no PersonalID
        (10, "PersonalID", ""),  # nothing identifying
        (11, "PersonalID", REPEAT),  # line 2 again
    ]
    assert (by_line[2].name_data_quality, by_line[2].ssn_data_quality, by_line[2].dob_data_quality) == (
        99,
        99,
        99,
    )
    assert (by_line[3].ssn, by_line[3].dob, by_line[3].last_name) == (None, None, "Messy")
    assert (by_line[4].ssn, by_line[5].ssn) == ("222334444", "xxxxx5566")
    assert (by_line[6].dob, by_line[6].date_updated) == (date(1967, 5, 8), datetime(2019, 4, 28, 17, 17))
    assert by_line[8].race["White"] is None and by_line[8].name_data_quality == 99
    assert (by_line[12].date_updated, by_line[12].dob, by_line[12].first_name) == (None, None, "Ida")
    # In column order within a row, each naming its line.
    assert [w.column for w in by_line[8].warnings] == ["NameDataQuality", "DOB", "White", "DateUpdated"]
    assert all(w.line == r.line for r in parsed.records for w in r.warnings)


def test_the_messy_fixture_is_refused_row_by_row_when_strict() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_messy.csv", today=TODAY)
    assert [r.line for r in parsed.records] == []
    # Every row breaks the specification somewhere (line 4's spaces, line 5's four digits included).
    assert {e.line for e in parsed.errors} == set(range(2, 13))


def test_an_exact_repeat_is_imported_once_a_conflicting_one_is_flagged() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_duplicates.csv", today=TODAY, lenient=True)
    assert [(r.personal_id, r.line) for r in parsed.records] == [("D-1", 2), ("D-2", 3), ("d-1", 6)]
    assert [(str(e), e.kind) for e in parsed.errors] == [
        ("line 4, column PersonalID: repeats line 2 exactly; imported once", REPEAT),
        (
            "line 5, column PersonalID: the PersonalID of line 2 with other values; which row is right "
            "cannot be told",
            CONFLICT,
        ),
    ]


def test_a_rejected_first_row_does_not_shadow_a_usable_repeat() -> None:
    text = fy2024_text({"PersonalID": "A", "FirstName": "", "LastName": "", "SSN": "", "DOB": ""})
    text += data_rows({"PersonalID": "A"})
    items = parse_lenient(text)
    assert isinstance(items[0], RowError) and isinstance(items[1], ClientRecord)


def test_a_nul_byte_leaves_out_only_that_value_when_lenient() -> None:
    text = fy2024_text({"PersonalID": "A", "MiddleName": "Ok\x00ay"}) + data_rows({"PersonalID": "B\x00"})
    record, error = parse_lenient(text)
    assert isinstance(record, ClientRecord) and record.middle_name is None and record.first_name == "Ada"
    assert [str(w) for w in record.warnings] == ["line 2, column MiddleName: contains a NUL byte; left out"]
    assert error == RowError(3, "PersonalID", "contains a NUL byte")


def test_a_lenient_read_says_which_lines_an_unclosed_quote_swallowed() -> None:
    items = list(iter_client_csv(FIXTURES / "fy2024_bad_quoting.csv", today=TODAY, lenient=True))
    assert [r.personal_id for r in records_of(items)] == ["Q-2", "Q-3", "Q-7"]
    assert str(errors_of(items)[-1]) == (
        "line 8: malformed quoting: a quoted field is never closed (lines 8 to 9 cannot be read)"
    )


def test_a_file_whose_rows_mostly_cannot_be_split_is_refused() -> None:
    """A stray delimiter on every row is the file's fault: importing the odd row would pass for the file."""
    rows = fy2024_text(*({"PersonalID": f"R{i}"} for i in range(5))).splitlines()
    text = "\n".join([rows[0], *(r + "," for r in rows[1:4]), *rows[4:]]) + "\n"
    with pytest.raises(CsvFileError, match=r"^3 of 5 rows cannot be split into the header's 46 fields"):
        parse_lenient(text)
    assert len(errors_of(parse(text))) == 3, "a strict read reports them row by row, as before"


def test_lenient_warnings_never_contain_planted_pii() -> None:
    parsed = read_client_csv(FIXTURES / "fy2024_canaries.csv", today=TODAY, lenient=True)
    problems = [*parsed.errors, *(w for r in parsed.records for w in r.warnings)]
    assert problems
    for problem in problems:
        _assert_no_canary(str(problem))
        _assert_no_canary(problem.problem)


def test_a_problem_is_counted_without_its_line() -> None:
    assert RowError(7, "PersonalID", "repeats line 2 exactly").problem == "PersonalID: repeats line N exactly"
    assert RowError(7, ROW, "expected 46 fields, found 47").problem == "expected 46 fields, found 47"


# --- FY2022 -------------------------------------------------------------------------------------


def test_fy2022_fixture_parses_with_ethnicity_and_its_gender_columns() -> None:
    parsed = read_client_csv(FIXTURES / "fy2022_valid.csv", today=TODAY)
    assert (parsed.layout, parsed.errors) == (Layout.FY2022, [])
    gus, hana, ivo = parsed.records
    assert (gus.first_name, gus.last_name, gus.ssn, gus.dob) == (
        "Gus",
        "Oldlayout",
        "345678901",
        date(1970, 3, 4),
    )
    assert list(gus.race) == [
        "AmIndAKNative", "Asian", "BlackAfAmerican", "NativeHIPacific", "White", "RaceNone", "Ethnicity",
    ]  # fmt: skip
    assert list(gus.gender) == [
        "Female",
        "Male",
        "NoSingleGender",
        "Transgender",
        "Questioning",
        "GenderNone",
    ]
    assert (hana.race["Ethnicity"], hana.gender["Female"], hana.gender["Transgender"]) == (1, 1, 1)
    assert (ivo.race["RaceNone"], ivo.race["Ethnicity"], ivo.gender["GenderNone"], ivo.dob) == (
        9,
        99,
        99,
        None,
    )
    assert (gus.sex, gus.additional_race_ethnicity, gus.different_identity_text) == (None, None, None)
    assert gus.demographics()["layout"] == "FY2022"


def test_fy2022_ethnicity_must_be_a_hud_code() -> None:
    text = (FIXTURES / "fy2022_valid.csv").read_text()
    header, first, *rest = text.splitlines()
    cells = first.split(",")
    cells[header.split(",").index("Ethnicity")] = "2"
    [error, *_] = parse("\n".join([header, ",".join(cells), *rest]) + "\n")
    assert error == RowError(2, "Ethnicity", "2 is not one of 0, 1, 8, 9, 99")


def test_a_fy2022_header_has_no_missing_columns() -> None:
    with iter_client_csv(FIXTURES / "fy2022_valid.csv") as reader:
        assert reader.missing_columns == ()


def test_a_header_mixing_fy2022_and_fy2024_is_a_file_error() -> None:
    with pytest.raises(CsvFileError, match=r"mixes FY2022 columns \(Female\) with FY2024 columns"):
        iter_client_csv(io.StringIO(fy2024_text({}, header=[*FY2024_HEADER, "Female"])))


# --- the real HMIS files, read leniently ----------------------------------------------------------


@pytest.mark.shared
def test_real_bad_data_file_is_read_whole_when_lenient() -> None:
    parsed = read_client_csv(shared_file("fy2024-bad_data-Client.csv"), lenient=True)
    assert (len(parsed.records), parsed.errors) == (134, [])
    by_line = {r.line: r for r in parsed.records}
    assert by_line[5].name_data_quality == 99  # the missing data-quality code
    assert by_line[11].ssn is None and by_line[11].last_name  # six digits: left out, the person kept
    assert by_line[7].dob is not None  # DD-MON-YY, read
    assert by_line[9].date_updated is not None  # M-D-YYYY, read
    warned = {(w.line, w.column) for r in parsed.records for w in r.warnings}
    assert {(5, "NameDataQuality"), (11, "SSN"), (7, "DOB"), (9, "DateUpdated")} <= warned


@pytest.mark.shared
def test_real_validation_and_bom_files_are_read_when_lenient() -> None:
    validation = read_client_csv(shared_file("fy2024-validation_files-Client.csv"), lenient=True)
    assert [r.personal_id for r in validation.records] == ["VALID", "VALIDATION", "ERROR", "FAILURE"]
    assert validation.errors == [RowError(6, "PersonalID", "required")]
    bom = read_client_csv(shared_file("fy2024-bom_test-Client.csv"), lenient=True)
    assert (len(bom.records), bom.errors) == (3, [])


@pytest.mark.shared
def test_real_duplicate_file_has_conflicts_when_lenient() -> None:
    parsed = read_client_csv(shared_file("fy2024-duplicate_primary_keys-Client.csv"), lenient=True)
    assert [(e.line, e.kind) for e in parsed.errors] == [(5, CONFLICT), (6, CONFLICT)]


def test_the_personal_id_index_keeps_the_first_value_of_each_id_as_it_grows() -> None:
    from storage.hmis_csv.id_index import IdIndex

    index = IdIndex()
    assert [index.first(f"P{i}", i) for i in range(20_000)] == [None] * 20_000
    assert [index.first(f"P{i}", 0) for i in range(0, 20_000, 997)] == list(range(0, 20_000, 997))
    assert (len(index), index.first("p0", 5), index.first("P0 ", 6)) == (20_000, None, None)
