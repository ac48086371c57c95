"""The error every domain raises for a request a person can fix.

It lives below the domains because admins, importers, meeting rules and
escalations all refuse requests the same way, and the CLI and Slack handlers
show its message as it is.
"""

from __future__ import annotations


class AdminError(ValueError):
    """A request an administrator can fix: the message says what to change."""
