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
from m4d.agreements.checker import AgreementCheck, check_agreement
from m4d.agreements.elements import MODES
from m4d.agreements.examples import example_fields
from m4d.errors import InputError

_STATUS_COLOURS = {"present": "#d9f0e3", "missing": "#f8d7da", "empty": "#fde2c8", "incomplete": "#fff3c4"}


def fields_from_json(text: str) -> dict:
    """Parse the fields box; bad JSON raises :class:`InputError` with the line and column."""
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"The fields are not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}). "
                         "Check quotes and commas.") from None
    return fields


def check_report_html(report: AgreementCheck) -> str:
    """The checker's verdict as an HTML table, one coloured row per required element."""
    rows = "".join(
        f'<tr style="background:{_STATUS_COLOURS[e.status]}"><td>{html.escape(e.name)}</td><td>{e.status}</td>'
        f"<td>{html.escape(e.heading or '')}</td><td>{html.escape(e.message)}</td></tr>"
        for e in report.elements)
    verdict = html.escape(report.summary().splitlines()[0])
    return (f"<p><b>{verdict}</b></p><table class='m4d-table'><caption>What the checker found in the draft</caption>"
            "<thead><tr><th>Element</th><th>Status</th><th>Heading found</th><th>What to do</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


class AgreementWorkbench(StaticSnapshot):
    """Fields -> draft agreement -> check, with the draft editable in between."""

    def __init__(self, mode: str = "new"):
        if mode not in MODES:
            raise InputError(f"Unknown agreement mode {mode!r}: use 'new' or 'revision'.")
        self.mode = w.ToggleButtons(options=[("New agreement", "new"), ("Revision of an existing one", "revision")],
                                    value=mode, description="Mode:")
        self.fields = w.Textarea(value=json.dumps(example_fields(mode), indent=2, ensure_ascii=False),
                                 description="Fields:", layout=w.Layout(width="100%", height="260px"))
        self.build_button = w.Button(description="Build draft", tooltip="Write the agreement from the fields")
        self.example_button = w.Button(description="Example fields", tooltip="Load the illustrative example")
        self.draft = w.Textarea(value="", description="Draft:", continuous_update=False,
                                layout=w.Layout(width="100%", height="320px"))
        self.docx_path = w.Text(value="agreement.docx", description="Word file:")
        self.save_button = w.Button(description="Save as Word")
        self.message = w.HTML("")
        self.report = w.HTML("")
        self.build_button.on_click(lambda _: self.build())
        self.example_button.on_click(lambda _: self.load_example())
        self.save_button.on_click(lambda _: self.save(self.docx_path.value))
        self.draft.observe(lambda _: self.update(), names="value")
        self.mode.observe(lambda _: self.update(), names="value")
        self.widget = w.VBox([self.mode, self.fields, w.HBox([self.build_button, self.example_button]),
                              self.draft, w.HBox([self.docx_path, self.save_button]), self.message, self.report])
        self.build()

    def _error(self, err: InputError) -> None:
        self.message.value = f'<p style="color:#b00020"><b>Problem:</b> {html.escape(str(err))}</p>'

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
        self.message.value = "<p>Draft built from the fields. Edit it below: the check follows your edits.</p>"
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
            self._error(InputError("Give the Word file a name ending in .docx."))
            return
        if not self.draft.value.strip():
            self._error(InputError("The draft is empty: build it or paste one first."))
            return
        agreement_docx(self.draft.value).save(str(target))
        self.message.value = f"<p>Saved <code>{html.escape(str(target))}</code>.</p>"

    def snapshot_html(self) -> str:
        """A static view: the start of the draft and the checker's table."""
        preview = html.escape("\n".join(self.draft.value.splitlines()[:24]))
        note = ("<p><em>A static snapshot of the workbench (illustrative example). Open this page as a notebook "
                "(launch button at the top) to edit the fields and the draft and watch the check change.</em></p>")
        return (f"<div class='m4d-agreement-snapshot'><p><b>Draft (first lines, illustrative)</b></p>"
                f"<pre style='white-space:pre-wrap'>{preview}\n…</pre>{self.report.value}{note}</div>")
