"""`casebot redact`: the redactor over JSON lines, the contract used by the bot's tests and by evaluation.

Input lines are ``{"id": ..., "text": ...}``; each gets exactly one output line,
``{"id", "text", "findings"}``, or ``{"id", "line", "error"}`` naming what was
wrong with it, so one bad line never stops the rest (the command then exits 1
naming the first one: a pipeline must not mistake a partial run for a whole one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.channels.staff_names import first_names
from bot.clients.importing import pii_of
from bot.context import Casebot
from redaction import Redactor, RosterEntry
from storage.clients import ClientPII, iter_roster
from storage.hmis_csv import RowError, iter_client_csv


def entry(client_id: str, pii: ClientPII) -> RosterEntry:
    return RosterEntry(
        client_id=client_id,
        first_name=pii.first_name,
        last_name=pii.last_name,
        middle_name=pii.middle_name,
        dob=pii.dob,
        ssn=pii.ssn,
    )


def roster_from_csv(path: Path) -> tuple[list[RosterEntry], list[RowError]]:
    """People from a Client.csv; rows that fail validation are reported, not guessed at."""
    entries: list[RosterEntry] = []
    errors: list[RowError] = []
    with iter_client_csv(path) as reader:
        for item in reader:
            if isinstance(item, RowError):
                errors.append(item)
            elif item.date_deleted is None:
                entries.append(entry(item.personal_id, pii_of(item)))
    return entries, errors


def read_staff_file(path: Path) -> frozenset[str]:
    """Colleagues' first names from a file of names, one a line (``casebot redact --staff``)."""
    return first_names(path.read_text(encoding="utf-8").splitlines())


def roster_from_db(app: Casebot) -> list[RosterEntry]:
    with app.db.transaction(write=False) as session:
        return [entry(client.client_id, pii) for client, pii in iter_roster(session, keyring=app.keyring)]


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
