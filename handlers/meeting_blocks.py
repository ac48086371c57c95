"""Block Kit for meeting links and meetings: the private notices, the "create a meeting" modal, the post.

Notices name the provider and the reason, never the link. The channel post
carries the join link (which may embed the passcode) and, when the link does
not, the passcode: both are for the channel's members, and nowhere else.
"""

from __future__ import annotations

import json
from typing import Any

from bot.meetings.links import PROVIDER_NAMES, Provider
from bot.ports.meetings import CreatedMeeting
from bot.ports.slack import MeetingNotice, Notice

CREATE_ACTION = "casebot_meeting_new"
MEETING_VIEW = "casebot_meeting_view"
TOPIC_BLOCK, TOPIC_INPUT = "meeting_topic", "topic"
WHEN_BLOCK, WHEN_INPUT = "meeting_when", "when"

WHY = (
    "Meetings where clients are discussed must have a passcode, so uninvited callers cannot join "
    "(HMIS security guidance)."
)
WHEN_HINT = "now, 14:30, 2:30pm, tomorrow 9am, friday 10:00 or 2026-12-01 14:00"

Blocks = list[dict[str, Any]]


def _names(providers: tuple[str, ...]) -> str:
    names = list(providers) or ["meeting"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def reason_text(meeting: MeetingNotice) -> str:
    """Why the link may not stay, in the poster's words."""
    reasons = set(meeting.reasons)
    if meeting.where == "public_channel":
        return "meeting links are never posted in a public channel"
    if meeting.where == "not_case_conference":
        return "meeting links about clients belong only in a registered case-conference channel"
    parts = []
    if "host_link" in reasons:
        parts.append("a host start link hands control of the meeting to whoever opens it")
    if "unprotected" in reasons:
        parts.append("the meeting has no passcode")
    if "unknown" in reasons:
        parts.append("the link does not show that the meeting has a passcode")
    return " and ".join(parts) or "the link may not be posted here"


def _fix(meeting: MeetingNotice) -> str:
    if meeting.where != "case_conference":
        return "Post the rest of your message again without the link."
    create = (
        "use the button below, or type `/casebot meeting TOPIC [WHEN]`, to create a protected meeting"
        if meeting.offer_meeting
        else "ask your coordinator for a passcode-protected meeting"
    )
    return f"Post a join link that includes its passcode, or {create}."


def _not_removed(reason: str | None) -> str:
    if reason == "warn_policy":
        return ""
    if reason == "no_admin_token":
        return " casebot could not remove it (no workspace admin token is configured). Please delete it now."
    return f" casebot could not remove it (Slack said {reason or 'no'}). Please delete it now."


def notice_text(notice: Notice) -> str:
    """The private notice when meeting links are all there was to say (no PII)."""
    assert notice.meeting is not None
    meeting = notice.meeting
    which = f"a {_names(meeting.providers)} link"
    if notice.removed:
        head = (
            f"casebot removed your message and re-posted it without {which}: {reason_text(meeting)}."
            if meeting.where == "case_conference"
            else f"casebot removed your message because it held {which}: {reason_text(meeting)}."
        )
    else:
        head = f"Your message holds {which}, but {reason_text(meeting)}." + _not_removed(notice.reason)
    return f"{head} {WHY} {_fix(meeting)}"


def also_text(meeting: MeetingNotice, *, removed: bool) -> str:
    """The sentence added to a PII notice when the message also had a meeting link that may not stay."""
    which = f"{_names(meeting.providers)} link"
    if removed:
        return f" The {which} was left out too: {reason_text(meeting)}. {_fix(meeting)}"
    return f" It also holds a {which} that may not stay: {reason_text(meeting)}."


def create_button() -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": CREATE_ACTION,
                "style": "primary",
                "text": {"type": "plain_text", "text": "Create a protected meeting"},
            }
        ],
    }


def meeting_modal(*, channel: str, thread_ts: str | None, topic: str = "") -> dict[str, Any]:
    topic_input: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": TOPIC_INPUT,
        "max_length": 200,
        "placeholder": {"type": "plain_text", "text": "East metro case conference"},
    }
    if topic:
        topic_input["initial_value"] = topic[:200]
    return {
        "type": "modal",
        "callback_id": MEETING_VIEW,
        "private_metadata": json.dumps({"channel": channel, "thread_ts": thread_ts}),
        "title": {"type": "plain_text", "text": "Protected meeting"},
        "submit": {"type": "plain_text", "text": "Create"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "casebot creates the meeting with a passcode and a waiting room, and posts the "
                    "join link in the channel. Use client IDs, never names, in the topic.",
                },
            },
            {
                "type": "input",
                "block_id": TOPIC_BLOCK,
                "label": {"type": "plain_text", "text": "Topic"},
                "element": topic_input,
            },
            {
                "type": "input",
                "block_id": WHEN_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "When"},
                "hint": {"type": "plain_text", "text": f"Empty for now; or {WHEN_HINT}"},
                "element": {"type": "plain_text_input", "action_id": WHEN_INPUT, "max_length": 40},
            },
        ],
    }


def _escape(text: str) -> str:
    """Slack mrkdwn: &, < and > are control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(created: CreatedMeeting, zone_name: str) -> str:
    if created.starts_at is None:
        return f"Starts now, for {created.minutes} minutes"
    epoch = int(created.starts_at.timestamp())
    fallback = created.starts_at.strftime("%Y-%m-%d %H:%M") + f" {zone_name}"
    return (
        f"Starts <!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>, for {created.minutes} minutes"
    )


def provider_label(created: CreatedMeeting) -> str:
    return PROVIDER_NAMES[Provider(created.provider.value)]


def meeting_post(
    *, created: CreatedMeeting, requester: str, topic: str, zone_name: str
) -> tuple[str, Blocks]:
    """The channel message: topic, time, join link (and the passcode when the link lacks it)."""
    name = provider_label(created)
    passcode = "" if created.passcode_in_link else f"\nPasscode: `{created.passcode}`"
    body = (
        f"*{_escape(topic)}*\n{_when(created, zone_name)}\n"
        f"<{created.join_url}|Join the {name} meeting>{passcode}"
    )
    text = f"<@{requester}> set up a passcode-protected {name} meeting: {_escape(topic)}"
    return text, [
        {"type": "section", "text": {"type": "mrkdwn", "text": body[:3000]}},
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"Set up by <@{requester}> with casebot. Passcode and waiting room are on: the "
                    "host admits each person. Share this link only in this channel.",
                }
            ],
        },
    ]
