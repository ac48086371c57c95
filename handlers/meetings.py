"""Slack in for meetings: `/casebot meeting TOPIC [WHEN]`, the "Create a protected meeting" button on a
meeting-link notice, and the modal it opens.

Thin: the command and the modal check what can be answered at once (the
words, a topic with client PII) before acknowledging; the provider calls run
on the worker pool afterwards, because Slack wants its answer within 3 seconds.
The rules are ``bot.meetings.service``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App

from bot.ids import SLACK_ID
from bot.meetings.links import PROVIDER_NAMES, Provider
from bot.meetings.service import (
    MAX_TOPIC,
    MeetingOutcome,
    MeetingRequest,
    MeetingRequestError,
    Result,
    create_meeting,
    parse_request,
    parse_when,
    topic_pii,
)
from bot.ports.places import Place
from bot.runtime import BotRuntime
from handlers import meeting_blocks as mb
from handlers.blocks import kinds_in_words
from handlers.invocation import Invocation

log = logging.getLogger("casebot.handlers.meetings")

PROBLEMS = {
    "auth": "{p} refused casebot's credentials; ask your HMIS admin to check the {p} settings.",
    "forbidden": "{p} says casebot may not create meetings (a missing permission); ask your HMIS admin.",
    "not_found": "{p} does not know the host user casebot creates meetings for; ask your HMIS admin.",
    "rate_limited": "{p} is limiting how many meetings casebot may create right now; try again later.",
    "unavailable": "casebot could not reach {p}; try again in a minute.",
    "settings_ignored": "{p} did not keep the passcode or the waiting room (an account setting overrides "
    "them), so casebot deleted the meeting again. Ask your HMIS admin.",
}


def _provider(outcome: MeetingOutcome) -> str:
    try:
        return PROVIDER_NAMES[Provider(outcome.provider or "")]
    except ValueError:
        return "The meeting provider"


def answer_text(outcome: MeetingOutcome) -> str:
    """What the requester is told privately about their meeting."""
    p = _provider(outcome)
    if outcome.result is Result.CREATED:
        return f"Your {p} meeting is posted in the channel, with a passcode and the waiting room on."
    if outcome.result is Result.PROVIDER_FAILED:
        return PROBLEMS.get(
            outcome.problem or "", "{p} refused to create the meeting; ask your HMIS admin."
        ).format(p=p)
    return {
        Result.NOT_REGISTERED: "Only people registered with casebot can create meetings. "
        "Ask your HMIS admin.",
        Result.NOT_CASE_CONFERENCE: "casebot creates meetings in a registered case-conference channel, "
        "where it posts the join link. Run `/casebot meeting` there.",
        Result.PUBLIC_CHANNEL: "This channel is public: casebot does not post meeting links here.",
        Result.TOPIC_HAS_PII: f"The topic holds client PII ({kinds_in_words(outcome.kinds)}). "
        "Use client IDs instead and try again.",
        Result.NO_PROVIDER: "No meeting provider is set up for casebot (Zoom or Webex); ask your HMIS admin.",
        Result.NOT_RECORDED: "casebot could not record the meeting, so it cancelled it. "
        "Try again in a minute.",
        Result.NOT_POSTED: f"The {p} meeting was created, but Slack did not accept the post in this channel. "
        "Check that casebot is a member of the channel and try again.",
    }[outcome.result]


def _create_and_answer(runtime: BotRuntime, *, user: str, place: Place, request: MeetingRequest) -> None:
    try:
        outcome = create_meeting(
            runtime.app,
            slack=runtime.slack,
            channels=runtime.channels,
            providers=runtime.meeting_providers,
            redactor=runtime.roster.redactor(),
            requester=user,
            place=place,
            request=request,
        )
    except Exception as exc:  # the text of an exception may quote the request: its type only
        log.error("meeting not created: %s", type(exc).__name__)
        outcome = MeetingOutcome(Result.NOT_RECORDED)
    runtime.slack.tell(place=place, user=user, text=answer_text(outcome))


def meeting_command(call: Invocation) -> None:
    """`/casebot meeting TOPIC [WHEN]`."""
    runtime = call.runtime
    settings = runtime.meeting_settings
    try:
        request = parse_request(" ".join(call.args), zone=settings.zone, now=datetime.now(UTC))
    except MeetingRequestError as exc:
        call.ack(
            response_type="ephemeral",
            text=f"Sorry: {exc}. For example: `/casebot meeting East metro case conference tomorrow 9:30`.",
        )
        return
    if not SLACK_ID.match(call.channel):
        call.ack(response_type="ephemeral", text=answer_text(MeetingOutcome(Result.NOT_CASE_CONFERENCE)))
        return
    call.ack(response_type="ephemeral", text="Creating a passcode-protected meeting…")
    runtime.executor.submit(
        _create_and_answer, runtime, user=call.user, place=Place(channel=call.channel), request=request
    )


def _value(view: dict[str, Any], block: str, action: str) -> str:
    state = ((view.get("state") or {}).get("values") or {}).get(block, {}).get(action) or {}
    return str(state.get("value") or "").strip()


def register(app: App, runtime: BotRuntime) -> None:
    @app.action(mb.CREATE_ACTION)
    def on_create(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        channel = str(
            (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        )
        trigger = str(body.get("trigger_id") or "")
        if not SLACK_ID.match(user) or not SLACK_ID.match(channel) or not trigger:
            return
        runtime.slack.open_view(trigger_id=trigger, view=mb.meeting_modal(channel=channel, thread_ts=None))

    @app.view(mb.MEETING_VIEW)
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        try:
            channel = str(json.loads(view.get("private_metadata") or "{}").get("channel") or "")
        except (ValueError, AttributeError):
            channel = ""
        if not SLACK_ID.match(user) or not SLACK_ID.match(channel):
            ack()
            return
        topic = _value(view, mb.TOPIC_BLOCK, mb.TOPIC_INPUT)
        if not topic or len(topic) > MAX_TOPIC:
            ack(
                response_action="errors",
                errors={mb.TOPIC_BLOCK: f"Give a topic of up to {MAX_TOPIC} characters."},
            )
            return
        kinds = topic_pii(topic, redactor=runtime.roster.redactor())
        if kinds:
            ack(
                response_action="errors",
                errors={
                    mb.TOPIC_BLOCK: f"The topic holds client PII ({kinds_in_words(kinds)}): use client IDs."
                },
            )
            return
        settings = runtime.meeting_settings
        try:
            starts_at = parse_when(
                _value(view, mb.WHEN_BLOCK, mb.WHEN_INPUT), zone=settings.zone, now=datetime.now(UTC)
            )
        except MeetingRequestError as exc:
            ack(response_action="errors", errors={mb.WHEN_BLOCK: f"{str(exc).capitalize()}."})
            return
        ack()
        runtime.executor.submit(
            _create_and_answer,
            runtime,
            user=user,
            place=Place(channel=channel),
            request=MeetingRequest(topic=topic, starts_at=starts_at),
        )
