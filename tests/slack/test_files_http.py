"""Shared files end to end: the real Bolt app over HTTP, files made by their real writers, the Slack
stand-in answering files.info, the download, files.delete and the two-step upload flow."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from bot.serve_settings import ServeSettings
from storage.models import AuditEvent, Incident, QuarantinedFile
from tests.bot.files import makers
from tests.slack.conftest import (
    ADMIN_TOKEN,
    ADMIN_USER,
    BOT_TOKEN,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import audit_rows
from tests.slack_standin import StoredFile

THREAD = "1700000000.000100"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEAKS = (*CANARY_VALUES, "1983-11-27", "Quillonetta")


def share(bot: RunningBot, file_id: str, name: str, data: bytes, *, thread_ts: str | None = None) -> None:
    bot.standin.add_file(
        StoredFile(file_id, name, data, filetype="binary", mimetype="application/octet-stream")
    )
    event = message_event("", subtype="file_share", files=[{"id": file_id}], thread_ts=thread_ts)
    assert bot.send_event(event).status == 200
    bot.settle(timeout=60)


def notice_text(bot: RunningBot) -> str:
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert notice["user"] == MEMBER
    return str(notice["text"])


def assert_no_leak(where: str, text: str) -> None:
    for value in LEAKS:
        assert value not in text, f"{value!r} leaked into {where}"


def quarantined_files(bot: RunningBot) -> list[QuarantinedFile]:
    with bot.app.db.transaction(write=False) as session:
        return list(session.scalars(select(QuarantinedFile)))


def restore_button(bot: RunningBot) -> str:
    (notice,) = bot.standin.of("chat.postEphemeral")
    return next(b["elements"][0]["value"] for b in notice["blocks"] if b["type"] == "actions")


# --- a by-name list dropped in the channel -----------------------------------------------------------


def test_an_xlsx_by_name_list_is_removed_and_a_deidentified_copy_uploaded_in_the_same_thread(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    share(bot, "F0BNLXLSX1", "east metro BNL.xlsx", makers.xlsx(makers.by_name_rows(40)), thread_ts=THREAD)

    (delete,) = bot.standin.of("files.delete")
    assert (delete.token, delete["file"]) == (ADMIN_TOKEN, "F0BNLXLSX1")
    (ask,) = bot.standin.of("files.getUploadURLExternal")
    (complete,) = bot.standin.of("files.completeUploadExternal")
    (upload,) = bot.standin.of("upload") or [c for c in bot.standin.calls if c.method == "upload"]
    assert ask.token == BOT_TOKEN and upload.token is None  # the pre-signed URL never gets the token
    assert int(ask["length"]) == upload["bytes"]
    assert (complete["channel_id"], complete["thread_ts"]) == (CHANNEL, THREAD)
    (copy_id,) = bot.standin.shared
    assert json.loads(complete["files"])[0]["id"] == copy_id
    assert bot.standin.shared[copy_id]["title"] == "east metro BNL (de-identified).xlsx"

    copy = bot.standin.uploads[copy_id]
    rows = list(openpyxl.load_workbook(io.BytesIO(copy), read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == makers.HEADER and len(rows) == 41
    assert rows[1][:3] == ("777001", "777001", None) and rows[1][6] == "RRH"
    assert_no_leak("the copy", repr(rows))

    text = notice_text(bot)
    assert "so casebot removed it" in text and "de-identified copy" in text and "Client 777001" in text
    assert "/bnl post" in text
    assert_no_leak("the notice", text)

    (removed,) = audit_rows(bot.app, "file.removed")
    assert removed["file"] == "F0BNLXLSX1" and removed["quarantined"] is True
    assert {"NAME", "DOB", "SSN", "PHONE"} <= set(removed["types"]) and "777001" in removed["client_ids"]
    assert removed["client_count"] == len(removed["client_ids"])
    (posted,) = audit_rows(bot.app, "file.copy_posted")
    assert (posted["copy"], posted["rows"]) == (copy_id, 40)
    (held,) = quarantined_files(bot)
    assert held.thread_ts == THREAD and held.copy_file_id == copy_id
    for value in LEAKS:
        assert value.encode() not in held.content_enc and value.encode() not in held.name_enc
    for record in caplog.records:
        assert_no_leak(f"log {record.name}", record.getMessage())
    with bot.app.db.transaction(write=False) as session:
        for event in session.scalars(select(AuditEvent)):
            assert_no_leak(f"audit {event.action}", json.dumps([event.actor, event.client_id, event.detail]))
    for call in bot.standin.calls:
        if call.method.startswith(("chat.", "files.")):
            assert_no_leak(call.method, json.dumps(call.params))


def test_a_csv_copy_is_a_csv(bot: RunningBot) -> None:
    rows = [makers.HEADER, *makers.by_name_rows(3)]
    share(bot, "F0BNLCSV01", "list.csv", "\n".join(",".join(r) for r in rows).encode())
    (copy,) = bot.standin.uploads.values()
    assert copy.decode().splitlines()[1].startswith("777001,777001,,,,,RRH")


def test_a_file_with_more_than_names_goes_back_whole_by_an_hmis_admin_only(bot: RunningBot) -> None:
    original = makers.xlsx(makers.by_name_rows(3))  # names, DOBs, SSNs, phones
    share(bot, "F0BNLXLSX2", "list.xlsx", original, thread_ts=THREAD)
    restore_id = restore_button(bot)
    bot.standin.reset()
    for who in (STRANGER, MEMBER):  # the poster too: a file cannot be put back in parts
        bot.send_action(user=who, value=restore_id)
        bot.settle()
    assert bot.standin.of("files.completeUploadExternal") == []
    assert [r["file"] for r in audit_rows(bot.app, "file.restore_refused")] == ["F0BNLXLSX2"] * 2

    bot.send_action(user=ADMIN_USER, value=restore_id)
    bot.settle()
    (complete,) = bot.standin.of("files.completeUploadExternal")
    assert (complete["channel_id"], complete["thread_ts"]) == (CHANNEL, THREAD)
    assert bot.standin.uploads[json.loads(complete["files"])[0]["id"]] == original
    (row,) = audit_rows(bot.app, "file.restored")
    assert (row["actor"], row["file"], row["by_admin"]) == (f"slack:{ADMIN_USER}", "F0BNLXLSX2", True)
    assert quarantined_files(bot) == []
    (notice,) = audit_rows(bot.app, "escalation.opened")
    assert notice["rules"] == ["restored_message"]


def test_the_poster_restores_a_file_that_held_names_only(bot: RunningBot) -> None:
    share(bot, "F0NAMES001", "names.csv", b"name,notes\nZephyrinaqa Vorthmundsen,asked about the shelter\n")
    restore_id = restore_button(bot)
    bot.standin.reset()
    bot.send_action(user=MEMBER, value=restore_id)
    bot.settle()
    assert len(bot.standin.of("files.completeUploadExternal")) == 1
    assert audit_rows(bot.app, "file.restored")[0]["by_admin"] is False


# --- documents and screenshots -----------------------------------------------------------------------


def test_a_docx_with_pii_is_removed_and_the_notice_says_what_was_found(bot: RunningBot) -> None:
    data = makers.docx(body="Met with Zephyrinaqa Vorthmundsen, DOB 11/27/1983.", header="Intake notes")
    share(bot, "F0DOCX0001", "notes.docx", data)
    assert len(bot.standin.of("files.delete")) == 1
    assert bot.standin.of("files.getUploadURLExternal") == []  # no copy of a document
    text = notice_text(bot)
    assert "a client's name" in text and "Client 777001" in text and "secure by-name-list import" in text
    assert_no_leak("the notice", text)


def test_a_screenshot_of_an_hmis_screen_is_read_by_ocr_and_removed(bot: RunningBot) -> None:
    data = makers.png(
        ["Client: Zephyrinaqa Vorthmundsen", "SSN 517-29-4836  DOB 11/27/1983"], size=(1400, 300)
    )
    share(bot, "F0SHOT0001", "Screenshot 2026-12-08.png", data)
    assert len(bot.standin.of("files.delete")) == 1
    assert {"NAME", "SSN"} <= set(audit_rows(bot.app, "file.removed")[0]["types"])


def test_a_clean_spreadsheet_stays(bot: RunningBot) -> None:
    share(bot, "F0CLEAN001", "slots.xlsx", makers.xlsx([("RRH", "12")], header=("Program", "Open slots")))
    assert bot.standin.of("files.delete") == [] and bot.standin.of("chat.postEphemeral") == []


# --- files casebot cannot read -----------------------------------------------------------------------


def test_a_password_protected_xlsx_is_removed_by_default_and_audited_with_the_reason(bot: RunningBot) -> None:
    share(bot, "F0LOCKED01", "list.xlsx", makers.encrypted_xlsx(makers.xlsx(makers.by_name_rows(3))))
    assert len(bot.standin.of("files.delete")) == 1
    (row,) = audit_rows(bot.app, "file.unscanned")
    assert (row["reason"], row["policy"], row["removed"]) == ("password_protected", "remove", True)
    assert "password protected" in notice_text(bot) and "removed" in notice_text(bot)


def test_under_the_warn_policy_an_unreadable_file_stays_with_a_warning(make_bot: Any) -> None:
    bot = make_bot(serve=ServeSettings(CASEBOT_QUARANTINE_MINUTES=30, CASEBOT_UNREADABLE_FILES="warn"))
    share(bot, "F0CORRUPT1", "list.xlsx", makers.xlsx(makers.by_name_rows(3))[:700])
    assert bot.standin.of("files.delete") == []
    (row,) = audit_rows(bot.app, "file.unscanned")
    assert (row["reason"], row["policy"], row["removed"]) == ("corrupt", "warn", False)
    assert "could not check the file" in notice_text(bot)


def test_an_unreadable_file_that_cannot_be_removed_opens_an_incident(make_bot: Any) -> None:
    bot = make_bot(admin_token=False)
    share(bot, "F0LOCKED02", "scan.pdf", b"%PDF-1.7\n" + b"\x00" * 50)
    (row,) = audit_rows(bot.app, "file.unscanned")
    assert (row["removed"], row["delete_error"]) == (False, "no_admin_token")
    with bot.app.db.transaction(write=False) as session:
        (incident,) = session.scalars(select(Incident)).all()
    assert incident.category == "undeletable_file"


def test_a_zip_bomb_is_refused_and_the_bot_keeps_serving(bot: RunningBot) -> None:
    share(bot, "F0BOMB0001", "photos.zip", makers.zip_bomb(megabytes=300))
    assert audit_rows(bot.app, "file.unscanned")[0]["reason"] == "too_large"
    assert len(bot.standin.of("files.delete")) == 1
    assert bot.get("/healthz").status == 200
    bot.standin.reset()
    bot.send_event(message_event("Zephyrinaqa Vorthmundsen needs a ride"))
    bot.settle()
    assert bot.standin.of("chat.postMessage")[0]["text"].endswith("Client 777001 needs a ride")


def test_slack_gets_its_ack_at_once_while_a_file_is_being_read(bot: RunningBot) -> None:
    data = makers.png(["Zephyrinaqa Vorthmundsen"] * 10, size=(1920, 1080))
    bot.standin.add_file(StoredFile("F0SLOW0001", "shot.png", data, filetype="png", mimetype="image/png"))
    reply = bot.send_event(message_event("", subtype="file_share", files=[{"id": "F0SLOW0001"}]))
    assert reply.status == 200 and reply.seconds < 1.0
    bot.settle(timeout=60)
    assert len(bot.standin.of("files.delete")) == 1
