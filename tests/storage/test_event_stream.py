"""The event stream: what is appended is read once, survives its reader, and is never stored readable."""

from __future__ import annotations

import json
import time

import pytest

from storage.crypto import new_data_key
from storage.event_stream import DEAD, STREAM, EventStream
from storage.kv import KeyValueStore

BODY = json.dumps({"event": {"text": "Zephyrinaqa Vorthmundsen SSN 517-29-4836"}}).encode()


@pytest.fixture
def stream(kv: KeyValueStore) -> EventStream:
    events = EventStream(kv, key=new_data_key())
    events.ensure_group()
    return events


def test_an_event_is_read_once_and_gone_once_done(stream: EventStream) -> None:
    assert stream.append(event_id="Ev0001AAAA", payload=BODY)
    (entry,) = stream.read(consumer="a", block_ms=100)
    assert (entry.event_id, entry.payload, entry.deliveries) == ("Ev0001AAAA", BODY, 1)
    assert stream.read(consumer="b", block_ms=10) == []  # handed to one consumer only
    assert stream.state() == (1, 1)
    stream.done(entry)
    assert stream.state() == (0, 0)


def test_slack_retrying_an_event_adds_nothing(stream: EventStream) -> None:
    assert stream.append(event_id="Ev0002AAAA", payload=BODY)
    assert not stream.append(event_id="Ev0002AAAA", payload=BODY)
    assert stream.state() == (1, 0)


def test_what_a_dead_consumer_held_is_claimed_by_another_once_idle(stream: EventStream) -> None:
    stream.append(event_id="Ev0003AAAA", payload=BODY)
    (taken,) = stream.read(consumer="dies", block_ms=100)
    assert stream.claim_stale(consumer="lives", idle_seconds=5) == []  # not idle long enough
    time.sleep(0.25)
    (claimed,) = stream.claim_stale(consumer="lives", idle_seconds=0.2)
    assert (claimed.entry_id, claimed.payload, claimed.deliveries) == (taken.entry_id, BODY, 2)


def test_the_payload_is_never_in_redis_readable(stream: EventStream, kv: KeyValueStore) -> None:
    stream.append(event_id="Ev0004AAAA", payload=BODY)
    raw = json.dumps(
        [[k.decode(), v.hex()] for _, f in kv.redis.xrange(kv.key(STREAM)) for k, v in f.items()]
    )
    assert "517-29-4836" not in raw and "Vorthmundsen" not in raw
    assert b"Vorthmundsen" not in b"".join(v for _, f in kv.redis.xrange(kv.key(STREAM)) for v in f.values())


def test_a_dead_letter_leaves_the_stream_and_keeps_the_event(stream: EventStream, kv: KeyValueStore) -> None:
    stream.append(event_id="Ev0005AAAA", payload=BODY)
    (entry,) = stream.read(consumer="a", block_ms=100)
    stream.dead_letter(entry, reason="max_tries")
    assert stream.state() == (0, 0) and stream.dead_letters() == 1
    ((_, fields),) = kv.redis.xrange(kv.key(DEAD))
    assert fields[b"id"] == b"Ev0005AAAA" and b"Vorthmundsen" not in fields[b"p"]
