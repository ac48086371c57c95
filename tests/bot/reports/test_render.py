"""An empty month, a month with one event and a month not over yet all say so plainly, in the HTML
and in a real browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from bot.context import Casebot
from bot.reports.build import build_report
from bot.reports.month import month_of
from storage import audit
from tests.bot.reports.browser import needs_chromium, screenshot

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_empty_month_says_there_was_nothing_in_each_section(app: Casebot) -> None:
    report = build_report(app, month=month_of("2026-10", now=NOW), verify_result=None, now=NOW)
    text = _text(report.html)
    assert "October 2026 (the whole month)" in text
    for words in (
        "No messages or files with PII this month.",
        "No disclosures this month.",
        "No refusals this month.",
        "No escalations this month.",
        "No incidents opened or closed this month.",
        "No accesses ended this month.",
        "No meeting links or meetings this month.",
    ):
        assert words in text
    assert "<svg" not in report.html.split('id="verification"')[0]  # no chart of nothing


def test_a_month_with_one_event_shows_it_and_nothing_else(app: Casebot) -> None:
    with app.db.transaction() as session:
        audit.record(
            session,
            actor="casebot",
            action="message.redacted",
            client_id="1455",
            detail={"channel": "C0CASE001", "poster": "U0MEMBER1", "types": ["ssn"], "client_ids": ["1455"]},
            occurred_at=datetime(2026, 10, 9, 12, 0, tzinfo=UTC),
        )
    report = build_report(app, month=month_of("2026-10", now=NOW), verify_result=None, now=NOW)
    r = report.figures.redactions
    assert (r.messages, r.files, r.by_type, r.by_channel) == (1, 0, {"ssn": 1}, {"C0CASE001": 1})
    assert [w[1] for w in r.weekly] == [0, 1, 0, 0, 0]  # the 9th: days 8-14
    assert report.html.count('class="chart"') == 2  # per week and by type; nothing else happened
    text = _text(report.html)
    assert "No disclosures this month." in text and "No messages or files" not in text
    # Another month does not see it.
    other = build_report(app, month=month_of("2026-11", now=NOW), verify_result=None, now=NOW)
    assert other.figures.redactions.messages == 0


def test_a_month_not_over_yet_says_month_to_date_through_today(app: Casebot) -> None:
    now = datetime.now(UTC)
    report = build_report(app, month=month_of(now.strftime("%Y-%m"), now=now), verify_result=None, now=now)
    assert f"month to date, through {now.date().isoformat()}" in _text(report.html)
    assert report.figures.audit_rows >= 1  # the installation's own first row


@needs_chromium
def test_the_empty_report_opens_in_chromium_without_console_errors(app: Casebot, tmp_path: Path) -> None:
    report = build_report(app, month=month_of("2026-10", now=NOW), verify_result=None, now=NOW)
    page = tmp_path / "report.html"
    page.write_text(report.html)
    shot = screenshot(page, tmp_path / "report.png", height=1600)
    assert shot.console == []
    image = shot.image()
    assert len(image.crop((0, 0, 1000, 400)).getcolors(1 << 24) or []) > 10  # text was drawn


@needs_chromium
def test_the_console_check_hears_a_page_that_logs_an_error(tmp_path: Path) -> None:
    """The check above would pass vacuously if Chromium never told us what a page's console said."""
    page = tmp_path / "noisy.html"
    page.write_text('<!DOCTYPE html><p>x</p><script>console.error("planted error")</script>')
    assert any(
        "planted error" in line for line in screenshot(page, tmp_path / "noisy.png", height=200).console
    )
