"""`casebot report monthly`: the HMIS lead's privacy and security report, as HTML (and a PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from app.cli.common import actor, casebot, cli_witnesses, err, fail, out
from bot.oversight.audit_service import verify
from bot.reports.build import build_report
from bot.reports.delivery import record_made
from bot.reports.month import MonthError, month_of

report_app = typer.Typer(help="Reports for the HMIS lead and the CoC.", no_args_is_help=True)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or type(exc).__name__}") from None


@report_app.command("monthly")
def report_monthly(
    out_path: Annotated[Path, typer.Option("--out", help="the HTML file to write")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM; default: the last whole month")] = "",
    pdf: Annotated[Path | None, typer.Option("--pdf", help="also write the PDF here")] = None,
) -> None:
    """Redactions, disclosures, verification, escalations, incidents, offboarding, meetings, audit
    integrity and the HUD HMIS security baseline for one month: IDs, counts and rule names only."""
    try:
        chosen = month_of(month or None)
    except MonthError as exc:
        raise fail(str(exc)) from None
    with casebot() as bot:
        checked = verify(bot, witnesses=cli_witnesses(bot))
        report = build_report(bot, month=chosen, verify_result=checked)
        _write(out_path, report.html.encode())
        if pdf is not None:
            _write(pdf, report.pdf())
        record_made(bot, actor=actor(), month=chosen, formats=["html", *(["pdf"] if pdf else [])])
    for warning in checked.warnings:
        err.print(f"[yellow]warning:[/] {escape(warning)}")
    out.print(
        f"report for {escape(chosen.coverage)} written to {escape(str(out_path))}"
        + (f" and {escape(str(pdf))}" if pdf else "")
    )
