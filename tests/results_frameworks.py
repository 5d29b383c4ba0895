"""Hypothesis strategies for results frameworks (shared by the results tests)."""
from __future__ import annotations

from hypothesis import strategies as st

from m4d.results import DISAGGREGATIONS

UNITS = ["percent", "number", "EUR"]


@st.composite
def framework_tables(draw, max_outcomes: int = 4):
    """Results and indicators tables of a valid framework (2026-2029), every outcome measured."""
    n_out = draw(st.integers(1, max_outcomes))
    results = [{"result_id": "I1", "level": "impact", "statement": "A better life in the territory",
                "contributes_to": "", "assumptions": ""}]
    indicators = []
    k = 0
    for o in range(1, n_out + 1):
        results.append({"result_id": f"O{o}", "level": "outcome", "statement": f"Outcome number {o}",
                        "contributes_to": "I1", "assumptions": draw(st.sampled_from(["", "Staff stay in post"]))})
        for p in range(draw(st.integers(0, 2))):
            results.append({"result_id": f"P{o}{p}", "level": "output", "statement": f"Output {o}.{p}",
                            "contributes_to": f"O{o}", "assumptions": ""})
        for _ in range(draw(st.integers(1, 3))):
            k += 1
            unit = draw(st.sampled_from(UNITS))
            baseline = draw(st.integers(0, 60))
            step = draw(st.integers(0, 10)) if unit == "percent" else draw(st.integers(0, 500))
            years = draw(st.integers(1, 3))
            indicators.append({
                "indicator_id": f"K{k}", "result_id": f"O{o}", "definition": f"Indicator {k} of outcome {o}",
                "unit": unit, "baseline": float(baseline), "baseline_year": 2026,
                "target": float(baseline + step * years), "target_year": 2026 + years,
                "source": draw(st.sampled_from(["S1", "S2"])),
                "frequency": draw(st.sampled_from(["yearly", "baseline and end", "quarterly"])),
                "disaggregation": draw(st.lists(st.sampled_from(list(DISAGGREGATIONS)), unique=True, max_size=2)),
                "sdg_targets": draw(st.lists(st.sampled_from(["10.7", "10.c", "17.18"]), unique=True, max_size=2)),
                "gcm_objectives": draw(st.lists(st.integers(1, 23), unique=True, max_size=2)),
                "mgi_dimensions": [], "responsible": "", "max_change_per_year": None,
            })
    return results, indicators


def plan_tables(interviews: int = 4000):
    """A data collection plan in which every breakdown of framework_tables is feasible."""
    sources = [{"source_id": "S1", "name": "Household survey", "method": "survey",
                "records": "sex;age;migration_status;location", "interviews": interviews, "margin": 0.1,
                "confidence": 0.95, "design_effect": 1.5},
               {"source_id": "S2", "name": "Service records", "method": "records",
                "records": "sex;age;migration_status;location"}]
    groups = [{"variable": "sex", "group": "women", "share": 0.5}, {"variable": "sex", "group": "men", "share": 0.5},
              {"variable": "age", "group": "young", "share": 0.3}, {"variable": "age", "group": "older", "share": 0.7},
              {"variable": "migration_status", "group": "migrant", "share": 0.1},
              {"variable": "migration_status", "group": "non-migrant", "share": 0.9},
              {"variable": "location", "group": "north", "share": 0.4},
              {"variable": "location", "group": "south", "share": 0.6}]
    return sources, groups
