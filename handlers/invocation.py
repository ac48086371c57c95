"""One /casebot call, as the sub-command handlers receive it.

Its own module so that ``handlers.commands`` (the table of sub-commands) and
the modules that own each sub-command can both use it without importing each
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.runtime import BotRuntime


@dataclass(frozen=True)
class Invocation:
    """One /casebot call: who, where, the words after the subcommand, and what is needed to answer."""

    ack: Ack
    client: WebClient
    runtime: BotRuntime
    user: str
    channel: str
    args: list[str]
    command: dict[str, Any]
