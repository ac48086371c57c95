"""Colleagues' first names (the workspace's members, passed as known words) stay readable, unless the
message plainly talks about a client by that name.

The rule, and why: a staff member called Maria and a client called Maria Lopez share a word. Hiding
every "Maria" makes the channel unreadable ("Maria will do the move-in"); leaving every "Maria" would
leak the client's name when she is talked about. So a colleague's first name is kept unless there is
plain client evidence next to it (a possessive, "met with"/"housed", "needs"/"is staying", a DOB, a
number, other PII in the next words), a surname or an initial after it, in which case it is
redacted, and carries the client's ID only if exactly one client has that first name. Addressing a
colleague ("Thanks Maria!", "Maria, can you ...") is never evidence.
"""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterEntry

_BASE = Redactor([RosterEntry("1455", "Maria", "Lopez"), RosterEntry("1500", "Dave", "Kim")])
_R = _BASE.with_known_words(["Maria Santos", "Dave", "Keisha"])


@pytest.mark.parametrize(
    "text",
    [
        "Thanks Maria!",
        "Maria will do the move-in.",
        "Maria from outreach is out today",
        "ask Maria about the keys",
        "Dave is covering intake, Keisha is off",
        "Maria, can you pull the file?",
    ],
)
def test_a_colleagues_first_name_stays_readable(text):
    assert _R.redact(text).findings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met with Maria today", "met with Client 1455 today"),
        ("Maria's ROI is signed", "Client 1455's ROI is signed"),
        ("Maria (dob 3/4/1980) needs a bed", "Client 1455 (dob [redacted]) needs a bed"),
        ("Maria is HIV+", "Client 1455 is [redacted]"),
        ("Maria is staying at 12 Main St", "Client 1455 is staying at [redacted]"),
        ("Maria Lopez moved in", "Client 1455 moved in"),
        ("Maria Gonzalez moved in", "[redacted] moved in"),  # a full name is a person, whoever it is
        ("Keisha Lee called", "[redacted] called"),
        ("new # for Keisha P.: 612-555-0134", "new # for [redacted]: [redacted]"),
    ],
)
def test_the_same_name_talked_about_as_a_client_is_redacted(text, expected):
    assert _R.redact(text).text == expected


def test_without_known_words_the_name_is_redacted_when_cued():
    """No member list (the CLI, a test): the general rule applies and PII safety wins."""
    assert _BASE.redact("Maria will do the move-in.").text == "Client 1455 will do the move-in."


def test_with_known_words_shares_the_index():
    assert _R.roster_size == _BASE.roster_size == 2


_TEAM = Redactor(
    [
        RosterEntry("1455", "Maria", "Lopez"),
        RosterEntry("1600", "Ana", "Monroe"),
        RosterEntry("1700", "Derek", "Hale"),
    ],
    colleagues=["Keisha Monroe", "Derek Lindqvist", "Grace Whitlock", "Derek Hale"],
)


@pytest.mark.parametrize(
    "text",
    [
        "To: Keisha Monroe\n\nHi Keisha, the recert is due 1/15.",
        "Referred by: Derek Lindqvist",
        "> On Dec 3, 2026, Grace Whitlock wrote:\n> Reminder that the grant report is due next week.",
    ],
)
def test_a_colleagues_full_name_stays_readable(text):
    """A colleague named in full, as the member list has them (email headers, referrals, signatures)."""
    assert _TEAM.redact(text).findings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Referred by: Derek Lindqvist\nClient: Maria Lopez",
            "Referred by: Derek Lindqvist\nClient: Client 1455",
        ),
        ("Monroe accepted the unit", "Client 1600 accepted the unit"),  # a colleague's surname alone
        ("Derek Hale moved in", "Client 1700 moved in"),  # a client with a colleague's whole name
        ("Keisha Monroe-Diaz called", "[redacted] called"),  # more than the colleague's name
    ],
)
def test_what_is_not_exactly_a_colleague_is_still_hidden(text, expected):
    assert _TEAM.redact(text).text == expected


def test_colleagues_are_kept_by_with_known_words_too():
    assert (
        _BASE.with_known_words((), colleagues=["Grace Whitlock"]).redact("From: Grace Whitlock").findings
        == ()
    )
