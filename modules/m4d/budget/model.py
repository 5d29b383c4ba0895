"""The budget of a partnership initiative: cost lines, funding sources and who pays what.

A plan has three parts:

- **cost lines**: what the initiative spends, each with a year, a cost category
  and an amount;
- **funding sources**: who may pay, each with its kind (the partnership's own
  budget, local stakeholders, a national government, an international
  organisation, philanthropy), whether it gives cash or contributes in kind
  (staff time, venues, volunteers' work, valued in money), the most it will give
  (its cap, optionally also as a share of the total cost) and the cost
  categories it may pay for;
- an **allocation**: how much each source pays towards each cost line.

:func:`build_plan` and :func:`build_allocation` check everything a person can
type wrong (a negative amount, an unknown category, a share above 100 %, an
empty plan) and raise :class:`m4d.InputError` saying what is wrong and how to
fix it. Everything else in :mod:`m4d.budget` takes the checked objects.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext
from m4d.i18n.numbers import number as number_text

# Cost categories of an initiative's budget, in the order tables and charts show them.
CATEGORIES: dict[str, str] = {
    "staff": N_("Staff"),
    "travel": N_("Travel and study visits"),
    "training": N_("Training"),
    "equipment": N_("Equipment"),
    "communication": N_("Communication"),
    "monitoring_evaluation": N_("Monitoring and evaluation"),
    "contingency": N_("Contingency"),
    "indirect": N_("Indirect costs"),
}

# The kinds of funding source named in the JMDI guidelines (2017, p. 59); the
# "own budget" is the local or regional budget of the partners themselves.
SOURCE_KINDS: dict[str, str] = {
    "own_budget": N_("Own (local or regional) budget"),
    "local_stakeholders": N_("Local stakeholders"),
    "national_government": N_("National government"),
    "international_organisation": N_("International organisation"),
    "philanthropy": N_("Philanthropy"),
}

FORMS: dict[str, str] = {"cash": N_("Cash"), "in_kind": N_("In kind")}

LINE_COLUMNS = ["line_id", "year", "category", "description", "amount"]
SOURCE_COLUMNS = ["source_id", "name", "kind", "form", "cap", "max_share", "eligible_categories"]
ALLOCATION_COLUMNS = ["line_id", "source_id", "amount"]
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class BudgetPlan:
    """A checked budget plan: cost lines and funding sources in one currency.

    ``lines`` has the columns of :data:`LINE_COLUMNS` (one row per cost line);
    ``sources`` has those of :data:`SOURCE_COLUMNS`, with ``max_share`` a
    fraction between 0 and 1 and ``eligible_categories`` a tuple of category
    codes. ``illustrative`` is true for plans made up for teaching, so every
    table and chart of the plan can say so.
    """

    lines: pd.DataFrame
    sources: pd.DataFrame
    currency: str = "EUR"
    title: str = "Budget plan"
    illustrative: bool = False
    _eligibility: np.ndarray = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self._eligibility is None:
            allowed = list(self.sources["eligible_categories"])
            matrix = np.array([[c in a for a in allowed] for c in self.lines["category"]], dtype=bool)
            object.__setattr__(self, "_eligibility", matrix.reshape(len(self.lines), len(self.sources)))

    @property
    def total_cost(self) -> float:
        """The cost of the whole initiative, every year together."""
        return float(self.lines["amount"].sum())

    @property
    def eligibility(self) -> np.ndarray:
        """Boolean matrix (cost line x source): may this source pay for this line?"""
        return self._eligibility

    def own_sources(self) -> np.ndarray:
        """Boolean mask of the sources that are the partnership's own budget."""
        return (self.sources["kind"] == "own_budget").to_numpy()

    def in_kind_sources(self) -> np.ndarray:
        """Boolean mask of the sources that contribute in kind."""
        return (self.sources["form"] == "in_kind").to_numpy()

    def effective_caps(self) -> np.ndarray:
        """The most each source can give: its cap, or its maximum share of the total if lower."""
        caps = self.sources["cap"].to_numpy(dtype=float)
        return np.minimum(caps, self.sources["max_share"].to_numpy(dtype=float) * self.total_cost)

    def money(self, amount: float) -> str:
        """An amount written the way a budget officer reads it: 'EUR 12,500'."""
        return format_money(amount, self.currency)

    def label(self, text: str) -> str:
        """A title for a table or chart, marked illustrative when the plan is."""
        return _("{title} (illustrative)").format(title=text) if self.illustrative else text


def category_names(codes: Iterable[str]) -> str:
    """Cost categories as a reader reads them in a list, such as a funder's eligible costs: their names in
    the reader's language, lower case, in the order given, separated by commas ("staff, travel and study
    visits")."""
    return ", ".join(_(CATEGORIES[code]).lower() for code in codes)


def format_money(amount: float, currency: str = "EUR") -> str:
    from m4d.i18n.numbers import amount as written

    rounded = round(float(amount))
    if rounded == 0 and amount != 0:
        return written(amount, currency, digits=2)
    return written(rounded, currency)


#: "must be a table" for each table of a plan: one whole sentence each, for the translators.
_NOT_A_TABLE = {
    "cost lines": N_("{where}: the cost lines must be a table (a DataFrame or a list of rows)."),
    "funding sources": N_("{where}: the funding sources must be a table (a DataFrame or a list of rows)."),
    "allocation": N_("{where}: the allocation must be a table (a DataFrame or a list of rows)."),
}


def _not_a_table(what: str, where: str) -> InputError:
    template = _NOT_A_TABLE.get(what)
    text = _(template) if template else "{where}: the {what} must be a table (a DataFrame or a list of rows)."
    return InputError(text.format(where=where, what=what))


class _Table:
    """Rows of a table as dicts, with its column names: what a DataFrame or a list of dicts holds."""

    def __init__(self, data: Any, what: str, where: str):
        if isinstance(data, pd.DataFrame):
            self.columns = list(data.columns)
            self.records = data.to_dict("records")
            return
        try:
            records = [dict(r) for r in data]
        except (TypeError, ValueError):
            raise _not_a_table(what, where) from None
        self.records = records
        self.columns = list(dict.fromkeys(k for r in records for k in r))

    @property
    def empty(self) -> bool:
        return not self.records

    def add_column(self, name: str, value: Any) -> None:
        if name not in self.columns:
            self.columns.append(name)
            for r in self.records:
                r.setdefault(name, value)

    def column(self, name: str) -> list:
        return [r.get(name) for r in self.records]


def _frame(data: Any, what: str, where: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data.copy()
    try:
        return pd.DataFrame(list(data))
    except (TypeError, ValueError):
        raise _not_a_table(what, where) from None


def _require_columns(frame, columns: Iterable[str], what: str, where: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        # The English says "column(s)" for one or several; a translation has its own singular and plural.
        n = len(missing)
        if what == "cost lines":
            text = ngettext("{where}: the cost lines lack the column(s) {missing}. Expected columns: {expected}.",
                            "{where}: the cost lines lack the column(s) {missing}. Expected columns: {expected}.", n)
        elif what == "funding sources":
            text = ngettext("{where}: the funding sources lack the column(s) {missing}. Expected columns: {expected}.",
                            "{where}: the funding sources lack the column(s) {missing}. Expected columns: {expected}.",
                            n)
        elif what == "allocation rows":
            text = ngettext("{where}: the allocation rows lack the column(s) {missing}. Expected columns: {expected}.",
                            "{where}: the allocation rows lack the column(s) {missing}. Expected columns: {expected}.",
                            n)
        else:
            text = "{where}: the {what} lack the column(s) {missing}. Expected columns: {expected}."
        raise InputError(text.format(where=where, what=what, missing=", ".join(missing), expected=", ".join(columns)))


def _row(i: int) -> str:
    # Rows are numbered as in a spreadsheet: the header is row 1.
    return _("row {n}").format(n=i + 2)


def _number(value: Any, where: str, column: str, *, required: bool = True) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        if required:
            raise InputError(_("{where}, column {column}: a value is required but the cell is empty.").format(
                where=where, column=column))
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text == "":
            if required:
                raise InputError(_("{where}, column {column}: a value is required but the cell is empty.").format(
                    where=where, column=column))
            return None
        if text.endswith("%"):
            raise InputError(_("{where}, column {column}: write shares as fractions between 0 and 1 (60 % is 0.6), "
                               "not {value}.").format(where=where, column=column, value=repr(value)))
        value = text
    if isinstance(value, bool):
        raise InputError(_("{where}, column {column}: {value} is not a number.").format(
            where=where, column=column, value=repr(value)))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(_("{where}, column {column}: {value} is not a number.").format(
            where=where, column=column, value=repr(value))) from None
    if not math.isfinite(number):
        raise InputError(_("{where}, column {column}: {value} is not a finite number.").format(
            where=where, column=column, value=repr(value)))
    return number


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _categories(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [p.strip() for p in value.split(LIST_SEPARATOR)]
    elif value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        items = []
    else:
        items = [str(p).strip() for p in value]
    items = [p for p in items if p]
    if not items:
        raise InputError(_("{where}, column eligible_categories: the source may pay for no cost category. List at "
                           "least one, separated by ';' (for example 'staff;training').").format(where=where))
    unknown = [p for p in items if p not in CATEGORIES]
    if unknown:
        # The English says "is" for one or several; a translation has its own singular and plural.
        raise InputError(ngettext(
            "{where}, column eligible_categories: {unknown} is not a cost category. Use: {categories}.",
            "{where}, column eligible_categories: {unknown} is not a cost category. Use: {categories}.",
            len(unknown)).format(where=where, unknown=", ".join(map(repr, unknown)), categories=", ".join(CATEGORIES)))
    # Keep the course's category order, whatever order the user typed.
    return tuple(c for c in CATEGORIES if c in items)


def build_plan(lines: Any, sources: Any, *, currency: str = "EUR", title: str = "Budget plan",
               illustrative: bool = False, where: str | None = None) -> BudgetPlan:
    """Check cost lines and funding sources and return a :class:`BudgetPlan`.

    ``lines`` and ``sources`` are DataFrames or lists of dicts with the columns
    of :data:`LINE_COLUMNS` and :data:`SOURCE_COLUMNS` (``max_share`` may be
    empty, meaning no limit; ``description`` may be empty). A ``currency``
    column, if present, must hold the plan's currency on every row. ``where``
    names the plan in messages ("budget plan" in the reader's language by default).
    """
    # Translated at call time, not as a default, so that the reader's language of the moment is used.
    where = _("budget plan") if where is None else where
    currency = _text(currency).upper()
    if len(currency) != 3 or not currency.isalpha():
        raise InputError(_("{where}: the currency must be a three-letter code such as EUR or USD, not {currency}.").format(
            where=where, currency=repr(currency)))
    line_frame = _Table(lines, "cost lines", where)
    source_frame = _Table(sources, "funding sources", where)
    if line_frame.empty:
        raise InputError(_("{where}: the plan has no cost lines. Add at least one line with a year, a category and an "
                           "amount.").format(where=where))
    if source_frame.empty:
        raise InputError(_("{where}: the plan has no funding sources. Add at least one source (for example your own "
                           "budget).").format(where=where))
    line_frame.add_column("description", "")
    source_frame.add_column("max_share", None)
    _require_columns(line_frame, LINE_COLUMNS, "cost lines", where)
    _require_columns(source_frame, SOURCE_COLUMNS, "funding sources", where)
    for frame, what in ((line_frame, "cost lines"), (source_frame, "funding sources")):
        if "currency" in frame.columns:
            others = sorted({_text(c).upper() for c in frame.column("currency")} - {currency, ""})
            if others:
                mixed = (_("{where}: the cost lines mix currencies ({others} besides {currency}). Convert every amount "
                           "to {currency} first.") if what == "cost lines" else
                         _("{where}: the funding sources mix currencies ({others} besides {currency}). Convert every "
                           "amount to {currency} first."))
                raise InputError(mixed.format(where=where, others=", ".join(others), currency=currency))

    rows = []
    seen: set[str] = set()
    for i, rec in enumerate(line_frame.records):
        at = _("{where}, cost line {row}").format(where=where, row=_row(i))
        line_id = _text(rec["line_id"])
        if not line_id:
            raise InputError(_("{where}, cost line {row}, column line_id: every cost line needs an identifier (for "
                               "example L01).").format(where=where, row=_row(i)))
        if line_id in seen:
            raise InputError(_("{where}, cost line {row}, column line_id: {line} is used twice; give each cost line its "
                               "own identifier.").format(where=where, row=_row(i), line=repr(line_id)))
        seen.add(line_id)
        year = _number(rec["year"], at, "year")
        if year != int(year) or not 1900 <= year <= 2200:
            raise InputError(_("{where}, cost line {row}, column year: {year} is not a year (write it as 2027).").format(
                where=where, row=_row(i), year=repr(rec["year"])))
        category = _text(rec["category"])
        if category not in CATEGORIES:
            by_label = {v.lower(): k for k, v in CATEGORIES.items()}
            if category.lower() in by_label:
                category = by_label[category.lower()]
            else:
                # The categories are the values a CSV file holds: they stay as written, in English.
                raise InputError(_("{where}, cost line {row}, column category: {category} is not a cost category. Use "
                                   "one of: {categories}.").format(where=where, row=_row(i), category=repr(category),
                                                                   categories=", ".join(CATEGORIES)))
        amount = _number(rec["amount"], at, "amount")
        if amount < 0:
            raise InputError(_("{where}, cost line {row}, column amount: the cost of {line} is negative ({amount}). Enter "
                               "costs as positive amounts; a saving is a smaller cost, not a negative line.").format(
                where=where, row=_row(i), line=line_id, amount=number_text(amount, "g")))
        rows.append({"line_id": line_id, "year": int(year), "category": category,
                     "description": _text(rec["description"]), "amount": amount})
    clean_lines = pd.DataFrame(rows, columns=LINE_COLUMNS)

    rows = []
    seen = set()
    for i, rec in enumerate(source_frame.records):
        at = _("{where}, funding source {row}").format(where=where, row=_row(i))
        source_id = _text(rec["source_id"])
        if not source_id:
            raise InputError(_("{where}, funding source {row}, column source_id: every funding source needs an "
                               "identifier (for example own_cash).").format(where=where, row=_row(i)))
        if source_id in seen:
            raise InputError(_("{where}, funding source {row}, column source_id: {source} is used twice; give each "
                               "source its own identifier.").format(where=where, row=_row(i), source=repr(source_id)))
        seen.add(source_id)
        kind = _text(rec["kind"])
        if kind not in SOURCE_KINDS:
            raise InputError(_("{where}, funding source {row}, column kind: {kind} is not a kind of source. Use one of: "
                               "{kinds}.").format(where=where, row=_row(i), kind=repr(kind), kinds=", ".join(SOURCE_KINDS)))
        form = _text(rec["form"]).replace("-", "_").replace(" ", "_").lower()
        if form not in FORMS:
            raise InputError(_("{where}, funding source {row}, column form: {form} must be 'cash' or 'in_kind'.").format(
                where=where, row=_row(i), form=repr(rec["form"])))
        cap = _number(rec["cap"], at, "cap")
        if cap < 0:
            raise InputError(_("{where}, funding source {row}, column cap: the cap of {source} is negative ({cap}); enter "
                               "the most it will give, 0 or more.").format(where=where, row=_row(i), source=source_id,
                                                                           cap=number_text(cap, "g")))
        share = _number(rec["max_share"], at, "max_share", required=False)
        if share is None:
            share = 1.0
        if share < 0 or share > 1:
            if share < 0:
                wrong = _("{where}, funding source {row}, column max_share: a share must lie between 0 and 1 (100 % is "
                          "1); {share} is negative.")
            elif share <= 100:
                # A percentage typed as a number (60 for 60 %): the message offers the fraction.
                wrong = _("{where}, funding source {row}, column max_share: a share must lie between 0 and 1 (100 % is "
                          "1); {share} is above 100 % (did you mean {fraction}?).")
            else:
                wrong = _("{where}, funding source {row}, column max_share: a share must lie between 0 and 1 (100 % is "
                          "1); {share} is above 100 %.")
            share_text, fraction_text = number_text(share, "g"), number_text(share / 100, "g")
            raise InputError(wrong.format(where=where, row=_row(i), share=share_text, fraction=fraction_text))
        rows.append({"source_id": source_id, "name": _text(rec["name"]) or source_id, "kind": kind, "form": form,
                     "cap": cap, "max_share": share,
                     "eligible_categories": _categories(rec["eligible_categories"], at)})
    clean_sources = pd.DataFrame(rows, columns=SOURCE_COLUMNS)

    categories = clean_lines["category"].to_numpy()
    eligibility = np.array([[c in allowed for allowed in clean_sources["eligible_categories"]] for c in categories],
                           dtype=bool).reshape(len(clean_lines), len(clean_sources))
    return BudgetPlan(clean_lines, clean_sources, currency, title or "Budget plan", bool(illustrative), eligibility)


def build_allocation(plan: BudgetPlan, allocation: Any, *, where: str | None = None) -> pd.DataFrame:
    """Check an allocation (rows of line_id, source_id, amount) against a plan.

    Returns a DataFrame with one row per (line, source) pair that receives
    money, amounts summed when a pair appears twice. An unknown line or source
    or a negative amount raises :class:`InputError`. ``where`` names the allocation in messages
    ("allocation" in the reader's language by default).
    """
    # Translated at call time, not as a default, so that the reader's language of the moment is used.
    where = _("allocation") if where is None else where
    frame = _frame(allocation, "allocation", where)
    if frame.empty:
        return pd.DataFrame({"line_id": pd.Series(dtype=str), "source_id": pd.Series(dtype=str),
                             "amount": pd.Series(dtype=float)})
    _require_columns(frame, ALLOCATION_COLUMNS, "allocation rows", where)
    lines, sources = set(plan.lines["line_id"]), set(plan.sources["source_id"])
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        at = f"{where}, {_row(i)}"
        line_id, source_id = _text(rec["line_id"]), _text(rec["source_id"])
        if line_id not in lines:
            raise InputError(_("{where}, column line_id: there is no cost line {line} in the plan.").format(
                where=at, line=repr(line_id)))
        if source_id not in sources:
            raise InputError(_("{where}, column source_id: there is no funding source {source} in the plan.").format(
                where=at, source=repr(source_id)))
        amount = _number(rec["amount"], at, "amount")
        if amount < 0:
            raise InputError(_("{where}, column amount: {amount} is negative; a source pays 0 or more towards a "
                               "line.").format(where=at, amount=number_text(amount, "g")))
        rows.append((line_id, source_id, amount))
    out = pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
    out = out.groupby(["line_id", "source_id"], as_index=False, sort=False)["amount"].sum()
    return out[out["amount"] > 0].reset_index(drop=True)


def allocation_matrix(plan: BudgetPlan, allocation: pd.DataFrame) -> np.ndarray:
    """The allocation as a matrix: rows are cost lines, columns are sources, in plan order."""
    matrix = np.zeros((len(plan.lines), len(plan.sources)))
    if len(allocation):
        line_pos = {k: i for i, k in enumerate(plan.lines["line_id"])}
        source_pos = {k: j for j, k in enumerate(plan.sources["source_id"])}
        rows = allocation["line_id"].map(line_pos).to_numpy()
        cols = allocation["source_id"].map(source_pos).to_numpy()
        np.add.at(matrix, (rows, cols), allocation["amount"].to_numpy(dtype=float))
    return matrix


def allocation_from_matrix(plan: BudgetPlan, matrix: np.ndarray) -> pd.DataFrame:
    """The non-zero cells of an allocation matrix as rows of line_id, source_id, amount."""
    rows, cols = np.nonzero(matrix > 0)
    return pd.DataFrame({
        "line_id": plan.lines["line_id"].to_numpy()[rows],
        "source_id": plan.sources["source_id"].to_numpy()[cols],
        "amount": matrix[rows, cols],
    })
