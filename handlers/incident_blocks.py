"""Block Kit and text for the incident register: the report modal, and what HMIS admins see.

Free text shown here is the redacted, stored text, and only to an HMIS admin
(ephemeral). Text from people is escaped so it cannot mention a channel or
forge a link.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.oversight.incidents import MAX_TEXT, REPORT_CATEGORIES, Detail, Summary

REPORT_VIEW = "casebot_report_submit"
CATEGORY_BLOCK, CATEGORY_INPUT = "incident_category", "category"
DESCRIPTION_BLOCK, DESCRIPTION_INPUT = "incident_description", "description"
CLIENT_BLOCK, CLIENT_INPUT = "incident_client", "client_id"
# bot.oversight.incidents.IncidentError.field -> the input block that shows the error
BLOCK_OF_FIELD = {"category": CATEGORY_BLOCK, "description": DESCRIPTION_BLOCK, "client_id": CLIENT_BLOCK}
LIST_LIMIT = 20


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def escape(text: str) -> str:
    """Slack mrkdwn control characters, so a typed ``<!channel>`` or link stays plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def report_view() -> dict[str, Any]:
    options = [
        {"text": _plain(words.capitalize()), "value": code} for code, words in REPORT_CATEGORIES.items()
    ]
    return {
        "type": "modal",
        "callback_id": REPORT_VIEW,
        "title": _plain("Report an incident"),
        "submit": _plain("Report"),
        "close": _plain("Cancel"),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Your agency's supervisor and the HMIS lead will be told that you reported "
                    "something; they read the details in casebot. Refer to clients by their client ID, "
                    "never by name: casebot removes personal details it finds before storing your words.",
                },
            },
            {
                "type": "input",
                "block_id": CATEGORY_BLOCK,
                "label": _plain("What kind of incident"),
                "element": {"type": "static_select", "action_id": CATEGORY_INPUT, "options": options},
            },
            {
                "type": "input",
                "block_id": DESCRIPTION_BLOCK,
                "label": _plain("What happened"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": DESCRIPTION_INPUT,
                    "multiline": True,
                    "max_length": MAX_TEXT,
                },
            },
            {
                "type": "input",
                "block_id": CLIENT_BLOCK,
                "optional": True,
                "label": _plain("Client ID, if a client is involved"),
                "hint": _plain("The client ID from the by-name list only, never a name."),
                "element": {"type": "plain_text_input", "action_id": CLIENT_INPUT, "max_length": 32},
            },
        ],
    }


def reported_text(*, incident_id: int, redacted_kinds: tuple[str, ...]) -> str:
    text = (
        f"Thank you. Incident #{incident_id} is recorded, and your supervisor and the HMIS lead "
        "have been told."
    )
    if redacted_kinds:
        text += f" casebot removed personal details ({', '.join(redacted_kinds)}) before storing it."
    return text


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else ""


def _who(actor: str) -> str:
    return f"<@{actor}>" if actor[:1] in ("U", "W") and actor.isalnum() else escape(actor)


def _line(s: Summary) -> str:
    line = f"• *#{s.id}* {escape(s.label)}, reported by {_who(s.reported_by)}"
    if s.agency:
        line += f" ({escape(s.agency)})"
    line += f", {_when(s.opened_at)}"
    if s.client_ids:
        line += f"; clients {', '.join(s.client_ids)}"
    return line


def open_list_text(rows: list[Summary]) -> str:
    if not rows:
        return "No open incidents."
    lines = [f"Open incidents ({len(rows)}):"] + [_line(s) for s in rows[:LIST_LIMIT]]
    if len(rows) > LIST_LIMIT:
        lines.append(f"…and {len(rows) - LIST_LIMIT} more: `casebot incidents list --open`")
    lines.append("`/casebot incidents show N` for one; `/casebot incidents close N what was done` to close.")
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def detail_text(detail: Detail) -> str:
    s = detail.summary
    lines = [
        f"*Incident #{s.id}*: {escape(s.label)} ({'open' if s.is_open else 'closed'})",
        f"Opened {_when(s.opened_at)} by {_who(s.reported_by)}"
        + (f" ({escape(s.agency)})" if s.agency else ""),
    ]
    if s.client_ids:
        lines.append(f"Client IDs: {', '.join(s.client_ids)}")
    if s.summary_codes:
        lines.append(f"Codes: {', '.join(s.summary_codes)}")
    if detail.description:
        lines += ["*Description* (personal details removed):", _quoted(detail.description)]
    for note in detail.notes:
        lines += [f"*Note* {_when(note.created_at)} by {_who(note.author)}:", _quoted(note.text)]
    if not s.is_open:
        lines += [
            f"*Closed* {_when(s.closed_at)} by {_who(detail.closed_by or '')}. Corrective action:",
            _quoted(detail.corrective_action or ""),
        ]
    return "\n".join(lines)


def incidents_help() -> str:
    return (
        "`/casebot incidents` lists open incidents; `/casebot incidents show N`; "
        "`/casebot incidents note N text`; `/casebot incidents close N what was done` "
        "(the corrective action is required). HMIS admins only. Anyone registered can `/casebot report`."
    )
