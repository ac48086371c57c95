"""`casebot clients add | anonymize | merge` as an operator uses them: a real subprocess, and the prompts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import anonymous as cli_anonymous
from app.cli import main as cli
from bot.clients.synthetic import clients, write_client_csv
from tests.app.cli.test_cli import run
from tests.canary import CANARY

DEMO = ["--race", "3", "--gender", "0", "--veteran", "0"]


@pytest.mark.parametrize("command", ["add", "anonymize", "merge"])
def test_the_commands_explain_themselves(command: str) -> None:
    result = CliRunner().invoke(cli.app, ["clients", command, "--help"], terminal_width=200)
    assert result.exit_code == 0 and "Usage:" in result.output


def test_an_operator_adds_anonymizes_and_merges(env_for: dict[str, str], tmp_path: Path) -> None:
    run(env_for, "init")
    run(env_for, "agency", "add", "hope-house", "Hope House")
    csv_path = tmp_path / "Client.csv"
    write_client_csv(csv_path, [CANARY, *clients(5)])
    run(env_for, "clients", "import", str(csv_path), "--agency", "hope-house")

    added = run(
        env_for,
        "clients",
        "add",
        "--anonymous",
        "--birth-date",
        "1971-08-19",
        *DEMO,
        "--agency",
        "hope-house",
    )
    (first,) = re.findall(r"created anonymous client (ANON-[A-Z0-9]{6})", added.stdout)
    assert "1971" not in added.stdout + added.stderr
    missing = run(env_for, "clients", "add", "--anonymous", "--birth-year", "1980", "--gender", "0", ok=False)
    assert missing.returncode == 1 and "--race is required" in missing.stderr
    dup = run(
        env_for,
        "clients",
        "add",
        "--anonymous",
        "--birth-date",
        CANARY.dob.isoformat(),
        "--check-first",
        CANARY.first_name,
        "--check-last",
        CANARY.last_name,
        *DEMO,
        ok=False,
    )
    assert dup.returncode == 1 and "client 777001" in dup.stderr and "anonymize 777001" in dup.stderr
    assert CANARY.first_name not in dup.stderr

    refused = run(env_for, "clients", "anonymize", "777001", ok=False)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = run(env_for, "clients", "anonymize", "777001", "--yes")
    assert "client 777001: de-identified" in done.stdout and "data key destroyed" in done.stdout
    assert "keys rotate" in done.stdout
    assert "already anonymous" in run(env_for, "clients", "anonymize", "777001", "--yes").stdout

    again = run(env_for, "clients", "import", str(csv_path))
    assert "line 2, column PersonalID" in again.stderr and "de-identified" in again.stderr
    assert CANARY.last_name not in again.stdout + again.stderr

    unconfirmed = run(env_for, "clients", "merge", first, "777001", ok=False)
    assert unconfirmed.returncode == 1 and "--confirm" in unconfirmed.stderr
    merged = run(env_for, "clients", "merge", first, "777001", "--confirm")
    assert f"777001 now resolves to {first}" in merged.stdout
    assert "1 anonymous" in run(env_for, "clients", "count").stdout
    assert "audit log intact" in run(env_for, "audit", "verify").stdout
    export = run(env_for, "audit", "export", "--since", "2020-01-01").stdout
    assert (
        "client.merged" in export and "client.deidentified" in export and "client.duplicate_refused" in export
    )
    for value in (CANARY.first_name, CANARY.last_name, CANARY.ssn, CANARY.dob.isoformat(), "1971-08-19"):
        assert value not in export


@pytest.fixture
def cli_env(env_for: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CASEBOT_DATA_DIR", "DATABASE_URL", "REDIS_URL"):
        if name in env_for:
            monkeypatch.setenv(name, env_for[name])
    monkeypatch.setattr(cli_anonymous, "interactive", lambda: True)
    assert CliRunner().invoke(cli.app, ["init"]).exit_code == 0


def test_missing_values_are_asked_for_on_a_terminal_and_the_birth_date_is_not_echoed(cli_env: None) -> None:
    answers = "\n".join(["3,6", "0", "1", "1971-08-19", "n"]) + "\n"
    result = CliRunner().invoke(cli.app, ["clients", "add", "--anonymous"], input=answers, terminal_width=200)
    assert result.exit_code == 0, result.output
    assert re.search(r"created anonymous client ANON-[A-Z0-9]{6}", result.output)
    assert "1971" not in result.output  # hidden input


def test_anonymize_asks_for_the_ids_on_a_terminal(cli_env: None) -> None:
    added = CliRunner().invoke(
        cli.app, ["clients", "add", "--anonymous", "--birth-year", "1980", *DEMO], input="n\n"
    )
    (cid,) = re.findall(r"ANON-[A-Z0-9]{6}", added.output)
    wrong = CliRunner().invoke(cli.app, ["clients", "anonymize", cid], input="ANON-XXXXXX\n")
    assert wrong.exit_code == 1 and "did not match" in wrong.output
    right = CliRunner().invoke(cli.app, ["clients", "anonymize", cid], input=f"{cid}\n")
    assert right.exit_code == 0 and "already anonymous" in right.output
