"""The questionnaire exports as an XLSForm that pyxform converts, with consent first and working skip logic."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from m4d import InputError
from m4d.survey.questionnaire import core_questions, questionnaire_sheets, to_xform, write_xlsform


@pytest.fixture()
def xlsform(tmp_path):
    return write_xlsform(tmp_path / "survey.xlsx", survey_year=2026, version="1")


def test_xlsform_has_the_three_sheets_field_tools_expect(xlsform):
    sheets = pd.read_excel(xlsform, sheet_name=None)
    assert set(sheets) == {"survey", "choices", "settings"}
    assert {"type", "name", "label", "relevant"} <= set(sheets["survey"].columns)
    assert {"list_name", "name", "label"} <= set(sheets["choices"].columns)
    assert sheets["settings"].loc[0, "form_id"] == "m4d_household_migration"


def test_pyxform_converts_it_to_an_xform_without_errors(xlsform):
    xml = to_xform(xlsform)
    assert "<h:html" in xml and "m4d_household_migration" in xml
    # the core migration questions are in the form
    for name in ("country_of_birth", "citizenship", "year_of_arrival", "members_abroad", "receives_remittances"):
        assert f"/{name}" in xml, name


def test_skip_logic_reaches_the_xform(xlsform):
    xml = to_xform(xlsform)
    arrival = re.search(r'<bind[^>]*nodeset="[^"]*/year_of_arrival"[^>]*>', xml).group(0)
    assert "born_here" in arrival and "relevant" in arrival
    amount = re.search(r'<bind[^>]*nodeset="[^"]*/remittance_amount"[^>]*>', xml).group(0)
    assert "receives_remittances" in amount


def test_consent_comes_first_and_gates_every_group():
    questions = core_questions(2026)
    names = [q["name"] for q in questions]
    assert names.index("consent") < min(names.index(n) for n in ("respondent_sex", "born_here", "receives_remittances"))
    groups = [q for q in questions if q["type"] == "begin_group"]
    assert groups and all("${consent} = 'yes'" in g["relevant"] for g in groups)


def test_no_question_asks_for_legal_status_names_or_addresses():
    asked = [q for q in core_questions(2026) if q["type"] not in ("note", "begin_group", "end_group")]
    text = " ".join(f"{q['name']} {q.get('label', '')}" for q in asked).lower()
    for word in ("legal status", "residence permit", "visa", "your name", "address", "irregular"):
        assert word not in text


def test_every_select_question_has_its_answer_list():
    sheets = questionnaire_sheets(survey_year=2026)
    lists = set(sheets["choices"]["list_name"])
    for kind in sheets["survey"]["type"]:
        if kind.startswith("select_"):
            assert kind.split()[1] in lists


def test_a_broken_questionnaire_is_reported_not_raised_as_a_traceback(tmp_path):
    questions = core_questions(2026) + [{"type": "integer", "name": "bad", "label": "x", "relevant": "${no_such_q} = 1"}]
    path = write_xlsform(tmp_path / "bad.xlsx", questionnaire_sheets(questions))
    with pytest.raises(InputError, match="not a valid XLSForm"):
        to_xform(path)


@pytest.mark.parametrize("questions, words", [
    ([{"type": "text", "name": "a"}, {"type": "text", "name": "a"}], "unique"),
    ([{"type": "select_one colours", "name": "c"}], "No answer list"),
    ([{"type": "text"}], "type and a name"),
])
def test_bad_question_lists_get_clear_messages(questions, words):
    with pytest.raises(InputError, match=words):
        questionnaire_sheets(questions)


def test_the_file_must_be_xlsx(tmp_path):
    with pytest.raises(InputError, match=".xlsx"):
        write_xlsform(tmp_path / "survey.csv")
