"""`casebot clients import | count | mark`: the roster from HUD HMIS CSV, and which fields may be shared."""

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
            help="HUD HMIS CSV Client.csv (FY2022, FY2024 or FY2026 layout)",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    agency: Annotated[str | None, typer.Option(help="slug of the importing agency")] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="all or nothing: one row that breaks the HUD specification and nothing is written",
        ),
    ] = False,
    show: Annotated[int, typer.Option("--show", min=0, help="how many warnings and errors to list")] = 20,
) -> None:
    """Import or update clients from Client.csv.

    Lenient by default: every row with a PersonalID and a name, DOB or SSN is imported; a value
    that breaks the specification is read another way or left out, with a warning naming its line
    and column (never its value). The file is refused only when it cannot be read or repeats a
    PersonalID with other values. --strict refuses the whole file for any invalid row.
    """
    with casebot() as bot:
        try:
            with progress(path) as tick:
                summary = import_clients(
                    bot, path=path, actor=actor(), agency=agency, strict=strict, on_row=tick
                )
        except ImportRejected as exc:
            _first(exc.errors, show=show)
            hint = " (without --strict the readable rows are imported)" if strict else ""
            raise fail(f"{exc}{hint}") from None
        except csv_errors() as exc:
            raise fail(str(exc)) from None
        _first(summary.errors, show=show, prefix="not imported: ")
        _first(summary.warnings, show=show, prefix="warning: ", total=summary.warning_total)
        if summary.problems:
            err.print("problems, by count:")
            for problem, count in summary.problems.most_common():
                err.print(f"  {count:>7,}  {escape(problem)}", highlight=False)
        out.print(f"{path.name} ({summary.layout}): {summary.line()}")


def _first(items: list, *, show: int, prefix: str = "", total: int | None = None) -> None:
    """The first ``show`` problems (line, column, reason: never a value), then how many more."""
    for item in items[:show]:
        err.print(f"  {prefix}{escape(str(item))}", highlight=False)
    more = (len(items) if total is None else total) - min(show, len(items))
    if more > 0:
        err.print(f"  … and {more:,} more")


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
