"""Block Kit for the monthly report in an HMIS admin's App Home: the month's headline figures and the
*Send me the report* button. Counts only: the figures are IDs and counts by construction."""

from __future__ import annotations

from typing import Any

from bot.reports.delivery import Headline

SEND_REPORT_ACTION = "casebot_report_send"


def headline_blocks(headline: Headline | None) -> list[dict[str, Any]]:
    if headline is None:
        return []
    h = headline
    fields = [
        ("Messages redacted", h.redacted),
        ("Files removed", h.files_removed),
        ("Disclosures", h.disclosures),
        ("Refusals", h.refusals),
        ("Escalations", h.escalations),
        ("Incidents open", h.open_incidents),
        ("Offboarding over 24 h", h.late_offboarding),
    ]
    return [
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Privacy and security report"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": h.coverage}]},
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": f"*{label}*\n{value:,}"} for label, value in fields],
        },
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": SEND_REPORT_ACTION,
                    "text": {"type": "plain_text", "text": "Send me the report"},
                    "value": "month_to_date",
                }
            ],
        },
    ]


def sent_text(ok: bool) -> str:
    if ok:
        return "The privacy and security report (PDF) is in your DMs with casebot."
    return "The report could not be sent; try again, or run `casebot report monthly` on the server."
