"""Write a partnership agreement (memorandum of understanding) from structured fields.

:func:`build_agreement` fills the course's template for a new agreement or for
the revision of an existing one (:mod:`m4d.agreements.template`, in the reader's
language) and returns Markdown; :func:`agreement_docx` turns that Markdown into a Word document, so
both formats hold the same text. Every required element of the guidelines
(p. 44) has its own numbered section, headed so that
:mod:`m4d.agreements.checker` recognises it.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from m4d.agreements.elements import check_mode
from m4d.agreements.fields import check_fields
from m4d.agreements.template import render
from m4d.errors import InputError
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language, ngettext
from m4d.i18n.dates import day_month_year
from m4d.i18n.numbers import number, word_list

KIND_LABELS = {
    "lra": N_("local or regional authority"),
    "other_public": N_("other public institution"),
    "cso": N_("civil society organisation"),
    "diaspora": N_("diaspora or migrant association"),
    "private_sector": N_("private sector"),
    "knowledge": N_("knowledge-based organisation"),
}
#: How a budget line's kind (a code of the fields: 'cash' or 'in kind') is written in the draft.
BUDGET_KIND_LABELS = {"cash": N_("cash"), "in kind": N_("in kind")}
#: Where a partner's signatory is not named, the draft leaves a line to write the name on.
BLANK = "...................."


def template_text(mode: str = "new") -> str:
    """The Markdown template of an agreement of this mode in the reader's language, with ``$name`` for each field."""
    check_mode(mode)
    return render(mode, _FieldNames()) + "\n"


class _FieldNames(dict):
    # Every name of the template stands for itself, as ``$name``.
    def __missing__(self, key: str) -> str:
        return "$" + key


def build_agreement(fields: dict[str, Any], mode: str = "new") -> str:
    """Write the agreement described by ``fields`` as Markdown, in the reader's language.

    ``mode`` is ``"new"`` for a new partnership agreement or ``"revision"`` for
    revising an existing one to bring migration into it. Bad fields raise
    :class:`m4d.InputError` (see :func:`m4d.agreements.fields.check_fields`).
    The headings, the fixed sentences and the labels are the course's (translated
    in ``m4d.po``); what the fields say is written as given, in the partners' words.
    """
    f = check_fields(fields, mode)
    names = [p["name"] for p in f["partners"]]
    if "title" in f:
        title = f["title"]
    elif mode == "new":
        title = _("Memorandum of understanding between {partners}").format(partners=_and(names))
    else:
        title = _("Revision of the partnership agreement between {partners}").format(partners=_and(names))
    values = {
        "title": title,
        "existing_agreement": f.get("existing_agreement", ""),
        "partners": _bullets(_partner_line(p) for p in f["partners"]),
        "aim": f["aim"],
        "areas": _("Areas of cooperation: {areas}.").format(areas=semicolon_list(f["areas_of_cooperation"]))
        if f.get("areas_of_cooperation") else "",
        "actions": _numbered(f["actions"]),
        "expected_results": _bullets(f["expected_results"]),
        "stakeholders": _bullets(f"**{s['name']}** ({_(KIND_LABELS[s['kind']])}): {s['role']}"
                                 for s in f["stakeholders"]),
        "monitoring": f["monitoring"],
        "indicators": _bullets(f["indicators"]),
        "coherence": f["coherence"],
        "sdgs": _bullets(f["sdgs"]),
        "start": _start(f["start"]),
        "duration": ngettext("{n} year", "{n} years", f["duration_years"]).format(n=f["duration_years"]),
        "milestones": (_("Milestones:") + "\n\n" + _bullets(f["milestones"])) if f.get("milestones") else "",
        "currency": f["currency"],
        "budget": _budget_table(f["budget"], f["currency"]),
        "management": _bullets(f"**{m['partner']}**: {m['unit']}, {m['responsibility']}" for m in f["management"]),
        "governance": f["governance"],
        "signatures": _bullets(_("For {partner}: {signatory}, date and signature").format(
            partner=p["name"], signatory=p.get("signatory", BLANK)) for p in f["partners"]),
    }
    text = render(mode, values)
    # Optional blocks that are empty leave blank lines behind; keep one.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def semicolon_list(items) -> str:
    """Items joined with semicolons as the reader's language writes them: French puts a no-break space
    before ";" (so the line never starts with one), English and Spanish do not."""
    return ("\u00a0; " if language() == "fr" else "; ").join(items)


def _and(names: list[str]) -> str:
    if language() != SOURCE_LANGUAGE:
        return word_list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _start(start: str) -> str:
    # ISO in English, as the draft always wrote it; "1 janvier 2026" / "1 de enero de 2026" otherwise.
    if language() == SOURCE_LANGUAGE:
        return start
    return day_month_year(date.fromisoformat(start))


def _partner_line(p: dict[str, str]) -> str:
    line = f"**{p['name']}** ({p['country']})"
    if p.get("level"):
        line += f", {p['level']}"
    if p.get("signatory"):
        line = _("{partner}, represented by {signatory}").format(partner=line, signatory=p["signatory"])
    return line


def _bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def _money(amount: float) -> str:
    return number(amount, ",.0f" if float(amount).is_integer() else ",.2f")


def _budget_table(lines: list[dict[str, Any]], currency: str) -> str:
    heads = (_("Source"), _("Kind"), _("Amount ({currency})").format(currency=currency))
    rows = ["| " + " | ".join(heads) + " |", "| --- | --- | ---: |"]
    rows += [f"| {b['source']} | {_(BUDGET_KIND_LABELS.get(b['kind'], b['kind']))} | {_money(b['amount'])} |"
             for b in lines]
    rows.append(f"| **{_('Total')}** | | **{_money(sum(b['amount'] for b in lines))}** |")
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
        if not path.suffix:
            raise InputError(_("Save the agreement as .md (Markdown) or .docx (Word), not as a file with no "
                               "extension."))
        raise InputError(_("Save the agreement as .md (Markdown) or .docx (Word), not {suffix}.").format(
            suffix=path.suffix))
    markdown = build_agreement(fields, mode)
    if not path.parent.exists():
        raise InputError(_("The folder {folder} does not exist; create it or choose another path.").format(
            folder=path.parent))
    if suffix == ".md":
        path.write_text(markdown, encoding="utf-8")
    else:
        agreement_docx(markdown).save(str(path))
    return path
