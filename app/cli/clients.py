"""`casebot clients import | count | mark`: the roster from HUD HMIS CSV, and which fields may be shared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from app.cli.common import (
    actor,
    casebot,
    csv_errors,
    err,
    fail,
    out,
    progress,
)
from bot.clients.importing import ImportRejected, import_clients
from bot.clients.roster import count_clients
from bot.sharing.marks import mark_fields

clients_app = typer.Typer(help="The by-name list: import HMIS CSV, count clients.", no_args_is_help=True)


@clients_app.command("import")
def clients_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="HUD HMIS CSV Client.csv (FY2024 or FY2026 layout)",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    agency: Annotated[str | None, typer.Option(help="slug of the importing agency")] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="import the valid rows and list the invalid ones")
    ] = False,
) -> None:
    """Import or update clients from Client.csv; all-or-nothing unless --skip-invalid.

    Rows are validated first (data-quality codes, SSN and DOB shapes, duplicate PersonalIDs);
    a bad row is reported with its line, column and reason, never its value.
    """
    with casebot() as bot:
        try:
            with progress(path) as tick:
                summary = import_clients(
                    bot, path=path, actor=actor(), agency=agency, skip_invalid=skip_invalid, on_row=tick
                )
        except ImportRejected as exc:
            for error in exc.errors[:50]:
                err.print(f"  {escape(str(error))}", highlight=False)
            if len(exc.errors) > 50:
                err.print(f"  … and {len(exc.errors) - 50} more")
            raise fail(f"{exc} (use --skip-invalid to import the valid rows)") from None
        except csv_errors() as exc:
            raise fail(str(exc)) from None
        for error in summary.errors[:50]:
            err.print(f"  skipped {escape(str(error))}", highlight=False)
        for warning in summary.warnings[:50]:
            err.print(f"  imported with a warning: {escape(str(warning))}", highlight=False)
        out.print(f"{path.name} ({summary.layout}): {summary.line()}")


@clients_app.command("count")
def clients_count() -> None:
    """How many clients are on the roster (identified), anonymous, and deleted."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        counts = count_clients(session)
    out.print(f"{counts.identified} on the roster, {counts.anonymous} anonymous, {counts.deleted} deleted")


@clients_app.command("mark")
def clients_mark(
    client_id: Annotated[str, typer.Argument(help="HMIS PersonalID")],
    field: Annotated[list[str], typer.Option("--field", help="field to mark 'share with ROI/MOU'")],
    clear: Annotated[bool, typer.Option(help="remove the marks instead")] = False,
) -> None:
    """Mark a client's fields "share with ROI/MOU" (roi_mou model): only agencies named by the client's
    ROI, or joined by an MOU to the creating agency, then see them."""
    with casebot() as bot, bot.db.transaction() as session:
        mark_fields(session, actor=actor(), client_id=client_id, fields=field, clear=clear)
    out.print(
        f"client {client_id}: {', '.join(field)} {'unmarked' if clear else 'marked share with ROI/MOU'}"
    )
