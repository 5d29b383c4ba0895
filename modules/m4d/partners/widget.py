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
from m4d.i18n import _, translate_value
from m4d.i18n.numbers import number, percent
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


def _fill(template: str, **values) -> str:
    """A translated sentence as HTML: its words escaped, then its placeholders filled with HTML-safe values."""
    return html.escape(template, quote=False).format(**values)


def ranking_table_html(ranking: Ranking, home_name: str) -> str:
    """The ranked candidates with each criterion's contribution, as an HTML table."""
    crits = ranking.criteria
    head = "".join(f'<th scope="col">{html.escape(_(c.label))}</th>' for c in crits)
    rows = []
    for pos, (_i, row) in enumerate(ranking.table.iterrows()):
        cells = []
        for j, c in enumerate(crits):
            part = float(row[f"{c.key}_contribution"])
            # The bar shows the normalised value (full = best candidate on this criterion);
            # the number is what the criterion adds to the score at the current weights.
            width = round(100 * float(ranking.normalised[pos, j]), 1)
            value = html.escape(_("value {value}").format(value=number(float(row[c.key]), 'g')))
            cells.append(
                f'<td style="background:linear-gradient(90deg,#cfe3f3 {width}%,transparent {width}%)" '
                f'title="{value}">{number(part, ".3f")}</td>'
            )
        rows.append(
            f'<tr><td>{int(row["rank"])}</td><th scope="row">{html.escape(str(row["name"]))}, '
            f'{html.escape(str(translate_value("territories", "country", row["country"])))}</th><td><strong>{number(float(row["score"]), ".3f")}</strong></td>{"".join(cells)}</tr>'
        )
    excluded = ""
    if len(ranking.excluded):
        items = "".join(f"<li>{html.escape(str(r['name']))}: {html.escape(str(r['reason']))}</li>"
                        for _i, r in ranking.excluded.iterrows())
        set_aside = _("Set aside by a must-have:")
        excluded = f"<p>{html.escape(set_aside)}</p><ul>{items}</ul>"
    caption = _fill(_("Candidate partners of {home}, best first: score (0 to 1) and the part of it each criterion "
                      "contributes (illustrative data)"), home=html.escape(home_name))
    columns = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in (_("Rank"), _("Candidate"), _("Score")))
    note = _("Bars: the candidate's normalised value on the criterion (full bar = the best candidate). Numbers: what "
             "the criterion adds to the score at the current weights.")
    return (
        '<div style="overflow-x:auto"><table class="m4d-table m4d-partners-ranking" style="font-size:0.85em">'
        f"<caption>{caption}</caption>"
        f'<thead><tr>{columns}{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"<p><small>{html.escape(note, quote=False)}</small></p>{excluded}"
    )


def sensitivity_html(ranking: Ranking, flips, stability: Stability) -> str:
    """The sensitivity readout in words: when the top choice changes, and how often it holds."""
    names = dict(zip(ranking.table[ranking.id_column], ranking.table["name"]))
    top = html.escape(str(names[ranking.top]))
    low, high = 1 - stability.spread, 1 + stability.spread
    lines = []
    for _i, f in flips.iterrows():
        values = {"label": f"<strong>{html.escape(_(f['label']))}</strong>", "weight": number(f['weight'], 'g')}
        raised, lowered = np.isfinite(f["raise_to"]), np.isfinite(f["lower_to"])
        if raised:
            values.update(raise_to=number(f['raise_to'], '.2f'), raise_share=percent(f['share_raise_to']),
                          if_raised=html.escape(str(names[f["top_if_raised"]])))
        if lowered:
            values.update(lower_to=number(f['lower_to'], '.2f'), lower_share=percent(f['share_lower_to']),
                          if_lowered=html.escape(str(names[f["top_if_lowered"]])))
        # One whole sentence per case, so that a translator never joins pieces.
        if raised and lowered:
            sentence = _("{label} (weight {weight}): if raised above {raise_to} ({raise_share} of the total), "
                         "{if_raised} comes first; if lowered below {lower_to} ({lower_share} of the total), "
                         "{if_lowered} comes first.")
        elif raised:
            sentence = _("{label} (weight {weight}): if raised above {raise_to} ({raise_share} of the total), "
                         "{if_raised} comes first.")
        elif lowered:
            sentence = _("{label} (weight {weight}): if lowered below {lower_to} ({lower_share} of the total), "
                         "{if_lowered} comes first.")
        else:
            sentence = _("{label} (weight {weight}): no weight of this criterion alone changes the top choice.")
        lines.append(f"<li>{_fill(sentence, **values)}</li>")
    top_line = _("Top choice: {top}.")
    stays = _("It stays on top in {share} of {draws} random variations of the weights (each weight multiplied by a "
              "factor between {low} and {high}).")
    intro = _("The weight at which another candidate takes first place, the other weights unchanged:")
    return (
        f"<p><strong>{_fill(top_line, top=top)}</strong> "
        f"{_fill(stays, share=percent(stability.stays_on_top), draws=number(stability.draws, 'd'), low=number(low, 'g'), high=number(high, 'g'))}"
        "</p>"
        f"<p>{html.escape(intro, quote=False)}</p>"
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
            raise InputError(_("The widget has no criterion {criteria}; use {known}.").format(
                criteria=", ".join(unknown), known=", ".join(DEFAULT_WEIGHTS)))
        known_musts = {m.key: m for m in MUST_HAVE_OPTIONS}
        bad = [k for k in must_haves if k not in known_musts]
        if bad:
            raise InputError(_("The widget offers no must-have on {columns}; use {known}.").format(
                columns=", ".join(bad), known=", ".join(known_musts)))
        names = territories().set_index("territory")["name"]
        self.home = widgets.Dropdown(options=[(str(names[t]), t) for t in home_territories()],
                                     value=territory_id(home), description=_("Home territory"),
                                     style={"description_width": "initial"})
        self.sliders = {
            c.key: widgets.FloatSlider(value=float(start[c.key]), min=0.0, max=MAX_WEIGHT, step=0.5,
                                       description=_(c.label), readout_format=".1f", continuous_update=True,
                                       style={"description_width": "16em"}, layout={"width": "32em"})
            for c in self.criteria
        }
        self.toggles = {
            m.key: widgets.Checkbox(value=m.key in must_haves, description=_(m.label), indent=False)
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
        weights_word = "<strong>{}</strong>".format(html.escape(_("Weights")))
        musts_word = "<strong>{}</strong>".format(html.escape(_("Must-haves")))
        self.widget = widgets.VBox([
            self.home,
            widgets.HTML(_fill(_("{weights} (0 = the criterion does not count)"), weights=weights_word)),
            *self.sliders.values(),
            widgets.HTML(_fill(_("{must_haves} (candidates that fail one are set aside)"), must_haves=musts_word)),
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
            cannot = html.escape(_("Cannot rank:"))
            self.message.value = (f'<div role="alert" class="m4d-message" style="color:#8a1c1c">'
                                  f"<strong>{cannot}</strong> {html.escape(self.error)}</div>")
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
        candidates, _fig = self._figure(self.home.value)
        weights = ", ".join(f"{_(c.label)} {number(self.sliders[c.key].value, 'g')}" for c in self.criteria)
        musts = "; ".join(_(m.label) for m in self.must_haves()) or _("none")
        settings = _fill(_("{home_label} {home}. {weights_label} {weights}. {musts_label} {musts}. Open this page as "
                           "a notebook to change them."),
                         home_label="<strong>{}</strong>".format(html.escape(_("Home territory:"))),
                         home=html.escape(candidates.attrs["home_name"]),
                         weights_label="<strong>{}</strong>".format(html.escape(_("Weights:"))),
                         weights=html.escape(weights),
                         musts_label="<strong>{}</strong>".format(html.escape(_("Must-haves:"))),
                         musts=html.escape(musts))
        parts = [
            '<div class="m4d-widget-snapshot m4d-partners">',
            f"<p>{settings}</p>",
            self.message.value, self.table.value, self.readout.value,
            self._map_bundle["text/html"] if self._map_bundle else "",
            "</div>",
        ]
        return "".join(parts)

    def snapshot_text(self) -> str:
        # The default plain-text repr lists every child widget; a short label is more useful.
        return _("Partner matching for {home} (illustrative data)").format(home=self.home.label)
