"""The policy-coherence matrix as a widget: mark each sector policy, see the gaps at once.

The widget is a thin layer over :mod:`m4d.coherence` (the marks, the gaps and
the summary are pure functions). In JupyterLab it is live; in the static book
its ``text/html`` snapshot (a coloured table and the list of gaps) is shown.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w
import pandas as pd

from m4d.snapshot import StaticSnapshot
from m4d.coherence.heatmap import MARK_COLOURS, coherence_heatmap, heatmap_alt, refresh_heatmap
from m4d.coherence.marks import HELPS, HINDERS, IGNORES, MARKS, mark_label
from m4d.coherence.matrix import (
    blank_matrix, check_matrix, example_matrix, level_titles, parse_mark_line, sector_titles,
    titles_or_names, with_mark,
)
from m4d.coherence.summary import CoherenceSummary, coherence_summary
from m4d.errors import InputError
from m4d.figures import figure_bundle
from m4d.i18n import N_, SOURCE_LANGUAGE, _, language

EXAMPLE_TITLE = N_("Alvora, a fictional municipality (illustrative marks)")


class CoherenceMatrixWidget(StaticSnapshot):
    """A grid of marks (one drop-down per sector and level), a heat map and the list of gaps.

    With no arguments it opens on Alvora, the course's fictional municipality.
    Give ``matrix`` (see :func:`m4d.coherence.matrix_from_table`) to work on
    your own municipality.
    """

    def __init__(self, matrix: pd.DataFrame | None = None, *, title: str | None = None,
                 sector_titles: Mapping[str, str] | None = None,
                 level_titles: Mapping[str, str] | None = None, illustrative: bool | None = None):
        from m4d.coherence import matrix as matrix_module

        is_example = matrix is None
        self._start = check_matrix(example_matrix() if is_example else matrix)
        self._matrix = self._start.copy()
        if is_example:
            sector_titles = sector_titles or matrix_module.sector_titles()
            level_titles = level_titles or matrix_module.level_titles()
        self.sector_titles = titles_or_names(self._start.index, sector_titles)
        self.level_titles = titles_or_names(self._start.columns, level_titles)
        self.illustrative = is_example if illustrative is None else illustrative
        self.title = title or (_(EXAMPLE_TITLE) if is_example else _("Policy-coherence matrix"))
        self.summary: CoherenceSummary = coherence_summary(self._matrix, self.sector_titles, self.level_titles)
        self._syncing = False
        self._figure = None

        # Levels are rows (national on top) and sectors columns, as in the heat map, so that
        # horizontal coherence reads along a row and vertical coherence down a column.
        self.cells: dict[tuple[str, str], w.Dropdown] = {}
        # In English the marks are their own labels (as before); in another language the option shows the
        # translated word and keeps the English mark as its value.
        mark_options = list(MARKS) if language() == SOURCE_LANGUAGE else [(mark_label(m), m) for m in MARKS]
        corner = html.escape(_("Level \\ sector"))
        grid_items: list[w.Widget] = [w.HTML(f"<b>{corner}</b>")]
        grid_items += [w.HTML(f"<b>{html.escape(self.sector_titles[s])}</b>") for s in self._start.index]
        for level in list(self._start.columns)[::-1]:
            grid_items.append(w.HTML(f"<b>{html.escape(self.level_titles[level])}</b>"))
            for sector in self._start.index:
                cell = w.Dropdown(options=mark_options, value=self._start.at[sector, level],
                                  description="", layout=w.Layout(width="98px"))
                cell.observe(self._on_cell_change(sector, level), names="value")
                self.cells[(sector, level)] = cell
                grid_items.append(cell)
        n_sectors = len(self._start.index)
        self.grid = w.GridBox(grid_items, layout=w.Layout(
            grid_template_columns=f"90px repeat({n_sectors}, 102px)", grid_gap="4px 4px"))

        self.mark_line = w.Text(placeholder=_("housing, local, hinders"),
                                description=_("Mark line:"), layout=w.Layout(width="360px"))
        self.apply_button = w.Button(description=_("Apply"), tooltip=_("Set the mark written in the line"))
        self.reset_button = w.Button(description=_("Start again"), tooltip=_("Go back to the starting marks"))
        self.clear_button = w.Button(description=_("All ignore"), tooltip=_("Set every policy to 'ignores'"))
        self.apply_button.on_click(lambda _: self.apply_line(self.mark_line.value))
        self.reset_button.on_click(lambda _: self.load(self._start))
        self.clear_button.on_click(lambda _: self.load(blank_matrix(self._start.index, self._start.columns, IGNORES)))

        self.message = w.HTML("")
        self.figure = w.Output()
        self.gap_list = w.HTML("")
        intro = _("Mark how each sector policy treats migrants at each level of government. The heat map and the "
                  "list of gaps follow your marks.")
        self.widget = w.VBox([
            w.HTML(f"<h4>{html.escape(self.title)}</h4><p>{html.escape(intro)}</p>"),
            self.grid,
            w.HBox([self.mark_line, self.apply_button, self.reset_button, self.clear_button]),
            self.message,
            self.figure,
            self.gap_list,
        ])
        self.update()

    # ---- state -------------------------------------------------------------
    @property
    def matrix(self) -> pd.DataFrame:
        """The marks as they stand now (a copy: changing it does not change the widget)."""
        return self._matrix.copy()

    def set_mark(self, sector: str, level: str, mark: str) -> None:
        """Set one mark (raises :class:`m4d.InputError` for an unknown sector, level or mark)."""
        changed = with_mark(self._matrix, sector, level, mark)
        self.load(changed)

    def load(self, matrix: pd.DataFrame) -> None:
        """Replace every mark at once (same sectors and levels as the widget's)."""
        matrix = check_matrix(matrix)
        if list(matrix.index) != list(self._start.index) or list(matrix.columns) != list(self._start.columns):
            raise InputError(_("The new matrix must have the same sectors and levels as the widget: sectors "
                               "{sectors}; levels {levels}.").format(sectors=", ".join(self._start.index),
                                                                     levels=", ".join(self._start.columns)))
        self._matrix = matrix
        self._syncing = True
        try:
            for (sector, level), cell in self.cells.items():
                cell.value = matrix.at[sector, level]
        finally:
            self._syncing = False
        self.update()

    def apply_line(self, line: str) -> None:
        """Apply a mark line such as ``"housing, local, hinders"``; show a message if it cannot."""
        try:
            sector, level, mark = parse_mark_line(line)
            sector = self._name_for(sector, self.sector_titles)
            level = self._name_for(level, self.level_titles)
            self.set_mark(sector, level, mark)
        except InputError as err:
            self._say(str(err), error=True)
            return
        now = {HELPS: _("{sector} at the {level} level now helps migrants."),
               IGNORES: _("{sector} at the {level} level now ignores migrants."),
               HINDERS: _("{sector} at the {level} level now hinders migrants.")}[self._matrix.at[sector, level]]
        self._say(now.format(sector=self.sector_titles[sector], level=self.level_titles[level].lower()))

    @staticmethod
    def _name_for(text: str, titles: Mapping[str, str]) -> str:
        # A learner may type the readable title ("Urban planning") instead of the name.
        lowered = text.strip().lower()
        for name, title in titles.items():
            if lowered in (name.lower(), title.lower()):
                return name
        return text

    def _on_cell_change(self, sector: str, level: str):
        def handler(change):
            if self._syncing:
                return
            self._matrix = with_mark(self._matrix, sector, level, change["new"])
            self.update()
        return handler

    # ---- drawing -----------------------------------------------------------
    def update(self) -> None:
        """Recompute the gaps and redraw the heat map and the gap list."""
        self.summary = coherence_summary(self._matrix, self.sector_titles, self.level_titles)
        if self._figure is None:
            self._figure = coherence_heatmap(self._matrix, self.sector_titles, self.level_titles, title=self.title)
        fig = refresh_heatmap(self._figure, self._matrix)
        alt = heatmap_alt(self._matrix, self.summary, illustrative=self.illustrative)
        # Setting the Output widget's outputs directly (rather than displaying inside it)
        # sends no messages to the running cell, so the figure lands only in the widget.
        self.figure.outputs = ({"output_type": "display_data", "data": figure_bundle(fig, alt=alt),
                                "metadata": {}},)
        self.gap_list.value = self._gaps_html()
        self._say("")

    def _say(self, text: str, error: bool = False) -> None:
        if not text:
            self.message.value = ""
        elif error:
            said = html.escape(_("Cannot apply that: {problem}").format(problem=text))
            self.message.value = f'<div role="alert" style="color:#8a1c00;font-weight:bold">{said}</div>'
        else:
            self.message.value = f'<div role="status" style="color:#1b5e20">{html.escape(text)}</div>'

    def _gaps_html(self) -> str:
        s = self.summary
        counts = _("<b>Horizontal gaps</b> (between sectors at one level): {h_conflicts} conflicts, {h_blind} blind "
                   "spots. <b>Vertical gaps</b> (between levels in one sector): {v_conflicts} conflicts, {v_blind} "
                   "blind spots.").format(h_conflicts=s.horizontal_conflicts, h_blind=s.horizontal_blind_spots,
                                          v_conflicts=s.vertical_conflicts, v_blind=s.vertical_blind_spots)
        parts = [f"<p>{counts}</p>"]
        groups = ((_("Conflicts: a policy hinders migrants where another helps them"), s.conflict_findings),
                  (_("Blind spots: a policy ignores migrants where another helps them"), s.blind_spot_findings),
                  (_("No support: migration is not mainstreamed here"), s.no_support_findings))
        for heading, findings in groups:
            if findings:
                items = "".join(f"<li>{html.escape(f)}</li>" for f in findings)
                parts.append(f"<p><b>{html.escape(heading)}</b></p><ul>{items}</ul>")
        if len(parts) == 1:
            parts.append(f"<p>{html.escape(s.findings[0])}</p>")
        return f'<div class="m4d-coherence-gaps">{"".join(parts)}</div>'

    def snapshot_html(self) -> str:
        """A static view of the current marks (a coloured table) and of the gaps they make."""
        shown_title = self.title
        already_said = "illustrative" in self.title or self.title == _(EXAMPLE_TITLE)
        if self.illustrative and not already_said:
            shown_title = _("{title} (illustrative)").format(title=self.title)
        head = "".join(f'<th scope="col">{html.escape(self.sector_titles[s])}</th>' for s in self._matrix.index)
        rows = []
        for level in list(self._matrix.columns)[::-1]:
            cells = "".join(
                f'<td style="background:{MARK_COLOURS[m]};color:#000;text-align:center;padding:4px 8px">'
                f'{html.escape(mark_label(m))}</td>'
                for m in self._matrix[level].tolist())
            rows.append(f'<tr><th scope="row" style="text-align:left">'
                        f'{html.escape(self.level_titles[level])}</th>{cells}</tr>')
        caption = _("{title}: how each sector policy treats migrants at each level of government").format(
            title=shown_title)
        level_word = _("Level")
        table = (f'<table class="m4d-coherence-matrix"><caption>{html.escape(caption)}</caption>'
                 f'<thead><tr><th scope="col">{html.escape(level_word)}</th>{head}</tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table>')
        note = "<p><em>{}</em></p>".format(html.escape(_(
            "A static snapshot of the widget. Open this page as a notebook (launch button at the top) to change the "
            "marks and watch the gaps change.")))
        # A wide matrix scrolls sideways instead of spilling out of a narrow book column.
        scroller = f'<div style="overflow-x:auto;font-size:0.9em">{table}</div>'
        return f'<div class="m4d-coherence-snapshot">{scroller}{self._gaps_html()}{note}</div>'

    def snapshot_text(self) -> str:
        # The default plain-text repr lists every child widget; a short label is more useful.
        return _("[Policy-coherence matrix widget] {title}").format(title=self.title)
