"""Invisible and look-alike characters must not hide PII from the redactor.

A reader sees "Maria Garcia" whatever zero-width or look-alike characters are
typed into it, so the redactor must too, and its finding must cover those
characters as well (nothing of the name may stay behind).
"""

from __future__ import annotations

from redaction import PiiType


def _only(redact, text):
    (f,) = redact(text).findings
    return f


def test_a_zero_width_space_inside_a_rostered_name_does_not_hide_it(redact):
    text = "Checked in with Ma\u200bria Gar\u200bcia at the drop-in"
    red = redact(text)
    assert red.text == "Checked in with Client 1455 at the drop-in"
    f = red.findings[0]
    assert text[f.start : f.end] == "Ma\u200bria Gar\u200bcia"


def test_zero_width_joiners_and_a_word_joiner_inside_a_name_are_covered_too(redact):
    assert redact("Ah\u200ciga Yaz\u200dzie\u2060 got the keys").text == "Client 1504 got the keys"


def test_a_soft_hyphen_inside_a_surname_does_not_hide_it(redact):
    assert redact("Mr. War\u00adsame has a new caseworker").text == "Client 1502 has a new caseworker"


def test_a_byte_order_mark_inside_a_name_does_not_hide_it(redact):
    assert redact("Robert\ufeff Johnson needs a bus pass").text == "Client 1500 needs a bus pass"


def test_cyrillic_look_alike_letters_in_a_latin_name_are_read_as_latin(redact):
    # "а" and "о" below are Cyrillic
    assert redact("M\u0430ria G\u0430rcia and R\u043ebert Johns\u043en").text == "Client 1455 and Client 1500"


def test_greek_look_alike_capitals_in_a_name_are_read_as_latin(redact):
    # Greek capital Alpha, Iota and Omicron
    assert redact("\u0391HIGA Y\u0391ZZIE moved").text == "Client 1504 moved"


def test_a_name_in_fullwidth_letters_is_found(redact):
    assert redact("ｍａｒｉａ ｇａｒｃｉａ called back").text == "Client 1455 called back"


def test_combining_marks_stacked_on_a_name_do_not_hide_it(redact):
    red = redact("M\u0337a\u0337r\u0337i\u0337a\u0337 G\u0337a\u0337r\u0337c\u0337i\u0337a\u0337 is here")
    assert red.text == "Client 1455 is here"


def test_a_phone_number_in_fullwidth_digits_is_a_phone(redact):
    f = _only(redact, "her cell ２０６-５５５-０１４３ works")
    assert f.type is PiiType.PHONE


def test_a_zero_width_space_inside_a_phone_number_is_covered(redact):
    text = "call 206\u200b-555\u200b-0143 after 3"
    red = redact(text)
    assert red.text == "call [redacted] after 3"


def test_a_phone_number_with_unicode_hyphens_is_a_phone(redact):
    assert redact("call 206\u2011555\u20100143").text == "call [redacted]"


def test_an_ssn_with_invisible_characters_between_its_digits_is_an_ssn(redact):
    f = _only(redact, "SSN 123\u200b45\u00ad6789 on file")
    assert f.type is PiiType.SSN


def test_an_ssn_in_arabic_indic_digits_is_an_ssn(redact):
    assert redact("ssn \u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669").text == "ssn [redacted]"


def test_a_word_really_written_in_cyrillic_is_left_alone(redact):
    assert redact("Она сказала спасибо").findings == ()


def test_curly_quotes_and_emoji_leave_offsets_unchanged(redact):
    text = "😀 Maria Garcia’s ROI is in"
    red = redact(text)
    assert red.text == "😀 Client 1455’s ROI is in"
