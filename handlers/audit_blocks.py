"""The audit channel's messages: a signed checkpoint as a person reads it and as ``audit verify`` reads
it back.

The header line is for the HMIS lead (which checkpoint, which root); the code
block below it is the checkpoint document itself, byte for byte what the
folder and the bucket hold, so the copy in Slack can be checked like any other.
"""

from __future__ import annotations

import re

from bot.ports.audit import CheckpointPost

HEADER = "Audit checkpoint"
_HEADER = re.compile(r"^:lock: Audit checkpoint \*(\d{1,15})\*")
_BLOCK = re.compile(r"```\n?(.*?)\n?```", re.DOTALL)
_UNESCAPE = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def checkpoint_text(post: CheckpointPost) -> str:
    return (
        f":lock: {HEADER} *{post.tree_size}*, root `{post.root_hash[:16]}…`. A signed copy of casebot's "
        "audit log checkpoint, kept here as a witness that the log is not rewritten later. "
        "It holds no client data. Please leave this message as it is.\n"
        f"```\n{post.document.rstrip()}\n```"
    )


def tree_size_in(text: str) -> int | None:
    """The tree size a checkpoint message announces, None when the message is not a checkpoint."""
    match = _HEADER.match(text or "")
    return int(match[1]) if match else None


def document_in(text: str) -> str | None:
    """The checkpoint document in a message casebot posted (Slack escapes &, < and >), or None."""
    match = _BLOCK.search(text or "")
    if match is None:
        return None
    document = match[1]
    for escaped, plain in _UNESCAPE:
        document = document.replace(escaped, plain)
    return document.strip() + "\n"
