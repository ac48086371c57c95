"""Checkpoints and their witnesses while `casebot serve` runs, on a thread of their own.

Nothing here is on a request's path: a slow bucket or a Slack outage never
delays an ack, the roster refresh or the escalation upkeep. The thread checks
every few seconds whether a checkpoint is due (N events or T seconds), then
sends each witness what it lacks. A witness that fails is retried with a
growing pause (5 s doubling to 5 min); the failures are counted in the
database, so an incident is opened after repeated ones whichever replica or
command saw them. ``stop`` writes a last checkpoint over everything appended
and publishes it, so a clean shutdown leaves no row outside a witnessed root.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from bot.context import Casebot
from bot.oversight.audit_service import checkpoint_if_due, checkpoint_if_new, publish_pending
from bot.ports.slack import SlackPort
from storage.audit_witness import Witness

log = logging.getLogger("casebot.audit")

FIRST_RETRY_SECONDS = 5.0
LAST_RETRY_SECONDS = 300.0


class AuditUpkeep:
    def __init__(
        self,
        app: Casebot,
        *,
        witnesses: Sequence[Witness],
        slack: SlackPort | None,
        interval: float = 5.0,
    ) -> None:
        self.app = app
        self.witnesses = list(witnesses)
        self.slack = slack
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_try: dict[str, float] = {}
        self._pause: dict[str, float] = {}

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="casebot-audit", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.interval)

    def run_once(self, *, force: bool = False) -> None:
        """A checkpoint if one is due (any new row when ``force``), then each witness whose pause is over."""
        try:
            checkpoint_if_new(self.app) if force else checkpoint_if_due(self.app)
        except Exception as exc:
            log.error("audit checkpoint failed: %s", type(exc).__name__)
        now = time.monotonic()
        for witness in self.witnesses:
            if not force and self._next_try.get(witness.name, 0.0) > now:
                continue
            try:
                (outcome,) = publish_pending(self.app, witnesses=[witness], slack=self.slack)
            except Exception as exc:  # the database, most likely; the witness is tried again next time
                log.error("audit witness %s: publishing failed: %s", witness.name, type(exc).__name__)
                continue
            if outcome.error is None:
                self._pause.pop(witness.name, None)
                self._next_try.pop(witness.name, None)
            else:
                pause = min(self._pause.get(witness.name, FIRST_RETRY_SECONDS / 2) * 2, LAST_RETRY_SECONDS)
                self._pause[witness.name] = pause
                self._next_try[witness.name] = now + pause

    def stop(self, *, timeout: float) -> bool:
        """Stop the loop, then checkpoint what is new and publish it once, within ``timeout`` seconds."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        done = threading.Event()

        def last_run() -> None:
            try:
                self.run_once(force=True)
            finally:
                done.set()

        threading.Thread(target=last_run, name="casebot-audit-last", daemon=True).start()
        finished = done.wait(timeout)
        if not finished:
            log.warning("shutdown: the last audit checkpoint was not published within %.0fs", timeout)
        return finished
