"""What every `casebot` command shares: the consoles, the operator's audit name, one-line failures,
and opening the installation (with a checkpoint after a command that appended to the audit log).
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.context import Casebot
from bot.errors import AdminError
from bot.oversight.audit_service import Published, checkpoint_if_new, publish_pending
from bot.oversight.audit_witnesses import remote_witnesses
from bot.settings import Settings
from storage.audit_witness import Witness
from storage.crypto import CryptoError
from storage.hmis_csv import CsvFileError
from storage.keys import KeyFileError
from storage.kv import StoreUnavailable
from storage.migrate import current_revision, head_revision

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
def casebot(*, installed: bool = True) -> Iterator[Casebot]:
    """Open the installation and turn expected failures into one clear line, no traceback.

    ``installed``: the command needs an initialised database at the code's schema, checked first, so
    that before `casebot init` (or after an upgrade of the code) it says what to run instead of
    failing halfway with "no such table"; an embedded database that does not exist yet is not created.
    Database errors are reported by kind and place only: their text can quote SQL parameters."""
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise fail(f"configuration: {problems}") from None
    if installed and settings.uses_embedded_database and not settings.sqlite_path.is_file():
        raise fail(f"no casebot installation in {settings.data_dir}: run `casebot init` first")
    bot = Casebot(settings)
    try:
        if installed:
            _require_schema(bot)
        yield bot
        checkpoint_after(bot)
    except (AdminError, KeyFileError, CryptoError) as exc:
        raise fail(str(exc)) from None
    except StoreUnavailable as exc:
        raise fail(f"{exc}; check REDIS_URL") from None
    except OperationalError as exc:
        raise fail(_database_problem(settings, exc)) from None
    finally:
        bot.close()


def _require_schema(bot: Casebot) -> None:
    current = current_revision(bot.db)
    if current is None:
        raise fail(f"the database at {_where(bot.settings)} has no casebot schema: run `casebot init` first")
    if current != head_revision():
        raise fail(f"the database at {_where(bot.settings)} is behind this code: run `casebot db upgrade`")


def _where(settings: Settings) -> str:
    if settings.uses_embedded_database:
        return str(settings.sqlite_path)
    url = make_url(settings.database_url_value())
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _database_problem(settings: Settings, exc: OperationalError) -> str:
    """One line for a database that cannot be reached or refused the command; never the driver's text."""
    original = exc.orig
    if "connect" in type(original).__name__.lower() or "connection" in str(original).lower()[:200]:
        kind = "PostgreSQL" if not settings.uses_embedded_database else "the SQLite database"
        return f"cannot reach {kind} at {_where(settings)}; is it running, and is DATABASE_URL right?"
    return f"the database at {_where(settings)} refused the command ({type(original).__name__})"


def cli_witnesses(bot: Casebot) -> list[Witness]:
    """The witnesses as a command reaches them: the Slack channel through a Web API client of its own."""
    slack = None
    if bot.settings.audit_slack_channel:
        from app.slack_app import slack_for_cli

        slack = slack_for_cli(bot.settings)
    return remote_witnesses(bot.settings, slack=slack)


def checkpoint_after(bot: Casebot) -> None:
    """After a command that appended to the audit log, sign a checkpoint over what it appended and send it
    to the witnesses, so nothing a command did is left outside a root held elsewhere. A witness that
    cannot be reached is a warning here: `casebot serve` retries it, and counts the failure."""
    if "db" not in bot.__dict__:  # the command never opened the database: nothing was audited
        return
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        if checkpoint_if_new(bot) is None:
            return
    except (OperationalError, ProgrammingError):  # no schema yet (before `casebot init`)
        return
    except Exception as exc:  # the command itself succeeded; say so, and say what did not
        err.print(
            f"[yellow]warning:[/] audit checkpoint not written ({type(exc).__name__}); "
            "run `casebot audit checkpoint`"
        )
        return
    publish_to_witnesses(bot)


def publish_to_witnesses(bot: Casebot) -> list[Published]:
    """One publishing run; each witness that failed is named, with its error code, on standard error."""
    try:
        outcomes = publish_pending(bot, witnesses=cli_witnesses(bot))
    except Exception as exc:
        err.print(f"[yellow]warning:[/] audit witnesses not updated ({type(exc).__name__})")
        return []
    for outcome in outcomes:
        if outcome.error:
            err.print(
                f"[yellow]warning:[/] audit witness {escape(outcome.witness)} did not take the checkpoint "
                f"({escape(outcome.error)}); `casebot serve` retries it"
            )
    return outcomes


def csv_errors() -> type[Exception]:

    return CsvFileError


@contextmanager
def progress(path: Path) -> Iterator:
    """A progress bar per pass of an import (``tick("validating")``, ``tick("writing")``) on a
    terminal; silence otherwise (CI logs, pipes)."""
    if not err.is_terminal:
        yield None
        return
    with path.open("rb") as fh:
        total = max(sum(1 for _ in fh) - 1, 0)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def tick(phase: str) -> None:
            task = tasks.get(phase)
            if task is None:
                task = tasks[phase] = bar.add_task(phase, total=total)
            bar.advance(task)

        yield tick


def date_option(value: str, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: expected a date like 2026-01-31") from None
