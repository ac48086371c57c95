"""One monthly report, from figures to files: what the command, App Home and the schedule share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.context import Casebot
from bot.reports.checklist import Item, checklist
from bot.reports.figures import MonthlyFigures, monthly_figures
from bot.reports.month import Month
from bot.reports.render_html import render_html
from bot.reports.render_pdf import render_pdf


@dataclass(frozen=True, slots=True)
class Report:
    figures: MonthlyFigures
    checklist: list[Item]
    html: str

    def pdf(self) -> bytes:
        return render_pdf(html=self.html)

    @property
    def filename(self) -> str:
        return f"casebot-report-{self.figures.month.label}"


def build_report(
    app: Casebot, *, month: Month, verify_result: object | None, now: datetime | None = None
) -> Report:
    """``verify_result``: the caller's ``audit_service.verify`` run (it knows how to reach the
    witnesses: a command through its own Slack client, serve through the runtime's)."""
    figures = monthly_figures(app, month=month, verify_result=verify_result)
    items = checklist(app, figures=figures)
    html = render_html(figures=figures, checklist=items, generated=now or datetime.now(UTC))
    return Report(figures=figures, checklist=items, html=html)
