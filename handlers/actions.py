"""Buttons: *Restore words…* on a redacted message (a modal of the hidden spans), *Restore original* on a
removed file."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.channels.restore import (
    Choices,
    RestoreOutcome,
    RestoreResult,
    choices,
    restore_file_or_none,
    restore_spans,
)
from bot.ports.places import Place
from bot.runtime import BotRuntime
from handlers import restore_blocks
from handlers.blocks import RESTORE_ACTION
from handlers.sharing_blocks import message_view

log = logging.getLogger("casebot.handlers.actions")

ANSWERS = {
    RestoreResult.EXPIRED: "That original is no longer kept (it expired or was already restored).",
    RestoreResult.NOT_ALLOWED: "Only the person who posted it or an HMIS admin can restore it.",
    RestoreResult.SLACK_FAILED: "Slack did not accept the restored message; try again in a minute.",
    RestoreResult.NOTHING_CHOSEN: "Nothing was ticked, so nothing was put back.",
}
REFUSED_SPANS = (
    "Nothing was put back: only an HMIS admin can restore a client's SSN, date of birth, contact details "
    "or health information."
)


def answer(outcome: RestoreOutcome, *, file: bool = False) -> str:
    if outcome.result is not RestoreResult.RESTORED:
        return ANSWERS[outcome.result]
    if file:
        return "The original file is back in the channel."
    if outcome.still_hidden:
        return f"Put back. {outcome.still_hidden} hidden part(s) stay hidden."
    return "The original message is back in the channel."


def register(app: App, runtime: BotRuntime) -> None:
    casebot, slack = runtime.app, runtime.slack

    @app.action(RESTORE_ACTION)
    def on_restore(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        actions = body.get("actions") or [{}]
        restore_id = str(actions[0].get("value") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        try:
            done = restore_file_or_none(casebot, slack=slack, restore_id=restore_id, requester=user)
            found = choices(casebot, restore_id=restore_id, requester=user) if done is None else None
        except Exception as exc:
            log.error("restore not handled: %s", type(exc).__name__)
            return
        if isinstance(found, Choices):
            opened = slack.open_view(
                trigger_id=str(body.get("trigger_id") or ""), view=restore_blocks.choice_view(found)
            )
            if not opened.ok:
                log.warning("restore modal not opened: %s", opened.error)
            return
        outcome = done or found
        assert outcome is not None
        place = outcome.place or Place(channel=channel)
        if place.channel and user:
            slack.tell(place=place, user=user, text=answer(outcome, file=done is not None))

    @app.view(restore_blocks.VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        restore_id = str(view.get("private_metadata") or "")
        picked = restore_blocks.chosen(view)
        if not picked:
            ack(response_action="errors", errors={restore_blocks.BLOCK.format(0): "Tick at least one."})
            return
        ack(response_action="update", view=message_view(restore_blocks.TITLE, "Putting the words back…"))
        try:
            outcome = restore_spans(
                casebot, slack=slack, restore_id=restore_id, requester=user, chosen=picked
            )
        except Exception as exc:
            log.error("restore not handled: %s", type(exc).__name__)
            outcome = RestoreOutcome(RestoreResult.SLACK_FAILED)
        text = REFUSED_SPANS if outcome.result is RestoreResult.NOT_ALLOWED else answer(outcome)
        slack.update_view(view_id=str(view.get("id") or ""), view=message_view(restore_blocks.TITLE, text))
