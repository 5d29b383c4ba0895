"""Partner ranking: screening, normalisation, weights, scores, order and the course data."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from m4d import InputError
from m4d.partners import (
    DISTANCE,
    GUIDELINE_CRITERIA,
    GUIDELINE_WEIGHTS,
    HAS_ASSOCIATION,
    Criterion,
    MustHave,
    candidates_for,
    home_territories,
    normalise_matrix,
    rank,
    screen,
    territories,
    territory_id,
    validate_weights,
)


def table(**columns):
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"partner": [f"c{i}" for i in range(n)], **columns})


def test_normalisation_puts_the_best_at_one_and_the_worst_at_zero_for_both_directions():
    values = np.array([[2.0, 100.0], [4.0, 300.0], [6.0, 200.0]])
    crits = [Criterion("a", "A"), Criterion("d", "D", direction="less")]
    n = normalise_matrix(values, crits)
    np.testing.assert_allclose(n[:, 0], [0.0, 0.5, 1.0])
    np.testing.assert_allclose(n[:, 1], [1.0, 0.0, 0.5])


def test_normalisation_uses_a_criterion_s_fixed_scale_when_it_has_one():
    n = normalise_matrix(np.array([[5.0], [10.0]]), [Criterion("r", "R", lower=0, upper=10)])
    np.testing.assert_allclose(n[:, 0], [0.5, 1.0])


def test_a_criterion_with_no_spread_is_refused_with_its_name():
    with pytest.raises(InputError, match="'Same' is 3 for every candidate"):
        normalise_matrix(np.array([[3.0], [3.0]]), [Criterion("s", "Same")])


def test_a_criterion_with_no_spread_and_no_weight_does_not_stop_the_ranking():
    cands = table(a=[1, 2, 3], s=[7, 7, 7])
    ranking = rank(cands, {"a": 1, "s": 0}, [Criterion("a", "A"), Criterion("s", "S")])
    assert ranking.ids == ["c2", "c1", "c0"]


def test_a_weighted_criterion_with_no_spread_gets_an_input_error():
    cands = table(a=[1, 2, 3], s=[7, 7, 7])
    with pytest.raises(InputError, match="cannot tell them apart"):
        rank(cands, {"a": 1, "s": 1}, [Criterion("a", "A"), Criterion("s", "S")])


@pytest.mark.parametrize("weights, message", [
    ({"migrant_group": -1, "associations": 1}, "cannot be negative"),
    ({c.key: 0 for c in GUIDELINE_CRITERIA}, "Every weight is zero"),
    ({"migrant_group": float("nan")}, "finite number"),
    ({"migrant_group": float("inf")}, "finite number"),
    ({"migrant_group": "3"}, "not a number"),
    ({"size": 1}, "not one of the criteria"),
])
def test_bad_weights_get_a_message_that_says_what_to_fix(weights, message):
    with pytest.raises(InputError, match=message):
        validate_weights(weights, GUIDELINE_CRITERIA)


def test_weights_are_relative_so_scaling_them_changes_nothing():
    cands = candidates_for("Sabadell")
    w = {"migrant_group": 3, "associations": 1, "dc_experience": 2, "resources": 1, "proximity": 0.5}
    a = rank(cands, w)
    b = rank(cands, {k: 10 * v for k, v in w.items()})
    assert a.ids == b.ids
    np.testing.assert_allclose(a.table["score"], b.table["score"])


def test_contributions_add_up_to_the_score():
    ranking = rank(candidates_for("Tuscany"), GUIDELINE_WEIGHTS)
    parts = ranking.table[[f"{c.key}_contribution" for c in GUIDELINE_CRITERIA]].sum(axis=1)
    np.testing.assert_allclose(parts, ranking.table["score"])


def test_score_is_the_weighted_average_of_the_normalised_values():
    cands = table(a=[0, 10, 5], b=[1, 0, 1])
    ranking = rank(cands, {"a": 3, "b": 1}, [Criterion("a", "A"), Criterion("b", "B")])
    scores = dict(zip(ranking.ids, ranking.table["score"]))
    # c0: a=0, b=1 -> (3*0 + 1*1)/4; c1: a=1, b=0 -> 3/4; c2: a=0.5, b=1 -> (1.5 + 1)/4
    assert scores == pytest.approx({"c0": 0.25, "c1": 0.75, "c2": 0.625})
    assert ranking.ids == ["c1", "c2", "c0"]


def test_equal_scores_are_ordered_by_identifier():
    cands = pd.DataFrame({"partner": ["zeta", "alpha", "mid"], "a": [1, 0, 1], "b": [0, 1, 1]})
    ranking = rank(cands, {"a": 1, "b": 1}, [Criterion("a", "A"), Criterion("b", "B")])
    assert ranking.ids == ["mid", "alpha", "zeta"]


def test_ranking_ignores_candidates_without_association_when_that_is_a_must_have():
    ranking = rank(candidates_for("Santa Perpètua de Mogoda"), GUIDELINE_WEIGHTS, must_haves=[HAS_ASSOCIATION])
    assert "dakar" not in ranking.ids
    assert ranking.excluded["partner"].tolist() == ["dakar"]
    assert ranking.excluded["reason"].tolist() == ["fails: At least one migrant or diaspora association"]


def test_a_must_have_without_a_label_describes_its_condition():
    assert MustHave("distance_km", maximum=3000).describe() == "distance_km at most 3000"
    assert MustHave("resources", minimum=2, maximum=8).describe() == "resources between 2 and 8"


def test_screening_fails_a_candidate_with_a_missing_value():
    cands = table(a=[1.0, np.nan, 3.0])
    kept, excluded = screen(cands, [MustHave("a", minimum=0)])
    assert kept["partner"].tolist() == ["c0", "c2"]
    assert excluded["partner"].tolist() == ["c1"]


def test_must_haves_that_nobody_meets_get_a_message():
    with pytest.raises(InputError, match="None of the"):
        rank(candidates_for("Schaerbeek"), GUIDELINE_WEIGHTS, must_haves=[MustHave("associations", minimum=100)])


def test_a_single_remaining_candidate_gets_a_message_not_a_score():
    with pytest.raises(InputError, match="nothing to compare"):
        rank(candidates_for("Schaerbeek"), GUIDELINE_WEIGHTS, must_haves=[MustHave("associations", minimum=6)])


def test_a_missing_criterion_value_names_the_candidate():
    cands = table(migrant_group=[1, None, 3], associations=[1, 2, 3], dc_experience=[1, 2, 3],
                  resources=[1, 2, 3], proximity=[1, 2, 3])
    with pytest.raises(InputError, match="no value for 'c1'"):
        rank(cands, GUIDELINE_WEIGHTS)


def test_a_missing_criterion_column_is_named():
    with pytest.raises(InputError, match="no column for the criterion proximity"):
        rank(table(migrant_group=[1, 2], associations=[1, 2], dc_experience=[1, 2], resources=[1, 2]),
             GUIDELINE_WEIGHTS)


def test_a_repeated_candidate_is_refused():
    cands = pd.DataFrame({"partner": ["x", "x"], "a": [1, 2]})
    with pytest.raises(InputError, match="more than once"):
        rank(cands, {"a": 1}, [Criterion("a", "A")])


def test_an_unknown_criterion_direction_is_refused():
    with pytest.raises(InputError, match="direction"):
        Criterion("a", "A", direction="up")


def test_a_user_added_criterion_where_less_is_better_favours_the_nearer_candidate():
    cands = candidates_for("Schaerbeek")
    ranking = rank(cands, {"distance_km": 1}, [DISTANCE])
    nearest = cands.loc[cands["distance_km"].idxmin(), "partner"]
    assert ranking.top == nearest


def test_an_unknown_territory_gets_a_suggestion():
    with pytest.raises(InputError, match="Did you mean Schaerbeek"):
        candidates_for("Schaerbek")


def test_a_territory_that_is_only_a_partner_has_no_candidates():
    with pytest.raises(InputError, match="no candidate partners"):
        candidates_for("Al Hoceima")


def test_territory_names_and_identifiers_both_work():
    assert territory_id("santa perpètua de mogoda") == "santa_perpetua_de_mogoda"
    assert territory_id("oriental") == "oriental"


def test_the_course_data_includes_the_guidelines_corridors():
    pairs = {(h, p) for h in home_territories() for p in candidates_for(h)["partner"]}
    for pair in [("schaerbeek", "al_hoceima"), ("tuscany", "kasserine"), ("santa_maria_da_feira", "kenitra"),
                 ("murcia", "oriental")]:
        assert pair in pairs
    places = territories().set_index("territory")
    assert {"sabadell", "santa_perpetua_de_mogoda"} <= set(home_territories())
    # A region is located by its capital city, and the table says so.
    assert "Oujda" in places.loc["oriental", "located_by"]
    assert places.loc["schaerbeek", "country"] == "Belgium"


def test_distance_from_the_home_territory_is_a_great_circle_distance():
    cands = candidates_for("Schaerbeek").set_index("partner")
    # Brussels area to Al Hoceima is about 1,800 km; to Fes about 1,950 km.
    assert 1700 < cands.loc["al_hoceima", "distance_km"] < 1900
    assert cands.loc["al_hoceima", "distance_km"] < cands.loc["fes", "distance_km"]
