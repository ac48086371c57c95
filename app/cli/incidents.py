"""`casebot incidents …` (the incident register) and `casebot user reconcile` (offboarding against Slack).

Registered by ``app.cli.main``; the shared helpers (``casebot()``, ``actor()``,
``fail()``) are looked up there at call time, so importing this module never
depends on import order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from app.cli import common as cli
from app.slack_app import api_base_url, web_client
from bot.clients.roster import redactor_from_db
from bot.context import Casebot
from bot.oversight.incidents import IncidentError, add_note, close, list_incidents, show
from bot.people.reconcile import DirectoryError, ReconcileRefused, reconcile
from handlers.slack_api.directory import SlackDirectory

incidents_app = typer.Typer(
    help="The incident register: reports and incidents, notes, closing with corrective action. "
    "Nothing here can be deleted.",
    no_args_is_help=True,
)


def _cli():  # type: ignore[no-untyped-def]

    return cli


@contextmanager
def _register() -> Iterator[Casebot]:
    """The installation, with the register's expected failures turned into one clear line."""

    cli = _cli()
    with cli.casebot() as bot:
        try:
            yield bot
        except IncidentError as exc:
            raise cli.fail(str(exc)) from None


def _redactor(bot: Casebot):  # type: ignore[no-untyped-def]
    """The roster-aware redactor, built from the database: free text is redacted before it is stored."""

    return redactor_from_db(bot).redact


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else ""


@incidents_app.command("list")
def incidents_list(
    open_only: Annotated[bool, typer.Option("--open", help="only incidents not yet closed")] = False,
) -> None:
    """Incidents, newest first: number, category, status, who reported, client IDs. No free text."""

    with _register() as bot:
        rows = list_incidents(bot, open_only=open_only)
    table = Table("#", "category", "status", "opened", "reported by", "agency", "client IDs", "codes")
    for r in rows:
        table.add_row(
            str(r.id),
            r.label,
            "open" if r.is_open else f"closed {_when(r.closed_at)}",
            _when(r.opened_at),
            r.reported_by,
            r.agency or "",
            ", ".join(r.client_ids),
            ", ".join(r.summary_codes),
        )
    _cli().out.print(table)
    _cli().out.print(f"{len(rows)} incident(s)" + (" open" if open_only else ""))


@incidents_app.command("show")
def incidents_show(incident_id: Annotated[int, typer.Argument(help="incident number")]) -> None:
    """One incident: the (redacted) description, notes and closure. Reading it is audited."""

    cli = _cli()
    with _register() as bot:
        detail = show(bot, incident_id=incident_id, viewer=cli.actor())
    s = detail.summary
    out = cli.out
    out.print(f"[bold]Incident #{s.id}[/]: {escape(s.label)} ({'open' if s.is_open else 'closed'})")
    out.print(f"opened {_when(s.opened_at)} by {s.reported_by}" + (f" ({s.agency})" if s.agency else ""))
    if s.client_ids:
        out.print(f"client IDs: {', '.join(s.client_ids)}")
    if s.summary_codes:
        out.print(f"codes: {', '.join(s.summary_codes)}")
    if detail.description:
        out.print("\n[bold]Description[/] (redacted):")
        out.print(escape(detail.description), highlight=False)
    for note in detail.notes:
        out.print(f"\n[bold]Note[/] {_when(note.created_at)} by {note.author}:")
        out.print(escape(note.text), highlight=False)
    if not s.is_open:
        out.print(f"\n[bold]Closed[/] {_when(s.closed_at)} by {detail.closed_by}. Corrective action:")
        out.print(escape(detail.corrective_action or ""), highlight=False)


@incidents_app.command("note")
def incidents_note(
    incident_id: Annotated[int, typer.Argument(help="incident number")],
    text: Annotated[str, typer.Argument(help="the update (PII is redacted before it is stored)")],
) -> None:
    """Add a note (an update) to an incident, open or closed. Notes cannot be edited or removed."""

    cli = _cli()
    with _register() as bot:
        add_note(bot, redact=_redactor(bot), incident_id=incident_id, author=cli.actor(), text=text)
    cli.out.print(f"note added to incident #{incident_id}")


@incidents_app.command("close")
def incidents_close(
    incident_id: Annotated[int, typer.Argument(help="incident number")],
    corrective_action: Annotated[
        str, typer.Option("--corrective-action", help="what was done about it (required)")
    ],
) -> None:
    """Close an incident with the corrective action taken. A closed incident stays in the register."""

    cli = _cli()
    with _register() as bot:
        close(
            bot,
            redact=_redactor(bot),
            incident_id=incident_id,
            actor=cli.actor(),
            corrective_action=corrective_action,
        )
    cli.out.print(f"incident #{incident_id} closed")


# --- offboarding --------------------------------------------------------------------------------------


def users_reconcile(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="show what would change; change nothing")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="apply even when more than CASEBOT_RECONCILE_MAX_FRACTION of users would be disabled "
            "(never applies an empty or partly read list)",
        ),
    ] = False,
) -> None:
    """Compare Slack's user list with casebot's active users and end access for anyone deactivated,
    turned guest or external, or gone from the workspace. Audited; run daily by `casebot serve` too."""

    cli = _cli()
    with cli.casebot() as bot:
        settings = bot.settings
        if settings.slack_bot_token is None:
            raise cli.fail("SLACK_BOT_TOKEN is not set: casebot needs it to read Slack's user list")
        client = web_client(token=settings.slack_bot_token, base_url=api_base_url(settings.slack_api_url))
        try:
            result = reconcile(
                bot, directory=SlackDirectory(client), actor=cli.actor(), dry_run=dry_run, force=force
            )
        except (DirectoryError, ReconcileRefused) as exc:
            raise cli.fail(f"reconciliation stopped, nobody was disabled: {exc}") from None
    table = Table("Slack user", "agency", "role", "reason", "action")
    for change in result.changes:
        table.add_row(
            change.slack_user_id,
            change.agency,
            change.role,
            change.reason,
            "disabled" if result.applied else "would disable",
        )
    out = cli.out
    if result.changes:
        out.print(table)
    verb = "disabled" if result.applied else "would be disabled"
    out.print(
        f"Slack lists {result.listed} member(s); casebot had {result.active} active user(s); "
        f"{len(result.changes)} {verb}" + ("" if result.applied else " (dry run: nothing changed)")
    )
