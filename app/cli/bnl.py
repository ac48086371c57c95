"""`casebot bnl …`: by-name lists, their de-identified posts and encrypted exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.cli.common import (
    actor,
    casebot,
    fail,
    out,
)
from bot.sharing.by_name_lists import BnlError, export, import_list, list_summaries
from storage.export_crypto import ExportCryptoError, open_sealed

bnl_app = typer.Typer(help="By-name lists: list fields, encrypted exports.", no_args_is_help=True)


@bnl_app.command("import")
def bnl_import(
    name: Annotated[str, typer.Argument(help="list name, e.g. east-metro")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import list fields: PersonalID,Priority,Score,Status,AssignedAgency,LastContact.

    Replaces the list's rows; posted copies in Slack update in place.
    """

    with casebot() as bot:
        try:
            summary = import_list(bot, name=name, path=path, actor=actor())
        except BnlError as exc:
            raise fail(str(exc)) from None
    state = "changed" if summary.changed else "unchanged"
    out.print(f"{name}: {summary.rows} clients, {state}, revision {summary.revision}")


@bnl_app.command("export")
def bnl_export(
    name: Annotated[str, typer.Argument(help="list name")],
    out_path: Annotated[Path, typer.Option("--out", help="file to write (must not exist)")],
    agency: Annotated[str, typer.Option(help="the receiving agency: the file holds what it may see")],
    purpose: Annotated[
        str, typer.Option(help="business purpose, e.g. case_conferencing")
    ] = "case_conferencing",
) -> None:
    """Write the list, with the PII the receiving agency may see, as an AES-256-GCM encrypted file.

    The passphrase is generated and printed once: share it by another channel than the file.
    """

    with casebot() as bot:
        try:
            summary = export(bot, name=name, agency=agency, purpose=purpose, actor=actor(), out=out_path)
        except BnlError as exc:
            raise fail(str(exc)) from None
    out.print(
        f"wrote {out_path}: {summary.clients} clients with details, {summary.withheld_clients} with none.\n"
        f"passphrase (shown once, send it separately): {summary.passphrase}\n"
        f"the recipient runs: casebot bnl decrypt {out_path.name} --out list.csv",
        highlight=False,
    )


@bnl_app.command("decrypt")
def bnl_decrypt(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    out_path: Annotated[Path, typer.Option("--out", help="where to write the CSV (must not exist)")],
) -> None:
    """Decrypt an export with its passphrase (asked for, not echoed). Needs no casebot installation."""
    import os


    passphrase = typer.prompt("passphrase", hide_input=True)
    try:
        plain = open_sealed(path.read_bytes(), passphrase=passphrase)
    except ExportCryptoError as exc:
        raise fail(str(exc)) from None
    try:
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise fail(f"{out_path} already exists") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(plain)
    out.print(f"wrote {out_path} (mode 600). Delete it when you no longer need it.")


@bnl_app.command("list")
def bnl_list() -> None:
    """List the by-name lists and where they are posted."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        summaries = list_summaries(session)
    table = Table("list", "clients", "revision", "posted in")
    for summary in summaries:
        table.add_row(summary.name, str(summary.clients), str(summary.revision), ", ".join(summary.channels))
    out.print(table)
