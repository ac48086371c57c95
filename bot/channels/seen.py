"""Which messages casebot has handled, by channel, ts and edit, so the catch-up sweep skips them.

A message casebot handled as it was posted (or swept before) is marked once its work is done; the
sweep (``bot.events.sweep``) puts on the stream only what carries no mark. An edit is another
version (its ``edited.ts``) and needs a mark of its own: an edit made while casebot was down may add
the PII. The marks outlive the sweep's window by a day and hold no text.
"""

from __future__ import annotations

import contextlib

from storage.kv import KeyValueStore, StoreUnavailable


def _key(channel: str, ts: str, version: str) -> str:
    return f"seen:{channel}:{ts}:{version}"


def mark_seen(kv: KeyValueStore, *, channel: str, ts: str, version: str, ttl_seconds: int) -> None:
    # Without Redis the sweep looks at it again: scanning twice is harmless, missing it is not.
    with contextlib.suppress(StoreUnavailable):
        kv.set(_key(channel, ts, version), b"1", ttl_seconds=ttl_seconds)


def was_seen(kv: KeyValueStore, *, channel: str, ts: str, version: str) -> bool:
    """Raises ``StoreUnavailable``: without Redis the sweep cannot tell, and waits."""
    return kv.get(_key(channel, ts, version)) is not None
