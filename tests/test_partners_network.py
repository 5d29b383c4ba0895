"""Network matching: optimal and stable many-to-many matching with capacities."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import load_dataset_script
from m4d import InputError
from m4d.partners import match_network


@st.composite
def networks(draw):
    n_h, n_p = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    pairs = [(f"h{i}", f"p{j}") for i in range(n_h) for j in range(n_p)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=min(len(pairs), 8), unique=True))
    scores = draw(st.lists(st.integers(1, 20), min_size=len(chosen), max_size=len(chosen)))
    corridors = pd.DataFrame([(h, p, float(s)) for (h, p), s in zip(chosen, scores)], columns=["home", "partner", "score"])
    h_cap = {h: draw(st.integers(0, 2)) for h in corridors["home"].unique()}
    p_cap = {p: draw(st.integers(0, 2)) for p in corridors["partner"].unique()}
    return corridors, h_cap, p_cap


def best_total_by_enumeration(corridors, h_cap, p_cap):
    rows = list(corridors.itertuples(index=False))
    best = 0.0
    for r in range(len(rows) + 1):
        for subset in itertools.combinations(rows, r):
            hc = pd.Series([s.home for s in subset]).value_counts()
            pc = pd.Series([s.partner for s in subset]).value_counts()
            if all(hc.get(h, 0) <= c for h, c in h_cap.items()) and all(pc.get(p, 0) <= c for p, c in p_cap.items()):
                best = max(best, sum(s.score for s in subset))
    return best


def respects_capacities(pairs, h_cap, p_cap):
    return (pairs["home"].value_counts().le(pd.Series(h_cap)).reindex(pairs["home"].unique()).all()
            and pairs["partner"].value_counts().le(pd.Series(p_cap)).reindex(pairs["partner"].unique()).all())


@settings(max_examples=60, deadline=None)
@given(networks())
def test_optimal_matching_reaches_the_best_total_found_by_enumeration(net):
    corridors, h_cap, p_cap = net
    result = match_network(corridors, h_cap, p_cap, method="optimal")
    assert respects_capacities(result.pairs, h_cap, p_cap)
    assert result.total_score == pytest.approx(best_total_by_enumeration(corridors, h_cap, p_cap))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_stable_matching_leaves_no_pair_that_would_both_rather_be_together(net):
    corridors, h_cap, p_cap = net
    result = match_network(corridors, h_cap, p_cap, method="stable")
    pairs = result.pairs
    assert respects_capacities(pairs, h_cap, p_cap)
    matched = set(zip(pairs["home"], pairs["partner"]))
    for row in corridors.itertuples(index=False):
        if (row.home, row.partner) in matched or h_cap[row.home] == 0 or p_cap[row.partner] == 0:
            continue
        home_scores = pairs.loc[pairs["home"] == row.home, "score"]
        partner_scores = pairs.loc[pairs["partner"] == row.partner, "score"]
        home_wants = len(home_scores) < h_cap[row.home] or (home_scores < row.score).any()
        partner_wants = len(partner_scores) < p_cap[row.partner] or (partner_scores < row.score).any()
        assert not (home_wants and partner_wants), f"{row.home}-{row.partner} would block"


@settings(max_examples=40, deadline=None)
@given(networks())
def test_the_optimal_total_is_never_below_the_stable_total(net):
    corridors, h_cap, p_cap = net
    optimal = match_network(corridors, h_cap, p_cap, method="optimal").total_score
    stable = match_network(corridors, h_cap, p_cap, method="stable").total_score
    assert optimal >= stable - 1e-9


def test_optimal_can_beat_stable_when_a_greedy_pair_blocks_two_good_ones():
    # h1-p1 is the single best pair, but taking it leaves h2 and p2 unmatched.
    corridors = pd.DataFrame({"home": ["h1", "h1", "h2"], "partner": ["p1", "p2", "p1"], "score": [10.0, 8.0, 8.0]})
    optimal = match_network(corridors, 1, 1, method="optimal")
    stable = match_network(corridors, 1, 1, method="stable")
    assert optimal.total_score == 16.0
    assert stable.total_score == 10.0
    assert set(zip(stable.pairs["home"], stable.pairs["partner"])) == {("h1", "p1")}


def test_capacity_left_counts_what_each_territory_can_still_take():
    corridors = pd.DataFrame({"home": ["h1", "h1"], "partner": ["p1", "p2"], "score": [1.0, 2.0]})
    result = match_network(corridors, {"h1": 3}, {"p1": 1, "p2": 1})
    assert result.home_capacity_left["h1"] == 1
    assert result.partner_capacity_left.tolist() == [0, 0]


@pytest.mark.parametrize("corridors, h_cap, p_cap, message", [
    (pd.DataFrame({"home": ["h"], "partner": ["p"]}), 1, 1, "lacks the column"),
    (pd.DataFrame({"home": ["h", "h"], "partner": ["p", "p"], "score": [1, 2]}), 1, 1, "more than once"),
    (pd.DataFrame({"home": ["h"], "partner": ["p"], "score": [np.nan]}), 1, 1, "no usable score"),
    (pd.DataFrame({"home": ["h"], "partner": ["p"], "score": [1]}), -1, 1, "cannot be negative"),
    (pd.DataFrame({"home": ["h"], "partner": ["p"], "score": [1]}), {"x": 1}, 1, "has no capacity"),
    (pd.DataFrame({"home": ["h"], "partner": ["p"], "score": [1]}), {"h": 1.5}, 1, "whole number"),
])
def test_bad_network_input_gets_a_message(corridors, h_cap, p_cap, message):
    with pytest.raises(InputError, match=message):
        match_network(corridors, h_cap, p_cap)


def test_an_unknown_method_is_refused():
    with pytest.raises(InputError, match="optimal"):
        match_network(pd.DataFrame({"home": ["h"], "partner": ["p"], "score": [1]}), method="greedy")


def test_the_network_generator_is_seeded_and_respects_its_shape():
    gen = load_dataset_script("make_network")
    a, ha, pa = gen.make_network(50, 40, corridors_per_home=5, seed=7)
    b, _, _ = gen.make_network(50, 40, corridors_per_home=5, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 250 and a.groupby("home")["partner"].nunique().eq(5).all()
    assert ha.between(1, 3).all() and pa.between(1, 3).all()


def test_a_generated_network_matches_within_capacities():
    gen = load_dataset_script("make_network")
    corridors, h_cap, p_cap = gen.make_network(200, 150, corridors_per_home=6, seed=1)
    corridors["score"] = corridors["resources"] / 10 + corridors["proximity"] / 10
    for method in ("optimal", "stable"):
        result = match_network(corridors, h_cap, p_cap, method=method)
        assert (result.home_capacity_left >= 0).all() and (result.partner_capacity_left >= 0).all()
        assert len(result.pairs) > 0



def test_both_methods_leave_out_pairs_worth_zero_or_less():
    corridors = pd.DataFrame({"home": ["h1", "h1", "h2", "h3"], "partner": ["p1", "p2", "p2", "p3"],
                              "score": [0.0, -1.0, 2.0, -0.5]})
    for method in ("optimal", "stable"):
        pairs = match_network(corridors, 1, 1, method=method).pairs
        assert set(zip(pairs["home"], pairs["partner"])) == {("h2", "p2")}, method
