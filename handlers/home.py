"""App Home: each person sees what casebot knows about them and what applies to them."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.ids import SLACK_ID
from bot.oversight.escalations import pending_for
from bot.people.home import person_status
from bot.ports.places import Place
from bot.reports.delivery import headline, send_to
from bot.runtime import BotRuntime
from handlers import blocks, escalation_blocks, report_blocks

log = logging.getLogger("casebot.handlers.home")


def _waiting(runtime: BotRuntime, user: str) -> list[dict[str, Any]]:
    """Supervisors and HMIS admins: the escalations waiting for them (bot.oversight.escalations), with
    their buttons."""
    try:
        return escalation_blocks.home_blocks(pending_for(runtime.app, slack_user_id=user))
    except Exception as exc:  # Home still shows the rest
        log.error("pending escalations not listed: %s", type(exc).__name__)
        return []


def _report(runtime: BotRuntime, user: str) -> list[dict[str, Any]]:
    """HMIS admins: the month's headline figures and the *Send me the report* button."""
    try:
        return report_blocks.headline_blocks(headline(runtime.app, slack_user_id=user))
    except Exception as exc:
        log.error("report headline not shown: %s", type(exc).__name__)
        return []


def home_view_for(runtime: BotRuntime, user: str) -> dict[str, Any]:
    """Everything App Home shows ``user``: who casebot knows them as, and what is waiting for them."""
    view = blocks.home_view(person_status(runtime.app, slack_user_id=user))
    view["blocks"].extend(_waiting(runtime, user))
    view["blocks"].extend(_report(runtime, user))
    return view


def _send_report(runtime: BotRuntime, user: str) -> None:
    try:
        ok = send_to(runtime.app, slack=runtime.slack, user=user)
    except Exception as exc:
        log.error("report not sent: %s", type(exc).__name__)
        ok = False
    runtime.slack.announce(place=Place(channel=user), text=report_blocks.sent_text(ok))


def register(app: App, runtime: BotRuntime) -> None:
    @app.action(report_blocks.SEND_REPORT_ACTION)
    def on_send_report(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        if SLACK_ID.match(user):  # building the PDF takes seconds: off the listener's thread
            runtime.executor.submit(_send_report, runtime, user)
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        user = str(event.get("user") or "")
        if event.get("tab", "home") != "home" or not SLACK_ID.match(user):
            return
        try:
            client.views_publish(user_id=user, view=home_view_for(runtime, user))
        except SlackApiError as exc:
            log.warning("views.publish failed: %s", exc.response.get("error"))
        except Exception as exc:
            log.error("app home not published: %s", type(exc).__name__)
