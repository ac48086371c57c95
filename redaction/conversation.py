"""The clients already named in the conversation a message belongs to.

Earlier messages of a thread, or the channel's by-name list, say who is being
talked about; that is the bot's knowledge, not the engine's. The engine only
takes the result, a set of client IDs, for the duration of one call, and uses
it two ways: a first name or nickname of one of those clients needs less
evidence to be read as that person ("Will already has a bed" after Will Long
was named), and an ambiguous first name that only one of them has gets that
client's ID.

It travels in a :class:`contextvars.ContextVar` rather than through every
matcher's arguments: each call sets it and resets it, so concurrent calls (one
per thread or task) never see each other's conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CLIENTS: ContextVar[frozenset[str]] = ContextVar("casebot_conversation_clients", default=frozenset())


@contextmanager
def in_conversation(client_ids: Iterable[str]) -> Iterator[None]:
    """Within the block, :func:`conversation_clients` is ``client_ids``."""
    ids = client_ids if isinstance(client_ids, frozenset) else frozenset(str(c) for c in client_ids)
    token = _CLIENTS.set(ids)  # the bot passes a frozenset of IDs, often hundreds: not copied
    try:
        yield
    finally:
        _CLIENTS.reset(token)


def conversation_clients() -> frozenset[str]:
    """The client IDs of the conversation the current call is about (empty when none was given)."""
    return _CLIENTS.get()
