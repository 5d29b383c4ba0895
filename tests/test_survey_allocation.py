"""Allocation to strata and survey weights."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from m4d import InputError
from m4d.survey.allocation import allocate
from m4d.survey.weights import adjust_for_nonresponse, design_weights

STRATA = {"city": 10500, "town": 6500, "rural": 3700}


def test_proportional_allocation_follows_population_shares():
    result = allocate(STRATA, 207)
    assert result.to_dict() == {"city": 105, "town": 65, "rural": 37}


def test_neyman_gives_more_to_strata_that_vary_more():
    same = allocate({"a": 1000, "b": 1000}, 100, "neyman", {"a": 0.1, "b": 0.3})
    assert same.to_dict() == {"a": 25, "b": 75}


def test_minimum_per_stratum_is_kept_and_the_rest_shared_again():
    result = allocate(STRATA, 600, minimum=150)
    assert result["rural"] == 150
    assert result.sum() == 600
    # The other two share the remaining 450 in proportion 10500 : 6500.
    assert result["city"] == round(450 * 10500 / 17000)


def test_no_stratum_gets_more_than_its_population():
    result = allocate({"big": 10000, "tiny": 12}, 500, "neyman", {"big": 0.1, "tiny": 5.0})
    assert result["tiny"] == 12
    assert result.sum() == 500


@pytest.mark.parametrize("call, words", [
    (lambda: allocate({"a": 10, "b": 0}, 5), "no population"),
    (lambda: allocate(STRATA, 10**6), "more than"),
    (lambda: allocate(STRATA, 100, minimum=50), "minimum"),
    (lambda: allocate(STRATA, 100, "neyman"), "standard deviation"),
    (lambda: allocate(STRATA, 100, "neyman", {"city": 0.3}), "town"),
    (lambda: allocate(STRATA, 100, "optimal"), "Unknown allocation"),
    (lambda: allocate({}, 100), "no strata"),
])
def test_bad_allocation_input_gets_a_clear_message(call, words):
    with pytest.raises(InputError, match=words):
        call()


strata_sizes = st.dictionaries(st.sampled_from(list("abcdefgh")), st.integers(1, 5000), min_size=1, max_size=8)


@given(sizes=strata_sizes, data=st.data())
def test_allocation_is_whole_numbers_summing_to_n_within_bounds(sizes, data):
    total = sum(sizes.values())
    n = data.draw(st.integers(1, total))
    minimum = data.draw(st.integers(0, max(0, n // len(sizes))))
    method = data.draw(st.sampled_from(["proportional", "neyman"]))
    sd = {k: data.draw(st.floats(0.01, 10)) for k in sizes}
    result = allocate(sizes, n, method, sd, minimum)
    assert result.dtype == np.int64
    assert int(result.sum()) == n
    for stratum, size in sizes.items():
        assert min(minimum, size) <= result[stratum] <= size


@given(sizes=strata_sizes, data=st.data())
def test_proportional_allocation_is_within_one_of_the_exact_share_when_unconstrained(sizes, data):
    total = sum(sizes.values())
    n = data.draw(st.integers(1, total))
    result = allocate(sizes, n)
    for stratum, size in sizes.items():
        assert abs(result[stratum] - n * size / total) < 1 + 1e-9


def test_design_weights_are_population_over_sample_per_stratum():
    sample = pd.DataFrame({"stratum": ["city"] * 4 + ["rural"] * 2})
    w = design_weights(sample, {"city": 100, "rural": 10})
    assert w.tolist() == [25, 25, 25, 25, 5, 5]


def test_design_weights_reject_a_stratum_without_population_figure():
    with pytest.raises(InputError, match="no population figure"):
        design_weights(pd.DataFrame({"stratum": ["moon"]}), {"city": 100})


def test_nonresponse_adjustment_keeps_each_class_total():
    sample = pd.DataFrame({"stratum": ["a"] * 4 + ["b"] * 2,
                           "responded": [True, True, False, False, True, True]})
    base = design_weights(sample, {"a": 100, "b": 10})
    adjusted = adjust_for_nonresponse(sample, base)
    assert adjusted.tolist() == [50, 50, 0, 0, 5, 5]


def test_nonresponse_adjustment_refuses_a_class_where_nobody_answered():
    sample = pd.DataFrame({"stratum": ["a", "b"], "responded": [True, False]})
    with pytest.raises(InputError, match="Nobody answered in class 'b'"):
        adjust_for_nonresponse(sample, pd.Series([1.0, 1.0]))


@given(st.lists(st.tuples(st.sampled_from("abc"), st.booleans(), st.floats(0.1, 100)), min_size=1, max_size=60))
def test_adjusted_weights_add_up_to_the_sample_weight_in_every_class(rows):
    sample = pd.DataFrame(rows, columns=["stratum", "responded", "w"])
    answered = sample.groupby("stratum")["responded"].any()
    assume(answered.all())
    adjusted = adjust_for_nonresponse(sample, "w")
    for stratum, part in sample.groupby("stratum"):
        assert adjusted[part.index].sum() == pytest.approx(part["w"].sum())
    assert (adjusted[~sample["responded"]] == 0).all()
