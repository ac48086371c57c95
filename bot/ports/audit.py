"""What travels to and from the HMIS lead's audit channel: signed checkpoints, nothing else.

A checkpoint holds no PII (a tree size, hashes, a time, a signature), so
posting it to a channel is safe; the channel is the lead's private one, where
a copy sits out of reach of whoever runs the database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CheckpointPost:
    """One signed checkpoint to post; ``document`` is its JSON as every copy holds it."""

    tree_size: int
    root_hash: str
    document: str


@dataclass(frozen=True, slots=True)
class PostedCheckpoint:
    """A checkpoint casebot itself posted, read back from the channel's history.

    ``document`` is None when the message no longer holds one it can read;
    ``edited`` says Slack marked the message as edited after it was posted.
    """

    ts: str
    tree_size: int
    document: str | None
    edited: bool
