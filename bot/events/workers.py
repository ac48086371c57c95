"""The threads that do the work of acknowledged events, read from the Redis stream (``storage.event_stream``).

Each replica runs ``threads`` of them under one consumer name. A thread first claims what a dead
consumer left pending for ``claim_seconds``, then reads new entries. An entry is acknowledged only
after its handler returned (the work and its audit rows committed); a handler that raises leaves it
pending, so it is tried again, by this replica or another, once it has been idle ``claim_seconds``.
After ``max_tries`` deliveries it goes to the dead-letter stream and an ``event_failed`` incident is
opened: never dropped without a trace. Redis down: the threads wait and try again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from bot.context import Casebot
from bot.ids import ACTOR
from bot.observability import metrics
from bot.oversight import incidents
from storage.event_stream import Entry, EventStream, consumer_name
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.events")

Handler = Callable[[Entry], None]

CLAIM_EVERY_SECONDS = 5.0


class EventsUnavailable(Exception):
    """The stream could not take an event (Redis down)."""


class EventWorkers:
    def __init__(
        self,
        app: Casebot,
        *,
        stream: EventStream,
        threads: int,
        claim_seconds: float,
        max_tries: int,
        consumer: str | None = None,
    ) -> None:
        self._app = app
        self.stream = stream
        self._threads_wanted = threads
        self._claim_seconds = claim_seconds
        self._max_tries = max_tries
        self.consumer = consumer or consumer_name()
        self.handler: Handler | None = None  # set by handlers.messages.register
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self._lock = threading.Condition()

    def accept(self, *, event_id: str, payload: bytes) -> bool:
        """The front end's half: put an event on the stream (False: it already is). Raises
        ``EventsUnavailable`` when Redis cannot take it, and then Slack must not get its 200."""
        try:
            return self.stream.append(event_id=event_id, payload=payload)
        except StoreUnavailable:
            raise EventsUnavailable from None

    def start(self) -> None:
        if self._threads:
            return
        try:
            self.stream.ensure_group()
        except StoreUnavailable:
            log.warning("event stream: Redis unavailable at start; the workers will keep trying")
        for n in range(self._threads_wanted):
            thread = threading.Thread(target=self._run, name=f"casebot-events-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, *, timeout: float) -> None:
        """Stop taking entries and let those in hand finish (what is not done stays pending, for others)."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _run(self) -> None:
        next_gauge = next_claim = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_gauge:
                self._report_state()
                next_gauge = now + 5.0
            try:
                entries = []
                if now >= next_claim:  # an entry only becomes stale after claim_seconds: look now and then
                    entries = self.stream.claim_stale(
                        consumer=self.consumer, idle_seconds=self._claim_seconds
                    )
                    if not entries:
                        next_claim = now + min(self._claim_seconds / 4, CLAIM_EVERY_SECONDS)
                if not entries:
                    entries = self.stream.read(consumer=self.consumer, count=1, block_ms=500)
            except StoreUnavailable:
                log.warning("event stream: Redis unavailable; retrying in 1 s")
                self._stop.wait(1.0)
                with contextlib.suppress(StoreUnavailable):  # a Redis that restarted empty has no group
                    self.stream.ensure_group()
                continue
            except Exception as exc:  # a broken entry must not stop the thread; its text is never logged
                log.error("event stream read failed: %s", type(exc).__name__)
                self._stop.wait(1.0)
                continue
            for entry in entries:
                self._one(entry)

    def _report_state(self) -> None:
        try:
            waiting, pending = self.stream.state()
        except StoreUnavailable:
            return
        metrics.set_stream_state(lag=waiting - pending, pending=pending)

    def _one(self, entry: Entry) -> None:
        with self._lock:
            self._busy += 1
        started = time.perf_counter()
        try:
            if entry.deliveries > self._max_tries:
                try:
                    self._give_up(entry)
                except Exception as exc:  # the incident needs the database: it stays pending till then
                    log.error("event %s could not be dead-lettered: %s", entry.event_id, type(exc).__name__)
                    return
                metrics.event_processed("dead_lettered", time.perf_counter() - started)
                return
            if self.handler is None:
                return  # not wired yet: leave it pending for a replica that is
            try:
                self.handler(entry)
            except Exception as exc:  # the exception text may quote the message: its type only
                metrics.event_processed("failed", time.perf_counter() - started)
                log.error(
                    "event %s failed (delivery %d of %d): %s",
                    entry.event_id,
                    entry.deliveries,
                    self._max_tries,
                    type(exc).__name__,
                )
                return
            self.stream.done(entry)
            metrics.event_processed("done", time.perf_counter() - started)
        except StoreUnavailable:
            log.warning(
                "event %s: Redis unavailable before its ack; it will be delivered again", entry.event_id
            )
        finally:
            with self._lock:
                self._busy -= 1
                self._lock.notify_all()

    def _give_up(self, entry: Entry) -> None:
        with self._app.db.transaction() as session:
            number = incidents.open_incident(
                session,
                category="event_failed",
                reported_by=ACTOR,
                summary_codes=["event.dead_lettered", f"tries:{entry.deliveries - 1}"],
            )
        self.stream.dead_letter(entry, reason="max_tries")
        log.error(
            "event %s failed %d times: moved to the dead-letter stream (incident %d)",
            entry.event_id,
            entry.deliveries - 1,
            number,
        )

    def wait_idle(self, timeout: float) -> bool:
        """True once the stream is empty and no thread holds an entry (tests; shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                busy = self._busy
            try:
                waiting, _ = self.stream.state()
            except StoreUnavailable:
                waiting = 1
            if busy == 0 and waiting == 0:
                return True
            time.sleep(0.02)
        return False
