"""How far casebot got with one message, kept in Redis, so a redelivered event resumes instead of repeating.

An event is delivered again when the replica working on it died before acknowledging it
(``bot.events.workers``). By then casebot may have deleted the original, re-posted it, or both.
Deleting again would find nothing ("message_not_found") and read as "the poster deleted it", and
the re-post would be lost; re-posting again would post it twice. So each step that Slack cannot undo
is marked here as soon as Slack confirms it, and a redelivery skips what is marked. The marks live
a day (longer than any redelivery) and name the message by channel and ts, never its text.

Without Redis nothing is marked and every step runs: removing PII twice is harmless, leaving it
is not.
"""

from __future__ import annotations

from storage.kv import KeyValueStore, StoreUnavailable

TTL_SECONDS = 24 * 3600


class Progress:
    def __init__(self, kv: KeyValueStore, *, key: str) -> None:
        self._kv = kv
        self._key = f"progress:{key}"
        try:
            with kv.guard():
                raw = kv.redis.hgetall(kv.key(self._key))
            self._marks = {k.decode(): v.decode() for k, v in raw.items()}
        except StoreUnavailable:
            self._marks = {}

    @classmethod
    def of(cls, kv: KeyValueStore, *, event_id: str | None, channel: str, ts: str, edited: bool) -> Progress:
        """An event's own progress; without an event id (a message found by a sweep), the message's."""
        return cls(kv, key=f"event:{event_id}" if event_id else f"message:{channel}:{ts}:{int(edited)}")

    def get(self, step: str) -> str | None:
        return self._marks.get(step)

    def mark(self, step: str, value: str = "1") -> None:
        self._marks[step] = value
        try:
            with self._kv.guard():
                pipe = self._kv.redis.pipeline(transaction=True)
                pipe.hset(self._kv.key(self._key), step, value)
                pipe.expire(self._kv.key(self._key), TTL_SECONDS)
                pipe.execute()
        except StoreUnavailable:
            pass
