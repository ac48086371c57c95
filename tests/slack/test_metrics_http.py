"""GET /metrics on the bot's own HTTP app, after the canary went through real flows: the counters
moved, and no canary value, client ID, or Slack user, channel or team ID is in the exposition."""

from __future__ import annotations

import re

from prometheus_client.parser import text_string_to_metric_families

from bot.observability import metrics
from tests.slack.conftest import (
    ADMIN_USER,
    CANARY_TEXT,
    CANARY_VALUES,
    CHANNEL,
    MEMBER,
    OTHER_CHANNEL,
    STRANGER,
    RunningBot,
    message_event,
)
from tests.slack.test_events_http import audit_rows
from tests.slack.test_sharing_http import CANARY_ID, click
from tests.slack_standin import TEAM

SLACK_ID = re.compile(r"\b[UWCGDTBFAEV]0[A-Z0-9]{6,}\b")


def scrape(bot: RunningBot) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    reply = bot.get("/metrics")
    assert reply.status == 200
    text = reply.body.decode()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    return text, samples


def moved(before: dict, after: dict, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def refuse_a_reveal(bot: RunningBot) -> None:
    """The door (what Reveal calls) refuses a member whose verified session has ended."""
    from bot.ports.disclosure import Target
    from bot.sharing import identity
    from bot.sharing.disclosure import disclose
    from tests.slack.test_sharing_http import enroll

    enroll(bot, MEMBER)
    identity.end_sessions(bot.app, slack_user_id=MEMBER)
    outcome = disclose(
        bot.app,
        slack=bot.runtime.slack,
        requester=MEMBER,
        client_id=CANARY_ID,
        purpose="case_conferencing",
        target=Target(user=MEMBER, view_id="V0DIRECT1"),
    )
    assert outcome.revealed is None


def test_metrics_count_what_happened_and_name_no_one(bot: RunningBot) -> None:
    _, before = scrape(bot)

    bot.send_event(message_event(CANARY_TEXT))  # redacted: deleted, reposted, the poster told
    bot.standin.fail("chat.delete", "cant_delete_message")
    bot.send_event(message_event(CANARY_TEXT, thread_ts="1700000000.000100"))
    bot.standin.ratelimit("chat.postMessage", retry_after=0)
    bot.send_event(message_event("Vorthmundsen's SSN is 517294836"))
    bot.settle()
    click(bot, user=STRANGER, action_id="casebot_reveal", value=CANARY_ID)  # someone casebot does not know
    bot.settle()
    refuse_a_reveal(bot)

    text, after = scrape(bot)
    redacted = audit_rows(bot.app, "message.redacted")
    assert len(redacted) == 2  # the message Slack would not let casebot delete is audited otherwise
    assert moved(before, after, "casebot_messages_redacted_total") == 2
    assert moved(before, after, "casebot_audit_events_total", action="message.redacted") == 2
    for kind in ("NAME", "SSN"):
        assert moved(before, after, "casebot_redactions_total", type=kind) == sum(
            kind in row["types"] for row in redacted
        )
    assert moved(before, after, "casebot_events_received_total", kind="message") == 3
    assert moved(before, after, "casebot_events_received_total", kind="block_actions") >= 1
    assert moved(before, after, "casebot_slack_api_seconds_count", method="chat.delete") >= 3
    assert moved(
        before, after, "casebot_slack_api_errors_total", method="chat.delete", error="cant_delete_message"
    ) == 1
    assert moved(
        before, after, "casebot_slack_api_retries_total", method="chat.postMessage", reason="ratelimited"
    ) == 1
    assert [r["reason"] for r in audit_rows(bot.app, "pii.refused")] == ["not_verified"]
    assert moved(before, after, "casebot_refusals_total", reason="not_verified") == 1

    for value in (*CANARY_VALUES, CANARY_ID, MEMBER, STRANGER, ADMIN_USER, CHANNEL, OTHER_CHANNEL, TEAM):
        assert value not in text, f"{value!r} is in /metrics"
    assert SLACK_ID.search(text) is None
    assert not re.search(r'="[^"]*\d{5,}[^"]*"', text), "a label value holds a long number"


def test_a_disclosure_is_counted_by_delivery(bot: RunningBot) -> None:
    """The sharing tests' world, one reveal that is allowed: the disclosure counter moves too."""
    from tests.slack.test_sharing_http import disclosures, enroll, next_code, reveal

    start = metrics.sample("casebot_disclosures_total", delivery="modal")
    totp = enroll(bot, MEMBER)
    reveal(bot, user=MEMBER, code=next_code(totp))
    rows = disclosures(bot)
    assert len(rows) == 1
    assert metrics.sample("casebot_disclosures_total", delivery=rows[0]["delivery"]) == start + 1
    text, _ = scrape(bot)
    assert CANARY_ID not in text and MEMBER not in text
