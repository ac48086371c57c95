"""Log lines through structlog: every stdlib ``logging`` call, casebot's and its libraries', comes out
as one JSON object a line (``CASEBOT_LOG_FORMAT=json``, `casebot serve`'s default) or as a line for a
person (``console``, the default of the other commands).

A JSON line holds ``timestamp`` (UTC, ISO 8601), ``level``, ``logger`` and ``event`` (the message,
its %-arguments applied), and ``exception`` when a traceback was logged. What a line says is what
casebot's code logs: IDs and error codes, never a message's text or client data (the Slack libraries'
loggers are held to WARNING and their payloads withheld, ``app.slack_app.quiet_slack_loggers``).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from bot.settings import LogFormat

_PRE_CHAIN: list[Any] = [
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (a test's capture, a redirect), not the one at setup."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        return


class _CasebotHandler(_StderrHandler):
    """The one handler ``configure`` installs on the root logger (found again, and replaced, by type)."""


def formatter(fmt: LogFormat) -> logging.Formatter:
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt is LogFormat.JSON
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    processors: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if fmt is LogFormat.JSON:
        processors.append(structlog.processors.format_exc_info)
    processors.append(renderer)
    return structlog.stdlib.ProcessorFormatter(foreign_pre_chain=_PRE_CHAIN, processors=processors)


def configure(level: str, fmt: LogFormat) -> None:
    """The root logger's one handler, to stderr, in ``fmt``. Called again, it replaces its own handler
    and leaves every other one (pytest's capture, say) where it was."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _CasebotHandler)]:
        root.removeHandler(handler)
    handler = _CasebotHandler()
    handler.setFormatter(formatter(fmt))
    root.addHandler(handler)
    root.setLevel(level)
    structlog.configure(
        processors=[*_PRE_CHAIN, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
