"""Who may put back which hidden span, and how the re-post reads with some put back."""

from __future__ import annotations

import pytest

from bot.channels.restore import poster_may_restore, rendered
from storage.quarantine import HeldSpan

TEXT = "Bill Ng called from 612-555-0143 about his ART refill"
NAME = HeldSpan(0, 7, "NAME", "4521")
PHONE = HeldSpan(20, 32, "PHONE")
HEALTH = HeldSpan(43, 53, "HEALTH")


def test_a_name_is_the_posters_to_put_back_even_a_rostered_clients() -> None:
    assert poster_may_restore(NAME, names_a_client=True)


@pytest.mark.parametrize("kind", ["SSN", "DOB", "PHONE", "EMAIL", "ADDRESS", "HEALTH"])
def test_other_kinds_in_a_message_about_a_rostered_client_are_an_admins(kind: str) -> None:
    span = HeldSpan(0, 5, kind)
    assert not poster_may_restore(span, names_a_client=True)
    assert poster_may_restore(span, names_a_client=False)


def test_a_span_matched_to_a_client_is_an_admins_whatever_else_the_message_says() -> None:
    assert not poster_may_restore(HeldSpan(0, 11, "SSN", "4521"), names_a_client=False)


def test_a_kind_casebot_does_not_know_is_an_admins() -> None:
    assert not poster_may_restore(HeldSpan(0, 5, "PASSPORT"), names_a_client=False)


def test_the_repost_hides_what_is_not_shown_as_the_redactor_did() -> None:
    spans = (NAME, PHONE, HEALTH)
    assert rendered(TEXT, spans) == "Client 4521 called from [redacted] about his [redacted]"
    shown = (NAME, HeldSpan(20, 32, "PHONE", shown=True), HEALTH)
    assert rendered(TEXT, shown) == "Client 4521 called from 612-555-0143 about his [redacted]"


def test_the_admins_preview_numbers_every_hidden_span_by_its_place() -> None:
    shown = (HeldSpan(0, 7, "NAME", "4521", shown=True), PHONE, HEALTH)
    assert rendered(TEXT, shown, numbered=True) == (
        "Bill Ng called from [2: PHONE [redacted]] about his [3: HEALTH [redacted]]"
    )
