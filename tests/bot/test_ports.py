"""The port's values: typed, PII kept out of their reprs, and in step with the rules they mirror."""

from __future__ import annotations

import inspect
import typing
from datetime import UTC, datetime

from bot.oversight.suspicion import Rule
from bot.ports.disclosure import Revealed
from bot.ports.escalations import LEGAL_REQUEST_RULE, Card, Kind, News, Status
from bot.ports.meetings import CreatedMeeting, MeetingPost, ProviderName
from bot.ports.slack import SlackPort


def test_every_port_method_names_the_types_it_carries() -> None:
    for name, method in inspect.getmembers(SlackPort, inspect.isfunction):
        hints = typing.get_type_hints(method)
        assert typing.Any not in hints.values(), name
    assert typing.get_type_hints(SlackPort.send_dm)["content"] == Card | News
    assert typing.get_type_hints(SlackPort.update_dm)["content"] == Card | News


def test_a_card_needs_an_admin_for_the_legal_request_rule_by_its_name() -> None:
    assert Rule.LEGAL_REQUEST.value == LEGAL_REQUEST_RULE

    def card(*rules: str) -> Card:
        return Card(
            id=1,
            kind=Kind.HELD,
            rules=rules,
            requester="U0MEMBER1",
            agency="hope-house",
            client_ids=("777001",),
            purpose="outreach",
            detail={},
            opened_at=datetime(2026, 6, 1, tzinfo=UTC),
            status=Status.PENDING,
        )

    assert card(Rule.REVEAL_BURST.value, Rule.LEGAL_REQUEST.value).approve_needs_admin
    assert not card(Rule.REVEAL_BURST.value).approve_needs_admin


def test_reprs_hide_pii_links_and_passcodes() -> None:
    revealed = Revealed(client_id="777001", purpose="outreach", values={"name": "Zephyrinaqa Doe"})
    assert repr(revealed) == str(revealed) == "Revealed(client=777001, fields=['name'], withheld=[])"
    created = CreatedMeeting(
        provider=ProviderName.ZOOM,
        meeting_id="85012345678",
        join_url="https://zoom.us/j/85012345678?pwd=Sec-ret_42",
        passcode="Sec-ret_42",
        passcode_in_link=True,
        link_key=None,
        starts_at=None,
        minutes=60,
    )
    post = MeetingPost(created=created, requester="U0MEMBER1", topic="Zephyrinaqa's housing", zone="UTC")
    assert repr(created) == "CreatedMeeting(provider=zoom, meeting_id=85012345678, <link hidden>)"
    assert repr(post) == f"MeetingPost({created!r}, requester=U0MEMBER1)"
    for text in (repr(created), repr(post), str(post)):
        assert "Sec-ret_42" not in text and "zoom.us" not in text and "Zephyrinaqa" not in text
