"""What the rules need from Slack, as a small interface the handlers implement.

``bot/`` decides what must happen (delete this, tell that person which kinds
of PII were replaced); ``handlers/`` knows how: which Web API method, which
token, what the Block Kit looks like. Results are values, not exceptions, so
a rule can say plainly what happens when Slack refuses.

Every method is typed with the value it carries. Those values live beside
this module in ``bot.ports`` (``disclosure``, ``listing``, ``meetings``,
``escalations``, ``places``), not in the domains that build them: the port is
in the kernel at the bottom of ``bot/``, and the import contracts let nothing
there import a domain, not even for type checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.ports.audit import CheckpointPost, PostedCheckpoint
from bot.ports.disclosure import Revealed, Target
from bot.ports.escalations import Card, News
from bot.ports.listing import Listing
from bot.ports.meetings import MeetingPost
from bot.ports.places import Place


@dataclass(frozen=True, slots=True)
class SlackResult:
    """The outcome of one Web API call: ``error`` is Slack's error code (never message text)."""

    ok: bool
    error: str | None = None
    ts: str | None = None
    channel: str | None = None  # where a message went (a DM's conversation ID, for later updates)
    file_id: str | None = None  # the file an upload created

    @classmethod
    def failed(cls, error: str) -> SlackResult:
        return cls(False, error)


@dataclass(frozen=True, slots=True)
class MeetingNotice:
    """What a poster is told about meeting links that may not stay: providers and reasons, never the link."""

    reasons: tuple[str, ...]  # bot.meetings.rules.Reason values
    providers: tuple[str, ...]  # display names ("Zoom")
    where: str  # case_conference, public_channel or not_case_conference
    offer_meeting: bool = False  # show a button that creates a passcode-protected meeting instead


@dataclass(frozen=True, slots=True)
class Notice:
    """What a poster is told privately. Kinds and client IDs only, never the values."""

    kinds: tuple[str, ...]
    client_ids: tuple[str, ...]
    removed: bool
    reason: str | None = None
    restore_id: str | None = None
    restore_minutes: int = 0
    subject: str = "message"  # or "file"
    public_channel: bool = False
    meeting: MeetingNotice | None = None  # meeting links cut from (or left in) the message
    late: bool = False  # found by the catch-up sweep, not as it was posted (bot.events.sweep)
    more_clients: int = 0  # client IDs found beyond those in ``client_ids`` (a whole by-name list)
    copy_posted: bool = False  # a file: its de-identified copy was uploaded in its place
    unscanned: bool = False  # a file casebot could not read; ``reason`` says why (bot.files.content.Reason)


@dataclass(frozen=True, slots=True, repr=False)
class FileBytes:
    """A shared file's name and bytes, when they could be fetched; otherwise why not (``problem``:
    ``too_large``, ``download_failed``, ``files_info_failed``, ``untrusted_file_host``)."""

    name: str
    data: bytes
    problem: str | None = None

    def __repr__(self) -> str:  # the name and the bytes are the client's data
        return f"FileBytes(bytes={len(self.data)}, problem={self.problem})"


@dataclass(frozen=True, slots=True)
class Member:
    """What users.info says about a person, reduced to what the sharing rules ask."""

    user_id: str
    deleted: bool
    guest: bool  # is_restricted or is_ultra_restricted
    external: bool  # Slack Connect: is_stranger, or a home team other than this workspace


class SlackPort(Protocol):
    @property
    def can_delete(self) -> bool:
        """True when a workspace admin's user token is configured."""
        ...

    def delete_message(self, *, place: Place, ts: str) -> SlackResult: ...

    def repost(
        self, *, place: Place, poster: str, text: str, restore_id: str | None, broadcast: bool
    ) -> SlackResult: ...

    def replace_repost(
        self, *, place: Place, ts: str, poster: str, text: str, restore_id: str | None
    ) -> SlackResult:
        """chat.update of casebot's re-post after a restore; ``restore_id`` when some words stay hidden."""
        ...

    def notify(self, *, place: Place, user: str, notice: Notice) -> SlackResult: ...

    def tell(self, *, place: Place, user: str, text: str) -> SlackResult: ...

    def announce(self, *, place: Place, text: str) -> SlackResult: ...

    def channel_is_private(self, *, channel: str) -> bool | None:
        """True/False from conversations.info, None when Slack could not say."""
        ...

    def download_file(self, *, file_id: str, max_bytes: int) -> FileBytes:
        """files.info, then the file from Slack's file host with the bot token; a file over ``max_bytes``
        is not downloaded (``too_large``)."""
        ...

    def upload_file(
        self, *, place: Place, filename: str, data: bytes, title: str, comment: str
    ) -> SlackResult:
        """Slack's upload flow: files.getUploadURLExternal, the bytes POSTed to the URL it gives, then
        files.completeUploadExternal into the channel (and thread). ``file_id`` says which file it made."""
        ...

    def delete_file(self, *, file_id: str) -> SlackResult: ...

    def dm_channel(self, *, user: str) -> str | None:
        """conversations.open with one person: the DM's channel ID (a file is shared into a channel, not
        to a user ID). None when Slack could not say."""
        ...

    def member(self, *, user: str) -> Member | None:
        """users.info for one person; None when Slack could not say (callers refuse)."""
        ...

    def open_view(self, *, trigger_id: str, view: dict) -> SlackResult:
        """views.open: a modal only the person who clicked sees."""
        ...

    def update_view(self, *, view_id: str, view: dict) -> SlackResult: ...

    def show_disclosure(self, *, target: Target, revealed: Revealed) -> SlackResult:
        """Deliver what the door (``bot.sharing.disclosure``) released privately (modal or ephemeral);
        never a channel post."""
        ...

    def show_refusal(self, *, target: Target, client_id: str, reason: str) -> SlackResult: ...

    def post_list(self, *, channel: str, listing: Listing) -> SlackResult:
        """Post a de-identified by-name list (``bot.sharing.by_name_lists``): client IDs and list fields
        only."""
        ...

    def update_list(self, *, channel: str, ts: str, listing: Listing) -> SlackResult: ...

    def post_meeting(self, *, place: Place, meeting: MeetingPost) -> SlackResult:
        """Post a created meeting (``bot.meetings.service``) to its channel: the join link, never the
        host's start link, link previews off."""
        ...

    def send_dm(self, *, user: str, content: Card | News) -> SlackResult:
        """DM one person an escalation's Card (to a supervisor) or News (to a requester)."""
        ...

    def update_dm(self, *, channel: str, ts: str, content: Card | News) -> SlackResult:
        """Replace a DM casebot sent (a decided escalation's card, buttons gone)."""
        ...

    def post_checkpoint(self, *, channel: str, post: CheckpointPost) -> SlackResult:
        """Post a signed audit checkpoint to the HMIS lead's audit channel (a witness of the log)."""
        ...

    def posted_checkpoints(self, *, channel: str) -> list[PostedCheckpoint] | None:
        """conversations.history of that channel: the checkpoints casebot itself posted, oldest first
        (messages by anyone else are ignored). None when Slack could not say."""
        ...

    def channel_history(self, *, channel: str, oldest: str) -> list[dict[str, Any]] | None:
        """conversations.history since ``oldest`` (a ts), every page, oldest first: Slack's message
        objects as they come, for the catch-up sweep. None when Slack could not say."""
        ...

    def thread_replies(self, *, channel: str, thread_ts: str, oldest: str) -> list[dict[str, Any]] | None:
        """conversations.replies of one thread since ``oldest``, the parent left out, oldest first."""
        ...


__all__ = ["FileBytes", "MeetingNotice", "Member", "Notice", "SlackPort", "SlackResult"]
