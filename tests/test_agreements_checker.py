"""The agreement checker finds every required element in a complete draft and names each one that is missing."""
from __future__ import annotations

import re

import docx
import pytest

from m4d import InputError
from m4d.agreements import (MODES, build_agreement, check_agreement, check_agreement_file, example_fields,
                            minimum_elements, sections_from_markdown, sections_from_text, write_agreement)


def _drop_section(markdown: str, heading_pattern: str) -> str:
    """Remove one '## ' section (heading and text) whose heading matches the pattern."""
    parts = re.split(r"(?m)^(?=## )", markdown)
    kept = [p for p in parts if not re.match(rf"## {heading_pattern}", p)]
    assert len(kept) == len(parts) - 1, f"exactly one section matches {heading_pattern!r}"
    return "".join(kept)


def test_the_guidelines_list_twelve_elements_for_a_new_agreement_and_eleven_for_a_revision():
    assert len(minimum_elements("new")) == 12
    assert len(minimum_elements("revision")) == 11
    assert minimum_elements("new")[0].name == "General information on the partners"
    assert minimum_elements("revision")[-1].name == "Revised governance system"


@pytest.mark.parametrize("mode", MODES)
def test_a_built_agreement_contains_every_required_element(mode):
    report = check_agreement(build_agreement(example_fields(mode), mode), mode)
    assert report.complete, report.summary()
    assert report.missing == []


@pytest.mark.parametrize("mode", MODES)
def test_removing_any_section_is_reported_by_the_name_of_its_element(mode):
    markdown = build_agreement(example_fields(mode), mode)
    for n, element in enumerate(minimum_elements(mode), start=1):
        draft = _drop_section(markdown, rf"{n}\. ")
        report = check_agreement(draft, mode)
        assert report.missing == [element.name], f"dropping section {n} should report only {element.name}"
        found = {e.element: e for e in report.elements}[element.element]
        assert found.status == "missing" and found.heading is None


def test_a_heading_with_a_placeholder_instead_of_text_is_reported_empty():
    markdown = build_agreement(example_fields("new"))
    draft = re.sub(r"(## 10\. Budget\n)(.*?)(?=\n## )", r"\1\nTo be completed.\n", markdown, flags=re.S)
    report = check_agreement(draft)
    budget = {e.element: e for e in report.elements}["budget"]
    assert budget.status == "empty"
    assert report.missing == ["Budget"]


def test_monitoring_without_indicators_is_reported_incomplete():
    markdown = build_agreement(example_fields("new"))
    section = re.search(r"## 6\. Monitoring and evaluation system\n.*?(?=\n## )", markdown, flags=re.S).group(0)
    without = "## 6. Monitoring and evaluation system\n\nThe joint committee reviews progress every six months.\n"
    report = check_agreement(markdown.replace(section, without))
    found = {e.element: e for e in report.elements}["monitoring_evaluation"]
    assert found.status == "incomplete"
    assert "indicator" in found.message


def test_a_revision_whose_aims_ignore_migration_is_incomplete():
    markdown = build_agreement(example_fields("revision"), "revision")
    draft = re.sub(r"(## 1\. Revised aims\n)(.*?)(?=\n## )",
                   r"\1\nThe partners keep working together on water and sanitation in both cities.\n",
                   markdown, flags=re.S)
    found = {e.element: e for e in check_agreement(draft, "revision").elements}["revised_aims"]
    assert found.status == "incomplete"


def test_headings_are_recognised_by_their_words_not_their_exact_wording():
    draft = "\n\n".join(f"## {h}\n\nThe partners agree on this point in some detail here." for h in [
        "The Parties", "Purpose", "Areas of cooperation", "Outcomes", "Actors involved",
        "M&E and indicators", "Coherence with municipal development plans", "Contribution to the SDGs",
        "Duration", "Financing", "Implementation: the departments in charge", "Steering committee"])
    assert check_agreement(draft).complete


def test_the_document_title_does_not_count_as_an_element():
    report = check_agreement("# Partnership agreement on monitoring and budget\n\n## Preamble\n\n"
                             "Two cities agree to cooperate on migration and local development.\n")
    assert "General information on the partners" not in [e.name for e in report.elements if e.status == "present"]
    assert report.missing == [e.name for e in minimum_elements("new")]


def test_a_possessive_does_not_make_a_partners_heading():
    report = check_agreement("# MoU\n\n## Each partner's development plan\n\nThe plans of both towns guide the work.\n")
    status = {e.element: e.status for e in report.elements}
    assert status["coherence"] == "present"
    assert status["partners"] == "missing"


def test_text_under_a_subheading_counts_for_the_section_above_it():
    sections = sections_from_markdown("## Budget\n\n### Cash\n\nEach city pays half of the yearly costs.\n\n## Timeline\n\nx")
    budget = [s for s in sections if s.heading == "Budget"][0]
    assert "half of the yearly costs" in budget.body
    assert "x" not in budget.body.split()


def test_lines_inside_code_fences_are_not_headings():
    sections = sections_from_markdown("## Budget\n\n```\n# not a heading\n```\n")
    assert [s.heading for s in sections] == ["Budget"]


def test_plain_text_headings_are_numbered_articles_or_lines_in_capitals():
    text = "ARTICLE 1. THE PARTIES\nThe City of A and the Town of B.\n3. Budget\nIt is shared.\nBUDGET\nMore.\nA sentence that ends with a colon but is long, with commas: no.\n"
    headings = [s.heading for s in sections_from_text(text)]
    assert headings == ["ARTICLE 1. THE PARTIES", "3. Budget", "BUDGET"]


@pytest.mark.parametrize("mode", MODES)
def test_a_word_agreement_built_by_the_toolbox_passes_the_check(tmp_path, mode):
    path = write_agreement(example_fields(mode), tmp_path / "mou.docx", mode)
    assert check_agreement_file(path, mode).complete


def test_a_word_draft_without_a_budget_heading_is_reported(tmp_path):
    document = docx.Document()
    document.add_heading("Memorandum", 0)
    markdown = build_agreement(example_fields("new"))
    for section in sections_from_markdown(markdown):
        if section.level == 2 and "Budget" not in section.heading:
            document.add_heading(section.heading, 1)
            document.add_paragraph(section.body)
    document.save(tmp_path / "draft.docx")
    assert check_agreement_file(tmp_path / "draft.docx").missing == ["Budget"]


def test_a_plain_text_draft_is_checked(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("MEMORANDUM\n1. Budget\nThe city pays forty thousand euros each year.\n", encoding="utf-8")
    report = check_agreement_file(path)
    assert {e.element: e.status for e in report.elements}["budget"] == "present"
    assert len(report.missing) == 11


def test_an_unknown_mode_is_an_input_error():
    with pytest.raises(InputError, match="Unknown agreement mode 'renewal'"):
        check_agreement("## Aim\n\ntext", "renewal")


@pytest.mark.parametrize("name", ["draft.pdf", "draft"])
def test_a_file_format_the_checker_cannot_read_is_an_input_error(tmp_path, name):
    (tmp_path / name).write_text("x")
    with pytest.raises(InputError, match="Markdown"):
        check_agreement_file(tmp_path / name)


def test_a_corrupt_word_file_is_an_input_error(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="not a Word document"):
        check_agreement_file(tmp_path / "broken.docx")


def test_an_empty_draft_is_an_input_error():
    with pytest.raises(InputError, match="empty"):
        check_agreement("   \n")
