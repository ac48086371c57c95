"""`casebot demo` is the README's first command: what it shows a newcomer must be what casebot does, and
it runs in a throwaway installation of its own, never in the configured one."""

from sqlalchemy import func, select

from app.demo import ROSTER_SIZE, run_demo, sample_messages
from bot.clients.synthetic import clients
from bot.context import Casebot
from storage.models import Agency, AuditEvent, Channel, Client


def test_the_demo_redacts_its_clients_keeps_a_colleagues_name_and_leaves_an_intact_audit_log() -> None:
    said: list[str] = []
    shown = run_demo(actor="cli:test", say=said.append)

    people = list(clients(ROSTER_SIZE, seed=2026, first_id=9000))
    assert [m.before for m in shown] == sample_messages(people)
    named = {people[i].first_name for i in (3, 17, 42)} | {people[i].last_name for i in (3, 17, 42)}
    for message in shown:
        assert not any(name.casefold() in message.after.casefold() for name in named), message.after
    assert shown[0].after.startswith("Client 9003 got the voucher! DOB [redacted]")
    assert "(612) 555-0143" not in shown[1].after and "HIV" not in shown[2].after
    assert shown[-1].after == shown[-1].before  # "Maria will follow up": a colleague, not a client
    assert any(line.startswith("audit log intact") for line in said)


def counts(app: Casebot) -> tuple[int, ...]:
    with app.db.transaction(write=False) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t)) for t in (Client, Agency, Channel, AuditEvent)
        )


def test_the_demo_never_touches_the_configured_installation(app: Casebot, monkeypatch) -> None:
    for name, value in (
        ("CASEBOT_DATA_DIR", str(app.settings.data_dir)),
        ("DATABASE_URL", app.settings.database_url_value()),
        ("REDIS_URL", app.settings.redis_url.get_secret_value() if app.settings.redis_url else ""),
    ):
        monkeypatch.setenv(name, value)
    before = counts(app)
    said: list[str] = []
    run_demo(actor="cli:test", say=said.append)
    assert counts(app) == before
    assert str(app.settings.data_dir) not in " ".join(said)
    assert said[0].startswith("created a throwaway installation in") and "thrown away" in said[-1]


def test_the_demo_writes_a_report_with_something_in_every_section_and_no_clients_pii(tmp_path) -> None:
    import re

    from pypdf import PdfReader

    said: list[str] = []
    run_demo(actor="cli:test", say=said.append, report=tmp_path / "demo.html")
    html = (tmp_path / "demo.html").read_text()
    pdf = "\n".join(p.extract_text() or "" for p in PdfReader(tmp_path / "demo.pdf").pages)
    cards = dict((label, value) for value, label in re.findall(r"<b>([^<]*)</b><span>([^<]*)</span>", html))
    assert cards["messages redacted"] == "5" and cards["disclosures"] == "4" and cards["refusals"] == "1"
    assert cards["opened"] == "2" and cards["accesses ended"] == "1" and cards["failed codes"] == "2"
    assert "Baseline: 7 of 7 items pass." in html
    for person in list(clients(ROSTER_SIZE, seed=2026, first_id=9000))[:50]:
        dob = f"{person.dob:%m/%d/%Y}" if person.dob else "-"
        for value in (person.first_name, person.last_name, dob, person.ssn or "-"):
            if len(value) > 3:  # short first names are English words too ("Ann", "Al")
                assert value not in html and value not in pdf, value
    assert any("privacy and security report" in line for line in said)
