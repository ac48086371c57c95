"""Slack in for the incident register: `/casebot report` and its modal, `/casebot incidents` for HMIS admins.

Thin: it parses payloads, calls ``bot.oversight.incidents`` and renders. The report is
recorded before the modal is answered (so the reporter sees its number); the
DMs to supervisors and HMIS leads go out after the answer.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.ids import SLACK_ID
from bot.oversight import incidents
from bot.runtime import BotRuntime
from handlers import incident_blocks as ib
from handlers.invocation import Invocation
from handlers.sharing_blocks import message_view

log = logging.getLogger("casebot.handlers.incidents")

REDACTOR_WAIT_SECONDS = 2.0  # a modal must be answered within 3 seconds


def _redact(runtime: BotRuntime) -> incidents.Redact:
    return runtime.roster.redactor(wait_seconds=REDACTOR_WAIT_SECONDS).redact


def _report(call: Invocation) -> None:
    """`/casebot report`: the report modal, for registered users."""
    if not incidents.may_report(call.runtime.app, slack_user_id=call.user):
        call.ack(
            response_type="ephemeral",
            text="casebot does not know you as an active member of a participating agency, so it cannot "
            "take your report. Tell your supervisor directly.",
        )
        return
    call.ack()
    trigger = str(call.command.get("trigger_id") or "")
    result = call.runtime.slack.open_view(trigger_id=trigger, view=ib.report_view())
    if not result.ok:
        log.warning("report modal not opened: %s", result.error)


def _incidents(call: Invocation) -> None:
    """`/casebot incidents [show N | note N text | close N action]`: HMIS admins only, answered privately."""
    casebot = call.runtime.app
    words = str(call.command.get("text") or "").split(maxsplit=3)[1:]  # drop "incidents"
    verb = words[0].lower() if words else "list"
    try:
        incidents.require_hmis_admin(
            casebot, slack_user_id=call.user, asked=verb if verb.isalpha() else "other"
        )
        if verb == "list" and len(words) <= 1:
            text = ib.open_list_text(incidents.list_incidents(casebot, open_only=True))
        elif verb == "show" and len(words) == 2 and words[1].isdigit():
            text = ib.detail_text(incidents.show(casebot, incident_id=int(words[1]), viewer=call.user))
        elif verb == "note" and len(words) == 3 and words[1].isdigit():
            incidents.add_note(
                casebot,
                redact=_redact(call.runtime),
                incident_id=int(words[1]),
                author=call.user,
                text=words[2],
            )
            text = f"Note added to incident #{int(words[1])}."
        elif verb == "close" and len(words) >= 2 and words[1].isdigit():
            incidents.close(
                casebot,
                redact=_redact(call.runtime),
                incident_id=int(words[1]),
                actor=call.user,
                corrective_action=words[2] if len(words) == 3 else "",
            )
            text = f"Incident #{int(words[1])} is closed. It stays in the register."
        else:
            text = ib.incidents_help()
    except incidents.NotPermitted as exc:
        text = f"Sorry: {exc}."
    except incidents.IncidentError as exc:
        text = f"Not done: {exc}. {ib.incidents_help()}"
    except RuntimeError:  # the redactor is not built yet (the bot just started)
        text = "casebot is starting up; try again in a minute."
    except Exception as exc:  # never log the exception text: it could quote a note
        log.error("/casebot incidents failed: %s", type(exc).__name__)
        text = "casebot could not do that just now; nothing was changed."
    call.ack(response_type="ephemeral", text=text)


SUBCOMMANDS = {"report": _report, "incidents": _incidents}


def _value(view: dict[str, Any], block: str, action: str) -> dict[str, Any]:
    return ((view.get("state") or {}).get("values") or {}).get(block, {}).get(action) or {}


def register(app: App, runtime: BotRuntime) -> None:
    casebot = runtime.app

    @app.view(ib.REPORT_VIEW)
    def on_report_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        if not SLACK_ID.match(user):
            ack()
            return
        category = str(
            (_value(view, ib.CATEGORY_BLOCK, ib.CATEGORY_INPUT).get("selected_option") or {}).get("value")
            or ""
        )
        description = str(_value(view, ib.DESCRIPTION_BLOCK, ib.DESCRIPTION_INPUT).get("value") or "")
        client_id = str(_value(view, ib.CLIENT_BLOCK, ib.CLIENT_INPUT).get("value") or "")
        try:
            reported = incidents.report(
                casebot,
                redact=_redact(runtime),
                reporter=user,
                category=category,
                description=description,
                client_id=client_id,
            )
        except incidents.IncidentError as exc:
            block = ib.BLOCK_OF_FIELD.get(exc.field or "", ib.DESCRIPTION_BLOCK)
            message = str(exc)
            ack(response_action="errors", errors={block: message[:1].upper() + message[1:] + "."})
            return
        except incidents.NotPermitted as exc:
            ack(response_action="update", view=message_view("Report an incident", f"{exc}."))
            return
        except Exception as exc:  # never log the exception text: it could quote the description
            log.error("incident report not recorded: %s", type(exc).__name__)
            ack(
                response_action="errors",
                errors={
                    ib.DESCRIPTION_BLOCK: "casebot could not record this just now; try again in a minute."
                },
            )
            return
        ack(
            response_action="update",
            view=message_view(
                "Incident reported",
                ib.reported_text(incident_id=reported.incident_id, redacted_kinds=reported.redacted_kinds),
            ),
        )
        try:
            incidents.notify_opened(casebot, slack=runtime.slack, incident_id=reported.incident_id)
        except Exception as exc:
            log.error("incident #%d: notices not sent: %s", reported.incident_id, type(exc).__name__)
