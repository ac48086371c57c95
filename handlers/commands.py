"""The /casebot slash command: a table of subcommands, each a small function in the module that owns it.

Features add one line to ``SUBCOMMANDS``; the dispatcher only checks that the caller is a real Slack member
and falls back to help, so a new subcommand cannot forget either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import SLACK_ID
from bot.oversight.audit_service import NotPermitted, accounting_for_admin
from bot.people.home import person_status
from bot.runtime import BotRuntime
from handlers import blocks
from handlers.anonymize import anonymize_command
from handlers.incidents import SUBCOMMANDS as INCIDENT_SUBCOMMANDS
from handlers.invocation import Invocation
from handlers.meetings import meeting_command


def _status(call: Invocation) -> None:
    status = person_status(call.runtime.app, slack_user_id=call.user)
    call.ack(response_type="ephemeral", text=blocks.status_text(status))


def _audit(call: Invocation) -> None:
    if call.args[:1] != ["client"] or len(call.args) != 2:
        call.ack(response_type="ephemeral", text=blocks.help_text())
        return
    client_id = call.args[1]
    try:
        rows = accounting_for_admin(call.runtime.app, slack_user_id=call.user, client_id=client_id)
    except NotPermitted as exc:
        call.ack(response_type="ephemeral", text=f"Sorry: {exc}.")
    else:
        call.ack(response_type="ephemeral", text=blocks.accounting_text(client_id=client_id, rows=rows))


SUBCOMMANDS: dict[str, Callable[[Invocation], None]] = {
    "status": _status,
    "audit": _audit,
    "anonymize": anonymize_command,
    "meeting": meeting_command,
    **INCIDENT_SUBCOMMANDS,  # report, incidents
}


def register(app: App, runtime: BotRuntime) -> None:
    @app.command("/casebot")
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        words = str(command.get("text") or "").split()
        user = str(command.get("user_id") or "")
        handler = SUBCOMMANDS.get(words[0].lower()) if words else None
        if handler is None or not SLACK_ID.match(user):
            ack(response_type="ephemeral", text=blocks.help_text())
            return
        handler(
            Invocation(
                ack=ack,
                client=client,
                runtime=runtime,
                user=user,
                channel=str(command.get("channel_id") or ""),
                args=words[1:],
                command=command,
            )
        )
