"""A results framework: the results chain of an initiative and the indicators that measure it.

A framework has

- **results**, one per row, each at a level of the results chain
  (:data:`LEVELS`: input, activity, output, outcome, impact) and each, except an
  impact, *contributing to* a result of a higher level;
- **indicators**, each measuring one result, with a definition, a unit, a
  baseline and a target (value and year), a data source, a frequency, the
  breakdowns it is reported by (:data:`DISAGGREGATIONS`) and its links to SDG
  targets, GCM objectives and the six governance dimensions of IOM's local
  Migration Governance Indicators, all checked against the course's datasets;
- a period (first and last year) and a title.

:func:`build_framework` checks everything a person can type wrong and raises
:class:`m4d.InputError` naming the table, the row (numbered as in a
spreadsheet) and the column, and saying how to fix it. The checks of a
*valid* framework against the rules of good monitoring (every outcome has an
indicator, targets are reachable, breakdowns are feasible) are in
:mod:`m4d.results.checks`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext, pgettext
from m4d.i18n.numbers import number as _shown_number

#: The levels of a results chain, from what is put in to the long-term change.
LEVELS: dict[str, str] = {
    "input": N_("Input"),
    "activity": N_("Activity"),
    "output": N_("Output"),
    "outcome": N_("Outcome"),
    "impact": N_("Impact"),
}
#: The level each level contributes to (an impact contributes to nothing above it).
NEXT_LEVEL = {"input": "activity", "activity": "output", "output": "outcome", "outcome": "impact"}

#: The breakdowns an indicator can be reported by (as in Module 6).
DISAGGREGATIONS: dict[str, str] = {
    "sex": N_("sex"),
    "age": N_("age group"),
    "migration_status": N_("migration status"),
    "location": N_("location"),
}

#: How often an indicator is measured, and how many times a year that is (0: only at fixed points).
FREQUENCIES: dict[str, float] = {
    N_("monthly"): 12,
    N_("quarterly"): 4,
    N_("twice a year"): 2,
    N_("yearly"): 1,
    N_("baseline and end"): 0,
    N_("baseline, mid-term and end"): 0,
}

#: Units whose values are percentages (0-100), for the range and pace checks.
PERCENT_UNITS = ("percent", "%", "percentage", "per cent")

RESULT_COLUMNS = ["result_id", "level", "statement", "contributes_to", "assumptions"]
INDICATOR_COLUMNS = [
    "indicator_id", "result_id", "definition", "unit", "baseline", "baseline_year", "target", "target_year",
    "source", "frequency", "disaggregation", "sdg_targets", "gcm_objectives", "mgi_dimensions",
    "responsible", "max_change_per_year",
]
REQUIRED_INDICATOR_COLUMNS = ["indicator_id", "result_id", "definition", "unit", "baseline", "baseline_year",
                              "target", "target_year", "source", "frequency"]
LIST_SEPARATOR = ";"
#: First and last year of the course's illustrative corridor-case initiative.
COURSE_PERIOD = (2026, 2028)


@dataclass(frozen=True)
class ResultsFramework:
    """A checked results framework.

    ``results`` has the columns of :data:`RESULT_COLUMNS`; ``indicators`` those of
    :data:`INDICATOR_COLUMNS`, with ``baseline`` and ``target`` floats (NaN when
    not yet set), years as ``Int64`` (``<NA>`` when not set) and the list columns
    as tuples. ``illustrative`` marks frameworks made up for teaching, so every
    table and figure of one can say so.
    """

    results: pd.DataFrame
    indicators: pd.DataFrame
    start_year: int
    end_year: int
    title: str = "Results framework"
    illustrative: bool = False
    _position: dict = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    _columns: dict = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    _result_rows: tuple = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self._position is None:
            object.__setattr__(self, "_position", {k: i for i, k in enumerate(self.results["result_id"])})

    def columns(self) -> dict[str, list]:
        """The indicators as plain Python lists, one per column (years as int or None), built once."""
        if self._columns is None:
            cols = {c: self.indicators[c].tolist() for c in self.indicators.columns}
            for c in ("baseline_year", "target_year"):
                cols[c] = [None if v is pd.NA or v is None else int(v) for v in cols[c]]
            object.__setattr__(self, "_columns", cols)
        return self._columns

    def indicator_records(self) -> list[dict]:
        """The indicators as dicts (years as int or None), from the cached column lists."""
        cols = self.columns()
        names = list(cols)
        return [dict(zip(names, values)) for values in zip(*(cols[n] for n in names))]

    def result_records(self) -> list[dict]:
        """The results as dicts, in order (read from the table once: the builder redraws from them at each edit)."""
        cached = self._result_rows
        # Kept with the table it was read from, so a framework copied with other results reads them afresh.
        if cached is None or cached[0] is not self.results:
            names = list(self.results.columns)
            records = [dict(zip(names, values)) for values in zip(*(self.results[n].tolist() for n in names))]
            cached = (self.results, records)
            object.__setattr__(self, "_result_rows", cached)
        return [dict(r) for r in cached[1]]

    def result_rows(self) -> list[tuple[str, str, str]]:
        """(result_id, level, statement) of every result, in order."""
        return list(zip(self.results["result_id"].tolist(), self.results["level"].tolist(),
                        self.results["statement"].tolist()))

    def label(self, text: str) -> str:
        """A title for a table or figure, marked illustrative when the framework is."""
        return _("{text} (illustrative)").format(text=text) if self.illustrative else text

    def results_at(self, level: str) -> pd.DataFrame:
        return self.results[self.results["level"] == level]

    def indicators_of(self, result_id: str) -> pd.DataFrame:
        return self.indicators[self.indicators["result_id"] == result_id]

    def level_of(self, result_id: str) -> str:
        return str(self.results["level"].iloc[self._position[result_id]])

    def statement_of(self, result_id: str) -> str:
        return str(self.results["statement"].iloc[self._position[result_id]])

    def with_indicators(self, indicators: pd.DataFrame, columns: dict[str, list] | None = None) -> "ResultsFramework":
        """The same framework with another (already checked) indicators table.

        ``columns``, if given, are the same indicators as plain lists (see
        :func:`indicator_columns`), so that :meth:`columns` need not read the table again.
        """
        return replace(self, indicators=indicators.reset_index(drop=True), _columns=columns)


# ---------------------------------------------------------------- reading cells

#: The sentence for each table a framework or a data collection plan reads, when it is not a table.
_NOT_A_TABLE = {
    "results": N_("{where}: the results must be a table (a DataFrame or a list of rows)."),
    "indicators": N_("{where}: the indicators must be a table (a DataFrame or a list of rows)."),
    "sources": N_("{where}: the sources must be a table (a DataFrame or a list of rows)."),
    "groups": N_("{where}: the groups must be a table (a DataFrame or a list of rows)."),
}


def _records(data: Any, what: str, where: str) -> list[dict]:
    if data is None:
        return []
    if isinstance(data, pd.DataFrame):
        return data.to_dict("records")
    try:
        return [dict(r) for r in data]
    except (TypeError, ValueError):
        template = _NOT_A_TABLE.get(what)
        text = _(template) if template else "{where}: the {what} must be a table (a DataFrame or a list of rows)."
        raise InputError(text.format(where=where, what=what)) from None


def _row(i: int) -> str:
    # Rows are numbered as in a spreadsheet: the header is row 1.
    return pgettext("the place of a mistake in a table", "row {n}").format(n=i + 2)


def _place(where: str, part: str) -> str:
    """``where`` followed by a place inside it (a table, a row): "results framework, indicators, row 3"."""
    return pgettext("the place of a mistake, then a place inside it", "{where}, {part}").format(where=where, part=part)


#: The sentences of :func:`_new_id` for each kind of row that has an identifier.
_NO_ID = {
    "result": N_("{at}, column {column}: every result needs an identifier (for example {example})."),
    "indicator": N_("{at}, column {column}: every indicator needs an identifier (for example {example})."),
    "source": N_("{at}, column {column}: every source needs an identifier (for example {example})."),
}
_ID_TWICE = {
    "result": N_("{at}, column {column}: {value} is used twice; give each result its own identifier."),
    "indicator": N_("{at}, column {column}: {value} is used twice; give each indicator its own identifier."),
    "source": N_("{at}, column {column}: {value} is used twice; give each source its own identifier."),
}


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _new_id(rec: dict, column: str, at: str, seen: set, thing: str, example: str) -> str:
    """The row's identifier, refused when it is empty or already used by another row of the table."""
    value = _text(rec.get(column))
    if not value:
        template = _NO_ID.get(thing)
        text = _(template) if template else "{at}, column {column}: every {thing} needs an identifier (for example {example})."
        raise InputError(text.format(at=at, column=column, thing=thing, example=example))
    if value in seen:
        template = _ID_TWICE.get(thing)
        text = _(template) if template else "{at}, column {column}: {value} is used twice; give each {thing} its own identifier."
        raise InputError(text.format(at=at, column=column, thing=thing, value=repr(value)))
    seen.add(value)
    return value


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value).strip()


def _number(value: Any, at: str, column: str) -> float:
    """A number, or NaN for an empty cell (a missing baseline is a finding of the checks, not a typo)."""
    if is_blank(value):
        return math.nan
    if isinstance(value, bool):
        raise InputError(_("{at}, column {column}: {value} is not a number.").format(
            at=at, column=column, value=repr(value)))
    text = str(value).strip().replace(",", "") if isinstance(value, str) else value
    if isinstance(text, str) and text.endswith("%"):
        text = text[:-1].strip()
    try:
        number = float(text)
    except (TypeError, ValueError):
        raise InputError(_("{at}, column {column}: {value} is not a number. Write it as 12 or 12.5 (leave the cell "
                           "empty if it is not known yet).").format(at=at, column=column, value=repr(value))) from None
    if not math.isfinite(number):
        raise InputError(_("{at}, column {column}: {value} is not a finite number.").format(
            at=at, column=column, value=repr(value)))
    return number


def _year(value: Any, at: str, column: str) -> Any:
    if is_blank(value):
        return pd.NA
    number = _number(value, at, column)
    if number != int(number) or not 1900 <= number <= 2200:
        raise InputError(_("{at}, column {column}: {value} is not a year (write it as 2027).").format(
            at=at, column=column, value=repr(value)))
    return int(number)


def _items(value: Any) -> list[str]:
    if is_blank(value):
        return []
    if isinstance(value, str):
        parts = value.split(LIST_SEPARATOR)
    elif isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "tolist"):
        parts = list(value.tolist() if hasattr(value, "tolist") else value)
    else:
        parts = [value]
    return [str(p).strip() for p in parts if not is_blank(p)]


# ------------------------------------------------------------- reference lists

@lru_cache(maxsize=1)
def sdg_target_codes() -> tuple[str, ...]:
    """The SDG targets of the course's dataset ``sdg_targets``."""
    from m4d import datasets

    return tuple(str(t) for t in datasets.load("sdg_targets")["target"])


@lru_cache(maxsize=1)
def gcm_objective_numbers() -> tuple[int, ...]:
    from m4d import datasets

    return tuple(int(o) for o in datasets.load("gcm_objectives")["objective"])


@lru_cache(maxsize=1)
def mgi_dimension_codes() -> tuple[str, ...]:
    from m4d import datasets

    return tuple(str(d) for d in datasets.load("mgi_dimensions")["dimension"])


def _sdg_targets(value: Any, at: str) -> tuple[str, ...]:
    known = sdg_target_codes()
    out = []
    for item in _items(value):
        code = item.upper().replace("SDG", "").replace("TARGET", "").strip().lower()
        if code not in known:
            raise InputError(_("{at}, column sdg_targets: {item} is not one of the course's SDG targets. Use the "
                               "target's number, one of: {targets} (separated by ';').").format(
                at=at, item=repr(item), targets=", ".join(known)))
        out.append(code)
    return tuple(dict.fromkeys(out))


def _gcm_objectives(value: Any, at: str) -> tuple[int, ...]:
    known = gcm_objective_numbers()
    out = []
    for item in _items(value):
        text = item.lower().replace("objective", "").replace("gcm", "").strip()
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number != int(number):
            raise InputError(_("{at}, column gcm_objectives: {item} is not a GCM objective number (1 to {last}, "
                               "separated by ';').").format(at=at, item=repr(item), last=_shown_number(max(known))))
        if int(number) not in known:
            raise InputError(_("{at}, column gcm_objectives: the GCM has objectives 1 to {last}; {item} is not one "
                               "of them.").format(at=at, item=repr(item), last=_shown_number(max(known))))
        out.append(int(number))
    return tuple(sorted(set(out)))


def _mgi_dimensions(value: Any, at: str) -> tuple[str, ...]:
    known = mgi_dimension_codes()
    out = []
    for item in _items(value):
        code = item.lower().replace("-", "_").replace(" ", "_")
        if code not in known:
            raise InputError(_("{at}, column mgi_dimensions: {item} is not one of the six governance dimensions. "
                               "Use: {dimensions}.").format(at=at, item=repr(item), dimensions=", ".join(known)))
        out.append(code)
    return tuple(d for d in known if d in out)


def _disaggregation(value: Any, at: str) -> tuple[str, ...]:
    out = []
    by_label = {v: k for k, v in DISAGGREGATIONS.items()}
    for item in _items(value):
        code = item.lower().replace("-", "_").strip()
        code = by_label.get(code, code).replace(" ", "_")
        if code in ("none", "no"):
            continue
        if code not in DISAGGREGATIONS:
            raise InputError(_("{at}, column disaggregation: {item} is not a breakdown the course knows. Use: "
                               "{breakdowns} (separated by ';'), or leave it empty.").format(
                at=at, item=repr(item), breakdowns=", ".join(DISAGGREGATIONS)))
        out.append(code)
    return tuple(d for d in DISAGGREGATIONS if d in out)


def _frequency(value: Any, at: str) -> str:
    text = " ".join(_text(value).lower().replace("_", " ").split())
    aliases = {"annual": "yearly", "annually": "yearly", "every year": "yearly", "biannual": "twice a year",
               "semi-annual": "twice a year", "month": "monthly", "quarter": "quarterly"}
    text = aliases.get(text, text)
    if text not in FREQUENCIES:
        raise InputError(_("{at}, column frequency: {value} is not a frequency the course knows. Use one of: "
                           "{frequencies}.").format(at=at, value=repr(_text(value)), frequencies=", ".join(FREQUENCIES)))
    return text


# ----------------------------------------------------------------- the builder

def _require(columns: Iterable[str], needed: Iterable[str], what: str, where: str) -> None:
    missing = [c for c in needed if c not in columns]
    if missing:
        n = len(missing)
        if what == "results":
            text = ngettext("{where}: the results table lacks the column(s) {missing}. Expected columns: {expected}.",
                            "{where}: the results table lacks the column(s) {missing}. Expected columns: {expected}.",
                            n)
        elif what == "indicators":
            text = ngettext(
                "{where}: the indicators table lacks the column(s) {missing}. Expected columns: {expected}.",
                "{where}: the indicators table lacks the column(s) {missing}. Expected columns: {expected}.", n)
        else:
            text = "{where}: the {what} table lacks the column(s) {missing}. Expected columns: {expected}."
        raise InputError(text.format(where=where, what=what, missing=", ".join(missing), expected=", ".join(needed)))


def check_results(results: Any, where: str | None = None) -> pd.DataFrame:
    """Check the results chain table and return it clean (one row per result)."""
    where = pgettext("the place of a mistake", "results") if where is None else where
    records = _records(results, "results", where)
    if not records:
        raise InputError(_("{where}: the framework has no results. Add at least one outcome, with the output(s) "
                           "that lead to it.").format(where=where))
    columns = list(dict.fromkeys(k for r in records for k in r))
    _require(columns, ["result_id", "level", "statement"], "results", where)
    rows, seen = [], set()
    by_label = {v.lower(): k for k, v in LEVELS.items()}
    for i, rec in enumerate(records):
        at = _place(where, _row(i))
        rid = _new_id(rec, "result_id", at, seen, "result", "O1")
        level = _text(rec.get("level")).lower()
        if level not in LEVELS:
            level = {"activities": "activity"}.get(level, by_label.get(level, level.rstrip("s")))
        if level not in LEVELS:
            raise InputError(_("{at}, column level: {value} is not a level of the results chain. Use one of: "
                               "{levels}.").format(at=at, value=repr(_text(rec.get("level"))), levels=", ".join(LEVELS)))
        statement = _text(rec.get("statement"))
        if not statement:
            raise InputError(_("{at}, column statement: result {result} has no statement. Say what will have changed, "
                               "for whom (for example 'More women in the target areas use antenatal care').").format(
                at=at, result=rid))
        rows.append({"result_id": rid, "level": level, "statement": statement,
                     "contributes_to": _text(rec.get("contributes_to")), "assumptions": _text(rec.get("assumptions"))})
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    levels = dict(zip(frame["result_id"], frame["level"]))
    for i, row in enumerate(rows):
        parent = row["contributes_to"]
        if not parent:
            continue
        at = _place(where, _row(i))
        if parent not in levels:
            raise InputError(_("{at}, column contributes_to: result {result} contributes to {parent}, which is not a "
                               "result of this framework. Use one of: {results}.").format(
                at=at, result=row["result_id"], parent=repr(parent), results=", ".join(levels)))
        if parent == row["result_id"]:
            raise InputError(_("{at}, column contributes_to: result {result} cannot contribute to itself.").format(
                at=at, result=row["result_id"]))
        expected = NEXT_LEVEL.get(row["level"])
        if expected is None:
            raise InputError(_("{at}, column contributes_to: {result} is an impact, the top of the chain; leave "
                               "contributes_to empty.").format(at=at, result=row["result_id"]))
        if levels[parent] != expected:
            # Translators: {level}, {parent_level} and {expected} are codes of the column level (input, activity,
            # output, outcome, impact), as the user typed them: keep them as they are.
            raise InputError(_("{at}, column contributes_to: {result} is an {level} and contributes to {parent}, "
                               "which is an {parent_level}. In a results chain an {level} leads to an "
                               "{expected}.").format(at=at, result=row["result_id"], level=row["level"],
                                                     parent=parent, parent_level=levels[parent], expected=expected))
    return frame


def _clean_indicator(rec: dict, at: str, iid: str, result_ids: set) -> dict:
    """One indicator row (its identifier already read and unique) checked and cleaned."""
    rid = _text(rec.get("result_id"))
    if rid not in result_ids:
        raise InputError(_("{at}, column result_id: indicator {indicator} measures {result}, which is not a result "
                           "of this framework. Use one of: {results}.").format(
            at=at, indicator=iid, result=repr(rid), results=", ".join(sorted(result_ids))))
    definition = _text(rec.get("definition"))
    if not definition:
        raise InputError(_("{at}, column definition: indicator {indicator} has no definition. Say exactly what is "
                           "counted or measured, among whom (for example 'Share of women aged 15-49 who ...').").format(
            at=at, indicator=iid))
    unit = _text(rec.get("unit"))
    if not unit:
        raise InputError(_("{at}, column unit: indicator {indicator} has no unit (percent, number, EUR, score "
                           "...).").format(at=at, indicator=iid))
    source = _text(rec.get("source"))
    if not source:
        raise InputError(_("{at}, column source: indicator {indicator} has no data source. Name where the value comes "
                           "from (a survey, a register, the minutes of a committee).").format(at=at, indicator=iid))
    max_change = _number(rec.get("max_change_per_year"), at, "max_change_per_year")
    if not math.isnan(max_change) and max_change <= 0:
        raise InputError(_("{at}, column max_change_per_year: the fastest plausible change per year must be above 0, "
                           "not {value}; leave it empty to use the course default.").format(
            at=at, value=_shown_number(max_change, "g")))
    return {
        "indicator_id": iid, "result_id": rid, "definition": definition, "unit": unit,
        "baseline": _number(rec.get("baseline"), at, "baseline"),
        "baseline_year": _year(rec.get("baseline_year"), at, "baseline_year"),
        "target": _number(rec.get("target"), at, "target"),
        "target_year": _year(rec.get("target_year"), at, "target_year"),
        "source": source, "frequency": _frequency(rec.get("frequency"), at),
        "disaggregation": _disaggregation(rec.get("disaggregation"), at),
        "sdg_targets": _sdg_targets(rec.get("sdg_targets"), at),
        "gcm_objectives": _gcm_objectives(rec.get("gcm_objectives"), at),
        "mgi_dimensions": _mgi_dimensions(rec.get("mgi_dimensions"), at),
        "responsible": _text(rec.get("responsible")),
        "max_change_per_year": max_change,
    }


def _row_key(rec: dict) -> tuple:
    """A hashable copy of a row as typed (lists as tuples), to recognise a row that has not changed."""
    return tuple((k, tuple(v) if isinstance(v, (list, set, frozenset)) else v) for k, v in rec.items())


def clean_indicator_rows(indicators: Any, results: pd.DataFrame, where: str | None = None,
                         cache: dict | None = None) -> list[dict]:
    """Check the indicators against a clean results table and return them as clean rows (dicts).

    ``cache`` (a dict the caller keeps, e.g. a widget between edits) remembers
    each row already cleaned, by its position, its content and the results it
    may measure, so that after an edit only the changed row is read again; the
    check across rows (duplicate identifiers) always runs.
    """
    where = pgettext("the place of a mistake", "indicators") if where is None else where
    records = _records(indicators, "indicators", where)
    columns = list(dict.fromkeys(k for r in records for k in r))
    if records:
        _require(columns, REQUIRED_INDICATOR_COLUMNS, "indicators", where)
    result_ids = set(results["result_id"])
    known = tuple(sorted(result_ids))
    rows, seen = [], set()
    for i, rec in enumerate(records):
        at = _place(where, _row(i))
        iid = _new_id(rec, "indicator_id", at, seen, "indicator", "K1")
        key = row = None
        if cache is not None:
            try:
                key = (where, i, known, _row_key(rec))
                row = cache.get(key)
            except TypeError:  # an unhashable cell: read the row again
                key = None
        if row is None:
            row = _clean_indicator(rec, at, iid, result_ids)
            if key is not None:
                try:
                    cache[key] = row
                except TypeError:  # a cell that cannot be compared (pd.NA against a value): not remembered
                    pass
        rows.append(row)
    return rows


_FLOAT_COLUMNS = ("baseline", "target", "max_change_per_year")
_YEAR_COLUMNS = ("baseline_year", "target_year")
_LIST_COLUMNS = ("disaggregation", "sdg_targets", "gcm_objectives", "mgi_dimensions")
#: What pandas makes of a column of text: object in pandas 2, its string dtype in pandas 3.
_TEXT_DTYPE = pd.Series(["text"]).dtype


def indicator_frame(rows: list[dict]) -> pd.DataFrame:
    """The indicators table (:data:`INDICATOR_COLUMNS`, with their dtypes) from clean rows."""
    if not rows:  # an empty table keeps the object columns it always had
        frame = pd.DataFrame([], columns=INDICATOR_COLUMNS)
        for c in _FLOAT_COLUMNS:
            frame[c] = frame[c].astype(float)
        for c in _YEAR_COLUMNS:
            frame[c] = frame[c].astype("Int64")
        return frame
    # Each column is built with its final dtype: the builder makes this table at every edit, and
    # building it from records and converting afterwards took most of an update.
    data: dict[str, Any] = {}
    for c in INDICATOR_COLUMNS:
        values = [r[c] for r in rows]
        if c in _FLOAT_COLUMNS:
            data[c] = np.array(values, dtype=float)
        elif c in _YEAR_COLUMNS:
            data[c] = pd.array(values, dtype="Int64")
        elif c in _LIST_COLUMNS:
            cells = np.empty(len(values), dtype=object)
            for k, v in enumerate(values):  # one tuple per cell (a slice assignment would spread them)
                cells[k] = v
            data[c] = cells
        else:
            data[c] = (np.array(values, dtype=object) if _TEXT_DTYPE == object
                       else pd.array(values, dtype=_TEXT_DTYPE))
    return pd.DataFrame(data, columns=INDICATOR_COLUMNS, copy=False)


def indicator_columns(rows: list[dict]) -> dict[str, list]:
    """The plain column lists of :meth:`ResultsFramework.columns` straight from clean rows."""
    cols = {c: [r[c] for r in rows] for c in INDICATOR_COLUMNS}
    for c in ("baseline_year", "target_year"):
        cols[c] = [None if v is pd.NA or v is None else int(v) for v in cols[c]]
    for c in ("baseline", "target", "max_change_per_year"):
        cols[c] = [float(v) for v in cols[c]]
    return cols


def check_indicators(indicators: Any, results: pd.DataFrame, where: str | None = None) -> pd.DataFrame:
    """Check the indicators table against a clean results table and return it clean."""
    return indicator_frame(clean_indicator_rows(indicators, results, where))


def build_framework(results: Any, indicators: Any = None, *, start_year: Any, end_year: Any,
                    title: str = "Results framework", illustrative: bool = False,
                    where: str | None = None) -> ResultsFramework:
    """Check a results chain and its indicators and return a :class:`ResultsFramework`.

    ``results`` and ``indicators`` are DataFrames or lists of dicts (see
    :data:`RESULT_COLUMNS` and :data:`INDICATOR_COLUMNS`); list cells may be
    ``;``-separated strings or lists. ``start_year`` and ``end_year`` are the
    initiative's first and last year.
    """
    where = pgettext("the place of a mistake", "results framework") if where is None else where
    start = _year(start_year, where, "start_year")
    end = _year(end_year, where, "end_year")
    if start is pd.NA or end is pd.NA:
        raise InputError(_("{where}: give the initiative's first and last year (start_year and end_year).").format(
            where=where))
    if end < start:
        # Years are not numbers to a reader: they are written as they are.
        raise InputError(_("{where}: the initiative ends in {end}, before it starts in {start}; swap the "
                           "years.").format(where=where, end=end, start=start))
    clean_results = check_results(results, _place(where, pgettext("the place of a mistake", "results")))
    clean_indicators = check_indicators(indicators, clean_results,
                                        _place(where, pgettext("the place of a mistake", "indicators")))
    return ResultsFramework(clean_results, clean_indicators, int(start), int(end), _text(title) or "Results framework",
                            bool(illustrative))


def framework_tables(framework: ResultsFramework) -> dict[str, pd.DataFrame]:
    """The framework as plain tables (list cells joined with ';'), as saved to a file."""
    indicators = framework.indicators.copy()
    for column in ("disaggregation", "sdg_targets", "gcm_objectives", "mgi_dimensions"):
        indicators[column] = indicators[column].map(lambda items: LIST_SEPARATOR.join(str(x) for x in items))
    return {"results": framework.results.copy(), "indicators": indicators}


def course_framework() -> ResultsFramework:
    """The course's illustrative framework for the corridor case (Tuscany and Kasserine)."""
    from m4d import datasets

    return build_framework(datasets.load("results_corridor_results"), datasets.load("results_corridor_indicators"),
                           start_year=COURSE_PERIOD[0], end_year=COURSE_PERIOD[1],
                           title=N_("Maternal and child health campaigns, Tuscany and Kasserine"), illustrative=True,
                           where=pgettext("the place of a mistake", "course framework"))


def translate_framework(framework: ResultsFramework, lang: str | None = None) -> ResultsFramework:
    """A copy of ``framework`` whose texts from the course data (results' statements and assumptions,
    indicators' definitions and who is responsible) are in ``lang``, the reader's language by default.
    Identifiers, levels, units, frequencies and every number stay as they are; a text the course data does
    not hold stays in its own words; in English, the framework itself."""
    import dataclasses

    from m4d.i18n import SOURCE_LANGUAGE, language, translate_frame

    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return framework
    from m4d.i18n.catalogues import catalogue

    return dataclasses.replace(
        framework, title=catalogue("m4d", lang).gettext(framework.title),
        results=translate_frame(framework.results, "results_corridor_results", lang),
        indicators=translate_frame(framework.indicators, "results_corridor_indicators", lang),
        _position=None, _columns=None, _result_rows=None)
