"""A framework saved to Excel reads back identical; Markdown and Word hold every result and indicator."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings

from m4d import InputError
from m4d.results import build_collection_plan, build_framework, course_collection_plan, course_framework
from m4d.results.io import (framework_markdown, read_framework_excel, write_framework_docx, write_framework_excel)
from m4d.results.logframe import logframe_table, measurement_years, monitoring_plan
from tests.results_frameworks import framework_tables, plan_tables


@given(framework_tables())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_excel_round_trip_keeps_every_value(tmp_path, tables):
    framework = build_framework(*tables, start_year=2026, end_year=2029, title="Generated")
    plan = build_collection_plan(*plan_tables())
    path = write_framework_excel(framework, tmp_path / "fw.xlsx", plan)
    back, back_plan = read_framework_excel(path)
    pd.testing.assert_frame_equal(back.results, framework.results)
    pd.testing.assert_frame_equal(back.indicators, framework.indicators)
    pd.testing.assert_frame_equal(back_plan.sources, plan.sources)
    pd.testing.assert_frame_equal(back_plan.groups, plan.groups)
    assert (back.start_year, back.end_year, back.title) == (2026, 2029, "Generated")


def test_an_edited_workbook_with_a_bad_value_is_refused_with_sheet_and_row(tmp_path):
    path = write_framework_excel(course_framework(), tmp_path / "fw.xlsx", course_collection_plan())
    book = openpyxl.load_workbook(path)
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=header.index("target") + 1, value="sixty")
    book.save(path)
    with pytest.raises(InputError, match=r"fw.xlsx, sheet, indicators, row 4, column target: 'sixty' is not a number"):
        read_framework_excel(path)


def test_a_workbook_without_its_sheets_is_refused(tmp_path):
    path = tmp_path / "other.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, index=False)
    with pytest.raises(InputError, match="has no sheet 'about'"):
        read_framework_excel(path)
    (tmp_path / "not.xlsx").write_text("plain text")
    with pytest.raises(InputError, match="could not be read as an Excel workbook"):
        read_framework_excel(tmp_path / "not.xlsx")


def test_markdown_and_word_hold_every_result_and_indicator(tmp_path):
    framework, plan = course_framework(), course_collection_plan()
    text = framework_markdown(framework, plan)
    assert "illustrative" in text
    for rid in framework.results["result_id"]:
        assert f"{rid}: " in text
    for iid in framework.indicators["indicator_id"]:
        assert f"{iid}: " in text
    document = Document(write_framework_docx(framework, tmp_path / "fw.docx", plan))
    logframe, monitoring = document.tables
    shown = framework.results[framework.results["level"] != "input"]
    assert len(logframe.rows) == 1 + len(shown)
    assert len(monitoring.rows) == 1 + len(framework.indicators)


def test_logframe_runs_top_down_and_monitoring_plan_lists_years():
    framework = course_framework()
    levels = list(logframe_table(framework)["level"])
    assert levels == sorted(levels, key=["Impact", "Outcome", "Output", "Activity"].index)
    plan = monitoring_plan(framework, course_collection_plan()).set_index("result")
    assert plan.loc["O1", "measured in"].iloc[0] == "2026, 2027, 2028"
    assert measurement_years("yearly", 2025, 2028, 2026, 2028) == [2025, 2026, 2027, 2028]
    assert measurement_years("baseline and end", 2026, 2028, 2026, 2028) == [2026, 2028]
    assert measurement_years("baseline, mid-term and end", 2026, 2030, 2026, 2030) == [2026, 2028, 2030]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_workbook_written_in_french_or_spanish_reads_back_as_the_english_one(tmp_path, language):
    from m4d.i18n import use_language
    from tests.widget_translation import translation

    framework, plan = course_framework(), course_collection_plan()
    english_path = write_framework_excel(framework, tmp_path / "en.xlsx", plan)
    with use_language(language):
        path = write_framework_excel(framework, tmp_path / f"{language}.xlsx", plan)
    english_back, english_plan = read_framework_excel(english_path)
    back, back_plan = read_framework_excel(path)  # read in English: the data sheets do not depend on the language
    pd.testing.assert_frame_equal(back.results, english_back.results)
    pd.testing.assert_frame_equal(back.indicators, english_back.indicators)
    pd.testing.assert_frame_equal(back_plan.sources, english_plan.sources)
    pd.testing.assert_frame_equal(back_plan.groups, english_plan.groups)
    assert (back.start_year, back.end_year, back.title, back.illustrative) == \
        (framework.start_year, framework.end_year, framework.title, framework.illustrative)
    english_book, book = openpyxl.load_workbook(english_path), openpyxl.load_workbook(path)
    data = ["about", "results", "indicators", "sources", "groups"]
    assert english_book.sheetnames == data + ["logframe", "monitoring plan"]
    # The data sheets are the same cell for cell; the two views are the catalogue's words.
    for name in data:
        assert [[c.value for c in row] for row in book[name].iter_rows()] == \
            [[c.value for c in row] for row in english_book[name].iter_rows()], name
    views = [translation(language, "logframe", "workbook sheet"), translation(language, "monitoring plan",
                                                                               "workbook sheet")]
    assert book.sheetnames == data + views
    logframe_head = [c.value for c in book[views[0]][1]]
    assert logframe_head == [translation(language, c.value) for c in english_book["logframe"][1]]
    monitoring_head = [c.value for c in book[views[1]][1]]
    assert monitoring_head == [translation(language, c.value, "monitoring plan")
                               for c in english_book["monitoring plan"][1]]
    assert not set(monitoring_head) & {"frequency", "breakdowns", "responsible"}
