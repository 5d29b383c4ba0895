"""Speed of partner matching. Prints `name: value` lines; never run by the tests.

    .venv/bin/python benchmarks/partners.py

Goals: a full widget update on the course data (ranking, sensitivity readout,
map) within 50 ms at the 95th percentile; one ranking of 10,000 candidates
within 100 ms; a many-to-many match of 3,000 x 3,000 territories within 5 s.
The large inputs come from the seeded generator datasets/make_network.py.
"""
from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import numpy as np

from m4d.partners import (GUIDELINE_CRITERIA, GUIDELINE_WEIGHTS, PartnerMatchingWidget, match_network,
                          normalise_matrix, rank, weighted_scores)

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("make_network", ROOT / "datasets" / "make_network.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def widget_update_ms(updates: int = 300, seed: int = 0) -> np.ndarray:
    """Time full updates driven by random slider, toggle and home changes, as a user would make them."""
    widget = PartnerMatchingWidget()
    rng = np.random.default_rng(seed)
    homes = list(widget.home.options)
    times = []
    for i in range(updates):
        kind = rng.integers(0, 10)
        start = time.perf_counter()
        if kind < 7:
            key = list(widget.sliders)[rng.integers(0, len(widget.sliders))]
            widget.sliders[key].value = float(rng.integers(0, 11)) / 2
        elif kind < 9:
            key = list(widget.toggles)[rng.integers(0, len(widget.toggles))]
            widget.toggles[key].value = not widget.toggles[key].value
        else:
            widget.home.value = homes[rng.integers(0, len(homes))][1]
        times.append((time.perf_counter() - start) * 1000)
    return np.array(times)


def ranking_ms(n: int = 10_000, repeats: int = 15) -> float:
    candidates = _generator().make_candidates(n, seed=0)
    rank(candidates, GUIDELINE_WEIGHTS)  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        rank(candidates, GUIDELINE_WEIGHTS)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def match_s(n: int = 3000, corridors_per_home: int = 10, method: str = "optimal") -> tuple[float, int, int]:
    corridors, home_cap, partner_cap = _generator().make_network(n, n, corridors_per_home=corridors_per_home, seed=0)
    values = corridors[[c.key for c in GUIDELINE_CRITERIA]].to_numpy(dtype=float)
    corridors["score"] = weighted_scores(normalise_matrix(values, GUIDELINE_CRITERIA), np.ones(len(GUIDELINE_CRITERIA)))
    start = time.perf_counter()
    result = match_network(corridors, home_cap, partner_cap, method=method)
    return time.perf_counter() - start, len(corridors), len(result.pairs)


def main() -> None:
    times = widget_update_ms()
    print(f"widget_update_p95_ms: {np.percentile(times, 95):.1f}")
    print(f"widget_update_median_ms: {np.median(times):.1f}")
    print(f"rank_10000_candidates_ms: {ranking_ms():.1f}")
    for method in ("optimal", "stable"):
        seconds, corridors, pairs = match_s(method=method)
        print(f"match_3000x3000_{method}_s: {seconds:.2f}")
        print(f"match_3000x3000_{method}_pairs: {pairs}")
    print(f"match_3000x3000_corridors: {corridors}")


if __name__ == "__main__":
    main()
