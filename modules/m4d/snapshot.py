"""One way for every course widget to show a static snapshot in the book and the live widget in JupyterLab.

A course widget is a plain object that holds its ipywidgets container in
``self.widget`` and says what its current state looks like as HTML in
``snapshot_html()``. Inheriting :class:`StaticSnapshot` does the rest:
displaying the object gives one output with the live widget view (which
JupyterLab, a hub or Binder render) and ``text/html`` = the snapshot (which the
static book, with no kernel, shows), plus a short ``text/plain`` label.

To convert a widget (or write a new one):

1. ``class MyWidget(StaticSnapshot):`` and keep ``self.widget`` the container;
2. write ``snapshot_html()``, with a note (:func:`snapshot_note_html`) so that a
   reader knows how to open the live version: one whole sentence marked with
   ``_()`` for the translators, never a sentence built from pieces;
3. optionally set ``snapshot_label`` (or override ``snapshot_text()``) for the
   plain-text label; delete any ``_repr_mimebundle_`` of your own.

A widget that still defines its own ``_repr_mimebundle_`` keeps working: the
pattern is the same, this class only writes it once.
"""
from __future__ import annotations

import html


def snapshot_note_html(sentence: str) -> str:
    """A snapshot's note (already in the reader's language): it is static, and how to get the live widget."""
    return f'<p style="font-size:90%"><em>{html.escape(sentence, quote=False)}</em></p>'


def snapshot_note(what: str = "change the settings") -> str:
    """The English note of earlier widgets (kept for code that calls it; it cannot be translated whole:
    use :func:`snapshot_note_html` with a sentence marked for translation)."""
    return (f"<p><em>A static snapshot of the widget. Open this page as a notebook (launch button at the top) "
            f"to {html.escape(what)}.</em></p>")


class StaticSnapshot:
    """Base of the course widgets: the live widget for a kernel, a static HTML snapshot for the book."""

    #: The plain-text representation (for text-only viewers and nbval); None keeps ipywidgets' own.
    snapshot_label: str | None = None

    def snapshot_html(self) -> str:  # pragma: no cover - every widget writes its own
        raise NotImplementedError

    def snapshot_text(self) -> str | None:
        return self.snapshot_label

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude, **kwargs) or {}
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/html"] = self.snapshot_html()
        label = self.snapshot_text()
        if label:
            data["text/plain"] = label
        return data
