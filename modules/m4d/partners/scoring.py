"""The weighted score of a candidate, and what each criterion contributes to it.

A candidate's score is the weighted average of its normalised values:
``score = sum_j w_j * n_j / sum_j w_j``. Because every normalised value is
between 0 and 1, so is the score; 1 would be a candidate that is the best on
every criterion that counts. A criterion's contribution is its term
``w_j * n_j / sum_j w_j``, so the contributions add up to the score and show
why a candidate is where it is.
"""
from __future__ import annotations

import numpy as np

from m4d.partners.weights import weight_shares


def contributions(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Each criterion's part of each candidate's score (candidates x criteria)."""
    return np.asarray(normalised, dtype=float) * weight_shares(np.asarray(weights, dtype=float))


def weighted_scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Every candidate's score in [0, 1]: the weighted average of its normalised values."""
    # Clip away rounding just outside [0, 1] so that the promise holds exactly.
    return np.clip(contributions(normalised, weights).sum(axis=1), 0.0, 1.0)
