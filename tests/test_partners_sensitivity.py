"""Sensitivity of the top choice: exact flip weights and seeded stability under perturbed weights."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.partners import GUIDELINE_WEIGHTS, Criterion, candidates_for, flip_points, rank, top_stability

CRITS = [Criterion("a", "A"), Criterion("b", "B"), Criterion("c", "C")]


def top_at(frame, weights, key, x):
    return rank(frame, {**weights, key: x}, CRITS).top


def test_flip_weight_of_a_two_candidate_case_matches_the_algebra():
    # x: a=1, b=0; y: a=0, b=1; c equal-ish. With weights a=1, b=w, x leads while w < 1.
    frame = pd.DataFrame({"partner": ["x", "y"], "a": [1, 0], "b": [0, 1], "c": [0, 1]})
    ranking = rank(frame, {"a": 3, "b": 1, "c": 1}, CRITS)
    assert ranking.top == "x"
    flips = flip_points(ranking).set_index("criterion")
    # Scores are proportional to 3 (x) and b + 1 (y): y overtakes once b passes 2.
    assert flips.loc["b", "raise_to"] == pytest.approx(2.0)
    assert flips.loc["b", "top_if_raised"] == "y"
    # Lowering a below 2 lets y (1 + 1) overtake x (a).
    assert flips.loc["a", "lower_to"] == pytest.approx(2.0)
    assert flips.loc["a", "top_if_lowered"] == "y"
    # Raising a only widens x's lead.
    assert np.isnan(flips.loc["a", "raise_to"]) and flips.loc["a", "top_if_raised"] == ""


@st.composite
def cases(draw):
    n = draw(st.integers(min_value=2, max_value=6))
    rows = draw(st.lists(st.tuples(*[st.integers(0, 9)] * 3), min_size=n, max_size=n))
    frame = pd.DataFrame(rows, columns=["a", "b", "c"], dtype=float)
    frame.insert(0, "partner", [f"p{i}" for i in range(n)])
    weights = dict(zip("abc", map(float, draw(st.tuples(*[st.integers(1, 5)] * 3)))))
    return frame, weights


@settings(max_examples=80, deadline=None)
@given(cases())
def test_flip_weights_agree_with_reranking_just_either_side(case):
    frame, weights = case
    assume(all(frame[k].nunique() > 1 for k in "abc"))
    ranking = rank(frame, weights, CRITS)
    for _, row in flip_points(ranking).iterrows():
        key, x0 = row["criterion"], row["weight"]
        if row["top_if_raised"]:
            x = row["raise_to"]
            assert x >= x0
            # Just below the flip the top is unchanged; just above it the named candidate leads.
            if x - 1e-6 >= x0:
                assert top_at(frame, weights, key, x - 1e-6) == ranking.top
            assert top_at(frame, weights, key, x + 1e-6) == row["top_if_raised"]
        else:
            for x in (x0 * 2, x0 * 10, x0 * 1000):
                assert top_at(frame, weights, key, x) == ranking.top
        if row["top_if_lowered"]:
            x = row["lower_to"]
            assert 0 <= x <= x0
            if x - 1e-6 >= 0:
                assert top_at(frame, weights, key, x - 1e-6) == row["top_if_lowered"]
            if x + 1e-6 <= x0:
                assert top_at(frame, weights, key, x + 1e-6) == ranking.top
        else:
            for x in (x0 / 2, x0 / 10, 0.0):
                assert top_at(frame, weights, key, x) == ranking.top


def test_stability_is_repeatable_with_the_same_seed_and_varies_with_another():
    ranking = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS)
    a = top_stability(ranking, draws=400, seed=1)
    b = top_stability(ranking, draws=400, seed=1)
    assert a.stays_on_top == b.stays_on_top
    assert a.share_on_top.sum() == pytest.approx(1.0)
    others = {top_stability(ranking, draws=400, seed=s).stays_on_top for s in range(2, 6)}
    assert len(others | {a.stays_on_top}) > 1


def test_a_close_race_is_less_stable_than_a_clear_lead():
    close = top_stability(rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS))
    clear = top_stability(rank(candidates_for("Santa Maria da Feira"), GUIDELINE_WEIGHTS))
    assert close.stays_on_top < clear.stays_on_top


def test_no_perturbation_keeps_the_top_every_time():
    ranking = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS)
    assert top_stability(ranking, draws=50, spread=0.0).stays_on_top == 1.0


def test_stability_counts_the_draws_by_recomputing_the_scores():
    ranking = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS)
    result = top_stability(ranking, draws=200, spread=0.5, seed=3)
    rng = np.random.default_rng(3)
    factors = rng.uniform(0.5, 1.5, size=(200, 5))
    wins = 0
    values = candidates_for("Murcia").set_index("partner")
    for f in factors:
        w = dict(zip(GUIDELINE_WEIGHTS, f))
        wins += rank(values.reset_index(), w).top == ranking.top
    assert result.stays_on_top == pytest.approx(wins / 200)


@pytest.mark.parametrize("kwargs, message", [
    ({"draws": 0}, "draws"), ({"draws": 2.5}, "draws"), ({"spread": 1.0}, "spread"), ({"spread": -0.1}, "spread"),
])
def test_bad_stability_settings_get_a_message(kwargs, message):
    ranking = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS)
    with pytest.raises(InputError, match=message):
        top_stability(ranking, **kwargs)
