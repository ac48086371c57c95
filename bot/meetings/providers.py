"""Zoom and Webex over their REST APIs: create a meeting with a passcode and a waiting room, and ask
whether an existing meeting has a passcode.

Plain ``urllib`` (the standard library), like the rest of casebot's own HTTP:
a handful of JSON calls do not earn a new dependency. Redirects are refused,
so a bearer token is only ever sent to the configured API origin.

What never leaves this module in a log line, exception or repr: the client
secret, access tokens, the passcode, and the join link (it may embed the
passcode). Errors name the provider, the HTTP status and the provider's error
code, never the response text, which can quote the request.

Wire formats, as the providers document them:

- Zoom Server-to-Server OAuth: ``POST {oauth}?grant_type=account_credentials&account_id=...``
  with HTTP Basic ``client_id:client_secret`` answers ``{"access_token", "expires_in"}``; a
  bad credential answers 400/401 ``{"reason", "error"}``. API errors are
  ``{"code": 124, "message": ...}`` with a 4xx status: 401 code 124 is an
  expired token (casebot fetches a new one, once), 429 is a rate limit with
  ``Retry-After``. ``POST /users/{userId}/meetings`` creates, ``GET
  /meetings/{id}`` reads (``password`` is empty when there is none), ``DELETE
  /meetings/{id}`` removes.
- Webex: bearer token; ``POST /meetings`` creates (``password``, ``start``,
  ``end``, ``unlockedMeetingJoinSecurity: allowJoinWithLobby`` is the lobby),
  ``GET /meetings?webLink=...`` finds a meeting by its link; errors are
  ``{"message", "errors": [{"description"}], "trackingId"}``.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import secrets
import string
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from bot.meetings.links import MeetingLink, Protection, Provider, classify_url
from bot.meetings.settings import MeetingSettings
from bot.ports.meetings import CreatedMeeting, ProviderName

log = logging.getLogger("casebot.meetings.providers")

# Zoom: "Passcode may only contain the following characters: [a-z A-Z 0-9 @ - _ *]. Max of 10 characters."
# Webex accepts the same. Ten characters from 64 symbols is 60 bits; every class is present, so an account
# that demands letters, digits and a special character accepts it.
PASSCODE_LENGTH = 10
PASSCODE_SPECIALS = "-_"
PASSCODE_ALPHABET = string.ascii_letters + string.digits + PASSCODE_SPECIALS
MAX_RETRY_WAIT_SECONDS = 5.0  # wait out a short Retry-After once; a longer one is reported, not slept on
MAX_BODY = 1_000_000
TOKEN_MARGIN_SECONDS = 60.0
WEBEX_LOBBY = "allowJoinWithLobby"
SAFE_CODE = re.compile(r"^[\w.-]{1,40}$")


def new_passcode(length: int = PASSCODE_LENGTH) -> str:
    """A random passcode from the ``secrets`` module with a lower, an upper, a digit and a special."""
    if not 6 <= length <= PASSCODE_LENGTH:
        raise ValueError(f"passcode length must be 6 to {PASSCODE_LENGTH}")
    while True:
        code = "".join(secrets.choice(PASSCODE_ALPHABET) for _ in range(length))
        if (
            any(c.islower() for c in code)
            and any(c.isupper() for c in code)
            and any(c.isdigit() for c in code)
            and any(c in PASSCODE_SPECIALS for c in code)
        ):
            return code


class ProviderError(Exception):
    """A provider refused, or could not be reached. ``str()`` is safe to log: no body text, no secret."""

    def __init__(
        self,
        provider: str,
        kind: str,
        *,
        status: int | None = None,
        code: str | None = None,
        tracking_id: str | None = None,
    ) -> None:
        self.provider = provider
        self.kind = (
            kind  # auth, forbidden, not_found, rejected, rate_limited, unavailable, settings_ignored, ...
        )
        self.status = status
        self.code = code if code and SAFE_CODE.match(code) else None
        self.tracking_id = tracking_id if tracking_id and SAFE_CODE.match(tracking_id[:40]) else None
        parts = [f"{provider} {kind}"]
        if status is not None:
            parts.append(f"HTTP {status}")
        if self.code:
            parts.append(f"code {self.code}")
        if self.tracking_id:
            parts.append(f"trackingId {self.tracking_id}")
        super().__init__(", ".join(parts))


class MeetingApi(Protocol):
    name: ProviderName

    def create(
        self, *, topic: str, starts_at: datetime | None, minutes: int, passcode: str, timezone: str
    ) -> CreatedMeeting: ...

    def delete(self, *, meeting_id: str) -> None: ...

    def has_passcode(self, link: MeetingLink) -> bool | None:
        """True/False from the provider; None when it cannot say (not our account, an error)."""
        ...


# --- HTTP --------------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the Authorization header elsewhere: refuse it."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Message = field(repr=False)
    body: Any = field(repr=False)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def retry_after(self) -> float | None:
        value = self.headers.get("Retry-After") if self.headers is not None else None
        try:
            return max(0.0, float(value)) if value is not None else None
        except ValueError:
            return None


class JsonHttp:
    """One JSON request at a time, with a timeout and no redirects. Only status and parsed body come back."""

    def __init__(self, *, provider: str, timeout: float) -> None:
        self._provider = provider
        self._timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect)

    def send(
        self, method: str, url: str, *, headers: dict[str, str], body: dict[str, Any] | None = None
    ) -> Reply:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Accept": "application/json", "User-Agent": "casebot", **headers}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=all_headers)  # noqa: S310
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                status, reply_headers, raw = response.status, response.headers, response.read(MAX_BODY)
        except urllib.error.HTTPError as exc:
            status, reply_headers = exc.code, exc.headers
            try:
                raw = exc.read(MAX_BODY)
            except OSError:
                raw = b""
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.warning("%s %s unreachable: %s", self._provider, method, type(exc).__name__)
            raise ProviderError(self._provider, "unavailable") from None
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return Reply(status, reply_headers, parsed)


def _field(body: Any, key: str) -> Any:
    return body.get(key) if isinstance(body, dict) else None


def _kind(status: int) -> str:
    if status == 401:
        return "auth"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "not_found"
    if status == 429:
        return "rate_limited"
    if 300 <= status < 400:
        return "redirected"
    if status >= 500:
        return "unavailable"
    return "rejected"


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- what both REST APIs share ---------------------------------------------------------------------


class _MeetingRest:
    """Zoom and Webex both delete a meeting with ``DELETE /meetings/{id}``, 404 meaning already gone."""

    name: ProviderName

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Reply:
        raise NotImplementedError

    def _error(self, reply: Reply, action: str) -> ProviderError:
        raise NotImplementedError

    def delete(self, *, meeting_id: str) -> None:
        reply = self._call("DELETE", f"/meetings/{quote(meeting_id, safe='')}")
        if not reply.ok and reply.status != 404:
            raise self._error(reply, "delete meeting")

    def _delete_quietly(self, meeting_id: str) -> None:
        """After a create the provider answered in a way casebot refuses: leave no meeting behind."""
        try:
            self.delete(meeting_id=meeting_id)
        except ProviderError:
            log.error("%s meeting could not be deleted after a refused create", self.name)


# --- Zoom --------------------------------------------------------------------------------------------


class ZoomApi(_MeetingRest):
    """Zoom's REST API with a Server-to-Server OAuth app. Thread-safe: the token is shared by all threads."""

    name = ProviderName.ZOOM

    def __init__(
        self,
        settings: MeetingSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not settings.zoom_configured:
            raise ValueError("Zoom is not configured")
        assert settings.zoom_client_id is not None and settings.zoom_client_secret is not None
        self._account = str(settings.zoom_account_id)
        pair = (
            f"{settings.zoom_client_id.get_secret_value()}:{settings.zoom_client_secret.get_secret_value()}"
        )
        self._basic = base64.b64encode(pair.encode()).decode()
        self._host = settings.zoom_host
        self._api = settings.zoom_api_url
        self._oauth = settings.zoom_oauth_url
        self._http = JsonHttp(provider="zoom", timeout=settings.http_timeout_seconds)
        self._clock = clock
        self._sleep = sleep
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "ZoomApi(<credentials hidden>)"

    def _access_token(self, *, stale: str | None = None) -> str:
        """The cached token, or a new one. ``stale``: the token Zoom just refused (fetch anew unless
        another thread already has)."""
        with self._lock:
            current = self._token
            if current is not None and current[0] != stale and self._clock() < current[1]:
                return current[0]
            query = urlencode({"grant_type": "account_credentials", "account_id": self._account})
            reply = self._http.send(
                "POST", f"{self._oauth}?{query}", headers={"Authorization": f"Basic {self._basic}"}
            )
            token = _field(reply.body, "access_token")
            if not reply.ok or not isinstance(token, str) or not token:
                code = _field(reply.body, "error") or _field(reply.body, "code")
                kind = "auth" if reply.status in (400, 401, 403) else _kind(reply.status)
                log.warning("zoom token refused: HTTP %s %s", reply.status, code if code else "")
                raise ProviderError("zoom", kind, status=reply.status, code=str(code) if code else None)
            expires_in = _field(reply.body, "expires_in")
            lifetime = float(expires_in) if isinstance(expires_in, int | float) else 3600.0
            self._token = (token, self._clock() + max(0.0, lifetime - TOKEN_MARGIN_SECONDS))
            return token

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Reply:
        """One API call: a 401 fetches a new token and retries once, a short 429 is waited out once."""
        token = self._access_token()
        reply = self._send(method, path, token, body)
        if reply.status == 401:
            token = self._access_token(stale=token)
            reply = self._send(method, path, token, body)
        if reply.status == 429:
            wait = reply.retry_after()
            if wait is not None and wait <= MAX_RETRY_WAIT_SECONDS:
                self._sleep(wait)
                reply = self._send(method, path, token, body)
        return reply

    def _send(self, method: str, path: str, token: str, body: dict[str, Any] | None) -> Reply:
        return self._http.send(
            method, self._api + path, headers={"Authorization": f"Bearer {token}"}, body=body
        )

    def _error(self, reply: Reply, action: str) -> ProviderError:
        code = _field(reply.body, "code")
        error = ProviderError(
            "zoom", _kind(reply.status), status=reply.status, code=str(code) if code else None
        )
        log.warning("zoom %s failed: %s", action, error)
        return error

    def create(
        self, *, topic: str, starts_at: datetime | None, minutes: int, passcode: str, timezone: str
    ) -> CreatedMeeting:
        if self._host is None:
            raise ProviderError("zoom", "not_configured")
        body: dict[str, Any] = {
            "topic": topic[:200],
            "type": 2 if starts_at is not None else 1,  # 2: scheduled; 1: instant
            "duration": minutes,
            "timezone": timezone,
            "password": passcode,
            "default_password": False,
            "settings": {
                "waiting_room": True,
                "join_before_host": False,
                "approval_type": 2,  # no registration
                "auto_recording": "none",
            },
        }
        if starts_at is not None:
            body["start_time"] = _iso_utc(starts_at)
        reply = self._call("POST", f"/users/{quote(self._host, safe='')}/meetings", body)
        if not reply.ok:  # Zoom answers 201 Created
            raise self._error(reply, "create meeting")
        meeting_id = _field(reply.body, "id")
        join_url = _field(reply.body, "join_url")
        settings = _field(reply.body, "settings")
        if (
            not isinstance(meeting_id, int | str)
            or not str(meeting_id).isdigit()
            or not isinstance(join_url, str)
        ):
            raise ProviderError("zoom", "bad_response", status=reply.status)
        meeting_id = str(meeting_id)
        link = classify_url(join_url)
        confirmed = (
            bool(_field(reply.body, "password"))
            and isinstance(settings, dict)
            and settings.get("waiting_room") is True
        )
        if not confirmed or link is None or link.provider is not Provider.ZOOM or link.kind != "join":
            # The account overrode what was asked (a locked setting): do not leave an unprotected meeting.
            self._delete_quietly(meeting_id)
            raise ProviderError("zoom", "settings_ignored", status=reply.status)
        return CreatedMeeting(
            provider=self.name,
            meeting_id=meeting_id,
            join_url=join_url,
            passcode=passcode,
            passcode_in_link=link.protection is Protection.PROTECTED,
            link_key=link.meeting_id or meeting_id,
            starts_at=starts_at,
            minutes=minutes,
        )

    def has_passcode(self, link: MeetingLink) -> bool | None:
        if link.provider is not Provider.ZOOM or not link.lookup:
            return None
        try:
            reply = self._call("GET", f"/meetings/{quote(link.lookup, safe='')}")
        except ProviderError:
            return None
        if not reply.ok:
            if reply.status != 404:  # 404: not a meeting of this account, which is a normal answer
                self._error(reply, "meeting lookup")
            return None
        password = _field(reply.body, "password")
        return bool(password) if isinstance(password, str) else None


# --- Webex -------------------------------------------------------------------------------------------


class WebexApi(_MeetingRest):
    """Webex's REST API with a bearer token (bot, integration or service app)."""

    name = ProviderName.WEBEX

    def __init__(
        self,
        settings: MeetingSettings,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if settings.webex_token is None:
            raise ValueError("Webex is not configured")
        self._token = settings.webex_token
        self._api = settings.webex_api_url
        self._http = JsonHttp(provider="webex", timeout=settings.http_timeout_seconds)
        self._now = now
        self._sleep = sleep

    def __repr__(self) -> str:
        return "WebexApi(<token hidden>)"

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Reply:
        headers = {"Authorization": f"Bearer {self._token.get_secret_value()}"}
        reply = self._http.send(method, self._api + path, headers=headers, body=body)
        if reply.status == 429:
            wait = reply.retry_after()
            if wait is not None and wait <= MAX_RETRY_WAIT_SECONDS:
                self._sleep(wait)
                reply = self._http.send(method, self._api + path, headers=headers, body=body)
        return reply

    def _error(self, reply: Reply, action: str) -> ProviderError:
        tracking = _field(reply.body, "trackingId")
        error = ProviderError(
            "webex", _kind(reply.status), status=reply.status, tracking_id=str(tracking) if tracking else None
        )
        log.warning("webex %s failed: %s", action, error)
        return error

    def create(
        self, *, topic: str, starts_at: datetime | None, minutes: int, passcode: str, timezone: str
    ) -> CreatedMeeting:
        # Webex schedules every meeting; "now" is the next whole minute, which Webex accepts as not past.
        start = starts_at or (self._now().replace(second=0, microsecond=0) + timedelta(minutes=1))
        body = {
            "title": topic[:128],
            "start": _iso_utc(start),
            "end": _iso_utc(start + timedelta(minutes=minutes)),
            "timezone": timezone,
            "password": passcode,
            "unlockedMeetingJoinSecurity": WEBEX_LOBBY,
            "enabledJoinBeforeHost": False,
            "enableConnectAudioBeforeHost": False,
            "enabledAutoRecordMeeting": False,
            "allowAnyUserToBeCoHost": False,
            "publicMeeting": False,
            "sendEmail": False,
        }
        reply = self._call("POST", "/meetings", body)
        if not reply.ok:
            raise self._error(reply, "create meeting")
        meeting_id = _field(reply.body, "id")
        web_link = _field(reply.body, "webLink")
        if (
            not isinstance(meeting_id, str)
            or not SAFE_CODE.match(meeting_id[:40])
            or not isinstance(web_link, str)
        ):
            raise ProviderError("webex", "bad_response", status=reply.status)
        link = classify_url(web_link)
        confirmed = (
            bool(_field(reply.body, "password"))
            and _field(reply.body, "unlockedMeetingJoinSecurity") == WEBEX_LOBBY
        )
        if not confirmed or link is None or link.provider is not Provider.WEBEX or link.kind != "join":
            self._delete_quietly(meeting_id)
            raise ProviderError("webex", "settings_ignored", status=reply.status)
        return CreatedMeeting(
            provider=self.name,
            meeting_id=meeting_id[:64],
            join_url=web_link,
            passcode=passcode,
            passcode_in_link=link.protection is Protection.PROTECTED,
            link_key=link.meeting_id,
            starts_at=starts_at,
            minutes=minutes,
        )

    def has_passcode(self, link: MeetingLink) -> bool | None:
        if link.provider is not Provider.WEBEX or not link.lookup:
            return None
        try:
            reply = self._call("GET", "/meetings?" + urlencode({"webLink": link.lookup}))
        except ProviderError:
            return None
        if not reply.ok:
            if reply.status != 404:
                self._error(reply, "meeting lookup")
            return None
        items = _field(reply.body, "items")
        if not isinstance(items, list) or not items:
            return None
        return any(isinstance(item, dict) and bool(item.get("password")) for item in items)


# --- the configured providers --------------------------------------------------------------------------


class Providers:
    """The providers this installation has credentials for: one creates meetings, all answer lookups."""

    def __init__(
        self, settings: MeetingSettings, *, apis: dict[ProviderName, MeetingApi] | None = None
    ) -> None:
        self.settings = settings
        if apis is None:
            apis = {}
            if settings.zoom_configured:
                apis[ProviderName.ZOOM] = ZoomApi(settings)
            if settings.webex_configured:
                apis[ProviderName.WEBEX] = WebexApi(settings)
        self._apis = apis

    def creator(self) -> MeetingApi | None:
        name = self.settings.creating_provider
        return self._apis.get(name) if name is not None else None

    def for_lookup(self, provider: Provider) -> MeetingApi | None:
        if not self.settings.lookup:
            return None
        name = {Provider.ZOOM: ProviderName.ZOOM, Provider.WEBEX: ProviderName.WEBEX}.get(provider)
        return self._apis.get(name) if name is not None else None
