"""Slack's markup around findings: one client's name split by formatting is one client ID, and a Slack
link with PII in it becomes plain [redacted], not a dead link."""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterEntry

_R = Redactor([RosterEntry("501", "Maria", "Quispe"), RosterEntry("502", "Ana", "Ruiz")])


@pytest.mark.parametrize(
    "text",
    ["*Maria* _Quispe_ needs a ride", "_Maria_ *Quispe* needs a ride", "*Maria* *Quispe* needs a ride"],
)
def test_a_name_split_by_formatting_becomes_the_client_id_once(text: str) -> None:
    assert _R.redact(text).text == "Client 501 needs a ride"


def test_formatting_around_a_whole_name_stays() -> None:
    assert _R.redact("*Maria Quispe* needs a ride").text == "*Client 501* needs a ride"


def test_two_clients_side_by_side_stay_two() -> None:
    assert _R.redact("*Maria Quispe* *Ana Ruiz* both housed").text == "*Client 501* *Client 502* both housed"


@pytest.mark.parametrize(
    "text",
    [
        "email <mailto:maria.q@gmail.com|maria.q@gmail.com> please",
        "call <tel:6125550143|612-555-0143> please",
        "email <mailto:maria.q@gmail.com> please",
    ],
)
def test_a_slack_link_holding_pii_becomes_plain_redacted(text: str) -> None:
    after = _R.redact(text).text
    assert after.endswith(" please") and "[redacted]" in after
    assert "<" not in after and "mailto" not in after and "tel:" not in after


def test_a_link_without_pii_is_left_alone() -> None:
    text = "see <https://hud.gov/coc|the CoC page>"
    assert _R.redact(text).text == text


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("_positive status_ per her ID doc", "positive status"),
        ("client is _HIV+_ fyi", "HIV+"),
        ("ss# _555-21-4433_ on the form", "555-21-4433"),
        ("_dob 3/4/1981_", "3/4/1981"),
        ("staying at _1420 Oak St_ for now", "1420 Oak St"),
        ("> _call 612-555-0144 after 3_", "612-555-0144"),
    ],
)
def test_italic_underscores_do_not_hide_pii_from_the_detectors(text: str, hidden: str) -> None:
    assert hidden in [text[f.start : f.end] for f in _R.redact(text).findings]


@pytest.mark.parametrize("text", ["_van keys are on the hook_", "_Will follow up_ on the grant application"])
def test_italic_underscores_around_ordinary_words_change_nothing(text: str) -> None:
    assert _R.redact(text).findings == ()


def test_an_underscore_inside_a_word_is_part_of_the_word() -> None:
    text = "email first_last@example.org about it"
    assert [text[f.start : f.end] for f in _R.redact(text).findings] == ["first_last@example.org"]
