"""Slack in for de-identifying a client: `/casebot anonymize CLIENT_ID` opens a confirmation modal.

Thin: ``bot.clients.slack_admin`` decides who may (an HMIS admin with a live
verified session, checked when the modal opens and again on submit) and
``bot.clients.deidentify`` does the work. The admin confirms by typing the
client ID; the modal then shows what was removed. Nothing here names the
person: the modal holds the client ID and field names only.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.clients import deidentify
from bot.clients.slack_admin import slack_admin_refusal
from bot.errors import AdminError
from bot.ids import SLACK_ID, safe_identifier
from bot.runtime import BotRuntime
from handlers.invocation import Invocation
from handlers.sharing_blocks import message_view, reason_text

log = logging.getLogger("casebot.handlers.anonymize")

VIEW = "casebot_anonymize_submit"
CONFIRM_BLOCK, CONFIRM_INPUT = "anonymize_confirm", "confirm"
HOUSEHOLD_BLOCK, HOUSEHOLD_INPUT = "anonymize_household", "household"
TITLE = "De-identify a client"
USAGE = "Usage: `/casebot anonymize CLIENT_ID` (HMIS admins, verified)."
REFUSALS = {
    "not_admin": "Only an HMIS admin can de-identify a client.",
    "not_enrolled": "Set up verification first: open casebot's Home tab and press *Set up verification*.",
    "not_verified": "Verify first (casebot's Home tab, *Verify now*), then run the command again.",
}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150]}


def _refusal_text(reason: str) -> str:
    return REFUSALS.get(reason) or reason_text(reason)


def confirm_view(client_id: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": VIEW,
        "private_metadata": client_id,
        "title": _plain(TITLE),
        "submit": _plain("De-identify"),
        "close": _plain("Cancel"),
        "clear_on_close": True,
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*Client {client_id}* loses their identity in casebot, for good: names "
                    f"(the last name becomes Anonymous-{client_id}), SSN, contact details, address and "
                    "quarantined messages that mention them are removed, the date of birth becomes the "
                    "anonymous template date, and their data key is destroyed. The client ID keeps "
                    "working. This cannot be undone.",
                },
            },
            {
                "type": "input",
                "block_id": CONFIRM_BLOCK,
                "label": _plain("Type the client ID to confirm"),
                "element": {"type": "plain_text_input", "action_id": CONFIRM_INPUT, "max_length": 32},
            },
            {
                "type": "input",
                "block_id": HOUSEHOLD_BLOCK,
                "optional": True,
                "label": _plain("Household"),
                "element": {
                    "type": "checkboxes",
                    "action_id": HOUSEHOLD_INPUT,
                    "options": [
                        {
                            "text": _plain("Fleeing domestic violence: detach from their household"),
                            "value": "detach",
                        }
                    ],
                },
            },
        ],
    }


def result_text(result: deidentify.Anonymized) -> str:
    if result.already_anonymous:
        text = f"Client {result.client_id} was already anonymous; checked again."
    else:
        removed = ", ".join(result.fields_removed) or "nothing was held"
        text = f"Client {result.client_id} is de-identified. Removed: {removed}. The data key was destroyed."
    if result.quarantine_removed:
        text += f" {result.quarantine_removed} quarantined message(s) that mentioned them were deleted."
    if result.household_detached:
        text += " Detached from their household and marked restricted."
    return text


def anonymize_command(call: Invocation) -> None:
    """`/casebot anonymize CLIENT_ID`: the confirmation modal, for verified HMIS admins only."""
    if len(call.args) != 1 or not safe_identifier(call.args[0]):
        call.ack(response_type="ephemeral", text=USAGE)
        return
    call.ack()
    client_id = call.args[0]
    slack = call.runtime.slack
    trigger = str(call.command.get("trigger_id") or "")
    reason = slack_admin_refusal(
        call.runtime.app, slack_user_id=call.user, member=slack.member(user=call.user), client_id=client_id
    )
    view = message_view(TITLE, _refusal_text(reason)) if reason else confirm_view(client_id)
    result = slack.open_view(trigger_id=trigger, view=view)
    if not result.ok:
        log.warning("anonymize modal not opened: %s", result.error)


def _values(view: dict[str, Any]) -> dict[str, Any]:
    return (view.get("state") or {}).get("values") or {}


def register(app: App, runtime: BotRuntime) -> None:
    casebot = runtime.app
    slack = runtime.slack

    @app.view(VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        client_id = str(view.get("private_metadata") or "")
        values = _values(view)
        typed = str((values.get(CONFIRM_BLOCK, {}).get(CONFIRM_INPUT) or {}).get("value") or "").strip()
        picked = (values.get(HOUSEHOLD_BLOCK, {}).get(HOUSEHOLD_INPUT) or {}).get("selected_options") or []
        detach = any(o.get("value") == "detach" for o in picked)
        if not SLACK_ID.match(user) or not safe_identifier(client_id):
            ack()
            return
        if typed != client_id:
            ack(
                response_action="errors",
                errors={CONFIRM_BLOCK: "Type the client ID exactly as shown to confirm."},
            )
            return
        reason = slack_admin_refusal(
            casebot, slack_user_id=user, member=slack.member(user=user), client_id=client_id
        )
        if reason is not None:
            ack(response_action="update", view=message_view(TITLE, _refusal_text(reason)))
            return
        ack(response_action="update", view=message_view(TITLE, f"De-identifying client {client_id}…"))
        view_id = str(view.get("id") or "")
        try:
            (result,) = deidentify.anonymize(
                casebot, actor=user, client_ids=[client_id], household_remove=[client_id] if detach else []
            )
        except AdminError as exc:  # names IDs and options only
            slack.update_view(view_id=view_id, view=message_view(TITLE, f"Nothing was changed: {exc}."))
            return
        except Exception as exc:  # never log the exception text
            log.error("anonymize failed: %s", type(exc).__name__)
            slack.update_view(
                view_id=view_id, view=message_view(TITLE, "casebot could not do this. Nothing was changed.")
            )
            return
        slack.update_view(view_id=view_id, view=message_view(TITLE, result_text(result)))
        try:  # the redactor forgets the person now, not at the next refresh
            runtime.roster.refresh()
        except Exception as exc:
            log.error("roster refresh after anonymize failed: %s", type(exc).__name__)
