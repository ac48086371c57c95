"""Headless Chromium for the report's tests: a screenshot of a page, and what its console said.

Chromium writes the page's console messages and failed loads to stderr with ``--enable-logging=stderr
--v=0`` (lines holding ``CONSOLE`` or ``Failed to load resource``). Tests skip when it is not
installed; CI installs Debian's ``chromium``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

_CONSOLE = re.compile(r"CONSOLE|Failed to load resource|net::ERR_", re.I)


@dataclass(frozen=True)
class Shot:
    png: Path
    console: list[str]  # console messages and failed loads, in Chromium's words

    def image(self) -> Image.Image:
        return Image.open(self.png).convert("RGB")


def screenshot(page: Path, png: Path, *, width: int = 1000, height: int = 3000) -> Shot:
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={png.parent / 'chromium-profile'}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.is_file(), done.stderr[-2000:]
    return Shot(png, [line for line in done.stderr.splitlines() if _CONSOLE.search(line)])


def chart_grid(svgs: list[str], *, width: int, height: int) -> str:
    """Every chart alone in a cell of its own at a known place, so each one's pixels can be checked."""
    sized = [svg.replace("<svg ", '<svg style="width:100%;height:100%" ', 1) for svg in svgs]
    cells = "".join(
        f'<div style="position:absolute;left:0;top:{i * height}px;width:{width}px;height:{height}px">'
        f"{svg}</div>"
        for i, svg in enumerate(sized)
    )
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
    return f'{head}<body style="margin:0">{cells}</body></html>'


def coloured_share(
    image: Image.Image, box: tuple[int, int, int, int], colour: str, *, tolerance: int = 40
) -> float:
    """The share of the pixels in ``box`` within ``tolerance`` of ``colour`` (the bars' ink)."""
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=int)
    region = np.asarray(image.crop(box), dtype=int)
    near = (np.abs(region - target) <= tolerance).all(axis=-1)
    return float(near.mean()) if near.size else 0.0
