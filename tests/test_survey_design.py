"""Design-based estimates checked against samplics and statsmodels, published intervals and simulation."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from m4d.survey.estimates import estimate, estimates_by

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # samplics announces its successor on import
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam


def clustered_sample(seed: int, strata: int = 3, clusters: int = 8, size: int = 12) -> pd.DataFrame:
    """Households in villages (clusters) within districts (strata), with a village effect and unequal weights."""
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(strata):
        for c in range(clusters):
            village = rng.normal(0, 40)
            for _ in range(rng.integers(size // 2, size + 1)):
                rows.append({"district": f"D{h}", "village": f"V{c}", "weight": rng.uniform(5, 40),
                             "remittances": 150 + 30 * h + village + rng.normal(0, 60),
                             "abroad": float(rng.random() < 0.15 + 0.1 * h + (village > 30) * 0.2)})
    return pd.DataFrame(rows)


def samplics_estimate(sample, variable, param, fpc=1.0):
    est = TaylorEstimator(param)
    est.estimate(y=sample[variable].to_numpy(), samp_weight=sample["weight"].to_numpy(),
                 stratum=sample["district"].to_numpy(), psu=sample["village"].to_numpy(), fpc=fpc)
    return est


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_clustered_stratified_mean_matches_samplics(seed):
    sample = clustered_sample(seed)
    ours = estimate(sample, "remittances", stratum="district", cluster="village")
    ref = samplics_estimate(sample, "remittances", PopParam.mean)
    assert ours.value == pytest.approx(ref.point_est)
    assert ours.standard_error == pytest.approx(ref.stderror)
    assert (ours.low, ours.high) == (pytest.approx(ref.lower_ci), pytest.approx(ref.upper_ci))
    assert ours.degrees_of_freedom == ref.degree_of_freedom


def test_finite_population_correction_matches_samplics():
    sample = clustered_sample(4)
    fractions = {"D0": 0.2, "D1": 0.5, "D2": 0.05}
    ours = estimate(sample, "remittances", stratum="district", cluster="village", fpc=fractions)
    ref = samplics_estimate(sample, "remittances", PopParam.mean, fpc={k: 1 - f for k, f in fractions.items()})
    assert ours.standard_error == pytest.approx(ref.stderror)
    # Population sizes in a column give the same fractions: 8 villages sampled of 40, 16 and 160.
    sizes = sample["district"].map({"D0": 40, "D1": 16, "D2": 160})
    by_size = estimate(sample.assign(villages=sizes), "remittances", stratum="district", cluster="village",
                       fpc="villages")
    assert by_size.standard_error == pytest.approx(ours.standard_error)


def test_share_logit_interval_matches_samplics():
    sample = clustered_sample(5)
    ours = estimate(sample, "abroad", stratum="district", cluster="village", interval="logit")
    ref = samplics_estimate(sample, "abroad", PopParam.prop)
    assert ours.value == pytest.approx(ref.point_est[1.0])
    assert ours.standard_error == pytest.approx(ref.stderror[1.0])
    assert (ours.low, ours.high) == (pytest.approx(ref.lower_ci[1.0]), pytest.approx(ref.upper_ci[1.0]))


def test_a_simple_random_sample_gets_the_clopper_pearson_interval_of_statsmodels():
    y = np.array([1] * 7 + [0] * 43, dtype=float)
    ours = estimate(pd.DataFrame({"y": y}), "y", weight=None)
    low, high = proportion_confint(7, 50, alpha=0.05, method="beta")
    assert ours.interval == "korn-graubard"
    assert (ours.low, ours.high) == (pytest.approx(low), pytest.approx(high))
    assert ours.design_effect == pytest.approx(1.0)


def test_nobody_saying_yes_still_gives_an_interval_of_published_width():
    # Clopper-Pearson for 0 of 100 at 95 %: 0 to 0.0362 (the "rule of three" gives about 3/100).
    ours = estimate(pd.DataFrame({"y": np.zeros(100)}), "y", weight=None)
    assert ours.low == 0 and ours.high == pytest.approx(0.0362, abs=5e-5)
    everyone = estimate(pd.DataFrame({"y": np.ones(100)}), "y", weight=None)
    assert everyone.high == 1 and everyone.low == pytest.approx(1 - 0.0362, abs=5e-5)


def test_share_intervals_stay_in_0_1_and_cover_at_small_samples():
    # 40 households of which 3 % say yes on average: a symmetric interval is often below 0 and misses the truth.
    rng = np.random.default_rng(7)
    covered = {"korn-graubard": 0, "t": 0}
    for _ in range(400):
        y = (rng.random(40) < 0.03).astype(float)
        sample = pd.DataFrame({"y": y})
        for kind in covered:
            est = estimate(sample, "y", weight=None, interval=kind)
            covered[kind] += est.low <= 0.03 <= est.high
            if kind == "korn-graubard":
                assert 0 <= est.low <= est.value <= est.high <= 1
    assert covered["korn-graubard"] / 400 >= 0.95
    assert covered["t"] / 400 < 0.90


def test_design_effect_of_clusters_that_answer_alike_is_the_cluster_size():
    # Kish: deff = 1 + (m - 1) rho; with identical answers inside a cluster rho = 1, so deff = m.
    rng = np.random.default_rng(3)
    m = 6
    answers = np.repeat(rng.integers(0, 2, 60), m).astype(float)
    sample = pd.DataFrame({"y": answers, "village": np.repeat(np.arange(60), m), "weight": 1.0})
    est = estimate(sample, "y", cluster="village")
    assert est.design_effect == pytest.approx(m, rel=0.03)
    assert est.effective_sample_size == pytest.approx(60, rel=0.03)
    shuffled = estimate(sample.assign(village=rng.permutation(sample["village"])), "y", cluster="village")
    assert 0.6 < shuffled.design_effect < 1.5


def test_a_domain_with_too_few_respondents_is_not_published():
    sample = clustered_sample(6)
    sample.loc[sample.index[:4], "district"] = "tiny"
    table = estimates_by(sample, "abroad", "district", cluster="village")
    tiny = table.set_index("district").loc["tiny"]
    assert not tiny["publishable"] and "too few respondents to publish" in tiny["note"]
    assert np.isnan(tiny["estimate"]) and np.isnan(tiny["low"])
    assert table.set_index("district").drop("tiny")["publishable"].all()


def test_one_cluster_is_too_few_to_estimate_a_variance():
    sample = pd.DataFrame({"y": np.arange(40.0), "village": "V1", "weight": 1.0})
    est = estimate(sample, "y", cluster="village")
    assert not est.publishable and "primary sampling units" in est.note
