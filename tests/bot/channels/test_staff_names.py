"""Members' first names as known words: read from users.list, kept in memory, applied without a rebuild."""

from __future__ import annotations

import logging

import pytest

from bot.channels.roster_cache import RosterCache
from bot.channels.staff_names import StaffNames, first_names
from redaction import Redactor, RosterEntry

ROSTER = [RosterEntry("1455", "Maria", "Lopez")]


class Source:
    def __init__(self, *answers: list[str] | Exception) -> None:
        self.answers = list(answers)

    def member_names(self) -> list[str]:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_only_first_names_are_kept():
    """Surnames are left out: a client's surname alone must stay redactable when a colleague shares it."""
    assert first_names(["Maria Santos", "maria.s", "Dave", "", "J", "Nguyễn Văn An"]) == {
        "maria",
        "dave",
        "nguyen",
    }


def test_a_failed_or_empty_listing_keeps_the_names_already_known(caplog):
    staff = StaffNames(source=Source(["Maria Santos"], RuntimeError("Maria Santos leaked?"), []))
    assert staff.refresh() and staff.words() == {"maria"} and staff.version == 1
    with caplog.at_level(logging.WARNING, logger="casebot.staff_names"):
        assert not staff.refresh()
        assert not staff.refresh()
    assert staff.words() == {"maria"} and staff.version == 1
    assert "Maria" not in caplog.text and "RuntimeError" in caplog.text  # the type only, never the text


def test_an_unchanged_list_keeps_the_version():
    staff = StaffNames(source=Source(["Maria Santos"], [" Maria  Santos", ""], ["Maria Santos", "Dave"]))
    assert staff.refresh() and not staff.refresh() and staff.refresh()
    assert staff.version == 2 and staff.words() == {"maria", "dave"}


def test_refresh_if_due_runs_once_per_period_and_never_when_off():
    now = [0.0]
    source = Source(["Maria"], ["Dave"])
    staff = StaffNames(source=source, refresh_seconds=60, clock=lambda: now[0])
    staff.refresh_if_due()
    staff._thread.join(5)  # type: ignore[union-attr]
    assert staff.words() == {"maria"}
    staff.refresh_if_due()  # not due yet: no second call
    assert source.answers == [["Dave"]]
    now[0] = 61
    staff.refresh_if_due()
    staff._thread.join(5)  # type: ignore[union-attr]
    assert staff.words() == {"dave"}
    off = StaffNames(source=Source(), refresh_seconds=0)
    off.refresh_if_due()  # CASEBOT_STAFF_NAMES_REFRESH_SECONDS=0: never reads Slack
    assert off._thread is None


@pytest.fixture
def cache():
    staff = StaffNames(source=Source(["Maria Santos"], ["Dave"]))
    builds: list[int] = []

    def build(_app):
        builds.append(1)
        return Redactor(ROSTER)

    rc = RosterCache(None, build=build, fingerprint=lambda _app: (len(builds),), staff=staff)  # type: ignore[arg-type]
    rc.refresh()
    return rc, staff, builds


def test_the_cache_applies_new_names_without_rebuilding_the_index(cache):
    rc, staff, builds = cache
    text = "Maria will do the move-in."
    assert rc.redactor().redact(text).text == "Client 1455 will do the move-in."  # no names yet
    staff.refresh()
    assert rc.redactor().redact(text).text == text
    assert rc.redactor() is rc.redactor()  # applied once, not per message
    staff.refresh()  # Maria left the team
    assert rc.redactor().redact(text).text == "Client 1455 will do the move-in."
    assert builds == [1]


def test_a_rebuilt_index_gets_the_names_again(cache):
    rc, staff, builds = cache
    staff.refresh()
    rc.refresh(force=True)
    assert builds == [1, 1]
    assert rc.redactor().redact("Maria will do the move-in.").findings == ()
