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


UNEQUAL = {"migrant_group": 4.0, "associations": 1.0, "dc_experience": 2.5, "resources": 0.5, "proximity": 3.0}


def test_stability_with_unequal_weights_perturbs_each_weight_around_its_own_value():
    # With unequal weights, a draw that forgot the weights (factors alone) would give a different count.
    ranking = rank(candidates_for("Murcia"), UNEQUAL)
    result = top_stability(ranking, draws=120, spread=0.4, seed=5)
    factors = np.random.default_rng(5).uniform(0.6, 1.4, size=(120, 5))
    frame = candidates_for("Murcia")
    wins = sum(rank(frame, {k: UNEQUAL[k] * f for k, f in zip(UNEQUAL, row)}).top == ranking.top for row in factors)
    forgetful = sum(rank(frame, dict(zip(UNEQUAL, row))).top == ranking.top for row in factors)
    assert result.stays_on_top == pytest.approx(wins / 120)
    assert wins != forgetful


def test_flip_weights_with_unequal_weights_agree_with_reranking():
    ranking = rank(candidates_for("Murcia"), UNEQUAL)
    frame = candidates_for("Murcia")
    for _, row in flip_points(ranking).iterrows():
        if row["top_if_raised"]:
            x = row["raise_to"]
            assert rank(frame, {**UNEQUAL, row["criterion"]: x * (1 + 1e-6) + 1e-9}).top == row["top_if_raised"]
            assert rank(frame, {**UNEQUAL, row["criterion"]: max(x * (1 - 1e-6), row["weight"])}).top == ranking.top


def exact_order(frame, weights):
    """Independent oracle: min-max scores in exact fractions, best first, ties by identifier."""
    from fractions import Fraction as F

    scores = {}
    for _, row in frame.iterrows():
        total = F(0)
        for key, w in weights.items():
            lo, hi = F(float(frame[key].min())), F(float(frame[key].max()))
            if w and hi != lo:
                total += F(float(w)) * (F(float(row[key])) - lo) / (hi - lo)
        scores[row["partner"]] = total / sum(F(float(w)) for w in weights.values())
    return sorted(scores, key=lambda p: (-scores[p], p))


def test_a_tie_in_exact_arithmetic_is_a_tie_even_when_the_floats_differ():
    # zeta: (3 x 0.1 + 0.7) / 4 and alpha: (3 x 0.3 + 0.1) / 4 are both 1/4, but in floating point
    # one comes out as 0.25 and the other as 0.24999999999999997.
    frame = pd.DataFrame({"partner": ["zeta", "alpha", "low", "high"], "a": [0.1, 0.3, 0.0, 1.0],
                          "b": [0.7, 0.1, 0.0, 1.0], "c": [0.0, 0.0, 1.0, 0.5]})
    weights = {"a": 3.0, "b": 1.0, "c": 0.0}
    ranking = rank(frame, weights, CRITS)
    assert ranking.ids == exact_order(frame, weights) == ["high", "alpha", "zeta", "low"]
    scores = ranking.table.set_index("partner")["score"]
    assert scores["alpha"] == scores["zeta"] == 0.25


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.0])] * 3), min_size=3, max_size=7),
       st.tuples(*[st.sampled_from([0.1, 0.3, 1.0, 2.5, 3.0])] * 3))
def test_ranking_order_equals_the_exact_arithmetic_order(rows, w):
    frame = pd.DataFrame(rows, columns=["a", "b", "c"])
    frame.insert(0, "partner", [f"p{i}" for i in range(len(rows))])
    assume(all(frame[k].nunique() > 1 for k in "abc"))
    weights = dict(zip("abc", w))
    assert rank(frame, weights, CRITS).ids == exact_order(frame, weights)


def test_identical_candidates_tie_and_are_ordered_by_identifier():
    frame = pd.DataFrame({"partner": ["b", "a", "c"], "a": [3.0, 3.0, 1.0], "b": [0.7, 0.7, 0.1], "c": [2.0, 2.0, 1.0]})
    ranking = rank(frame, {"a": 0.3, "b": 1.7, "c": 0.1}, CRITS)
    assert ranking.ids[:2] == ["a", "b"]
    assert ranking.table["score"].iloc[0] == ranking.table["score"].iloc[1]
