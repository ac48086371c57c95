"""Log lines as JSON through structlog (app/logs.py): the format `casebot serve` configures, %-arguments
applied, one object a line (tests/slack/test_json_logs_http.py: no client data in any line)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from app import logs
from app.cli.main import configure_cli_logging
from app.serve import configure_logging
from bot.settings import LogFormat


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    for handler in [h for h in root.handlers if isinstance(h, logs._CasebotHandler)]:
        root.removeHandler(handler)
    root.setLevel(level)
    structlog.reset_defaults()


def json_lines(err: str) -> list[dict]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def test_serve_logs_one_json_object_a_line_with_the_stdlib_arguments_applied(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO")  # serve's start-up, no CASEBOT_LOG_FORMAT: JSON
    logging.getLogger("casebot.serve").info("casebot serving HTTP on %s%s", "127.0.0.1:3000", "/slack/events")
    logging.getLogger("casebot.serve").debug("below the level")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("casebot.guard").exception("could not handle an event: %s", "ValueError")
    structlog.get_logger("casebot.structured").warning("direct", count=2)

    first, failed, direct = json_lines(capsys.readouterr().err)
    assert set(first) == {"timestamp", "level", "logger", "event"}
    assert first["event"] == "casebot serving HTTP on 127.0.0.1:3000/slack/events"
    assert first["level"] == "info" and first["logger"] == "casebot.serve"
    assert first["timestamp"].endswith("Z")
    assert failed["level"] == "error" and "ValueError: boom" in failed["exception"]
    assert direct["event"] == "direct" and direct["count"] == 2 and direct["logger"] == "casebot.structured"


def test_configuring_again_replaces_casebot_s_handler_and_keeps_pytest_s(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO")
    configure_logging("INFO", LogFormat.CONSOLE)
    root = logging.getLogger()
    assert sum(isinstance(h, logs._CasebotHandler) for h in root.handlers) == 1
    logging.getLogger("casebot.serve").warning("refused a %d-byte request", 2_000_000)
    err = capsys.readouterr().err
    assert "refused a 2000000-byte request" in err and not err.startswith("{")  # console, not JSON
    assert "refused a 2000000-byte request" in caplog.text


def test_cli_commands_log_for_a_person_at_warning_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_cli_logging()
    assert logging.getLogger().level == logging.WARNING
    logging.getLogger("casebot.audit").info("not shown")
    logging.getLogger("casebot.audit").warning("witness %s failed", "s3:b/")
    err = capsys.readouterr().err
    assert "not shown" not in err and "witness s3:b/ failed" in err and not err.startswith("{")

    monkeypatch.setenv("CASEBOT_LOG_FORMAT", "json")
    monkeypatch.setenv("CASEBOT_LOG_LEVEL", "info")
    configure_cli_logging()
    logging.getLogger("casebot.audit").info("shown")
    (line,) = json_lines(capsys.readouterr().err)
    assert line["event"] == "shown" and line["level"] == "info"


def test_a_bad_log_format_is_refused() -> None:
    from pydantic import ValidationError

    from bot.settings import Settings

    with pytest.raises(ValidationError):
        Settings(CASEBOT_LOG_FORMAT="xml")
