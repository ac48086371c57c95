"""The stream's workers: acknowledged only after the work, tried again after a failure, never dropped."""

from __future__ import annotations

import time

from bot.context import Casebot
from bot.events.workers import EventWorkers
from bot.observability import metrics
from bot.oversight import incidents
from storage.crypto import new_data_key
from storage.event_stream import Entry, EventStream


def workers(app: Casebot, *, max_tries: int = 3) -> EventWorkers:
    return EventWorkers(
        app, stream=EventStream(app.kv, key=new_data_key()), threads=2, claim_seconds=0.2, max_tries=max_tries
    )


def test_an_event_is_acknowledged_after_its_handler_returns(app: Casebot) -> None:
    events = workers(app)
    seen: list[bytes] = []
    events.handler = lambda entry: seen.append(entry.payload)
    before = metrics.sample("casebot_events_processed_total", outcome="done")
    events.start()
    try:
        assert events.accept(event_id="Ev0001WORK", payload=b"one")
        assert events.wait_idle(10)
    finally:
        events.stop(timeout=5)
    assert seen == [b"one"]
    assert metrics.sample("casebot_events_processed_total", outcome="done") == before + 1


def test_a_failing_event_is_tried_again_and_then_kept_in_the_dead_letter_stream(app: Casebot) -> None:
    events = workers(app, max_tries=3)
    tries: list[int] = []

    def fails(entry: Entry) -> None:
        tries.append(entry.deliveries)
        raise RuntimeError("boom")

    events.handler = fails
    events.start()
    try:
        events.accept(event_id="Ev0002WORK", payload=b"two")
        assert events.wait_idle(20)
    finally:
        events.stop(timeout=5)
    assert tries == [1, 2, 3]
    assert events.stream.dead_letters() == 1
    (incident,) = incidents.list_incidents(app, open_only=True)
    assert (incident.category, incident.summary_codes) == ("event_failed", ("event.dead_lettered", "tries:3"))


def test_a_handler_that_recovers_is_acknowledged_on_a_later_try(app: Casebot) -> None:
    events = workers(app)
    tries: list[int] = []

    def flaky(entry: Entry) -> None:
        tries.append(entry.deliveries)
        if entry.deliveries == 1:
            raise ConnectionError("database went away")

    events.handler = flaky
    events.start()
    try:
        events.accept(event_id="Ev0003WORK", payload=b"three")
        assert events.wait_idle(20)
    finally:
        events.stop(timeout=5)
    assert tries == [1, 2] and events.stream.dead_letters() == 0


def test_a_redis_that_lost_the_stream_and_its_group_is_set_up_again(app: Casebot) -> None:
    events = workers(app)
    seen: list[bytes] = []
    events.handler = lambda entry: seen.append(entry.payload)
    events.start()
    try:
        app.kv.redis.delete(app.kv.key("events"))  # a Redis restarted without its data
        time.sleep(0.5)
        events.accept(event_id="Ev0004WORK", payload=b"four")
        assert events.wait_idle(20)
    finally:
        events.stop(timeout=5)
    assert seen == [b"four"]
