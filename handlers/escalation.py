"""Slack in for escalations: supervisors' buttons (DM or App Home), the requester's *Show*, DMs to casebot.

Thin: it parses payloads, calls ``bot.oversight.escalations`` and answers privately (an
ephemeral message in the DM where the button was, or a modal when the button
was on App Home). Every rule lives in ``bot/``.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import SLACK_ID
from bot.oversight.dispatch import dispatch, report_direct_message
from bot.oversight.escalations import Decision
from bot.ports.disclosure import Target
from bot.ports.places import Place
from bot.runtime import BotRuntime
from bot.sharing import identity
from bot.sharing.decisions import decide
from bot.sharing.disclosure import Prompt, reveal_prompt
from bot.sharing.identity import Verify
from bot.sharing.reveal import approved_request, release
from handlers import escalation_blocks as eb
from handlers import sharing_blocks as sb
from handlers.home import home_view_for

log = logging.getLogger("casebot.handlers.escalation")

DECISION_OF = {
    eb.APPROVE_ACTION: Decision.APPROVE,
    eb.DENY_ACTION: Decision.DENY,
    eb.SUSPEND_ACTION: Decision.SUSPEND,
    eb.ACK_ACTION: Decision.ACKNOWLEDGE,
}


def _user(body: dict[str, Any]) -> str:
    user = str((body.get("user") or {}).get("id") or "")
    return user if SLACK_ID.match(user) else ""


def _escalation_id(body: dict[str, Any]) -> int | None:
    value = str(((body.get("actions") or [{}])[0]).get("value") or "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _channel(body: dict[str, Any]) -> str:
    channel = str(
        (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
    )
    return channel if SLACK_ID.match(channel) else ""


def _answer(runtime: BotRuntime, *, body: dict[str, Any], user: str, text: str) -> None:
    """Privately: ephemeral where the button was (a DM), or a small modal when it was on App Home."""
    channel = _channel(body)
    if channel:
        runtime.slack.tell(place=Place(channel), user=user, text=text)
    else:
        runtime.slack.open_view(
            trigger_id=str(body.get("trigger_id") or ""), view=sb.message_view("Escalation", text)
        )


def _is_direct_message(event: dict[str, Any]) -> bool:
    """A person's DM to casebot (Bolt matcher): not a bot, not an edit or a deletion."""
    return (
        event.get("channel_type") == "im"
        and not event.get("bot_id")
        and not event.get("subtype")
        and bool(SLACK_ID.match(str(event.get("user") or "")))
    )


def register(app: App, runtime: BotRuntime) -> None:
    """Attach the escalation listeners. Must come before ``handlers.messages`` (it takes DMs first)."""
    _register_decisions(app, runtime)
    _register_show(app, runtime)
    _register_direct_messages(app, runtime)


def _register_decisions(app: App, runtime: BotRuntime) -> None:
    """A supervisor's buttons, in a DM or on App Home."""
    casebot = runtime.app
    slack = runtime.slack

    def on_decision(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, escalation_id = _user(body), _escalation_id(body)
        action = str(((body.get("actions") or [{}])[0]).get("action_id") or "")
        if not user or escalation_id is None or action not in DECISION_OF:
            return
        try:
            result = decide(
                casebot, slack=slack, escalation_id=escalation_id, actor=user, decision=DECISION_OF[action]
            )
        except Exception as exc:  # nothing was decided; never log the exception text
            log.error("escalation decision failed: %s", type(exc).__name__)
            _answer(runtime, body=body, user=user, text="casebot could not record that; try again.")
            return
        if result.outcome == "not_verified" and not _channel(body):
            # From App Home: the verify modal itself is the answer.
            slack.open_view(trigger_id=str(body.get("trigger_id") or ""), view=sb.verify_view())
            return
        _answer(
            runtime,
            body=body,
            user=user,
            text=eb.decision_answer(
                result.outcome,
                card_status=result.status,
                decided_by=result.decided_by,
                requester=result.requester or "",
            ),
        )
        if result.outcome == "not_verified":
            slack.open_view(trigger_id=str(body.get("trigger_id") or ""), view=sb.verify_view())
        if result.done and not _channel(body):  # pressed on App Home: take the answered one off the list
            try:
                client.views_publish(user_id=user, view=home_view_for(runtime, user))
            except Exception as exc:
                log.warning("home not republished: %s", type(exc).__name__)

    for action_id in DECISION_OF:
        app.action(action_id)(on_decision)


def _register_show(app: App, runtime: BotRuntime) -> None:
    """The requester's *Show* on an approved request, and its modal."""
    casebot = runtime.app
    slack = runtime.slack

    @app.action(eb.SHOW_ACTION)
    def on_show(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user, escalation_id = _user(body), _escalation_id(body)
        trigger = str(body.get("trigger_id") or "")
        if not user or escalation_id is None:
            return
        approved = approved_request(casebot, escalation_id=escalation_id, requester=user)
        if approved is None:
            slack.open_view(
                trigger_id=trigger,
                view=sb.message_view("Client details", sb.reason_text("approval_not_found")),
            )
            return
        try:
            prompt = reveal_prompt(casebot, slack_user_id=user)
        except Exception as exc:
            log.error("show prompt failed: %s", type(exc).__name__)
            prompt = Prompt.REFUSED
        if prompt in (Prompt.REFUSED, Prompt.ENROLL_FIRST):
            reason = "not_enrolled" if prompt is Prompt.ENROLL_FIRST else "not_registered"
            slack.open_view(
                trigger_id=trigger, view=sb.message_view("Client details", sb.reason_text(reason))
            )
            return
        slack.open_view(
            trigger_id=trigger, view=eb.show_view(approved, with_code=prompt is Prompt.CODE_AND_PURPOSE)
        )

    @app.view(eb.SHOW_VIEW)
    def on_show_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        metadata = str(view.get("private_metadata") or "")
        if not user or not metadata.isdigit():
            ack(response_action="update", view=sb.message_view("Client details", sb.reason_text("refused")))
            return
        code = ((view.get("state") or {}).get("values") or {}).get(sb.CODE_BLOCK, {}).get(sb.CODE_INPUT)
        if code:
            result = identity.verify(casebot, slack_user_id=user, code=str(code.get("value") or ""))
            if result.outcome is not Verify.VERIFIED:
                ack(response_action="errors", errors={sb.CODE_BLOCK: sb.code_error(result)})
                if result.outcome is Verify.LOCKED:
                    runtime.executor.submit(_dispatch, runtime)
                return
        ack(response_action="update", view=sb.message_view("Client details", "Checking what you may see…"))
        try:
            release(
                casebot,
                slack=slack,
                escalation_id=int(metadata),
                requester=user,
                target=Target(user=user, view_id=str(view.get("id") or "")),
            )
        except Exception as exc:  # nothing was delivered; never log the exception text
            log.error("approved disclosure failed: %s", type(exc).__name__)
            slack.update_view(
                view_id=str(view.get("id") or ""),
                view=sb.message_view("Client details", "casebot could not complete this. Nothing was shown."),
            )


def _register_direct_messages(app: App, runtime: BotRuntime) -> None:
    """DMs to casebot: legal language there is a notice to supervisors."""
    @app.event("message", matchers=[_is_direct_message])
    def on_direct_message(event: dict[str, Any]) -> None:
        user, text = str(event.get("user") or ""), str(event.get("text") or "")
        runtime.executor.submit(_direct_message, runtime, user, text)



def _direct_message(runtime: BotRuntime, user: str, text: str) -> None:
    try:
        report_direct_message(runtime.app, slack=runtime.slack, user=user, text=text)
    except Exception as exc:  # the text may hold anything: log the exception's type only
        log.error("direct message not handled: %s", type(exc).__name__)


def _dispatch(runtime: BotRuntime) -> None:
    """Send the DMs of escalations just opened (a lockout, say) without waiting for the upkeep loop."""
    try:
        dispatch(runtime.app, slack=runtime.slack)
    except Exception as exc:
        log.error("escalation dispatch failed: %s", type(exc).__name__)


def after_code(runtime: BotRuntime, result: identity.VerifyResult) -> None:
    """Call after any code check: a lockout opened a ``stepup_failures`` notice, so send it now."""
    if result.outcome is Verify.LOCKED:
        runtime.executor.submit(_dispatch, runtime)
