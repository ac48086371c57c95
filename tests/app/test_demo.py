"""`casebot demo` is the README's first command: what it shows a newcomer must be what casebot does."""

from app.demo import ROSTER_SIZE, run_demo, sample_messages
from bot.clients.synthetic import clients
from bot.context import Casebot


def test_the_demo_redacts_its_clients_keeps_a_colleagues_name_and_leaves_an_intact_audit_log(
    app: Casebot,
) -> None:
    said: list[str] = []
    shown = run_demo(app, actor="cli:test", say=said.append)

    people = list(clients(ROSTER_SIZE, seed=2026, first_id=9000))
    assert [m.before for m in shown] == sample_messages(people)
    named = {people[i].first_name for i in (3, 17, 42)} | {people[i].last_name for i in (3, 17, 42)}
    for message in shown:
        assert not any(name.casefold() in message.after.casefold() for name in named), message.after
    assert shown[0].after.startswith("Client 9003 got the voucher! DOB [redacted]")
    assert "(612) 555-0143" not in shown[1].after and "HIV" not in shown[2].after
    assert shown[-1].after == shown[-1].before  # "Maria will follow up": a colleague, not a client
    assert any(line.startswith("audit log intact") for line in said)


def test_running_the_demo_twice_reuses_the_installation(app: Casebot) -> None:
    run_demo(app, actor="cli:test", say=lambda _: None)
    said: list[str] = []
    run_demo(app, actor="cli:test", say=said.append)
    assert said[0].startswith("using the installation in")
    assert "0 imported" in said[1] and f"{ROSTER_SIZE} unchanged" in said[1]
