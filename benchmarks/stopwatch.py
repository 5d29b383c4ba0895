"""Timing of repeated actions for the benchmark scripts (run them from the repository
root: `.venv/bin/python benchmarks/NAME.py`; this folder is then on the import path)."""
from __future__ import annotations

import time

import numpy as np


def times_ms(action, repeat: int = 40) -> np.ndarray:
    """Wall-clock milliseconds of each of `repeat` calls of `action()`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return np.asarray(times)


def p95_ms(action, repeat: int = 40) -> float:
    """The 95th percentile of `action()`'s time, in milliseconds."""
    return float(np.percentile(times_ms(action, repeat), 95))


def median_ms(action, repeat: int = 30) -> float:
    """The median of `action()`'s time, in milliseconds."""
    return float(np.median(times_ms(action, repeat)))
