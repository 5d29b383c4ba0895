"""How fast the policy-coherence matrix recomputes and redraws (goal: under 50 ms).

Prints `name: value` lines: the pure summary, the heat map with its mime bundle,
and a full widget update after one changed mark, each as the median of many runs.
"""
from __future__ import annotations

import contextlib
import io
import statistics
import time

from m4d.coherence import CoherenceMatrixWidget, coherence_heatmap, coherence_summary, example_matrix
from m4d.figures import figure_bundle


def median_ms(action, runs: int = 50) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    matrix = example_matrix()
    print(f"coherence_summary_ms: {median_ms(lambda _: coherence_summary(matrix)):.2f}")
    print(f"coherence_heatmap_bundle_ms: "
          f"{median_ms(lambda _: figure_bundle(coherence_heatmap(matrix), alt='heat map')):.2f}")
    # Nothing should print here; the redirect keeps the report clean if a future widget does.
    with contextlib.redirect_stdout(io.StringIO()):
        widget = CoherenceMatrixWidget()
        cell = widget.cells[("housing", "local")]
        update = median_ms(lambda i: setattr(cell, "value", "helps" if i % 2 == 0 else "hinders"))
    print(f"coherence_widget_update_ms: {update:.2f}")
    print(f"coherence_widget_update_under_50ms: {update < 50}")


if __name__ == "__main__":
    main()
