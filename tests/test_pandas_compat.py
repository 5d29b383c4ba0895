"""What pandas 3 changes, checked on the toolbox: the string dtype of text columns, and copy-on-write.

pandas 3 reads text as the ``str`` dtype (pandas 2: ``object``), and a frame
taken from another is a lazy copy (copy-on-write), so code that changed a
caller's frame through a chained assignment would now silently change nothing.
These tests run the tools on the same data with every text dtype a user's frame
can have, and check that no tool changes the frame it is given.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from m4d.partners import match_network, rank
from m4d.survey import adjust_for_nonresponse, cross_table, disaggregate, estimates_by, households
from m4d.survey.weights import design_weights

TEXT_DTYPES = [object, "string[python]", pd.StringDtype(na_value=np.nan)]


def as_text(frame: pd.DataFrame, dtype) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or isinstance(out[name].dtype, pd.StringDtype) or out[name].dtype == "str":
            out[name] = out[name].astype(dtype)
    return out


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    frame = households().sample(600, random_state=3)
    frame = frame.assign(age_group=frame["age_group"].astype(str), stratum=frame["stratum"].astype(str),
                         has_member_abroad=frame["has_member_abroad"].astype(float))
    return frame[["municipality_id", "stratum", "respondent_sex", "age_group", "migration_status",
                  "has_member_abroad"]].reset_index(drop=True)


@pytest.mark.parametrize("dtype", TEXT_DTYPES, ids=str)
def test_tables_and_estimates_are_the_same_whatever_the_text_dtype(sample, dtype):
    frame = as_text(sample, dtype)
    reference = as_text(sample, object)
    pd.testing.assert_frame_equal(cross_table(frame, "municipality_id", ["respondent_sex", "age_group"]),
                                  cross_table(reference, "municipality_id", ["respondent_sex", "age_group"]),
                                  check_index_type=False, check_column_type=False)
    a = disaggregate(frame, "municipality_id", "migration_status").published().to_numpy()
    b = disaggregate(reference, "municipality_id", "migration_status").published().to_numpy()
    assert np.array_equal(a, b, equal_nan=True)
    by = estimates_by(frame.assign(weight=1.0), "has_member_abroad", "stratum", stratum="stratum")
    ref = estimates_by(reference.assign(weight=1.0), "has_member_abroad", "stratum", stratum="stratum")
    assert by["estimate"].tolist() == pytest.approx(ref["estimate"].tolist())
    assert [str(s) for s in by["stratum"]] == [str(s) for s in ref["stratum"]]


@pytest.mark.parametrize("dtype", TEXT_DTYPES, ids=str)
def test_partner_tools_accept_every_text_dtype(dtype):
    candidates = as_text(pd.DataFrame({"partner": ["b", "a", "c"], "migrant_group": [10.0, 30, 20],
                                       "associations": [1.0, 2, 3]}), dtype)
    assert rank(candidates, {"migrant_group": 2, "associations": 1},
                criteria=["migrant_group", "associations"]).ids == ["a", "c", "b"]
    corridors = as_text(pd.DataFrame({"home": ["h1", "h1", "h2"], "partner": ["p1", "p2", "p1"],
                                      "score": [3.0, 2.0, 2.5]}), dtype)
    # Optimal: h1-p2 + h2-p1 = 4.5; stable: p1 keeps h1 (3), whom it prefers, and h2 has no one else.
    for method, total in (("optimal", 4.5), ("stable", 3.0)):
        assert match_network(corridors, 1, 1, method=method).total_score == pytest.approx(total)


def test_no_tool_changes_the_frame_it_is_given(sample):
    frame = sample.assign(weight=1.0, responded=np.arange(len(sample)) % 5 != 0)
    before = frame.copy(deep=True)
    cross_table(frame, "municipality_id", "respondent_sex")
    disaggregate(frame, "municipality_id", "migration_status")
    estimates_by(frame, "has_member_abroad", "respondent_sex", stratum="stratum")
    design_weights(frame, frame["stratum"].value_counts() * 10)
    adjust_for_nonresponse(frame, "weight")
    candidates = pd.DataFrame({"partner": ["b", "a", "c"], "migrant_group": [10.0, 30, 20]})
    kept = candidates.copy(deep=True)
    rank(candidates, {"migrant_group": 1}, criteria=["migrant_group"])
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(candidates, kept)


def test_derived_columns_are_really_set_under_copy_on_write():
    # households() derives columns on the loaded frame; with copy-on-write a chained assignment would be lost.
    frame = households()
    assert frame["has_member_abroad"].sum() == (frame["members_abroad"] > 0).sum() > 0
    assert list(frame["age_group"].cat.categories) == ["18-29", "30-44", "45-59", "60+"]
