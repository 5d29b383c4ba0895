"""Weighted estimates and their confidence intervals, checked against independent computations."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.weightstats import DescrStatsW

from m4d import InputError
from m4d.survey.estimates import estimate, estimates_by


def test_unweighted_share_matches_statsmodels_mean_and_standard_error():
    y = np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 0] * 5, dtype=float)
    sample = pd.DataFrame({"y": y})
    est = estimate(sample, "y", weight=None, interval="t")
    ref = DescrStatsW(y)
    assert est.value == pytest.approx(ref.mean)
    # with-replacement linearisation equals s / sqrt(n) with the n-1 divisor
    assert est.standard_error == pytest.approx(ref.std_mean)
    low, high = ref.tconfint_mean(0.05)
    assert (est.low, est.high) == (pytest.approx(low), pytest.approx(high))


def test_weights_pull_the_estimate_towards_heavier_rows():
    sample = pd.DataFrame({"y": [1, 0], "weight": [3.0, 1.0]})
    assert estimate(sample, "y", min_respondents=1).value == pytest.approx(0.75)


def test_stratified_variance_ignores_differences_between_strata():
    # Within each stratum everyone answers the same: all variance is between strata,
    # which stratification removes, so the standard error is 0.
    sample = pd.DataFrame({"y": [1, 1, 1, 0, 0, 0], "weight": 1.0, "stratum": list("aaabbb")})
    assert estimate(sample, "y", stratum="stratum", min_respondents=1).standard_error == pytest.approx(0.0)
    assert estimate(sample, "y", min_respondents=1).standard_error > 0.1


def test_domain_estimate_equals_the_weighted_mean_inside_the_group():
    sample = pd.DataFrame({"y": [10, 20, 30, 40], "weight": [1, 2, 1, 2], "sex": ["f", "f", "m", "m"]})
    table = estimates_by(sample, "y", "sex", min_respondents=1)
    assert table.set_index("sex")["estimate"].to_dict() == {"f": pytest.approx(50 / 3), "m": pytest.approx(110 / 3)}
    assert table["respondents"].tolist() == [2, 2]


def test_estimate_rejects_an_unknown_column():
    with pytest.raises(InputError, match="no column 'income'"):
        estimate(pd.DataFrame({"y": [1]}), "income", weight=None)


def test_estimate_rejects_negative_weights():
    with pytest.raises(InputError, match="negative"):
        estimate(pd.DataFrame({"y": [1, 0], "weight": [1, -1]}), "y")


@given(st.lists(st.tuples(st.integers(0, 1), st.floats(0.5, 50)), min_size=3, max_size=80))
def test_weighted_share_stays_between_0_and_1_and_inside_its_interval(rows):
    sample = pd.DataFrame(rows, columns=["y", "weight"])
    est = estimate(sample, "y", min_respondents=1)
    assert 0 <= est.value <= 1
    assert est.low <= est.value <= est.high
    assert est.value == pytest.approx(np.average(sample["y"], weights=sample["weight"]))


@given(st.lists(st.floats(-100, 100), min_size=3, max_size=50), st.floats(0.1, 10))
def test_scaling_all_weights_changes_nothing(values, factor):
    sample = pd.DataFrame({"y": values, "weight": 1.0})
    scaled = sample.assign(weight=factor)
    a, b = estimate(sample, "y", min_respondents=1), estimate(scaled, "y", min_respondents=1)
    assert a.value == pytest.approx(b.value, abs=1e-9)
    assert a.standard_error == pytest.approx(b.standard_error, abs=1e-9)


def test_random_sample_intervals_cover_the_truth_about_95_percent_of_the_time():
    from m4d.survey.region import households, known_truth

    population = households()
    truth = known_truth("share_with_member_abroad")
    rng = np.random.default_rng(11)
    covered = 0
    for _ in range(300):
        sample = population.iloc[rng.choice(len(population), 300, replace=False)].assign(weight=1.0)
        est = estimate(sample, "has_member_abroad")
        covered += est.low <= truth <= est.high
    assert 0.90 <= covered / 300 <= 0.99
