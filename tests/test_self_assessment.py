"""The self-assessment gives a profile dimension by dimension, with no total and no ranking."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.self_assessment import (ANSWERS, blank_answers, check_answers, dimensions, example_answers, gaps, profile,
                                 profile_alt, profile_chart_html, questions)

CODES = list(ANSWERS)
QUESTIONS = list(questions()["question_id"])


def test_six_dimensions_with_four_questions_each_in_iom_order():
    assert list(dimensions()["name"]) == ["Migrants' rights", "Whole-of-government approach", "Partnerships",
                                          "Socioeconomic well-being of migrants", "Mobility dimensions of crises",
                                          "Safe, orderly and regular migration"]
    assert questions().groupby("dimension").size().eq(4).all()


def test_a_profile_has_no_total_score_and_no_rank():
    table = profile(example_answers())
    assert len(table) == 6
    assert not {"rank", "total", "score", "overall"} & set(table.columns)
    assert list(table["dimension"]) == list(dimensions()["name"]), "fixed order, never sorted by value"


def test_everything_reviewed_is_fully_in_place_and_dont_know_is_not_counted():
    assert profile({q: "reviewed" for q in QUESTIONS})["share_in_place"].eq(1.0).all()
    blank = profile(blank_answers())
    assert blank["share_in_place"].isna().all() and blank["dont_know"].eq(4).all()
    one = profile({"R1": "in_place"}).iloc[0]
    assert one["answered"] == 1 and one["share_in_place"] == pytest.approx(2 / 3)


@given(st.dictionaries(st.sampled_from(QUESTIONS), st.sampled_from(CODES)), st.sampled_from(QUESTIONS), st.data())
@settings(max_examples=80, deadline=None)
def test_raising_one_answer_never_lowers_its_dimension_and_leaves_others_alone(answers, question, data):
    points = {c: p for c, (_, p) in ANSWERS.items()}
    low = data.draw(st.sampled_from(["not_in_place", "started", "in_place"]))
    high = data.draw(st.sampled_from([c for c in CODES if points[c] is not None and points[c] > points[low]]))
    before = profile({**answers, question: low}).set_index("code")
    after = profile({**answers, question: high}).set_index("code")
    dim = questions().set_index("question_id").loc[question, "dimension"]
    assert after.loc[dim, "share_in_place"] > before.loc[dim, "share_in_place"]
    others = before.index != dim
    assert before.loc[others, "share_in_place"].equals(after.loc[others, "share_in_place"])


def test_gaps_list_what_is_not_in_place_or_unknown():
    listed = gaps(example_answers())
    answers = example_answers()
    assert set(listed["question_id"]) == {q for q, a in answers.items() if a in ("not_in_place", "dont_know")}


@pytest.mark.parametrize("answers, message", [
    ({"X9": "in_place"}, r"no question 'X9'"),
    ({"R1": "sometimes"}, r"'sometimes' is not an answer"),
    ([1, 2], r"as a dict"),
])
def test_bad_answers_are_refused_with_a_reason(answers, message):
    with pytest.raises(InputError, match=message):
        check_answers(answers)


def test_answers_may_be_labels_and_lower_case_ids():
    assert check_answers({"r1": "In place", "W2": "Don't know"})["R1"] == "in_place"


def test_the_chart_names_every_dimension_in_its_alternative_text():
    table = profile(example_answers())
    alt = profile_alt(table, "Alvora")
    chart = profile_chart_html(table, "Alvora", illustrative=True)
    for name in table["dimension"]:
        assert name in alt
    assert 'role="img"' in chart and "(illustrative)" in chart and "<caption>" in chart


def test_the_widget_redraws_when_an_answer_changes():
    from m4d.self_assessment.widget import SelfAssessmentWidget

    widget = SelfAssessmentWidget()
    before = widget.profile.set_index("code").loc["mobility_crises", "share_in_place"]
    widget.controls["C1"].value = "reviewed"
    after = widget.profile.set_index("code").loc["mobility_crises", "share_in_place"]
    assert after > before and "Alvora" in widget.snapshot_html()
