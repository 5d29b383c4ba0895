"""The six kinds of stakeholders of a migration-related decentralised cooperation partnership.

The guidelines draw six kinds of actors around a partnership (pp. 29-34): local
and regional authorities, other public institutions, civil society
organisations, diaspora and migrant associations, the private sector and
knowledge-based organisations. The dataset ``stakeholder_kinds`` says who
belongs to each and what each brings.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from m4d import datasets
from m4d.i18n import _, translate_value

KINDS = ("lra", "other_public", "cso", "diaspora", "private_sector", "knowledge")
PARTNERSHIP = "partnership"
# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies),
# and a distinct marker shape per kind so that colour is never the only cue.
KIND_COLOURS = {
    "lra": "#0072B2", "other_public": "#56B4E9", "cso": "#009E73", "diaspora": "#E69F00",
    "private_sector": "#CC79A7", "knowledge": "#D55E00", PARTNERSHIP: "#000000",
}
KIND_SYMBOLS = {
    "lra": "square", "other_public": "diamond", "cso": "circle", "diaspora": "triangle-up",
    "private_sector": "pentagon", "knowledge": "hexagon", PARTNERSHIP: "star",
}


@lru_cache(maxsize=1)
def _kinds_table() -> pd.DataFrame:
    return datasets.load("stakeholder_kinds").set_index("kind").loc[list(KINDS)].reset_index()


def stakeholder_kinds() -> pd.DataFrame:
    """The six kinds: label, who belongs, what they bring, example numbers, pages."""
    return _kinds_table().copy()


def kind_contributions() -> dict[str, tuple[str, ...]]:
    """Kind -> what stakeholders of that kind bring to a partnership (in the reader's language)."""
    frame = _kinds_table()
    return {k: tuple(translate_value("stakeholder_kinds", "brings", list(b))) for k, b in
            zip(frame["kind"], frame["brings"])}


def kind_labels() -> dict[str, str]:
    """Kind -> its label ("diaspora" -> "Diaspora and migrant associations")."""
    frame = _kinds_table()
    labels = {k: translate_value("stakeholder_kinds", "label", v) for k, v in zip(frame["kind"], frame["label"])}
    labels[PARTNERSHIP] = _("The partnership")
    return labels
