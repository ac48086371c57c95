"""The events endpoint checks the signature before it reads the body: garbage from anyone is a 401, a
signed body that is not Slack's format is a 400, neither leaves a traceback, and the bot keeps serving."""

from __future__ import annotations

import json
import logging

import pytest

from app.signed_requests import malformed
from tests.slack.conftest import CANARY_TEXT, RunningBot, message_event, sign

GARBAGE = [
    ("application/json", '{"type": "event_callback", "event": '),
    ("application/json", "[1, 2, 3]"),
    ("application/x-www-form-urlencoded", "payload=%7Bnot-json"),
    ("application/x-www-form-urlencoded", "payload=%5B%5D"),
]


def post(
    bot: RunningBot, body: str | bytes, *, content_type: str, signed: bool, secret: str | None = None
) -> int:
    raw = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
    headers = {"Content-Type": content_type}
    if signed:
        headers |= sign(raw.decode("utf-8", "surrogateescape"), **({"secret": secret} if secret else {}))
    return bot.post("/slack/events", raw.decode("latin-1"), headers).status


def still_serves(bot: RunningBot) -> None:
    assert bot.send_event(message_event(CANARY_TEXT)).status == 200
    bot.settle()
    assert bot.standin.of("chat.postMessage"), "the next real event is handled"


@pytest.mark.parametrize(("content_type", "body"), GARBAGE)
def test_unsigned_garbage_is_refused_as_unauthorised(bot: RunningBot, caplog, content_type, body) -> None:
    caplog.set_level(logging.INFO)
    assert post(bot, body, content_type=content_type, signed=False) == 401
    assert post(bot, body, content_type=content_type, signed=True, secret="not-the-secret") == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    still_serves(bot)


@pytest.mark.parametrize(("content_type", "body"), GARBAGE)
def test_a_signed_body_that_is_not_slacks_format_is_a_bad_request(
    bot: RunningBot, caplog, content_type, body
):
    caplog.set_level(logging.INFO)
    assert post(bot, body, content_type=content_type, signed=True) == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    still_serves(bot)


def test_a_body_over_the_limit_is_refused_before_it_is_read(bot: RunningBot) -> None:
    body = json.dumps({"type": "event_callback", "padding": "x" * 1_100_000})
    assert post(bot, body, content_type="application/json", signed=True) == 413
    still_serves(bot)


def test_a_well_formed_signed_event_still_reaches_bolt(bot: RunningBot) -> None:
    still_serves(bot)


def test_a_body_that_is_not_utf8_is_malformed() -> None:
    assert malformed(b"\xff\xfe{", content_type="application/json") == "body is not UTF-8"
    assert malformed(b'{"type": "url_verification"}', content_type="application/json; charset=utf-8") is None
