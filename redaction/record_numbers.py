"""Numbers that are an agency's record of a person, not the person's own SSN or phone.

A case conference quotes booking numbers, Medicaid (MA/PMI) numbers, member IDs, MRNs, case and
confirmation numbers. Written plainly after their label, they are identifiers of a record: shaped
like an SSN ("Member ID 123456789") or cued by "#" like a phone ("Booking #2025-003318"), they are
not one, and hiding them as one would put a wrong type in the channel and the audit log. (An
identifier is kept only when its label is right before it; written alone, nine digits are still
taken for an SSN.)
"""

from __future__ import annotations

import re

_SUFFIX = r"(?:id|no\.?|num(?:ber)?|nbr|#)"
_RECORD_LABEL_RE = re.compile(
    # a label that names a record by itself: "Booking #", "MRN", "PMI 04418822", "member ID"
    r"(?i)\b(?:(?:member|subscriber|medicaid|medicare|pmi|mrn|booking|docket|policy|confirmation|inmate"
    rf"|offender|oid|tracking|invoice|ticket|order)[ \t]*{_SUFFIX}?"
    # and one that does only with "ID", "no.", "#": "case #", "client ID", "MA #", "acct no."
    rf"|(?:case|file|account|acct|group|permit|license|licence|lic|dl|voucher|referral|hmis|client|m\.?a\.?)"
    rf"[ \t]*{_SUFFIX})"
    r"[ \t]*[:#]?[ \t]*$"
)


def after_record_label(text: str, start: int) -> bool:
    """Is the number at ``start`` written right after a record's label ("Member ID", "booking #")?"""
    return _RECORD_LABEL_RE.search(text, max(0, start - 24), start) is not None
