"""The partner-matching widget: choose a home territory, weigh the criteria, see the ranking.

A thin layer over :func:`m4d.partners.rank`, :func:`flip_points` and
:func:`top_stability`: every change of a control recomputes the ranking of the
home territory's candidates, the contribution of each criterion, the map of its
corridors and the sensitivity readout. Settings that cannot be ranked (all
weights at zero, must-haves that nobody meets, ...) show the reason in the
widget and leave the controls as the user set them.
"""
from __future__ import annotations

import html
from typing import Mapping, Sequence

import ipywidgets as widgets
import numpy as np

from m4d.snapshot import StaticSnapshot
from m4d.errors import InputError
from m4d.figures import figure_bundle
from m4d.partners.corridor_map import colour_by_rank, corridor_map
from m4d.partners.corridors import candidates_for, home_territories, territories, territory_id
from m4d.partners.criteria import DISTANCE, GUIDELINE_CRITERIA, Criterion
from m4d.partners.ranking import Ranking, rank
from m4d.partners.screening import HAS_ASSOCIATION, HAS_DC_EXPERIENCE, HAS_RESOURCES, MustHave
from m4d.partners.sensitivity import Stability, flip_points, top_stability

#: The criteria the widget offers: the guidelines' five, and distance as a user-added one.
WIDGET_CRITERIA: tuple[Criterion, ...] = (*GUIDELINE_CRITERIA, DISTANCE)
#: Default weights: the guidelines' criteria count equally; distance is offered but off.
DEFAULT_WEIGHTS = {**{c.key: 1.0 for c in GUIDELINE_CRITERIA}, DISTANCE.key: 0.0}
#: The must-haves the widget offers as toggles.
MUST_HAVE_OPTIONS: tuple[MustHave, ...] = (HAS_ASSOCIATION, HAS_DC_EXPERIENCE, HAS_RESOURCES)
MAX_WEIGHT = 5.0


def ranking_table_html(ranking: Ranking, home_name: str) -> str:
    """The ranked candidates with each criterion's contribution, as an HTML table."""
    crits = ranking.criteria
    head = "".join(f'<th scope="col">{html.escape(c.label)}</th>' for c in crits)
    rows = []
    for pos, (_, row) in enumerate(ranking.table.iterrows()):
        cells = []
        for j, c in enumerate(crits):
            part = float(row[f"{c.key}_contribution"])
            # The bar shows the normalised value (full = best candidate on this criterion);
            # the number is what the criterion adds to the score at the current weights.
            width = round(100 * float(ranking.normalised[pos, j]), 1)
            cells.append(
                f'<td style="background:linear-gradient(90deg,#cfe3f3 {width}%,transparent {width}%)" '
                f'title="value {float(row[c.key]):g}">{part:.3f}</td>'
            )
        rows.append(
            f'<tr><td>{int(row["rank"])}</td><th scope="row">{html.escape(str(row["name"]))}, '
            f'{html.escape(str(row["country"]))}</th><td><strong>{float(row["score"]):.3f}</strong></td>{"".join(cells)}</tr>'
        )
    excluded = ""
    if len(ranking.excluded):
        items = "".join(f"<li>{html.escape(str(r['name']))}: {html.escape(str(r['reason']))}</li>"
                        for _, r in ranking.excluded.iterrows())
        excluded = f"<p>Set aside by a must-have:</p><ul>{items}</ul>"
    return (
        '<div style="overflow-x:auto"><table class="m4d-table m4d-partners-ranking" style="font-size:0.85em">'
        f"<caption>Candidate partners of {html.escape(home_name)}, best first: score (0 to 1) and the part of it "
        "each criterion contributes (illustrative data)</caption>"
        f'<thead><tr><th scope="col">Rank</th><th scope="col">Candidate</th><th scope="col">Score</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        "<p><small>Bars: the candidate's normalised value on the criterion (full bar = the best candidate). "
        f"Numbers: what the criterion adds to the score at the current weights.</small></p>{excluded}"
    )


def sensitivity_html(ranking: Ranking, flips, stability: Stability) -> str:
    """The sensitivity readout in words: when the top choice changes, and how often it holds."""
    names = dict(zip(ranking.table[ranking.id_column], ranking.table["name"]))
    top = html.escape(str(names[ranking.top]))
    low, high = 1 - stability.spread, 1 + stability.spread
    lines = []
    for _, f in flips.iterrows():
        label = html.escape(f["label"])
        said = []
        if np.isfinite(f["raise_to"]):
            said.append(f"raised above {f['raise_to']:.2f} ({f['share_raise_to']:.0%} of the total), "
                        f"{html.escape(str(names[f['top_if_raised']]))} comes first")
        if np.isfinite(f["lower_to"]):
            said.append(f"lowered below {f['lower_to']:.2f} ({f['share_lower_to']:.0%} of the total), "
                        f"{html.escape(str(names[f['top_if_lowered']]))} comes first")
        if said:
            lines.append(f"<li><strong>{label}</strong> (weight {f['weight']:g}): if " + "; if ".join(said) + ".</li>")
        else:
            lines.append(f"<li><strong>{label}</strong> (weight {f['weight']:g}): no weight of this criterion "
                         f"alone changes the top choice.</li>")
    return (
        f"<p><strong>Top choice: {top}.</strong> It stays on top in {stability.stays_on_top:.0%} of "
        f"{stability.draws} random variations of the weights (each weight multiplied by a factor "
        f"between {low:g} and {high:g}).</p>"
        "<p>The weight at which another candidate takes first place, the other weights unchanged:</p>"
        f"<ul>{''.join(lines)}</ul>"
    )


class PartnerMatchingWidget(StaticSnapshot):
    """Rank the candidate partners of a home territory, live.

    ``home`` is a home territory of the course data (name or identifier);
    ``weights`` maps criterion keys to weights from 0 to 5; ``must_haves`` are
    keys of :data:`MUST_HAVE_OPTIONS` conditions (``"associations"``,
    ``"dc_experience"``, ``"resources"``) to switch on. ``draws``, ``spread``
    and ``seed`` set the random variations of the weights for the stability
    readout.
    """

    def __init__(self, home: str = "Schaerbeek", weights: Mapping[str, float] | None = None,
                 must_haves: Sequence[str] = (), draws: int = 500, spread: float = 0.5, seed: int = 0):
        self.criteria = WIDGET_CRITERIA
        self.draws, self.spread, self.seed = draws, spread, seed
        start = {**DEFAULT_WEIGHTS, **(weights or {})}
        unknown = [k for k in start if k not in DEFAULT_WEIGHTS]
        if unknown:
            raise InputError(f"The widget has no criterion {', '.join(unknown)}; use {', '.join(DEFAULT_WEIGHTS)}.")
        known_musts = {m.key: m for m in MUST_HAVE_OPTIONS}
        bad = [k for k in must_haves if k not in known_musts]
        if bad:
            raise InputError(f"The widget offers no must-have on {', '.join(bad)}; use {', '.join(known_musts)}.")
        names = territories().set_index("territory")["name"]
        self.home = widgets.Dropdown(options=[(str(names[t]), t) for t in home_territories()],
                                     value=territory_id(home), description="Home territory",
                                     style={"description_width": "initial"})
        self.sliders = {
            c.key: widgets.FloatSlider(value=float(start[c.key]), min=0.0, max=MAX_WEIGHT, step=0.5,
                                       description=c.label, readout_format=".1f", continuous_update=True,
                                       style={"description_width": "16em"}, layout={"width": "32em"})
            for c in self.criteria
        }
        self.toggles = {
            m.key: widgets.Checkbox(value=m.key in must_haves, description=m.label, indent=False)
            for m in MUST_HAVE_OPTIONS
        }
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        self.readout = widgets.HTML()
        self.map = widgets.Output()
        self.ranking: Ranking | None = None
        self.error: str = ""
        # Every home territory's candidates, read once, so that switching home costs no file reading.
        self._candidates: dict = {h: candidates_for(h) for h in home_territories()}
        self._fig = None
        self._map_home: str | None = None
        self._map_bundle: dict | None = None
        self._map_key: tuple | None = None
        self.widget = widgets.VBox([
            self.home,
            widgets.HTML("<strong>Weights</strong> (0 = the criterion does not count)"),
            *self.sliders.values(),
            widgets.HTML("<strong>Must-haves</strong> (candidates that fail one are set aside)"),
            *self.toggles.values(),
            self.message, self.table, self.readout, self.map,
        ])
        for control in (self.home, *self.sliders.values(), *self.toggles.values()):
            control.observe(self._on_change, names="value")
        self.update()

    # -- the settings, read from the controls -----------------------------------------
    def weights(self) -> dict[str, float]:
        return {key: float(slider.value) for key, slider in self.sliders.items()}

    def must_haves(self) -> list[MustHave]:
        return [m for m in MUST_HAVE_OPTIONS if self.toggles[m.key].value]

    def _on_change(self, _change) -> None:
        self.update()

    def _figure(self, home: str):
        """The candidates of ``home`` and the map, redrawn for ``home`` if it shows another territory."""
        if home not in self._candidates:
            self._candidates[home] = candidates_for(home)
        candidates = self._candidates[home]
        if self._map_home != home:
            self._fig = corridor_map(candidates, self._fig)
            self._map_home = home
        return candidates, self._fig

    def update(self) -> None:
        """Recompute the ranking, the sensitivity readout and the map from the controls."""
        home = self.home.value
        candidates, fig = self._figure(home)
        try:
            self.ranking = rank(candidates, self.weights(), self.criteria, self.must_haves(),
                                id_column="partner", label_columns=["name", "country"])
            flips = flip_points(self.ranking)
            stability = top_stability(self.ranking, draws=self.draws, spread=self.spread, seed=self.seed)
        except InputError as err:
            self.ranking, self.error = None, str(err)
            self.message.value = (f'<div role="alert" class="m4d-message" style="color:#8a1c1c">'
                                  f"<strong>Cannot rank:</strong> {html.escape(self.error)}</div>")
            self.table.value = ""
            self.readout.value = ""
        else:
            self.error = ""
            self.message.value = ""
            self.table.value = ranking_table_html(self.ranking, candidates.attrs["home_name"])
            self.readout.value = sensitivity_html(self.ranking, flips, stability)
        # The map shows only the order of the candidates: redraw it when that changes.
        map_key = (home, tuple(self.ranking.ids) if self.ranking is not None else None)
        if map_key != self._map_key:
            alt = colour_by_rank(fig, candidates, self.ranking)
            self._map_bundle = figure_bundle(fig, alt=alt)
            self.map.outputs = ({"output_type": "display_data", "data": self._map_bundle, "metadata": {}},)
            self._map_key = map_key

    # -- the static view ------------------------------------------------------------------
    def snapshot_html(self) -> str:
        """A static HTML view of the widget's current state (what the book shows)."""
        candidates, _ = self._figure(self.home.value)
        weights = ", ".join(f"{c.label} {self.sliders[c.key].value:g}" for c in self.criteria)
        musts = "; ".join(m.label for m in self.must_haves()) or "none"
        parts = [
            '<div class="m4d-widget-snapshot m4d-partners">',
            f"<p><strong>Home territory:</strong> {html.escape(candidates.attrs['home_name'])}. "
            f"<strong>Weights:</strong> {html.escape(weights)}. <strong>Must-haves:</strong> {html.escape(musts)}. "
            "Open this page as a notebook to change them.</p>",
            self.message.value, self.table.value, self.readout.value,
            self._map_bundle["text/html"] if self._map_bundle else "",
            "</div>",
        ]
        return "".join(parts)

    def snapshot_text(self) -> str:
        # The default plain-text repr lists every child widget; a short label is more useful.
        return f"Partner matching for {self.home.label} (illustrative data)"
