"""One partnership runs through the course: each module has one corridor-case section that keeps
what the source tells apart from what the course imagines, and the reference page lists them all."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
REFERENCE = BOOK / "reference" / "corridor_case.md"
HEADING = re.compile(r"^## The corridor case\s*$", re.M)


def module_folders() -> list[Path]:
    # Modules 1-7; Module 0 (welcome) has no decision to take.
    return sorted(p for p in BOOK.glob("m[1-7]_*") if p.is_dir())


def text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
    return path.read_text(encoding="utf-8")


def corridor_sections(folder: Path) -> list[tuple[Path, str]]:
    found = []
    for path in sorted(folder.glob("m*_*")):
        if path.suffix not in (".md", ".ipynb"):
            continue
        text = text_of(path)
        for match in HEADING.finditer(text):
            rest = text[match.end():]
            end = re.search(r"^## ", rest, flags=re.M)
            found.append((path, rest[:end.start()] if end else rest))
    return found


@pytest.mark.parametrize("folder", module_folders(), ids=lambda p: p.name)
def test_each_module_follows_the_corridor_case_in_exactly_one_section(folder):
    sections = corridor_sections(folder)
    assert len(sections) == 1, f"{folder.name}: {len(sections)} sections headed 'The corridor case' (want one)"


@pytest.mark.parametrize("folder", module_folders(), ids=lambda p: p.name)
def test_the_corridor_case_keeps_the_source_apart_from_what_is_imagined(folder):
    for path, section in corridor_sections(folder):
        lowered = section.lower()
        assert "source tells" in lowered, f"{path.name}: say what the source tells"
        assert "course imagines" in lowered and "illustrative" in lowered, \
            f"{path.name}: label what the course imagines as illustrative"
        assert "{cite}" in section, f"{path.name}: cite the guidelines for what the source tells"
        assert "corridor-case" in section or "corridor_case" in section, \
            f"{path.name}: link the reference page that keeps the source/imagined split"


def test_the_corridor_case_sections_sit_before_the_activity():
    for folder in module_folders():
        for path, _ in corridor_sections(folder):
            text = text_of(path)
            corridor = HEADING.search(text).start()
            activity = re.search(r"^## Activity\b", text, flags=re.M)
            assert activity is None or corridor < activity.start(), f"{path.name}: put the corridor case before the activity"


def test_the_reference_page_lists_a_decision_for_every_module_and_labels_the_imagined_part():
    text = REFERENCE.read_text(encoding="utf-8")
    assert "What the source tells" in text and "What the course imagines (illustrative)" in text
    table = text[text.index("## The decision points"):]
    for module in range(1, 8):
        assert re.search(rf"^\| {module} ", table, flags=re.M), f"no decision point for Module {module}"
    # The source's own pages for the partnership: pp. 17, 34 (Example 6), 52 (Example 18), 55, 63.
    for page in ("p. 17", "p. 34", "p. 52", "p. 55", "p. 63"):
        assert page in text, page
