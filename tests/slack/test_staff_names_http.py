"""Colleagues' names over real HTTP: the bot reads users.list from the Slack stand-in, and a message that
only mentions a colleague who shares a client's first name stays in the channel."""

from __future__ import annotations

from tests.slack.conftest import MEMBER, RunningBot, message_event

STAFF = "U0STAFF01"


def _workspace(bot: RunningBot) -> None:
    # A colleague whose first name is the canary client's (Zephyrinaqa Vorthmundsen, client 777001).
    bot.standin.workspace = [MEMBER, STAFF, "U0GONE001"]
    bot.standin.members[STAFF] = {
        "real_name": "Zephyrinaqa Okonkwo",
        "profile": {"first_name": "Zephyrinaqa", "real_name": "Zephyrinaqa Okonkwo", "display_name": "zeph"},
    }
    bot.standin.members["U0GONE001"] = {"deleted": True, "real_name": "Quillonar Depart"}


def test_a_colleagues_name_stays_and_a_client_by_the_same_name_is_still_redacted(bot: RunningBot) -> None:
    _workspace(bot)
    staff = bot.runtime.staff
    assert staff.refresh()
    assert [c.method for c in bot.standin.calls] == ["users.list"]
    assert staff.words() == {"zephyrinaqa", "zeph"} | _member_words(bot)  # the deactivated member is left out
    bot.standin.reset()

    bot.send_event(message_event("Zephyrinaqa will do the move-in tomorrow"))
    bot.settle()
    assert bot.standin.of("chat.delete") == [] and bot.standin.of("chat.postMessage") == []

    bot.send_event(message_event("met with Zephyrinaqa today, she is HIV+"))
    bot.settle()
    (post,) = bot.standin.of("chat.postMessage")
    assert post["text"] == f"<@{MEMBER}> wrote: met with Client 777001 today, she is [redacted]"


def test_without_the_member_list_the_shared_name_is_redacted(bot: RunningBot) -> None:
    """PII safety first: until users.list has been read, the client's first name is not a colleague's."""
    bot.send_event(message_event("Zephyrinaqa will do the move-in tomorrow"))
    bot.settle()
    (post,) = bot.standin.of("chat.postMessage")
    assert post["text"] == f"<@{MEMBER}> wrote: Client 777001 will do the move-in tomorrow"


def _member_words(bot: RunningBot) -> set[str]:
    """Whatever first name the stand-in gives the ordinary member (none unless a test sets one)."""
    from bot.channels.staff_names import first_names
    from handlers.slack_api.member_names import name_fields

    return set(first_names(name_fields(bot.standin._profile(MEMBER))))
