"""One running bot process: the roster index, the channel cache, the worker pool and the upkeep loop.

Slack wants an answer within 3 seconds, so the HTTP (or socket) thread only
puts a message event on the Redis stream and acknowledges; the work (redaction,
database, Web API calls) runs on the stream's worker threads (``events``,
``bot.events.workers``), in whichever replica reads it first. Buttons and
commands are acknowledged by their listeners and run on ``executor``. The
upkeep thread rebuilds the roster index when the by-name list changes and
purges expired quarantine rows. ``shutdown`` lets the work in hand finish;
what is not finished stays on the stream for another replica.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.channels.conversation import ConversationMemory
from bot.channels.guard import ChannelGuard
from bot.channels.restore import purge
from bot.channels.roster_cache import RosterCache
from bot.channels.staff_names import StaffNames
from bot.context import Casebot
from bot.events.sweep import Sweep
from bot.events.workers import EventWorkers
from bot.files.flow import FileRules, limits_of
from bot.meetings.providers import Providers
from bot.meetings.rules import MeetingLinkRules
from bot.meetings.settings import MeetingSettings
from bot.oversight.audit_upkeep import AuditUpkeep
from bot.oversight.audit_witnesses import remote_witnesses
from bot.oversight.dispatch import upkeep as escalation_upkeep
from bot.people.reconcile import MemberDirectory, run_daily
from bot.ports.slack import SlackPort
from bot.registry.channels import ChannelDirectory
from bot.reports.delivery import run_monthly
from bot.serve_settings import ServeSettings
from bot.sharing.by_name_lists import refresh_posts
from storage.event_stream import EventStream
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.runtime")

REPORT_CHECK_SECONDS = 600  # how often serve asks whether the monthly report is due


class WorkerPool(ThreadPoolExecutor):
    """A thread pool that knows how much acknowledged work is still pending (health, drain, tests)."""

    def __init__(self, *, threads: int, name: str = "casebot-worker") -> None:
        super().__init__(max_workers=threads, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: object) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is queued or running (within ``timeout`` seconds)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


class BotRuntime:
    def __init__(
        self,
        app: Casebot,
        *,
        slack: SlackPort,
        serve: ServeSettings | None = None,
        meetings: MeetingSettings | None = None,
    ) -> None:
        self.app = app
        self.serve = serve or ServeSettings()
        self.slack = slack
        # colleagues' first names (users.list, set by app.slack_app.build_runtime), kept readable
        self.staff = StaffNames(refresh_seconds=self.serve.staff_names_refresh_seconds)
        self.roster = RosterCache(app, staff=self.staff)
        self.channels = ChannelDirectory(app)
        self.meeting_settings = meetings or MeetingSettings()
        self.meeting_providers = Providers(self.meeting_settings)
        self.guard = ChannelGuard(
            app,
            slack=slack,
            roster=self.roster,
            channels=self.channels,
            quarantine_minutes=self.serve.quarantine_minutes,
            files=FileRules(
                app,
                slack=slack,
                redactor=self.roster.redactor,
                limits=limits_of(self.serve),
                unreadable=self.serve.unreadable_files,
                keep=timedelta(minutes=self.serve.quarantine_minutes),
            ),
            meetings=MeetingLinkRules(app, providers=self.meeting_providers),
            meetings_elsewhere=self.meeting_settings.elsewhere,
            conversation=ConversationMemory(app, hours=self.serve.conversation_hours),
            sweep_days=self.serve.sweep_days,
        )
        # Two pools: Bolt runs listeners on ``listeners`` (they ack buttons and commands, and hand
        # message work on), the heavy message work runs on ``executor``. A burst of messages therefore
        # never delays the ack of a button press or a slash command behind it.
        self.listeners = WorkerPool(threads=8, name="casebot-listener")
        self.executor = WorkerPool(threads=self.serve.worker_threads)
        # Message events: on the Redis stream between the ack and the work (``bot.events``).
        with app.db.transaction() as session:
            stream_key = app.keyring.ensure_named_key(session, "event_stream")
        # Made here, once, not by the first two workers to quarantine at the same moment (on PostgreSQL
        # the second insert of a new named key fails).
        with app.db.transaction() as session:
            app.keyring.ensure_named_key(session, "quarantine")
        self.events = EventWorkers(
            app,
            stream=EventStream(app.kv, key=stream_key),
            threads=self.serve.worker_threads,
            claim_seconds=self.serve.stream_claim_seconds,
            max_tries=self.serve.stream_max_tries,
        )
        self.sweep = Sweep(app, slack=slack, events=self.events, days=self.serve.sweep_days)
        self._sweeping: threading.Thread | None = None
        self._stop = threading.Event()
        self._upkeep: threading.Thread | None = None
        # Slack's user list, for the daily reconciliation (set by app.slack_app.build_runtime).
        self.directory: MemberDirectory | None = None
        self._reconciling: threading.Thread | None = None
        self._reporting: threading.Thread | None = None
        # Signed checkpoints and their witnesses (S3, the HMIS lead's channel), on a thread of their own.
        self.audit = AuditUpkeep(app, witnesses=remote_witnesses(app.settings, slack=slack), slack=slack)

    def start(self) -> None:
        """Build the roster index in the background and start the upkeep loop."""
        if self._upkeep is not None:
            return
        self._upkeep = threading.Thread(target=self._upkeep_loop, name="casebot-upkeep", daemon=True)
        self._upkeep.start()
        self.events.start()
        self._sweep_in_background()  # what was posted while no replica was listening
        self.audit.start()

    def _upkeep_loop(self) -> None:
        next_purge = 0.0
        next_report = 0.0
        sweep_every = self.serve.sweep_minutes * 60 or float("inf")  # the first one ran at start
        next_sweep = sweep_every
        elapsed = 0.0
        while not self._stop.is_set():
            if elapsed >= next_sweep:
                self._sweep_in_background()
                next_sweep = elapsed + sweep_every
            try:
                self.roster.refresh()
            except Exception as exc:  # keep the old index; never log the exception text (it may hold data)
                log.error("roster refresh failed: %s", type(exc).__name__)
            try:  # escalations: undelivered DMs, the HMIS lead for unanswered ones, lapsed holds
                escalation_upkeep(self.app, slack=self.slack)
            except Exception as exc:
                log.error("escalation upkeep failed: %s", type(exc).__name__)
            try:
                self.staff.refresh_if_due()  # on a thread of its own, hourly
            except Exception as exc:
                log.error("member names refresh failed: %s", type(exc).__name__)
            try:
                refresh_posts(self.app, slack=self.slack)
            except Exception as exc:
                log.error("by-name list refresh failed: %s", type(exc).__name__)
            if self.serve.reconcile_daily and self.directory is not None:
                self._reconcile_in_background()
            # the monthly report: a cheap check here, the work on a thread of its own
            if self.serve.report_monthly and elapsed >= next_report:
                self._report_in_background()
                next_report = elapsed + REPORT_CHECK_SECONDS
            if elapsed >= next_purge:
                try:
                    purge(self.app)
                except Exception as exc:
                    log.error("quarantine purge failed: %s", type(exc).__name__)
                next_purge = elapsed + self.serve.purge_seconds
            interval = min(self.serve.roster_refresh_seconds, self.serve.purge_seconds)
            self._stop.wait(interval)
            elapsed += interval

    def _sweep_in_background(self) -> None:
        """The catch-up sweep on a thread of its own: a week of history in many channels takes a while."""
        if self._sweeping is not None and self._sweeping.is_alive():
            return

        def sweep() -> None:
            try:
                self.sweep.run()
            except Exception as exc:
                log.error("catch-up sweep failed: %s", type(exc).__name__)

        self._sweeping = threading.Thread(target=sweep, name="casebot-sweep", daemon=True)
        self._sweeping.start()

    def _reconcile_in_background(self) -> None:
        """The daily user reconciliation (once a day across replicas) on a thread of its own: paging
        users.list can take minutes on a large workspace, and the roster refresh must not wait."""
        if self._reconciling is not None and self._reconciling.is_alive():
            return
        self._reconciling = threading.Thread(
            target=self.reconcile_daily, name="casebot-reconcile", daemon=True
        )
        self._reconciling.start()

    def _report_in_background(self) -> None:
        """The monthly report to the HMIS leads on CASEBOT_REPORT_DAY (once across replicas,
        ``bot.reports.delivery.run_monthly``); building a month of a large log takes seconds."""
        if self._reporting is not None and self._reporting.is_alive():
            return

        def report() -> None:
            try:
                run_monthly(self.app, slack=self.slack)
            except Exception as exc:
                log.error("monthly report failed: %s", type(exc).__name__)

        self._reporting = threading.Thread(target=report, name="casebot-report", daemon=True)
        self._reporting.start()

    def reconcile_daily(self) -> None:

        if self.directory is None:
            return
        try:
            run_daily(self.app, directory=self.directory, slack=self.slack)
        except Exception as exc:
            log.error("daily user reconciliation failed: %s", type(exc).__name__)

    def health(self) -> dict[str, bool]:
        """Database, Redis and roster index: what the orchestrator's health check asks about."""
        status = {"database": False, "redis": False, "roster": self.roster.ready}
        try:
            from sqlalchemy import text

            with self.app.db.transaction(write=False) as session:
                session.execute(text("SELECT 1"))
            status["database"] = True
        except Exception as exc:
            log.warning("health: database unavailable: %s", type(exc).__name__)
        try:
            self.app.kv.ping()
            status["redis"] = True
        except StoreUnavailable:
            log.warning("health: redis unavailable")
        return status

    def wait_idle(self, timeout: float) -> bool:
        """True once no sweep, listener or message work is queued or running."""
        deadline = time.monotonic() + timeout
        sweeping = self._sweeping
        if sweeping is not None:
            sweeping.join(max(0.0, deadline - time.monotonic()))
            if sweeping.is_alive():
                return False
        for pool in (self.listeners, self.events, self.executor, self.listeners, self.events, self.executor):
            if not pool.wait_idle(max(0.0, deadline - time.monotonic())):
                return False
        return True

    def shutdown(self, *, timeout: float | None = None) -> bool:
        """Stop the upkeep loop and finish queued work, then sign a last checkpoint over everything the
        work appended and send it to the witnesses; True when everything finished in time."""
        self._stop.set()
        timeout = self.serve.shutdown_seconds if timeout is None else timeout
        done = threading.Event()

        def drain() -> None:
            self.listeners.shutdown(wait=True)
            self.events.stop(timeout=timeout)  # what is not finished stays pending, for another replica
            self.executor.shutdown(wait=True)
            done.set()

        threading.Thread(target=drain, name="casebot-drain", daemon=True).start()
        finished = done.wait(timeout)
        if not finished:
            log.warning("shutdown: work still queued after %.0fs", timeout)
        published = self.audit.stop(timeout=max(timeout, 5.0))
        return finished and published
