"""The data collection plan behind a framework's indicators, and what it can break down.

Each indicator names a **source**. The plan says, for each source, how its data
are collected (``survey``, ``records`` such as a register or an attendance list,
``meetings`` such as a committee's minutes, or ``other``) and which breakdowns
it records. For a survey it also says how many completed interviews it will
have, the margin of error wanted for the estimate of each group, the
confidence level and the design effect; and the plan gives the expected share
of each group (women, men; each age group; each migration status; each area)
among the people interviewed.

A breakdown of a survey indicator is feasible when every group of it can be
expected to give enough interviews for its own estimate: the number that
:func:`m4d.survey.sample_size_proportion` gives for the margin, confidence
and design effect (with p = 0.5, the safest assumption), as taught in Module 6.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext, pgettext
from m4d.i18n.numbers import number
from m4d.results.model import DISAGGREGATIONS, _disaggregation, _new_id, _number, _place, _records, _row, _text

#: How a source collects its data: the code a plan holds, and its label (translated where it is shown: ``_(label)``).
METHODS: dict[str, str] = {
    "survey": N_("Sample survey"),
    "records": N_("Records (register, attendance lists, service statistics)"),
    "meetings": N_("Minutes and reports of meetings"),
    "other": N_("Other (focus groups, observation, documents)"),
}
SOURCE_COLUMNS = ["source_id", "name", "method", "records", "interviews", "margin", "confidence", "design_effect"]
GROUP_COLUMNS = ["variable", "group", "share"]


@dataclass(frozen=True)
class DataCollectionPlan:
    """A checked data collection plan: its sources and the expected group shares of its surveys."""

    sources: pd.DataFrame
    groups: pd.DataFrame
    # Plain-Python views, built once: the checks read them many times per update.
    _by_id: dict = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    _shares: dict = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        columns = {c: self.sources[c].tolist() for c in self.sources.columns}
        by_id = {sid: {c: columns[c][i] for c in columns} for i, sid in enumerate(columns["source_id"])}
        shares: dict[str, dict[str, float]] = {}
        for variable, group, share in zip(self.groups["variable"].tolist(), self.groups["group"].tolist(),
                                          self.groups["share"].tolist()):
            shares.setdefault(variable, {})[group] = float(share)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_shares", shares)

    def source(self, source_id: str) -> dict[str, Any] | None:
        found = self._by_id.get(source_id)
        return None if found is None else dict(found)

    def source_ids(self) -> list[str]:
        return list(self._by_id)

    def shares(self, variable: str) -> dict[str, float]:
        return dict(self._shares.get(variable, {}))

    def with_interviews(self, source_id: str, interviews: int) -> "DataCollectionPlan":
        """The same plan with another number of completed interviews for one survey."""
        sources = self.sources.copy()
        sources.loc[sources["source_id"] == source_id, "interviews"] = int(interviews)
        return DataCollectionPlan(sources, self.groups)


def build_collection_plan(sources: Any, groups: Any = None, *, where: str | None = None) -> DataCollectionPlan:
    """Check a data collection plan and return a :class:`DataCollectionPlan`.

    ``sources``: rows of :data:`SOURCE_COLUMNS` (``records`` lists the breakdowns
    the source records, ``;``-separated; ``interviews``, ``margin``,
    ``confidence`` and ``design_effect`` are needed for surveys only).
    ``groups``: rows of ``variable`` (a breakdown), ``group`` and ``share`` (a
    fraction; the shares of one variable add up to 1).
    """
    where = pgettext("the place of a mistake", "data collection plan") if where is None else where
    in_sources = _place(where, pgettext("the place of a mistake", "sources"))
    records = _records(sources, "sources", in_sources)
    if not records:
        raise InputError(_("{where}: the plan has no sources. List where each indicator's data come from.").format(
            where=where))
    columns = list(dict.fromkeys(k for r in records for k in r))
    missing = [c for c in ("source_id", "method") if c not in columns]
    if missing:
        raise InputError(ngettext("{where}: the table lacks the column(s) {missing}. Expected columns: {expected}.",
                                  "{where}: the table lacks the column(s) {missing}. Expected columns: {expected}.",
                                  len(missing)).format(where=in_sources, missing=", ".join(missing),
                                                       expected=", ".join(SOURCE_COLUMNS)))
    rows, seen = [], set()
    for i, rec in enumerate(records):
        at = _place(in_sources, _row(i))
        sid = _new_id(rec, "source_id", at, seen, "source", "S1")
        method = _text(rec.get("method")).lower()
        if method not in METHODS:
            raise InputError(_("{at}, column method: {value} is not a method the course knows. Use one of: "
                               "{methods}.").format(at=at, value=repr(_text(rec.get("method"))),
                                                    methods=", ".join(METHODS)))
        row = {"source_id": sid, "name": _text(rec.get("name")) or sid, "method": method,
               "records": _disaggregation(rec.get("records"), at), "interviews": pd.NA,
               "margin": math.nan, "confidence": math.nan, "design_effect": math.nan}
        if method == "survey":
            interviews = _number(rec.get("interviews"), at, "interviews")
            if math.isnan(interviews) or interviews < 1 or interviews != int(interviews):
                raise InputError(_("{at}, column interviews: survey {source} needs the number of completed "
                                   "interviews it plans, a whole number of 1 or more.").format(at=at, source=sid))
            margin = _number(rec.get("margin"), at, "margin")
            margin = 0.10 if math.isnan(margin) else margin
            if margin > 1:
                margin = margin / 100 if margin < 100 else margin
            if not 0 < margin < 1:
                raise InputError(_("{at}, column margin: the margin of error of a group's estimate is a fraction "
                                   "such as {example} for ±10 points, not {value}.").format(
                    at=at, example=number(0.10, ".2f"), value=repr(rec.get("margin"))))
            confidence = _number(rec.get("confidence"), at, "confidence")
            confidence = 0.95 if math.isnan(confidence) else confidence
            if not 0 < confidence < 1:
                raise InputError(_("{at}, column confidence: use a fraction such as {example} for 95 %.").format(
                    at=at, example=number(0.95, ".2f")))
            deff = _number(rec.get("design_effect"), at, "design_effect")
            deff = 1.0 if math.isnan(deff) else deff
            if deff <= 0:
                raise InputError(_("{at}, column design_effect: the design effect is above 0 (1 for a simple random "
                                   "sample, about {low} to 2 for a sample in clusters).").format(
                    at=at, low=number(1.5, ".1f")))
            row.update(interviews=int(interviews), margin=margin, confidence=confidence, design_effect=deff)
        rows.append(row)
    clean_sources = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    clean_sources["interviews"] = clean_sources["interviews"].astype("Int64")
    for column in ("margin", "confidence", "design_effect"):
        clean_sources[column] = clean_sources[column].astype(float)
    return DataCollectionPlan(clean_sources, _check_groups(groups, _place(where, pgettext("the place of a mistake",
                                                                                      "groups"))))


def _check_groups(groups: Any, where: str) -> pd.DataFrame:
    records = _records(groups, "groups", where)
    rows, seen = [], set()
    for i, rec in enumerate(records):
        at = _place(where, _row(i))
        variable = _disaggregation(rec.get("variable"), at)
        if len(variable) != 1:
            raise InputError(_("{at}, column variable: name one breakdown ({breakdowns}).").format(
                at=at, breakdowns=", ".join(DISAGGREGATIONS)))
        group = _text(rec.get("group"))
        if not group:
            raise InputError(_("{at}, column group: name the group (for example 'women' or '15-24').").format(at=at))
        if (variable[0], group) in seen:
            raise InputError(_("{at}: the group {group} of {variable} is listed twice.").format(
                at=at, group=repr(group), variable=variable[0]))
        seen.add((variable[0], group))
        share = _number(rec.get("share"), at, "share")
        if math.isnan(share) or not 0 < share <= 1:
            if not math.isnan(share) and 1 < share <= 100:
                raise InputError(_("{at}, column share: the expected share of {group} among the people interviewed "
                                   "is a fraction above 0 and at most 1 (did you mean {share}?).").format(
                    at=at, group=repr(group), share=number(share / 100, "g")))
            raise InputError(_("{at}, column share: the expected share of {group} among the people interviewed is a "
                               "fraction above 0 and at most 1.").format(at=at, group=repr(group)))
        rows.append({"variable": variable[0], "group": group, "share": share})
    frame = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    frame["share"] = frame["share"].astype(float)
    for variable, shares in frame.groupby("variable")["share"]:
        if abs(shares.sum() - 1) > 0.011:
            raise InputError(_("{where}: the shares of the groups of {variable} add up to {total} %, not 100 %. "
                               "Correct them so that every person interviewed is in one group.").format(
                where=where, variable=variable, total=number(shares.sum() * 100, ".0f")))
    return frame


def interviews_needed_per_group(margin: float, confidence: float = 0.95, design_effect: float = 1.0) -> int:
    """Completed interviews one group needs for a share to be estimated within ±margin (p = 0.5)."""
    return _interviews_needed(float(margin), float(confidence), float(design_effect))


@lru_cache(maxsize=256)
def _interviews_needed(margin: float, confidence: float, design_effect: float) -> int:
    # The same three figures come back at every edit of the builder; the answer is a pure function of them.
    from m4d.survey import sample_size_proportion

    return sample_size_proportion(margin, confidence=confidence, proportion=0.5,
                                  design_effect=design_effect).completed


def minimum_interviews(plan: DataCollectionPlan, source_id: str, breakdowns: Any) -> int:
    """The fewest completed interviews for which every group of every breakdown has enough.

    With ``n`` interviews a group of expected share ``s`` gives ``n * s``
    interviews; it needs ``m`` (:func:`interviews_needed_per_group`), so
    ``n >= m / s`` for the smallest share.
    """
    source = plan.source(source_id)
    if source is None:
        raise InputError(_("There is no source {source} in the data collection plan.").format(source=repr(source_id)))
    if source["method"] != "survey":
        raise InputError(_("Source {source} is not a survey, so its breakdowns do not depend on a sample "
                           "size.").format(source=repr(source_id)))
    needed = interviews_needed_per_group(source["margin"], source["confidence"], source["design_effect"])
    smallest = 1.0
    for variable in _disaggregation(breakdowns, pgettext("the place of a mistake", "breakdowns")):
        shares = plan.shares(variable)
        if not shares:
            raise InputError(_("The plan gives no group shares for {breakdown}; add them to its groups.").format(
                breakdown=_(DISAGGREGATIONS[variable])))
        smallest = min(smallest, min(shares.values()))
    # The tiny tolerance keeps 144.00000001 (floating-point noise) from becoming 145.
    return int(math.ceil(needed / smallest - 1e-9))



def translate_collection_plan(plan: DataCollectionPlan, lang: str | None = None) -> DataCollectionPlan:
    """A copy of ``plan`` with the names of its sources and of its survey groups from the course data in
    ``lang`` (the reader's language by default); ids, methods, breakdown codes and numbers unchanged."""
    from m4d.i18n import SOURCE_LANGUAGE, language, translate_frame

    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return plan
    return DataCollectionPlan(translate_frame(plan.sources, "results_corridor_sources", lang),
                              translate_frame(plan.groups, "results_corridor_groups", lang))
