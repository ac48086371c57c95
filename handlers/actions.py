"""Buttons: "Restore original" on a redacted message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.channels.restore import RestoreResult, restore
from bot.ports.places import Place
from bot.runtime import BotRuntime
from handlers.blocks import RESTORE_ACTION

log = logging.getLogger("casebot.handlers.actions")

ANSWERS = {
    RestoreResult.RESTORED: "The original message is back in the channel.",
    RestoreResult.EXPIRED: "That original is no longer kept (it expired or was already restored).",
    RestoreResult.NOT_ALLOWED: "Only the person who posted it or an HMIS admin can restore it.",
    RestoreResult.SLACK_FAILED: "Slack did not accept the restored message; try again in a minute.",
}


def register(app: App, runtime: BotRuntime) -> None:
    @app.action(RESTORE_ACTION)
    def on_restore(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        actions = body.get("actions") or [{}]
        restore_id = str(actions[0].get("value") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        try:
            outcome = restore(runtime.app, slack=runtime.slack, restore_id=restore_id, requester=user)
        except Exception as exc:
            log.error("restore not handled: %s", type(exc).__name__)
            return
        place = outcome.place or Place(channel=channel)
        if place.channel and user:
            runtime.slack.tell(place=place, user=user, text=ANSWERS[outcome.result])
