"""`casebot report monthly` as an operator runs it: the HTML and PDF written, the making audited, and a
wrong --month or an unwritable path one clear line with no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from bot.context import Casebot
from storage.models import AuditEvent

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, timeout=180)


def test_the_report_is_written_as_html_and_pdf_and_its_making_audited(
    app: Casebot, env_for: dict[str, str], tmp_path: Path
) -> None:
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    done = run(env_for, "report", "monthly", "--month", "2026-10", "--out", str(html), "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    assert "report for October 2026 (the whole month) written to" in done.stdout
    assert "October 2026 (the whole month)" in html.read_text()
    assert len(PdfReader(pdf).pages) == 9
    with app.db.transaction(write=False) as session:
        (made,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.made")).all()
    assert made.actor.startswith("cli:")
    assert json.loads(made.detail) == {
        "month": "2026-10",
        "through": "2026-10-31",
        "formats": ["html", "pdf"],
    }


def test_a_wrong_month_is_one_line_and_writes_nothing(
    app: Casebot, env_for: dict[str, str], tmp_path: Path
) -> None:
    for month, said in (
        ("2026-13", "expected a month like 2026-11"),
        ("2999-01", "2999-01 has not begun yet"),
    ):
        done = run(env_for, "report", "monthly", "--month", month, "--out", str(tmp_path / "r.html"))
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [f"error: --month: {said}"]
        assert "Traceback" not in done.stderr and not (tmp_path / "r.html").exists()


def test_a_path_that_cannot_be_written_is_one_line(
    app: Casebot, env_for: dict[str, str], tmp_path: Path
) -> None:
    done = run(env_for, "report", "monthly", "--month", "2026-10", "--out", str(tmp_path / "no" / "r.html"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: cannot write")
