"""Write a partnership agreement (memorandum of understanding) from structured fields.

:func:`build_agreement` fills the course's template for a new agreement or for
the revision of an existing one (``m4d/templates/agreement_*.md``) and returns
Markdown; :func:`agreement_docx` turns that Markdown into a Word document, so
both formats hold the same text. Every required element of the guidelines
(p. 44) has its own numbered section, headed so that
:mod:`m4d.agreements.checker` recognises it.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from m4d.agreements.elements import check_mode
from m4d.agreements.fields import check_fields
from m4d.errors import InputError

KIND_LABELS = {
    "lra": "local or regional authority",
    "other_public": "other public institution",
    "cso": "civil society organisation",
    "diaspora": "diaspora or migrant association",
    "private_sector": "private sector",
    "knowledge": "knowledge-based organisation",
}


def template_text(mode: str = "new") -> str:
    """The Markdown template of an agreement of this mode, as shipped with the toolbox."""
    check_mode(mode)
    return resources.files("m4d").joinpath("templates", f"agreement_{mode}.md").read_text(encoding="utf-8")


def build_agreement(fields: dict[str, Any], mode: str = "new") -> str:
    """Write the agreement described by ``fields`` as Markdown.

    ``mode`` is ``"new"`` for a new partnership agreement or ``"revision"`` for
    revising an existing one to bring migration into it. Bad fields raise
    :class:`m4d.InputError` (see :func:`m4d.agreements.fields.check_fields`).
    """
    f = check_fields(fields, mode)
    names = [p["name"] for p in f["partners"]]
    if "title" in f:
        title = f["title"]
    elif mode == "new":
        title = "Memorandum of understanding between " + _and(names)
    else:
        title = "Revision of the partnership agreement between " + _and(names)
    values = {
        "title": title,
        "existing_agreement": f.get("existing_agreement", ""),
        "partners": _bullets(_partner_line(p) for p in f["partners"]),
        "aim": f["aim"],
        "areas": ("Areas of cooperation: " + "; ".join(f["areas_of_cooperation"]) + ".")
        if f.get("areas_of_cooperation") else "",
        "actions": _numbered(f["actions"]),
        "expected_results": _bullets(f["expected_results"]),
        "stakeholders": _bullets(f"**{s['name']}** ({KIND_LABELS[s['kind']]}): {s['role']}" for s in f["stakeholders"]),
        "monitoring": f["monitoring"],
        "indicators": _bullets(f["indicators"]),
        "coherence": f["coherence"],
        "sdgs": _bullets(f["sdgs"]),
        "start": f["start"],
        "duration": f"{f['duration_years']} year" + ("s" if f["duration_years"] != 1 else ""),
        "milestones": ("Milestones:\n\n" + _bullets(f["milestones"])) if f.get("milestones") else "",
        "currency": f["currency"],
        "budget": _budget_table(f["budget"], f["currency"]),
        "management": _bullets(f"**{m['partner']}**: {m['unit']}, {m['responsibility']}" for m in f["management"]),
        "governance": f["governance"],
        "signatures": _bullets(f"For {p['name']}: {p.get('signatory', '....................')}, date and signature"
                               for p in f["partners"]),
    }
    text = Template(template_text(mode)).safe_substitute(values)
    # Optional blocks that are empty leave blank lines behind; keep one.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _partner_line(p: dict[str, str]) -> str:
    line = f"**{p['name']}** ({p['country']})"
    if p.get("level"):
        line += f", {p['level']}"
    if p.get("signatory"):
        line += f", represented by {p['signatory']}"
    return line


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def _money(amount: float) -> str:
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"


def _budget_table(lines: list[dict[str, Any]], currency: str) -> str:
    rows = ["| Source | Kind | Amount (" + currency + ") |", "| --- | --- | ---: |"]
    rows += [f"| {b['source']} | {b['kind']} | {_money(b['amount'])} |" for b in lines]
    rows.append(f"| **Total** | | **{_money(sum(b['amount'] for b in lines))}** |")
    return "\n".join(rows)


def agreement_docx(markdown: str):
    """A python-docx ``Document`` with the agreement's Markdown as Word headings, lists and tables."""
    import docx

    document = docx.Document()
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level = len(heading.group(1))
            document.add_heading(heading.group(2).strip(), level=0 if level == 1 else level - 1)
        elif line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            _add_table(document, block)
            continue
        elif line.startswith("- "):
            _add_runs(document.add_paragraph(style="List Bullet"), line[2:])
        elif re.match(r"^\d+\. ", line):
            _add_runs(document.add_paragraph(style="List Number"), line.split(" ", 1)[1])
        elif line.strip():
            _add_runs(document.add_paragraph(), line)
        i += 1
    return document


def _add_runs(paragraph, text: str) -> None:
    # **bold** and *italic* spans become runs, so the Word file keeps the emphasis.
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not part:
            continue
        if part.startswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 1:
            paragraph.add_run(part[1:-1]).italic = True
        else:
            paragraph.add_run(part)


def _add_table(document, block: list[str]) -> None:
    rows = [[c.strip() for c in row.strip().strip("|").split("|")] for row in block
            if not re.fullmatch(r"\|[\s:|-]+\|", row.strip())]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = ""
            _add_runs(cell.paragraphs[0], text)


def write_agreement(fields: dict[str, Any], path: str | Path, mode: str = "new") -> Path:
    """Build the agreement and save it as Markdown (``.md``) or Word (``.docx``); return the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".docx"):
        raise InputError(f"Save the agreement as .md (Markdown) or .docx (Word), not {path.suffix or 'no extension'}.")
    markdown = build_agreement(fields, mode)
    if not path.parent.exists():
        raise InputError(f"The folder {path.parent} does not exist; create it or choose another path.")
    if suffix == ".md":
        path.write_text(markdown, encoding="utf-8")
    else:
        agreement_docx(markdown).save(str(path))
    return path
