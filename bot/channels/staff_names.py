"""The workspace's members' first names, so the redactor leaves colleagues' names readable.

Why: case-conference chat is full of colleagues' first names ("Maria will do
the move-in", "Thanks Dave!"), and some of them are also clients' first names.
The redactor (``Redactor.with_known_words``) keeps such a word unless the
message plainly talks about a client by it; see ``redaction/names.py`` and
tests/redaction/test_staff_names.py for the exact rule.

Only first names are kept (a member's first name, the first word of their real
name, a one-word display name): surnames are left out on purpose, because a
client's surname alone ("Garrido accepted the unit") must still be redacted
when a colleague shares it. The names live in memory only, are never logged,
and are refreshed from Slack's user list every ``refresh_seconds`` on a thread
of their own (paging users.list can take minutes on a big workspace). A failed
or empty listing keeps the names already known: an outage must not make every
colleague's name suddenly count as a client's (precision), and the old list
is no less safe than none, because a known word still gives way to client
evidence.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol

log = logging.getLogger("casebot.staff_names")

DEFAULT_REFRESH_SECONDS = 3600.0
RETRY_SECONDS = 300.0
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


class MemberNames(Protocol):
    def member_names(self) -> list[str]:
        """Name fields of every active human member (first name, real name, display name), all pages;
        raises on any failed page rather than return a partial list."""
        ...


def first_names(fields: Iterable[str]) -> frozenset[str]:
    """The first word of each name field, 2+ letters: "Maria Santos" -> "maria"."""
    out: set[str] = set()
    for field in fields:
        words = _WORD_RE.findall(str(field or ""))
        if words and len(words[0]) >= 2:
            out.add(words[0].casefold())
    return frozenset(out)


class StaffNames:
    """Current first names of the workspace's members, with a version that changes when they do."""

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
        self._words: frozenset[str] = frozenset()
        self._version = 0
        self._next = 0.0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> int:
        return self._version

    def words(self) -> frozenset[str]:
        return self._words

    def refresh(self) -> bool:
        """Read the member list now; True when the names changed. Never raises."""
        if self.source is None:
            return False
        with self._lock:
            try:
                names = first_names(self.source.member_names())
            except Exception as exc:  # the type only: a Slack error body may name people
                log.warning("member names not refreshed: %s", type(exc).__name__)
                self._next = self._clock() + RETRY_SECONDS
                return False
            self._next = self._clock() + self._refresh_seconds
            if not names:
                log.warning("member names not refreshed: Slack listed no members")
                return False
            if names == self._words:
                return False
            self._words = names
            self._version += 1
            log.info("member names refreshed: %d first names", len(names))
            return True

    def refresh_if_due(self) -> None:
        """From the upkeep loop: start a refresh on its own thread when one is due and none is running."""
        if self.source is None or self._refresh_seconds <= 0 or self._clock() < self._next:
            return
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread = threading.Thread(target=self.refresh, name="casebot-staff-names", daemon=True)
        self._thread.start()
