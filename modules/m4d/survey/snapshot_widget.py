"""What the survey widgets share: a live view in JupyterLab, a static snapshot in the book.

A survey widget has ``.widget`` (the ipywidgets container), ``update()``
(recompute and redraw, catching :class:`m4d.InputError` into the message area
so the user's edits stay) and ``snapshot_html()``. Displaying it comes from
:class:`m4d.snapshot.StaticSnapshot`, the base of every course widget.
"""
from __future__ import annotations

import html

import ipywidgets as w

from m4d.errors import InputError
from m4d.i18n import _
from m4d.snapshot import StaticSnapshot, snapshot_note_html

MESSAGE_STYLE = "color:#8c2d04;font-weight:bold"


class SnapshotWidget(StaticSnapshot):
    """Base of the survey widgets: message area, update loop and display with a snapshot."""

    #: The widget's name in English (marked with N_); shown translated with ``_(self.title)``.
    title = ""

    def __init__(self) -> None:
        self.message = w.HTML()
        self.output = w.HTML()
        self.error: str | None = None

    def shown_title(self) -> str:
        """The title in the reader's language (gettext gives the catalogue's header for an empty string)."""
        return _(self.title) if self.title else ""

    def _controls(self) -> list[w.Widget]:  # pragma: no cover - every widget defines its controls
        raise NotImplementedError

    def _compute(self) -> str:  # pragma: no cover
        """Recompute from the controls and return the result as HTML (raise InputError on bad input)."""
        raise NotImplementedError

    def _settings(self) -> dict[str, str]:  # pragma: no cover
        raise NotImplementedError

    def _watch(self, controls: list[w.Widget]) -> None:
        for control in controls:
            control.observe(lambda change: self.update(), names="value")

    def update(self) -> None:
        """Recompute and redraw; invalid input shows a message and leaves the last good result greyed."""
        try:
            body = self._compute()
        except InputError as err:
            self.error = str(err)
            self.message.value = f'<p role="alert" style="{MESSAGE_STYLE}">{html.escape(str(err))}</p>'
            self.output.layout.opacity = "0.4"
            return
        self.error = None
        self.message.value = ""
        self.output.layout.opacity = "1"
        self.output.value = body

    def snapshot_html(self) -> str:
        """A static HTML view of the current settings and result, for the published book."""
        settings = "".join("<li>" + _("{setting}: {value}").format(
            setting=html.escape(k), value=f"<strong>{html.escape(v)}</strong>") + "</li>"
            for k, v in self._settings().items())
        static = _("Static snapshot of the widget with the settings below. Open this page as a notebook "
                   "(JupyterLab, the hub or Binder) to change them.")
        return (f'<div class="m4d-widget-snapshot"><p><strong>{html.escape(self.shown_title())}</strong></p>'
                f"{snapshot_note_html(static)}<ul>{settings}</ul>{self.message.value}{self.output.value}</div>")

    def snapshot_text(self) -> str:
        return _("{title} (a widget; its static snapshot is shown in the book)").format(title=self.shown_title())
