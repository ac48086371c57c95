"""casebot's pure redaction engine: roster names -> client IDs, other PII -> a neutral mark.

No I/O, no database, no Slack. Build a :class:`Redactor` from the roster and
call :meth:`Redactor.redact` on each message.
"""

from redaction.engine import Redactor
from redaction.findings import Finding, PiiType, Redaction
from redaction.roster import RosterEntry

__all__ = ["Finding", "PiiType", "Redaction", "Redactor", "RosterEntry"]
