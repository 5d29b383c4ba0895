"""Save a results framework as Markdown, Word or Excel, and read a workbook back with validation.

The workbook has the sheets ``about`` (title, first and last year,
illustrative), ``results``, ``indicators`` and, when a data collection plan is
given, ``sources`` and ``groups``: the tables :func:`m4d.results.build_framework`
and :func:`m4d.results.build_collection_plan` take, so a planner can edit them
in a spreadsheet. Two more sheets, the logframe and the monitoring plan, are
views for reading and are ignored when the workbook is read back.
:func:`read_framework_excel` checks every sheet and names the sheet, row and
column of the first problem.

Languages: the two *view* sheets are written in the reader's language
(:func:`m4d.i18n.language`): their sheet names ("cadre logique", "plan de
seguimiento"), column headings, levels, frequencies and fixed words, as the
Markdown and Word exports write them. The *data* sheets keep their English sheet
names, column names and codes (``field``/``value``, ``start_year``, ``yes``,
``yearly`` ...) in every language: they are the stable keys by which
:func:`read_framework_excel` reads a workbook back, so a workbook saved in the
French edition reads back in the Spanish one, or in a script, exactly as an
English one does; the values the planner typed are kept as typed.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, language, pgettext
from m4d.results.collection import GROUP_COLUMNS, SOURCE_COLUMNS, DataCollectionPlan, build_collection_plan
from m4d.results.logframe import LOGFRAME_COLUMNS, logframe_rows, logframe_table, monitoring_plan
from m4d.results.model import DISAGGREGATIONS, ResultsFramework, build_framework, framework_tables

ILLUSTRATIVE_NOTE = N_("All values in this framework are illustrative: made up for teaching.")


def _period(framework: ResultsFramework) -> str:
    return _("Initiative period: {start}-{end}.").format(start=framework.start_year, end=framework.end_year)


def _monitoring_headings() -> dict[str, str]:
    """The monitoring plan's column headings as a reader reads them (the field names themselves in English)."""
    return {"indicator": pgettext("monitoring plan", "indicator"), "result": pgettext("monitoring plan", "result"),
            "unit": pgettext("monitoring plan", "unit"), "baseline": pgettext("monitoring plan", "baseline"),
            "target": pgettext("monitoring plan", "target"), "source": pgettext("monitoring plan", "source"),
            "method": pgettext("monitoring plan", "method"), "frequency": pgettext("monitoring plan", "frequency"),
            "breakdowns": pgettext("monitoring plan", "breakdowns"), "links": pgettext("monitoring plan", "links"),
            "responsible": pgettext("monitoring plan", "responsible"),
            "measured in": pgettext("monitoring plan", "measured in")}


def _shown_tables(framework: ResultsFramework, plan: DataCollectionPlan | None) -> list[tuple[str, pd.DataFrame]]:
    """The logframe and the monitoring plan with their headings, levels and words in the reader's language.

    In English these are the tables :func:`logframe_table` and :func:`monitoring_plan` give, unchanged.
    """
    logframe = logframe_table(framework, plan)
    if language() != "en":
        none = pgettext("no indicator or source", "none")
        logframe["level"] = logframe["level"].map(_)
        for column in ("indicators", "means of verification"):
            logframe[column] = logframe[column].map(lambda v: none if v == "none" else v)
        logframe["means of verification"] = logframe["means of verification"].map(_frequencies_shown)
        logframe.columns = [_(c) for c in logframe.columns]
    return [(_("Logframe"), logframe), (_("Monitoring plan"), monitoring_plan_shown(framework, plan))]


def monitoring_plan_shown(framework: ResultsFramework, plan: DataCollectionPlan | None = None,
                          columns: list[str] | None = None) -> pd.DataFrame:
    """The monitoring plan as a reader reads it: its headings, frequencies, breakdowns and fixed words in the
    reader's language. ``columns`` (the plan's field names, in English) picks and orders the columns first.

    In English this is :func:`monitoring_plan`'s table (or those of its columns), unchanged.
    """
    monitoring = monitoring_plan(framework, plan)
    if language() != "en":
        none = pgettext("no indicator or source", "none")
        monitoring["frequency"] = monitoring["frequency"].map(_)
        # The method column holds METHODS' labels, or these words when the plan has no such source.
        # Translators: the method of an indicator whose source is not in the data collection plan.
        absent = pgettext("monitoring plan, method", "not in the plan")
        monitoring["method"] = monitoring["method"].map(lambda v: absent if v == "not in the plan" else _(v))
        # Rebuilt from the codes: the English labels joined with commas cannot be split back safely.
        monitoring["breakdowns"] = [", ".join(_(DISAGGREGATIONS[code]) for code in row["disaggregation"]) or none
                                    for row in framework.indicator_records()]
        monitoring["links"] = monitoring["links"].map(lambda v: none if v == "none" else v)
        monitoring["responsible"] = monitoring["responsible"].map(
            lambda v: pgettext("who is responsible for an indicator", "to be agreed") if v == "to be agreed" else v)
    if columns is not None:
        monitoring = monitoring[list(columns)]
    if language() != "en":
        monitoring.columns = [_monitoring_headings()[c] for c in monitoring.columns]
    return monitoring


def _markdown_table(frame: pd.DataFrame) -> str:
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def framework_markdown(framework: ResultsFramework, plan: DataCollectionPlan | None = None) -> str:
    """The logframe and the monitoring plan as a Markdown document."""
    parts = [f"# {framework.title}", "", _period(framework)]
    if framework.illustrative:
        parts += ["", f"*{_(ILLUSTRATIVE_NOTE)}*"]
    for heading, frame in _shown_tables(framework, plan):
        parts += ["", f"## {heading}", "", _markdown_table(frame)]
    return "\n".join(parts + [""])


def write_framework_markdown(framework: ResultsFramework, path: str | Path,
                             plan: DataCollectionPlan | None = None) -> Path:
    path = Path(path)
    path.write_text(framework_markdown(framework, plan), encoding="utf-8")
    return path


def framework_docx(framework: ResultsFramework, plan: DataCollectionPlan | None = None):
    """The logframe and the monitoring plan as a python-docx Document (landscape, two tables)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(framework.title, level=1)
    document.add_paragraph(_period(framework))
    if framework.illustrative:
        document.add_paragraph(_(ILLUSTRATIVE_NOTE)).runs[0].italic = True
    for heading, frame in _shown_tables(framework, plan):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=1, cols=len(frame.columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, frame.columns):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
        for row in frame.itertuples(index=False):
            for cell, value in zip(table.add_row().cells, row):
                cell.text = str(value)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
    return document


def write_framework_docx(framework: ResultsFramework, path: str | Path,
                         plan: DataCollectionPlan | None = None) -> Path:
    path = Path(path)
    framework_docx(framework, plan).save(path)
    return path


def write_framework_excel(framework: ResultsFramework, path: str | Path,
                          plan: DataCollectionPlan | None = None) -> Path:
    """Save the framework (and its data collection plan) as an editable workbook."""
    path = Path(path)
    tables = framework_tables(framework)
    about = pd.DataFrame([{"field": "title", "value": framework.title},
                          {"field": "start_year", "value": framework.start_year},
                          {"field": "end_year", "value": framework.end_year},
                          {"field": "illustrative", "value": "yes" if framework.illustrative else "no"}])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        about.to_excel(writer, sheet_name="about", index=False)
        tables["results"].to_excel(writer, sheet_name="results", index=False)
        tables["indicators"].to_excel(writer, sheet_name="indicators", index=False)
        if plan is not None:
            sources = plan.sources.copy()
            sources["records"] = sources["records"].map(lambda items: ";".join(items))
            sources.to_excel(writer, sheet_name="sources", index=False)
            plan.groups.to_excel(writer, sheet_name="groups", index=False)
        for name, frame in zip(_view_sheet_names(), (table for _heading, table in _shown_tables(framework, plan))):
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


def _view_sheet_names() -> tuple[str, str]:
    """The names of the two view sheets in the reader's language (Excel allows 31 characters, no []:*?/\\)."""
    names = (pgettext("workbook sheet", "logframe"), pgettext("workbook sheet", "monitoring plan"))
    cleaned = tuple("".join(c for c in name if c not in "[]:*?/\\")[:31] for name in names)
    # A view sheet must never take the name of a data sheet: it would be read back as data.
    return tuple(name if name not in DATA_SHEETS else english for name, english in
                 zip(cleaned, ("logframe", "monitoring plan")))


#: The sheets read_framework_excel reads: their names and columns are English in every language.
DATA_SHEETS = ("about", "results", "indicators", "sources", "groups")


def _sheet(sheets: dict[str, pd.DataFrame], name: str, path: Path, required: bool = True) -> pd.DataFrame | None:
    if name not in sheets:
        if not required:
            return None
        raise InputError(_("{file}: the workbook has no sheet {sheet}. A results framework workbook has the sheets "
                           "about, results and indicators (and sources and groups for its data plan); start from one "
                           "saved by write_framework_excel.").format(file=path.name, sheet=repr(name)))
    frame = sheets[name].dropna(how="all")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_framework_excel(path: str | Path) -> tuple[ResultsFramework, DataCollectionPlan | None]:
    """Read a workbook saved by :func:`write_framework_excel` (and edited), checking every sheet."""
    path = Path(path)
    if not path.exists():
        raise InputError(_("There is no file {path}.").format(path=path))
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(_("{file} could not be read as an Excel workbook (.xlsx): {error}").format(
            file=path.name, error=err)) from None
    about = _sheet(sheets, "about", path)
    if not {"field", "value"} <= set(about.columns):
        raise InputError(_("{file}, sheet about: it needs the columns field and value.").format(file=path.name))
    meta = {str(k).strip(): v for k, v in zip(about["field"], about["value"])}
    for key in ("start_year", "end_year"):
        if key not in meta:
            raise InputError(_("{file}, sheet about: the field {field} is missing; add a row with it and the "
                               "year.").format(file=path.name, field=key))
    illustrative = str(meta.get("illustrative", "no")).strip().lower() in ("yes", "true", "1")
    framework = build_framework(_sheet(sheets, "results", path), _sheet(sheets, "indicators", path),
                                start_year=meta["start_year"], end_year=meta["end_year"],
                                title=str(meta.get("title") or "Results framework"), illustrative=illustrative,
                                where=_("{file}, sheet").format(file=path.name))
    sources = _sheet(sheets, "sources", path, required=False)
    plan = None
    if sources is not None:
        groups = _sheet(sheets, "groups", path, required=False)
        plan = build_collection_plan(sources, groups if groups is not None else [],
                                     where=_("{file}, sheet").format(file=path.name))
    return framework, plan


def _frequencies_shown(text: str) -> str:
    from m4d.results.model import FREQUENCIES

    for frequency in FREQUENCIES:
        text = text.replace(f"({frequency})", f"({_(frequency)})")
    return text


def logframe_html(framework: ResultsFramework, plan: DataCollectionPlan | None = None, *,
                  caption: str | None = None) -> str:
    """The logframe as an accessible HTML table (header cells, caption), for widgets and the book."""
    records = logframe_rows(framework, plan)
    caption = caption or framework.label(_("Logframe: {title}").format(title=framework.title))
    shown = {"level": _("level"), "result": _("result"), "indicators": _("indicators"),
             "means of verification": _("means of verification"), "assumptions": _("assumptions")}
    head = "".join(f'<th scope="col">{html.escape(shown.get(c, c))}</th>' for c in LOGFRAME_COLUMNS)
    # The rows keep the English words logframe_rows gives (plain data); the level and "none" are shown translated.
    none = pgettext("no indicator or source", "none")
    columns = [[_(r[c]) if c == "level" else (none if r[c] == "none" else r[c]) for r in records]
               for c in LOGFRAME_COLUMNS]
    if "means of verification" in LOGFRAME_COLUMNS:
        # Each means of verification ends with its frequency in brackets, "(yearly)": shown translated.
        k = LOGFRAME_COLUMNS.index("means of verification")
        columns[k] = [_frequencies_shown(v) for v in columns[k]]
    rows = "".join("<tr>" + "".join(
        (f'<th scope="row">{html.escape(str(v))}</th>' if j == 0 else f"<td>{html.escape(str(v))}</td>")
        for j, v in enumerate(row)) + "</tr>" for row in zip(*columns))
    return (f'<div class="m4d-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption, quote=True)}">'
            f'<table class="m4d-logframe"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")


__all__ = ["framework_docx", "framework_markdown", "logframe_html", "monitoring_plan_shown", "read_framework_excel",
           "write_framework_docx", "write_framework_excel", "write_framework_markdown", "SOURCE_COLUMNS", "GROUP_COLUMNS"]
