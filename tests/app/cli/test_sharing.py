"""By-name list import, encrypted export and decryption, TOTP reset, share marks: as an operator runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from bot.clients.importing import import_clients
from bot.clients.synthetic import clients, write_client_csv
from bot.context import Casebot
from bot.errors import AdminError
from bot.ports.disclosure import Target
from bot.ports.places import Place
from bot.ports.slack import Member, SlackResult
from bot.registry import admin
from bot.sharing import by_name_lists as bnl
from bot.sharing import identity
from bot.sharing.disclosure import disclose
from bot.sharing.marks import mark_fields
from storage import audit
from storage.export_crypto import ExportCryptoError, new_passphrase, open_sealed, seal
from storage.kv import connect
from storage.models import AuditEvent, Role, TotpEnrollment
from tests.canary import CANARY

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"
FULL_MEMBER = Member(user_id="U0MEMBER1", deleted=False, guest=False, external=False)
PLANTED = ("Zephyrinaqa", "Vorthmundsen", "Quillonetta", "517294836", "517-29-4836", "1983-11-27")


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def seeded(app: Casebot, tmp_path: Path) -> Casebot:
    # Redis keys of this test's own: CI's Redis is shared, and a replay cache must not outlive the test.
    app.__dict__["kv"] = app.kv.with_namespace(f"test-{uuid.uuid4().hex}")
    path = tmp_path / "Client.csv"
    write_client_csv(path, [CANARY, *clients(5)])
    import_clients(app, path=path, actor="cli:test")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_agency(session, actor="cli:test", slug="river-shelter", name="River Shelter")
        admin.add_user(
            session, actor="cli:test", slack_user_id="U0MEMBER1", agency="hope-house", role=Role.MEMBER
        )
    return app


def list_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("PersonalID,Priority,Score,Status,AssignedAgency,LastContact\n" + body)
    return path


def test_bnl_import_is_all_or_nothing_and_names_line_and_column(seeded: Casebot, tmp_path: Path) -> None:
    cases = [
        ("777001,x,1,active,,\n", "line 2, column Priority"),
        ("777001,1,1,sleeping,,\n", "line 2, column Status"),
        ("777001,1,1,active,nowhere,\n", "no agency 'nowhere'"),
        ("777001,1,1,active,,31/12/2026\n", "line 2, column LastContact"),
        ("999999,1,1,active,,\n", "client 999999 is not on the roster"),
        ("777001,1,1,active,,\n777001,2,2,active,,\n", "line 3, column PersonalID"),
    ]
    for body, message in cases:
        with pytest.raises(bnl.BnlError, match=re.escape(message)):
            bnl.import_list(seeded, name="east", path=list_file(tmp_path, body), actor="cli:test")
    with seeded.db.transaction(write=False) as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "bnl.import")) is None
    first = bnl.import_list(
        seeded, name="east", path=list_file(tmp_path, "777001,1,9,active,hope-house,\n"), actor="t"
    )
    again = bnl.import_list(
        seeded, name="east", path=list_file(tmp_path, "777001,1,9,active,hope-house,\n"), actor="t"
    )
    assert (first.revision, again.changed, again.revision) == (1, False, 1)


def test_export_is_encrypted_audited_per_client_and_decrypts_with_the_passphrase(
    seeded: Casebot, env_for: dict[str, str], tmp_path: Path
) -> None:
    bnl.import_list(
        seeded,
        name="east",
        path=list_file(tmp_path, "777001,1,9,active,,2026-05-20\n100000,2,5,matched,,\n"),
        actor="t",
    )
    out = tmp_path / "east.casebot"
    result = run(env_for, "bnl", "export", "east", "--out", str(out), "--agency", "hope-house")
    assert result.returncode == 0, result.stderr
    (passphrase,) = re.findall(r"passphrase \(shown once, send it separately\): (\S+)", result.stdout)
    blob = out.read_bytes()
    assert oct(out.stat().st_mode)[-3:] == "600"
    assert not any(v.encode() in blob for v in PLANTED)
    assert not any(v in result.stdout + result.stderr for v in PLANTED)

    rows = [r for r in audit_rows(seeded) if r["action"] == audit.DISCLOSURE]
    assert {r["client_id"] for r in rows} == {"777001", "100000"}
    assert all(r["delivery"] == "export" and r["agency"] == "hope-house" for r in rows)
    assert all(r["actor"].startswith("cli:") and r["purpose"] == "case_conferencing" for r in rows)
    assert not any(v in json.dumps(audit_rows(seeded)) for v in PLANTED)

    wrong = run(env_for, "bnl", "decrypt", str(out), "--out", str(tmp_path / "x.csv"), stdin="not-it\n")
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr and not (tmp_path / "x.csv").exists()
    plain = tmp_path / "east.csv"
    ok = run(env_for, "bnl", "decrypt", str(out), "--out", str(plain), stdin=passphrase + "\n")
    assert ok.returncode == 0, ok.stderr
    text = plain.read_text()
    assert "Zephyrinaqa Quillonetta Vorthmundsen" in text and "517-29-4836" in text
    assert text.splitlines()[0].startswith(
        "client_id,priority,score,status,assigned_agency,last_contact,name,dob"
    )
    # An existing file is never overwritten.
    again = run(env_for, "bnl", "export", "east", "--out", str(out), "--agency", "hope-house")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_export_holds_only_what_the_receiving_agency_may_see(seeded: Casebot, tmp_path: Path) -> None:
    with seeded.db.transaction() as session:
        from storage.models import Agency, Client

        river = session.scalar(select(Agency).where(Agency.slug == "river-shelter"))
        session.get(Client, "777001").agency_id = river.id
        mark_fields(session, actor="t", client_id="777001", fields=["ssn"])
    bnl.import_list(seeded, name="east", path=list_file(tmp_path, "777001,1,9,active,,\n"), actor="t")
    out = tmp_path / "e.bin"
    summary = bnl.export(
        seeded, name="east", agency="hope-house", purpose="case_conferencing", actor="cli:t", out=out
    )
    assert "passphrase hidden" in repr(summary)
    text = open_sealed(out.read_bytes(), passphrase=summary.passphrase).decode()
    assert "Vorthmundsen" in text and "517-29-4836" not in text
    (row,) = [r for r in audit_rows(seeded) if r["action"] == audit.DISCLOSURE]
    assert "ssn" not in row["fields"] and "ssn" in row["withheld"]


def test_sealed_files_refuse_a_wrong_passphrase_and_any_altered_byte() -> None:
    passphrase = new_passphrase()
    assert len(passphrase) == 35 and passphrase != new_passphrase()
    blob = seal(b"client_id\n777001\n", passphrase=passphrase)
    assert open_sealed(blob, passphrase=passphrase) == b"client_id\n777001\n"
    with pytest.raises(ExportCryptoError):
        open_sealed(blob, passphrase=new_passphrase())
    for i in (0, 20, len(blob) - 1):
        altered = bytearray(blob)
        altered[i] ^= 1
        with pytest.raises(ExportCryptoError):
            open_sealed(bytes(altered), passphrase=passphrase)


def test_totp_reset_from_the_cli_is_audited_and_ends_the_session(
    seeded: Casebot, env_for: dict[str, str]
) -> None:
    enrollment = identity.begin_enrollment(seeded, slack_user_id="U0MEMBER1", member=FULL_MEMBER)
    secret = re.search(r"secret=([A-Z2-7]+)", enrollment.uri).group(1)
    assert "uri hidden" in repr(enrollment)
    assert identity.confirm_enrollment(
        seeded, slack_user_id="U0MEMBER1", code=pyotp.TOTP(secret).now(), member=FULL_MEMBER
    ).outcome == (identity.Verify.VERIFIED)
    result = run(env_for, "totp", "reset", "U0MEMBER1")
    assert result.returncode == 0 and "reset" in result.stdout
    with seeded.db.transaction(write=False) as session:
        assert session.get(TotpEnrollment, "U0MEMBER1") is None
        assert identity.verified_session(seeded, session, slack_user_id="U0MEMBER1") is None
    (row,) = [r for r in audit_rows(seeded) if r["action"] == "totp.reset"]
    assert row["user"] == "U0MEMBER1" and row["had_enrollment"] is True and row["actor"].startswith("cli:")
    assert not any(secret in json.dumps(r) for r in audit_rows(seeded))


def test_a_session_ends_after_the_idle_window(seeded: Casebot) -> None:
    enrollment = identity.begin_enrollment(seeded, slack_user_id="U0MEMBER1", member=FULL_MEMBER)
    secret = re.search(r"secret=([A-Z2-7]+)", enrollment.uri).group(1)
    identity.confirm_enrollment(
        seeded, slack_user_id="U0MEMBER1", code=pyotp.TOTP(secret).now(), member=FULL_MEMBER
    )
    key = seeded.kv._k("identity:session:U0MEMBER1")
    assert 0 < seeded.kv._r.ttl(key) <= 15 * 60
    seeded.kv._r.expire(key, 1)
    with seeded.db.transaction(write=False) as session:
        assert identity.verified_session(seeded, session, slack_user_id="U0MEMBER1") is not None
    assert seeded.kv._r.ttl(key) > 60


def test_mark_refuses_restricted_fields_and_unknown_ones(seeded: Casebot) -> None:
    with seeded.db.transaction() as session, pytest.raises(AdminError, match="restricted data"):
        mark_fields(session, actor="t", client_id="777001", fields=["health"])
    with seeded.db.transaction() as session, pytest.raises(AdminError, match="unknown field"):
        mark_fields(session, actor="t", client_id="777001", fields=["shoe_size"])


class Recorder:
    """The two SlackPort calls the door makes for a reveal, recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def member(self, *, user: str) -> Member:
        return Member(user, deleted=False, guest=False, external=False)

    def show_disclosure(self, **kw: object) -> SlackResult:
        self.calls.append(("disclosure", kw))
        return SlackResult(True)

    def show_refusal(self, **kw: object) -> SlackResult:
        self.calls.append(("refusal", kw))
        return SlackResult(True)


def verified(app: Casebot) -> None:
    enrollment = identity.begin_enrollment(app, slack_user_id="U0MEMBER1", member=FULL_MEMBER)
    secret = re.search(r"secret=([A-Z2-7]+)", enrollment.uri).group(1)
    identity.confirm_enrollment(
        app, slack_user_id="U0MEMBER1", code=pyotp.TOTP(secret).now(), member=FULL_MEMBER
    )


def reveal_to_member(app: Casebot, slack: Recorder, target: Target):
    return disclose(
        app, slack=slack, requester="U0MEMBER1", client_id="777001", purpose="outreach", target=target,
        today=date(2026, 6, 1),
    )  # fmt: skip


def test_ephemeral_delivery_goes_to_the_requester_only(seeded: Casebot) -> None:
    """The door's other private channel: an ephemeral message to the requester, never a post."""
    verified(seeded)
    slack = Recorder()
    target = Target(user="U0MEMBER1", place=Place("C0CASE001"))
    outcome = reveal_to_member(seeded, slack, target)
    assert [c[0] for c in slack.calls] == ["disclosure"] and slack.calls[0][1]["target"] is target
    assert outcome.revealed is not None and "Zephyrinaqa" not in repr(outcome.revealed)
    (row,) = [r for r in audit_rows(seeded) if r["action"] == audit.DISCLOSURE]
    assert row["delivery"] == "ephemeral"


def test_with_redis_down_a_verified_person_is_told_the_service_is_unavailable(
    seeded: Casebot, tmp_path: Path
) -> None:
    verified(seeded)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    seeded.__dict__["kv"] = connect(url=f"redis://127.0.0.1:{closed}/0", embedded_path=tmp_path / "unused")
    slack = Recorder()
    outcome = reveal_to_member(seeded, slack, Target(user="U0MEMBER1", place=Place("C0CASE001")))
    assert outcome.revealed is None and outcome.reason == "unavailable"
    assert [c[0] for c in slack.calls] == ["refusal"]


def audit_rows(app: Casebot) -> list[dict]:
    with app.db.transaction(write=False) as session:
        return [
            {"actor": r.actor, "action": r.action, "client_id": r.client_id, **json.loads(r.detail)}
            for r in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
