"""Slack's own markup around findings: one client, one replacement; a redacted link, plain text.

Two shapes came out wrong when findings were replaced word by word:

* a name split by formatting, ``*Maria* _Quispe_``, became ``*Client 501* _Client 501_``:
  one person, named twice. Parts of one client's name joined only by formatting marks and
  spaces become one finding, taking the marks that open and close it with it, so the result is
  ``Client 501`` (formatting a client ID is not worth unbalanced asterisks);
* a Slack link, ``<mailto:maria@example.org|maria@example.org>`` or ``<tel:...|...>``, became
  ``<[redacted]:[redacted]|[redacted]>``, a dead link that still shows the shape of an address.
  A finding inside ``<...>`` takes the whole link: ``[redacted]``.
"""

from __future__ import annotations

import re

from redaction.findings import Finding, PiiType

_MARKS = "*_~"
_LINK = re.compile(r"<(?:mailto|tel|https?|sms):[^<>\s|]*(?:\|[^<>]*)?>")


def with_slack_markup(text: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    if not findings:
        return findings
    out = list(findings)
    if "<" in text:
        out = _whole_links(text, out)
    if any(c in text for c in _MARKS):
        out = _joined_names(text, out)
    return tuple(out)


def _whole_links(text: str, findings: list[Finding]) -> list[Finding]:
    for m in _LINK.finditer(text):
        inside = [f for f in findings if m.start() <= f.start and f.end <= m.end()]
        if not inside:
            continue
        kind = min((f.type for f in inside), key=lambda t: t is PiiType.NAME)  # a contact type wins
        findings = [f for f in findings if f not in inside]
        findings.append(Finding(m.start(), m.end(), kind))
    return sorted(findings, key=lambda f: (f.start, f.end))


def _joined_names(text: str, findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type is PiiType.NAME
            and f.type is PiiType.NAME
            and prev.client_id is not None
            and prev.client_id == f.client_id
            and text[prev.end : f.start].strip(_MARKS + " ") == ""
            and any(c in _MARKS for c in text[prev.end : f.start])
        ):
            start, end = _outward(text, prev.start, f.end)
            out[-1] = Finding(start, end, PiiType.NAME, client_id=f.client_id)
            continue
        if f.type is PiiType.NAME and any(c in _MARKS for c in text[f.start : f.end]):
            start, end = _outward(text, f.start, f.end)  # found whole across the marks ("Maria* *Quispe")
            f = Finding(start, end, f.type, f.client_id, f.candidates)
        out.append(f)
    return out


def _outward(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen over formatting marks right before ``start`` and right after ``end``."""
    while start > 0 and text[start - 1] in _MARKS:
        start -= 1
    while end < len(text) and text[end] in _MARKS:
        end += 1
    return start, end


# Slack's _italic_ underscores: one opening a word (after a space, a bracket, a quote or the start) or
# one closing it (before a space, punctuation or the end). An underscore inside a word ("first_last",
# an email's "j_doe@") is part of the word and stays.
_ITALIC_RE = re.compile(
    r"(?:(?<=[\s(\[>\"'“‘*~])|^)_+(?=[^\W_])"
    r"|(?:(?<=[^\W_])|(?<=[+%.)]))_+(?=[\s.,;:!?)\]\"'”’*~]|$)",
    re.M,
)


# Slack's bold asterisks around words ("is *positive* and"); never the stars of a mask ("***-**-0915").
_BOLD_RE = re.compile(
    r"(?:(?<=[\s(\[>\"'“‘_~])|^)\*(?=[^\W\d_])|(?<=[^\W\d_])\*(?=[\s.,;:!?)\]\"'”’_~]|$)",
    re.M,
)


def without_emphasis(text: str) -> str:
    """``text`` with Slack's italic underscores and bold asterisks made spaces (the same length, so
    offsets still hold): a pattern that wants a word boundary or a space finds one in "_positive
    status_", "_555-21-4433_" or "is *positive* and"."""
    if "_" in text:
        text = _ITALIC_RE.sub(lambda m: " " * len(m.group()), text)
    if "*" in text:
        text = _BOLD_RE.sub(" ", text)
    return text
