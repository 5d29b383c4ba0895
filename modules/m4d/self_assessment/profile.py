"""The profile of one authority: for each dimension, how far what the questions ask about is in place."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from m4d.i18n import N_
from m4d.self_assessment.answers import ANSWERS, MAX_POINTS, check_answers

PROFILE_COLUMNS = ["dimension", "code", "kind", "answered", "dont_know", "share_in_place", "level"]


@lru_cache(maxsize=1)
def _dimensions() -> pd.DataFrame:
    from m4d import datasets

    return datasets.load("mgi_dimensions").sort_values("position").reset_index(drop=True)


@lru_cache(maxsize=1)
def _questions() -> pd.DataFrame:
    from m4d import datasets

    frame = datasets.load("self_assessment_questions")
    order = {d: i for i, d in enumerate(_dimensions()["dimension"])}
    return frame.assign(_o=frame["dimension"].map(order)).sort_values(["_o", "position"]).drop(columns="_o") \
        .reset_index(drop=True)


def dimensions() -> pd.DataFrame:
    """The six dimensions (IOM's names, the course's descriptions)."""
    return _dimensions().copy()


def questions() -> pd.DataFrame:
    """The course's questions, dimension by dimension."""
    return _questions().copy()


def level_words(share: float | None) -> str:
    """Words for a share of what is in place, so the profile reads as a description, not a grade.

    In English, as the profile table keeps them; show them with ``_(words)``.
    """
    if share is None:
        return N_("not assessed")
    if share < 0.25:
        return N_("mostly still to build")
    if share < 0.5:
        return N_("first steps taken")
    if share < 0.75:
        return N_("partly in place")
    return N_("largely in place")


def profile(answers: Any) -> pd.DataFrame:
    """One row per dimension: questions answered, "don't know"s, and the share of points reached.

    ``share_in_place`` is the points of the answered questions over the most
    they could reach (an answer of "don't know" counts in neither), or ``None``
    when nothing in the dimension was answered. There is no total across
    dimensions: a profile is read dimension by dimension.
    """
    clean = check_answers(answers)
    qs = _questions()
    rows = []
    for dim in _dimensions().to_dict("records"):
        ids = qs.loc[qs["dimension"] == dim["dimension"], "question_id"]
        points = [ANSWERS[clean[q]][1] for q in ids]
        counted = [p for p in points if p is not None]
        share = sum(counted) / (MAX_POINTS * len(counted)) if counted else None
        rows.append({"dimension": dim["name"], "code": dim["dimension"], "kind": dim["principle_or_objective"],
                     "answered": len(counted), "dont_know": len(points) - len(counted),
                     "share_in_place": share, "level": level_words(share)})
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def gaps(answers: Any) -> pd.DataFrame:
    """The questions answered "not in place" or "don't know": where to look first, dimension by dimension."""
    clean = check_answers(answers)
    qs = _questions()
    names = dict(zip(_dimensions()["dimension"], _dimensions()["name"]))
    rows = [{"dimension": names[d], "question_id": q, "question": text, "answer": ANSWERS[clean[q]][0]}
            for q, d, text in zip(qs["question_id"], qs["dimension"], qs["question"])
            if clean[q] in ("not_in_place", "dont_know")]
    return pd.DataFrame(rows, columns=["dimension", "question_id", "question", "answer"])
