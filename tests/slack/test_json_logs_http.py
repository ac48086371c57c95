"""serve's JSON log while the canary goes through the real Bolt app: every line an object, none
holding client data."""

from __future__ import annotations

import json

import pytest

from app.serve import configure_logging
from tests.app.test_logs import _restore_logging, json_lines  # noqa: F401 (the fixture)
from tests.slack.conftest import CANARY_TEXT, CANARY_VALUES, RunningBot, message_event


def test_no_client_data_in_the_json_log_while_the_canary_is_redacted(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("DEBUG")
    bot.standin.fail("chat.delete", "cant_delete_message")  # a warning or two on the way
    bot.send_event(message_event(CANARY_TEXT))
    bot.send_event(message_event(CANARY_TEXT, thread_ts="1700000000.000100"))
    bot.settle()
    lines = json_lines(capsys.readouterr().err)
    assert any(line["level"] == "warning" for line in lines)
    text = json.dumps(lines)
    for value in (*CANARY_VALUES, "777001"):
        assert value not in text
