"""`/casebot meeting TOPIC [WHEN]` end to end: a signed slash command into the real Bolt app over HTTP, the
meeting created at a local stand-in of the Zoom or Webex API, the join link posted in the channel."""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.models import Meeting
from tests.meeting_standins import (
    WEBEX_TOKEN,
    ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET,
    ZOOM_HOST,
    ZOOM_PASSCODE,
    WebexStandIn,
    ZoomStandIn,
)
from tests.slack.conftest import (
    BOT_TOKEN,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    OTHER_CHANNEL,
    STRANGER,
    RunningBot,
)
from tests.slack.test_events_http import audit_rows
from tests.slack.test_meeting_links_http import all_audit, webex_settings, zoom_settings
from tests.slack.test_sharing_http import slash

CHICAGO = ZoneInfo("America/Chicago")


def meeting(bot: RunningBot, text: str, *, user: str = MEMBER, channel: str = CHANNEL) -> str:
    """Run the command; returns the immediate (ephemeral) answer after the work has finished."""
    reply = slash(bot, user=user, command="/casebot", text=f"meeting {text}", channel=channel)
    assert reply.status == 200
    bot.settle()
    return str(reply.json().get("text") or "")


def told(bot: RunningBot) -> str:
    (call,) = bot.standin.of("chat.postEphemeral")
    assert call["user"] == MEMBER
    return str(call["text"])


# --- Zoom ----------------------------------------------------------------------------------------------


def test_a_zoom_meeting_with_passcode_and_waiting_room_is_posted_to_the_channel(
    make_bot: Any, zoom: ZoomStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = make_bot(meetings=zoom_settings(zoom, CASEBOT_MEETING_TIMEZONE="America/Chicago"))
    answer = meeting(bot, "East metro case conference tomorrow 9:30")
    assert answer == "Creating a passcode-protected meeting…"

    (token,) = zoom.of("POST", "/oauth/token")
    assert (
        token.authorization
        == "Basic " + base64.b64encode(f"{ZOOM_CLIENT_ID}:{ZOOM_CLIENT_SECRET}".encode()).decode()
    )
    (create,) = zoom.of("POST", "/v2/users/")
    body = create.body
    passcode = body["password"]
    assert len(passcode) == 10 and ZOOM_PASSCODE.match(passcode)
    assert body["settings"]["waiting_room"] is True and body["settings"]["join_before_host"] is False
    assert (body["topic"], body["type"], body["duration"], body["timezone"]) == (
        "East metro case conference",
        2,
        60,
        "America/Chicago",
    )
    tomorrow = datetime.now(CHICAGO).date() + timedelta(days=1)
    start = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, 30, tzinfo=CHICAGO).astimezone(UTC)
    assert body["start_time"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")

    made = next(iter(zoom.meetings.values()))
    (post,) = bot.standin.of("chat.postMessage")
    assert (post.token, post["channel"]) == (BOT_TOKEN, CHANNEL)
    posted = json.dumps(post.params)
    assert made["join_url"] in posted and "East metro case conference" in posted
    assert made["start_url"] not in posted and "zak=" not in posted and "/s/" not in posted
    assert passcode not in posted  # the join link carries it, so it is not spelled out
    assert post["unfurl_links"] in (False, "false", "0", 0)
    assert told(bot) == "Your Zoom meeting is posted in the channel, with a passcode and the waiting room on."

    (row,) = audit_rows(bot.app, "meeting.created")
    assert row["actor"] == f"slack:{MEMBER}"
    assert (row["channel"], row["provider"], row["meeting_id"], row["minutes"]) == (
        CHANNEL,
        "zoom",
        str(made["id"]),
        60,
    )
    assert (row["passcode"], row["waiting_room"], row["starts_at"]) == (True, True, start.isoformat())
    with bot.app.db.transaction(write=False) as session:
        (stored,) = session.scalars(select(Meeting)).all()
        assert (stored.provider, stored.provider_meeting_id, stored.link_key) == (
            "zoom",
            str(made["id"]),
            str(made["id"]),
        )
        assert stored.created_by == MEMBER and stored.message_ts is not None  # where the link was posted

    everything = all_audit(bot) + caplog.text
    for secret in (passcode, made["join_url"], made["start_url"], ZOOM_CLIENT_SECRET, *zoom.valid_tokens):
        assert secret not in everything


def test_now_is_an_instant_meeting(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    meeting(bot, "Huddle about Client 777001")
    body = zoom.of("POST", "/v2/users/")[0].body
    assert body["type"] == 1 and "start_time" not in body
    assert "Starts now, for 60 minutes" in json.dumps(bot.standin.of("chat.postMessage")[0].params)


def test_an_expired_token_is_fetched_again_once(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    meeting(bot, "First")
    zoom.expire_tokens()
    bot.standin.reset()
    meeting(bot, "Second")
    assert len(zoom.of("POST", "/oauth/token")) == 2 and len(zoom.meetings) == 2
    assert told(bot).startswith("Your Zoom meeting is posted")


@pytest.mark.parametrize(
    ("breakage", "problem", "words"),
    [
        (
            "secret",
            "auth",
            "Zoom refused casebot's credentials; ask your HMIS admin to check the Zoom settings.",
        ),
        ("user", "not_found", "Zoom does not know the host user casebot creates meetings for"),
        ("ratelimit", "rate_limited", "Zoom is limiting how many meetings casebot may create right now"),
        ("waiting_room", "settings_ignored", "Zoom did not keep the passcode or the waiting room"),
        ("down", "unavailable", "casebot could not reach Zoom; try again in a minute."),
    ],
)
def test_when_zoom_says_no_the_requester_is_told_and_nothing_is_posted(
    make_bot: Any, zoom: ZoomStandIn, breakage: str, problem: str, words: str
) -> None:
    extra: dict[str, Any] = {}
    if breakage == "secret":
        extra["ZOOM_CLIENT_SECRET"] = "wrong-secret"
    if breakage == "down":
        extra.update(ZOOM_OAUTH_URL="http://127.0.0.1:9/oauth/token", CASEBOT_MEETING_HTTP_TIMEOUT=2)
    settings = zoom_settings(zoom, **extra)
    if breakage == "user":
        zoom.users.clear()
    if breakage == "ratelimit":
        zoom.script(
            "POST /v2/users/*/meetings",
            429,
            {"code": 429, "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update"},
            headers={"Retry-After": "3600"},
        )
    if breakage == "waiting_room":
        zoom.waiting_room_locked_off = True
    bot = make_bot(meetings=settings)
    meeting(bot, "Case conference")
    assert bot.standin.of("chat.postMessage") == []
    assert words in told(bot)
    (row,) = audit_rows(bot.app, "meeting.create_failed")
    assert (row["provider"], row["problem"], row["requester"]) == ("zoom", problem, MEMBER)
    assert audit_rows(bot.app, "meeting.created") == []
    assert zoom.meetings == {}  # nothing left behind (a meeting without its waiting room was deleted)
    if breakage == "waiting_room":
        assert len(zoom.of("DELETE", "/v2/meetings/")) == 1


# --- Webex ---------------------------------------------------------------------------------------------


def test_a_webex_meeting_is_posted_with_its_password(make_bot: Any, webex: WebexStandIn) -> None:
    bot = make_bot(meetings=webex_settings(webex, CASEBOT_MEETING_MINUTES=90))
    meeting(bot, "Case conference tomorrow 2:30pm")
    (create,) = webex.of("POST", "/v1/meetings")
    body = create.body
    assert create.authorization == f"Bearer {WEBEX_TOKEN}"
    assert (
        body["unlockedMeetingJoinSecurity"] == "allowJoinWithLobby" and body["enabledJoinBeforeHost"] is False
    )
    start = datetime.fromisoformat(body["start"].replace("Z", "+00:00"))
    assert datetime.fromisoformat(body["end"].replace("Z", "+00:00")) - start == timedelta(minutes=90)
    assert start.astimezone(UTC).strftime("%H:%M") == "14:30"  # CASEBOT_MEETING_TIMEZONE defaults to UTC
    password = body["password"]
    made = next(iter(webex.meetings.values()))
    posted = json.dumps(bot.standin.of("chat.postMessage")[0].params)
    assert made["webLink"] in posted
    assert f"Passcode: `{password}`" in posted  # a Webex link never carries it
    (row,) = audit_rows(bot.app, "meeting.created")
    assert (row["provider"], row["meeting_id"]) == ("webex", made["id"])
    assert password not in all_audit(bot) and made["webLink"] not in all_audit(bot)


def test_webex_errors_in_their_shape_are_answered_plainly(make_bot: Any, webex: WebexStandIn) -> None:
    bot = make_bot(meetings=webex_settings(webex, WEBEX_ACCESS_TOKEN="expired"))
    meeting(bot, "Case conference")
    assert "Webex refused casebot's credentials" in told(bot)
    row = audit_rows(bot.app, "meeting.create_failed")[0]
    assert (row["provider"], row["problem"], row["status"]) == ("webex", "auth", 401)


# --- what is refused before any provider is asked ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "user", "channel", "words"),
    [
        (
            "Intake for Zephyrinaqa Vorthmundsen",
            MEMBER,
            CHANNEL,
            "The topic holds client PII (a client's name)",
        ),
        ("Case conference", STRANGER, CHANNEL, "Only people registered with casebot can create meetings"),
        (
            "Case conference",
            MEMBER,
            OTHER_CHANNEL,
            "casebot creates meetings in a registered case-conference",
        ),
    ],
)
def test_refused_before_any_provider_call(
    make_bot: Any,
    zoom: ZoomStandIn,
    caplog: pytest.LogCaptureFixture,
    text: str,
    user: str,
    channel: str,
    words: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = make_bot(meetings=zoom_settings(zoom))
    meeting(bot, text, user=user, channel=channel)
    (call,) = bot.standin.of("chat.postEphemeral")
    assert (call["user"], call["channel"]) == (user, channel) and words in call["text"]
    for value in CANARY_VALUES:
        assert value not in call["text"] and value not in caplog.text and value not in all_audit(bot)
    assert zoom.requests == [] and bot.standin.of("chat.postMessage") == []


def test_refused_in_a_public_channel(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    bot.standin.private[CHANNEL] = False
    meeting(bot, "Case conference")
    assert "This channel is public" in told(bot) and zoom.requests == []


def test_a_time_casebot_cannot_read_is_answered_at_once(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    answer = meeting(bot, "Case conference 25:00")
    assert answer.startswith("Sorry: that is not a time of day; use 14:30 or 2:30pm.")
    assert zoom.requests == [] and bot.standin.calls == []


def test_without_a_provider_casebot_says_so(bot: RunningBot) -> None:
    meeting(bot, "Case conference")
    assert told(bot) == "No meeting provider is set up for casebot (Zoom or Webex); ask your HMIS admin."


def test_help_mentions_the_meeting_command(bot: RunningBot) -> None:
    reply = slash(bot, user=MEMBER, command="/casebot", text="")
    assert "/casebot meeting TOPIC [WHEN]" in reply.json()["text"]


def test_the_host_user_goes_in_the_path(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    meeting(bot, "Case conference")
    assert zoom.of("POST", "/v2/users/")[0].path == "/v2/users/" + ZOOM_HOST.replace("@", "%40") + "/meetings"
