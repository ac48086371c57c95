"""Block Kit for escalations: supervisors' DMs and App Home, requesters' private news, the Show modal.

Nothing here can show PII: a ``Card`` holds Slack IDs, client IDs, rule names and
codes. The only client details an escalation ever leads to are shown by the door,
in ``sharing_blocks.disclosure_view``, to the requester alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.oversight.suspicion import RULE_WORDS, Rule
from bot.ports.escalations import Card, Kind, News, Status
from bot.sharing.policy import PURPOSES
from bot.sharing.reveal import Approved
from handlers import sharing_blocks as sb

APPROVE_ACTION = "casebot_escalation_approve"
DENY_ACTION = "casebot_escalation_deny"
SUSPEND_ACTION = "casebot_escalation_suspend"
ACK_ACTION = "casebot_escalation_ack"
SHOW_ACTION = "casebot_escalation_show"
DECISION_ACTIONS = (APPROVE_ACTION, DENY_ACTION, SUSPEND_ACTION, ACK_ACTION)
SHOW_VIEW = "casebot_escalation_show_submit"

Blocks = list[dict[str, Any]]

REFUSAL_WORDS = {
    "needs_roi_or_mou": "no ROI naming their agency and no MOU",
    "needs_roi_share": "the client's ROI does not say Share",
    "creating_agency_only": "data only the creating agency may see",
    "not_entitled": "their agency is not entitled to this client's details",
    "client_protected": "the client is restricted or anonymous",
    "not_registered": "not a registered, active casebot user",
    "not_participating": "their agency is not participating",
    "slack_deactivated": "a deactivated Slack account",
    "slack_guest": "a Slack guest account",
    "slack_external": "an account from another organization (Slack Connect)",
    "external_request": "an external (legal or government) purpose",
    "unknown_purpose": "no business purpose given",
}

DECIDED_WORDS = {
    Status.APPROVED: "Approved once by <@{by}>: the requester can press Show once.",
    Status.RELEASED: "Approved once by <@{by}>, and used.",
    Status.DENIED: "Denied by <@{by}>.",
    Status.SUSPENDED: "Denied, and <@{who}>'s access suspended by <@{by}>.",
    Status.ACKNOWLEDGED: "Acknowledged by <@{by}>.",
    Status.WITHDRAWN: "Withdrawn: <@{who}>'s access ended.",
    Status.EXPIRED: "Expired: nobody answered in time.",
}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def _button(
    action: str, label: str, value: str, *, style: str | None = None, confirm: str | None = None
) -> dict:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action,
        "value": value,
        "text": {"type": "plain_text", "text": label},
    }
    if style:
        button["style"] = style
    if confirm:
        button["confirm"] = {
            "title": {"type": "plain_text", "text": "Are you sure?"},
            "text": {"type": "plain_text", "text": confirm},
            "confirm": {"type": "plain_text", "text": label},
            "deny": {"type": "plain_text", "text": "Cancel"},
        }
    return button


def clients_text(client_ids: tuple[str, ...]) -> str:
    return ", ".join(f"Client {c}" for c in client_ids) if client_ids else "none"


def rule_text(rule: str) -> str:
    try:
        return f"`{rule}`: {RULE_WORDS[Rule(rule)]}"
    except ValueError:
        return f"`{rule}`"


def evidence_text(detail: Mapping[str, Any]) -> str:
    """Rule evidence in words: counts, codes and times only (that is all ``detail`` ever holds)."""
    parts: list[str] = []
    if "reveals" in detail:
        parts.append(f"{detail['reveals']} reveal requests in {detail.get('window_minutes', '?')} minutes")
    if detail.get("terms"):
        source = " in a direct message to casebot" if detail.get("source") == "direct_message" else ""
        parts.append(f"legal or external-request language{source}: {', '.join(map(str, detail['terms']))}")
    if "local_time" in detail:
        parts.append(
            f"asked at {detail['local_time']} ({detail.get('timezone')}); hours {detail.get('hours')}"
        )
    if "reason" in detail:
        parts.append(f"casebot refused it: {REFUSAL_WORDS.get(str(detail['reason']), detail['reason'])}")
    if "failures" in detail:
        parts.append(f"{detail['failures']} wrong codes in a row; verification locked")
    if detail.get("kinds"):
        where = f" in <#{detail['channel']}>" if detail.get("channel") else ""
        what = f"a shared file ({detail['file']})" if detail.get("file") else "a message"
        parts.append(
            f"{what}{where} holding {', '.join(map(str, detail['kinds']))} could not be deleted "
            f"({detail.get('delete_error', 'unknown')})"
        )
    if detail.get("restored"):
        who = "an HMIS admin" if detail.get("by_admin") else "the poster"
        what = "a shared file" if detail.get("file") else "a redacted message"
        left = f"; {detail['still_hidden']} still hidden" if detail.get("still_hidden") else ""
        parts.append(
            f"{who} put {', '.join(map(str, detail['restored']))} back into {what} in "
            f"<#{detail.get('channel', '?')}>{left}"
        )
    return "; ".join(parts)


def card_text(card: Card) -> str:
    what = "Held request" if card.kind is Kind.HELD else "casebot notice"
    return f"{what} #{card.id} about <@{card.requester}>: {', '.join(card.rules)}"


def card_lines(card: Card) -> str:
    lines = [f"*Who:* <@{card.requester}>" + (f" ({card.agency})" if card.agency else " (no agency)")]
    if card.client_ids:
        lines.append(f"*Clients:* {clients_text(card.client_ids)}")
    if card.purpose:
        lines.append(f"*Purpose:* {PURPOSES.get(card.purpose, card.purpose)}")
    lines.append("*Rule:* " + "; ".join(rule_text(r) for r in card.rules))
    evidence = evidence_text(card.detail)
    if evidence:
        lines.append(f"*Evidence:* {evidence}")
    return "\n".join(lines)


def _card_buttons(card: Card) -> dict[str, Any]:
    value = str(card.id)
    suspend = _button(
        SUSPEND_ACTION,
        "Suspend user",
        value,
        style="danger",
        confirm=f"<@{card.requester}> loses casebot access until an HMIS admin restores it.",
    )
    if card.kind is Kind.HELD:
        elements = [
            _button(APPROVE_ACTION, "Approve once", value, style="primary"),
            _button(DENY_ACTION, "Deny", value),
            suspend,
        ]
    else:
        elements = [_button(ACK_ACTION, "Acknowledge", value), suspend]
    return {"type": "actions", "block_id": f"escalation_{card.id}", "elements": elements}


def decided_text(card: Card) -> str:
    template = DECIDED_WORDS.get(card.status, "Closed.")
    return template.format(by=card.decided_by or "casebot", who=card.requester)


def card_blocks(card: Card) -> Blocks:
    """A supervisor's DM: the context, the buttons while pending, who decided once decided."""
    intro = (
        "casebot is holding this request until a supervisor answers. Nothing has been shown."
        if card.kind is Kind.HELD
        else "For your information: nothing is waiting, but you may want to follow up."
    )
    blocks: Blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": card_text(card)[:150]}},
        _section(intro),
        _section(card_lines(card)),
    ]
    notes = [f"Opened {card.opened_at:%Y-%m-%d %H:%M} UTC."]
    if card.to_lead:
        notes.append("Sent to you as HMIS lead: no supervisor answered in time.")
    if card.kind is Kind.HELD:
        notes.append(
            "*Approve once* lets the requester see this client once; casebot still checks their "
            "verification and what their agency may see."
        )
    if card.approve_needs_admin:
        notes.append("Legal or external-request language: only an HMIS admin can approve.")
    blocks.append(_context(" ".join(notes)))
    if card.pending:
        blocks.append(_card_buttons(card))
    else:
        blocks.append(_section(f"*{decided_text(card)}*"))
    return blocks


NEWS_WORDS = {
    "approved": "<@{by}> approved your request for {clients} once. Press *Show* to see it: casebot will "
    "check your verification and what your agency may see, as always.",
    "denied": "Your request for {clients} was denied by a supervisor (<@{by}>). Talk to your supervisor "
    "if you need it.",
    "suspended": "Your casebot access has been suspended by <@{by}>. Talk to your supervisor or your "
    "HMIS admin.",
    "expired": "Your request for {clients} was not answered in time and has lapsed. Ask again, or talk "
    "to your supervisor.",
    "withdrawn": "Your request for {clients} was withdrawn because your access ended.",
    "legal_dm": "casebot does not answer requests for client information from police, courts, "
    "immigration or other outside agencies. Your HMIS lead has been told and will follow up. "
    "Please do not send client details here.",
}


def news_text(news: News) -> str:
    template = NEWS_WORDS.get(news.outcome, "Your request #{id} was closed.")
    return template.format(
        by=news.by or "casebot", clients=clients_text(news.client_ids), id=news.escalation_id
    )


def news_blocks(news: News) -> Blocks:
    blocks: Blocks = [_section(news_text(news))]
    if news.outcome == "approved":
        blocks.append(
            {
                "type": "actions",
                "block_id": f"show_{news.escalation_id}",
                "elements": [_button(SHOW_ACTION, "Show", str(news.escalation_id), style="primary")],
            }
        )
    return blocks


def render(content: Card | News) -> tuple[str, Blocks]:
    """Notification text and blocks for a DM."""
    if isinstance(content, Card):
        return card_text(content), card_blocks(content)
    return news_text(content), news_blocks(content)


def home_blocks(cards: list[Card]) -> Blocks:
    """The App Home section supervisors and HMIS admins see: what is waiting for them."""
    if not cards:
        return []
    blocks: Blocks = [
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": f"Waiting for you ({len(cards)})"}},
    ]
    for card in cards:
        blocks.append(_section(f"*#{card.id}* · {card_lines(card)}"))
        blocks.append(_card_buttons(card))
    return blocks[:90]


DECISION_ANSWERS = {
    "unknown": "casebot has no such escalation.",
    "not_allowed": "Only a supervisor of the requester's agency or an HMIS admin can answer this.",
    "own_request": "You cannot answer an escalation about yourself.",
    "invalid": "That button does not apply to this escalation.",
    "admin_only": "Only an HMIS admin can do this for this escalation.",
    "not_a_user": "<@{who}> is not a casebot user: there is no access to suspend. Deny or acknowledge it.",
    "not_verified": "Verify first: answering an escalation needs a verified session. Type the code from your "
    "authenticator, then press the button again.",
    "unavailable": "casebot cannot check verification right now (a service is down). Nothing was decided; "
    "try again in a minute.",
}


def decision_answer(
    outcome: str, *, card_status: Status | None, decided_by: str | None, requester: str = ""
) -> str:
    """What the person who pressed a button is told privately."""
    if outcome == "already_decided":
        if decided_by:
            return f"Already decided by <@{decided_by}> ({card_status or 'closed'})."
        return f"Already closed ({card_status or 'closed'})."
    if outcome == "done":
        return "Done: " + {
            Status.APPROVED: "approved once. The requester has been told they can press Show.",
            Status.DENIED: "denied. The requester has been told privately.",
            Status.SUSPENDED: "the requester's casebot access is suspended until an HMIS admin restores it "
            "(`casebot user restore`).",
            Status.ACKNOWLEDGED: "acknowledged.",
        }.get(card_status or Status.ACKNOWLEDGED, "recorded.")
    return DECISION_ANSWERS.get(outcome, "casebot could not record that.").format(who=requester)


def show_view(approved: Approved, *, with_code: bool) -> dict[str, Any]:
    """The Show modal: a code when the requester has no live session, then the door does the rest."""
    blocks: Blocks = [
        _section(
            f"<@{approved.approver}> approved your request for *Client {approved.client_id}* once "
            f"({PURPOSES.get(approved.purpose, approved.purpose)}). Only you will see the details."
        )
    ]
    if with_code:
        blocks.append(
            {
                "type": "input",
                "block_id": sb.CODE_BLOCK,
                "label": {"type": "plain_text", "text": "Code from your authenticator app"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": sb.CODE_INPUT,
                    "min_length": 6,
                    "max_length": 7,
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": SHOW_VIEW,
        "title": {"type": "plain_text", "text": "Client details"},
        "submit": {"type": "plain_text", "text": "Show"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": blocks,
        "private_metadata": str(approved.escalation_id),
        "clear_on_close": True,
        "notify_on_close": False,
    }
