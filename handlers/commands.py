"""The /casebot slash command: help, what casebot knows about you, and (HMIS admins) audit questions."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.audit_service import NotPermitted, accounting_for_admin
from bot.channel_guard import SLACK_ID
from bot.home import person_status
from bot.runtime import BotRuntime
from handlers import blocks


def register(app: App, runtime: BotRuntime) -> None:
    @app.command("/casebot")
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        words = str(command.get("text") or "").split()
        user = str(command.get("user_id") or "")
        if words[:1] == ["status"] and SLACK_ID.match(user):
            ack(
                response_type="ephemeral",
                text=blocks.status_text(person_status(runtime.app, slack_user_id=user)),
            )
        elif words[:2] == ["audit", "client"] and len(words) == 3 and SLACK_ID.match(user):
            try:
                rows = accounting_for_admin(runtime.app, slack_user_id=user, client_id=words[2])
            except NotPermitted as exc:
                ack(response_type="ephemeral", text=f"Sorry: {exc}.")
            else:
                ack(response_type="ephemeral", text=blocks.accounting_text(client_id=words[2], rows=rows))
        else:
            ack(response_type="ephemeral", text=blocks.help_text())
