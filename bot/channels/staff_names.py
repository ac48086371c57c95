"""The workspace's members' names, so the redactor leaves colleagues' names readable.

Why: case-conference chat is full of colleagues' first names ("Maria will do
the move-in", "Thanks Dave!"), and some of them are also clients' first names.
The redactor (``Redactor.with_known_words``) keeps such a word unless the
message plainly talks about a client by it; see ``redaction/names.py`` and
tests/redaction/test_staff_names.py for the exact rule.

A member's first name (the first word of a name field) is kept alone. A
surname alone is not, on purpose: a client's surname ("Garrido accepted the
unit") must still be redacted when a colleague shares it. A member's whole
name ("To: Keisha Monroe") is kept whole, unless a client has it too
(``redaction/colleagues.py``). The names live in memory only, are never
logged, and are refreshed from Slack's user list every ``refresh_seconds`` on
a thread of their own (paging users.list can take minutes on a big
workspace). A failed or empty listing keeps the names already known: an
outage must not make every colleague's name suddenly count as a client's
(precision), and the old list is no less safe than none, because a known
word still gives way to client evidence.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from redaction.colleagues import first_names

log = logging.getLogger("casebot.staff_names")

DEFAULT_REFRESH_SECONDS = 3600.0
RETRY_SECONDS = 300.0


class MemberNames(Protocol):
    def member_names(self) -> list[str]:
        """Name fields of every active human member (first name, real name, display name), all pages;
        raises on any failed page rather than return a partial list."""
        ...


def name_fields(fields: Iterable[str]) -> frozenset[str]:
    """The members' name fields, trimmed, with the empty ones left out."""
    return frozenset(f for f in (" ".join(str(field or "").split()) for field in fields) if f)


class StaffNames:
    """Current names of the workspace's members, with a version that changes when they do."""

    def __init__(
        self,
        *,
        source: MemberNames | None = None,
        refresh_seconds: float = DEFAULT_REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._names: frozenset[str] = frozenset()
        self._version = 0
        self._next = 0.0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> int:
        return self._version

    def names(self) -> frozenset[str]:
        """The name fields (first, real and display names): for ``Redactor(colleagues=...)``."""
        return self._names

    def words(self) -> frozenset[str]:
        """The members' first names, folded."""
        return first_names(self._names)

    def refresh(self) -> bool:
        """Read the member list now; True when the names changed. Never raises."""
        if self.source is None:
            return False
        with self._lock:
            try:
                names = name_fields(self.source.member_names())
            except Exception as exc:  # the type only: a Slack error body may name people
                log.warning("member names not refreshed: %s", type(exc).__name__)
                self._next = self._clock() + RETRY_SECONDS
                return False
            self._next = self._clock() + self._refresh_seconds
            if not names:
                log.warning("member names not refreshed: Slack listed no members")
                return False
            if names == self._names:
                return False
            self._names = names
            self._version += 1
            log.info("member names refreshed: %d name fields", len(names))
            return True

    def refresh_if_due(self) -> None:
        """From the upkeep loop: start a refresh on its own thread when one is due and none is running."""
        if self.source is None or self._refresh_seconds <= 0 or self._clock() < self._next:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self.refresh, name="casebot-staff-names", daemon=True)
        self._thread.start()
