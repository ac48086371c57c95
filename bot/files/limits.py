"""How much of a shared file casebot will read: each limit is a setting (``bot.serve_settings``).

A file is attacker-shaped input. Every reader takes its budget from one
``Budget`` so a zip inside a zip inside an .xlsx cannot multiply the limits,
and every limit that is hit is a reason code the poster and the audit log see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.files.content import Reason, Unreadable


@dataclass(frozen=True, slots=True)
class FileLimits:
    max_bytes: int = 5_000_000  # a file larger than this is not downloaded (too_large)
    max_uncompressed_bytes: int = 100_000_000  # all members of a zip-based file together, as declared
    max_members: int = 1_000  # members of a zip-based file (an .xlsx has about a dozen)
    max_ratio: int = 200  # a member that claims to inflate more than this (and over 1 MB) is a bomb
    max_depth: int = 2  # zips inside zips
    max_cells: int = 500_000  # spreadsheet cells (and CSV fields) scanned
    max_pages: int = 200  # PDF pages read for their text layer
    max_ocr_pages: int = 5  # pages of a scanned PDF rendered and OCR'd
    ocr_seconds: float = 20.0  # Tesseract's time per image
    max_image_pixels: int = 40_000_000  # larger images are refused before they are decoded


@dataclass(slots=True)
class Budget:
    """What is left of the limits while one file (and everything inside it) is read."""

    limits: FileLimits
    bytes_left: int = field(init=False)
    cells_left: int = field(init=False)
    pages_left: int = field(init=False)
    ocr_pages_left: int = field(init=False)
    cut: Reason | None = None  # the first limit that stopped the scan short

    def __post_init__(self) -> None:
        self.bytes_left = self.limits.max_uncompressed_bytes
        self.cells_left = self.limits.max_cells
        self.pages_left = self.limits.max_pages
        self.ocr_pages_left = self.limits.max_ocr_pages

    def take_bytes(self, n: int) -> None:
        """Declared uncompressed bytes, taken before anything is inflated; over the limit stops the read."""
        if n > self.bytes_left:
            raise Unreadable(Reason.TOO_LARGE)
        self.bytes_left -= n

    def take_cells(self, n: int) -> bool:
        """False once the cell limit is reached: the reader stops and the scan is marked cut short."""
        if n > self.cells_left:
            self.cells_left = 0
            self.cut = self.cut or Reason.TOO_MANY_CELLS
            return False
        self.cells_left -= n
        return True

    def take_page(self) -> bool:
        if self.pages_left <= 0:
            self.cut = self.cut or Reason.TOO_MANY_PAGES
            return False
        self.pages_left -= 1
        return True

    def take_ocr_page(self) -> bool:
        if self.ocr_pages_left <= 0:
            self.cut = self.cut or Reason.TOO_MANY_PAGES
            return False
        self.ocr_pages_left -= 1
        return True
