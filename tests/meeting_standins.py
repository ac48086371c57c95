"""Local stand-ins for the Zoom and Webex REST APIs, speaking their documented wire formats.

Each runs ``http.server`` on a loopback port in a thread and records every
request (method, path, query, Authorization header, JSON body), so a test can
assert exactly what casebot sent. Failures are scripted per test. Nothing here
reaches the internet.

Zoom (Server-to-Server OAuth): ``POST /oauth/token?grant_type=account_credentials&account_id=...``
with HTTP Basic ``client_id:client_secret`` -> ``{"access_token", "token_type", "expires_in", "scope"}``,
or 400/401 ``{"reason", "error"}``. ``/v2`` errors are ``{"code": N, "message": ...}``: 124 invalid or
expired token (401), 1001 no such user (404), 3001 no such meeting (404), 300 invalid field (400),
429 rate limit with Retry-After. Meeting passcodes: at most 10 characters from ``[a-zA-Z0-9@-_*]``.

Webex: bearer token; errors are ``{"message", "errors": [{"description"}], "trackingId"}``.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

ZOOM_ACCOUNT = "acct-Z0OM"
ZOOM_CLIENT_ID = "zoom-client-id-01"
ZOOM_CLIENT_SECRET = "zoom-client-secret-SHHH-0123"
ZOOM_HOST = "host@coc.example.org"
WEBEX_TOKEN = "webex-token-SHHH-4567"
ZOOM_PASSCODE = re.compile(r"^[a-zA-Z0-9@_*-]{1,10}$")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    body: Any

    def __repr__(self) -> str:
        return f"Request({self.method} {self.path})"


@dataclass
class _Scripted:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class _StandIn:
    """The server plumbing both stand-ins share: record, answer scripted failures first, then route."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._script: dict[str, list[_Scripted]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> _StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, route: str, status: int, body: Any, *, headers: dict[str, str] | None = None) -> None:
        """The next request to ``route`` (e.g. "POST /v2/users/*/meetings") gets this answer."""
        with self._lock:
            self._script.setdefault(route, []).append(_Scripted(status, body, headers or {}))

    def of(self, method: str, prefix: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def _scripted(self, method: str, path: str) -> _Scripted | None:
        with self._lock:
            for route, answers in self._script.items():
                verb, _, pattern = route.partition(" ")
                regex = "^" + re.escape(pattern).replace(r"\*", "[^/]+") + "$"
                if verb == method and answers and re.match(regex, path):
                    return answers.pop(0)
        return None

    def route(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                parts = urlsplit(self.path)
                request = Request(
                    self.command,
                    parts.path,
                    dict(parse_qsl(parts.query)),
                    self.headers.get("Authorization"),
                    body,
                )
                with standin._lock:
                    standin.requests.append(request)
                scripted = standin._scripted(self.command, parts.path)
                if scripted is not None:
                    status, answer, headers = scripted.status, scripted.body, scripted.headers
                else:
                    status, answer, headers = standin.route(request)
                data = json.dumps(answer).encode() if answer is not None else b""
                self.send_response(status)
                if data:
                    self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PATCH = _serve

        return Handler


class ZoomStandIn(_StandIn):
    def __init__(self) -> None:
        super().__init__()
        self.meetings: dict[str, dict[str, Any]] = {}
        self.valid_tokens: set[str] = set()
        self.users = {ZOOM_HOST}
        self.waiting_room_locked_off = False  # an account setting that overrides what the API asks
        self._tokens = itertools.count(1)

    @property
    def api_url(self) -> str:
        return self.base + "/v2"

    @property
    def oauth_url(self) -> str:
        return self.base + "/oauth/token"

    def expire_tokens(self) -> None:
        """Every token issued so far stops working (they last an hour at Zoom)."""
        with self._lock:
            self.valid_tokens.clear()

    def add_meeting(self, meeting_id: str, *, password: str) -> None:
        """A meeting that exists in the account (made in Zoom, not by casebot)."""
        self.meetings[meeting_id] = {
            "id": int(meeting_id),
            "password": password,
            "settings": {"waiting_room": False},
        }

    @staticmethod
    def _error(status: int, code: int, message: str) -> tuple[int, Any, dict[str, str]]:
        return status, {"code": code, "message": message}, {}

    def route(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.method == "POST" and request.path == "/oauth/token":
            return self._token(request)
        token = (request.authorization or "").removeprefix("Bearer ")
        if token not in self.valid_tokens:
            return self._error(401, 124, "Invalid access token.")
        match = re.match(r"^/v2/users/([^/]+)/meetings$", request.path)
        if request.method == "POST" and match:
            return self._create(unquote(match.group(1)), request.body)
        match = re.match(r"^/v2/meetings/(\d+)$", request.path)
        if match:
            meeting = self.meetings.get(match.group(1))
            if meeting is None:
                return self._error(404, 3001, f"Meeting does not exist: {match.group(1)}.")
            if request.method == "GET":
                return 200, meeting, {}
            if request.method == "DELETE":
                del self.meetings[match.group(1)]
                return 204, None, {}
        return self._error(404, 404, "Not found")

    def _token(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        expected = base64.b64encode(f"{ZOOM_CLIENT_ID}:{ZOOM_CLIENT_SECRET}".encode()).decode()
        if request.authorization != f"Basic {expected}":
            return 401, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}, {}
        if request.query.get("grant_type") != "account_credentials":
            return 400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"}, {}
        if request.query.get("account_id") != ZOOM_ACCOUNT:
            return 400, {"reason": "Invalid request : Bad account_id", "error": "invalid_request"}, {}
        token = f"zoom-access-token-{next(self._tokens)}-{secrets.token_hex(4)}"
        with self._lock:
            self.valid_tokens.add(token)
        return (
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": 3599,
                "scope": "meeting:write:meeting:admin meeting:read:meeting:admin",
            },
            {},
        )

    def _create(self, user: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        if user not in self.users:
            return self._error(404, 1001, f"User does not exist: {user}.")
        if not isinstance(body, dict) or not body.get("topic"):
            return self._error(400, 300, "Validation Failed.")
        password = str(body.get("password") or "")
        if password and not ZOOM_PASSCODE.match(password):
            return self._error(
                400,
                300,
                "Passcode may only contain the following characters: [a-z A-Z 0-9 @ - _ *]. "
                "Max of 10 characters.",
            )
        meeting_id = str(80000000000 + len(self.meetings) + secrets.randbelow(10_000_000))
        settings = dict(body.get("settings") or {})
        if self.waiting_room_locked_off:
            settings["waiting_room"] = False
        # Zoom embeds an encrypted form of the passcode in the join link, never the passcode itself.
        encrypted = base64.urlsafe_b64encode(secrets.token_bytes(24)).decode().rstrip("=") + ".1"
        meeting = {
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "id": int(meeting_id),
            "host_id": "KDcuGIm1QgePTO8WbOqwIQ",
            "host_email": user,
            "topic": body["topic"],
            "type": body.get("type", 2),
            "status": "waiting",
            "duration": body.get("duration"),
            "timezone": body.get("timezone"),
            "created_at": "2026-11-22T10:00:00Z",
            "start_url": f"https://us02web.zoom.us/s/{meeting_id}?zak=eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9",
            "join_url": f"https://us02web.zoom.us/j/{meeting_id}?pwd={encrypted}",
            "password": password,
            "h323_password": "123456",
            "pstn_password": "123456",
            "encrypted_password": encrypted,
            "settings": settings,
            "pre_schedule": False,
        }
        if "start_time" in body:
            meeting["start_time"] = body["start_time"]
        self.meetings[meeting_id] = meeting
        return 201, meeting, {}


class WebexStandIn(_StandIn):
    def __init__(self) -> None:
        super().__init__()
        self.meetings: dict[str, dict[str, Any]] = {}
        self.lobby_overridden = False  # the site forces "allowJoin" whatever the API asks
        self._numbers = itertools.count(2551234567)

    @property
    def api_url(self) -> str:
        return self.base + "/v1"

    @staticmethod
    def _error(status: int, message: str) -> tuple[int, Any, dict[str, str]]:
        return (
            status,
            {
                "message": message,
                "errors": [{"description": message}],
                "trackingId": f"ROUTER_{secrets.token_hex(8).upper()}",
            },
            {},
        )

    def add_meeting(self, web_link: str, *, password: str) -> None:
        meeting_id = secrets.token_hex(16)
        self.meetings[meeting_id] = {"id": meeting_id, "webLink": web_link, "password": password}

    def route(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.authorization != f"Bearer {WEBEX_TOKEN}":
            return self._error(
                401, "The request requires a valid access token set in the Authorization request header."
            )
        if request.method == "POST" and request.path == "/v1/meetings":
            return self._create(request.body)
        if request.method == "GET" and request.path == "/v1/meetings":
            link = request.query.get("webLink")
            items = [m for m in self.meetings.values() if link and m["webLink"] == link]
            return 200, {"items": items}, {}
        match = re.match(r"^/v1/meetings/([0-9a-f]+)$", request.path)
        if match and request.method == "DELETE":
            if self.meetings.pop(match.group(1), None) is None:
                return self._error(404, "Meeting not found.")
            return 204, None, {}
        return self._error(404, "The requested resource could not be found.")

    def _create(self, body: Any) -> tuple[int, Any, dict[str, str]]:
        if not isinstance(body, dict) or not body.get("title"):
            return self._error(400, "title: may not be empty")
        if not body.get("start") or not body.get("end") or body["start"] >= body["end"]:
            return self._error(400, "The start time must be earlier than the end time.")
        meeting_id = secrets.token_hex(16)
        mtid = "m" + secrets.token_hex(16)
        lobby = "allowJoin" if self.lobby_overridden else body.get("unlockedMeetingJoinSecurity", "allowJoin")
        meeting = {
            "id": meeting_id,
            "meetingNumber": str(next(self._numbers)),
            "title": body["title"],
            "password": body.get("password") or "",
            "phoneAndVideoSystemPassword": "12345678",
            "meetingType": "meetingSeries",
            "state": "active",
            "timezone": body.get("timezone"),
            "start": body["start"],
            "end": body["end"],
            "hostUserId": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x",
            "hostDisplayName": "Coordinator",
            "hostEmail": "coordinator@coc.example.org",
            "hostKey": "123456",
            "siteUrl": "acme.webex.com",
            "webLink": f"https://acme.webex.com/acme/j.php?MTID={mtid}",
            "sipAddress": f"{next(self._numbers)}@acme.webex.com",
            "enabledJoinBeforeHost": body.get("enabledJoinBeforeHost", False),
            "unlockedMeetingJoinSecurity": lobby,
        }
        self.meetings[meeting_id] = meeting
        return 200, meeting, {}
