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
    def __init__(self, kv: KeyValueStore, *, key: str, first: bool = False) -> None:
        """``first``: the event was never handed to a worker before, so it has no marks to read (an
        event id is on the stream once a day, and its marks live a day)."""
        self._kv = kv
        self._key = f"progress:{key}"
        self._marks: dict[str, str] = {}
        self.first = first  # no earlier delivery can have done any of the work
        if first:
            return
        try:
            with kv.guard():
                raw = kv.redis.hgetall(kv.key(self._key))
            self._marks = {k.decode(): v.decode() for k, v in raw.items()}
        except StoreUnavailable:
            pass

    @classmethod
    def of(
        cls,
        kv: KeyValueStore,
        *,
        event_id: str | None,
        channel: str,
        ts: str,
        edited: bool,
        first: bool = False,
    ) -> Progress:
        """An event's own progress; without an event id (a message found by a sweep), the message's."""
        if not event_id:
            return cls(kv, key=f"message:{channel}:{ts}:{int(edited)}")
        return cls(kv, key=f"event:{event_id}", first=first)

    def get(self, step: str) -> str | None:
        return self._marks.get(step)

    def mark(self, step: str, value: str = "1", **more: str) -> None:
        """Mark ``step`` (and the ``more`` steps) done, in one round trip."""
        steps = {step: value, **more}
        self._marks.update(steps)
        try:
            with self._kv.guard():
                pipe = self._kv.redis.pipeline(transaction=False)  # both idempotent
                pipe.hset(self._kv.key(self._key), mapping=steps)
                pipe.expire(self._kv.key(self._key), TTL_SECONDS)
                pipe.execute()
        except StoreUnavailable:
            pass
