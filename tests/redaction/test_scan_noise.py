"""What OCR and pasted forms do to numbers does not hide them: the redactor reads the number a reader
sees, and hides exactly the characters written."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor
from redaction.scan_noise import without_scan_noise

_R = Redactor([])


def _found(text: str) -> list[tuple[str, PiiType]]:
    return [(text[f.start : f.end], f.type) for f in _R.redact(text).findings]


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("OCR of the card: number 58O-9l-3327, blurry", "58O-9l-3327", PiiType.SSN),
        ("value 475-33-O126 contains a letter", "475-33-O126", PiiType.SSN),
        ("can u call me at my friends 612 555 0l87", "612 555 0l87", PiiType.PHONE),
        ("ssn.......473.92.0664", "473.92.0664", PiiType.SSN),
        ("cell......651.555.0109", "651.555.0109", PiiType.PHONE),
        ("Johnson, Michael   3/4/1971   521-44_4412   unsheltered", "521-44_4412", PiiType.SSN),
        ("SSN on the scanned form reads 955-12-99B3.", "955-12-99B3", PiiType.SSN),
        ("ssn 4S5-33-0126 per the scan", "4S5-33-0126", PiiType.SSN),
    ],
)
def test_a_number_with_scan_noise_is_found_as_written(text, span, kind):
    assert (span, kind) in _found(text)


@pytest.mark.parametrize(
    "text",
    ["O2 tank is empty", "I-94 form", "pls verify l4 1234", "lol l0l", "10 lbs", "wait... 651", "room B12"],
)
def test_letters_and_dots_that_are_not_inside_a_number_stay_as_they_are(text):
    assert without_scan_noise(text) == text


def test_the_copy_keeps_every_offset():
    text = "name......Xee\nssn.......473.92.0664 58O-9l-3327"
    assert len(without_scan_noise(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("OCR, shelter ID card:\nFREEMAN, DARIUS\nD0B 06 18 2000   Bed 18", "06 18 2000", PiiType.DOB),
        ("hey its me new\nnumber. save it\n(612) 555-\n0191\nDelivered", "(612) 555-\n0191", PiiType.PHONE),
    ],
)
def test_ocr_that_misreads_a_label_or_breaks_a_line_does_not_hide_the_number(text, span, kind):
    assert (span, kind) in _found(text)
