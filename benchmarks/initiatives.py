"""Speed of Module 4's tools. Prints `name: value` lines; never run by the tests.

    .venv/bin/python benchmarks/initiatives.py

Goals: an update of the good-practice explorer or of the initiative planner
within 50 ms (95th percentile, on the course's data), and a filter of a case
library of 100,000 synthetic cases within 100 ms.
"""
from __future__ import annotations

import itertools
import time

from stopwatch import median_ms, p95_ms

from m4d.initiatives import GoodPracticeExplorer, InitiativePlanner, check_plan, course_plan
from m4d.initiatives.explorer import CaseIndex, synthetic_cases


def main() -> None:
    explorer = GoodPracticeExplorer()
    choices = itertools.cycle(["Health", "Education", "Governance", "Local development", ""])
    kinds = itertools.cycle(["", "Training", "Awareness raising"])

    def explorer_update():
        explorer._quiet = True
        explorer.filters["sector"].value = next(choices)
        explorer.filters["kind"].value = next(kinds)
        explorer._quiet = False
        explorer.update()

    print(f"explorer_update_p95_ms: {p95_ms(explorer_update, repeat=60):.2f}")

    planner = InitiativePlanner()
    text = planner.parts["actions"].value
    variants = itertools.cycle([text, text.replace("2026-04-30", "2026-05-15"), text.replace("Prepare", "Draft")])

    def planner_update():
        planner.parts["actions"].value = next(variants)  # an edit: parse, build, check, redraw

    print(f"planner_update_p95_ms: {p95_ms(planner_update, repeat=60):.2f}")
    print(f"plan_check_p95_ms: {p95_ms(lambda: check_plan(course_plan()), repeat=60):.2f}")

    start = time.perf_counter()
    library = synthetic_cases(100_000, seed=1)
    generated = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    index = CaseIndex.build(library)
    built = (time.perf_counter() - start) * 1000
    print(f"synthetic_library_generate_ms: {generated:.0f}")
    print(f"synthetic_library_index_ms: {built:.0f}")
    print(f"filter_100k_cases_p95_ms: "
          f"{p95_ms(lambda: index.mask(sector='Health', direction='South-South', actor_type='LRA'), repeat=40):.2f}")
    print(f"filter_100k_cases_with_words_p95_ms: "
          f"{p95_ms(lambda: index.mask('water women', sector='Health'), repeat=20):.2f}")
    print(f"facet_counts_100k_cases_median_ms: {median_ms(lambda: index.counts(sector='Health'), repeat=10):.2f}")


if __name__ == "__main__":
    main()
