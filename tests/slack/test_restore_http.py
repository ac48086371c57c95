"""*Restore words…* over real HTTP: the poster puts back what was not client data, an HMIS admin the rest."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.channels.restore import purge
from storage import quarantine
from tests.slack.conftest import (
    ADMIN_USER,
    BOT_TOKEN,
    CANARY_TEXT,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    STRANGER,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import REDACTED, audit_rows, quarantined
from tests.slack.test_sharing_http import last_view, submit

# CANARY_TEXT's spans, in order: 0 the rostered client's name, 1 SSN, 2 DOB, 3 phone
NAME, SSN, DOB, PHONE = 0, 1, 2, 3


def redact(bot: RunningBot, text: str = CANARY_TEXT) -> str:
    bot.send_event(message_event(text))
    bot.settle()
    (held,) = quarantined(bot.app)
    bot.standin.reset()
    return held.id


def open_choice(bot: RunningBot, user: str, restore_id: str) -> dict[str, Any]:
    assert bot.send_action(user=user, value=restore_id).status == 200
    bot.settle()
    return last_view(bot)


def offered(view: dict[str, Any]) -> dict[int, str]:
    """Span index -> option label, over every checkbox group of the modal."""
    return {
        int(option["value"]): option["text"]["text"]
        for block in view["blocks"]
        if block["type"] == "input"
        for option in block["element"]["options"]
    }


def tick(bot: RunningBot, user: str, view: dict[str, Any], *indices: int) -> str:
    """Submit the modal with ``indices`` ticked; the text of the modal casebot shows after."""
    options = [{"value": str(i)} for i in indices]
    values = {"restore_spans_0": {"spans": {"type": "checkboxes", "selected_options": options}}}
    reply = submit(bot, user=user, view=view, values=values)
    assert reply.status == 200
    bot.settle()
    return json.dumps(last_view(bot, "views.update"))


def updated_text(bot: RunningBot) -> str:
    (update,) = bot.standin.of("chat.update")
    assert update.token == BOT_TOKEN and update["channel"] == CHANNEL
    return str(update["text"])


def test_the_poster_sees_the_words_and_may_put_back_only_the_name_of_a_rostered_clients_message(
    bot: RunningBot,
) -> None:
    view = open_choice(bot, MEMBER, redact(bot))
    assert view["callback_id"] == "casebot_restore_spans"
    assert offered(view) == {NAME: "1. Name: Zephyrinaqa Vorthmundsen (Client 777001)"}
    withheld = json.dumps(view["blocks"][-1])
    assert "Only an HMIS admin can put back 2. SSN: 517-29-4836" in withheld
    assert "3. Date of birth" in withheld and "4. Phone" in withheld


def test_a_name_put_back_goes_into_the_repost_and_the_rest_stays_hidden(bot: RunningBot) -> None:
    restore_id = redact(bot)
    view = open_choice(bot, MEMBER, restore_id)
    assert "1 hidden part" not in tick(bot, MEMBER, view, NAME)
    assert updated_text(bot) == (
        f"<@{MEMBER}> wrote: Zephyrinaqa Vorthmundsen, SSN [redacted], DOB [redacted], call [redacted]"
    )
    (update,) = bot.standin.of("chat.update")
    blocks = update["blocks"] if isinstance(update["blocks"], list) else json.loads(update["blocks"])
    assert any(b["type"] == "actions" for b in blocks)  # the rest can still come back
    (row,) = audit_rows(bot.app, "message.restored")
    assert (row["type"], row["count"], row["client_ids"], row["by_admin"]) == ("NAME", 1, ["777001"], False)
    (opened,) = audit_rows(bot.app, "escalation.opened")
    assert (opened["rules"], opened["requester"], opened["restored"]) == (
        ["restored_message"],
        MEMBER,
        ["NAME"],
    )
    (lead,) = [c for c in bot.standin.of("chat.postMessage") if c["channel"] == ADMIN_USER]  # no supervisor
    assert f"the poster put NAME back into a redacted message in <#{CHANNEL}>; 3 still hidden" in json.dumps(
        lead.params
    )
    with bot.app.db.transaction(write=False) as session:
        held = quarantine.get(session, keyring=bot.app.keyring, row_id=restore_id)
    assert held is not None and [s.shown for s in held.spans] == [True, False, False, False]


def test_putting_the_name_back_first_does_not_let_the_poster_put_back_the_ssn(bot: RunningBot) -> None:
    restore_id = redact(bot)
    tick(bot, MEMBER, open_choice(bot, MEMBER, restore_id), NAME)
    bot.standin.reset()
    view = open_choice(bot, MEMBER, restore_id)
    assert offered(view) == {}
    assert "submit" not in view  # nothing the poster may tick
    told = tick(bot, MEMBER, view, SSN)  # a hand-made submission is checked again
    assert "only an HMIS admin can restore" in told
    assert bot.standin.of("chat.update") == []
    (refused,) = audit_rows(bot.app, "message.restore_refused")
    assert refused["types"] == ["SSN"]


def test_an_hmis_admin_sees_kinds_and_places_never_the_words_and_may_put_back_everything(
    bot: RunningBot,
) -> None:
    restore_id = redact(bot)
    view = open_choice(bot, ADMIN_USER, restore_id)
    shown = json.dumps(view)
    for value in CANARY_VALUES:
        assert value not in shown
    assert "[1: NAME Client 777001], SSN [2: SSN [redacted]]" in shown
    assert offered(view) == {
        NAME: "1. Name (Client 777001)",
        SSN: "2. SSN",
        DOB: "3. Date of birth",
        PHONE: "4. Phone",
    }
    assert "The original message is back" in tick(bot, ADMIN_USER, view, NAME, SSN, DOB, PHONE)
    assert updated_text(bot) == f"<@{MEMBER}> wrote: {CANARY_TEXT}"
    assert quarantined(bot.app) == []
    rows = audit_rows(bot.app, "message.restored")
    assert sorted(r["type"] for r in rows) == ["DOB", "NAME", "PHONE", "SSN"]
    assert {(r["actor"], r["by_admin"]) for r in rows} == {(f"slack:{ADMIN_USER}", True)}


def test_without_a_rostered_client_the_poster_may_put_back_a_phone_number(bot: RunningBot) -> None:
    text = "The food shelf line is 612-555-0199, they open at 9"
    restore_id = redact(bot, text)
    view = open_choice(bot, MEMBER, restore_id)
    assert offered(view) == {0: "1. Phone: 612-555-0199"}
    tick(bot, MEMBER, view, 0)
    assert updated_text(bot) == f"<@{MEMBER}> wrote: {text}"


def test_nobody_else_may_open_the_choice(bot: RunningBot) -> None:
    restore_id = redact(bot)
    bot.send_action(user=STRANGER, value=restore_id)
    bot.settle()
    assert bot.standin.of("views.open") == []
    assert "Only the person who posted it or an HMIS admin" in bot.standin.of("chat.postEphemeral")[0]["text"]
    assert len(audit_rows(bot.app, "message.restore_refused")) == 1


def test_nothing_comes_back_once_the_original_expired(bot: RunningBot) -> None:
    restore_id = redact(bot)
    view = open_choice(bot, MEMBER, restore_id)
    assert purge(bot.app) == 0  # not yet expired
    assert purge(bot.app, now=datetime.now(UTC) + timedelta(minutes=31)) == 1
    assert audit_rows(bot.app, "quarantine.purged")[0]["count"] == 1
    assert "no longer kept" in tick(bot, MEMBER, view, NAME)
    bot.send_action(user=MEMBER, value=restore_id)
    bot.settle()
    assert bot.standin.of("chat.update") == []
    assert "no longer kept" in bot.standin.of("chat.postEphemeral")[0]["text"]


def test_a_restore_slack_refused_can_be_tried_again(bot: RunningBot) -> None:
    restore_id = redact(bot)
    view = open_choice(bot, MEMBER, restore_id)
    bot.standin.fail("chat.update", "message_not_found")
    assert "try again" in tick(bot, MEMBER, view, NAME)
    with bot.app.db.transaction(write=False) as session:
        held = quarantine.get(session, keyring=bot.app.keyring, row_id=restore_id)
    assert held is not None and not any(s.shown for s in held.spans)
    assert audit_rows(bot.app, "escalation.opened") == []  # supervisors hear of restores that happened


def test_a_kept_meeting_link_stays_where_it_was_and_what_is_still_hidden_stays_in_its_place(
    bot: RunningBot,
) -> None:
    link = "https://zoom.us/j/85512345678?pwd=abc"  # protected: it stays, hidden from the redactor
    restore_id = redact(bot, f"Zephyrinaqa Vorthmundsen at {link} then call 612-555-0143 or 612-555-0199")
    tick(bot, ADMIN_USER, open_choice(bot, ADMIN_USER, restore_id), 0, 2)
    assert (
        updated_text(bot)
        == f"<@{MEMBER}> wrote: Zephyrinaqa Vorthmundsen at {link} then call [redacted] or 612-555-0199"
    )


def test_the_repost_and_notice_say_what_the_button_does(bot: RunningBot) -> None:
    bot.send_event(message_event(CANARY_TEXT))
    bot.settle()
    (repost,) = bot.standin.of("chat.postMessage")
    assert repost["text"] == f"<@{MEMBER}> wrote: {REDACTED}"
    (notice,) = bot.standin.of("chat.postEphemeral")
    assert "you can put them back within 30 minutes" in notice["text"]
    assert "only an HMIS admin can" in notice["text"]
