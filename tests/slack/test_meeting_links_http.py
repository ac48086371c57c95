"""Meeting links end to end: signed message events into the real Bolt app over HTTP, the Web API calls
casebot made recorded by the Slack stand-in, and the Zoom and Webex APIs answered by local stand-ins."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.meetings.rules import set_meeting_policy
from bot.meetings.settings import MeetingSettings
from bot.oversight import incidents
from storage import quarantine
from tests.meeting_standins import (
    WEBEX_TOKEN,
    ZOOM_ACCOUNT,
    ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET,
    ZOOM_HOST,
    WebexStandIn,
    ZoomStandIn,
)
from tests.slack.conftest import (
    ADMIN_TOKEN,
    ADMIN_USER,
    CANARY_TEXT,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    OTHER_CHANNEL,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import REDACTED, audit_rows, chat_calls, quarantined
from tests.slack.test_restore_http import open_choice, tick
from tests.slack.test_sharing_http import click, last_view, submit
from tests.slack_standin import BOT_ID, BOT_USER

CREATE_ACTION = "casebot_meeting_new"
REMOVED = "[meeting link removed]"
WHY = "Meetings where clients are discussed must have a passcode"


def zoom_settings(zoom: ZoomStandIn, **changes: Any) -> MeetingSettings:
    """Settings pointing at the Zoom stand-in with its credentials; ``changes`` override any of them."""
    values: dict[str, Any] = {
        "ZOOM_ACCOUNT_ID": ZOOM_ACCOUNT,
        "ZOOM_CLIENT_ID": ZOOM_CLIENT_ID,
        "ZOOM_CLIENT_SECRET": ZOOM_CLIENT_SECRET,
        "ZOOM_HOST_USER": ZOOM_HOST,
        "ZOOM_API_URL": zoom.api_url,
        "ZOOM_OAUTH_URL": zoom.oauth_url,
    }
    return MeetingSettings(**{**values, **changes})


def webex_settings(webex: WebexStandIn, **changes: Any) -> MeetingSettings:
    values = {"WEBEX_ACCESS_TOKEN": WEBEX_TOKEN, "WEBEX_API_URL": webex.api_url}
    return MeetingSettings(**{**values, **changes})


def post(bot: RunningBot, text: str, **extra: Any) -> dict[str, Any]:
    event = message_event(text, **extra)
    assert bot.send_event(event).status == 200
    bot.settle()
    return event


def all_audit(bot: RunningBot) -> str:
    from sqlalchemy import select

    from storage.models import AuditEvent

    with bot.app.db.transaction(write=False) as session:
        return "\n".join(f"{r.action} {r.detail}" for r in session.scalars(select(AuditEvent)))


def notice(bot: RunningBot) -> Any:
    (call,) = bot.standin.of("chat.postEphemeral")
    return call


def has_button(call: Any) -> bool:
    blocks = call.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return any(
        element.get("action_id") == CREATE_ACTION
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    )


# --- in a case-conference channel ----------------------------------------------------------------------


def test_an_unprotected_zoom_link_is_removed_and_the_message_reposted_without_it(bot: RunningBot) -> None:
    event = post(bot, "Case conference moved to <https://zoom.us/j/85512345678|zoom.us/j/85512345678> at 3")

    (delete,) = bot.standin.of("chat.delete")
    assert (delete.token, delete["channel"], delete["ts"]) == (ADMIN_TOKEN, CHANNEL, event["ts"])
    (repost,) = bot.standin.of("chat.postMessage")
    assert repost["text"] == f"<@{MEMBER}> wrote: Case conference moved to {REMOVED} at 3"
    told = notice(bot)
    assert told["user"] == MEMBER
    assert told["text"].startswith(
        "casebot removed your message and re-posted it without a Zoom link: the link does not show that "
        f"the meeting has a passcode. {WHY}"
    )
    assert "ask your coordinator for a passcode-protected meeting" in told["text"]  # no provider set up
    assert not has_button(told)
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]

    (row,) = audit_rows(bot.app, "meeting_link.removed")
    assert row["actor"] == "bot:casebot"
    assert (row["channel"], row["poster"], row["where"], row["policy"], row["edited"]) == (
        CHANNEL,
        MEMBER,
        "case_conference",
        "strict",
        False,
    )
    assert (row["providers"], row["kinds"], row["meeting_ids"], row["reasons"]) == (
        ["zoom"],
        ["join"],
        ["85512345678"],
        ["unknown"],
    )
    assert audit_rows(bot.app, "message.redacted") == [] and quarantined(bot.app) == []
    assert "zoom.us" not in all_audit(bot)


@pytest.mark.parametrize(
    "text",
    [
        "Today's link: <https://us02web.zoom.us/j/85512345678?pwd=Zm9vYmFyYmF6.1|Join Zoom Meeting>",
        "Teams: https://teams.microsoft.com/meet/21234567890123?p=AbCdEfGh12",
        "<https://v.ringcentral.com/join/123456789?pw=8a2c4e6f|RingCentral>",
        "Webex (URL API with password): https://acme.webex.com/acme/m.php?AT=JM&amp;MK=2551234567&amp;PW=Ab12",
    ],
)
def test_a_link_that_carries_its_passcode_stays(bot: RunningBot, text: str) -> None:
    post(bot, text)
    assert chat_calls(bot) == []
    assert audit_rows(bot.app, "meeting_link.removed") == audit_rows(bot.app, "meeting_link.warned") == []


@pytest.mark.parametrize(
    ("text", "name", "reason", "words"),
    [
        ("https://meet.google.com/abc-defg-hij", "Google Meet", "unprotected", "the meeting has no passcode"),
        (
            "https://us02web.zoom.us/s/85512345678?pwd=abc",
            "Zoom",
            "host_link",
            "a host start link hands control of the meeting to whoever opens it",
        ),
        ("https://whereby.com/casereview?roomKey=abc123", "Whereby", "host_link", "a host start link"),
        ("https://meet.jit.si/EastMetroCaseConference", "Jitsi", "unknown", "does not show that the meeting"),
        (
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
            "Microsoft Teams",
            "unknown",
            "does not show",
        ),
    ],
)
def test_links_that_may_not_stay(bot: RunningBot, text: str, name: str, reason: str, words: str) -> None:
    post(bot, f"join {text} please")
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: join {REMOVED} please"
    told = notice(bot)["text"]
    assert f"without a {name} link: " in told and words in told
    (row,) = audit_rows(bot.app, "meeting_link.removed")
    assert row["reasons"] == [reason]
    assert "roomKey" not in all_audit(bot) and "EastMetro" not in all_audit(bot)


def test_a_protected_and_an_unprotected_link_only_the_unprotected_goes(bot: RunningBot) -> None:
    post(bot, "main https://zoom.us/j/85512345678?pwd=abc backup https://meet.google.com/abc-defg-hij")
    assert bot.standin.of("chat.postMessage")[0]["text"] == (
        f"<@{MEMBER}> wrote: main https://zoom.us/j/85512345678?pwd=abc backup {REMOVED}"
    )
    (row,) = audit_rows(bot.app, "meeting_link.removed")
    assert row["providers"] == ["google_meet"]


def test_warn_policy_leaves_the_link_and_warns_the_poster(bot: RunningBot) -> None:
    with bot.app.db.transaction() as session:
        set_meeting_policy(session, actor="cli:test", slack_channel_id=CHANNEL, policy="warn")
    bot.runtime.channels.invalidate()
    post(bot, "https://meet.google.com/abc-defg-hij")
    assert chat_calls(bot) == ["chat.postEphemeral"]
    assert notice(bot)["text"].startswith(
        f"Your message holds a Google Meet link, but the meeting has no passcode. {WHY}"
    )
    (row,) = audit_rows(bot.app, "meeting_link.warned")
    assert (row["reason"], row["policy"], row["reasons"]) == ("warn_policy", "warn", ["unprotected"])
    assert incidents.list_incidents(bot.app) == []  # the channel's chosen policy is not an incident
    assert audit_rows(bot.app, "channel.meeting_policy")[0]["policy"] == "warn"


def test_warn_policy_still_removes_pii_and_never_reposts_the_link(bot: RunningBot) -> None:
    with bot.app.db.transaction() as session:
        set_meeting_policy(session, actor="cli:test", slack_channel_id=CHANNEL, policy="warn")
    bot.runtime.channels.invalidate()
    post(bot, f"{CANARY_TEXT} https://meet.google.com/abc-defg-hij")
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: {REDACTED} {REMOVED}"
    assert len(audit_rows(bot.app, "meeting_link.removed")) == 1


def test_without_an_admin_token_the_poster_is_warned_and_the_incident_recorded(make_bot: Any) -> None:
    bot = make_bot(admin_token=False)
    post(bot, "https://zoom.us/j/85512345678")
    assert chat_calls(bot) == ["chat.postEphemeral"]
    told = notice(bot)["text"]
    assert (
        "casebot could not remove it (no workspace admin token is configured). Please delete it now." in told
    )
    (row,) = audit_rows(bot.app, "meeting_link.warned")
    assert (row["reason"], row["policy"]) == ("no_admin_token", "strict")
    (incident,) = incidents.list_incidents(bot.app, open_only=True)
    assert (incident.category, incident.summary_codes) == (
        "meeting_link",
        ("meeting_link.warned", "no_admin_token", "unknown"),
    )


def test_when_slack_refuses_the_delete_the_poster_is_warned(bot: RunningBot) -> None:
    bot.standin.fail("chat.delete", "cant_delete_message")
    post(bot, "https://zoom.us/j/85512345678")
    assert chat_calls(bot) == ["chat.delete", "chat.postEphemeral"]
    assert "Slack said cant_delete_message" in notice(bot)["text"]
    assert audit_rows(bot.app, "meeting_link.warned")[0]["reason"] == "cant_delete_message"
    assert [i.category for i in incidents.list_incidents(bot.app)] == ["meeting_link"]


def test_pii_and_a_link_in_one_message_one_removal_and_restore_never_brings_the_link_back(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    post(bot, f"{CANARY_TEXT} join https://meet.google.com/abc-defg-hij")
    assert chat_calls(bot) == ["chat.delete", "chat.postMessage", "chat.postEphemeral"]
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: {REDACTED} join {REMOVED}"
    told = notice(bot)["text"]
    assert told.startswith("casebot removed your message and re-posted it with a client's name")
    assert "The Google Meet link was left out too: the meeting has no passcode." in told
    assert len(audit_rows(bot.app, "message.redacted")) == 1
    assert len(audit_rows(bot.app, "meeting_link.removed")) == 1
    for value in CANARY_VALUES:  # the planted client's PII is in no log line and no audit row
        assert value not in caplog.text and value not in all_audit(bot)
    assert "meet.google.com" not in caplog.text

    (held,) = quarantined(bot.app)
    with bot.app.db.transaction(write=False) as session:
        original = quarantine.get(session, keyring=bot.app.keyring, row_id=held.id)
    assert original is not None and "Vorthmundsen" in original.text
    assert "meet.google.com" not in original.text and REMOVED in original.text

    bot.standin.reset()
    tick(bot, ADMIN_USER, open_choice(bot, ADMIN_USER, held.id), 0, 1, 2, 3)  # every hidden span back
    (update,) = bot.standin.of("chat.update")
    assert update["text"] == f"<@{MEMBER}> wrote: {CANARY_TEXT} join {REMOVED}"


def test_an_edit_that_adds_an_unprotected_link_is_caught(bot: RunningBot) -> None:
    original = message_event("Case conference at 3")
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "1700000999.000001",
        "message": {
            **original,
            "text": "Case conference at 3: <https://meet.google.com/abc-defg-hij>",
            "edited": {"user": MEMBER, "ts": "1700000999.000001"},
        },
        "previous_message": original,
    }
    assert bot.send_event(edited).status == 200
    bot.settle()
    (delete,) = bot.standin.of("chat.delete")
    assert delete["ts"] == original["ts"]
    assert (
        bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: Case conference at 3: {REMOVED}"
    )
    assert audit_rows(bot.app, "meeting_link.removed")[0]["edited"] is True


def test_an_unfurl_of_a_warned_link_is_not_warned_again(make_bot: Any) -> None:
    bot = make_bot(admin_token=False)
    original = post(bot, "https://meet.google.com/abc-defg-hij")
    bot.standin.reset()
    unfurled = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "hidden": True,
        "ts": "1700000999.000003",
        "message": {**original, "attachments": [{"title": "Meet"}]},
        "previous_message": original,
    }
    bot.send_event(unfurled)
    bot.settle()
    assert chat_calls(bot) == []


def test_bot_messages_with_links_are_left_alone(bot: RunningBot) -> None:
    post(bot, "https://meet.google.com/abc-defg-hij", bot_id="B0OTHERBOT", subtype="bot_message")
    post(bot, "<https://zoom.us/j/85512345678|Join>", user=BOT_USER, bot_id=BOT_ID)
    assert chat_calls(bot) == []


# --- outside case-conference channels ------------------------------------------------------------------


def test_no_meeting_link_stays_in_a_channel_that_is_not_a_case_conference_channel(bot: RunningBot) -> None:
    event = post(bot, "Staff meeting: https://zoom.us/j/85512345678?pwd=abc", channel=OTHER_CHANNEL)
    (delete,) = bot.standin.of("chat.delete")
    assert (delete["channel"], delete["ts"]) == (OTHER_CHANNEL, event["ts"])
    assert bot.standin.of("chat.postMessage") == []  # nothing is re-posted outside case-conference channels
    told = notice(bot)
    assert told["channel"] == OTHER_CHANNEL
    assert told["text"].startswith(
        "casebot removed your message because it held a Zoom link: meeting links about clients belong "
        "only in a registered case-conference channel."
    )
    assert "Post the rest of your message again without the link." in told["text"] and not has_button(told)
    (row,) = audit_rows(bot.app, "meeting_link.removed")
    assert (row["where"], row["reasons"]) == ("not_case_conference", ["not_case_conference"])


def test_outside_case_conference_channels_casebot_touches_nothing_but_meeting_links(bot: RunningBot) -> None:
    post(bot, CANARY_TEXT, channel=OTHER_CHANNEL)
    post(bot, "we moved to zoom.us last year", channel=OTHER_CHANNEL)
    assert bot.standin.calls == []


def test_outside_case_conference_channels_the_warn_setting_only_warns(make_bot: Any) -> None:
    bot = make_bot(meetings=MeetingSettings(CASEBOT_MEETING_LINKS_ELSEWHERE="warn"))
    post(bot, "https://meet.google.com/abc-defg-hij", channel=OTHER_CHANNEL)
    assert chat_calls(bot) == ["chat.postEphemeral"]
    assert audit_rows(bot.app, "meeting_link.warned")[0]["where"] == "not_case_conference"


def test_no_meeting_link_stays_in_a_public_channel_even_a_protected_one(bot: RunningBot) -> None:
    with bot.app.db.transaction() as session:  # warn is ignored: public channels are always strict
        set_meeting_policy(session, actor="cli:test", slack_channel_id=CHANNEL, policy="warn")
    bot.runtime.channels.invalidate()
    bot.standin.private[CHANNEL] = False
    post(bot, "https://zoom.us/j/85512345678?pwd=abc")
    assert len(bot.standin.of("chat.delete")) == 1
    assert [c for c in bot.standin.of("chat.postMessage") if "wrote:" in c["text"]] == []
    told = notice(bot)["text"]
    assert "meeting links are never posted in a public channel" in told
    (row,) = audit_rows(bot.app, "meeting_link.removed")
    assert (row["where"], row["policy"]) == ("public_channel", "strict")


# --- provider lookups and meetings casebot made ----------------------------------------------------------


def test_zoom_says_whether_a_link_without_its_passcode_has_one(make_bot: Any, zoom: ZoomStandIn) -> None:
    zoom.add_meeting("85512345678", password="has-one")
    zoom.add_meeting("85500000001", password="")
    bot = make_bot(meetings=zoom_settings(zoom))
    post(bot, "https://zoom.us/j/85512345678")
    assert chat_calls(bot) == []
    post(bot, "https://zoom.us/j/85500000001")
    post(bot, "https://zoom.us/j/85599999999")  # not this account's meeting: Zoom answers 404 code 3001
    rows = audit_rows(bot.app, "meeting_link.removed")
    assert [r["reasons"] for r in rows] == [["unprotected"], ["unknown"]]
    post(bot, "again https://zoom.us/j/85512345678")  # the answer is cached
    assert len(zoom.of("GET", "/v2/meetings/85512345678")) == 1


def test_when_zoom_cannot_answer_the_link_is_removed(make_bot: Any, zoom: ZoomStandIn) -> None:
    zoom.add_meeting("85512345678", password="has-one")
    zoom.script("GET /v2/meetings/*", 500, {"code": 500, "message": "Internal error"})
    bot = make_bot(meetings=zoom_settings(zoom))
    post(bot, "https://zoom.us/j/85512345678")
    assert audit_rows(bot.app, "meeting_link.removed")[0]["reasons"] == ["unknown"]


def test_the_button_creates_a_protected_meeting(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    post(bot, "https://meet.google.com/abc-defg-hij")
    told = notice(bot)
    assert (
        has_button(told) and "use the button below, or type `/casebot meeting TOPIC [WHEN]`" in told["text"]
    )

    bot.standin.reset()
    click(bot, user=MEMBER, action_id=CREATE_ACTION)
    bot.settle()
    view = last_view(bot)
    assert (
        view["callback_id"] == "casebot_meeting_view"
        and json.loads(view["private_metadata"])["channel"] == CHANNEL
    )
    reply = submit(
        bot,
        user=MEMBER,
        view=view,
        values={
            "meeting_topic": {"topic": {"type": "plain_text_input", "value": "East metro case conference"}},
            "meeting_when": {"when": {"type": "plain_text_input", "value": None}},
        },
    )
    assert reply.status == 200 and not reply.body
    bot.settle()
    (create,) = zoom.of("POST", "/v2/users/")
    assert create.body["settings"]["waiting_room"] is True and create.body["password"]
    meeting = next(iter(zoom.meetings.values()))
    (announced,) = bot.standin.of("chat.postMessage")
    assert announced["channel"] == CHANNEL and meeting["join_url"] in json.dumps(announced.params)
    assert len(audit_rows(bot.app, "meeting.created")) == 1

    # The link casebot posted, shared again by a person without its passcode, is known to be protected.
    bot.standin.reset()
    post(bot, f"reminder: https://zoom.us/j/{meeting['id']}")
    assert chat_calls(bot) == []


def test_the_modal_refuses_a_topic_with_client_pii_and_a_bad_time(make_bot: Any, zoom: ZoomStandIn) -> None:
    bot = make_bot(meetings=zoom_settings(zoom))
    click(bot, user=MEMBER, action_id=CREATE_ACTION)
    bot.settle()
    view = last_view(bot)
    reply = submit(
        bot,
        user=MEMBER,
        view=view,
        values={
            "meeting_topic": {"topic": {"value": "Intake for Zephyrinaqa Vorthmundsen"}},
            "meeting_when": {},
        },
    )
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "meeting_topic": "The topic holds client PII (a client's name): use client IDs."
    }
    reply = submit(
        bot,
        user=MEMBER,
        view=view,
        values={
            "meeting_topic": {"topic": {"value": "Case conference"}},
            "meeting_when": {"when": {"value": "25:00"}},
        },
    )
    assert reply.json()["errors"] == {"meeting_when": "That is not a time of day; use 14:30 or 2:30pm."}
    bot.settle()
    assert zoom.requests == []


def test_a_webex_meeting_casebot_made_may_be_shared_again(make_bot: Any, webex: WebexStandIn) -> None:
    from tests.slack.test_sharing_http import slash

    bot = make_bot(meetings=webex_settings(webex))
    slash(bot, user=MEMBER, command="/casebot", text="meeting Case conference")
    bot.settle()
    (meeting,) = webex.meetings.values()
    bot.standin.reset()
    post(bot, f"here it is again: <{meeting['webLink']}>")
    assert chat_calls(bot) == []
    post(bot, "https://acme.webex.com/acme/j.php?MTID=m0123456789abcdef0123456789abcdef")  # not casebot's
    assert audit_rows(bot.app, "meeting_link.removed")[0]["reasons"] == ["unknown"]


def test_a_link_that_stays_is_reposted_unchanged_when_pii_is_redacted(bot: RunningBot) -> None:
    # The meeting number in MK= looks like a phone number to the redactor; as part of a meeting link that
    # stays, it is not one, and the link must come back exactly as written.
    link = "https://acme.webex.com/acme/m.php?AT=JM&amp;MK=2551234567&amp;PW=Ab12"
    post(bot, f"{CANARY_TEXT} join {link}")
    assert bot.standin.of("chat.postMessage")[0]["text"] == f"<@{MEMBER}> wrote: {REDACTED} join {link}"
    assert audit_rows(bot.app, "message.redacted")[0]["types"] == ["NAME", "SSN", "DOB", "PHONE"]
    assert audit_rows(bot.app, "meeting_link.removed") == []
