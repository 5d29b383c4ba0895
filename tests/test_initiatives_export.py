"""A plan saved as Markdown, Word, Excel or JSON reads back as the same plan; an edited file that breaks
the plan is refused with a message naming the file, the part and the item."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from m4d import InputError
from m4d.initiatives import (build_plan, check_plan, plan_to_dict, course_plan, course_plan_names, plan_markdown, read_plan,
                             read_plan_markdown, write_plan_docx, write_plan_excel, write_plan_json,
                             write_plan_markdown)
from m4d.initiatives.export import part_from_text, part_text, plan_steps_table
from m4d.initiatives.plan import PARTS
from tests.initiative_plans import consistent_plan_objects


@pytest.mark.parametrize("name", course_plan_names())
@pytest.mark.parametrize("suffix", [".md", ".docx", ".xlsx", ".json"])
def test_every_format_reads_back_the_same_plan(tmp_path, name, suffix):
    plan = course_plan(name)
    writer = {".md": write_plan_markdown, ".docx": write_plan_docx, ".xlsx": write_plan_excel,
              ".json": write_plan_json}[suffix]
    path = writer(plan, tmp_path / f"plan{suffix}")
    assert read_plan(path) == plan


@settings(max_examples=40, deadline=None)
@given(consistent_plan_objects())
def test_markdown_and_part_text_round_trip_any_text(plan):
    # free text may hold |, ; and backslashes: the formats escape them
    assert read_plan_markdown(plan_markdown(plan)) == plan
    for part in PARTS:
        items = part_from_text(part_text(plan, part), part)
        assert build_plan({**_meta(plan), part: items}).part(part) == plan.part(part)


def _meta(plan):
    return {"title": plan.title, "sector": plan.sector, "kind": plan.kind, "start": plan.start, "end": plan.end,
            "diagnosis": [{"id": "D", "aspect": "problem", "finding": "x"}]}


def _fifteen_digits(plan):
    # A spreadsheet keeps 15 significant digits of a number (as Excel does); the other formats keep them all.
    data = plan_to_dict(plan)
    for part in ("indicators", "cost_lines"):
        for item in data[part]:
            for key in ("baseline", "target", "amount"):
                if item.get(key) is not None:
                    item[key] = float(f"{item[key]:.15g}")
    return build_plan(data)


@settings(max_examples=8, deadline=None)
@given(consistent_plan_objects(max_items=3))
def test_excel_and_word_round_trip_generated_plans(tmp_path_factory, plan):
    folder = tmp_path_factory.mktemp("plans")
    assert read_plan(write_plan_docx(plan, folder / "p.docx")) == plan
    plan = _fifteen_digits(plan)
    assert read_plan(write_plan_excel(plan, folder / "p.xlsx")) == plan


def test_a_text_that_looks_like_a_formula_stays_text_in_the_workbook(tmp_path):
    data = plan_to_dict(course_plan())
    data["title"] = "=HYPERLINK(\"http://example.org\")"
    plan = build_plan(data)
    assert read_plan(write_plan_excel(plan, tmp_path / "p.xlsx")).title == plan.title


def test_an_illustrative_plan_says_so_in_every_format(tmp_path):
    plan = course_plan("tuscany_kasserine")
    assert "Illustrative plan" in plan_markdown(plan)
    from docx import Document
    import openpyxl

    doc = Document(str(write_plan_docx(plan, tmp_path / "p.docx")))
    assert any("Illustrative plan" in p.text for p in doc.paragraphs)
    book = openpyxl.load_workbook(write_plan_excel(plan, tmp_path / "p.xlsx"))
    assert "About" in book.sheetnames and "Illustrative" in book["About"]["A2"].value


def test_an_edited_markdown_file_with_a_duplicated_action_is_refused(tmp_path):
    text = plan_markdown(course_plan()).replace("| A2 |", "| A1 |", 1)
    path = tmp_path / "edited.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"edited.md, part actions, item 2: the identifier 'A1' is used twice"):
        read_plan(path)


def test_an_edited_workbook_with_a_bad_date_is_refused(tmp_path):
    import openpyxl

    path = write_plan_excel(course_plan(), tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(path)
    book["Actions"]["E2"] = "15 January 2026"
    book.save(path)
    with pytest.raises(InputError, match=r"p.xlsx, part actions, item 1, field start: '15 January 2026' is not a date"):
        read_plan(path)


def test_a_workbook_read_as_floats_and_dates_is_still_understood(tmp_path):
    import datetime as dt

    import openpyxl

    path = write_plan_excel(course_plan(), tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(path)
    book["Actions"]["E2"] = dt.datetime(2026, 1, 15)  # a spreadsheet turns typed dates into dates
    book["Cost lines"]["C2"] = 2026.0
    book.save(path)
    assert read_plan(path) == course_plan()


def test_findings_travel_with_the_workbook_but_are_not_read_back(tmp_path):
    plan = course_plan("diaspora_entrepreneurship")
    path = write_plan_excel(plan, tmp_path / "p.xlsx", check_plan(plan))
    import openpyxl

    assert "Findings" in openpyxl.load_workbook(path).sheetnames
    assert read_plan(path) == plan


def test_files_that_are_not_plans_get_a_clear_message(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_plan(tmp_path / "missing.xlsx")
    (tmp_path / "plan.txt").write_text("x")
    with pytest.raises(InputError, match=r"from a .md, .docx, .xlsx or .json file, not .txt"):
        read_plan(tmp_path / "plan.txt")
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    with pytest.raises(InputError, match="could not be read as an Excel workbook"):
        read_plan(tmp_path / "fake.xlsx")
    (tmp_path / "fake.docx").write_text("not a document")
    with pytest.raises(InputError, match="could not be read as a Word document"):
        read_plan(tmp_path / "fake.docx")
    (tmp_path / "notes.md").write_text("# Notes\n\nno tables here\n")
    with pytest.raises(InputError, match="no table headed 'Plan'"):
        read_plan(tmp_path / "notes.md")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(InputError, match="is not valid JSON"):
        read_plan(tmp_path / "bad.json")


def test_a_changed_header_in_the_planner_text_is_refused():
    text = part_text(course_plan(), "risks").replace("likelihood", "probability", 1)
    with pytest.raises(InputError, match="the first line must name the columns"):
        part_from_text(text, "risks")


def test_the_nine_steps_summary_follows_the_guidelines_order():
    table = plan_steps_table(course_plan())
    assert table["step"].tolist() == ["diagnosis", "objectives", "stakeholders", "actions", "deliverables",
                                      "results", "monitoring and evaluation", "timeline", "budget"]
    assert "EUR 90,000" in table.set_index("step").loc["budget", "the plan"]
