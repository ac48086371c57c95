"""Scan shared files, App Home, /casebot, roster rebuilds (restoring: ``test_restore_http``)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from bot.clients.importing import import_clients
from bot.clients.synthetic import SyntheticClient, write_client_csv
from storage import audit
from tests.slack.conftest import (
    ADMIN_TOKEN,
    ADMIN_USER,
    BOT_TOKEN,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    Reply,
    RunningBot,
    message_event,
    sign,
)
from tests.slack.test_events_http import audit_rows, chat_calls
from tests.slack_standin import TEAM, StoredFile

# --- files -------------------------------------------------------------------------------------------


def file_event(file_id: str) -> dict:
    return message_event("", subtype="file_share", files=[{"id": file_id, "name": "ignored-here"}])


def test_a_csv_with_pii_is_removed_and_the_secure_import_offered(bot: RunningBot) -> None:
    csv = "name,dob,notes\nZephyrinaqa Vorthmundsen,11/27/1983,needs follow-up\n"
    bot.standin.add_file(StoredFile("F0BYNAME01", "by-name list.csv", csv.encode()))
    bot.send_event(file_event("F0BYNAME01"))
    bot.settle()
    (download,) = bot.standin.downloads
    assert download.token == BOT_TOKEN
    (delete,) = bot.standin.of("files.delete")
    assert (delete.token, delete["file"]) == (ADMIN_TOKEN, "F0BYNAME01")
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert notice["user"] == MEMBER
    assert "so casebot removed it" in notice["text"] and "secure by-name-list import" in notice["text"]
    assert "casebot bnl import" in notice["text"] and "/bnl post" in notice["text"]
    (row,) = audit_rows(bot.app, "file.removed")
    assert (row["file"], row["types"], row["client_ids"]) == ("F0BYNAME01", ["NAME", "DOB"], ["777001"])
    assert "by-name" not in json.dumps(row)


def test_a_clean_text_file_stays(bot: RunningBot) -> None:
    bot.standin.add_file(
        StoredFile(
            "F0AGENDA01",
            "agenda.txt",
            b"1. housing updates\n2. next steps\n",
            filetype="text",
            mimetype="text/plain",
        )
    )
    bot.send_event(file_event("F0AGENDA01"))
    bot.settle()
    assert bot.standin.of("files.delete") == [] and chat_calls(bot) == []


def test_a_file_casebot_cannot_read_is_removed(bot: RunningBot) -> None:
    bot.standin.add_file(
        StoredFile("F0SCAN0001", "scan.pdf", b"%PDF-1.7", filetype="pdf", mimetype="application/pdf")
    )
    bot.send_event(file_event("F0SCAN0001"))
    bot.settle()
    assert len(bot.standin.of("files.delete")) == 1
    assert "could not check it for client PII" in bot.standin.of("chat.postEphemeral")[0]["text"]
    assert audit_rows(bot.app, "file.unscanned")[0]["reason"] == "corrupt"


def test_a_file_that_cannot_be_deleted_is_flagged(bot: RunningBot) -> None:
    bot.standin.add_file(StoredFile("F0BYNAME02", "list.csv", b"SSN\n517-29-4836\n"))
    bot.standin.fail("files.delete", "cant_delete_file")
    bot.send_event(file_event("F0BYNAME02"))
    bot.settle()
    assert (
        "could not remove it (Slack said cant_delete_file)" in bot.standin.of("chat.postEphemeral")[0]["text"]
    )
    assert audit_rows(bot.app, "file.delete_failed")[0]["reason"] == "cant_delete_file"


# --- App Home and /casebot ---------------------------------------------------------------------------


def home_event(user: str) -> dict:
    return {"type": "app_home_opened", "user": user, "channel": "D0HOME001", "tab": "home", "event_ts": "1.2"}


def test_app_home_shows_a_registered_person_their_agency_role_and_verification(bot: RunningBot) -> None:
    bot.send_event(home_event(MEMBER))
    bot.settle()
    (publish,) = bot.standin.of("views.publish")
    assert publish.token == BOT_TOKEN and publish["user_id"] == MEMBER
    view = json.dumps(publish["view"])
    assert "Hope House" in view and "*Role:* member" in view and "*Verification:* not enrolled" in view


def test_app_home_tells_a_stranger_to_ask_for_registration(bot: RunningBot) -> None:
    bot.send_event(home_event(STRANGER))
    bot.settle()
    view = json.dumps(bot.standin.of("views.publish")[0]["view"])
    assert "does not know you yet" in view and STRANGER in view


def slash(bot: RunningBot, *, user: str, text: str) -> Reply:
    body = urlencode(
        {
            "command": "/casebot",
            "text": text,
            "user_id": user,
            "team_id": TEAM,
            "channel_id": CHANNEL,
            "trigger_id": "1.2.3",
            "response_url": "http://127.0.0.1:9/x",
        }
    )
    return bot.post(
        "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    )


def test_the_slash_command_answers_in_the_ack(bot: RunningBot) -> None:
    reply = slash(bot, user=ADMIN_USER, text="status")
    assert reply.status == 200
    assert reply.json()["text"] == "Agency: Hope House. Role: hmis_admin. Verification: not enrolled."


def test_an_hmis_admin_gets_a_clients_accounting_privately(bot: RunningBot) -> None:
    with bot.app.db.transaction() as session:
        audit.record(
            session,
            actor=MEMBER,
            action=audit.DISCLOSURE,
            client_id="777001",
            detail={
                "agency": "hope-house",
                "fields": ["dob"],
                "purpose": "housing_referral",
                "basis": "roi",
                "basis_ref": 3,
                "delivery": "modal",
            },
        )
    reply = slash(bot, user=ADMIN_USER, text="audit client 777001")
    answer = reply.json()
    assert answer["response_type"] == "ephemeral"
    assert (
        f"<@{MEMBER}> (hope-house): dob; purpose housing_referral; basis roi #3; via modal" in answer["text"]
    )
    assert audit_rows(bot.app, "audit.accounting_viewed") == [{"actor": ADMIN_USER, "client_id": "777001"}]
    for value in CANARY_VALUES:
        assert value not in answer["text"]


def test_a_member_cannot_see_an_accounting_and_the_attempt_is_audited(bot: RunningBot) -> None:
    answer = slash(bot, user=MEMBER, text="audit client 777001").json()
    assert answer["response_type"] == "ephemeral" and "only an HMIS admin" in answer["text"]
    assert audit_rows(bot.app, "audit.accounting_refused") == [{"actor": MEMBER, "client_id": "777001"}]


# --- the roster index follows imports ----------------------------------------------------------------


def test_the_roster_index_is_rebuilt_after_an_import(bot: RunningBot, tmp_path: Path) -> None:
    newcomer = SyntheticClient(
        "888002", "Quorvandelia", "", "Brixtonhaugh", "", date(1990, 1, 2), datetime(2026, 6, 1, 9, 0)
    )
    bot.send_event(message_event("Has anyone seen Quorvandelia Brixtonhaugh this week?"))
    bot.settle()
    assert chat_calls(bot) == [] or "Client 888002" not in bot.standin.of("chat.postMessage")[0]["text"]
    bot.standin.reset()
    path = tmp_path / "more.csv"
    write_client_csv(path, [newcomer])
    import_clients(bot.app, path=path, actor="cli:test")
    assert bot.runtime.roster.refresh() is True
    assert bot.runtime.roster.refresh() is False  # unchanged: no rebuild
    bot.send_event(message_event("Has anyone seen Quorvandelia Brixtonhaugh this week?"))
    bot.settle()
    assert bot.standin.of("chat.postMessage")[0]["text"].endswith("Has anyone seen Client 888002 this week?")
