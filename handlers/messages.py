"""Message events in: Slack's several message shapes -> one ``IncomingMessage`` for the rules."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.channels.guard import IncomingMessage, SharedFile
from bot.runtime import BotRuntime

log = logging.getLogger("casebot.handlers.messages")


def parse_message(event: dict[str, Any]) -> IncomingMessage | None:
    """New messages, thread replies, ``message_changed`` edits and file shares; None for the rest."""
    subtype = event.get("subtype")
    channel = str(event.get("channel") or "")
    if subtype == "message_changed":
        inner = event.get("message") or {}
        previous = event.get("previous_message") or {}
        if not isinstance(inner, dict):
            return None
        return _build(
            inner,
            channel=channel,
            subtype=subtype,
            edited=True,
            previous_text=str(previous.get("text") or "") if isinstance(previous, dict) else None,
            with_files=False,
        )
    if subtype == "message_deleted":
        return None
    return _build(event, channel=channel, subtype=subtype, edited=False, previous_text=None, with_files=True)


def _build(
    body: dict[str, Any],
    *,
    channel: str,
    subtype: str | None,
    edited: bool,
    previous_text: str | None,
    with_files: bool,
) -> IncomingMessage:
    ts = str(body.get("ts") or "")
    thread_ts = body.get("thread_ts")
    files = body.get("files") if with_files else None
    return IncomingMessage(
        channel=channel,
        user=body.get("user"),
        ts=ts,
        text=str(body.get("text") or ""),
        thread_ts=str(thread_ts) if thread_ts and thread_ts != ts else None,
        subtype=subtype,
        edited=edited,
        broadcast=body.get("subtype") == "thread_broadcast",
        from_bot=bool(body.get("bot_id") or body.get("bot_profile")) or body.get("subtype") == "bot_message",
        files=tuple(
            SharedFile(id=str(f.get("id"))) for f in files or () if isinstance(f, dict) and f.get("id")
        ),
        previous_text=previous_text,
    )


def register(app: App, runtime: BotRuntime) -> None:
    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        # Bolt has already acknowledged the event (process_before_response=False); the work goes to the
        # message worker pool so listeners stay free to ack buttons and commands.
        message = parse_message(event)
        if message is not None:
            runtime.executor.submit(_handle, runtime, body.get("event_id"), message)


def _handle(runtime: BotRuntime, event_id: str | None, message: IncomingMessage) -> None:
    try:
        outcomes = runtime.guard.handle(event_id=event_id, message=message)
    except Exception as exc:  # the text of an exception may quote the message: log its type only
        log.error("message in %s not handled: %s", message.channel, type(exc).__name__)
        return
    log.debug("message in %s: %s", message.channel, ",".join(outcomes))
