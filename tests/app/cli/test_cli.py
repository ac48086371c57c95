"""The `casebot` command as an operator uses it, in a real subprocess."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import main as cli
from bot.clients.synthetic import clients, write_client_csv
from storage.crypto import MasterKey
from tests.conftest import FIXTURES

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"

COMMANDS = [
    [],
    ["init"],
    ["db"],
    ["db", "upgrade"],
    ["config", "check"],
    ["keys", "rotate"],
    ["keys", "generate"],
    ["clients", "import"],
    ["clients", "count"],
    ["agency", "add"],
    ["agency", "list"],
    ["user", "add"],
    ["user", "remove"],
    ["user", "list"],
    ["roi", "grant"],
    ["roi", "revoke"],
    ["roi", "list"],
    ["mou", "add"],
    ["mou", "end"],
    ["mou", "list"],
    ["channel", "add"],
    ["channel", "remove"],
    ["channel", "list"],
    ["audit", "verify"],
    ["audit", "checkpoint"],
    ["audit", "client"],
    ["audit", "export"],
    ["audit", "prove"],
    ["audit", "check-proof"],
    ["audit", "pubkey"],
    ["totp", "reset"],
    ["clients", "mark"],
    ["bnl", "import"],
    ["bnl", "export"],
    ["bnl", "decrypt"],
    ["bnl", "list"],
]


def run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, timeout=120)
    if ok:
        assert proc.returncode == 0, f"casebot {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "casebot")
def test_every_command_explains_itself(command: list[str]) -> None:
    result = CliRunner().invoke(cli.app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    usage = result.output.split("Usage:")[1]
    assert len([line for line in usage.splitlines() if line.strip(" │╭╮╰╯─")]) > 3


def test_an_operator_sets_up_an_installation(env_for: dict[str, str], tmp_path: Path) -> None:
    init = run(env_for, "init")
    assert "master key written" in init.stdout or "DATABASE_URL" in env_for
    assert "already initialised" in run(env_for, "init", ok=False).stderr
    run(env_for, "agency", "add", "hope-house", "Hope House")
    run(env_for, "user", "add", "U0123ABCD", "--agency", "hope-house", "--role", "supervisor")
    assert "U0123ABCD" in run(env_for, "user", "list").stdout
    refused = run(env_for, "channel", "add", "C0CASE123", ok=False)
    assert refused.returncode == 1 and "--private" in refused.stderr
    run(env_for, "channel", "add", "C0CASE123", "--private", "--name", "cc-north")
    csv_path = tmp_path / "Client.csv"
    write_client_csv(csv_path, list(clients(25)))
    imported = run(env_for, "clients", "import", str(csv_path), "--agency", "hope-house")
    assert "25 imported, 0 updated, 0 unchanged, 0 rejected" in imported.stdout
    assert "0 imported, 0 updated, 25 unchanged" in run(env_for, "clients", "import", str(csv_path)).stdout
    assert "25 on the roster" in run(env_for, "clients", "count").stdout
    run(env_for, "roi", "grant", "100003", "--agency", "hope-house", "--starts", "2026-01-01")
    assert "100003" in run(env_for, "roi", "list").stdout
    rotated = run(env_for, "keys", "rotate")
    assert "re-wrapped 25 client keys" in rotated.stdout
    assert "25 on the roster" in run(env_for, "clients", "count").stdout
    assert "audit log intact" in run(env_for, "audit", "verify").stdout
    # every command that appended already signed its checkpoint on the way out
    assert "no new audit rows since the last checkpoint" in run(env_for, "audit", "checkpoint").stdout
    proof = tmp_path / "proof.json"
    proof.write_text(run(env_for, "audit", "prove", "2").stdout)
    pubkey = run(env_for, "audit", "pubkey").stdout.strip()
    assert (
        "row 2 is in the audit log"
        in run(env_for, "audit", "check-proof", str(proof), "--public-key", pubkey).stdout
    )
    export = run(env_for, "audit", "export", "--since", "2020-01-01").stdout
    assert export.splitlines()[0].startswith("seq,occurred_at,actor,action")
    assert "user.add" in export and "clients.import" in export
    assert "audit.exported" in export  # the export itself is in the log it exports
    assert "no disclosures of client 100003" in run(env_for, "audit", "client", "100003").stdout
    again = run(env_for, "audit", "export", "--since", "2020-01-01").stdout
    assert "audit.accounting_viewed" in again and ",100003," in again  # and so is who looked


BEFORE_INIT = [
    ["agency", "list"],
    ["user", "list"],
    ["clients", "count"],
    ["channel", "list"],
    ["roi", "list"],
    ["bnl", "list"],
    ["meeting", "list"],
    ["incidents", "list"],
    ["escalations", "list"],
    ["audit", "client", "100003"],
]


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc
    assert "Traceback" not in proc.stderr + proc.stdout and "sqlalchemy" not in proc.stderr.lower()
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    return " ".join(lines)  # rich wraps one message over lines on a narrow terminal


@pytest.mark.parametrize("command", BEFORE_INIT, ids=" ".join)
def test_before_init_a_command_says_to_run_init_and_creates_nothing(
    env_for: dict[str, str], command: list[str]
) -> None:
    message = one_line_error(run(env_for, *command, ok=False))
    if "DATABASE_URL" in env_for:
        assert "has no casebot schema: run `casebot init` first" in message
    else:
        assert "no casebot installation in" in message and "run `casebot init` first" in message
        assert not Path(env_for["CASEBOT_DATA_DIR"]).exists()


def test_an_unreachable_postgresql_is_one_line_without_the_password(env_for: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**env_for, "DATABASE_URL": f"postgresql://casebot:s3cret-pw@127.0.0.1:{port}/casebot"}
    message = one_line_error(run(env, "agency", "list", ok=False))
    assert f"cannot reach PostgreSQL at 127.0.0.1:{port}/casebot" in message
    assert "s3cret-pw" not in message


def test_the_accounting_of_an_id_never_on_the_roster_says_so(env_for: dict[str, str]) -> None:
    run(env_for, "init")
    assert "no client '424242' was ever on the roster" in one_line_error(
        run(env_for, "audit", "client", "424242", ok=False)
    )


def test_casebot_says_its_version() -> None:
    proc = subprocess.run([CASEBOT, "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip().startswith("casebot 0.")


def _file_with_a_bad_code(tmp_path: Path) -> Path:
    path = tmp_path / "Client.csv"
    write_client_csv(path, list(clients(3)))
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace(",1,", ",42,", 1)  # NameDataQuality 42
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_strict_import_names_lines_and_writes_nothing(env_for: dict[str, str], tmp_path: Path) -> None:
    run(env_for, "init")
    proc = run(env_for, "clients", "import", str(_file_with_a_bad_code(tmp_path)), "--strict", ok=False)
    assert proc.returncode == 1
    assert "line 3" in proc.stderr and "NameDataQuality" in proc.stderr
    assert "1 invalid row(s); nothing was imported (without --strict the readable rows are imported)" in (
        " ".join(proc.stderr.split())
    )
    assert "Traceback" not in proc.stderr
    assert "0 on the roster" in run(env_for, "clients", "count").stdout


def test_an_import_lists_warnings_and_counts_problems(env_for: dict[str, str], tmp_path: Path) -> None:
    run(env_for, "init")
    messy = FIXTURES / "hmis" / "fy2024_messy.csv"
    proc = run(env_for, "clients", "import", str(messy), "--show", "3")
    assert (
        "fy2024_messy.csv (FY2024): 8 imported, 0 updated, 0 unchanged, 2 rejected, 1 exact repeat(s) skipped"
        in proc.stdout
    )
    err = proc.stderr
    assert "not imported: line 9, column PersonalID: required" in err
    assert err.count("warning: line ") == 3, "--show 3 lists the first three warnings"
    assert "… and 15 more" in err and "(18 warnings)" in proc.stdout
    assert "problems, by count:" in err
    assert "2  DateUpdated: not in the HUD format YYYY-MM-DD HH:MM:SS; read as a date and time" in err
    assert "PersonalID: repeats line N exactly; imported once" in err
    for value in ("Abe", "Messy", "111223333", "1971-01-02", "222 33 4444", "08-MAY-67"):
        assert value not in err + proc.stdout, "no value of the file is shown"
    assert "8 on the roster" in run(env_for, "clients", "count").stdout


def test_an_import_over_the_size_limit_says_which_setting(env_for: dict[str, str], tmp_path: Path) -> None:
    run(env_for, "init")
    env = {**env_for, "CASEBOT_IMPORT_MAX_BYTES": "100"}
    message = one_line_error(run(env, "clients", "import", str(_file_with_a_bad_code(tmp_path)), ok=False))
    assert "over the import limit of 100 bytes (CASEBOT_IMPORT_MAX_BYTES)" in message


def test_config_check_never_prints_secrets(env_for: dict[str, str]) -> None:
    master = MasterKey.generate().to_text()
    env = {
        **env_for,
        "CASEBOT_MASTER_KEY": master,
        "SLACK_BOT_TOKEN": "xoxb-canary-bot-token-4242",
        "SLACK_SIGNING_SECRET": "canary-signing-secret-4242",
        "SLACK_ADMIN_USER_TOKEN": "xoxp-canary-4242",
    }
    run(env, "init")
    proc = run(env, "config", "check")
    output = proc.stdout + proc.stderr
    for secret in (master, "xoxb-canary-bot-token-4242", "canary-signing-secret-4242", "xoxp-canary-4242"):
        assert secret not in output
    if "DATABASE_URL" in env:
        from sqlalchemy.engine import make_url

        password = make_url(env["DATABASE_URL"]).password
        if password:
            assert password not in output


def test_config_check_fails_clearly_before_init(env_for: dict[str, str]) -> None:
    proc = run(env_for, "config", "check", ok=False)
    assert proc.returncode == 1
    assert "casebot init" in proc.stdout + proc.stderr
