"""Partner matching: find partners for decentralised cooperation along migration corridors.

The method follows the criteria of the JMDI guidelines (2017, p. 39) and the
course's lessons: screen candidates on must-haves, normalise each criterion
(1 = best), weigh the criteria, score, rank, and test how robust the top choice
is to the weights. At network scale, :func:`match_network` pairs many home
territories with many partners within each one's capacity.

>>> from m4d.partners import candidates_for, rank, GUIDELINE_WEIGHTS
>>> ranking = rank(candidates_for("Schaerbeek"), GUIDELINE_WEIGHTS, label_columns=["name"])
>>> ranking.top
'al_hoceima'
"""
from m4d.partners.corridors import candidates_for, great_circle_km, home_territories, territories, territory_id
from m4d.partners.criteria import (
    ASSOCIATIONS,
    DC_EXPERIENCE,
    DISTANCE,
    GUIDELINE_CRITERIA,
    LESS_IS_BETTER,
    MIGRANT_GROUP,
    MORE_IS_BETTER,
    PROXIMITY,
    RESOURCES,
    Criterion,
)
from m4d.partners.network import Matching, match_network
from m4d.partners.normalisation import normalise_matrix
from m4d.partners.ranking import Ranking, order_by_score, rank
from m4d.partners.scoring import contributions, weighted_scores
from m4d.partners.screening import HAS_ASSOCIATION, HAS_DC_EXPERIENCE, HAS_RESOURCES, MustHave, screen
from m4d.partners.sensitivity import Stability, flip_points, top_stability
from m4d.partners.weights import validate_weights, weight_shares

#: Equal weights on the five criteria of the guidelines: a neutral starting point.
GUIDELINE_WEIGHTS = {c.key: 1.0 for c in GUIDELINE_CRITERIA}


def __getattr__(name):
    # The widget pulls in ipywidgets and plotly; load it only when it is asked for.
    if name == "PartnerMatchingWidget":
        from m4d.partners.widget import PartnerMatchingWidget

        return PartnerMatchingWidget
    raise AttributeError(f"module 'm4d.partners' has no attribute {name!r}")


__all__ = [
    "ASSOCIATIONS", "DC_EXPERIENCE", "DISTANCE", "GUIDELINE_CRITERIA", "GUIDELINE_WEIGHTS", "HAS_ASSOCIATION",
    "HAS_DC_EXPERIENCE", "HAS_RESOURCES", "LESS_IS_BETTER", "MIGRANT_GROUP", "MORE_IS_BETTER", "PROXIMITY",
    "RESOURCES", "Criterion", "Matching", "MustHave", "PartnerMatchingWidget", "Ranking", "Stability",
    "candidates_for", "contributions", "flip_points", "great_circle_km", "home_territories", "match_network",
    "normalise_matrix", "order_by_score", "rank", "screen", "territories", "territory_id", "top_stability",
    "validate_weights", "weight_shares", "weighted_scores",
]
