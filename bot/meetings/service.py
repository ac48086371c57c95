"""`/casebot meeting TOPIC [WHEN]`: create a passcode-protected meeting and post its join link.

In order, each step refusing plainly when it cannot go on:

1. the requester is a registered, active casebot user;
2. the channel is a registered case-conference channel and not public (the
   join link is posted there, and only there);
3. the topic holds no client PII (it goes to the provider and to the channel);
4. the configured provider (Zoom, else Webex) creates the meeting with a
   fresh random passcode and a waiting room, and confirms both, or casebot
   deletes it again;
5. the meeting and a ``meeting.created`` audit row are written in one
   transaction (provider, meeting id, who, where; never the passcode or the
   link). If that fails the meeting is deleted and nothing is posted;
6. the join link is posted to the channel. The host's start link is never
   asked for, kept or posted.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.ids import ACTOR
from bot.meetings.providers import MeetingApi, ProviderError, Providers, new_passcode
from bot.ports.meetings import CreatedMeeting, MeetingPost
from bot.ports.places import Place
from bot.ports.slack import SlackPort
from bot.registry.channels import ChannelDirectory
from redaction import PiiType, Redactor
from storage import audit
from storage.models import Meeting, User

log = logging.getLogger("casebot.meetings")

MAX_TOPIC = 200
MAX_AHEAD = timedelta(days=366)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class MeetingRequestError(ValueError):
    """What is wrong with a request, in words for the person who typed it (never their text back)."""


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    topic: str
    starts_at: datetime | None  # None: now

    def __repr__(self) -> str:
        return f"MeetingRequest(starts_at={self.starts_at}, <topic hidden>)"


# --- reading TOPIC [WHEN] ----------------------------------------------------------------------------

CLOCK = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clock(text: str) -> time | None:
    """14:30, 2:30pm, 2pm, 2:30 pm; a bare number is not a time (it could be a room)."""
    match = CLOCK.match(text.strip().lower())
    if match is None or (match.group("m") is None and match.group("ampm") is None):
        return None
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise MeetingRequestError("with am or pm, the hour is 1 to 12")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise MeetingRequestError("that is not a time of day; use 14:30 or 2:30pm")
    return time(hour, minute)


def _day(word: str, *, today: date) -> date | None:
    word = word.lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    for index, name in enumerate(WEEKDAYS):
        if word in (name, name[:3]):
            ahead = (index - today.weekday()) % 7
            return today + timedelta(days=ahead)
    if DAY.match(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise MeetingRequestError("that date does not exist; use YYYY-MM-DD") from None
    return None


def _words(text: str) -> list[str]:
    """Lower-case words, with an ISO ``2026-12-01T14:00`` split into date and time."""
    return re.sub(r"^(\d{4}-\d{2}-\d{2})t", r"\1 ", text.strip().lower()).split()


def _is_weekday(word: str) -> bool:
    return any(word in (name, name[:3]) for name in WEEKDAYS)


def parse_when(text: str, *, zone: ZoneInfo, now: datetime) -> datetime | None:
    """A start time in ``zone`` from one of the shapes in ``WHEN_HINT``; None for "now" or nothing.

    Raises ``MeetingRequestError`` for a time that is malformed, past, or more than a year away. A
    weekday means the next one ("friday 9:00" on a Friday afternoon is next week); a bare time that
    has passed today is refused rather than guessed.
    """
    words = _words(text)
    if not words or words == ["now"]:
        return None
    local_now = now.astimezone(zone)
    day = _day(words[0], today=local_now.date())
    rest = words[1:] if day is not None else words
    if not rest:
        raise MeetingRequestError("give a time as well as a day, e.g. tomorrow 9:30")
    at = _clock(" ".join(rest))
    if at is None:
        raise MeetingRequestError(f"casebot could not read that time; try {WHEN_HINT}")
    moment = datetime.combine(day or local_now.date(), at, tzinfo=zone)
    if moment < local_now - timedelta(minutes=1):
        if day is not None and _is_weekday(words[0]):
            moment += timedelta(days=7)
        elif day is None:
            raise MeetingRequestError("that time has passed today; say tomorrow and the time")
        else:
            raise MeetingRequestError("that time has passed")
    if moment - local_now > MAX_AHEAD:
        raise MeetingRequestError("that is more than a year away")
    return moment.astimezone(UTC)


WHEN_HINT = "now, 14:30, 2:30pm, tomorrow 9am, friday 10:00 or 2026-12-01 14:00"


def _looks_like_when(words: list[str], *, today: date) -> bool:
    """Whether these words are meant as a time (even a malformed one, so the error can say so)."""
    if words == ["now"]:
        return True
    try:
        day = _day(words[0], today=today)
        rest = words[1:] if day is not None else words
        if not rest:
            return day is not None
        return _clock(" ".join(rest)) is not None
    except MeetingRequestError:
        return True


def parse_request(text: str, *, zone: ZoneInfo, now: datetime) -> MeetingRequest:
    """``TOPIC [WHEN]``: the longest tail of up to three words that reads as a time is WHEN."""
    words = text.split()
    today = now.astimezone(zone).date()
    starts_at: datetime | None = None
    for size in (3, 2, 1):
        if size > len(words):
            continue
        tail = _words(" ".join(words[-size:]))
        if _looks_like_when(tail, today=today):
            starts_at = parse_when(" ".join(tail), zone=zone, now=now)
            words = words[:-size]
            break
    while words and words[-1].lower() in ("at", "on", "@", "-", "–"):
        words = words[:-1]
    topic = " ".join(words).strip()
    if not topic:
        raise MeetingRequestError("give the meeting a topic: `/casebot meeting TOPIC [WHEN]`")
    if len(topic) > MAX_TOPIC:
        raise MeetingRequestError(f"the topic is longer than {MAX_TOPIC} characters")
    return MeetingRequest(topic=topic, starts_at=starts_at)


def topic_pii(topic: str, *, redactor: Redactor) -> tuple[str, ...]:
    """Kinds of client PII in a topic (it goes to the provider and to the channel, so it must have none)."""
    found = {f.type for f in redactor.redact(topic).findings}
    return tuple(str(t) for t in PiiType if t in found)


# --- creating ----------------------------------------------------------------------------------------


class Result(StrEnum):
    CREATED = "created"
    NOT_REGISTERED = "not_registered"
    NOT_CASE_CONFERENCE = "not_case_conference"
    PUBLIC_CHANNEL = "public_channel"
    TOPIC_HAS_PII = "topic_has_pii"
    NO_PROVIDER = "no_provider"
    PROVIDER_FAILED = "provider_failed"
    NOT_RECORDED = "not_recorded"
    NOT_POSTED = "not_posted"


@dataclass(frozen=True, slots=True)
class MeetingOutcome:
    result: Result
    provider: str | None = None
    meeting_id: str | None = None
    kinds: tuple[str, ...] = ()  # TOPIC_HAS_PII: which kinds
    problem: str | None = None  # PROVIDER_FAILED: the ProviderError kind (auth, rate_limited, ...)


def _registered(app: Casebot, slack_user_id: str) -> bool:
    with app.db.transaction(write=False) as session:
        user = session.scalar(select(User).where(User.slack_user_id == slack_user_id))
        return user is not None and user.active


def create_meeting(
    app: Casebot,
    *,
    slack: SlackPort,
    channels: ChannelDirectory,
    providers: Providers,
    redactor: Redactor,
    requester: str,
    place: Place,
    request: MeetingRequest,
) -> MeetingOutcome:
    """Steps 1 to 6 of the module docstring. Returns what happened; raises nothing a caller must catch
    except database errors before anything was created."""
    if not _registered(app, requester):
        return MeetingOutcome(Result.NOT_REGISTERED)
    if not channels.is_registered(place.channel):
        return MeetingOutcome(Result.NOT_CASE_CONFERENCE)
    if channels.is_private(place.channel, ask=lambda c: slack.channel_is_private(channel=c)) is False:
        return MeetingOutcome(Result.PUBLIC_CHANNEL)
    kinds = topic_pii(request.topic, redactor=redactor)
    if kinds:
        return MeetingOutcome(Result.TOPIC_HAS_PII, kinds=kinds)
    api = providers.creator()
    if api is None:
        return MeetingOutcome(Result.NO_PROVIDER)
    settings = providers.settings
    try:
        created = api.create(
            topic=request.topic,
            starts_at=request.starts_at,
            minutes=settings.minutes,
            passcode=new_passcode(),
            timezone=settings.timezone,
        )
    except ProviderError as exc:
        _record_failure(app, requester=requester, place=place, error=exc)
        return MeetingOutcome(Result.PROVIDER_FAILED, provider=api.name.value, problem=exc.kind)
    try:
        _record(app, created, requester=requester, place=place)
    except Exception as exc:  # no audit row, no meeting: take it back at the provider, post nothing
        log.error("meeting %s not recorded (%s); deleting it", created.meeting_id, type(exc).__name__)
        _take_back(api, created)
        return MeetingOutcome(Result.NOT_RECORDED, provider=api.name.value)
    posted = slack.post_meeting(
        place=place,
        meeting=MeetingPost(
            created=created, requester=requester, topic=request.topic, zone=settings.timezone
        ),
    )
    if not posted.ok:
        log.warning(
            "meeting %s created but not posted in %s: %s", created.meeting_id, place.channel, posted.error
        )
        return MeetingOutcome(Result.NOT_POSTED, provider=api.name.value, meeting_id=created.meeting_id)
    with app.db.transaction() as session:
        session.execute(
            update(Meeting)
            .where(
                Meeting.provider == created.provider.value, Meeting.provider_meeting_id == created.meeting_id
            )
            .values(message_ts=posted.ts)
        )
    log.info("meeting created: %s %s in %s", created.provider.value, created.meeting_id, place.channel)
    return MeetingOutcome(Result.CREATED, provider=api.name.value, meeting_id=created.meeting_id)


def _record(app: Casebot, created: CreatedMeeting, *, requester: str, place: Place) -> None:
    with app.db.transaction() as session:
        session.add(
            Meeting(
                provider=created.provider.value,
                provider_meeting_id=created.meeting_id,
                link_key=created.link_key,
                slack_channel_id=place.channel,
                created_by=requester,
                starts_at=created.starts_at,
                duration_minutes=created.minutes,
            )
        )
        session.flush()
        audit.record(
            session,
            actor=f"slack:{requester}",
            action="meeting.created",
            detail={
                "channel": place.channel,
                "provider": created.provider.value,
                "meeting_id": created.meeting_id,
                "starts_at": created.starts_at.isoformat() if created.starts_at else None,
                "minutes": created.minutes,
                "passcode": True,
                "waiting_room": True,
            },
        )


def _record_failure(app: Casebot, *, requester: str, place: Place, error: ProviderError) -> None:
    try:
        audit.append(
            app.db,
            actor=ACTOR,
            action="meeting.create_failed",
            detail={
                "channel": place.channel,
                "requester": requester,
                "provider": error.provider,
                "problem": error.kind,
                "status": error.status,
                "code": error.code,
            },
        )
    except Exception as exc:
        log.error("meeting failure not audited: %s", type(exc).__name__)


def _take_back(api: MeetingApi, created: CreatedMeeting) -> None:
    try:
        api.delete(meeting_id=created.meeting_id)
    except ProviderError as exc:
        log.error("meeting %s could not be deleted: %s", created.meeting_id, exc)


def created_meetings(session: Session, *, channel: str | None = None) -> list[Meeting]:
    """Meetings casebot created, oldest first (no passcode or join link is stored to list)."""
    query = select(Meeting).order_by(Meeting.created_at)
    if channel:
        query = query.where(Meeting.slack_channel_id == channel)
    return list(session.scalars(query))
