"""The agreement workbench: build a draft from fields, edit it, and see what it lacks.

A thin layer over :mod:`m4d.agreements`. The fields are edited as JSON (start
from the illustrative example); *Build draft* writes the agreement into the
draft box, which you can then edit freely; every change of the draft or of the
mode re-runs the checker. *Save as Word* writes the draft to a .docx file.
Problems are shown in the widget, and what you typed is kept.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import ipywidgets as w

from m4d.snapshot import StaticSnapshot
from m4d.agreements.builder import agreement_docx, build_agreement
from m4d.agreements.checker import AgreementCheck, check_agreement, element_name, status_label
from m4d.agreements.elements import MODES
from m4d.agreements.examples import example_fields
from m4d.errors import InputError
from m4d.i18n import SOURCE_LANGUAGE, _, language

_STATUS_COLOURS = {"present": "#d9f0e3", "missing": "#f8d7da", "empty": "#fde2c8", "incomplete": "#fff3c4"}


def fields_from_json(text: str) -> dict:
    """Parse the fields box; bad JSON raises :class:`InputError` with the line and column."""
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(_("The fields are not valid JSON (line {line}, column {column}: {problem}). Check quotes "
                           "and commas.").format(line=err.lineno, column=err.colno, problem=err.msg)) from None
    return fields


def check_report_html(report: AgreementCheck) -> str:
    """The checker's verdict as an HTML table, one coloured row per required element."""
    rows = "".join(
        f'<tr style="background:{_STATUS_COLOURS[e.status]}"><td>{html.escape(element_name(e.name))}</td>'
        f'<td>{html.escape(status_label(e.status))}</td>'
        f"<td>{html.escape(e.heading or '')}</td><td>{html.escape(e.message)}</td></tr>"
        for e in report.elements)
    verdict = html.escape(report.summary().splitlines()[0])
    caption = html.escape(_("What the checker found in the draft"))
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (_("Element"), _("Status"), _("Heading found"),
                                                           _("What to do")))
    return (f"<p><b>{verdict}</b></p><table class='m4d-table'><caption>{caption}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


class AgreementWorkbench(StaticSnapshot):
    """Fields -> draft agreement -> check, with the draft editable in between."""

    def __init__(self, mode: str = "new"):
        if mode not in MODES:
            raise InputError(_("Unknown agreement mode {mode}: use 'new' or 'revision'.").format(mode=repr(mode)))
        self.mode = w.ToggleButtons(options=[(_("New agreement"), "new"), (_("Revision of an existing one"), "revision")],
                                    value=mode, description=_("Mode:"))
        self.fields = w.Textarea(value=json.dumps(example_fields(mode), indent=2, ensure_ascii=False),
                                 description=_("Fields:"), layout=w.Layout(width="100%", height="260px"))
        self.build_button = w.Button(description=_("Build draft"), tooltip=_("Write the agreement from the fields"))
        self.example_button = w.Button(description=_("Example fields"), tooltip=_("Load the illustrative example"))
        self.draft = w.Textarea(value="", description=_("Draft:"), continuous_update=False,
                                layout=w.Layout(width="100%", height="320px"))
        self.docx_path = w.Text(value="agreement.docx", description=_("Word file:"))
        self.save_button = w.Button(description=_("Save as Word"))
        # The workbench writes the draft (and its illustrative example) in the reader's language; the checker reads
        # headings in English, French and Spanish whatever the edition (an agreement's language is the partners').
        self.language_note = w.HTML("" if language() == SOURCE_LANGUAGE else "<p><small>{}</small></p>".format(
            html.escape(_("The workbench writes the draft in your language, from the fields as you type them. The "
                          "checker recognises the headings of the elements in English, French and Spanish, so a draft "
                          "in the partners' language can be checked too."))))
        self.message = w.HTML("")
        self.report = w.HTML("")
        self.build_button.on_click(lambda _: self.build())
        self.example_button.on_click(lambda _: self.load_example())
        self.save_button.on_click(lambda _: self.save(self.docx_path.value))
        self.draft.observe(lambda _: self.update(), names="value")
        self.mode.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([*([self.language_note] if self.language_note.value else []), self.mode, self.fields, w.HBox([self.build_button, self.example_button]),
                              self.draft, w.HBox([self.docx_path, self.save_button]), self.message, self.report])
        self.build()

    def _error(self, err: InputError) -> None:
        problem = html.escape(_("Problem:"))
        self.message.value = f'<p style="color:#b00020"><b>{problem}</b> {html.escape(str(err))}</p>'

    def load_example(self) -> None:
        """Put the illustrative example fields of the current mode in the fields box."""
        self.fields.value = json.dumps(example_fields(self.mode.value), indent=2, ensure_ascii=False)
        self.build()

    def build(self) -> None:
        """Write the draft from the fields; on a problem, keep the fields and the old draft."""
        try:
            markdown = build_agreement(fields_from_json(self.fields.value), self.mode.value)
        except InputError as err:
            self._error(err)
            return
        self.message.value = "<p>{}</p>".format(html.escape(_(
            "Draft built from the fields. Edit it below: the check follows your edits."), quote=False))
        if self.draft.value == markdown:
            self.update()
        else:
            self.draft.value = markdown  # triggers update()

    def update(self) -> None:
        """Check the current draft against the current mode."""
        try:
            self.result = check_agreement(self.draft.value, self.mode.value)
        except InputError as err:
            self.result = None
            self.report.value = ""
            self._error(err)
            return
        self.report.value = check_report_html(self.result)

    def save(self, path: str) -> None:
        """Save the draft, as it is now, to a Word file."""
        target = Path(path or "")
        if target.suffix.lower() != ".docx":
            self._error(InputError(_("Give the Word file a name ending in .docx.")))
            return
        if not self.draft.value.strip():
            self._error(InputError(_("The draft is empty: build it or paste one first.")))
            return
        agreement_docx(self.draft.value).save(str(target))
        saved = html.escape(_("Saved {file}."), quote=False).replace("{file}", f"<code>{html.escape(str(target))}</code>", 1)
        self.message.value = f"<p>{saved}</p>"

    def snapshot_html(self) -> str:
        """A static view: the start of the draft and the checker's table."""
        preview = html.escape("\n".join(self.draft.value.splitlines()[:24]))
        note = "<p><em>{}</em></p>".format(html.escape(_(
            "A static snapshot of the workbench (illustrative example). Open this page as a notebook (launch button "
            "at the top) to edit the fields and the draft and watch the check change."), quote=False))
        first_lines = html.escape(_("Draft (first lines, illustrative)"), quote=False)
        return (f"<div class='m4d-agreement-snapshot'>{self.language_note.value}<p><b>{first_lines}</b></p>"
                f"<pre style='white-space:pre-wrap'>{preview}\n…</pre>{self.report.value}{note}</div>")
