"""The transcribed JMDI guidelines (seed 004), found relative to the repository.

The course's source documents sit in the course's shared folder next to the repository
(``../shared/seeds/``), as in every developer's and trainer's checkout; tests that check a
page citation against the source read them from there, and skip where the folder is absent.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
GUIDELINES = SEEDS / "004_7c7353d201719f0d.txt"
FOLD_OUT_PDF_PAGES = 2  # the fold-out takes two PDF pages but one printed number


def printed_page(pdf_page: int) -> int:
    """Printed page of a transcript line: the same up to p. 19, one less after the fold-out."""
    return pdf_page if pdf_page <= 19 else pdf_page - 1


def guidelines_pages() -> dict[int, str]:
    """Each printed page of the guidelines and its text (pages 1-72 of the transcript)."""
    pages: dict[int, str] = {}
    for line in GUIDELINES.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(\d+) ", line)
        if match:
            pages.setdefault(printed_page(int(match.group(1))), "")
            pages[printed_page(int(match.group(1)))] += line + "\n"
    return pages
