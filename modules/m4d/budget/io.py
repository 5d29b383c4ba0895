"""Save a budget plan to CSV or Excel, and read one back with every check applied.

A plan is three tables: ``cost_lines`` (line_id, year, category, description,
amount), ``funding_sources`` (source_id, name, kind, form, cap, max_share,
eligible_categories separated by ';') and ``allocation`` (line_id, source_id,
amount). As CSV they are three files; as Excel, three sheets of one workbook
plus a ``plan`` sheet with the title, currency and whether the plan is
illustrative. Reading goes through :func:`m4d.budget.model.build_plan`, so a
file with a negative amount, an unknown category or a share above 100 % is
refused with the same message as anywhere else, naming the file and row.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from m4d.budget.model import (ALLOCATION_COLUMNS, LINE_COLUMNS, LIST_SEPARATOR, SOURCE_COLUMNS, BudgetPlan,
                              build_allocation, build_plan)
from m4d.datasets import read_csv
from m4d.errors import InputError
from m4d.i18n import _, ngettext

SHEETS = ("cost_lines", "funding_sources", "allocation", "plan")


def _sources_for_file(plan: BudgetPlan) -> pd.DataFrame:
    frame = plan.sources.copy()
    frame["eligible_categories"] = frame["eligible_categories"].map(LIST_SEPARATOR.join)
    return frame[SOURCE_COLUMNS]


def _allocation_for_file(plan: BudgetPlan, allocation) -> pd.DataFrame:
    if allocation is None:
        return pd.DataFrame(columns=ALLOCATION_COLUMNS)
    frame = build_allocation(plan, allocation).copy()
    frame["amount"] = frame["amount"].round(2)
    return frame[ALLOCATION_COLUMNS]


def write_plan_csv(plan: BudgetPlan, folder: str | Path, allocation=None, *, prefix: str = "") -> dict[str, Path]:
    """Write the plan as CSV files (UTF-8) in ``folder``; returns the path of each table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{prefix}{name}.csv" for name in SHEETS[:3]}
    lines = plan.lines[LINE_COLUMNS].assign(currency=plan.currency)
    lines.to_csv(paths["cost_lines"], index=False)
    _sources_for_file(plan).assign(currency=plan.currency).to_csv(paths["funding_sources"], index=False)
    _allocation_for_file(plan, allocation).to_csv(paths["allocation"], index=False)
    return paths


def write_plan_excel(plan: BudgetPlan, path: str | Path, allocation=None) -> Path:
    """Write the plan as one Excel workbook with the sheets of :data:`SHEETS`."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(_("{file}: an Excel plan is saved as a .xlsx file.").format(file=path.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = pd.DataFrame({"key": ["title", "currency", "illustrative"],
                         "value": [plan.title, plan.currency, "true" if plan.illustrative else "false"]})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        plan.lines[LINE_COLUMNS].to_excel(writer, sheet_name="cost_lines", index=False)
        _sources_for_file(plan).to_excel(writer, sheet_name="funding_sources", index=False)
        _allocation_for_file(plan, allocation).to_excel(writer, sheet_name="allocation", index=False)
        meta.to_excel(writer, sheet_name="plan", index=False)
    return path


def _read_csv(path: str | Path) -> pd.DataFrame:
    # The toolbox's one CSV reader; every cell stays text, since build_plan checks each one by name.
    return read_csv(path, as_text=True)


def _currency_of(frame: pd.DataFrame, default: str) -> str:
    if "currency" in frame.columns:
        values = [v.strip().upper() for v in frame["currency"].astype(str) if v.strip()]
        if values:
            return values[0]
    return default


def read_plan_csv(lines: str | Path, sources: str | Path, allocation: str | Path | None = None, *,
                  currency: str = "EUR", title: str = "Budget plan",
                  illustrative: bool = False) -> tuple[BudgetPlan, pd.DataFrame]:
    """Read a plan from CSV files; returns the checked plan and its allocation (empty if no file)."""
    line_frame, source_frame = _read_csv(lines), _read_csv(sources)
    currency = _currency_of(line_frame, currency)
    plan = build_plan(line_frame, source_frame, currency=currency, title=title, illustrative=illustrative,
                      where=f"{Path(lines).name} / {Path(sources).name}")
    if allocation is None:
        return plan, build_allocation(plan, [])
    return plan, build_allocation(plan, _read_csv(allocation), where=Path(allocation).name)


def read_plan_excel(path: str | Path) -> tuple[BudgetPlan, pd.DataFrame]:
    """Read a plan from a workbook written by :func:`write_plan_excel` (or laid out the same way)."""
    path = Path(path)
    if not path.exists():
        raise InputError(_("The file {path} does not exist. Check the path.").format(path=path))
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as err:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise InputError(_("{file} could not be read as an Excel workbook ({error}). Save it as .xlsx and try "
                           "again.").format(file=path.name, error=type(err).__name__)) from None
    missing = [s for s in SHEETS[:2] if s not in sheets]
    if missing:
        raise InputError(ngettext("{file} lacks the sheet(s) {missing}. A plan workbook has the sheets {sheets}.",
                                  "{file} lacks the sheet(s) {missing}. A plan workbook has the sheets {sheets}.",
                                  len(missing)).format(file=path.name, missing=", ".join(missing),
                                                       sheets=", ".join(SHEETS)))
    meta = {}
    if "plan" in sheets and {"key", "value"} <= set(sheets["plan"].columns):
        meta = dict(zip(sheets["plan"]["key"], sheets["plan"]["value"]))
    plan = build_plan(sheets["cost_lines"], sheets["funding_sources"], currency=meta.get("currency", "EUR") or "EUR",
                      title=meta.get("title", "Budget plan") or "Budget plan",
                      illustrative=str(meta.get("illustrative", "false")).lower() == "true",
                      where=f"{path.name}")
    allocation = sheets.get("allocation")
    if allocation is None or allocation.empty:
        return plan, build_allocation(plan, [])
    return plan, build_allocation(plan, allocation, where=_("{file}, sheet allocation").format(file=path.name))
