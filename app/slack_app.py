"""The Bolt app factory: casebot's listeners on a real ``slack_bolt.App``.

``process_before_response=False``: Bolt acknowledges an event as soon as it
is verified and routed, and runs the listener on casebot's worker pool
afterwards, so Slack always gets its answer within 3 seconds and every Web API
call happens after the ack. This module is the composition root, the one place
in ``bot/`` that wires ``handlers/`` in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr
from slack_bolt import App
from slack_sdk import WebClient

from bot.context import Casebot
from bot.meetings.settings import MeetingSettings
from bot.observability import metrics
from bot.runtime import BotRuntime
from bot.serve_settings import ServeSettings
from bot.settings import Settings
from handlers import register_all
from handlers.messages import onto_the_stream
from handlers.slack_api.directory import SlackDirectory
from handlers.slack_api.member_names import SlackMemberNames
from handlers.slack_api.web_api import (
    CountedConnectionRetry,
    CountedRateLimitRetry,
    MeasuredWebClient,
    WebApiSlack,
)

SLACK_LOGGERS = ("slack_bolt", "slack_sdk", "casebot.bolt", "casebot.slack_sdk")


class _WithholdPayloads(logging.Filter):
    """Bolt's "Unhandled request" warning prints the request body; a message body may hold PII."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "Unhandled request" in message or "body" in message.lower():
            record.msg, record.args = "slack library message withheld (it quoted a request payload)", None
        record.exc_info = record.exc_info if record.levelno >= logging.ERROR else None
        return True


def quiet_slack_loggers() -> None:
    """Slack's libraries log request and response bodies at DEBUG: never let them below WARNING."""
    for name in SLACK_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.level, logging.WARNING))
        if not any(isinstance(f, _WithholdPayloads) for f in logger.filters):
            logger.addFilter(_WithholdPayloads())


def api_base_url(configured: str | None) -> str:
    url = configured or WebClient.BASE_URL
    return url if url.endswith("/") else url + "/"


def web_client(*, token: SecretStr | None, base_url: str) -> WebClient:
    """A Web API client that waits out ``ratelimited`` (Retry-After) and retries dropped connections;
    its calls and retries are counted in the metrics."""
    client = MeasuredWebClient(
        token=token.get_secret_value() if token is not None else None,
        base_url=base_url,
        timeout=15,
        logger=logging.getLogger("casebot.slack_sdk"),
        retry_handlers=[
            CountedConnectionRetry(max_retry_count=2),
            CountedRateLimitRetry(max_retry_count=3),
        ],
    )
    return client


def slack_for_cli(settings: Settings) -> WebApiSlack | None:
    """The Slack port a command uses outside `serve` (the audit channel witness); None without a bot token."""
    if settings.slack_bot_token is None:
        return None
    quiet_slack_loggers()
    client = web_client(token=settings.slack_bot_token, base_url=api_base_url(settings.slack_api_url))
    return WebApiSlack(bot=client, admin=None)


def build_runtime(
    casebot: Casebot,
    *,
    client: WebClient | None = None,
    serve: ServeSettings | None = None,
    meetings: MeetingSettings | None = None,
) -> tuple[BotRuntime, WebClient]:
    """The worker-side half: the Web API clients, the rules and the worker pool."""

    settings = casebot.settings
    quiet_slack_loggers()
    if client is None:
        if settings.slack_bot_token is None:
            raise RuntimeError("SLACK_BOT_TOKEN is not set")
        client = web_client(token=settings.slack_bot_token, base_url=api_base_url(settings.slack_api_url))
    admin = (
        web_client(token=settings.slack_admin_user_token, base_url=client.base_url)
        if settings.slack_admin_user_token is not None
        else None
    )
    runtime = BotRuntime(
        casebot, slack=WebApiSlack(bot=client, admin=admin), serve=serve, meetings=meetings
    )

    runtime.directory = SlackDirectory(client)

    runtime.staff.source = SlackMemberNames(client)
    return runtime, client


def request_kind(body: dict) -> str:
    """What a Slack request is, as a metrics label: the event's type, the interaction's type, or
    ``slash_command``; never anything the request says beyond that."""
    if not isinstance(body, dict):
        return metrics.UNKNOWN
    if "command" in body:
        return "slash_command"
    if body.get("type") == "event_callback":
        event = body.get("event")
        return metrics.code(event.get("type") if isinstance(event, dict) else None)
    return metrics.code(body.get("type"))


def _count_received(body: dict, next_: Any) -> Any:
    """Bolt's global middleware, after its signature and authorization checks: every request that
    reaches casebot's listeners, over HTTP and Socket Mode alike, counted by kind."""
    metrics.event_received(request_kind(body))
    return next_()


def message_shortcut(app: App) -> Callable[[dict[str, Any]], int | None]:
    """Message events over HTTP onto the stream before Bolt (``app.signed_requests``), counted as
    Bolt's middleware would have counted them; anything else (None) goes on to Bolt."""
    runtime = app.casebot_runtime  # type: ignore[attr-defined]

    def shortcut(body: dict[str, Any]) -> int | None:
        status = onto_the_stream(runtime, body)
        if status is not None:
            metrics.event_received(request_kind(body))
        return status

    return shortcut


def create_app(
    casebot: Casebot,
    *,
    client: WebClient | None = None,
    serve: ServeSettings | None = None,
    meetings: MeetingSettings | None = None,
) -> App:
    """A Bolt ``App`` with casebot's listeners; ``app.casebot_runtime`` is its worker side."""

    runtime, client = build_runtime(casebot, client=client, serve=serve, meetings=meetings)
    signing = casebot.settings.slack_signing_secret
    app = App(
        client=client,
        signing_secret=signing.get_secret_value() if signing is not None else "",
        process_before_response=False,
        listener_executor=runtime.listeners,
        logger=logging.getLogger("casebot.bolt"),
        raise_error_for_unhandled_request=False,
    )
    app.use(_count_received)
    register_all(app, runtime)
    app.casebot_runtime = runtime  # type: ignore[attr-defined]
    return app
