"""Charts as inline SVG, drawn by matplotlib's SVG backend (no display, no files, nothing fetched).

Text stays text (``svg.fonttype: none``) so the PDF can be searched and the charts stay small; the font
is named generically, so the reader's own sans-serif draws it. Colours are few and print well in grey.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

INK = "#1f2a44"
ACCENT = "#2f6db5"
SECOND = "#e0892b"
MUTED = "#9aa5b1"

_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "casebot-report",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    # Inline in HTML: no XML prolog or DOCTYPE, and no fixed size in points (CSS sizes it).
    text = text[text.index("<svg") :]
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", text, count=1)


def bars(items: Sequence[tuple[str, int]], *, title: str, color: str = ACCENT) -> str:
    """Horizontal bars, largest on top, with each count written at the end of its bar."""
    labels = [label for label, _ in items][::-1]
    values = [value for _, value in items][::-1]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 0.45 + 0.32 * max(len(items), 1)))
        drawn = ax.barh(labels, values, color=color, height=0.62)
        ax.bar_label(drawn, labels=[f"{v:,}" for v in values], padding=3, color=INK)
        ax.set_title(title, loc="left", color=INK, fontsize=10)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.set_xlim(0, max(values or [1]) * 1.18)
        return _svg(fig)


def stacked_weeks(weeks: Sequence[tuple[str, int, int]], *, title: str) -> str:
    """Messages and files removed per week of the month (days 1-7, 8-14, ...)."""
    labels = [f"days {w}" for w, _, _ in weeks]
    messages = [m for _, m, _ in weeks]
    files = [f for _, _, f in weeks]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 2.6))
        ax.bar(labels, messages, color=ACCENT, label="messages", width=0.6)
        ax.bar(labels, files, bottom=messages, color=SECOND, label="files", width=0.6)
        for i, (m, f) in enumerate(zip(messages, files, strict=True)):
            ax.text(i, m + f, f"{m + f:,}", ha="center", va="bottom", color=INK)
        ax.set_title(title, loc="left", color=INK, fontsize=10)
        ax.set_ylim(0, max([m + f for m, f in zip(messages, files, strict=True)] or [1]) * 1.2 or 1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no half messages
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig)


def share(part: int, whole: int, *, title: str, part_label: str, rest_label: str) -> str:
    """One bar split into a part and the rest (e.g. enrolled and not enrolled)."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.4, 1.3))
        ax.barh([""], [part], color=ACCENT, height=0.5, label=f"{part_label} ({part:,})")
        ax.barh(
            [""],
            [whole - part],
            left=[part],
            color=MUTED,
            height=0.5,
            label=f"{rest_label} ({whole - part:,})",
        )
        ax.set_xlim(0, max(whole, 1))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # people: no fractions
        ax.set_title(title, loc="left", color=INK, fontsize=10)
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2)
        return _svg(fig)
