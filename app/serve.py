"""`casebot serve`: the Slack bot behind gunicorn (HTTP) or over Socket Mode.

HTTP mode runs gunicorn's ``gthread`` workers: a production server that
handles many slow clients with a few threads, restarts crashed workers, and
stops gracefully on SIGTERM (in-flight requests finish, then each worker
drains its queue of acknowledged events before it exits). Routes:
``POST /slack/events`` (events, interactivity and the slash command),
``GET /healthz`` (database, Redis and the roster index; 503 until all three
answer) and ``GET /metrics`` (Prometheus, ``bot.observability.metrics``; off with
``CASEBOT_METRICS=false``). With several workers the metrics are shared through
prometheus-client's multiprocess mode, in a private directory of this serve's own.
Each worker builds its own Bolt app after the fork, so no database
connection, Redis socket or thread crosses a fork.

Socket Mode (``SLACK_APP_TOKEN`` set) is for agencies with no public endpoint:
the same Bolt app over Slack's WebSocket, plus a small ``/healthz`` and ``/metrics``
listener on ``CASEBOT_HEALTH_PORT`` for the orchestrator (one process: no multiprocess mode).

Logs are JSON lines by default (``app.logs``; ``CASEBOT_LOG_FORMAT=console`` for a terminal), gunicorn's
own included.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from app import logs
from app.signed_requests import signature_first
from app.slack_app import api_base_url, create_app, message_shortcut, quiet_slack_loggers, web_client
from bot.context import Casebot
from bot.meetings.settings import MeetingSettings
from bot.observability import metrics
from bot.oversight.audit_witnesses import has_witness
from bot.serve_settings import ServeSettings
from bot.settings import LogFormat, Settings
from bot.sharing.totp_qr import QR_PATH, qr_png
from storage.audit_s3 import quiet_boto_loggers
from storage.migrate import current_revision, head_revision

log = logging.getLogger("casebot.serve")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ServeError(Exception):
    """casebot cannot start serving; the message says what to fix."""


def health_app(app: App) -> WsgiApp:
    runtime = app.casebot_runtime  # type: ignore[attr-defined]

    def respond(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status = runtime.health()
        ok = all(status.values())
        body = json.dumps({"ok": ok, **status}).encode()
        start_response(
            "200 OK" if ok else "503 Service Unavailable",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]

    return respond


def metrics_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Prometheus' text format: counts by closed-set labels only (no client, user or channel)."""
    try:
        body, content_type = metrics.exposition()
    except Exception as exc:  # a worker's metrics file being written: the next scrape gets it
        log.warning("metrics unavailable: %s", type(exc).__name__)
        start_response(
            "503 Service Unavailable", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")]
        )
        return [b"metrics unavailable"]
    start_response(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
    )
    return [body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]


def wsgi_app(app: App) -> WsgiApp:
    """``/healthz`` for the orchestrator; everything else to Bolt (404 off ``/slack/events``)."""
    casebot: Casebot = app.casebot_runtime.app  # type: ignore[attr-defined]
    slack = signature_first(
        SlackRequestHandler(app, path=EVENTS_PATH),
        signing_secret=casebot.settings.slack_signing_secret,
        shortcut=message_shortcut(app),
    )
    health = health_app(app)
    serve: ServeSettings = app.casebot_runtime.serve  # type: ignore[attr-defined]

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = str(environ.get("PATH_INFO") or ""), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method in {"GET", "HEAD"}:
            return health(environ, start_response)
        if path == METRICS_PATH and method in {"GET", "HEAD"} and serve.metrics:
            return metrics_app(environ, start_response)
        if path.startswith(QR_PATH) and method == "GET":
            return _qr(casebot, path[len(QR_PATH) :], start_response)
        return slack(environ, start_response)

    return route


def _qr(casebot: Casebot, token: str, start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The enrollment QR image, once; 404 for anything else (no hint whether a token ever existed)."""
    try:
        png = qr_png(casebot, token=token)
    except Exception as exc:  # Redis down, database down: no picture, and no detail to the caller
        log.warning("enrollment QR unavailable: %s", type(exc).__name__)
        png = None
    if png is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Cache-Control", "no-store")])
        return [b"not found"]
    start_response(
        "200 OK",
        [
            ("Content-Type", "image/png"),
            ("Content-Length", str(len(png))),
            ("Cache-Control", "no-store, private"),
        ],
    )
    return [png]


def build(settings: Settings, serve: ServeSettings) -> tuple[App, Casebot]:
    """A started bot for this process: Bolt app, worker pool, roster index building in the background."""
    casebot = Casebot(settings)
    # The master key is resolved now, with a read of its own: first resolved lazily inside a request's
    # write transaction, that read would wait for a pooled connection the waiting writers hold.
    casebot.keyring  # noqa: B018
    app = create_app(casebot, serve=serve)
    app.casebot_runtime.start()  # type: ignore[attr-defined]
    return app, casebot


def preflight(settings: Settings, *, socket_mode: bool) -> None:
    """Refuse to start half-configured: missing secrets, or a database behind the code's migrations."""

    missing = [name for name, value in (("SLACK_BOT_TOKEN", settings.slack_bot_token),) if value is None]
    if settings.is_production and not has_witness(settings):
        raise ServeError(
            "CASEBOT_ENV=production, but the only copies of the audit checkpoints are under the data "
            "directory: set CASEBOT_AUDIT_S3_BUCKET or CASEBOT_AUDIT_SLACK_CHANNEL "
            "(see `casebot config check`)"
        )
    if not socket_mode and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET")
    if missing:
        raise ServeError(f"{', '.join(missing)} not set (see `casebot config check`)")
    casebot = Casebot(settings)
    try:
        if current_revision(casebot.db) != head_revision():
            raise ServeError(
                "the database is not at the latest schema: run `casebot db upgrade` (or `casebot init`)"
            )
        casebot.kv.ping()
        _ = casebot.key_source
    finally:
        casebot.close()
    _check_bot_token(settings)
    if settings.slack_admin_user_token is None:
        log.warning(
            "SLACK_ADMIN_USER_TOKEN is not set: casebot cannot delete messages that hold PII; "
            "it will ask posters to delete them"
        )

    for problem in MeetingSettings().problems():  # invalid values raise here, before any worker starts
        log.warning("meetings: %s", problem)


def _check_bot_token(settings: Settings) -> None:
    """``auth.test`` once, before any worker starts: a bad token is one line here, not a traceback in
    every worker as Bolt checks it at start-up."""
    client = web_client(token=settings.slack_bot_token, base_url=api_base_url(settings.slack_api_url))
    try:
        client.auth_test()
    except SlackApiError as exc:
        raise ServeError(f"Slack refused the bot token: {exc.response.get('error', 'unknown')}") from None
    except (SlackClientError, OSError) as exc:
        raise ServeError(
            f"cannot reach Slack at {api_base_url(settings.slack_api_url)} ({type(exc).__name__})"
        ) from None


def configure_logging(level: str, fmt: LogFormat | None = None) -> None:
    """serve's logging: JSON lines unless ``CASEBOT_LOG_FORMAT`` says otherwise (``app.logs``)."""
    logs.configure(level, fmt or LogFormat.JSON)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    quiet_slack_loggers()
    quiet_boto_loggers()


def run(settings: Settings, serve: ServeSettings | None = None) -> None:
    serve = serve or ServeSettings()
    configure_logging(settings.log_level, settings.log_format)
    socket_mode = settings.slack_app_token is not None
    preflight(settings, socket_mode=socket_mode)
    if socket_mode:
        run_socket_mode(settings, serve)
    else:
        run_http(settings, serve)


# --- HTTP: gunicorn ----------------------------------------------------------------------------------


def gunicorn_options(settings: Settings, serve: ServeSettings) -> dict[str, Any]:
    if settings.uses_embedded_redis and serve.web_workers > 1:
        raise ServeError(
            "the embedded Redis serves one process: set REDIS_URL to run CASEBOT_WEB_WORKERS > 1"
        )
    return {
        "bind": [serve.bind],
        "workers": serve.web_workers,
        "worker_class": "gthread",
        "threads": serve.web_threads,
        "timeout": 60,
        # drain acknowledged work, then send the last audit checkpoint: each may take shutdown_seconds
        "graceful_timeout": 2 * int(max(serve.shutdown_seconds, 5)) + 10,
        "keepalive": 5,
        "backlog": 2048,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        "proc_name": "casebot",
        "worker_exit": _worker_exit,
        "child_exit": _child_exit,
        "logger_class": _gunicorn_logger_class(),
        "forwarded_allow_ips": "127.0.0.1",
        # gunicorn >= 25 opens a control socket at one path per OS user ($XDG_RUNTIME_DIR or ~/.gunicorn):
        # a second `casebot serve` (another installation, or a replica) would take it over, and stopping
        # either removes it for both. casebot is run by signals and its orchestrator, never gunicornc.
        "control_socket_disable": True,
    }


_WORKER_BOT: list[tuple[App, Casebot]] = []


def _worker_exit(_server: Any, _worker: Any) -> None:
    """In the worker process, after it stopped taking requests: finish acknowledged events, then close."""
    for app, casebot in _WORKER_BOT:
        app.casebot_runtime.shutdown()  # type: ignore[attr-defined]
        casebot.close()


def _child_exit(_server: Any, worker: Any) -> None:
    """In the master, once a worker has exited (cleanly or not): its live gauges leave /metrics."""
    metrics.process_dead(worker.pid)


def _gunicorn_logger_class() -> type:
    """gunicorn's logger, its error log handed to the root logger so it comes out in casebot's format.
    (The access log stays off: it would name every request's path and address.)"""
    from gunicorn.glogging import Logger

    class RootLogger(Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for handler in list(self.error_log.handlers):
                self.error_log.removeHandler(handler)
            self.error_log.propagate = True

    return RootLogger


def multiprocess_metrics(serve: ServeSettings) -> str | None:
    """With several workers, a private, empty directory for their metrics (removed when serve ends)."""
    if serve.web_workers <= 1 or not serve.metrics:
        return None
    directory = tempfile.mkdtemp(prefix="casebot-metrics-")  # 0700, this process's own
    metrics.use_multiprocess(Path(directory))
    return directory


def run_http(settings: Settings, serve: ServeSettings) -> None:
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(settings, serve)

    class CasebotServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> WsgiApp:
            configure_logging(settings.log_level, settings.log_format)
            app, casebot = build(settings, serve)
            _WORKER_BOT.append((app, casebot))
            return wsgi_app(app)

    shared = multiprocess_metrics(serve)
    log.info("casebot serving HTTP on %s%s", serve.bind, EVENTS_PATH)
    try:
        CasebotServer().run()
    finally:
        if shared is not None:
            os.environ.pop(metrics.MULTIPROC_ENV, None)
            shutil.rmtree(shared, ignore_errors=True)


# --- Socket Mode -------------------------------------------------------------------------------------


def run_socket_mode(settings: Settings, serve: ServeSettings, *, stop: threading.Event | None = None) -> None:
    """Connect over Slack's WebSocket until SIGTERM/SIGINT (or ``stop``), then drain and close."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    assert settings.slack_app_token is not None
    stop = stop or threading.Event()
    app, casebot = build(settings, serve)
    runtime = app.casebot_runtime  # type: ignore[attr-defined]
    health = _start_health_server(app, serve.health_port, serve) if serve.health_port else None
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    try:
        handler.connect()
        log.info("casebot connected in Socket Mode")
        stop.wait()
    finally:
        log.info("casebot shutting down")
        handler.close()
        runtime.shutdown()
        if health is not None:
            health.shutdown()
        casebot.close()


def _start_health_server(app: App, port: int, serve: ServeSettings | None = None) -> Any:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

    health = health_app(app)

    def only_health(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return health(environ, start_response)
        if environ.get("PATH_INFO") == METRICS_PATH and (serve is None or serve.metrics):
            return metrics_app(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    server = make_server("0.0.0.0", port, only_health, handler_class=Quiet)  # noqa: S104 (in a container)
    threading.Thread(target=server.serve_forever, name="casebot-health", daemon=True).start()
    return server
