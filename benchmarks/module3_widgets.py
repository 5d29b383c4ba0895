"""Speed of the Module 3 widgets and tools on the course data; prints `name: value` lines.

Goal: every widget update under 50 ms (team rules).
"""
from __future__ import annotations


from m4d.agreements import AgreementWorkbench, build_agreement, check_agreement, example_fields
from m4d.process import process_figure
from m4d.stakeholders import StakeholderMapExplorer
from stopwatch import p95_ms


def main() -> None:
    explorer = StakeholderMapExplorer("tuscany_kasserine")
    print(f"stakeholder_map_update_p95_ms: {p95_ms(explorer.update):.1f}")
    bench = AgreementWorkbench()
    print(f"agreement_check_update_p95_ms: {p95_ms(bench.update):.1f}")
    print(f"agreement_build_p95_ms: {p95_ms(lambda: build_agreement(example_fields('new'))):.1f}")
    draft = build_agreement(example_fields("new"))
    print(f"agreement_check_p95_ms: {p95_ms(lambda: check_agreement(draft)):.1f}")
    print(f"process_figure_p95_ms: {p95_ms(process_figure):.1f}")


if __name__ == "__main__":
    main()
