"""App Home: each person sees what casebot knows about them and what applies to them."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.channel_guard import SLACK_ID
from bot.home import person_status
from bot.runtime import BotRuntime
from handlers import blocks

log = logging.getLogger("casebot.handlers.home")


def register(app: App, runtime: BotRuntime) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        user = str(event.get("user") or "")
        if event.get("tab", "home") != "home" or not SLACK_ID.match(user):
            return
        try:
            status = person_status(runtime.app, slack_user_id=user)
            client.views_publish(user_id=user, view=blocks.home_view(status))
        except SlackApiError as exc:
            log.warning("views.publish failed: %s", exc.response.get("error"))
        except Exception as exc:
            log.error("app home not published: %s", type(exc).__name__)
