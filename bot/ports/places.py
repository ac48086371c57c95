"""Where a message lives in Slack: the one address every other value of the port builds on.

Kept alone so the carried values (a disclosure's ``Target`` holds a ``Place``) and the protocol in
``bot.ports.slack`` can both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """Where a message lives: a channel, and the thread it is in (None at the top level)."""

    channel: str
    thread_ts: str | None = None


__all__ = ["Place"]
