"""Slack events on a Redis stream, so an acknowledged event outlives the process that acknowledged it.

The front end appends an event (``append``) and only then lets Slack have its 200; worker threads
in every replica read it through one consumer group and acknowledge it once the work and its audit
row are committed (``done``). An entry a dead consumer held is claimed by another after
``claim_idle_seconds`` (XAUTOCLAIM); one that keeps failing is moved to the dead-letter stream.

The payload is a Slack event: message text, PII. It is stored AES-256-GCM under the keyring's
``event_stream`` key, bound to the event id, so a Redis dump or AOF holds no readable text, and an
entry is deleted from the stream (XDEL) as it is acknowledged, not left for trimming.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import redis

from storage.crypto import FieldCipher
from storage.kv import KeyValueStore, StoreUnavailable

STREAM, DEAD, GROUP = "events", "events-dead", "casebot"
QUEUED_TTL_SECONDS = 24 * 3600  # Slack retries an event for about an hour; a day is plenty
MAX_LENGTH = 1_000_000  # a bound on a stream nobody reads (every replica down), far above any backlog

# The dedup mark and the entry go in together: a retry of an event already on the stream adds nothing.
_APPEND = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[3], 'p', ARGV[4])
end
return false
"""


@dataclass(frozen=True, slots=True, repr=False)
class Entry:
    """One event read from the stream. ``deliveries``: how many times it was handed out (1 = first)."""

    entry_id: str
    event_id: str
    payload: bytes
    deliveries: int = 1

    def __repr__(self) -> str:
        return (
            f"Entry({self.entry_id}, event={self.event_id}, deliveries={self.deliveries}, <payload hidden>)"
        )


def consumer_name() -> str:
    """One consumer a process: its pending entries are claimed by others once it stops answering."""
    return f"{socket.gethostname()}-{os.getpid()}"


class EventStream:
    def __init__(self, kv: KeyValueStore, *, key: bytes) -> None:
        self._kv = kv
        self._r = kv.redis
        self._stream, self._dead = kv.key(STREAM), kv.key(DEAD)
        self._key = key
        self._append = self._r.register_script(_APPEND)

    def _cipher(self, event_id: str) -> FieldCipher:
        return FieldCipher(self._key, table="event_stream", row_id=event_id)

    def ensure_group(self) -> None:
        with self._kv.guard():
            try:
                self._r.xgroup_create(self._stream, GROUP, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    def append(self, *, event_id: str, payload: bytes) -> bool:
        """Put an event on the stream; False when it is already there (Slack retried it). Raises
        ``StoreUnavailable`` when Redis cannot take it: then Slack must not get its 200."""
        blob = self._cipher(event_id).encrypt_bytes("payload", payload)
        with self._kv.guard():
            added = self._append(
                keys=[self._kv.key(f"queued:{event_id}"), self._stream],
                args=[QUEUED_TTL_SECONDS, MAX_LENGTH, event_id, blob],
            )
        return added is not None

    def _entries(self, raw: list, deliveries: dict[str, int] | None = None) -> list[Entry]:
        out = []
        for entry_id, fields in raw:
            if not fields:  # deleted while pending (never in normal running: ack and delete go together)
                continue
            eid = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
            event_id = fields[b"id"].decode()
            payload = self._cipher(event_id).decrypt_bytes("payload", fields[b"p"])
            out.append(Entry(eid, event_id, payload, (deliveries or {}).get(eid, 1)))
        return out

    def read(self, *, consumer: str, count: int = 1, block_ms: int = 1000) -> list[Entry]:
        """New entries for this consumer, waiting up to ``block_ms`` for one."""
        with self._kv.guard():
            answer = self._r.xreadgroup(GROUP, consumer, {self._stream: ">"}, count=count, block=block_ms)
        return self._entries(answer[0][1]) if answer else []

    def claim_stale(self, *, consumer: str, idle_seconds: float, count: int = 10) -> list[Entry]:
        """Entries another consumer took and has not acknowledged for ``idle_seconds``: it died."""
        with self._kv.guard():
            answer = self._r.xautoclaim(
                self._stream,
                GROUP,
                consumer,
                min_idle_time=int(idle_seconds * 1000),
                start_id="0",
                count=count,
            )
            raw = answer[1] if len(answer) > 1 else []
            if not raw:
                return []
            ids = [e[0] for e in raw]
            pending = self._r.xpending_range(
                self._stream, GROUP, min=min(ids), max=max(ids), count=len(ids) * 4, consumername=consumer
            )
        deliveries = {
            (p["message_id"].decode() if isinstance(p["message_id"], bytes) else p["message_id"]): int(
                p["times_delivered"]
            )
            for p in pending
        }
        return self._entries(raw, deliveries)

    def done(self, entry: Entry) -> None:
        """Acknowledge and delete: the work and its audit row are committed."""
        with self._kv.guard():
            pipe = self._r.pipeline(transaction=False)  # both idempotent: no MULTI needed
            pipe.xack(self._stream, GROUP, entry.entry_id)
            pipe.xdel(self._stream, entry.entry_id)
            pipe.execute()

    def dead_letter(self, entry: Entry, *, reason: str) -> None:
        """Give up on an entry: it goes to the dead-letter stream (still encrypted) and off this one."""
        blob = self._cipher(entry.event_id).encrypt_bytes("payload", entry.payload)
        with self._kv.guard():
            pipe = self._r.pipeline(transaction=True)
            pipe.xadd(self._dead, {"id": entry.event_id, "p": blob, "reason": reason, "from": entry.entry_id})
            pipe.xack(self._stream, GROUP, entry.entry_id)
            pipe.xdel(self._stream, entry.entry_id)
            pipe.execute()

    def dead_letters(self) -> int:
        with self._kv.guard():
            return int(self._r.xlen(self._dead))

    def state(self) -> tuple[int, int]:
        """(entries waiting to be read or acknowledged, of which handed out and not acknowledged)."""
        with self._kv.guard():
            length = int(self._r.xlen(self._stream))
            try:
                groups = self._r.xinfo_groups(self._stream)
            except redis.ResponseError:  # no stream yet
                return length, 0
        pending = sum(int(g.get("pending", 0)) for g in groups if g.get("name") in (GROUP, GROUP.encode()))
        return length, pending


__all__ = ["Entry", "EventStream", "StoreUnavailable", "consumer_name"]
