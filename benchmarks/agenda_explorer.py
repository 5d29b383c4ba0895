"""How fast the Module 1 tools answer (goal: a widget redraws within 50 ms).

Prints `name: value` lines; run with .venv/bin/python benchmarks/agenda_explorer.py.
"""
from __future__ import annotations


from m4d.agenda import GcmSdgExplorer, explore, timeline_events, timeline_figure
from stopwatch import median_ms


def main() -> None:
    explorer = GcmSdgExplorer()
    objectives = [str(n) for n in range(1, 24)]
    state = {"i": 0}

    def change_objective():
        state["i"] = (state["i"] + 1) % len(objectives)
        explorer.objective_box.value = objectives[state["i"]]  # triggers update()

    print(f"explore_all_ms: {median_ms(lambda: explore()):.2f}")
    print(f"explore_theme_and_words_ms: {median_ms(lambda: explore(theme='rights and protection', words='local')):.2f}")
    print(f"explorer_widget_update_ms: {median_ms(change_objective):.2f}")
    explorer.objective_box.value = ""
    print(f"explorer_widget_update_all_objectives_ms: {median_ms(explorer.update):.2f}")
    events = timeline_events()
    print(f"timeline_events_ms: {median_ms(timeline_events, 10):.2f}")
    print(f"timeline_figure_ms: {median_ms(lambda: timeline_figure(events), 10):.2f}")


if __name__ == "__main__":
    main()
