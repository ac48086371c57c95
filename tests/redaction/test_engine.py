"""The Redactor's contract: sorted, non-overlapping findings with offsets into the original text."""

from __future__ import annotations

from redaction import Finding, PiiType, Redaction, Redactor, RosterEntry


def test_empty_roster_still_redacts_patterns_and_unknown_names():
    red = Redactor().redact("Nicholas Velazquez 206-555-0143")
    assert red.text == "[redacted] [redacted]"
    assert [f.type for f in red.findings] == [PiiType.NAME, PiiType.PHONE]


def test_text_without_pii_is_returned_unchanged():
    red = Redactor().redact("Call the coordinated entry line if the portal is down.")
    assert red == Redaction(text="Call the coordinated entry line if the portal is down.", findings=())


def test_findings_are_sorted_non_overlapping_and_index_the_original(redact):
    text = "Email for Maria Garcia: maria.garcia80@gmail.com, DOB 04/12/1980, 229 Christopher Way Apt 3"
    red = redact(text)
    prev_end = 0
    for f in red.findings:
        assert prev_end <= f.start < f.end <= len(text)
        prev_end = f.end
    assert [text[f.start : f.end] for f in red.findings] == [
        "Maria Garcia",
        "maria.garcia80@gmail.com",
        "04/12/1980",
        "229 Christopher Way Apt 3",
    ]


def test_a_name_inside_an_email_is_one_email_finding(redact):
    (f,) = redact("write maria.garcia80@gmail.com").findings
    assert f.type is PiiType.EMAIL


def test_pii_type_values_are_the_contract_strings():
    assert [t.value for t in PiiType] == ["NAME", "SSN", "DOB", "PHONE", "EMAIL", "ADDRESS", "HEALTH"]


def test_finding_json_omits_empty_candidates():
    assert Finding(0, 3, PiiType.SSN).to_json() == {"start": 0, "end": 3, "type": "SSN", "client_id": None}


def test_roster_with_missing_parts_is_accepted():
    r = Redactor(
        [RosterEntry("9", None, "Yazzie"), RosterEntry("10", "Ahiga", None), RosterEntry("11", "", "")]
    )
    assert r.redact("Mr. Yazzie called").text == "Client 9 called"


def test_redaction_is_deterministic(redactor):
    text = "Bob Johnson and Maria Lopez, 206-555-0143"
    assert redactor.redact(text) == redactor.redact(text)


def test_an_internal_failure_raises_without_the_message_text(monkeypatch):
    import pytest

    from redaction import engine

    r = Redactor([RosterEntry("1", "Maria", "Garcia")])

    def boom(text, judge):
        raise ValueError(text)

    monkeypatch.setattr(engine, "find_patterns", boom)
    with pytest.raises(engine.RedactionError) as info:
        r.redact("Maria Garcia 123-45-6789")
    assert "Maria" not in str(info.value) and info.value.__cause__ is None
    assert info.value.__suppress_context__
