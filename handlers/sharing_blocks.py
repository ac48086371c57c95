"""Block Kit for verified sharing: enrollment and step-up modals, the reveal modal, posted by-name lists.

PII appears in exactly one place here, ``disclosure_view``: a modal only the
requester sees. The TOTP URI appears only in ``enrollment_view``, once.
"""

from __future__ import annotations

from typing import Any

from bot.ports.disclosure import Revealed
from bot.ports.listing import Listing
from bot.sharing import identity
from bot.sharing.identity import Verify
from bot.sharing.policy import PURPOSES
from handlers import sharing_blocks as sb

ENROLL_ACTION = "casebot_enroll"
VERIFY_ACTION = "casebot_verify"
REVEAL_ACTION = "casebot_reveal"
ENROLL_VIEW = "casebot_enroll_submit"
VERIFY_VIEW = "casebot_verify_submit"
REVEAL_VIEW = "casebot_reveal_submit"
CODE_BLOCK, CODE_INPUT = "totp_code", "code"
PURPOSE_BLOCK, PURPOSE_INPUT = "purpose", "purpose"
NOTE_BLOCK, NOTE_INPUT = "note", "note"

FIELD_LABELS = {
    "name": "Name",
    "dob": "Date of birth",
    "ssn": "SSN",
    "gender": "Gender",
    "demographics": "Demographics",
    "contact": "Contact",
    "services": "Services",
}

REASONS = {
    "not_registered": "casebot does not know you as an active member of a participating agency. "
    "Ask your HMIS admin.",
    "not_enrolled": "Set up verification first: open casebot's Home tab and press *Set up verification*.",
    "not_verified": "Your verified session has ended. Verify again with a code from your authenticator.",
    "slack_unavailable": "casebot could not confirm your Slack account just now. Try again in a minute.",
    "slack_deactivated": "Your Slack account is deactivated.",
    "slack_guest": "Guest accounts cannot see client details.",
    "slack_external": "Accounts from other organizations (Slack Connect) cannot see client details.",
    "unknown_client": "There is no client with that ID on the by-name list.",
    "client_protected": "This client's record is anonymous or restricted: casebot has no details to share.",
    "needs_roi_or_mou": "Your agency needs the client's release of information (ROI) or an MOU with the "
    "agency that holds this data.",
    "needs_roi_share": "The client's release of information does not say Share.",
    "creating_agency_only": "Only the agency that created this data can see it.",
    "not_participating": "Your agency is not a participating agency.",
    "unknown_purpose": "Choose a business purpose from the list.",
    "external_request": "casebot does not answer requests from police, courts, immigration or other "
    "government agencies. Send them to the HMIS lead.",
    "not_entitled": "Your agency is not entitled to any of this client's details.",
    "nothing_held": "casebot holds no details for this client.",
    "client_shredded": "This client's data was destroyed.",
    "unavailable": "casebot cannot check verification right now (a service is down). Nothing was shown.",
    "locked": "Too many wrong codes: verification is locked for a while. Your HMIS admin has been told.",
    "held_for_review": "casebot has asked a supervisor to look at this request first. You will get a "
    "direct message when they answer.",
    "checks_unavailable": "casebot cannot run its safety checks right now (a service is down). Nothing was "
    "shown; try again in a few minutes.",
    "approval_not_found": "There is no approved request of yours waiting to be shown.",
    "approval_used": "That approval was for one look, and it has been used.",
    "approval_expired": "That approval has lapsed. Ask again if you still need this client's details.",
}


def reason_text(reason: str) -> str:
    return REASONS.get(reason, "casebot could not share this client's details.")


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150]}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _modal(
    title: str,
    blocks: list[dict[str, Any]],
    *,
    callback: str | None = None,
    submit: str | None = None,
    metadata: str = "",
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "title": _plain(title[:24]),
        "close": _plain("Close"),
        "blocks": blocks,
        "private_metadata": metadata,
        "clear_on_close": True,
        "notify_on_close": False,
    }
    if callback:
        view["callback_id"] = callback
    if submit:
        view["submit"] = _plain(submit)
    return view


def _code_input(label: str = "Code from your authenticator app") -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": CODE_BLOCK,
        "label": _plain(label),
        "element": {
            "type": "plain_text_input",
            "action_id": CODE_INPUT,
            "min_length": 6,
            "max_length": 7,
            "placeholder": _plain("123456"),
        },
    }


def enrollment_view(uri: str, *, qr_url: str | None = None) -> dict[str, Any]:
    """The one time the secret is shown: in this modal, as an otpauth:// URI (and a one-time QR image)."""
    picture = [{"type": "image", "image_url": qr_url, "alt_text": "QR code for your authenticator app"}]
    return _modal(
        "Set up verification",
        [
            _section(
                "Add casebot to your authenticator app (Google Authenticator, Microsoft Authenticator, "
                "1Password…): scan the code, or choose *enter a setup key* or *add by link* and use this "
                "link. It is shown only now; casebot keeps it encrypted."
            ),
            *(picture if qr_url else []),
            _section(f"```{uri}```"),
            _code_input("Type the 6-digit code the app shows now"),
        ],
        callback=ENROLL_VIEW,
        submit="Confirm",
    )


def message_view(title: str, text: str) -> dict[str, Any]:
    return _modal(title, [_section(text)])


def verify_view() -> dict[str, Any]:
    return _modal("Verify", [_code_input()], callback=VERIFY_VIEW, submit="Verify")


def reveal_view(*, client_id: str, with_code: bool) -> dict[str, Any]:
    """Ask for the purpose (and a code when the person is not verified) before anything is shown."""
    blocks: list[dict[str, Any]] = [
        _section(
            f"Show the details of *Client {client_id}* that your agency may see. Only you will see them."
        ),
        {
            "type": "input",
            "block_id": PURPOSE_BLOCK,
            "label": _plain("Why do you need them?"),
            "element": {
                "type": "static_select",
                "action_id": PURPOSE_INPUT,
                "options": [{"text": _plain(label), "value": key} for key, label in PURPOSES.items()],
            },
        },
    ]
    blocks.append(
        {
            "type": "input",
            "block_id": NOTE_BLOCK,
            "optional": True,
            "label": _plain("Anything else about this request? (optional)"),
            "hint": _plain("Who asked, or why. Do not type client details here."),
            "element": {"type": "plain_text_input", "action_id": NOTE_INPUT, "max_length": 500},
        }
    )
    if with_code:
        blocks.append(_code_input())
    return _modal("Client details", blocks, callback=REVEAL_VIEW, submit="Show", metadata=client_id)


def working_view(client_id: str) -> dict[str, Any]:
    return message_view("Client details", f"Checking what you may see of Client {client_id}…")


def disclosure_view(revealed: Revealed, *, note: str | None = None) -> dict[str, Any]:
    lines = [f"*{FIELD_LABELS.get(k, k)}:* {v}" for k, v in revealed.values.items()]
    blocks = [
        _section(f"*Client {revealed.client_id}*"),
        _section("\n".join(lines)),
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"Purpose: {PURPOSES.get(revealed.purpose, revealed.purpose)}. This was recorded "
                    "in the audit log. Do not copy these details into Slack.",
                }
            ],
        },
    ]
    if revealed.withheld:
        blocks.append(
            _section("Not shown (your agency is not entitled): " + ", ".join(sorted(revealed.withheld)))
        )
    if note:
        blocks.insert(0, _section(note))
    return _modal("Client details", blocks)


def refusal_view(*, client_id: str, reason: str) -> dict[str, Any]:
    return message_view("Client details", f"Nothing shown for Client {client_id}. {reason_text(reason)}")


REVEAL_BUTTON_LABEL = "Reveal"


def listing_text(listing: Listing) -> str:
    return f"By-name list {listing.name} ({listing.total} clients, revision {listing.revision})"


def listing_blocks(listing: Listing) -> list[dict[str, Any]]:
    """Client IDs and list fields, one row each with a Reveal button. Never a name or a date of birth."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": _plain(f"By-name list: {listing.name}")},
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"{listing.total} clients · revision {listing.revision} · updates in place when "
                    "the list changes · *Reveal* shows details only to you, if your agency may see them",
                }
            ],
        },
    ]
    for row in listing.rows:
        parts = [f"*Client {row.client_id}*", f"status {row.status.replace('_', ' ')}"]
        if row.priority is not None:
            parts.append(f"priority {row.priority}")
        if row.score is not None:
            parts.append(f"score {row.score}")
        if row.agency:
            parts.append(f"agency {row.agency}")
        if row.last_contact:
            parts.append(f"last contact {row.last_contact.isoformat()}")
        blocks.append(
            {
                "type": "section",
                "block_id": f"bnl_{row.client_id}",
                "text": {"type": "mrkdwn", "text": " · ".join(parts)},
                "accessory": {
                    "type": "button",
                    "action_id": REVEAL_ACTION,
                    "value": row.client_id,
                    "text": _plain(REVEAL_BUTTON_LABEL),
                },
            }
        )
    if listing.total > len(listing.rows):
        blocks.append(
            _section(
                f"{listing.total - len(listing.rows)} more: use `/bnl lookup CLIENT_ID`, or ask the "
                "coordinator for the encrypted export."
            )
        )
    return blocks


def bnl_help() -> str:
    return (
        "`/bnl post NAME` posts the by-name list NAME here, de-identified (coordinators).\n"
        "`/bnl lookup CLIENT_ID` shows one client's details to you, if your agency may see them."
    )


POST_REASONS = {
    "not_coordinator": "Only coordinators, supervisors and HMIS admins can post a by-name list.",
    "not_case_conference_channel": "This is not a registered case-conference channel.",
    "no_such_list": "There is no by-name list with that name (`casebot bnl list`).",
}


CODE_ERRORS = {
    Verify.WRONG_CODE: "That code is not right. Check the clock on your phone and try the current code.",
    Verify.REPLAYED: "That code was already used. Wait for the next code and type it.",
    Verify.LOCKED: sb.reason_text("locked"),
    Verify.UNAVAILABLE: sb.reason_text("unavailable"),
    Verify.NOT_ENROLLED: sb.reason_text("not_enrolled"),
    Verify.ALREADY_ENROLLED: "You are already set up. Lost your phone? Ask your HMIS admin for a reset.",
    Verify.NOT_ALLOWED: sb.reason_text("not_registered"),
}


def code_error(result: identity.VerifyResult) -> str:
    text = CODE_ERRORS.get(result.outcome, "Verification failed.")
    if result.failures_left is not None and result.outcome in (Verify.WRONG_CODE, Verify.REPLAYED):
        text += f" {result.failures_left} tries left before verification locks."
    return text
