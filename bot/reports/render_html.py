"""The report as one self-contained HTML file: inline CSS and inline SVG charts, no script, no font,
no image fetched from anywhere, so it opens the same offline, in a mail client, or years from now.

It prints as it is (print CSS, a page break before each section) and WeasyPrint turns it into the PDF.
Everything shown comes from ``MonthlyFigures`` (IDs, counts, codes), escaped all the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from bot.reports import charts
from bot.reports.checklist import Item
from bot.reports.figures import MonthlyFigures, Offboarding

_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #6b7785;
    font-family: "DejaVu Sans", Arial, sans-serif; } }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1f2a44; margin: 0 auto;
  max-width: 900px; padding: 24px; font-size: 10.5pt; line-height: 1.4; background: #fff; }
header { border-bottom: 3px solid #2f6db5; margin-bottom: 12px; padding-bottom: 8px; }
h1 { font-size: 20pt; margin: 0 0 4px 0; }
h2 { font-size: 14pt; margin: 0 0 8px 0; color: #2f6db5; border-bottom: 1px solid #d5dbe3;
  padding-bottom: 3px; }
h3 { font-size: 11pt; margin: 12px 0 4px 0; }
.coverage { font-size: 11pt; margin: 0; }
.meta { color: #6b7785; font-size: 9pt; margin: 2px 0 0 0; }
section { margin: 18px 0 10px 0; }
.row { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; }
.chart { flex: 1 1 420px; margin: 0; min-width: 0; }
.chart svg { width: 100%; height: auto; display: block; }
.numbers { flex: 0 0 230px; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 4px 0 8px 0; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.headline { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0 4px 0; }
.figure { border: 1px solid #d5dbe3; border-radius: 6px; padding: 6px 10px; min-width: 120px;
  flex: 1 1 120px; }
.figure b { display: block; font-size: 16pt; }
.figure span { font-size: 8.5pt; color: #6b7785; }
.none { color: #6b7785; font-style: italic; }
.pass { color: #1d7a3a; font-weight: bold; }
.fail { color: #b42318; font-weight: bold; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; background: #f3f5f8; padding: 0 3px; }
footer { margin-top: 20px; font-size: 8.5pt; color: #6b7785; border-top: 1px solid #d5dbe3;
  padding-top: 6px; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  section { break-before: page; margin-top: 0; }
  section.first { break-before: avoid; }
  .chart, table, .headline { break-inside: avoid; }
  .row { flex-wrap: nowrap; gap: 12px; }
  .chart { flex: 1 1 62%; }
  .numbers { flex: 0 0 34%; }
  h3 { margin-top: 8px; }
}
"""

_BASIS = {
    "creating_agency": "creating agency",
    "roi": "ROI (release of information)",
    "mou": "MOU between agencies",
    "basic_sharing": "statewide / basic sharing",
    "read_only_sharing": "read-only sharing",
    "supervisor_approval": "supervisor approval",
    "admin": "HMIS admin",
}

_TRIGGER = {
    "slack_deactivation": "Slack deactivation",
    "user_remove": "casebot user remove",
    "reconciliation": "daily reconciliation",
}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _table(head: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: Sequence[int] = ()) -> str:
    cells = "".join(
        f'<th class="n">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_e(_n(v))}</td>'
            if i in numeric
            else f"<td>{v if isinstance(v, _Raw) else _e(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


class _Raw(str):
    """Markup built here from escaped parts."""


def _n(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _none(what: str) -> str:
    return f'<p class="none">No {_e(what)} this month.</p>'


def _chart(name: str, svg: str) -> str:
    return f'<figure class="chart" data-chart="{_e(name)}">{svg}</figure>'


def _counts(head: str, counts: dict[str, int], labels: dict[str, str] | None = None) -> str:
    return _table([head, "count"], [((labels or {}).get(k, k), v) for k, v in counts.items()], numeric=[1])


def _row(chart: str, numbers: str) -> str:
    """A chart with its numbers beside it (below it on a narrow screen)."""
    return f'<div class="row">{chart}<div class="numbers">{numbers}</div></div>'


def _bars_row(
    name: str, counts: dict[str, int], *, title: str, head: str, labels: dict[str, str] | None = None
) -> str:
    items = [((labels or {}).get(k, k), v) for k, v in counts.items()]
    return _row(_chart(name, charts.bars(items, title=title)), _counts(head, counts, labels))


def _figures(items: Sequence[tuple[object, str]]) -> str:
    return (
        '<div class="headline">'
        + "".join(
            f'<div class="figure"><b>{_e(_n(v))}</b><span>{_e(label)}</span></div>' for v, label in items
        )
        + "</div>"
    )


def _hours(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 60:.0f} min"
    return f"{value:.1f} h"


def _redactions(f: MonthlyFigures) -> str:
    r = f.redactions
    out = [
        _figures(
            [
                (r.messages, "messages redacted"),
                (r.files, "files removed"),
                (r.restores_by_poster + r.restores_by_admin, "restores"),
                (r.undeletable, "could not be deleted"),
            ]
        )
    ]
    if r.messages + r.files == 0:
        out.append(_none("messages or files with PII"))
    else:
        weekly = charts.stacked_weeks(r.weekly, title="Removed per week of the month")
        out.append(
            _row(
                _chart("redactions-weekly", weekly),
                _table(["days", "messages", "files"], r.weekly, numeric=[1, 2]),
            )
        )
        out.append(_bars_row("redactions-types", r.by_type, title="By PII type", head="PII type"))
        out.append("<h3>By channel</h3>" + _counts("channel", r.by_channel))
    out.append(
        "<h3>Restores and undeletable messages</h3>"
        + _table(
            ["", "count"],
            [
                ("restored by the poster (names only)", r.restores_by_poster),
                ("restored by an HMIS admin", r.restores_by_admin),
                ("messages and files casebot could not delete", r.undeletable),
            ],
            numeric=[1],
        )
    )
    return _section("redactions", "Redactions", "".join(out), first=True)


def _disclosures(f: MonthlyFigures) -> str:
    d = f.disclosures
    out = [_figures([(d.total, "disclosures"), (d.refused, "refusals"), (len(d.by_agency), "agencies")])]
    if d.total == 0:
        out.append(_none("disclosures"))
    else:
        out.append(
            _bars_row("disclosures-basis", d.by_basis, title="By legal basis", head="basis", labels=_BASIS)
        )
        out.append(
            _bars_row("disclosures-agency", d.by_agency, title="By receiving agency", head="agency")
        )
        out.append(
            "<h3>The clients with the most disclosures</h3>"
            + _table(
                ["client ID", "disclosures", "accounting"],
                [(c, n, _Raw(f"<code>casebot audit client {_e(c)}</code>")) for c, n in d.top_clients],
                numeric=[1],
            )
        )
    if d.refusals:
        out.append("<h3>Refusals by reason</h3>" + _counts("reason", d.refusals))
    else:
        out.append(_none("refusals"))
    return _section("disclosures", "Disclosures", "".join(out))


def _verification(f: MonthlyFigures) -> str:
    v = f.verification
    share = "–" if v.enrolled_share is None else f"{v.enrolled_share:.0%}"
    out = [
        _figures(
            [
                (share, "of active users enrolled in TOTP"),
                (v.step_ups, "step-ups"),
                (v.failures, "failed codes"),
                (v.lockouts, "lockouts"),
            ]
        )
    ]
    numbers = _table(
        ["", "count"],
        [
            ("active users", v.active_users),
            ("enrolled (confirmed TOTP)", v.enrolled),
            ("step-ups (codes accepted)", v.step_ups),
            ("failed or replayed codes", v.failures),
            ("lockouts", v.lockouts),
        ],
        numeric=[1],
    )
    if v.active_users:
        chart = charts.share(
            v.enrolled,
            v.active_users,
            title="Active users enrolled in TOTP",
            part_label="enrolled",
            rest_label="not enrolled",
        )
        out.append(_row(_chart("verification-enrolled", chart), numbers))
    else:
        out.append(_none("active users") + numbers)
    return _section("verification", "Verification", "".join(out))


def _escalations(f: MonthlyFigures) -> str:
    e = f.escalations
    out = [
        _figures(
            [
                (e.opened, "escalations"),
                (e.decided, "decided"),
                (_hours(e.median_hours), "median time to decision"),
            ]
        )
    ]
    if e.opened == 0:
        out.append(_none("escalations"))
    else:
        out.append(_bars_row("escalations-outcome", e.by_outcome, title="By outcome", head="outcome"))
        out.append("<h3>By rule</h3>" + _counts("rule", e.by_rule))
        out.append(
            _table(
                ["time to decision", ""],
                [("median", _hours(e.median_hours)), ("longest", _hours(e.max_hours))],
            )
        )
    return _section("escalations", "Escalations", "".join(out))


def _incidents(f: MonthlyFigures) -> str:
    i = f.incidents
    out = [
        _figures(
            [
                (i.opened, "opened"),
                (i.closed, "closed"),
                (_hours(i.median_close_hours), "median time to close"),
                (len(i.still_open), "still open"),
            ]
        )
    ]
    if i.opened == 0 and i.closed == 0:
        out.append(_none("incidents opened or closed"))
    if i.by_category:
        out.append(
            _bars_row("incidents-category", i.by_category, title="Opened, by category", head="category")
        )
    if i.still_open:
        out.append(
            "<h3>Still open</h3>"
            + _table(
                ["incident", "code", "age (days)"],
                [(f"#{o.number}", o.category, round(o.age_days, 1)) for o in i.still_open],
                numeric=[2],
            )
        )
    else:
        out.append('<p class="none">No incident is still open.</p>')
    return _section("incidents", "Incidents", "".join(out))


def _offboarding_row(o: Offboarding) -> tuple[object, ...]:
    took = "unknown" if o.hours is None else ("≤ " if o.upper_bound else "") + _hours(o.hours)
    return (o.user, _TRIGGER.get(o.trigger, o.trigger), o.ended_at.strftime("%Y-%m-%d %H:%M UTC"), took)


def _offboarding(f: MonthlyFigures) -> str:
    cases = f.offboarding
    late = f.late_offboarding
    out = [_figures([(len(cases), "accesses ended"), (len(late), "over 24 hours")])]
    if not cases:
        out.append(_none("accesses ended"))
    else:
        head = ["Slack user", "what set it off", "access ended", "took"]
        out.append(_table(head, [_offboarding_row(o) for o in cases]))
        if late:
            out.append("<h3>Over 24 hours</h3>" + _table(head, [_offboarding_row(o) for o in late]))
        else:
            out.append('<p class="none">No case took over 24 hours.</p>')
        out.append(
            '<p class="meta">A daily reconciliation only knows the person was still active at the run '
            "before, so its time is an upper bound (≤).</p>"
        )
    return _section("offboarding", "Offboarding", "".join(out))


def _meetings(f: MonthlyFigures) -> str:
    m = f.meetings
    out = [
        _figures(
            [
                (m.links_removed, "unprotected links removed"),
                (m.links_left, "left with a warning"),
                (m.created, "protected meetings created"),
            ]
        )
    ]
    if m.links_removed + m.links_left + m.created == 0:
        out.append(_none("meeting links or meetings"))
    return _section("meetings", "Meetings", "".join(out))


def _integrity(f: MonthlyFigures) -> str:
    i = f.integrity
    result = (
        '<span class="pass">intact</span>'
        if i.ok
        else f'<span class="fail">NOT intact</span>: {_e(i.problem)}'
    )
    rows: list[tuple[object, ...]] = [
        ("casebot audit verify", _Raw(result)),
        ("rows verified", _n(i.rows)),
        (
            "last signed checkpoint",
            "none"
            if i.last_checkpoint is None
            else f"tree size {i.last_checkpoint:,}"
            + (f", {i.last_checkpoint_at:%Y-%m-%d %H:%M} UTC" if i.last_checkpoint_at else ""),
        ),
        ("audit rows this month", _n(f.audit_rows)),
    ]
    out = [_table(["", ""], rows)]
    if i.witnesses:
        out.append(
            "<h3>Witnesses</h3>"
            + _table(
                ["witness", "published through", "failures in a row", "last error"],
                [(w, "–" if p is None else p, n, e or "–") for w, p, n, e in i.witnesses],
                numeric=[1, 2],
            )
        )
    else:
        out.append(
            '<p class="none">No witness is configured: the checkpoints are held on this host only.</p>'
        )
    for warning in i.warnings:
        out.append(f'<p class="meta">{_e(warning)}</p>')
    return _section("integrity", "Audit integrity", "".join(out))


def _checklist(items: Sequence[Item]) -> str:
    rows = [
        (
            it.name,
            _Raw('<span class="pass">pass</span>' if it.passed else '<span class="fail">fail</span>'),
            it.evidence,
        )
        for it in items
    ]
    return _section(
        "checklist",
        "HUD HMIS security baseline",
        "<p>Each item is checked from casebot's running configuration and this month's figures.</p>"
        + _table(["item", "result", "evidence"], rows),
    )


def _section(key: str, title: str, body: str, *, first: bool = False) -> str:
    cls = ' class="first"' if first else ""
    return f'<section id="{key}"{cls}><h2>{_e(title)}</h2>{body}</section>'


def render_html(*, figures: MonthlyFigures, checklist: Sequence[Item], generated: datetime) -> str:
    month = figures.month
    sections = [
        _redactions(figures),
        _disclosures(figures),
        _verification(figures),
        _escalations(figures),
        _incidents(figures),
        _offboarding(figures),
        _meetings(figures),
        _integrity(figures),
        _checklist(checklist),
    ]
    passed = sum(1 for it in checklist if it.passed)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>casebot privacy and security report, {_e(month.label)}</title>"
        f"<style>{_CSS}</style></head><body>"
        "<header><h1>Privacy and security report</h1>"
        f'<p class="coverage">{_e(month.coverage)}</p>'
        f'<p class="meta">Made by casebot on {generated:%Y-%m-%d %H:%M} UTC from the audit log and the '
        "registers. It holds IDs, counts and rule names only: no client's name, date of birth or SSN. "
        f"Baseline: {passed} of {len(checklist)} items pass.</p></header>"
        + "".join(sections)
        + "<footer>casebot · figures are counts over the tamper-evident audit log "
        "(<code>casebot audit verify</code>) and the incident, escalation and user registers.</footer>"
        "</body></html>\n"
    )
