"""A desk review's first table: how a figure moved between the first and the latest year.

A needs assessment usually starts with what is already published (JMDI guidelines,
p. 25). For a partnership along a corridor that means, for instance, the international
migrant stock of the destination country (UN DESA) and the remittances the country of
origin receives (World Bank), read with :mod:`m4d.survey.public_data`. This module
turns such tidy tables into the short summary a desk review reports: for each place,
the first and latest year with a figure, both figures, and the change.
"""
from __future__ import annotations

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _


def trend_table(frame: pd.DataFrame, places: list[str], place: str = "area", value: str = "migrants",
                year: str = "year") -> pd.DataFrame:
    """First and latest figure for each place, and the change between them.

    ``frame`` is a tidy table with one row per place and year, as
    :func:`m4d.survey.public_data.read_migrant_stock` (``place="area"``,
    ``value="migrants"``) or :func:`~m4d.survey.public_data.read_remittances`
    (``place="country"``, ``value="value"``) return it. Years without a figure are
    skipped, so "latest" means the latest year that has one; the table says which
    years it compared, because publications often lag by several years.
    """
    for column in (place, value, year):
        if column not in frame.columns:
            raise InputError(_("The table has no column {column}; its columns are {columns}.").format(
                column=repr(column), columns=", ".join(map(str, frame.columns))))
    if not places:
        raise InputError(_("Name at least one place to review."))
    known = set(frame[place].astype(str))
    unknown = [p for p in places if p not in known]
    if unknown:
        raise InputError(_("No rows for {places}; check the spelling against the source's names (for example "
                           "{examples}).").format(places=", ".join(map(repr, unknown)),
                                                  examples=", ".join(sorted(known)[:3])))
    rows = []
    for name in places:
        series = (frame.loc[frame[place].astype(str) == name, [year, value]]
                  .dropna(subset=[value]).sort_values(year))
        if series.empty:
            raise InputError(_("{place} has no figure in any year of the table.").format(place=repr(name)))
        first, latest = series.iloc[0], series.iloc[-1]
        change = None
        if float(first[value]) != 0 and len(series) > 1:
            change = 100 * (float(latest[value]) - float(first[value])) / float(first[value])
        rows.append({"place": name, "first year": int(first[year]), "first figure": float(first[value]),
                     "latest year": int(latest[year]), "latest figure": float(latest[value]),
                     "change (%)": change})
    table = pd.DataFrame(rows)
    table["change (%)"] = table["change (%)"].astype("Float64")
    return table
