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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.context import Casebot
from bot.errors import AdminError
from bot.oversight.audit_service import checkpoint_if_due
from bot.settings import Settings
from storage.crypto import CryptoError
from storage.hmis_csv import CsvFileError
from storage.keys import KeyFileError
from storage.kv import StoreUnavailable

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
        checkpoint_if_due_after(bot)
    except (AdminError, KeyFileError, CryptoError) as exc:
        raise fail(str(exc)) from None
    except StoreUnavailable as exc:
        raise fail(f"{exc}; check REDIS_URL") from None
    finally:
        bot.close()


def checkpoint_if_due_after(bot: Casebot) -> None:
    """After a command that used the database, sign a checkpoint if one is due (N events or T seconds)."""
    if "db" not in bot.__dict__:  # the command never opened the database: nothing was audited
        return
    from sqlalchemy.exc import OperationalError, ProgrammingError


    try:
        checkpoint_if_due(bot)
    except (OperationalError, ProgrammingError):  # no schema yet (before `casebot init`)
        return
    except Exception as exc:  # the command itself succeeded; say so, and say what did not
        err.print(
            f"[yellow]warning:[/] audit checkpoint not written ({type(exc).__name__}); "
            "run `casebot audit checkpoint`"
        )


def csv_errors() -> type[Exception]:

    return CsvFileError


@contextmanager
def progress(path: Path) -> Iterator:
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


def date_option(value: str, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: expected a date like 2026-01-31") from None
