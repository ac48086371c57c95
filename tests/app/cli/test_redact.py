"""`casebot redact` as a pipeline uses it: a roster file, a staff file, and lines it cannot read."""

import json
import subprocess
from pathlib import Path

from bot.clients.synthetic import clients, write_client_csv
from tests.app.cli.test_cli import CASEBOT


def redact(tmp_path: Path, stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    roster = tmp_path / "Client.csv"
    people = list(clients(3))
    write_client_csv(roster, people)
    return subprocess.run(
        [CASEBOT, "redact", "--roster", str(roster), *args], input=stdin, capture_output=True, timeout=120
    )


def test_colleagues_named_in_the_staff_file_stay_readable(tmp_path: Path) -> None:
    staff = tmp_path / "staff.txt"
    staff.write_text("Maria Santos\nDave\n", encoding="utf-8")
    message = {"id": "m1", "text": "Maria will do the move-in, Dave has the keys."}
    plain = redact(tmp_path, json.dumps(message).encode() + b"\n")
    kept = redact(tmp_path, json.dumps(message).encode() + b"\n", "--staff", str(staff))
    assert kept.returncode == 0, kept.stderr
    assert json.loads(kept.stdout)["text"] == message["text"]
    assert "Maria" not in json.loads(plain.stdout)["text"]  # without the file, every name may be a client's


def test_an_unreadable_line_gets_its_error_line_the_rest_run_and_the_exit_names_it(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "call 612-555-0143"}).encode(),
        b"{not json",
        b'{"id": "c", "text": "caf\xe9"}',  # Latin-1, not UTF-8
        json.dumps({"id": "d", "text": "ssn 123-45-6789"}).encode(),
    ]
    proc = redact(tmp_path, b"\n".join(lines) + b"\n")
    assert proc.returncode == 1
    assert b"line 2" in proc.stderr and b"Traceback" not in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, None, "d"]
    assert out[1]["line"] == 2 and "JSON" in out[1]["error"]
    assert out[2]["line"] == 3 and "UTF-8" in out[2]["error"]
    assert "[redacted]" in out[3]["text"]
