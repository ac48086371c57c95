"""The catch-up sweep: messages posted while no replica was listening, found in each channel's history.

Slack gives up retrying an event after about an hour, and a message posted while casebot was down,
or whose event was lost before it reached the stream, arrives as no event at all. So on start and
every ``CASEBOT_SWEEP_MINUTES``, one replica (a Redis lock) reads, for each registered channel,
``conversations.history`` and the replies of threads active since the last message it looked at
there (never further back than ``CASEBOT_SWEEP_DAYS``), and puts every person's message it has not
handled (``bot.channels.seen``) on the event stream, marked late. The workers then handle it exactly
like a live one, and the poster's notice says it was found late. The Web API client waits out
Slack's rate limits (``Retry-After``). The event id of a swept message is derived from channel, ts
and edit, so two sweeps cannot queue it twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from bot.channels.seen import was_seen
from bot.context import Casebot
from bot.events.workers import EventsUnavailable, EventWorkers
from bot.ids import SLACK_ID, SLACK_TS
from bot.ports.slack import SlackPort
from bot.registry.channels import active_channel_ids
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.sweep")

LAST_SEEN = "sweep:last:{}"
PERSON_SUBTYPES = frozenset({None, "", "thread_broadcast", "file_share", "me_message"})


def swept_event_id(channel: str, ts: str, version: str) -> str:
    digest = hashlib.sha256(f"{channel}:{ts}:{version}".encode()).hexdigest()[:24].upper()
    return f"EvSWEPT{digest}"


def version_of(message: dict[str, Any]) -> str:
    """A message's edit: ``edited.ts``, or "" for the message as first posted."""
    edited = message.get("edited")
    return str(edited.get("ts") or "") if isinstance(edited, dict) else ""


def is_a_persons(message: dict[str, Any]) -> bool:
    return (
        message.get("subtype") in PERSON_SUBTYPES
        and not message.get("bot_id")
        and bool(SLACK_ID.match(str(message.get("user") or "")))
        and bool(SLACK_TS.match(str(message.get("ts") or "")))
    )


class Sweep:
    def __init__(self, app: Casebot, *, slack: SlackPort, events: EventWorkers, days: float) -> None:
        self._app = app
        self._slack = slack
        self._events = events
        self._days = days

    def run(self, *, now: float | None = None) -> int:
        """Sweep every registered channel; how many messages were put on the stream. One replica at a
        time: another waits for it (and then finds everything marked), or skips this round after 30 s."""
        try:
            with self._app.kv.lock("sweep", ttl_seconds=900, wait_seconds=30):
                return sum(
                    self._channel(c, now=now or time.time()) for c in sorted(active_channel_ids(self._app))
                )
        except StoreUnavailable:
            log.info("sweep skipped: another replica is sweeping, or Redis is unavailable")
            return 0

    def _channel(self, channel: str, *, now: float) -> int:
        kv = self._app.kv
        floor = now - self._days * 86400
        last = kv.get(LAST_SEEN.format(channel))
        oldest = max(floor, float(last) if last else floor)
        history = self._slack.channel_history(channel=channel, oldest=f"{oldest:.6f}")
        if history is None:
            log.warning("sweep of %s: Slack did not give its history; next round", channel)
            return 0
        queued = 0
        newest = oldest
        for message in history:
            queued += self._consider(channel, message)
            newest = max(newest, float(message.get("ts") or 0))
            if int(message.get("reply_count") or 0) and float(message.get("latest_reply") or 0) > oldest:
                replies = self._slack.thread_replies(
                    channel=channel, thread_ts=str(message["ts"]), oldest=f"{oldest:.6f}"
                )
                if replies is None:
                    log.warning(
                        "sweep of a thread in %s: Slack did not give its replies; next round", channel
                    )
                    return queued  # the channel's mark stays: this thread is read again
                for reply in replies:
                    queued += self._consider(channel, reply)
        # An edit does not move a message's ts: keep a margin so that recent messages are looked at
        # again (their marks make that cheap) and an edit made since is caught.
        kv.set(
            LAST_SEEN.format(channel),
            f"{max(oldest, newest - 3600):.6f}",
            ttl_seconds=int(self._days * 86400) + 86400,
        )
        if queued:
            log.warning("sweep of %s: %d message(s) casebot had not seen, queued", channel, queued)
        return queued

    def _consider(self, channel: str, message: dict[str, Any]) -> int:
        if not is_a_persons(message):
            return 0
        ts, version = str(message["ts"]), version_of(message)
        if was_seen(self._app.kv, channel=channel, ts=ts, version=version):
            return 0
        event_id = swept_event_id(channel, ts, version)
        body = {
            "type": "event_callback",
            "event_id": event_id,
            "casebot_late": True,
            "event": {**message, "type": "message", "channel": channel},
        }
        try:
            return int(self._events.accept(event_id=event_id, payload=json.dumps(body).encode()))
        except EventsUnavailable:
            raise StoreUnavailable("the event stream is unavailable") from None
