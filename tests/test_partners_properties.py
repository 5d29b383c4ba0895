"""Properties of scoring and ranking that must hold for any candidates and weights (hypothesis)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from m4d.partners import Criterion, rank

CRITS = [Criterion("a", "A"), Criterion("b", "B"), Criterion("d", "D", direction="less")]
value = st.integers(min_value=0, max_value=20)
weight = st.integers(min_value=0, max_value=10)


@st.composite
def cases(draw, min_size=2, max_size=9):
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    rows = draw(st.lists(st.tuples(value, value, value), min_size=n, max_size=n))
    frame = pd.DataFrame(rows, columns=["a", "b", "d"], dtype=float)
    frame.insert(0, "partner", [f"t{i:02d}" for i in range(n)])
    weights = draw(st.tuples(weight, weight, weight).filter(any))
    return frame, dict(zip(["a", "b", "d"], map(float, weights)))


def spread_ok(frame, weights):
    return all(frame[k].nunique() > 1 for k, w in weights.items() if w > 0)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_scores_lie_between_zero_and_one(case):
    frame, weights = case
    assume(spread_ok(frame, weights))
    scores = rank(frame, weights, CRITS).table["score"]
    assert ((scores >= 0) & (scores <= 1)).all()


@settings(max_examples=150, deadline=None)
@given(cases())
def test_ranking_is_a_permutation_of_the_candidates(case):
    frame, weights = case
    assume(spread_ok(frame, weights))
    ranking = rank(frame, weights, CRITS)
    assert sorted(ranking.ids) == sorted(frame["partner"])
    assert ranking.table["rank"].tolist() == list(range(1, len(frame) + 1))
    assert ranking.table["score"].is_monotonic_decreasing


@settings(max_examples=150, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_ties_are_broken_the_same_way_whatever_the_input_order(case, rnd):
    frame, weights = case
    assume(spread_ok(frame, weights))
    shuffled = frame.sample(frac=1.0, random_state=rnd.randint(0, 10**6)).reset_index(drop=True)
    first, second = rank(frame, weights, CRITS), rank(shuffled, weights, CRITS)
    assert first.ids == second.ids
    # Within equal scores, identifiers come in order.
    table = first.table
    for _, group in table.groupby(table["score"].round(12), sort=False):
        assert group["partner"].tolist() == sorted(group["partner"])


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=5))
def test_raising_a_value_where_more_is_better_never_lowers_that_candidate_s_score(case, pick, step):
    frame, weights = case
    assume(spread_ok(frame, weights))
    i = pick % len(frame)
    better = frame.copy()
    better.loc[i, "a"] += step
    assume(spread_ok(better, weights))
    before = rank(frame, weights, CRITS).table.set_index("partner")["score"]
    after = rank(better, weights, CRITS).table.set_index("partner")["score"]
    who = frame.loc[i, "partner"]
    assert after[who] >= before[who] - 1e-12


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=8), st.integers(min_value=0, max_value=3))
def test_adding_a_dominated_candidate_inside_the_range_keeps_the_others_order(case, pick, worse):
    frame, weights = case
    assume(spread_ok(frame, weights))
    base = frame.iloc[pick % len(frame)]
    # Worse than (or equal to) an existing candidate on every criterion, within the observed range,
    # so that min-max normalisation keeps every scale as it was.
    dominated = {
        "partner": "zz_dominated",
        "a": max(base["a"] - worse, frame["a"].min()),
        "b": max(base["b"] - worse, frame["b"].min()),
        "d": min(base["d"] + worse, frame["d"].max()),
    }
    bigger = pd.concat([frame, pd.DataFrame([dominated])], ignore_index=True)
    before = rank(frame, weights, CRITS).ids
    after = [i for i in rank(bigger, weights, CRITS).ids if i != "zz_dominated"]
    assert after == before


@settings(max_examples=100, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=60))
def test_with_fixed_scales_any_dominated_candidate_keeps_the_others_order(case, worse):
    frame, weights = case
    fixed = [Criterion(c.key, c.label, c.direction, lower=-100, upper=100) for c in CRITS]
    base = frame.iloc[0]
    dominated = {"partner": "zz_dominated", "a": base["a"] - worse, "b": base["b"] - worse, "d": base["d"] + worse}
    bigger = pd.concat([frame, pd.DataFrame([dominated])], ignore_index=True)
    before = rank(frame, weights, fixed).ids
    after = [i for i in rank(bigger, weights, fixed).ids if i != "zz_dominated"]
    assert after == before
    # The newcomer never passes the candidate it is dominated by (equal scores: identifier order).
    ids = rank(bigger, weights, fixed).ids
    assert ids.index("zz_dominated") > ids.index(base["partner"])
