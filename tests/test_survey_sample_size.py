"""Sample size and screening: the textbook arithmetic, its adjustments, and clear messages for bad settings."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from m4d import InputError
from m4d.survey.sample_size import achieved_margin, sample_size_mean, sample_size_proportion, z_value
from m4d.survey.screening import households_to_screen


def test_textbook_case_gives_384_before_rounding_up():
    # shared/reference/README.md: 384 at 95 % confidence, ±5 points, p = 0.5.
    plan = sample_size_proportion(0.05, confidence=0.95, proportion=0.5)
    assert int(plan.base) == 384
    assert plan.completed == 385  # rounded up so that the margin is really met
    assert plan.to_contact == 385


def test_z_for_95_percent_is_1_96():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


def test_design_effect_multiplies_and_response_rate_divides():
    plan = sample_size_proportion(0.05, design_effect=2.0, response_rate=0.8)
    assert plan.after_design_effect == pytest.approx(2 * plan.base)
    assert plan.to_contact == math.ceil(plan.completed / 0.8)


def test_finite_population_correction_follows_cochran():
    plan = sample_size_proportion(0.05, population=1000)
    n0 = plan.base
    assert plan.after_population == pytest.approx(n0 / (1 + (n0 - 1) / 1000))
    assert plan.completed == 278  # 384.15 / 1.38315 = 277.7, rounded up


def test_mean_uses_standard_deviation_over_margin():
    plan = sample_size_mean(margin=10, standard_deviation=100)
    assert plan.base == pytest.approx((1.959964 * 100 / 10) ** 2, rel=1e-6)


@pytest.mark.parametrize("kwargs, words", [
    ({"margin": 0}, "margin of error is 0"),
    ({"margin": 5}, "0.05"),
    ({"margin": 0.05, "response_rate": 1.2}, "response rate"),
    ({"margin": 0.05, "response_rate": 0}, "response rate"),
    ({"margin": 0.05, "proportion": 0}, "use 0.5"),
    ({"margin": 0.05, "design_effect": -1}, "design effect"),
    ({"margin": 0.05, "confidence": 1}, "confidence level"),
    ({"margin": 0.05, "population": 0}, "population size"),
    ({"margin": "five"}, "must be a number"),
])
def test_impossible_settings_get_a_message_that_names_them(kwargs, words):
    with pytest.raises(InputError, match=words):
        sample_size_proportion(**kwargs)


@given(margin=st.floats(0.01, 0.2), p=st.floats(0.01, 0.99), deff=st.floats(0.5, 4),
       rate=st.floats(0.05, 1.0), population=st.none() | st.integers(1, 10**6))
def test_plan_is_consistent_for_any_valid_settings(margin, p, deff, rate, population):
    plan = sample_size_proportion(margin, proportion=p, design_effect=deff, response_rate=rate, population=population)
    assert plan.completed >= 1
    assert plan.completed >= plan.after_population - 1e-6
    assert plan.to_contact >= plan.completed
    if population is not None:
        assert plan.completed <= population
        assert plan.after_population <= plan.after_design_effect + 1e-9


@given(margin=st.floats(0.01, 0.1), wider=st.floats(1.01, 3))
def test_a_wider_margin_never_needs_more_interviews(margin, wider):
    assert (sample_size_proportion(min(margin * wider, 0.99)).completed
            <= sample_size_proportion(margin).completed)


@given(n=st.integers(30, 5000))
def test_achieved_margin_inverts_the_sample_size(n):
    margin = achieved_margin(n)
    plan = sample_size_proportion(margin)
    assert plan.completed in (n, n + 1)  # ceil of a float that equals n up to rounding


def test_screening_follows_target_over_response_times_prevalence():
    # shared/reference/README.md: r / (response rate x prevalence)
    assert households_to_screen(400, 0.2, 0.8) == 2500


def test_screening_with_assurance_screens_more_and_reaches_the_target_that_often():
    from scipy import stats

    n = households_to_screen(400, 0.2, 0.8, assurance=0.9)
    assert n > 2500
    assert stats.binom.sf(399, n, 0.16) >= 0.9
    assert stats.binom.sf(399, n - 1, 0.16) < 0.9


@pytest.mark.parametrize("args", [(0, 0.2), (10, 0), (10, 1.5), (10, 0.2, 1.1)])
def test_screening_rejects_impossible_settings(args):
    with pytest.raises(InputError):
        households_to_screen(*args)


def test_households_to_contact_never_exceed_the_population():
    from m4d.survey.sample_size import sample_size_proportion

    # 60 households, ±5 points: 384.1 / (1 + 383.1 / 60) = 52.01, so 53 interviews; at 50 % response, 106 visits.
    plan = sample_size_proportion(0.05, response_rate=0.5, population=60)
    assert plan.completed == 53
    assert plan.to_contact == 60
    assert "all 60 households" in plan.note and "about 30" in plan.note
    roomy = sample_size_proportion(0.05, response_rate=0.8, population=20700)
    assert roomy.to_contact == 473 and roomy.note == ""  # 378 interviews / 0.8
