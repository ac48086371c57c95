"""A local stand-in for Slack's Web API (and its file host), for end-to-end tests and the benchmark.

It answers the methods casebot calls the way Slack does (``{"ok": true, ...}``,
``{"ok": false, "error": ...}``, HTTP 429 ``ratelimited`` with Retry-After),
and records every call with the token it carried, so a test can assert the
exact calls the bot made. Nothing here reaches the internet.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UCASEBOT1"
BOT_ID = "BCASEBOT1"
TEAM = "T0TEAM001"


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    token: str | None

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


@dataclass
class StoredFile:
    id: str
    name: str
    content: bytes
    filetype: str = "csv"
    mimetype: str = "text/csv"


@dataclass
class Script:
    """Canned failures: ``errors[method]`` is a list of error codes returned by the next calls."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    ratelimits: dict[str, list[int]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.downloads: list[Call] = []
        self.files: dict[str, StoredFile] = {}
        self.private: dict[str, bool] = {}
        # users.info answers: a full member of TEAM unless a test says otherwise (deleted, guest, external)
        self.members: dict[str, dict[str, Any]] = {}
        # users.list: the workspace's member IDs in order, each answered like users.info (``members``
        # overrides apply; "missing" ones are left out), paged by ``limit`` with an opaque next_cursor.
        self.workspace: list[str] = []
        self.list_failures: dict[int, str] = {}  # page number (1-based) -> error code, once each
        self._views = itertools.count(1)
        # Messages posted with chat.postMessage, per channel, oldest first: what conversations.history
        # answers (newest first, paged by ``limit`` and ``cursor`` as Slack does).
        self.history: dict[str, list[dict[str, Any]]] = {}
        # (time.time() the request arrived, text) of every chat.postMessage: the benchmark's ack->repost
        self.post_times: list[tuple[float, str]] = []
        self.script = Script()
        self.socket_url: str | None = None
        self.file_url_base: str | None = None  # where files.info says files are (tests of the host check)
        # Slack's upload flow: files.getUploadURLExternal hands out an upload URL on this server, the bytes
        # are POSTed there (``uploads``), files.completeUploadExternal shares them (``shared``: file id ->
        # channel_id, thread_ts, title, initial_comment).
        self.uploads: dict[str, bytes] = {}
        self.shared: dict[str, dict[str, Any]] = {}
        self._upload_ids = itertools.count(1)
        self.pending_uploads: dict[str, int] = {}  # file id -> the length promised
        self._ts = itertools.count(1)
        # chat.delete as Slack answers it when ``track_deletes``: a message deleted once is not found after
        self.track_deletes = False
        self.deleted_messages: set[tuple[str, str]] = set()
        self._holds: dict[str, threading.Event] = {}
        self.held = 0  # calls that waited at a hold (``hold``)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- life cycle ----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    @property
    def file_base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/files/"

    def start(self) -> SlackStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- scripting -----------------------------------------------------------------------------------

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        self.script.errors.setdefault(method, []).extend([error] * times)

    def ratelimit(self, method: str, *, times: int = 1, retry_after: int = 0) -> None:
        self.script.ratelimits.setdefault(method, []).extend([retry_after] * times)

    def slow(self, method: str, *, seconds: float) -> None:
        self.script.delays[method] = seconds

    def hold(self, method: str) -> None:
        """Calls of ``method`` wait (already received, not yet answered) until ``release``: where a test
        kills the caller. Each is answered, and takes effect, once released, as at Slack."""
        self._holds[method] = threading.Event()

    def release(self, method: str) -> None:
        self._holds.pop(method).set()

    def add_file(self, file: StoredFile) -> None:
        self.files[file.id] = file

    def post_as(
        self, channel: str, *, user: str, text: str, thread_ts: str | None = None, **extra: Any
    ) -> str:
        """A message by someone else (a person in the channel), as it would appear in the history;
        ``thread_ts``: a reply in that thread (the parent's ``reply_count`` and ``latest_reply`` move)."""
        with self._lock:
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            message = {"type": "message", "user": user, "text": text, "ts": ts, **extra}
            if thread_ts:
                message["thread_ts"] = thread_ts
                for parent in self.history.get(channel, []):
                    if parent["ts"] == thread_ts:
                        parent["thread_ts"] = thread_ts
                        parent["reply_count"] = int(parent.get("reply_count") or 0) + 1
                        parent["latest_reply"] = ts
            self.history.setdefault(channel, []).append(message)
        return ts

    def edit_message(self, channel: str, ts: str, *, text: str) -> None:
        """What chat.update with the bot token does to a message: new text, marked edited."""
        with self._lock:
            for message in self.history.get(channel, []):
                if message["ts"] == ts:
                    message["text"] = text
                    message["edited"] = {"user": BOT_USER, "ts": f"{int(time.time())}.000000"}

    def delete_message(self, channel: str, ts: str) -> None:
        """What chat.delete with the bot token does: the message is gone from the history."""
        with self._lock:
            self.history[channel] = [m for m in self.history.get(channel, []) if m["ts"] != ts]

    # --- assertions ----------------------------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} {method} call(s), got {len(found)}; "
                        f"calls: {[c.method for c in self.calls]}"
                    )
                self._changed.wait(left)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.downloads.clear()

    # --- the server ----------------------------------------------------------------------------------

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        gate = self._holds.get(method)
        if gate is not None:
            with self._lock:
                self.held += 1
                self._changed.notify_all()
            gate.wait(120)
        delay = self.script.delays.get(method)
        if delay:
            time.sleep(delay)
        with self._lock:
            waits = self.script.ratelimits.get(method)
            if waits:
                retry_after = waits.pop(0)
                return 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"}
            errors = self.script.errors.get(method)
            if errors:
                return 200, {}, {"ok": False, "error": errors.pop(0)}
            ts = f"{int(time.time())}.{next(self._ts):06d}"
        if method == "auth.test":
            return (
                200,
                {},
                {
                    "ok": True,
                    "user_id": BOT_USER,
                    "bot_id": BOT_ID,
                    "team_id": TEAM,
                    "user": "casebot",
                    "team": "Test CoC",
                    "url": "https://test.slack.invalid/",
                },
            )
        if method == "conversations.info":
            channel = str(params.get("channel"))
            return (
                200,
                {},
                {
                    "ok": True,
                    "channel": {
                        "id": channel,
                        "name": "case-conf",
                        "is_private": self.private.get(channel, True),
                    },
                },
            )
        if method == "chat.postMessage":
            with self._lock:
                self.history.setdefault(str(params.get("channel")), []).append(
                    {
                        "type": "message",
                        "user": BOT_USER,
                        "bot_id": BOT_ID,
                        "text": params.get("text"),
                        "ts": ts,
                    }
                )
            return (
                200,
                {},
                {
                    "ok": True,
                    "channel": params.get("channel"),
                    "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts, "bot_id": BOT_ID},
                },
            )
        if method == "chat.delete" and self.track_deletes:
            key = (str(params.get("channel")), str(params.get("ts")))
            with self._lock:
                if key in self.deleted_messages:
                    return 200, {}, {"ok": False, "error": "message_not_found"}
                self.deleted_messages.add(key)
                self.history[key[0]] = [m for m in self.history.get(key[0], []) if m["ts"] != key[1]]
            return 200, {}, {"ok": True, "channel": key[0], "ts": key[1]}
        if method == "chat.postEphemeral":
            return 200, {}, {"ok": True, "message_ts": ts}
        if method in ("conversations.history", "conversations.replies"):
            return self._history_page(params)
        if method == "chat.update":
            self.edit_message(str(params.get("channel")), str(params.get("ts")), text=str(params.get("text")))
            return 200, {}, {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "files.info":
            stored = self.files.get(str(params.get("file")))
            if stored is None:
                return 200, {}, {"ok": False, "error": "file_not_found"}
            return (
                200,
                {},
                {
                    "ok": True,
                    "file": {
                        "id": stored.id,
                        "name": stored.name,
                        "title": stored.name,
                        "filetype": stored.filetype,
                        "mimetype": stored.mimetype,
                        "size": len(stored.content),
                        "mode": "hosted",
                        "url_private": (self.file_url_base or self.file_base) + stored.id,
                        "url_private_download": (self.file_url_base or self.file_base) + stored.id,
                    },
                },
            )
        if method == "files.getUploadURLExternal":
            try:
                length = int(params.get("length") or -1)
            except ValueError:
                length = -1
            if not params.get("filename") or length < 0:
                return 200, {}, {"ok": False, "error": "invalid_arguments"}
            file_id = f"F0UP{next(self._upload_ids):06d}"
            with self._lock:
                self.pending_uploads[file_id] = length
            host, port = self._server.server_address[:2]
            return (
                200,
                {},
                {"ok": True, "upload_url": f"http://{host}:{port}/upload/{file_id}", "file_id": file_id},
            )
        if method == "conversations.open":
            users = str(params.get("users") or "")
            if not users or "," in users:
                return 200, {}, {"ok": False, "error": "invalid_arguments"}
            return 200, {}, {"ok": True, "channel": {"id": "D" + users[1:]}}
        if method == "files.completeUploadExternal":
            if str(params.get("channel_id") or "").startswith("U"):  # a user ID is not a channel
                return 200, {}, {"ok": False, "error": "invalid_channel"}
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else list(files or [])
            with self._lock:
                for entry in files:
                    if entry.get("id") not in self.uploads:
                        return 200, {}, {"ok": False, "error": "file_not_found"}
                for entry in files:
                    self.shared[entry["id"]] = {
                        "channel_id": params.get("channel_id"),
                        "thread_ts": params.get("thread_ts"),
                        "title": entry.get("title"),
                        "initial_comment": params.get("initial_comment"),
                    }
            return 200, {}, {"ok": True, "files": [{"id": e["id"], "title": e.get("title")} for e in files]}
        if method == "users.info":
            profile = self._profile(str(params.get("user")))
            if profile.get("missing"):
                return 200, {}, {"ok": False, "error": "user_not_found"}
            return 200, {}, {"ok": True, "user": profile}
        if method == "users.list":
            return self._users_page(params)
        if method in ("views.open", "views.update", "views.push"):
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else dict(view or {})
            view_id = str(params.get("view_id") or f"V{next(self._views):08d}")
            return 200, {}, {"ok": True, "view": {**view, "id": view_id}}
        if method == "apps.connections.open":
            return 200, {}, {"ok": True, "url": self.socket_url}
        return 200, {}, {"ok": True}

    def _profile(self, user: str) -> dict[str, Any]:
        profile: dict[str, Any] = {
            "id": user,
            "team_id": TEAM,
            "deleted": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": False,
        }
        profile.update(self.members.get(user, {}))
        return profile

    def _users_page(self, params: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        """users.list as Slack pages it: ``limit`` per page, then ``response_metadata.next_cursor``
        ("" on the last page)."""
        cursor = str(params.get("cursor") or "")
        if cursor and not cursor.startswith("dXNlcjp"):
            return 200, {}, {"ok": False, "error": "invalid_cursor"}
        start = int(cursor.removeprefix("dXNlcjp") or 0)
        limit = max(1, min(int(params.get("limit") or 1000), 1000))
        page = start // limit + 1
        with self._lock:
            error = self.list_failures.pop(page, None)
        if error:
            return 200, {}, {"ok": False, "error": error}
        listed = [p for p in (self._profile(u) for u in self.workspace) if not p.get("missing")]
        chunk = listed[start : start + limit]
        following = start + limit
        next_cursor = f"dXNlcjp{following}" if following < len(listed) else ""
        return 200, {}, {"ok": True, "members": chunk, "response_metadata": {"next_cursor": next_cursor}}

    def _history_page(self, params: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        channel = str(params.get("channel"))
        cursor = str(params.get("cursor") or "")
        if cursor and not cursor.startswith("bmV4dF9"):
            return 200, {}, {"ok": False, "error": "invalid_cursor"}
        start = int(cursor.removeprefix("bmV4dF9") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 999))
        oldest = float(params.get("oldest") or 0)
        thread = params.get("ts")  # conversations.replies: the parent and its replies
        with self._lock:
            newest_first = [
                dict(m)
                for m in reversed(self.history.get(channel, []))
                if (float(m["ts"]) > oldest or m["ts"] == thread)
                and (
                    m.get("thread_ts") == thread or m["ts"] == thread
                    if thread
                    else m.get("thread_ts") in (None, m["ts"])
                )
            ]
        chunk = newest_first[start : start + limit]
        more = start + limit < len(newest_first)
        answer: dict[str, Any] = {"ok": True, "messages": chunk, "has_more": more}
        answer["response_metadata"] = {"next_cursor": f"bmV4dF9{start + limit}" if more else ""}
        return 200, {}, answer

    def _record(self, call: Call, *, download: bool = False) -> None:
        with self._changed:
            (self.downloads if download else self.calls).append(call)
            self._changed.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall when kept alive

            def log_message(self, *args: Any) -> None:
                return

            def _token(self) -> str | None:
                auth = self.headers.get("Authorization") or ""
                return auth[7:] if auth.startswith("Bearer ") else None

            def _send(self, status: int, headers: dict[str, str], body: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path == "/_stats":  # for the benchmark, which runs the stand-in in its own process
                    with standin._lock:
                        counts: dict[str, int] = {}
                        for call in standin.calls:
                            counts[call.method] = counts.get(call.method, 0) + 1
                    self._send(200, {}, json.dumps(counts).encode(), "application/json")
                    return
                if self.path == "/_posts":  # for the benchmark: when each chat.postMessage arrived
                    with standin._lock:
                        posts = list(standin.post_times)
                    self._send(200, {}, json.dumps(posts).encode(), "application/json")
                    return
                if self.path.startswith("/files/"):
                    file_id = self.path.removeprefix("/files/")
                    standin._record(Call("download", {"file": file_id}, self._token()), download=True)
                    stored = standin.files.get(file_id)
                    if stored is None or not self._token():
                        self._send(404, {}, b"not found", "text/plain")
                        return
                    self._send(200, {}, stored.content, stored.mimetype)
                    return
                if self.path.startswith("/api/"):  # GET methods (users.info): parameters in the query
                    method, _, query = self.path.removeprefix("/api/").partition("?")
                    params = dict(parse_qsl(query))
                    status, headers, answer = standin._answer(method, params)
                    standin._record(Call(method, params, self._token()))
                    self._send(
                        status, headers, json.dumps(answer).encode(), "application/json; charset=utf-8"
                    )
                    return
                self._send(404, {}, b"not found", "text/plain")

            def do_POST(self) -> None:
                arrived = time.time()
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):  # the pre-signed upload URL: raw bytes, no token
                    file_id = self.path.removeprefix("/upload/")
                    body = self.rfile.read(length) if length else b""
                    with standin._lock:
                        promised = standin.pending_uploads.pop(file_id, None)
                        if promised is not None and promised == len(body):
                            standin.uploads[file_id] = body
                    standin._record(Call("upload", {"file": file_id, "bytes": len(body)}, self._token()))
                    ok = promised is not None and promised == len(body)
                    self._send(200 if ok else 400, {}, b"OK" if ok else b"bad upload", "text/plain")
                    return
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                method = self.path.removeprefix("/api/").split("?")[0]
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw) if raw else {}
                else:
                    params = dict(parse_qsl(raw))
                    for key in ("blocks",):
                        if isinstance(params.get(key), str):
                            params[key] = json.loads(params[key])
                token = self._token() or params.get("token")
                if method == "chat.postMessage":
                    with standin._lock:
                        standin.post_times.append((arrived, str(params.get("text") or "")))
                status, headers, answer = standin._answer(method, params)
                standin._record(Call(method, params, token))
                self._send(status, headers, json.dumps(answer).encode(), "application/json; charset=utf-8")

        return Handler


def wait_until(predicate: Callable[[], bool], *, timeout: float = 10.0, interval: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


class SocketStandIn:
    """Slack's Socket Mode endpoint: says hello, pushes envelopes, collects the client's acks."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._clients: list[Any] = []
        self._cond = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=test"

    def start(self) -> SocketStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def _handle(self, ws: Any) -> None:
        ws.send(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0CASEBOT"}})
        )
        with self._cond:
            self.connections += 1
            self._clients.append(ws)
            self._cond.notify_all()
        try:
            for raw in ws:
                message = json.loads(raw)
                with self._cond:
                    self.acks.append(message)
                    self._cond.notify_all()
        except Exception:  # the client went away
            return

    def wait_connected(self, timeout: float = 10.0) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: self._clients, timeout=timeout):
                raise AssertionError("the bot never connected over Socket Mode")

    def push(self, envelope_id: str, payload: dict[str, Any], *, kind: str = "events_api") -> None:
        message = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": payload,
        }
        self._clients[-1].send(json.dumps(message))

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: any(a.get("envelope_id") == envelope_id for a in self.acks), timeout=timeout
            )
            if not ok:
                raise AssertionError(f"no ack for {envelope_id}")
            return next(a for a in self.acks if a.get("envelope_id") == envelope_id)


if __name__ == "__main__":  # `python -m tests.slack_standin`: a stand-in in its own process (bench/)
    server = SlackStandIn().start()
    print(server.url, flush=True)
    threading.Event().wait()
