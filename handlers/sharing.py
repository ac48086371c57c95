"""Slack in for verified sharing: enrollment and step-up modals, Reveal buttons, /bnl, user_change.

Thin: it parses payloads, calls ``bot.sharing.identity``, ``bot.sharing.disclosure`` and
``bot.sharing.by_name_lists``, and renders modals. Modal submissions that need an answer in the
same HTTP response (a wrong code) are checked before ``ack``; the disclosure
itself runs after the ack and lands in the modal with views.update.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ids import SLACK_ID
from bot.people import offboarding
from bot.ports.disclosure import Target
from bot.ports.places import Place
from bot.ports.slack import Member
from bot.runtime import BotRuntime
from bot.sharing import by_name_lists as bnl
from bot.sharing import identity
from bot.sharing.disclosure import Prompt, reveal_prompt
from bot.sharing.identity import Verify
from bot.sharing.policy import PURPOSES
from bot.sharing.reveal import request_reveal
from bot.sharing.totp_qr import qr_url
from handlers import escalation as escalation_handlers
from handlers import sharing_blocks as sb
from handlers.home import home_view_for

log = logging.getLogger("casebot.handlers.sharing")

REPLACED_NOTE = "Your earlier verified session was ended: only the newest verification counts."


def _user(body: dict[str, Any]) -> str:
    user = str((body.get("user") or {}).get("id") or "")
    return user if SLACK_ID.match(user) else ""


def _input(view: dict[str, Any], block: str, action: str) -> dict[str, Any]:
    return ((view.get("state") or {}).get("values") or {}).get(block, {}).get(action) or {}


def open_reveal(runtime: BotRuntime, *, user: str, trigger_id: str, client_id: str) -> None:
    """The reveal modal: purpose, plus a code when the person has no live verified session."""
    slack = runtime.slack
    try:
        prompt = reveal_prompt(runtime.app, slack_user_id=user)
    except Exception as exc:
        log.error("reveal prompt failed: %s", type(exc).__name__)
        slack.open_view(
            trigger_id=trigger_id, view=sb.message_view("Client details", sb.reason_text("unavailable"))
        )
        return
    if prompt is Prompt.REFUSED:
        view = sb.message_view("Client details", sb.reason_text("not_registered"))
    elif prompt is Prompt.ENROLL_FIRST:
        view = sb.message_view("Client details", sb.reason_text("not_enrolled"))
    else:
        view = sb.reveal_view(client_id=client_id, with_code=prompt is Prompt.CODE_AND_PURPOSE)
    slack.open_view(trigger_id=trigger_id, view=view)


def _republish_home(runtime: BotRuntime, client: WebClient, user: str) -> None:
    try:
        client.views_publish(user_id=user, view=home_view_for(runtime, user))
    except Exception as exc:
        log.warning("home not republished: %s", type(exc).__name__)


def register(app: App, runtime: BotRuntime) -> None:
    """Attach the listeners for verification, Reveal, `/bnl` and leavers."""
    _register_verification(app, runtime)
    _register_reveal(app, runtime)
    _register_lists_and_leavers(app, runtime)


def _register_verification(app: App, runtime: BotRuntime) -> None:
    """Setting up verification and verifying: the App Home buttons and their code modals."""
    casebot = runtime.app
    slack = runtime.slack

    @app.action(sb.ENROLL_ACTION)
    def on_enroll(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user, trigger = _user(body), str(body.get("trigger_id") or "")
        if not user:
            return
        try:
            enrollment = identity.begin_enrollment(
                casebot, slack_user_id=user, member=slack.member(user=user)
            )
        except identity.Refused as exc:
            text = sb.CODE_ERRORS[Verify.ALREADY_ENROLLED] if exc.reason == "already_enrolled" else None
            slack.open_view(
                trigger_id=trigger,
                view=sb.message_view("Set up verification", text or sb.reason_text(exc.reason)),
            )
            return
        image = qr_url(casebot, slack_user_id=user)
        slack.open_view(trigger_id=trigger, view=sb.enrollment_view(enrollment.uri, qr_url=image))

    @app.view(sb.ENROLL_VIEW)
    def on_enroll_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        code = str(_input(view, sb.CODE_BLOCK, sb.CODE_INPUT).get("value") or "")
        result = identity.confirm_enrollment(
            casebot, slack_user_id=user, code=code, member=slack.member(user=user)
        )
        if result.outcome is not Verify.VERIFIED:
            ack(response_action="errors", errors={sb.CODE_BLOCK: sb.code_error(result)})
            return
        ack(
            response_action="update",
            view=sb.message_view(
                "Verification is set up",
                "You are set up and verified. casebot will ask for a new code when your session ends "
                f"({casebot.settings.session_idle_minutes} idle minutes, or "
                f"{casebot.settings.session_max_hours} hours at most).",
            ),
        )
        _republish_home(runtime, app.client, user)

    @app.action(sb.VERIFY_ACTION)
    def on_verify(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        slack.open_view(trigger_id=str(body.get("trigger_id") or ""), view=sb.verify_view())

    @app.view(sb.VERIFY_VIEW)
    def on_verify_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        code = str(_input(view, sb.CODE_BLOCK, sb.CODE_INPUT).get("value") or "")
        result = identity.verify(casebot, slack_user_id=user, code=code)
        if result.outcome is not Verify.VERIFIED:
            ack(response_action="errors", errors={sb.CODE_BLOCK: sb.code_error(result)})
            escalation_handlers.after_code(runtime, result)
            return
        text = "You are verified." + (f" {REPLACED_NOTE}" if result.replaced_previous else "")
        ack(response_action="update", view=sb.message_view("Verified", text))
        _republish_home(runtime, app.client, user)


def _register_reveal(app: App, runtime: BotRuntime) -> None:
    """*Reveal*: the purpose modal, then the request through the screen and the door."""
    casebot = runtime.app
    slack = runtime.slack

    @app.action(sb.REVEAL_ACTION)
    def on_reveal(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = _user(body)
        value = str(((body.get("actions") or [{}])[0]).get("value") or "")
        if user:
            open_reveal(runtime, user=user, trigger_id=str(body.get("trigger_id") or ""), client_id=value)

    @app.view(sb.REVEAL_VIEW)
    def on_reveal_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _user(body)
        client_id = str(view.get("private_metadata") or "")
        purpose = str(
            (_input(view, sb.PURPOSE_BLOCK, sb.PURPOSE_INPUT).get("selected_option") or {}).get("value")
        )
        code_input = _input(view, sb.CODE_BLOCK, sb.CODE_INPUT)
        purpose_note = str(_input(view, sb.NOTE_BLOCK, sb.NOTE_INPUT).get("value") or "")
        note = None
        if purpose not in PURPOSES:
            ack(response_action="errors", errors={sb.PURPOSE_BLOCK: sb.reason_text("unknown_purpose")})
            return
        if code_input:
            result = identity.verify(casebot, slack_user_id=user, code=str(code_input.get("value") or ""))
            if result.outcome is not Verify.VERIFIED:
                ack(response_action="errors", errors={sb.CODE_BLOCK: sb.code_error(result)})
                escalation_handlers.after_code(runtime, result)
                return
            note = REPLACED_NOTE if result.replaced_previous else None
        ack(response_action="update", view=sb.working_view(client_id))
        # the suspicion rules stand in front of the door (bot.oversight.escalations); the note is
        # scanned, not kept
        try:
            request_reveal(
                casebot,
                slack=slack,
                requester=user,
                client_id=client_id,
                purpose=purpose,
                target=Target(user=user, view_id=str(view.get("id") or ""), note=note),
                note=purpose_note,
            )
        except Exception as exc:  # nothing was delivered; never log the exception text
            log.error("disclosure failed: %s", type(exc).__name__)
            slack.update_view(
                view_id=str(view.get("id") or ""),
                view=sb.message_view("Client details", "casebot could not complete this. Nothing was shown."),
            )


def _register_lists_and_leavers(app: App, runtime: BotRuntime) -> None:
    """`/bnl` and Slack's ``user_change`` (a deactivated member's access ends at once)."""
    casebot = runtime.app
    slack = runtime.slack

    @app.command("/bnl")
    def on_bnl(ack: Ack, command: dict[str, Any]) -> None:
        words = str(command.get("text") or "").split()
        user = str(command.get("user_id") or "")
        channel = str(command.get("channel_id") or "")
        if not SLACK_ID.match(user) or len(words) != 2 or words[0] not in ("post", "lookup"):
            ack(response_type="ephemeral", text=sb.bnl_help())
            return
        ack()
        if words[0] == "lookup":
            open_reveal(
                runtime, user=user, trigger_id=str(command.get("trigger_id") or ""), client_id=words[1]
            )
            return
        try:
            bnl.post(casebot, slack=slack, requester=user, name=words[1], channel=channel)
        except bnl.PostRefused as exc:
            text = sb.POST_REASONS.get(exc.reason, f"The list was not posted ({exc.reason}).")
            slack.tell(place=Place(channel), user=user, text=text)
        except Exception as exc:
            log.error("/bnl post failed: %s", type(exc).__name__)
            slack.tell(place=Place(channel), user=user, text="The list was not posted; try again.")

    @app.event("user_change")
    def on_user_change(body: dict[str, Any], event: dict[str, Any]) -> None:
        person = event.get("user") or {}
        user_id = str(person.get("id") or "")
        if not SLACK_ID.match(user_id):
            return
        home_team = str(body.get("team_id") or "")
        member = Member(
            user_id=user_id,
            deleted=bool(person.get("deleted")),
            guest=bool(person.get("is_restricted") or person.get("is_ultra_restricted")),
            external=bool(person.get("is_stranger"))
            or bool(person.get("team_id") and home_team and person.get("team_id") != home_team),
        )
        event_time = body.get("event_time")
        since = event_time if isinstance(event_time, int) and event_time > 0 else None
        try:
            offboarding.on_slack_account_change(casebot, member=member, since=since)
        except Exception as exc:
            log.error("user_change not handled: %s", type(exc).__name__)
