"""Block Kit for everything casebot says in Slack. Plain words; kinds of PII, never values."""

from __future__ import annotations

from typing import Any

from bot.oversight.audit_service import Disclosure
from bot.people.home import PersonStatus
from bot.ports.slack import Notice
from handlers import meeting_blocks

RESTORE_ACTION = "casebot_restore"

KIND_WORDS = {
    "NAME": "a client's name",
    "SSN": "a Social Security number",
    "DOB": "a date of birth",
    "PHONE": "a phone number",
    "EMAIL": "an email address",
    "ADDRESS": "a street address",
    "HEALTH": "health information",
}

Blocks = list[dict[str, Any]]


def kinds_in_words(kinds: tuple[str, ...]) -> str:
    words = [KIND_WORDS.get(k, "personal information") for k in kinds]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def attributed(poster: str, text: str) -> str:
    return f"<@{poster}> wrote: {text}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _restore_button(restore_id: str, *, whole_file: bool = False) -> dict[str, Any]:
    """A message's button opens the choice of words to put back (``handlers.restore_blocks``); a file
    can only go back whole, so its button asks first."""
    button: dict[str, Any] = {
        "type": "button",
        "action_id": RESTORE_ACTION,
        "value": restore_id,
        "text": {"type": "plain_text", "text": "Restore original" if whole_file else "Restore words…"},
    }
    if whole_file:
        button["confirm"] = {
            "title": {"type": "plain_text", "text": "Restore the original?"},
            "text": {
                "type": "plain_text",
                "text": "Only if casebot was wrong: the original file goes back into the channel as shared.",
            },
            "confirm": {"type": "plain_text", "text": "Restore"},
            "deny": {"type": "plain_text", "text": "Keep it removed"},
        }
    return {"type": "actions", "elements": [button]}


def repost_blocks(*, poster: str, text: str, restore_id: str | None) -> Blocks:
    blocks: Blocks = [
        _section(attributed(poster, text)),
        _context("casebot replaced client details with client IDs. Use client IDs in this channel."),
    ]
    if restore_id:
        blocks.append(_restore_button(restore_id))
    return blocks


def restored_blocks(*, poster: str, text: str, restore_id: str | None) -> Blocks:
    """The re-post after a restore; ``restore_id`` while some words stay hidden."""
    if restore_id is None:
        return [
            _section(attributed(poster, text)),
            _context("Restored: casebot's redaction was a false positive."),
        ]
    return [
        _section(attributed(poster, text)),
        _context("Partly restored: the poster marked some words as not client data; the rest stay hidden."),
        _restore_button(restore_id),
    ]


LATE = "casebot found this message late (it was posted while casebot was not listening). "


def notice_text(notice: Notice) -> str:
    late = LATE if notice.late else ""
    if notice.meeting is None:
        return late + _pii_notice_text(notice)
    if not notice.kinds:
        return late + meeting_blocks.notice_text(notice)
    return late + _pii_notice_text(notice) + meeting_blocks.also_text(notice.meeting, removed=notice.removed)


def _pii_notice_text(notice: Notice) -> str:
    kinds = kinds_in_words(notice.kinds)
    ids = f" ({', '.join('Client ' + c for c in notice.client_ids)})" if notice.client_ids else ""
    if notice.subject == "file":
        return _file_notice_text(notice, kinds=kinds, ids=ids)
    if not notice.removed:
        return (
            f"Your message holds client PII ({kinds}) and casebot could not remove it "
            f"({_reason(notice.reason)}). Please delete it now and post it again using client IDs."
        )
    if notice.public_channel:
        return (
            f"casebot removed your message because it held client PII ({kinds}). This channel is public, "
            "so it was not re-posted. Do not discuss clients here."
        )
    text = (
        f"casebot removed your message and re-posted it with {kinds} replaced{ids}. Client PII must not "
        "be posted in case-conference channels, even private ones: refer to people by client ID."
    )
    if notice.restore_id:
        text += (
            f" If casebot hid words that are not client data, you can put them back within "
            f"{notice.restore_minutes} minutes (*Restore words…*); a client's SSN, date of birth or contact "
            "details only an HMIS admin can. Until then the original is kept encrypted, then deleted."
        )
    return text


SECURE_IMPORT = (
    "To share a by-name list, use the secure by-name-list import instead: your HMIS admin loads it with "
    "`casebot bnl import`, and a coordinator posts it here with client IDs using `/bnl post`."
)
UNREADABLE_REASONS = {
    "password_protected": "it is password protected",
    "corrupt": "it is damaged or not what its name says",
    "too_large": "it is larger than casebot reads",
    "unknown_type": "casebot does not read files of this kind",
    "ocr_timeout": "reading the text in the picture took too long",
    "ocr_unavailable": "text recognition is not installed on the casebot server",
    "too_many_members": "the archive holds too many files",
    "too_deep": "it holds archives inside archives",
    "too_many_cells": "it holds more cells than casebot reads",
    "too_many_pages": "it has more pages than casebot reads",
    "download_failed": "casebot could not download it",
}


def _file_notice_text(notice: Notice, *, kinds: str, ids: str) -> str:
    if notice.unscanned:
        why = UNREADABLE_REASONS.get(notice.reason or "", "casebot could not read it")
        if notice.removed:
            return (
                f"casebot removed the file you shared because it could not check it for client PII ({why}). "
                "A file no one can check may not stay in a case-conference channel. " + SECURE_IMPORT
            )
        if notice.reason in UNREADABLE_REASONS:
            return (
                f"casebot could not check the file you shared for client PII ({why}). If it holds names, "
                "dates of birth, SSNs or contact details of clients, delete it. " + SECURE_IMPORT
            )
        return (
            "casebot could not check the file you shared for client PII and could not remove it "
            f"({_reason(notice.reason)}). Please delete it now if it holds client details. " + SECURE_IMPORT
        )
    more = f" and {notice.more_clients} more" if notice.more_clients else ""
    ids = f" ({', '.join('Client ' + c for c in notice.client_ids)}{more})" if notice.client_ids else ""
    if not notice.removed:
        return (
            f"The file you shared holds client PII ({kinds}{ids}) and casebot could not remove it "
            f"({_reason(notice.reason)}). Please delete it now. " + SECURE_IMPORT
        )
    text = f"The file you shared held client PII ({kinds}{ids}), so casebot removed it."
    if notice.copy_posted:
        text += (
            " It posted a de-identified copy in its place: names replaced by client IDs, DOB, SSN, phone, "
            "email and address cells blank, the other columns as they were."
        )
    elif notice.public_channel:
        text += " This channel is public, so nothing was re-posted. Do not discuss clients here."
    text += " " + SECURE_IMPORT
    if notice.restore_id:
        text += (
            " If casebot got it wrong, you can restore the original within "
            f"{notice.restore_minutes} minutes; until then it is kept encrypted, then deleted."
        )
    return text


def _reason(reason: str | None) -> str:
    if reason == "no_admin_token":
        return "no workspace admin token is configured"
    return f"Slack said {reason or 'no'}"


def notice_blocks(notice: Notice) -> Blocks:
    blocks: Blocks = [_section(notice_text(notice))]
    if notice.restore_id:
        blocks.append(_restore_button(notice.restore_id, whole_file=notice.subject == "file"))
    if notice.meeting is not None and notice.meeting.offer_meeting:
        blocks.append(meeting_blocks.create_button())
    return blocks


def home_view(status: PersonStatus) -> dict[str, Any]:
    if status.registered:
        lines = [
            f"*Agency:* {status.agency}",
            f"*Role:* {status.role}{'' if status.active else ' (deactivated)'}",
            f"*Verification:* {status.verification}",
        ]
        intro = "casebot knows you as a member of a participating agency."
    else:
        lines = [f"*Verification:* {status.verification}"]
        intro = (
            "casebot does not know you yet. Ask your HMIS admin to register you "
            f"(`casebot user add {status.slack_user_id} --agency AGENCY`) before you can see client details."
        )
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "casebot"}},
            _section(intro),
            _section("\n".join(lines)),
            *_verification_buttons(status),
            _context(
                f"casebot watches {status.case_conference_channels} case-conference channel(s): it replaces "
                "client names, dates of birth, SSNs, contact details and health information with client IDs."
            ),
        ],
    }


def _verification_buttons(status: PersonStatus) -> Blocks:
    """Set up verification (once), or verify now: the step-up asked for before client details."""
    if not (status.registered and status.active):
        return []
    action, label = (
        ("casebot_verify", "Verify now") if status.enrolled else ("casebot_enroll", "Set up verification")
    )
    return [
        {
            "type": "actions",
            "elements": [
                {"type": "button", "action_id": action, "text": {"type": "plain_text", "text": label}}
            ],
        }
    ]


def help_text() -> str:
    return (
        "casebot keeps client PII out of case-conference channels: it replaces names, dates of birth, "
        "SSNs, phone numbers, emails, addresses and health information with client IDs, and tells you "
        "privately what it changed.\n`/casebot status` shows what casebot knows about you.\n"
        "`/casebot report` tells your supervisor and the HMIS lead about a phishing attempt, a suspicious "
        "request, a suspected breach or a lost device.\n"
        "`/casebot meeting TOPIC [WHEN]` creates a passcode-protected meeting with a waiting room and posts "
        "its join link in the case-conference channel.\n"
        "HMIS admins: `/casebot audit client CLIENT_ID` lists who was shown that client's data; "
        "`/casebot anonymize CLIENT_ID` de-identifies a client (verified admins)."
    )


def status_text(status: PersonStatus) -> str:
    if not status.registered:
        return "You are not registered with casebot. Ask your HMIS admin to add you."
    return f"Agency: {status.agency}. Role: {status.role}. Verification: {status.verification}."


def accounting_text(*, client_id: str, rows: list[Disclosure]) -> str:
    """A client's accounting of disclosures: IDs, agencies, field names, purposes. Never the data itself."""
    if not rows:
        return f"No disclosures of client {client_id} are recorded."
    lines = [f"Disclosures of client {client_id} ({len(rows)}):"]
    for r in rows[-50:]:
        lines.append(
            f"• {r.occurred_at:%Y-%m-%d %H:%M} UTC <@{r.recipient}> ({r.agency}): {r.fields}; "
            f"purpose {r.purpose}; basis {r.basis}; via {r.delivery}"
        )
    if len(rows) > 50:
        lines.append(f"(the last 50 of {len(rows)}; `casebot audit client {client_id} --csv` has them all)")
    return "\n".join(lines)
