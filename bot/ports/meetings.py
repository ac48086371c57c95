"""What `/casebot meeting` hands to Slack: a meeting a provider created, and the post that shares it.

Defined in the kernel so ``SlackPort.post_meeting`` can name the type it posts; ``bot.ports`` sits
below ``bot.meetings`` and may not import it. ``ProviderName`` comes along because a
``CreatedMeeting`` names its provider with it (``bot.meetings.settings`` chooses one by it too).
Both reprs hide the join link and the passcode: these values pass through logs and tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ProviderName(StrEnum):
    ZOOM = "zoom"
    WEBEX = "webex"


@dataclass(frozen=True, slots=True, repr=False)
class CreatedMeeting:
    """A meeting the provider confirmed with a passcode and a waiting room; its repr hides link and code."""

    provider: ProviderName
    meeting_id: str
    join_url: str
    passcode: str
    passcode_in_link: bool
    link_key: str | None
    starts_at: datetime | None
    minutes: int

    def __repr__(self) -> str:
        return f"CreatedMeeting(provider={self.provider.value}, meeting_id={self.meeting_id}, <link hidden>)"


@dataclass(frozen=True, slots=True, repr=False)
class MeetingPost:
    """What the channel is shown: the join link (and the passcode, if the link lacks it), who, what, when."""

    created: CreatedMeeting
    requester: str
    topic: str
    zone: str

    def __repr__(self) -> str:
        return f"MeetingPost({self.created!r}, requester={self.requester})"


__all__ = ["CreatedMeeting", "MeetingPost", "ProviderName"]
