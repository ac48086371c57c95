"""The modal of *Restore words…*: the spans a re-post hides, to tick the ones that are not client data.

Only the person who clicked sees a modal. The hidden words are in it only when that person is the
poster (``Choice.words``); an HMIS admin sees each span's number in the re-post, its kind and client
ID. Spans the clicker may not put back are listed, not offered.
"""

from __future__ import annotations

from typing import Any

from bot.channels.restore import Choice, Choices

VIEW = "casebot_restore_spans"
BLOCK = "restore_spans_{}"  # one checkbox group per ten spans (Slack's limit per group)
INPUT = "spans"
TITLE = "Restore words"
MAX_SPANS = 100

KIND_NAMES = {
    "NAME": "Name",
    "SSN": "SSN",
    "DOB": "Date of birth",
    "PHONE": "Phone",
    "EMAIL": "Email",
    "ADDRESS": "Address",
    "HEALTH": "Health",
}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": False}


def _label(item: Choice) -> str:
    kind = KIND_NAMES.get(item.kind, item.kind)
    client = f" (Client {item.client_id})" if item.client_id else ""
    if item.words is None:
        return f"{item.index + 1}. {kind}{client}"
    words = " ".join(item.words.split())
    words = words if len(words) <= 50 else words[:49] + "…"
    return f"{item.index + 1}. {kind}: {words}{client}"[:75]


def choice_view(found: Choices) -> dict[str, Any]:
    offered = [i for i in found.items if i.allowed][:MAX_SPANS]
    withheld = [i for i in found.items if not i.allowed]
    intro = (
        "Tick what casebot hid by mistake. It goes back into the re-post; everything else stays hidden."
        if not found.by_admin
        else "As an HMIS admin you may put back any of these. The numbers are their places in the "
        "message below; the words are shown to the poster only."
    )
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": intro}}]
    if found.by_admin:
        blocks.append({"type": "section", "text": {"type": "plain_text", "text": found.preview[:2900]}})
    for group, start in enumerate(range(0, len(offered), 10)):
        blocks.append(
            {
                "type": "input",
                "block_id": BLOCK.format(group),
                "optional": True,
                "label": _plain("Put back" if group == 0 else "Also put back"),
                "element": {
                    "type": "checkboxes",
                    "action_id": INPUT,
                    "options": [
                        {"text": _plain(_label(item)), "value": str(item.index)}
                        for item in offered[start : start + 10]
                    ],
                },
            }
        )
    if withheld:
        names = ", ".join(_label(i) for i in withheld)
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"Only an HMIS admin can put back {names}: the message is about a client "
                        "on the by-name list.",
                    }
                ],
            }
        )
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": VIEW,
        "private_metadata": found.restore_id,
        "title": _plain(TITLE),
        "close": _plain("Cancel"),
        "clear_on_close": True,
        "blocks": blocks,
    }
    if offered:
        view["submit"] = _plain("Put back")
    return view


def chosen(view: dict[str, Any]) -> list[int]:
    """The ticked span indices; anything that is not a small number is dropped."""
    values = (view.get("state") or {}).get("values") or {}
    picked: list[int] = []
    for block_id, inputs in values.items():
        if not str(block_id).startswith("restore_spans_"):
            continue
        for option in (inputs.get(INPUT) or {}).get("selected_options") or []:
            value = str(option.get("value") or "")
            if value.isdigit() and len(value) <= 3:
                picked.append(int(value))
    return picked
