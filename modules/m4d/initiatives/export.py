"""Save a plan as Markdown, Word or Excel, and read it back with every check applied.

All three formats hold the same tables: ``Plan`` (field, value: title, sector,
kind, partners, timeline, currency, monitoring method, whether illustrative,
notes) and one table per part, headed by the part's title (Diagnosis,
Objectives, ..., Cost lines) with the part's columns. A person can edit any of
them (in a text editor, in Word, in a spreadsheet) and read it back:
:func:`read_plan` goes through :func:`m4d.initiatives.build_plan`, so a file
with an unknown sector, a date in the wrong order or an identifier used twice
is refused with a message naming the file, the part, the item and the field.
Writing then reading gives back the same plan (a spreadsheet keeps 15
significant digits of a number, as Excel does; the other formats keep every digit).

An illustrative plan says so at the top of every format.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import LANGUAGES, N_, _, ngettext, pgettext, translate_value, use_language
from m4d.i18n.numbers import amount, number
from m4d.i18n.dates import date_text
from m4d.initiatives.plan import (PART_TITLES, PARTS, InitiativePlan, build_plan, meta_frame, part_frame,
                                  plan_from_frames, plan_to_dict)
from m4d.initiatives.vocabulary import kind_labels, sector_labels

ILLUSTRATIVE_NOTE = N_("Illustrative plan: made up for teaching; its notes say what, if anything, comes from a source.")
PLAN_TABLE = N_("Plan")
#: The sheets reading ignores: the note of an illustrative plan and the check's findings.
ABOUT_SHEET, FINDINGS_SHEET = N_("About"), N_("Findings")
_TITLE_TO_PART = {"plan": "plan", **{title.lower(): part for part, title in PART_TITLES.items()},
                  **{part.replace("_", " "): part for part in PARTS}}


def _title_to_part() -> dict[str, str]:
    """Heading -> part, in every language: a plan saved by a French reader is read back by a Spanish one."""
    found = dict(_TITLE_TO_PART)
    for lang in LANGUAGES:
        with use_language(lang):
            found.setdefault(_(PLAN_TABLE).lower(), "plan")
            for part, title in PART_TITLES.items():
                found.setdefault(_(title).lower(), part)
    return found


def _subtitle(plan: InitiativePlan) -> str:
    """Sector, kind and timeline, in the reader's language: 'Health · Awareness raising · 2026-01-01 to 2027-12-31'."""
    sector = translate_value("initiative_sectors", "label", sector_labels()[plan.sector])
    kind = translate_value("initiative_kinds", "label", kind_labels()[plan.kind])
    timeline = _("{start} to {end}").format(start=date_text(plan.start), end=date_text(plan.end))
    return f"{sector} · {kind} · {timeline}"


# ----------------------------------------------------------------------------- cells as text
def _cell_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _tables(plan: InitiativePlan) -> list[tuple[str, pd.DataFrame]]:
    # Headings in the reader's language (read back in any language); columns keep their field names, which
    # reading needs and the planner's own help uses.
    return [(_(PLAN_TABLE), meta_frame(plan))] + [(_(PART_TITLES[p]), part_frame(plan, p)) for p in PARTS]


def _frames_from_tables(tables: dict[str, list[list[str]]], where: str) -> InitiativePlan:
    frames: dict[str, pd.DataFrame] = {}
    titles = _title_to_part()
    for heading, rows in tables.items():
        part = titles.get(heading.strip().lower())
        if part is None:
            continue  # another table a person added (a note, a summary): not part of the plan
        if not rows:
            raise InputError(_("{where}: the table {heading} has no header row.").format(where=where, heading=repr(heading)))
        header = [h.strip() for h in rows[0]]
        body = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
        if any(len(r) > len(header) for r in body):
            raise InputError(_("{where}: a row of the table {heading} has more cells than its header "
                               "({columns}).").format(where=where, heading=repr(heading), columns=", ".join(header)))
        frames[part] = pd.DataFrame(body, columns=header, dtype=object)
    if "plan" not in frames:
        raise InputError(_("{where}: no table headed {heading} (with the title, sector, kind and dates). Keep the "
                           "heading and table the export wrote.").format(where=where, heading=repr(_(PLAN_TABLE))))
    return plan_from_frames(frames, where=where)


# ----------------------------------------------------------------------------- Markdown
def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def _md_unescape(text: str) -> str:
    if "\\" not in text:
        return text.replace("<br>", "\n")
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in "\\|":
            out.append(text[i + 1])
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out).replace("<br>", "\n")


def plan_markdown(plan: Any) -> str:
    """The plan as Markdown: a heading and a pipe table for the plan and for each part."""
    plan = build_plan(plan)
    lines = [f"# {plan.title}", ""]
    if plan.illustrative:
        lines += [f"*{_(ILLUSTRATIVE_NOTE)}*", ""]
    lines += [_subtitle(plan), ""]
    for heading, frame in _tables(plan):
        lines += [f"## {heading}", ""]
        columns = list(frame.columns)
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in columns) + "|")
        for row in frame.itertuples(index=False):
            lines.append("| " + " | ".join(_md_escape(_cell_text(v)) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "\\" not in body:  # nothing escaped: a plain split does
        return [c.strip().replace("<br>", "\n") for c in body.split("|")]
    cells, current, i = [], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current.append(body[i:i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return [_md_unescape(c.strip()) for c in cells]


def read_plan_markdown(text: str, *, where: str | None = None) -> InitiativePlan:
    """Read a plan from the Markdown of :func:`plan_markdown` (after any edits)."""
    where = pgettext("the place of a mistake", "Markdown plan") if where is None else where
    if not isinstance(text, str):
        raise InputError(_("{where}: expected the Markdown text of a plan, not {kind}.").format(
            where=where, kind=type(text).__name__))
    tables: dict[str, list[list[str]]] = {}
    heading = None
    for line in text.replace("\r\n", "\n").split("\n"):  # only real line breaks (not U+0085, U+2028)
        match = re.match(r"^##\s+(.*\S)\s*$", line)
        if match:
            heading = match.group(1)
            tables.setdefault(heading, [])
            continue
        if heading is not None and line.strip().startswith("|"):
            cells = _split_row(line)
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue  # the separator under the header
            tables[heading].append(cells)
    return _frames_from_tables(tables, where)


# ----------------------------------------------------------------------------- Word
def plan_docx(plan: Any):
    """The plan as a python-docx Document: a heading and a table for the plan and for each part."""
    from docx import Document

    plan = build_plan(plan)
    doc = Document()
    doc.add_heading(plan.title, level=1)
    if plan.illustrative:
        doc.add_paragraph().add_run(_(ILLUSTRATIVE_NOTE)).italic = True
    doc.add_paragraph(_subtitle(plan))
    for heading, frame in _tables(plan):
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=1, cols=len(frame.columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, frame.columns):
            cell.text = name
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in frame.itertuples(index=False):
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = _cell_text(value)
    return doc


def write_plan_docx(plan: Any, path: str | Path) -> Path:
    """Save the plan as a Word (.docx) file."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise InputError(_("{file}: a Word plan is saved as a .docx file.").format(file=path.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    plan_docx(plan).save(str(path))
    return path


def read_plan_docx(path: str | Path) -> InitiativePlan:
    """Read a plan from a Word file written by :func:`write_plan_docx` (after any edits)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = _existing(path)
    try:
        doc = Document(str(path))
    except Exception as err:  # python-docx raises several kinds of error for a file that is not a .docx
        raise InputError(_("{file} could not be read as a Word document ({error}). Save it as .docx and try "
                           "again.").format(file=path.name, error=type(err).__name__)) from None
    tables: dict[str, list[list[str]]] = {}
    heading = None
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph) and block.style is not None and block.style.name.startswith("Heading"):
            heading = block.text.strip()
        elif isinstance(block, Table) and heading is not None and heading not in tables:
            tables[heading] = [[cell.text for cell in row.cells] for row in block.rows]
    return _frames_from_tables(tables, path.name)


# ----------------------------------------------------------------------------- Excel
def _sheet_name(heading: str) -> str:
    return heading[:31]


def _finding_columns() -> dict[str, str]:
    """The findings sheet's column headings in the reader's language (the field names in English; reading ignores the sheet)."""
    return {"code": pgettext("findings sheet", "code"), "severity": pgettext("findings sheet", "severity"),
            "part": pgettext("findings sheet", "part"), "item": pgettext("findings sheet", "item"),
            "message": pgettext("findings sheet", "message"), "fix": pgettext("findings sheet", "fix")}


def write_plan_excel(plan: Any, path: str | Path, findings: list | None = None) -> Path:
    """Save the plan as an Excel workbook: a sheet ``Plan`` and one sheet per part.

    If ``findings`` (from :func:`m4d.initiatives.check_plan`) are given they go
    on a last sheet, ``Findings``, which reading ignores.
    """
    plan = build_plan(plan)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(_("{file}: an Excel plan is saved as a .xlsx file.").format(file=path.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for heading, frame in _tables(plan):
            frame.to_excel(writer, sheet_name=_sheet_name(heading), index=False)
        if plan.illustrative:
            pd.DataFrame({_("note"): [_(ILLUSTRATIVE_NOTE)]}).to_excel(writer, sheet_name=_sheet_name(_(ABOUT_SHEET)),
                                                                      index=False)
        if findings:
            frame = pd.DataFrame([f.to_dict() for f in findings])
            frame.columns = [_finding_columns().get(c, c) for c in frame.columns]
            frame.to_excel(writer, sheet_name=_sheet_name(_(FINDINGS_SHEET)), index=False)
        # A text that starts with '=' is the plan's text, not a formula for the spreadsheet to run.
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return path


def _excel_cell(value: Any) -> str:
    # Read cells exactly: a float keeps every digit (pandas' text conversion would round it).
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return _cell_text(value)


def read_plan_excel(path: str | Path) -> InitiativePlan:
    """Read a plan from a workbook written by :func:`write_plan_excel` (after any edits)."""
    import openpyxl

    path = _existing(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise InputError(_("{file} could not be read as an Excel workbook ({error}). Save it as .xlsx and try "
                           "again.").format(file=path.name, error=type(err).__name__)) from None
    try:
        tables = {}
        for sheet in book.worksheets:
            rows = [[_excel_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            rows = [r for r in rows if any(c.strip() for c in r)]
            if rows:
                width = max(i + 1 for i, c in enumerate(rows[0]) if c.strip()) if any(c.strip() for c in rows[0]) else 0
                tables[sheet.title] = [r[:width] for r in rows]
    finally:
        book.close()
    return _frames_from_tables(tables, path.name)


# ----------------------------------------------------------------------------- any file
def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise InputError(_("The file {path} does not exist. Check the path.").format(path=path))
    return path


def write_plan_markdown(plan: Any, path: str | Path) -> Path:
    """Save the plan as a Markdown (.md) file."""
    path = Path(path)
    if path.suffix.lower() != ".md":
        raise InputError(_("{file}: a Markdown plan is saved as a .md file.").format(file=path.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan_markdown(plan), encoding="utf-8")
    return path


def read_plan(path: str | Path) -> InitiativePlan:
    """Read a plan from a .md, .docx, .xlsx or .json file, with every check of :func:`build_plan`."""
    path = _existing(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_plan_excel(path)
    if suffix == ".docx":
        return read_plan_docx(path)
    if suffix == ".md":
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(_("{file} is not UTF-8 text. Save it as UTF-8 and try again.").format(
                file=path.name)) from None
        return read_plan_markdown(text, where=path.name)
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(_("{file} is not valid JSON ({error}).").format(file=path.name, error=err)) from None
        return build_plan(data, where=path.name)
    if not suffix:
        raise InputError(_("{file}: a plan is read from a .md, .docx, .xlsx or .json file, not a file with no "
                           "extension.").format(file=path.name))
    raise InputError(_("{file}: a plan is read from a .md, .docx, .xlsx or .json file, not {suffix}.").format(
        file=path.name, suffix=suffix))


def write_plan_json(plan: Any, path: str | Path) -> Path:
    """Save the plan as JSON (its plain data, :func:`m4d.initiatives.plan_to_dict`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- the nine steps, one line each
def _join(items: list[str], limit: int = 6) -> str:
    shown = pgettext("between the items of a planning step", "; ").join(items[:limit])
    if len(items) <= limit:
        return shown
    more = len(items) - limit
    # Translators: {items} are the first items of a planning step (the plan's own words), {count} how many follow.
    return ngettext("{items}; and {count} more", "{items}; and {count} more", more).format(items=shown, count=more)


def _step_names() -> dict[str, str]:
    """The nine planning steps of the guidelines (p. 57), as the reader reads them."""
    return {"diagnosis": pgettext("planning step", "diagnosis"), "objectives": pgettext("planning step", "objectives"),
            "stakeholders": pgettext("planning step", "stakeholders"),
            "actions": pgettext("planning step", "actions"),
            "deliverables": pgettext("planning step", "deliverables"),
            "results": pgettext("planning step", "results"),
            "monitoring and evaluation": pgettext("planning step", "monitoring and evaluation"),
            "timeline": pgettext("planning step", "timeline"), "budget": pgettext("planning step", "budget")}


def _category_words() -> dict[str, str]:
    """The budget categories as the budget step names its largest ones (English: the code's words)."""
    return {"staff": pgettext("cost category, in the budget step", "staff"),
            "travel": pgettext("cost category, in the budget step", "travel"),
            "training": pgettext("cost category, in the budget step", "training"),
            "equipment": pgettext("cost category, in the budget step", "equipment"),
            "communication": pgettext("cost category, in the budget step", "communication"),
            "monitoring_evaluation": pgettext("cost category, in the budget step", "monitoring evaluation"),
            "contingency": pgettext("cost category, in the budget step", "contingency"),
            "indirect": pgettext("cost category, in the budget step", "indirect")}


def plan_steps_table(plan: Any) -> pd.DataFrame:
    """The plan in the guidelines' nine planning steps (p. 57), one line each: a summary to read.

    Headings, step names and the summary's own words are in the reader's language; the plan's words are as the
    plan holds them (show :func:`m4d.initiatives.translate_plan` of a course plan for the course's translation).
    """
    plan = build_plan(plan)
    years = f"{plan.start.year}" if plan.start.year == plan.end.year else f"{plan.start.year}-{plan.end.year}"
    by_category: dict[str, float] = {}
    for line in plan.cost_lines:
        by_category[line["category"]] = by_category.get(line["category"], 0.0) + line["amount"]
    biggest = sorted(by_category.items(), key=lambda kv: -kv[1])[:3]
    words = _category_words()
    largest = ", ".join(f"{words.get(c, c.replace('_', ' '))} {amount(v, plan.currency)}" for c, v in biggest)
    count = len(plan.cost_lines)
    # Translators: {total} is an amount with its currency, {largest} the three largest budget categories.
    money = ngettext("{total} in {count} cost lines (largest: {largest})",
                     "{total} in {count} cost lines (largest: {largest})", count).format(
        total=amount(plan.total_cost, plan.currency), count=count, largest=largest)
    if plan.indicators:
        indicators = _("Indicators: {indicators}.").format(indicators=_join([i["indicator"] for i in plan.indicators]))
    else:
        indicators = _("No indicators yet.")
    actions = len(plan.actions)
    # Translators: {start} and {end} are the plan's first and last days, {years} its years (2026-2028).
    timeline = ngettext("{start} to {end} ({years}); {count} actions", "{start} to {end} ({years}); {count} actions",
                        actions).format(start=date_text(plan.start), end=date_text(plan.end), years=years,
                                        count=actions)
    rows = [
        ("diagnosis", _join([d["finding"] for d in plan.diagnosis])),
        ("objectives", _join([o["objective"] for o in plan.objectives])),
        ("stakeholders", _join([s["name"] for s in plan.stakeholders], 8)),
        ("actions", _join([a["action"] for a in plan.actions], 8)),
        ("deliverables", _join([d["deliverable"] for d in plan.deliverables], 8)),
        ("results", _join([r["result"] for r in plan.results])),
        ("monitoring and evaluation", (plan.monitoring + " " if plan.monitoring else "") + indicators),
        ("timeline", timeline),
        ("budget", money if plan.cost_lines else _("No cost lines yet.")),
    ]
    names = _step_names()
    return pd.DataFrame([(names[step], text) for step, text in rows], columns=[_("step"), _("the plan")])


# ----------------------------------------------------------------------------- one part as editable text
def part_text(plan: Any, part: str) -> str:
    """One part as lines of text a person can edit: a header line of column names, then one line per item,
    cells separated by ' | ' (the rows of the Markdown export without the outer bars)."""
    plan = build_plan(plan)
    frame = part_frame(plan, part)
    lines = [" | ".join(frame.columns)]
    lines += [" | ".join(_md_escape(_cell_text(v)) for v in row) for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def part_from_text(text: str, part: str, *, where: str | None = None) -> list[dict]:
    """The items of one part from the text of :func:`part_text` (header line first; blank lines ignored)."""
    from m4d.initiatives.plan import part_columns

    where = pgettext("the place of a mistake", "planner") if where is None else where
    columns = part_columns(part)
    lines = [line for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        return []
    header = _split_row(lines[0])
    if header != columns:
        raise InputError(_("{where}, {part}: the first line must name the columns '{columns}' (found '{found}'). Put "
                           "the header back as it was.").format(where=where, part=_(PART_TITLES[part]),
                                                                 columns=" | ".join(columns), found=" | ".join(header)))
    items = []
    for n, line in enumerate(lines[1:], start=2):
        cells = _split_row(line)
        if len(cells) > len(columns):
            raise InputError(ngettext("{where}, {part}, line {n}: {cells} cells for {columns} columns. A '|' inside a "
                                      "text must be written '\\|'.",
                                      "{where}, {part}, line {n}: {cells} cells for {columns} columns. A '|' inside a "
                                      "text must be written '\\|'.", len(columns)).format(
                where=where, part=_(PART_TITLES[part]), n=n, cells=number(len(cells)), columns=number(len(columns))))
        cells += [""] * (len(columns) - len(cells))
        items.append(dict(zip(columns, cells)))
    return items
