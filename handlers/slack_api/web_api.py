"""The Web API side of ``bot.ports.SlackPort``: which method, which token, which blocks.

The bot token posts and reads; only deletions use the workspace admin's user
token. Errors come back as Slack's error code: a ``SlackApiError``'s text
includes the whole response, so it is never logged or passed on.

``MeasuredWebClient`` and the retry handlers below feed ``bot.observability.metrics``: every call's
duration by method, failures by method and Slack's error code, retries by method and reason.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.slack_response import SlackResponse

from bot.observability import metrics
from bot.ports.audit import CheckpointPost, PostedCheckpoint
from bot.ports.disclosure import Revealed, Target
from bot.ports.escalations import Card, News
from bot.ports.listing import Listing
from bot.ports.meetings import MeetingPost
from bot.ports.places import Place
from bot.ports.slack import FileBytes, Member, Notice, SlackResult
from handlers import audit_blocks, blocks, escalation_blocks, meeting_blocks, sharing_blocks
from handlers.slack_api.keep_alive import KeptAliveConnections

log = logging.getLogger("casebot.slack")

SLACK_FILE_HOSTS = frozenset({"files.slack.com"})


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__.lower()


class MeasuredWebClient(WebClient):
    """A ``WebClient`` whose every call (casebot's and Bolt's) is timed and counted. Only the method
    name and Slack's error code reach the metrics (``metrics.code`` keeps ``[a-z_]{1,64}``). Calls go
    over kept-alive connections (``keep_alive``), not a new TLS handshake each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._connections = KeptAliveConnections(context=self.ssl, timeout=self.timeout)

    def _perform_urllib_http_request_internal(self, url: str, req: urllib.request.Request) -> dict[str, Any]:
        if self.proxy is not None or not url.lower().startswith(("http://", "https://")):
            return super()._perform_urllib_http_request_internal(url, req)
        return self._connections.send(req)

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        started, error = time.perf_counter(), None
        try:
            return super().api_call(api_method, **kwargs)
        except Exception as exc:
            error = _error(exc)
            raise
        finally:
            metrics.slack_call(api_method, time.perf_counter() - started, error=error)


def _method_of(request: HttpRequest) -> str:
    return urlsplit(request.url).path.rstrip("/").rsplit("/", 1)[-1]


class CountedRateLimitRetry(RateLimitErrorRetryHandler):
    """Waits out ``ratelimited`` (Retry-After) and counts each retry."""

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        metrics.slack_retry(_method_of(request), "ratelimited")
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


class CountedConnectionRetry(ConnectionErrorRetryHandler):
    """Retries a dropped connection and counts each retry."""

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        metrics.slack_retry(_method_of(request), "connection_error")
        super().prepare_for_next_attempt(state=state, request=request, response=response, error=error)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the bot token's Authorization header to another host: refuse it."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class WebApiSlack:
    def __init__(self, *, bot: WebClient, admin: WebClient | None) -> None:
        self._bot = bot
        self._admin = admin
        # Where the bot token may be sent: Slack's file host over HTTPS, and the configured API host
        # (a local stand-in in tests and demos) with the scheme it was configured with.
        api = urlsplit(bot.base_url)
        self._file_origins = {("https", host) for host in SLACK_FILE_HOSTS} | {(api.scheme, api.netloc)}
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._team: str | None = None
        self._me: frozenset[str] | None = None

    @property
    def can_delete(self) -> bool:
        return self._admin is not None

    def _call(self, method: str, client: WebClient, **kwargs: object) -> SlackResult:
        try:
            response = getattr(client, method.replace(".", "_"))(**kwargs)
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _error(exc)
            log.warning("slack %s failed: %s", method, error)
            return SlackResult.failed(error)
        view = response.get("view") or {}
        channel = response.get("channel")
        return SlackResult(
            True,
            ts=response.get("ts") or (view.get("id") if isinstance(view, dict) else None),
            channel=channel if isinstance(channel, str) else None,
        )

    def delete_message(self, *, place: Place, ts: str) -> SlackResult:
        if self._admin is None:
            return SlackResult.failed("no_admin_token")
        return self._call("chat.delete", self._admin, channel=place.channel, ts=ts, as_user=True)

    def repost(
        self, *, place: Place, poster: str, text: str, restore_id: str | None, broadcast: bool
    ) -> SlackResult:
        args: dict[str, object] = {
            "channel": place.channel,
            "text": blocks.attributed(poster, text),
            "blocks": blocks.repost_blocks(poster=poster, text=text, restore_id=restore_id),
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if place.thread_ts:
            args["thread_ts"] = place.thread_ts
            if broadcast:
                args["reply_broadcast"] = True
        return self._call("chat.postMessage", self._bot, **args)

    def replace_repost(
        self, *, place: Place, ts: str, poster: str, text: str, restore_id: str | None
    ) -> SlackResult:
        return self._call(
            "chat.update",
            self._bot,
            channel=place.channel,
            ts=ts,
            text=blocks.attributed(poster, text),
            blocks=blocks.restored_blocks(poster=poster, text=text, restore_id=restore_id),
        )

    def _ephemeral(self, *, place: Place, user: str, text: str, blocks_: list | None) -> SlackResult:
        args: dict[str, object] = {"channel": place.channel, "user": user, "text": text}
        if blocks_:
            args["blocks"] = blocks_
        if place.thread_ts:
            args["thread_ts"] = place.thread_ts
        return self._call("chat.postEphemeral", self._bot, **args)

    def notify(self, *, place: Place, user: str, notice: Notice) -> SlackResult:
        return self._ephemeral(
            place=place, user=user, text=blocks.notice_text(notice), blocks_=blocks.notice_blocks(notice)
        )

    def tell(self, *, place: Place, user: str, text: str) -> SlackResult:
        return self._ephemeral(place=place, user=user, text=text, blocks_=None)

    def announce(self, *, place: Place, text: str) -> SlackResult:
        return self._call("chat.postMessage", self._bot, channel=place.channel, text=text)

    def _home_team(self) -> str | None:
        """This workspace's team ID (auth.test, once): a member of another team is external."""
        if self._team is None:
            try:
                self._team = str(self._bot.auth_test().get("team_id") or "") or None
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("slack auth.test failed: %s", _error(exc))
        return self._team

    def member(self, *, user: str) -> Member | None:
        team = self._home_team()
        try:
            info = self._bot.users_info(user=user).get("user") or {}
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("slack users.info failed: %s", _error(exc))
            return None
        if not info or team is None:
            return None
        home = str(info.get("team_id") or "")
        return Member(
            user_id=user,
            deleted=bool(info.get("deleted")),
            guest=bool(info.get("is_restricted") or info.get("is_ultra_restricted")),
            external=bool(info.get("is_stranger")) or home != team,
        )

    def open_view(self, *, trigger_id: str, view: dict) -> SlackResult:
        return self._call("views.open", self._bot, trigger_id=trigger_id, view=view)

    def update_view(self, *, view_id: str, view: dict) -> SlackResult:
        return self._call("views.update", self._bot, view_id=view_id, view=view)

    def show_disclosure(self, *, target: Target, revealed: Revealed) -> SlackResult:
        if target.view_id:
            return self.update_view(
                view_id=target.view_id, view=sharing_blocks.disclosure_view(revealed, note=target.note)
            )
        if target.place is None:
            return SlackResult.failed("no_private_target")
        view = sharing_blocks.disclosure_view(revealed)
        return self._ephemeral(
            place=target.place, user=target.user, text=f"Client {revealed.client_id}", blocks_=view["blocks"]
        )

    def show_refusal(self, *, target: Target, client_id: str, reason: str) -> SlackResult:
        if target.view_id:
            return self.update_view(
                view_id=target.view_id, view=sharing_blocks.refusal_view(client_id=client_id, reason=reason)
            )
        if target.place is None:
            return SlackResult.failed("no_private_target")
        return self.tell(
            place=target.place,
            user=target.user,
            text=f"Nothing shown for Client {client_id}. {sharing_blocks.reason_text(reason)}",
        )

    def post_list(self, *, channel: str, listing: Listing) -> SlackResult:
        return self._call(
            "chat.postMessage",
            self._bot,
            channel=channel,
            text=sharing_blocks.listing_text(listing),
            blocks=sharing_blocks.listing_blocks(listing),
            unfurl_links=False,
            unfurl_media=False,
        )

    def update_list(self, *, channel: str, ts: str, listing: Listing) -> SlackResult:
        return self._call(
            "chat.update",
            self._bot,
            channel=channel,
            ts=ts,
            text=sharing_blocks.listing_text(listing),
            blocks=sharing_blocks.listing_blocks(listing),
        )

    def post_meeting(self, *, place: Place, meeting: MeetingPost) -> SlackResult:
        text, blocks_ = meeting_blocks.meeting_post(
            created=meeting.created, requester=meeting.requester, topic=meeting.topic, zone_name=meeting.zone
        )
        return self._call(
            "chat.postMessage",
            self._bot,
            channel=place.channel,
            text=text,
            blocks=blocks_,
            unfurl_links=False,
            unfurl_media=False,
        )

    def send_dm(self, *, user: str, content: Card | News) -> SlackResult:
        text, blocks_ = escalation_blocks.render(content)
        return self._call(
            "chat.postMessage",
            self._bot,
            channel=user,
            text=text,
            blocks=blocks_,
            unfurl_links=False,
            unfurl_media=False,
        )

    def update_dm(self, *, channel: str, ts: str, content: Card | News) -> SlackResult:
        text, blocks_ = escalation_blocks.render(content)
        return self._call("chat.update", self._bot, channel=channel, ts=ts, text=text, blocks=blocks_)

    def post_checkpoint(self, *, channel: str, post: CheckpointPost) -> SlackResult:
        return self._call(
            "chat.postMessage",
            self._bot,
            channel=channel,
            text=audit_blocks.checkpoint_text(post),
            unfurl_links=False,
            unfurl_media=False,
        )

    def _own_ids(self) -> frozenset[str] | None:
        """casebot's bot user and bot IDs (auth.test, once): only its own messages are checkpoints."""
        if self._me is None:
            try:
                info = self._bot.auth_test()
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("slack auth.test failed: %s", _error(exc))
                return None
            self._me = frozenset(str(info.get(k)) for k in ("user_id", "bot_id") if info.get(k))
        return self._me

    def channel_history(self, *, channel: str, oldest: str) -> list[dict[str, Any]] | None:
        return self._pages("conversations_history", channel=channel, oldest=oldest)

    def thread_replies(self, *, channel: str, thread_ts: str, oldest: str) -> list[dict[str, Any]] | None:
        found = self._pages("conversations_replies", channel=channel, ts=thread_ts, oldest=oldest)
        return None if found is None else [m for m in found if m.get("ts") != thread_ts]

    def _pages(self, method: str, **args: str) -> list[dict[str, Any]] | None:
        """Every page of a history call, oldest first. The client waits out ``ratelimited`` (its
        Retry-After) itself (``app.slack_app.web_client``); anything else ends the walk with None."""
        messages: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            try:
                page = getattr(self._bot, method)(limit=200, cursor=cursor, **args)
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("slack %s failed: %s", method.replace("_", "."), _error(exc))
                return None
            messages.extend(m for m in page.get("messages") or [] if isinstance(m, dict))
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "") or None
            if not page.get("has_more") or cursor is None:
                return sorted(messages, key=lambda m: float(m.get("ts") or 0))

    def posted_checkpoints(self, *, channel: str) -> list[PostedCheckpoint] | None:
        me = self._own_ids()
        if not me:
            return None
        found: list[PostedCheckpoint] = []
        cursor: str | None = None
        while True:
            try:
                page = self._bot.conversations_history(channel=channel, limit=200, cursor=cursor)
            except (SlackApiError, SlackClientError, OSError) as exc:
                log.warning("slack conversations.history failed: %s", _error(exc))
                return None
            for message in page.get("messages") or []:
                if not ({str(message.get("user") or ""), str(message.get("bot_id") or "")} & me):
                    continue
                text = str(message.get("text") or "")
                size = audit_blocks.tree_size_in(text)
                if size is None:
                    continue
                found.append(
                    PostedCheckpoint(
                        ts=str(message.get("ts") or ""),
                        tree_size=size,
                        document=audit_blocks.document_in(text),
                        edited="edited" in message,
                    )
                )
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "") or None
            if not page.get("has_more") or cursor is None:
                break
        return sorted(found, key=lambda p: (p.tree_size, p.ts))

    def channel_is_private(self, *, channel: str) -> bool | None:
        try:
            info = self._bot.conversations_info(channel=channel)
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("slack conversations.info failed: %s", _error(exc))
            return None
        data = info.get("channel") or {}
        return bool(data.get("is_private"))

    def _trusted(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc) in self._file_origins

    def download_file(self, *, file_id: str, max_bytes: int) -> FileBytes:
        """files.info, then the file itself with the bot token, from Slack's file host only. What the
        file is comes from its bytes (``bot.files.sniff``), not from Slack's filetype."""
        try:
            info = self._bot.files_info(file=file_id).get("file") or {}
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("slack files.info failed: %s", _error(exc))
            return FileBytes("", b"", problem="files_info_failed")
        name = str(info.get("name") or info.get("title") or "")
        size = info.get("size")
        if isinstance(size, int) and size > max_bytes:
            return FileBytes(name, b"", problem="too_large")
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        if not self._trusted(url):
            return FileBytes(name, b"", problem="untrusted_file_host")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {self._bot.token}"})  # noqa: S310
        try:
            with self._opener.open(request, timeout=20) as response:
                raw = response.read(max_bytes + 1)
        except (urllib.error.URLError, OSError) as exc:
            log.warning("slack file download failed: %s", type(exc).__name__)
            return FileBytes(name, b"", problem="download_failed")
        if len(raw) > max_bytes:
            return FileBytes(name, b"", problem="too_large")
        return FileBytes(name, raw)

    def upload_file(
        self, *, place: Place, filename: str, data: bytes, title: str, comment: str
    ) -> SlackResult:
        """The two-step upload. The upload URL is pre-signed: the bytes go there without the bot token,
        and only to Slack's file host (or the configured API host, a stand-in in tests)."""
        try:
            got = self._bot.files_getUploadURLExternal(filename=filename, length=len(data))
        except (SlackApiError, SlackClientError, OSError) as exc:
            error = _error(exc)
            log.warning("slack files.getUploadURLExternal failed: %s", error)
            return SlackResult.failed(error)
        url, file_id = str(got.get("upload_url") or ""), str(got.get("file_id") or "")
        if not file_id or not self._trusted(url):
            return SlackResult.failed("untrusted_upload_url")
        request = urllib.request.Request(  # noqa: S310 - the scheme and host were checked above
            url, data=data, method="POST", headers={"Content-Type": "application/octet-stream"}
        )
        try:
            with self._opener.open(request, timeout=30) as response:
                response.read()
        except (urllib.error.URLError, OSError) as exc:
            log.warning("slack file upload failed: %s", type(exc).__name__)
            return SlackResult.failed("upload_failed")
        done = self._call(
            "files.completeUploadExternal",
            self._bot,
            files=[{"id": file_id, "title": title}],
            channel_id=place.channel,
            thread_ts=place.thread_ts,
            initial_comment=comment,
        )
        return SlackResult(True, file_id=file_id) if done.ok else done

    def dm_channel(self, *, user: str) -> str | None:
        try:
            opened = self._bot.conversations_open(users=user)
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("slack conversations.open failed: %s", _error(exc))
            return None
        channel = (opened.get("channel") or {}).get("id")
        return str(channel) if channel else None

    def delete_file(self, *, file_id: str) -> SlackResult:
        if self._admin is None:
            return SlackResult.failed("no_admin_token")
        return self._call("files.delete", self._admin, file=file_id)
