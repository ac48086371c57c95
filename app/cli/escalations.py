"""`casebot escalations list|suspended` and `casebot user restore`: escalations from the command line.

Registered by ``app.cli.main``: ``escalations_app`` is the `casebot escalations`
sub-app, and ``register(user_app)`` adds `user restore` beside `user add|remove`.
``app.cli.main`` is imported inside the commands, not at the top, because it imports
this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from app.cli.common import actor, casebot, out
from bot.oversight.escalations import recent_escalations, restore_user, suspended_users
from bot.oversight.suspicion import Rule, parse_rules
from bot.settings import Settings

escalations_app = typer.Typer(
    help="Requests held for a supervisor, notices, and suspended users.", no_args_is_help=True
)


@escalations_app.command("list")
def escalations_list(
    all_rows: Annotated[bool, typer.Option("--all", help="decided ones too, not only pending")] = False,
    limit: Annotated[int, typer.Option(help="at most this many, newest first", min=1)] = 50,
) -> None:
    """Escalations: who, which clients, which rule, and who decided (IDs and codes only, never PII)."""

    with casebot() as bot, bot.db.transaction(write=False) as session:
        rows = recent_escalations(session, pending_only=not all_rows, limit=limit)
        table = Table(
            "#", "opened (UTC)", "kind", "rules", "requester", "agency", "clients", "status", "decided by"
        )
        for row, agency in rows:
            table.add_row(
                str(row.id),
                f"{row.opened_at:%Y-%m-%d %H:%M}",
                row.kind,
                ", ".join(row.rules or ()),
                row.requester,
                agency or "-",
                ", ".join(row.client_ids or ()) or "-",
                row.status,
                row.decided_by or "-",
            )
        out.print(table)


@escalations_app.command("suspended")
def escalations_suspended() -> None:
    """Users a supervisor suspended, until `casebot user restore` lifts it."""

    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("Slack user", "suspended (UTC)", "by", "escalation")
        for row in suspended_users(session):
            table.add_row(
                row.slack_user_id,
                f"{row.suspended_at:%Y-%m-%d %H:%M}",
                row.suspended_by,
                str(row.escalation_id or "-"),
            )
        out.print(table)


def config_rows(add_row: Callable[..., None], settings: Settings) -> None:
    """`casebot config check`: which suspicion rules run, and their limits."""

    rules = parse_rules(settings.escalation_rules)
    named = "all" if rules == frozenset(Rule) else ", ".join(r.value for r in Rule if r in rules) or "none"
    hours = (
        f"{settings.request_hours} {settings.request_days} {settings.timezone}"
        if settings.request_hours
        else "off (CASEBOT_REQUEST_HOURS not set)"
    )
    add_row(
        "escalations",
        f"rules {named}; held above {settings.reveal_burst_max} reveals in {settings.reveal_burst_minutes} "
        f"min; hours {hours}; HMIS lead after {settings.escalation_lead_minutes} min; holds lapse after "
        f"{settings.escalation_hold_hours} h",
    )


def user_restore(slack_user_id: Annotated[str, typer.Argument(help="Slack member ID")]) -> None:
    """Lift a supervisor's suspension: the person gets their agency and role back (audited).
    They verify again before they see anything."""

    with casebot() as bot, bot.db.transaction() as session:
        restore_user(session, actor=actor(), slack_user_id=slack_user_id)
    out.print(f"{slack_user_id} restored")


def register(user_app: typer.Typer) -> None:
    """Add `casebot user restore USER`."""
    user_app.command("restore")(user_restore)
