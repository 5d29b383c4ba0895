"""A plan saved as CSV or Excel reads back identical, and a bad file is refused with its name and row."""
from __future__ import annotations

import pandas as pd
import pytest

from m4d import InputError
from m4d.budget import allocation_matrix, course_plan
from m4d.budget.io import read_plan_csv, read_plan_excel, write_plan_csv, write_plan_excel


def _same(a, b):
    pd.testing.assert_frame_equal(a.lines, b.lines)
    pd.testing.assert_frame_equal(a.sources, b.sources)
    assert (a.currency, a.title, a.illustrative) == (b.currency, b.title, b.illustrative)


def test_csv_round_trip_keeps_lines_sources_and_allocation(tmp_path):
    plan, draft = course_plan()
    paths = write_plan_csv(plan, tmp_path, draft)
    back, allocation = read_plan_csv(paths["cost_lines"], paths["funding_sources"], paths["allocation"],
                                     title=plan.title, illustrative=True)
    _same(plan, back)
    assert (allocation_matrix(back, allocation) == allocation_matrix(plan, draft)).all()


def test_excel_round_trip_keeps_the_plan_its_title_and_its_illustrative_label(tmp_path):
    plan, draft = course_plan()
    path = write_plan_excel(plan, tmp_path / "plan.xlsx", draft)
    back, allocation = read_plan_excel(path)
    _same(plan, back)
    assert (allocation_matrix(back, allocation) == allocation_matrix(plan, draft)).all()


def test_csv_with_a_negative_cost_is_refused_naming_the_file_and_row(tmp_path):
    plan, draft = course_plan()
    paths = write_plan_csv(plan, tmp_path, draft)
    text = paths["cost_lines"].read_text(encoding="utf-8").replace("L03,2026,travel,Study visit of a delegation to the partner town,9000.0",
                                                                   "L03,2026,travel,Study visit,-9000")
    paths["cost_lines"].write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"cost_lines.csv.*row 4, column amount: the cost of L03 is negative"):
        read_plan_csv(paths["cost_lines"], paths["funding_sources"])


def test_allocation_naming_an_unknown_source_is_refused(tmp_path):
    plan, draft = course_plan()
    paths = write_plan_csv(plan, tmp_path, draft)
    paths["allocation"].write_text("line_id,source_id,amount\nL01,bank,10\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"allocation.csv, row 2, column source_id: there is no funding source 'bank'"):
        read_plan_csv(paths["cost_lines"], paths["funding_sources"], paths["allocation"])


def test_workbook_without_the_sources_sheet_is_refused(tmp_path):
    path = tmp_path / "plan.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"line_id": ["L1"]}).to_excel(writer, sheet_name="cost_lines", index=False)
    with pytest.raises(InputError, match="lacks the sheet.*funding_sources"):
        read_plan_excel(path)


def test_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="could not be read as an Excel workbook"):
        read_plan_excel(path)


def test_missing_and_empty_csv_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_plan_csv(tmp_path / "a.csv", tmp_path / "b.csv")
    (tmp_path / "a.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_plan_csv(tmp_path / "a.csv", tmp_path / "a.csv")
