"""Importing HUD HMIS CSV Client.csv into the encrypted store."""

import dataclasses
import shutil
import subprocess
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.clients.importing import (
    BATCH,
    FileChangedDuringImport,
    ImportRejected,
    ImportTooLarge,
    import_clients,
)
from bot.clients.synthetic import SyntheticClient, clients, write_client_csv
from bot.context import Casebot
from bot.errors import AdminError
from bot.registry import admin
from bot.settings import Settings
from storage.clients import iter_roster
from storage.models import AuditEvent, Client, ClientNameIndex
from tests.canary import CANARY
from tests.conftest import FIXTURES, TEST_DATABASE_URL, shared_path

SSN_FORMAT = "expected 9 digits (dashes allowed, 'x' for unknown digits of a partial SSN) or blank"


def _csv(
    tmp_path: Path, people: list[SyntheticClient], *, name: str = "Client.csv", layout: str = "FY2024"
) -> Path:
    path = tmp_path / name
    write_client_csv(path, people, layout=layout)
    return path


def _roster(app: Casebot) -> dict[str, object]:
    with app.db.transaction(write=False) as session:
        return {client.client_id: pii for client, pii in iter_roster(session, keyring=app.keyring)}


def _run(app: Casebot, path: Path, **kwargs):
    return import_clients(app, path=path, actor="cli:test", **kwargs)


@pytest.mark.parametrize("layout", ["FY2024", "FY2026"])
def test_both_layouts_import_and_decrypt(app: Casebot, tmp_path: Path, layout: str) -> None:
    people = [CANARY, *clients(20)]
    summary = _run(app, _csv(tmp_path, people, layout=layout))
    assert (summary.layout, summary.imported, summary.rejected) == (layout, 21, 0)
    pii = _roster(app)[CANARY.personal_id]
    assert (pii.first_name, pii.middle_name, pii.last_name, pii.ssn, pii.dob) == (
        CANARY.first_name,
        CANARY.middle_name,
        CANARY.last_name,
        CANARY.ssn,
        CANARY.dob,
    )


def test_reimporting_the_same_file_changes_nothing(app: Casebot, tmp_path: Path) -> None:
    path = _csv(tmp_path, [CANARY, *clients(10)])
    _run(app, path)
    before = _snapshot(app)
    again = _run(app, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 11)
    assert _snapshot(app) == before


def _snapshot(app: Casebot) -> list[tuple]:
    with app.db.transaction(write=False) as session:
        return [
            tuple(r)
            for r in session.execute(
                select(Client.client_id, Client.last_name_enc, Client.updated_at).order_by(Client.client_id)
            )
        ]


def test_a_newer_date_updated_updates_the_client(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY]))
    renamed = dataclasses.replace(CANARY, last_name="Haugenfjord", date_updated=datetime(2026, 7, 1, 8, 0))
    summary = _run(app, _csv(tmp_path, [renamed], name="newer.csv"))
    assert (summary.updated, summary.imported) == (1, 0)
    assert _roster(app)[CANARY.personal_id].last_name == "Haugenfjord"


def test_an_older_date_updated_does_not_overwrite(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY]))
    stale = dataclasses.replace(CANARY, last_name="Stalename", date_updated=datetime(2025, 1, 1, 8, 0))
    assert _run(app, _csv(tmp_path, [stale], name="stale.csv")).unchanged == 1
    assert _roster(app)[CANARY.personal_id].last_name == CANARY.last_name


def test_a_deleted_row_takes_the_client_off_the_roster(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY]))
    path = _csv(tmp_path, [CANARY], name="deleted.csv")
    text = path.read_text().splitlines()
    header = text[0].split(",")
    cells = text[1].split(",")
    cells[header.index("DateDeleted")] = "2026-08-01 10:00:00"
    path.write_text("\r\n".join([text[0], ",".join(cells)]) + "\r\n")
    assert _run(app, path).deleted == 1
    assert CANARY.personal_id not in _roster(app)


def _bad_row_file(tmp_path: Path) -> Path:
    path = _csv(tmp_path, [CANARY, *clients(5)])
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("SSN")] = "51729-48ZZ"  # a planted, malformed SSN
    cells[header.index("NameDataQuality")] = "7"
    lines[3] = ",".join(cells)
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def test_strict_one_bad_row_rejects_the_whole_file_and_names_line_column_reason(
    app: Casebot, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as exc:
        _run(app, _bad_row_file(tmp_path), strict=True)
    messages = [str(e) for e in exc.value.errors]
    assert any("line 4" in m and "SSN" in m for m in messages)
    assert any("line 4" in m and "NameDataQuality" in m for m in messages)
    assert not any("51729" in m or "48ZZ" in m for m in messages), "errors must not echo PII"
    assert _roster(app) == {}


def test_by_default_a_bad_value_is_left_out_and_the_person_imported(app: Casebot, tmp_path: Path) -> None:
    summary = _run(app, _bad_row_file(tmp_path))
    assert (summary.imported, summary.rejected) == (6, 0)
    assert {(w.line, w.column) for w in summary.warnings} == {(4, "SSN"), (4, "NameDataQuality")}
    assert summary.problems == {
        f"SSN: {SSN_FORMAT}; left out": 1,
        "NameDataQuality: 7 is not one of 1, 2, 8, 9, 99; read as 99 (data not collected)": 1,
    }
    assert not any("51729" in str(w) or "48ZZ" in str(w) for w in summary.warnings), "warnings never echo PII"
    roster = _roster(app)
    assert len(roster) == 6
    line_4 = next(pii for pii in roster.values() if pii.ssn is None and pii.last_name)
    assert line_4.first_name, "the name the redactor needs was kept"


def test_rows_without_a_personal_id_or_anything_identifying_are_not_imported(app: Casebot) -> None:
    summary = _run(app, FIXTURES / "hmis" / "fy2024_messy.csv")
    assert (summary.imported, summary.rejected, summary.repeated) == (8, 2, 1)
    assert [(e.line, e.column) for e in summary.errors] == [(9, "PersonalID"), (10, "PersonalID")]
    assert (
        summary.problems[
            "NameDataQuality: required; expected one of 1, 2, 8, 9, 99; read as 99 (data not collected)"
        ]
        == 1
    )
    assert (
        "8 imported" in summary.line()
        and "2 rejected" in summary.line()
        and "1 exact repeat(s) skipped" in summary.line()
    )
    roster = _roster(app)
    assert sorted(roster) == sorted(["M-1", "M-2", "M-3", "M-4", "M-5", "M-6", "M-7", "M-10"])
    assert (roster["M-4"].ssn, roster["M-5"].dob) == ("xxxxx5566", date(1967, 5, 8))
    with app.db.transaction(write=False) as session:
        m1 = session.get_one(Client, "M-1")
        m10 = session.get_one(Client, "M-10")
    assert (m1.name_data_quality, m1.ssn_data_quality, m1.dob_data_quality) == (99, 99, 99)
    assert m10.source_updated_at is None


def test_a_row_without_date_updated_never_overwrites_a_dated_one(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY]))
    path = _csv(tmp_path, [dataclasses.replace(CANARY, last_name="Undated")], name="undated.csv")
    path.write_text(path.read_text().replace("2026-06-01 09:00:00", ""))
    summary = _run(app, path)
    assert (summary.unchanged, summary.updated) == (1, 0)
    assert _roster(app)[CANARY.personal_id].last_name == CANARY.last_name


def test_fy2022_exports_import(app: Casebot) -> None:
    summary = _run(app, FIXTURES / "hmis" / "fy2022_valid.csv")
    assert (summary.layout, summary.imported, summary.warning_total) == ("FY2022", 3, 0)
    assert _roster(app)["P-3001"].ssn == "345678901"
    with app.db.transaction(write=False) as session:
        assert session.get_one(Client, "P-3002").demographics["race"]["Ethnicity"] == 1


def test_an_exact_repeat_is_imported_once(app: Casebot, tmp_path: Path) -> None:
    summary = _run(app, _csv(tmp_path, [CANARY, *clients(2), CANARY]))
    assert (summary.imported, summary.repeated, summary.rejected) == (3, 1, 0)
    assert [str(w) for w in summary.warnings] == [
        "line 5, column PersonalID: repeats line 2 exactly; imported once"
    ]


def test_duplicate_personal_ids_are_an_error(app: Casebot, tmp_path: Path) -> None:
    twin = dataclasses.replace(CANARY, first_name="Other")
    with pytest.raises(ImportRejected) as exc:
        _run(app, _csv(tmp_path, [CANARY, *clients(2), twin]))
    assert any(e.line == 5 and "PersonalID" in str(e) for e in exc.value.errors)


def test_the_import_is_audited_without_pii(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY, *clients(3)]))
    with app.db.transaction(write=False) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "clients.import")).one()
    assert '"imported":4' in event.detail
    for value in _canary_strings():
        assert value not in event.detail


def test_an_unknown_agency_is_refused_before_anything_is_written(app: Casebot, tmp_path: Path) -> None:
    with pytest.raises(AdminError, match="no agency 'nowhere'"):
        _run(app, _csv(tmp_path, [CANARY]), agency="nowhere")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
    assert _run(app, _csv(tmp_path, [CANARY]), agency="hope-house").imported == 1


def test_blind_indexes_find_a_client_by_ssn_and_name(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY, *clients(30)]))
    with app.db.transaction() as session:
        indexer = app.keyring.blind_indexer(session)
        by_ssn = session.scalars(
            select(Client.client_id).where(Client.ssn_bidx == indexer.ssn("517-29-4836"))
        ).all()
        by_name = session.scalars(
            select(ClientNameIndex.client_id).where(
                ClientNameIndex.digest == indexer.name_token("VORTHMUNDSEN")
            )
        ).all()
    assert by_ssn == [CANARY.personal_id] and by_name == [CANARY.personal_id]


def _canary_strings() -> list[str]:
    dob = CANARY.dob
    return [
        CANARY.first_name,
        CANARY.middle_name,
        CANARY.last_name,
        CANARY.ssn,
        "517-29-4836",
        dob.isoformat(),
        dob.strftime("%m/%d/%Y"),
        CANARY.first_name.lower(),
        CANARY.last_name.upper(),
    ]


def _assert_no_canary(blob: bytes, where: str) -> None:
    for value in _canary_strings():
        for encoding in ("utf-8", "utf-16-le"):
            assert value.encode(encoding) not in blob, f"{where} holds a canary value in plaintext"


def test_no_imported_pii_is_stored_in_plaintext(app: Casebot, tmp_path: Path) -> None:
    _run(app, _csv(tmp_path, [CANARY, *clients(50)]))
    if app.db.is_sqlite:
        app.db.dispose()
        files = list(app.settings.data_dir.glob("casebot.db*"))
        assert files
        for path in files:
            _assert_no_canary(path.read_bytes(), path.name)
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.fail("pg_dump is needed to check the PostgreSQL dump (apt-get install postgresql-client)")
        dump = subprocess.run(
            [pg_dump, "--no-owner", TEST_DATABASE_URL], capture_output=True, check=True
        ).stdout
        assert b"clients" in dump
        _assert_no_canary(dump, "pg_dump")


# --- the real HUD HMIS CSV files in ../shared/hmis-csv ---------------------------------------------


def test_the_real_fy2024_sample_imports_whole_with_warnings_for_inconsistent_rows(app: Casebot) -> None:
    summary = _run(app, shared_path("hmis-csv", "fy2024-sample-Client.csv"))
    assert (summary.layout, summary.rejected) == ("FY2024", 0)
    assert summary.imported + summary.deleted + summary.unchanged == 514
    assert {w.line for w in summary.warnings} == {440, 466}
    with app.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Client)) == summary.imported
    assert len(_roster(app)) == summary.imported


def test_the_real_malformed_file_is_rejected_whole_when_strict_and_imported_whole_by_default(
    app: Casebot,
) -> None:
    path = shared_path("hmis-csv", "fy2024-bad_data-Client.csv")
    with pytest.raises(ImportRejected) as exc:
        _run(app, path, strict=True)
    assert all(e.line >= 2 and e.column and e.reason for e in exc.value.errors)
    assert _roster(app) == {}
    summary = _run(app, path)
    assert (summary.imported, summary.rejected) == (134, 0)
    assert summary.warning_total == sum(summary.problems.values()) > 60
    assert len(_roster(app)) == 134


@pytest.mark.parametrize("strict", [True, False])
def test_the_real_duplicate_key_file_is_refused(app: Casebot, strict: bool) -> None:
    with pytest.raises(ImportRejected) as exc:
        _run(app, shared_path("hmis-csv", "fy2024-duplicate_primary_keys-Client.csv"), strict=strict)
    assert any("PersonalID" in str(e) for e in exc.value.errors)
    assert _roster(app) == {}


def test_the_real_bom_and_validation_files_import(app: Casebot) -> None:
    bom = _run(app, shared_path("hmis-csv", "fy2024-bom_test-Client.csv"))
    assert (bom.layout, bom.imported, bom.rejected) == ("FY2024", 3, 0)
    validation = _run(app, shared_path("hmis-csv", "fy2024-validation_files-Client.csv"))
    assert (validation.imported, validation.rejected) == (4, 1)
    assert [str(e) for e in validation.errors] == ["line 6, column PersonalID: required"]


# --- streaming: two passes, one transaction, bounded memory ------------------------------------


def test_a_failure_while_writing_leaves_the_roster_as_it_was(app: Casebot, tmp_path: Path) -> None:
    """Batches are written in one transaction: the first batch is rolled back with the rest."""
    _run(app, _csv(tmp_path, [CANARY]))
    before = _snapshot(app)
    written = 0

    def crash_midway(phase: str) -> None:
        nonlocal written
        if phase == "writing":
            written += 1
            if written == BATCH + 10:
                raise RuntimeError("the disk filled up")

    with pytest.raises(RuntimeError):
        _run(app, _csv(tmp_path, list(clients(BATCH + 500)), name="big.csv"), on_row=crash_midway)
    assert _snapshot(app) == before


def test_a_file_changed_between_the_passes_writes_nothing(app: Casebot, tmp_path: Path) -> None:
    path = _csv(tmp_path, list(clients(3000)))
    size = path.stat().st_size
    changed = False

    def edit_the_tail(phase: str) -> None:
        nonlocal changed
        if phase == "writing" and not changed:  # pass 1 read the old tail; pass 2 will read the new one
            changed = True
            with path.open("r+b") as fh:
                fh.seek(size - 60)
                tail = fh.read()
                fh.seek(size - 60)
                fh.write(tail.replace(b"2026", b"2025"))

    with pytest.raises(
        FileChangedDuringImport, match="changed while it was being imported; nothing was written"
    ):
        _run(app, path, on_row=edit_the_tail)
    assert _roster(app) == {}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings: Settings, tmp_path: Path) -> None:
    path = _csv(tmp_path, list(clients(50)))
    app = Casebot(settings.model_copy(update={"import_max_bytes": 1000}))
    try:
        with pytest.raises(ImportTooLarge) as exc:
            _run(app, path)
    finally:
        app.close()
    assert str(exc.value) == (
        f"Client.csv is {path.stat().st_size:,} bytes, over the import limit of 1,000 bytes "
        "(CASEBOT_IMPORT_MAX_BYTES); raise the limit or split the file"
    )
    assert Settings().import_max_bytes == 500_000_000


def test_memory_does_not_grow_with_the_rows_written(app: Casebot, tmp_path: Path) -> None:
    """Python objects alive at the peak: a batch and the PersonalID index, not the file.
    (Peak RSS for 1,000,000 rows is measured by bench/import_clients.py, not here.)"""
    small = _csv(tmp_path, list(clients(BATCH)), name="small.csv")
    large = _csv(tmp_path, list(clients(3 * BATCH, first_id=500000)), name="large.csv")
    peaks = []
    for path in (small, large):
        tracemalloc.start()
        try:
            _run(app, path)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    # Three times the rows: the PersonalID index grows (~120 bytes a row), the rest does not.
    # Holding the records (over 1 KB each) would add more than 4 MB.
    assert peaks[1] - peaks[0] < 300 * 2 * BATCH + 1_000_000, peaks


def test_the_import_gives_its_smaller_sqlite_cache_back(app: Casebot, tmp_path: Path) -> None:
    """The writer runs on 32 MiB of page cache (memory); the pooled connection gets its 64 back."""
    if not app.db.is_sqlite:
        pytest.skip("PostgreSQL keeps its buffers in the server")
    _run(app, _csv(tmp_path, list(clients(10))))
    with app.db.transaction(write=False) as session:
        assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -65536
