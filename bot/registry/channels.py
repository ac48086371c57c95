"""Which channels are case-conference channels, cached so every message does not cost a query.

Registrations come from `casebot channel add` (another process), so the set is
re-read every few seconds. Whether a channel is still private is asked of
Slack once per channel and cached longer: a registered channel that turns out
to be public is never treated as a case-conference channel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import select

from bot.context import Casebot
from storage.models import Channel


def active_channel_ids(app: Casebot) -> frozenset[str]:
    return frozenset(active_channel_policies(app))


def active_channel_policies(app: Casebot) -> dict[str, str]:
    """Registered channels and their meeting-link policy ("strict" or "warn")."""
    with app.db.transaction(write=False) as session:
        rows = session.execute(
            select(Channel.slack_channel_id, Channel.meeting_policy).where(Channel.active.is_(True))
        ).all()
    return {channel: policy for channel, policy in rows}


class ChannelDirectory:
    def __init__(
        self,
        app: Casebot,
        *,
        ttl_seconds: float = 5.0,
        privacy_ttl_seconds: float = 600.0,
        load: Callable[[Casebot], dict[str, str]] = active_channel_policies,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._ttl = ttl_seconds
        self._privacy_ttl = privacy_ttl_seconds
        self._load = load
        self._clock = clock
        self._ids: dict[str, str] = {}
        self._loaded_at = float("-inf")
        self._privacy: dict[str, tuple[bool, float]] = {}
        self._lock = threading.Lock()

    def _current(self) -> dict[str, str]:
        now = self._clock()
        if now - self._loaded_at > self._ttl:
            with self._lock:
                if now - self._loaded_at > self._ttl:
                    self._ids, self._loaded_at = self._load(self._app), now
        return self._ids

    def is_registered(self, channel: str) -> bool:
        return channel in self._current()

    def meeting_policy(self, channel: str) -> str | None:
        """The channel's meeting-link policy, or None when it is not registered."""
        return self._current().get(channel)

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")

    def is_private(self, channel: str, *, ask: Callable[[str], bool | None]) -> bool | None:
        """Slack's answer (cached), or None when it could not be had (the caller decides, closed)."""
        now = self._clock()
        cached = self._privacy.get(channel)
        if cached is not None and now - cached[1] <= self._privacy_ttl:
            return cached[0]
        answer = ask(channel)
        if answer is not None:
            self._privacy[channel] = (answer, now)
        return answer

    def forget_privacy(self, channel: str) -> None:
        self._privacy.pop(channel, None)
