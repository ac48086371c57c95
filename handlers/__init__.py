"""Slack in and out: parse payloads, call bot/, render Block Kit. Thin, no rules."""

from __future__ import annotations

from slack_bolt import App

from bot.runtime import BotRuntime
from handlers import actions, anonymize, commands, home, incidents, meetings, messages, sharing
from handlers.escalation import register as register_escalation


def register_all(app: App, runtime: BotRuntime) -> None:
    """Attach every listener casebot has to a Bolt app."""
    register_escalation(app, runtime)  # first: it takes direct messages before the channel guard's listener
    messages.register(app, runtime)
    home.register(app, runtime)
    actions.register(app, runtime)
    commands.register(app, runtime)
    sharing.register(app, runtime)
    meetings.register(app, runtime)
    incidents.register(app, runtime)
    anonymize.register(app, runtime)
