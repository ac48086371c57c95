"""Properties that must hold for every input, not just the examples we thought of."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction import Redactor
from redaction.normalize import fold

from .conftest import ROSTER

_R = Redactor(ROSTER)
# derandomize: the same 300 examples on every run, so CI fails on a change and never on the luck of a
# draw. To explore new inputs, run with derandomize=False; a failure found so becomes a fixed test below.
_SETTINGS = settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

_FULL_NAMES = [f"{c.first_name} {c.last_name}" for c in ROSTER]
_WORDS = [
    "met",
    "with",
    "today",
    "client",
    "needs",
    "a",
    "bed",
    "DOB",
    "born",
    "SSN",
    "call",
    "at",
    "Mr.",
    "Ms.",
    "HIV+",
    "positive",
    "the",
    "Hope",
    "House",
    "Will",
    "follow",
    "up",
    "Thanks",
    "!",
    ",",
    ".",
    "'s",
    "St",
    "Apt",
    "4B",
    "12/5",
    "3/4/1980",
    "206-555-0143",
    "123-45-6789",
    "x@y.org",
    "1420",
    "Main",
    "Rd",
]
_CASE = st.sampled_from([str, str.lower, str.upper, str.title])


@st.composite
def chat(draw) -> str:
    """Chat-like text: roster names in any case, PII-looking tokens, filler and arbitrary unicode."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_WORDS),
                st.sampled_from(_FULL_NAMES).map(lambda n: n),
                st.text(max_size=8),
                st.from_regex(r"[0-9]{1,10}", fullmatch=True),
            ),
            max_size=14,
        )
    )
    case = draw(_CASE)
    return case(" ".join(parts))


def _check_offsets(text: str, findings) -> None:
    prev = 0
    for f in findings:
        assert 0 <= prev <= f.start < f.end <= len(text)
        prev = f.end


@_SETTINGS
@given(st.text(max_size=300))
def test_never_crashes_and_offsets_are_valid_on_any_unicode(text):
    red = _R.redact(text)
    _check_offsets(text, red.findings)


@_SETTINGS
@given(chat())
def test_offsets_are_valid_and_ordered_on_chat_like_text(text):
    red = _R.redact(text)
    _check_offsets(text, red.findings)
    # the redacted text is the original with each finding replaced, nothing else touched
    rebuilt, pos = [], 0
    for f in red.findings:
        rebuilt.append(text[pos : f.start])
        rebuilt.append(f"Client {f.client_id}" if f.client_id else "[redacted]")
        pos = f.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == red.text


@_SETTINGS
@given(
    st.sampled_from(ROSTER),
    _CASE,
    st.sampled_from(
        ["{} needs a bed", "met with {} today", "{}'s ROI", "Update: {} accepted.", "{}, DOB 1/2/80"]
    ),
)
def test_no_rostered_full_name_survives(client, case, template):
    name = case(f"{client.first_name} {client.last_name}")
    out = _R.redact(template.format(name)).text
    assert fold(name) not in fold(out)


@_SETTINGS
@given(st.one_of(chat(), st.text(max_size=200)))
def test_redacting_redacted_text_finds_nothing_new(text):
    once = _R.redact(text).text
    assert _R.redact(once).findings == ()


@pytest.mark.parametrize("text", ["O:Om\x1b B\x1bOm", "A_vo 0 needs Maria Garcia"])
def test_a_word_the_tagger_would_read_beside_our_own_mark_is_left_to_the_rules(text):
    # (found by the property above with random draws: the second look found 'Om', 'vo' as names, because
    # the tagger's context then held 'Client 1455' where the first look had seen 'Maria Garcia')
    once = _R.redact(text).text
    assert _R.redact(once).findings == ()


def test_a_new_name_beside_a_client_id_is_still_found_by_the_rules():
    assert _R.redact("Client 4521 and her sister Ngozi came by").text == (
        "Client 4521 and her sister [redacted] came by"
    )


def test_the_word_past_a_number_beside_our_own_mark_is_not_asked_of_the_tagger_again():
    once = _R.redact("AB 1420 Ev").text
    assert _R.redact(once).findings == ()


def test_the_digits_left_after_a_cut_number_are_read_the_same_both_times():
    # (found by the property above: the second look read "0 00000000" as a phone, the first had not)
    once = _R.redact("call 0000000000 0 00000000").text
    assert _R.redact(once).findings == ()
