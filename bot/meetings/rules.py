"""Which meeting links a message may keep, where: the rules behind the channel guard's link check.

HMIS security guidance: a video meeting where clients are discussed must
have a passcode, so an uninvited caller cannot join. So, in order:

- In a registered, private case-conference channel a link may stay when it
  is known to have a passcode: the link carries one (Zoom ``pwd=``, Teams
  ``p=``, RingCentral ``pw=``), casebot created the meeting itself, or the
  provider's API says so (Zoom, Webex; where credentials are configured).
  Anything else (Google Meet, which has no passcodes; a link that cannot
  say) is an offence. A host start link never stays: it hands over the
  meeting.
- In a public channel, or a channel that is not a case-conference channel,
  no meeting link stays: client meetings are organised in the registered
  channel, where the rules above apply.

The channel guard then removes the offending links like PII (``strict``, the
default) or only warns the poster (``warn``); public channels are always
``strict``. A provider lookup that fails counts as "cannot say": the rules
fail closed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.errors import AdminError
from bot.ids import SLACK_CHANNEL_ID
from bot.meetings.links import REMOVED, MeetingLink, Protection, Provider, find_meeting_links, without_links
from bot.meetings.providers import Providers
from bot.meetings.settings import MeetingPolicy
from bot.ports.meetings import ProviderName
from storage import audit
from storage.models import Channel, Meeting

log = logging.getLogger("casebot.meetings.guard")

LOOKUP_TTL_SECONDS = 300.0
LOOKUP_CACHE_MAX = 2000
RECORDED_PROVIDERS = {Provider.ZOOM: ProviderName.ZOOM, Provider.WEBEX: ProviderName.WEBEX}


class Where(StrEnum):
    CASE_CONFERENCE = "case_conference"
    PUBLIC = "public_channel"
    ELSEWHERE = "not_case_conference"


class Reason(StrEnum):
    """Why a link may not stay. Safe to audit and to show the poster."""

    UNPROTECTED = "unprotected"  # the provider has no passcodes, or its API says this meeting has none
    UNKNOWN = "unknown"  # nothing shows a passcode
    HOST_LINK = "host_link"  # a start link: it grants host control
    PUBLIC = "public_channel"
    ELSEWHERE = "not_case_conference"


@dataclass(frozen=True, slots=True)
class Offence:
    link: MeetingLink
    reason: Reason

    def detail(self) -> dict[str, str | None]:
        """Provider, kind, reason and an opaque meeting id. No link, no passcode, no room name."""
        return {
            "provider": self.link.provider.value,
            "kind": self.link.kind,
            "meeting_id": self.link.meeting_id,
            "reason": self.reason.value,
        }


MASK = "\u27e6meeting-link-{}\u27e7"  # ⟦meeting-link-0⟧: what the redactor sees instead of a link that stays


@dataclass(frozen=True, slots=True)
class LinkReview:
    """The meeting links of one message and what may happen to them. ``text`` has the offenders cut out.

    ``masked`` is ``text`` with each link that stays replaced by a token, for the redactor: the digits
    of a meeting number are not a phone number, and a link that stays must be re-posted unchanged.
    """

    offences: tuple[Offence, ...]
    allowed: tuple[MeetingLink, ...]
    text: str
    policy: MeetingPolicy
    where: Where
    masked: str = ""
    kept: tuple[str, ...] = ()  # the links that stay, as written, in the order of their tokens

    def unmask(self, redacted: str) -> str | None:
        """The redactor's output with the kept links put back; None if a token did not come through intact."""
        for index, original in enumerate(self.kept):
            token = MASK.format(index)
            if redacted.count(token) != 1:
                return None
            redacted = redacted.replace(token, original)
        return redacted

    def text_offset(self, masked_offset: int) -> int:
        """Where an offset into ``masked`` falls in ``text``, for a position outside every token: each
        token before it is as long in ``text`` as the link it stands for."""
        shift, search = 0, 0
        for index, original in enumerate(self.kept):
            token = MASK.format(index)
            at = self.masked.find(token, search)
            if at < 0 or at >= masked_offset:
                break
            shift += len(original) - len(token)
            search = at + len(token)
        return masked_offset + shift

    @property
    def remove(self) -> bool:
        """True when the offending links must go (strict); False when the poster is only warned."""
        return bool(self.offences) and self.policy is MeetingPolicy.STRICT

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.reason.value for o in self.offences))

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o.link.provider_name for o in self.offences))

    def details(self) -> dict[str, list[str | None]]:
        """For the audit row, which holds only flat lists: one entry per offending link, in order."""
        return {
            "providers": [o.link.provider.value for o in self.offences],
            "kinds": [o.link.kind for o in self.offences],
            "meeting_ids": [o.link.meeting_id for o in self.offences],
            "reasons": [o.reason.value for o in self.offences],
        }

    def __repr__(self) -> str:
        return (
            f"LinkReview(offences={[o.detail() for o in self.offences]}, policy={self.policy}, <text hidden>)"
        )


def policy_of(value: str | None) -> MeetingPolicy:
    """A channel's stored policy; anything unexpected reads as strict (fail closed)."""
    try:
        return MeetingPolicy(value or MeetingPolicy.STRICT)
    except ValueError:
        return MeetingPolicy.STRICT


def _replaced(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, replacement in sorted(edits):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


class MeetingLinkRules:
    """Reviews a message's meeting links. One per process; thread-safe (the lookup cache is locked)."""

    def __init__(
        self,
        app: Casebot,
        *,
        providers: Providers,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._providers = providers
        self._clock = clock
        self._cache: dict[tuple[Provider, str], tuple[bool, float]] = {}
        self._lock = threading.Lock()

    @property
    def can_create(self) -> bool:
        """Whether `/casebot meeting` has a provider to create with (the notice offers the button then)."""
        return self._providers.creator() is not None

    def review(self, text: str, *, where: Where, policy: MeetingPolicy) -> LinkReview:
        links = find_meeting_links(text)
        if where is Where.PUBLIC:
            policy = MeetingPolicy.STRICT  # never in a public channel, whatever the channel's setting
        offences: list[Offence] = []
        allowed: list[MeetingLink] = []
        for link in links:
            reason = self._reason(link, where=where)
            if reason is None:
                allowed.append(link)
            else:
                offences.append(Offence(link, reason))
        cut = without_links(text, [o.link for o in offences]) if offences else text
        mask = bool(allowed) and "\u27e6" not in text  # a text that holds the token itself is not masked
        kept = tuple(text[link.start : link.end] for link in allowed) if mask else ()
        edits = [(o.link.start, o.link.end, REMOVED) for o in offences]
        edits += [(link.start, link.end, MASK.format(i)) for i, link in enumerate(allowed)]
        masked = _replaced(text, edits) if mask else cut
        return LinkReview(tuple(offences), tuple(allowed), cut, policy, where, masked, kept)

    def _reason(self, link: MeetingLink, *, where: Where) -> Reason | None:
        if link.protection is Protection.HOST_LINK:
            return Reason.HOST_LINK
        if where is Where.PUBLIC:
            return Reason.PUBLIC
        if where is Where.ELSEWHERE:
            return Reason.ELSEWHERE
        if link.protection is Protection.PROTECTED:
            return None
        if link.protection is Protection.UNPROTECTED:
            return Reason.UNPROTECTED
        if self._created_by_casebot(link):
            return None
        answer = self._lookup(link)
        if answer is True:
            return None
        return Reason.UNPROTECTED if answer is False else Reason.UNKNOWN

    def _created_by_casebot(self, link: MeetingLink) -> bool:
        name = RECORDED_PROVIDERS.get(link.provider)
        if name is None or not link.meeting_id:
            return False
        with self._app.db.transaction(write=False) as session:
            found = session.scalar(
                select(Meeting.id).where(Meeting.provider == name.value, Meeting.link_key == link.meeting_id)
            )
        return found is not None

    def _lookup(self, link: MeetingLink) -> bool | None:
        api = self._providers.for_lookup(link.provider)
        if api is None or not link.lookup:
            return None
        key = (link.provider, link.lookup)
        now = self._clock()
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and now - cached[1] <= LOOKUP_TTL_SECONDS:
                return cached[0]
        answer = api.has_passcode(link)
        if answer is not None:  # "cannot say" is not cached: the next post asks again
            with self._lock:
                if len(self._cache) >= LOOKUP_CACHE_MAX:
                    self._cache.clear()
                self._cache[key] = (answer, now)
        log.info("meeting lookup: %s %s -> %s", link.provider.value, link.meeting_id, answer)
        return answer


# --- administration ----------------------------------------------------------------------------------


def set_meeting_policy(session: Session, *, actor: str, slack_channel_id: str, policy: str) -> Channel:
    """Change what casebot does with a registered channel's unprotected meeting links. Audited."""
    if not SLACK_CHANNEL_ID.match(slack_channel_id):
        raise AdminError("Slack channel IDs look like C012ABCDEF (channel details → About → bottom)")
    try:
        chosen = MeetingPolicy(policy.strip().lower())
    except ValueError:
        raise AdminError(
            "meeting-link policy must be 'strict' (remove) or 'warn' (warn the poster)"
        ) from None
    channel = session.scalar(select(Channel).where(Channel.slack_channel_id == slack_channel_id))
    if channel is None or not channel.active:
        raise AdminError(f"{slack_channel_id} is not a registered case-conference channel")
    before = channel.meeting_policy
    channel.meeting_policy = chosen.value
    audit.record(
        session,
        actor=actor,
        action="channel.meeting_policy",
        detail={"channel": slack_channel_id, "policy": chosen.value, "was": before},
    )
    return channel
