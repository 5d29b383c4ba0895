"""Speed of the case library tools. Prints `name: value` lines; never run by the tests.

    .venv/bin/python benchmarks/cases.py

Goal: a search or a filter of the course's case library within 50 ms (95th
percentile), so that a notebook or a future widget can redraw as the reader types.
"""
from __future__ import annotations



from m4d.cases import case_map, case_table_html, filter_cases, load_cases, load_places, search_cases
from stopwatch import p95_ms as _p95_ms


def main() -> None:
    cases, places = load_cases(), load_places()
    print(f"cases_filter_p95_ms: {_p95_ms(lambda: filter_cases(cases, sector='health', direction='North-South', follows_corridor=True)):.2f}")
    print(f"cases_search_p95_ms: {_p95_ms(lambda: search_cases(cases, 'diaspora tuscany')):.2f}")
    print(f"case_map_p95_ms: {_p95_ms(lambda: case_map(cases, places), repeat=20):.2f}")
    print(f"case_table_html_p95_ms: {_p95_ms(lambda: case_table_html(cases), repeat=20):.2f}")
    print(f"load_cases_ms: {_p95_ms(load_cases, repeat=10):.2f}")


if __name__ == "__main__":
    main()
