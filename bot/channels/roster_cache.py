"""The in-memory redactor, rebuilt when the by-name list changes.

Building the roster index decrypts every client, so it is done once and kept
in memory only (never in Redis, never on disk). A cheap fingerprint of the
clients table (row count, last update, shredded keys) is compared every
``refresh_seconds``; an import or a deletion changes it, and the next check
builds a new redactor in the background while the old one keeps working.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import func, select

from bot.channels.staff_names import StaffNames
from bot.clients.roster import redactor_from_db
from bot.context import Casebot
from redaction import Redactor
from storage.models import Client, ClientKey

log = logging.getLogger("casebot.roster")

Fingerprint = tuple[object, ...]


def roster_fingerprint(app: Casebot) -> Fingerprint:
    """Changes whenever a client is added, updated, deleted or shredded: two aggregate queries."""
    with app.db.transaction(write=False) as session:
        clients = session.execute(select(func.count(), func.max(Client.updated_at))).one()
        shredded = session.scalar(select(func.count()).where(ClientKey.wrapped_key.is_(None)))
    return (clients[0], str(clients[1]), shredded)


class RosterCache:
    """Hands out the current Redactor; ``refresh`` swaps in a new one when the roster changed."""

    def __init__(
        self,
        app: Casebot,
        *,
        build: Callable[[Casebot], Redactor] | None = None,
        fingerprint: Callable[[Casebot], Fingerprint] = roster_fingerprint,
        staff: StaffNames | None = None,
    ) -> None:
        self._app = app
        self._build = build or redactor_from_db
        self._fingerprint = fingerprint
        self._redactor: Redactor | None = None
        self._seen: Fingerprint | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        # Colleagues' first names as known words, applied to the built index without rebuilding it:
        # (index as built, names version, redactor with those names), swapped as one tuple.
        self._staff = staff
        self._with_staff: tuple[Redactor, int, Redactor] | None = None

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def redactor(self, *, wait_seconds: float = 60) -> Redactor:
        """The current redactor; waits for the first build (fail closed: no redactor, no verdict)."""
        if not self._ready.wait(wait_seconds):
            raise RuntimeError("the roster index is not built yet")
        base = self._redactor
        assert base is not None
        if self._staff is None:
            return base
        applied = self._with_staff
        version = self._staff.version
        if applied is None or applied[0] is not base or applied[1] != version:
            applied = (base, version, base.with_known_words((), colleagues=self._staff.names()))
            self._with_staff = applied  # a race only builds the same cheap object twice
        return applied[2]

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild if the roster changed since the last build; True when it did."""
        with self._lock:
            seen = self._fingerprint(self._app)
            if not force and self._redactor is not None and seen == self._seen:
                return False
            started = time.perf_counter()
            redactor = self._build(self._app)
            self._redactor, self._seen = redactor, seen
            self._ready.set()
        # The index is hundreds of thousands of long-lived objects; without this the cyclic
        # garbage collector keeps rescanning them and redaction throughput drops (bench/redaction.py).
        gc.freeze()
        log.info(
            "roster index built: %d clients in %.2fs", redactor.roster_size, time.perf_counter() - started
        )
        return True
