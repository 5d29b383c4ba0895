"""Bias simulation: random samples centre on the truth, convenience samples do not."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from m4d import InputError
from m4d.survey.bias import reachability, simulate_bias, successive_sample
from m4d.survey.region import households, known_truth


@pytest.fixture(scope="module")
def population():
    return households()


def test_convenience_sample_through_associations_overstates_households_with_someone_abroad(population):
    result = simulate_bias(population, "has_member_abroad", 400, runs=200, seed=1)
    truth = known_truth("share_with_member_abroad")
    assert result.truth == pytest.approx(truth, abs=1e-6)
    random, convenience = result.bias("random"), result.bias("convenience")
    # The random design's average error is within a few standard errors of its mean (sd/sqrt(200)).
    sd = result.summary.set_index("design").loc["random", "standard_deviation"]
    assert abs(random) < 4 * sd / np.sqrt(200)
    assert convenience > 0.05
    rmse = result.summary.set_index("design")["rmse"]
    assert rmse["convenience"] > 2 * rmse["random"]


def test_without_any_pull_convenience_is_just_another_random_sample(population):
    reach = reachability(population, centre_pull=0, association_pull=0)
    assert np.allclose(reach, 1.0)
    result = simulate_bias(population, "has_member_abroad", 300, reach=reach, runs=300, seed=2)
    sd = result.summary.set_index("design")["standard_deviation"]
    assert abs(result.bias("convenience")) < 4 * sd["convenience"] / np.sqrt(300)


def test_a_larger_convenience_sample_keeps_its_bias(population):
    small = simulate_bias(population, "has_member_abroad", 100, runs=100, seed=3).bias("convenience")
    large = simulate_bias(population, "has_member_abroad", 2000, runs=100, seed=3).bias("convenience")
    assert large > 0.05 and small > 0.05


def test_same_seed_same_result(population):
    a = simulate_bias(population, "remittances_monthly", 200, runs=20, seed=5)
    b = simulate_bias(population, "remittances_monthly", 200, runs=20, seed=5)
    pd.testing.assert_frame_equal(a.runs, b.runs)


def test_successive_sampling_draws_distinct_households_in_proportion_to_weight():
    rng = np.random.default_rng(0)
    weights = np.array([1.0, 1.0, 8.0, 1.0, 1.0])
    firsts = np.zeros(5)
    for _ in range(4000):
        drawn = successive_sample(rng, np.cumsum(weights / weights.sum()), 3)
        assert len(set(drawn.tolist())) == 3
        firsts[drawn[0]] += 1
    # The first draw picks household 2 with probability 8/12.
    assert firsts[2] / 4000 == pytest.approx(8 / 12, abs=0.03)


@pytest.mark.parametrize("kwargs, words", [
    ({"n": 10**6}, "larger than the population"),
    ({"n": 1}, "at least 2"),
    ({"n": 10, "reach": "nope"}, "no column 'nope'"),
    ({"n": 10, "runs": 0}, "at least 1"),
])
def test_bad_simulation_settings_get_clear_messages(population, kwargs, words):
    with pytest.raises(InputError, match=words):
        simulate_bias(population, "has_member_abroad", **kwargs)


def test_zero_reachability_is_refused(population):
    reach = np.ones(len(population))
    reach[0] = 0
    with pytest.raises(InputError, match="above 0"):
        simulate_bias(population, "has_member_abroad", 10, reach=reach)


def test_negative_pull_is_refused(population):
    with pytest.raises(InputError, match="negative"):
        reachability(population, centre_pull=-1)
