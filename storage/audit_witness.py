"""What a witness of the audit log is: somewhere each signed checkpoint is copied that the database's
owner cannot rewrite.

A checkpoint's Merkle root commits to every row up to its tree size, so one
copy held out of reach pins all of those rows: a rewrite of the database,
even re-signed with the master key, no longer reproduces the root the witness
holds. The protocol is small on purpose (publish one checkpoint, read back
what is held for a tree size, list everything held) so a folder on other
storage, an S3 bucket with Object Lock and a Slack channel fit it alike.

Witnesses report what they hold, and any sign of tampering they can see (a
second version of an object, a delete marker, an edited message), as values;
``storage.audit_verify`` decides what that means for the log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

_CODE = re.compile(r"[^a-z0-9_.-]+")


def error_code(value: str) -> str:
    """A short code safe for a log line, an incident and an audit row: lower case, no spaces, no text
    a service chose to send (which can quote a request, an ARN or a header)."""
    code = _CODE.sub("_", value.lower()).strip("_")[:48]
    return code if code[:1].isalpha() else f"e_{code}"[:48]


class WitnessError(Exception):
    """A witness could not be reached, or refused. ``code`` is a short code, never the service's text."""

    def __init__(self, code: str) -> None:
        self.code = error_code(code)
        super().__init__(self.code)


class WitnessConflict(WitnessError):
    """The witness already holds a *different* copy of this checkpoint: evidence, never overwritten."""

    def __init__(self) -> None:
        super().__init__("different_copy_held")


@dataclass(frozen=True, slots=True)
class WitnessCopy:
    """One copy a witness holds: the published document (``None`` when it cannot be read back), and what
    the witness itself saw happen to it since (``tampering``, a phrase for the verify line)."""

    tree_size: int
    document: str | None
    tampering: str | None = None


class Witness(Protocol):
    @property
    def name(self) -> str:
        """Stable, and safe to print: kind and place, never a credential (``s3:bucket/prefix``)."""
        ...

    @property
    def kind(self) -> str:
        """``folder``, ``s3`` or ``slack``."""
        ...

    @property
    def local(self) -> bool:
        """True when the copies sit beside the database (under the data directory): a copy, not a witness."""
        ...

    def publish(self, *, tree_size: int, document: str) -> None:
        """Store this checkpoint's document once; an identical copy already held is success.
        Raises ``WitnessError`` (``WitnessConflict`` when a different copy is held)."""
        ...

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        """The copy held for ``tree_size``, None when there is none. Raises ``WitnessError``."""
        ...

    def list(self) -> list[WitnessCopy]:
        """Every copy held, in tree-size order. Raises ``WitnessError`` when the witness cannot be read."""
        ...

    def check(self) -> str | None:
        """For `config check`: what is wrong with this witness's set-up (None when nothing is)."""
        ...
