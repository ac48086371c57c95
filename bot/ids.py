"""Who casebot is in its own audit rows, and the shapes of Slack identifiers it lets reach SQL and audit.

Slack IDs arrive in payloads anyone can forge until the signature is checked,
and some reach audit rows as actors or subjects: each is matched whole against
its shape before it is used.
"""

from __future__ import annotations

import re

from storage.audit import safe_identifier  # what an audit row may name; handlers check with it too

ACTOR = "bot:casebot"  # the actor of everything casebot does on its own (redactions, notices, upkeep)
SLACK_ID = re.compile(r"^[A-Z0-9]{2,32}$")
SLACK_TS = re.compile(r"^\d{1,12}\.\d{1,9}$")
SLACK_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,31}$")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # an HMIS PersonalID, or an anonymous client's ID

__all__ = ["ACTOR", "CLIENT_ID", "SLACK_CHANNEL_ID", "SLACK_ID", "SLACK_TS", "safe_identifier"]
