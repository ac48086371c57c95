"""What scans, OCR and pasted forms do to numbers, undone on the copy the detectors read.

OCR reads a 0 as the letter O and a 1 as l or I ("58O-9l-3327", "612 555 0l87", "3/4/7l"), and an 8
or a 5 between two digits as B or S ("955-12-99B3"); an
old spreadsheet types "_" for "-" ("521-44_4412") and reads "DOB" as "D0B"; a printed form runs its labels
into the values with leader dots ("ssn.......473.92.0664"); a screenshot breaks a line inside a
number ("555-\n0191"). A reader sees the number all the same, so the matcher
must too. Every change keeps the text's length, so each offset still holds and a finding covers
exactly the characters of the original.
"""

from __future__ import annotations

import re

# a run of digits with O/o/l/I among them, not inside a word
_GROUP_RE = re.compile(r"(?<![^\W_])(?=[\dOolI]*[OolI])(?=[\dOolI]*\d)[\dOolI]+(?![^\W_])")
_DIGIT_RE = re.compile(r"\d")
_LETTER_BY_DIGIT_RE = re.compile(r"\d[OolI]|[OolI]\d")  # (the cheap test first: most text has none)
_NEXT_TO_DIGITS_RE = re.compile(r"\d[-./ ]$")
_BEFORE_DIGITS_RE = re.compile(r"[-./ ]\d")
_LEADER_RE = re.compile(r"(?<=[^\W\d_])\.{3,}(?=[^\s.])")  # "name......Xee", "d.o.b.....10.05.2001"
_DIGIT_UNDERSCORE_RE = re.compile(r"(?<=\d)_(?=\d)")
_ZERO_IN_DOB_RE = re.compile(r"(?<![^\W_])([Dd])0([Bb])(?![^\W_])")  # "D0B 06 18 2000"
_BROKEN_AFTER_DASH_RE = re.compile(r"(?<=\d-)\n(?=\d)")  # "(612) 555-\n0191": a line broken in a number
_LETTER_DIGIT = str.maketrans("OolI", "0011")
_B_OR_S_IN_DIGITS_RE = re.compile(r"(?<=\d)[BS](?=\d)")


def without_scan_noise(text: str) -> str:
    """``text`` with digit look-alikes inside numbers made digits, leader dots made spaces, "_"
    between digits made "-", "D0B" made "DOB" and a line break after a number's dash made a space;
    the same length, and ``text`` itself when there is nothing to undo."""
    if _DIGIT_RE.search(text) is None:
        return text
    out = text
    if _LETTER_BY_DIGIT_RE.search(text):
        out = _GROUP_RE.sub(lambda m: _digits(out, m), out)
    if "B" in out or "S" in out:
        out = _B_OR_S_IN_DIGITS_RE.sub(lambda m: "8" if m.group() == "B" else "5", out)
    if "..." in out:
        out = _LEADER_RE.sub(lambda m: " " * len(m.group()), out)
    if "_" in out:
        out = _DIGIT_UNDERSCORE_RE.sub("-", out)
    if "0B" in out or "0b" in out:
        out = _ZERO_IN_DOB_RE.sub(r"\1O\2", out)
    if "-\n" in out:
        out = _BROKEN_AFTER_DASH_RE.sub(" ", out)
    return out


def _digits(text: str, m: re.Match[str]) -> str:
    """The group as digits when it reads as part of a number: three characters with two digits at
    least, or a digit first and written against another group of digits ("58O-9l", "/7l")."""
    group = m.group()
    if sum(c.isdigit() for c in group) >= 2 and len(group) >= 3:
        return group.translate(_LETTER_DIGIT)
    if not group[0].isdigit():
        return group  # "l4 1234" is "last 4", not 14
    before = text[max(0, m.start() - 2) : m.start()]
    if _NEXT_TO_DIGITS_RE.search(before) or _BEFORE_DIGITS_RE.match(text, m.end()):
        return group.translate(_LETTER_DIGIT)
    return group
