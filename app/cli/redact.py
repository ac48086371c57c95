"""`casebot redact`: the redactor over JSON lines, the contract used by the bot's tests and by evaluation.

Input lines are ``{"id": ..., "text": ...}``; each gets exactly one output line,
``{"id", "text", "findings"}``, or ``{"id", "line", "error"}`` naming what was
wrong with it, so one bad line never stops the rest (the command then exits 1
naming the first one: a pipeline must not mistake a partial run for a whole one).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.markup import escape

from app.cli.common import (
    casebot,
    csv_errors,
    err,
    fail,
)
from bot.channels.staff_names import name_fields
from bot.clients.roster import roster_from_csv, roster_from_db
from redaction import Redactor


def read_staff_file(path: Path) -> frozenset[str]:
    """Colleagues' names from a file of names, one a line (``casebot redact --staff``)."""
    return name_fields(path.read_text(encoding="utf-8").splitlines())


def redact_lines(redactor: Redactor, lines: Iterable[str | bytes], out: TextIO) -> tuple[int, list[int]]:
    """Redact each JSON line; returns (messages redacted, the numbers of the lines in error)."""
    done = 0
    failed: list[int] = []
    for number, raw in _numbered(lines):
        if isinstance(raw, UnicodeDecodeError):
            out.write(json.dumps({"id": None, "line": number, "error": "not UTF-8 text"}) + "\n")
            failed.append(number)
            continue
        if not raw.strip():
            continue
        message_id = None
        try:
            message = json.loads(raw)
            if not isinstance(message, dict):
                raise ValueError("expected a JSON object")
            message_id = message.get("id")
            text = message.get("text")
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            reason = str(exc) if not isinstance(exc, json.JSONDecodeError) else f"not valid JSON ({exc.msg})"
            out.write(json.dumps({"id": message_id, "line": number, "error": reason}) + "\n")
            failed.append(number)
            continue
        result = redactor.redact(text)
        out.write(
            json.dumps(
                {"id": message_id, "text": result.text, "findings": [f.to_json() for f in result.findings]},
                ensure_ascii=False,
            )
            + "\n"
        )
        done += 1
    return done, failed


def _numbered(lines: Iterable[str | bytes]) -> Iterable[tuple[int, str | UnicodeDecodeError]]:
    """Lines with their numbers; a line of bytes that is not UTF-8 is reported in its place, not fatal."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, exc
        else:
            yield number, raw


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
            help="colleagues' names, one a line: their first names, and their full names written whole, "
            "stay readable, as the bot does with the Slack member list",
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

    if roster is not None:
        try:
            entries, errors = roster_from_csv(roster)
        except csv_errors() as exc:
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
    _, failed = redact_lines(Redactor(entries, colleagues=staff_names), sys.stdin.buffer, sys.stdout)
    if failed:
        raise fail(
            f"{len(failed)} input line(s) could not be read, first line {failed[0]}; see their error lines"
        )
