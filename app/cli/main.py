"""The `casebot` command: set up, administer and run casebot.

Every subcommand explains itself with --help. Administrative changes are
written to the audit log under the operator's login name. Each group of
sub-commands lives in its own module; this one only puts them together.
"""

from __future__ import annotations

import logging
import os
import sys
from importlib import metadata
from typing import Annotated

import typer
from pydantic import ValidationError

from app import logs
from app.cli import (
    admin,
    anonymous,
    audit,
    bnl,
    clients,
    escalations,
    incidents,
    installation,
    keys,
    meetings,
    report,
)
from app.cli import redact as redact_command
from app.cli.common import out
from bot.settings import LogFormat, Settings
from storage.private_files import PRIVATE_UMASK

app = typer.Typer(
    help="casebot keeps client PII out of Slack case-conference channels.\n\n"
    "Configuration comes from the environment and ./.env (see `casebot config check`); with nothing set it "
    "uses SQLite and an embedded Redis in ./.casebot.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"casebot {metadata.version('casebot')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """casebot keeps client PII out of Slack case-conference channels."""


app.command("init")(installation.init)
anonymous.register(clients.clients_app)  # add, anonymize, merge
meetings.register(admin.channel_app)  # `casebot channel meeting-links`
admin.user_app.command("reconcile")(incidents.users_reconcile)
escalations.register(admin.user_app)  # `casebot user restore`: lift a supervisor's suspension
for sub, name in [
    (installation.db_app, "db"),
    (installation.config_app, "config"),
    (keys.keys_app, "keys"),
    (clients.clients_app, "clients"),
    (admin.agency_app, "agency"),
    (admin.user_app, "user"),
    (admin.roi_app, "roi"),
    (admin.mou_app, "mou"),
    (admin.channel_app, "channel"),
    (audit.audit_app, "audit"),
    (admin.totp_app, "totp"),
    (bnl.bnl_app, "bnl"),
    (meetings.meeting_app, "meeting"),
    (incidents.incidents_app, "incidents"),
    (escalations.escalations_app, "escalations"),
    (report.report_app, "report"),
]:
    app.add_typer(sub, name=name)
app.add_typer(admin.user_app, name="users", hidden=True)  # `casebot users reconcile` reads naturally too
app.command("serve")(installation.serve)
app.command("demo")(installation.demo)
app.command("redact")(redact_command.redact)


def configure_cli_logging() -> None:
    """Commands log for a person at the terminal (``CASEBOT_LOG_FORMAT``, default console), WARNING and
    above unless ``CASEBOT_LOG_LEVEL`` is set; `casebot serve` switches to its own (JSON) when it starts.
    A configuration that does not validate is reported by the command itself, so it is not fatal here."""
    level, fmt = "WARNING", LogFormat.CONSOLE
    try:
        settings = Settings()
    except ValidationError:
        settings = None
    if settings is not None:
        fmt = settings.log_format or fmt
        level = settings.log_level if "log_level" in settings.model_fields_set else level
    logs.configure(level, fmt)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def main() -> None:
    os.umask(PRIVATE_UMASK)  # everything casebot writes (database, dumps, exports, checkpoints) is its own
    configure_cli_logging()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
