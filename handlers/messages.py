"""Message events in: Slack's several message shapes -> one ``IncomingMessage`` for the rules."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.channels.guard import IncomingMessage, SharedFile, is_from_a_person
from bot.events.workers import Entry, EventsUnavailable
from bot.runtime import BotRuntime

log = logging.getLogger("casebot.handlers.messages")

EVENT_ID = re.compile(r"Ev[A-Z0-9]{6,32}")


def parse_message(event: dict[str, Any], *, late: bool = False) -> IncomingMessage | None:
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
            late=late,
        )
    if subtype == "message_deleted":
        return None
    return _build(
        event, channel=channel, subtype=subtype, edited=False, previous_text=None, with_files=True, late=late
    )


def _build(
    body: dict[str, Any],
    *,
    channel: str,
    subtype: str | None,
    edited: bool,
    previous_text: str | None,
    with_files: bool,
    late: bool,
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
        version=str(edited.get("ts") or "") if isinstance(edited := body.get("edited"), dict) else "",
        late=late,
    )


def register(app: App, runtime: BotRuntime) -> None:
    app.use(_onto_the_stream(runtime))
    runtime.events.handler = lambda entry: handle_entry(runtime, entry)


def onto_the_stream(runtime: BotRuntime, body: dict[str, Any]) -> int | None:
    """A channel's message event is put on the Redis stream and only then does Slack get its 200; when
    Redis cannot take it, 503, and Slack retries. None: not a channel message event (a DM to casebot
    goes to its listener, ``handlers.escalation``). No rule runs in the request: the stream's workers
    do the work (``bot.events.workers``). The HTTP door calls this before Bolt (``app.signed_requests``),
    Socket Mode through Bolt's middleware."""
    event = body.get("event") if body.get("type") == "event_callback" else None
    if not isinstance(event, dict) or event.get("type") != "message" or event.get("channel_type") == "im":
        return None
    message = parse_message(event)
    if message is None or not is_from_a_person(message):
        return 200  # a deletion, casebot's own re-post, another bot: the workers would ignore it
    event_id = str(body.get("event_id") or "")
    if not EVENT_ID.fullmatch(event_id):
        log.warning("message event without a usable event_id: dropped before the ack, Slack will retry")
        return 400
    try:
        runtime.events.accept(event_id=event_id, payload=json.dumps(body).encode())
    except EventsUnavailable:
        log.warning("Redis unreachable: answering 503 to event %s so that Slack retries it", event_id)
        return 503
    return 200


def _onto_the_stream(runtime: BotRuntime) -> Callable[..., BoltResponse]:
    """``onto_the_stream`` as Bolt middleware, after its signature check."""

    def middleware(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        status = onto_the_stream(runtime, body)
        if status is None:
            next()
            return None
        return BoltResponse(status=status, body="")

    return middleware


def handle_entry(runtime: BotRuntime, entry: Entry) -> None:
    """One event from the stream. Raises when the work failed, so the entry stays for another try."""
    body = json.loads(entry.payload)
    message = parse_message(body.get("event") or {}, late=bool(body.get("casebot_late")))
    if message is None:
        return
    outcomes = runtime.guard.handle(
        event_id=entry.event_id, message=message, first_delivery=entry.deliveries == 1
    )
    log.debug("message in %s: %s", message.channel, ",".join(outcomes))
