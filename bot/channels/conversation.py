"""Who a conversation is about: the client IDs the redactor is told a message's context holds.

A thread reply often names a client by first name alone ("Will got the keys"), which on its own is
too weak to hide; after "Will Long" was named earlier in the thread, or with Will Long on the
by-name list posted in the channel, it is plainly that client (``redaction.conversation``). This
module keeps that context:

- the clients named in a thread (remembered under the thread's root, and under the re-post that
  replaced a redacted root, since people reply to the re-post), for ``THREAD_DAYS``;
- the clients named in the channel's top-level messages within the last ``hours``;
- the clients on the by-name lists posted in the channel (read from the database, cached briefly).

Only client IDs are kept, in Redis, scored by time so an entry ages out unless named again; the
same IDs are in the ``message.redacted`` audit rows already. Without Redis the by-name list still
counts: context only ever makes casebot hide more, so losing it is logged, not fatal.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from bot.context import Casebot
from bot.ports.places import Place
from bot.sharing.by_name_lists import clients_listed_in
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.conversation")

THREAD_DAYS = 7
LIST_CACHE_SECONDS = 60.0


class ConversationMemory:
    """Safe to share between threads: Redis does the remembering, a lock guards the list cache."""

    def __init__(self, app: Casebot, *, hours: int) -> None:
        self._app = app
        self._channel_window = max(0, hours) * 3600
        self._lists: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def clients_around(self, *, place: Place, ts: str) -> frozenset[str]:
        """The clients of the conversation a message at ``place`` (posted at ``ts``) belongs to."""
        found = set(self._listed_in(place.channel))
        windows = {_thread_key(place.channel, place.thread_ts or ts): THREAD_DAYS * 86400}
        if self._channel_window:
            windows[_channel_key(place.channel)] = self._channel_window
        try:
            found |= self._app.kv.recalled(windows)
        except StoreUnavailable:
            log.warning("conversation context unavailable (Redis); reading the message on its own")
        return frozenset(found)

    def remember(self, *, place: Place, ts: str, repost_ts: str | None, client_ids: Iterable[str]) -> None:
        """Clients just named in a message: its thread (and a re-post that took its place) and, for a
        top-level message, the channel recall them from now on."""
        ids = sorted(set(client_ids))
        if not ids:
            return
        roots = {place.thread_ts or ts} | ({repost_ts} if repost_ts and place.thread_ts is None else set())
        try:
            self._app.kv.remember(
                *(_thread_key(place.channel, root) for root in sorted(roots)),
                members=ids,
                window_seconds=THREAD_DAYS * 86400,
            )
            if self._channel_window and place.thread_ts is None:
                self._app.kv.remember(
                    _channel_key(place.channel), members=ids, window_seconds=self._channel_window
                )
        except StoreUnavailable:
            log.warning("could not remember the clients of a conversation (Redis)")

    def _listed_in(self, channel: str) -> frozenset[str]:
        now = time.monotonic()
        with self._lock:
            cached = self._lists.get(channel)
        if cached is not None and now - cached[0] < LIST_CACHE_SECONDS:
            return cached[1]
        with self._app.db.transaction(write=False) as session:
            listed = clients_listed_in(session, channel=channel)
        with self._lock:
            self._lists[channel] = (now, listed)
        return listed


def _thread_key(channel: str, root_ts: str) -> str:
    return f"talk:thread:{channel}:{root_ts}"


def _channel_key(channel: str) -> str:
    return f"talk:channel:{channel}"
