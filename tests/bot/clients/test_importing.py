"""Importing HUD HMIS CSV Client.csv into the encrypted store."""

import dataclasses
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.clients.importing import ImportRejected, import_clients
from bot.clients.synthetic import SyntheticClient, clients, write_client_csv
from bot.context import Casebot
from bot.errors import AdminError
from bot.registry import admin
from storage.clients import iter_roster
from storage.models import AuditEvent, Client, ClientNameIndex
from tests.canary import CANARY
from tests.conftest import TEST_DATABASE_URL, shared_path


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


def test_one_bad_row_rejects_the_whole_file_and_names_line_column_reason(
    app: Casebot, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected) as exc:
        _run(app, _bad_row_file(tmp_path))
    messages = [str(e) for e in exc.value.errors]
    assert any("line 4" in m and "SSN" in m for m in messages)
    assert any("line 4" in m and "NameDataQuality" in m for m in messages)
    assert not any("51729" in m or "48ZZ" in m for m in messages), "errors must not echo PII"
    assert _roster(app) == {}


def test_skip_invalid_imports_the_good_rows_and_lists_the_bad(app: Casebot, tmp_path: Path) -> None:
    summary = _run(app, _bad_row_file(tmp_path), skip_invalid=True)
    assert (summary.imported, summary.rejected) == (5, 1)
    assert {e.line for e in summary.errors} == {4}
    assert len(_roster(app)) == 5


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


def test_the_real_malformed_file_is_rejected_whole_then_imported_in_part(app: Casebot) -> None:
    path = shared_path("hmis-csv", "fy2024-bad_data-Client.csv")
    with pytest.raises(ImportRejected) as exc:
        _run(app, path)
    assert all(e.line >= 2 and e.column and e.reason for e in exc.value.errors)
    assert _roster(app) == {}
    summary = _run(app, path, skip_invalid=True)
    assert summary.rejected == len({e.line for e in exc.value.errors})
    assert summary.imported > 0


def test_the_real_duplicate_key_file_is_rejected(app: Casebot) -> None:
    with pytest.raises(ImportRejected) as exc:
        _run(app, shared_path("hmis-csv", "fy2024-duplicate_primary_keys-Client.csv"))
    assert any("PersonalID" in str(e) for e in exc.value.errors)


def test_the_real_bom_file_imports(app: Casebot) -> None:
    summary = _run(app, shared_path("hmis-csv", "fy2024-bom_test-Client.csv"), skip_invalid=True)
    assert summary.layout == "FY2024"
