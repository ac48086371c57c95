"""Escalations in the report come from the register: by main rule, by outcome (a hold nobody decided is
"lapsed"), and the hours from opening to the decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.context import Casebot
from bot.oversight.dispatch import upkeep
from bot.oversight.escalations import open_escalation
from bot.oversight.suspicion import Rule
from bot.ports.escalations import Kind
from bot.ports.slack import SlackResult
from bot.registry import admin
from bot.reports.figures import escalations
from bot.reports.month import month_of
from storage.models import Role


class _Slack:
    """Every DM casebot sends about an escalation, answered ok and forgotten."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: SlackResult(True, ts="1.1", channel="D0LEAD0001")


def test_a_hold_nobody_decided_lapses_and_its_wait_is_the_hold_time(app: Casebot) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="coc", name="CoC")
        for user, role in (("U0LEAD0001", Role.HMIS_ADMIN), ("U0MEMBER1", Role.MEMBER)):
            admin.add_user(session, actor="cli:test", slack_user_id=user, agency="coc", role=role)
        for rule in (Rule.REVEAL_BURST, Rule.OUTSIDE_HOURS):
            open_escalation(session, kind=Kind.HELD, rules=[rule], requester="U0MEMBER1", client_ids=["1455"])
    later = datetime.now(UTC) + timedelta(hours=app.settings.escalation_hold_hours, minutes=1)
    upkeep(app, slack=_Slack(), now=later)  # type: ignore[arg-type]
    month = month_of(datetime.now(UTC).strftime("%Y-%m"), now=later)  # the month they were opened in
    with app.db.transaction(write=False) as session:
        e = escalations(session, month)
    assert (e.opened, e.decided) == (2, 2)
    assert e.by_rule == {"outside_hours": 1, "reveal_burst": 1}
    assert e.by_outcome == {"lapsed": 2}
    assert e.median_hours is not None and abs(e.median_hours - app.settings.escalation_hold_hours) < 0.1
