"""`casebot redact`: the redactor over JSON lines, the contract used by the bot's tests and by evaluation.

Input lines are ``{"id": ..., "text": ...}``; each gets exactly one output line,
``{"id", "text", "findings"}``, or ``{"id", "line", "error"}`` naming what was
wrong with it, so one bad line never stops the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.client_import import pii_of
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


def roster_from_db(app: Casebot) -> list[RosterEntry]:
    with app.db.transaction(write=False) as session:
        return [entry(client.client_id, pii) for client, pii in iter_roster(session, keyring=app.keyring)]


def redact_lines(redactor: Redactor, lines: Iterable[str], out: TextIO) -> tuple[int, int]:
    """Redact each JSON line; returns (messages redacted, lines in error)."""
    done = failed = 0
    for number, raw in enumerate(lines, start=1):
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
            failed += 1
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
