"""What casebot writes to disk is its own: folders 0700, files 0600, whatever the umask says.

The data directory holds the SQLite database (encrypted columns, but also who shared what with whom),
the master key, the embedded Redis dump (sessions, one-time tokens) and the audit checkpoints. A
default umask of 022 would make all of them readable by every account on the host. The CLI (and so
``casebot serve`` and its gunicorn workers) runs under ``PRIVATE_UMASK``; the functions here make
the same true when casebot is used as a library, for the files it creates itself, and ``private_umask``
covers what a child process creates (the embedded redis-server writes its dump with the umask it
inherited).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_dir(path: Path) -> Path:
    """``path`` exists as a folder only its owner can enter (parents created the same way)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """``path`` exists (empty if it was not there) and only its owner can read or write it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    path.chmod(0o600)
    return path


@contextmanager
def private_umask() -> Iterator[None]:
    """Files created in the block, by this process or a child it starts, get no group or other bits."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
