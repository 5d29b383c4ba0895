"""The course's migration corridors: which candidates a home territory can consider.

The guidelines advise looking for partners along the main migratory channels of
a territory (JMDI 2017, p. 39). The course data pairs each home territory with
candidate partner territories along its corridors (``datasets/corridors.csv``,
indicator values illustrative) and places every territory on the map
(``datasets/territories.csv``, coordinates from GeoNames).
"""
from __future__ import annotations

import difflib
from functools import lru_cache

import numpy as np
import pandas as pd

from m4d import datasets
from m4d.errors import InputError
from m4d.i18n import _

EARTH_RADIUS_KM = 6371.0


@lru_cache(maxsize=1)
def _territories() -> pd.DataFrame:
    return datasets.load("territories")


@lru_cache(maxsize=1)
def _corridors() -> pd.DataFrame:
    return datasets.load("corridors")


def territories() -> pd.DataFrame:
    """Every territory of the course's corridors, with country and coordinates."""
    return _territories().copy()


def home_territories() -> list[str]:
    """Identifiers of the territories that have candidate partners in the course data, in file order."""
    return list(dict.fromkeys(_corridors()["home"].tolist()))


def territory_id(name: str) -> str:
    """The identifier of a territory given its identifier or its name (any letter case).

    Raises :class:`InputError` naming the closest known territories when the
    name is not one of them.
    """
    table = _territories()
    if not isinstance(name, str) or not name.strip():
        raise InputError(_("Name a territory, for example 'Schaerbeek'."))
    wanted = name.strip().casefold()
    for tid, tname in zip(table["territory"], table["name"]):
        if wanted in (str(tid).casefold(), str(tname).casefold()):
            return str(tid)
    choices = [str(n) for n in table["name"]]
    close = difflib.get_close_matches(name.strip(), choices, n=3, cutoff=0.5)
    if close:
        raise InputError(_("{name} is not a territory of the course data. Did you mean {close}?").format(
            name=repr(name), close=", ".join(close)))
    raise InputError(_("{name} is not a territory of the course data. Known territories: {territories}.").format(
        name=repr(name), territories=", ".join(choices)))


def great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in kilometres (haversine formula on a sphere)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def candidates_for(home: str) -> pd.DataFrame:
    """Candidate partners of a home territory, one row each, with the criteria and the map data.

    Columns: ``partner``, ``name``, ``country``, ``latitude``, ``longitude``,
    the five criteria of the guidelines (illustrative values), ``distance_km``
    from the home territory, and ``guidelines_mention``.
    """
    home_id = territory_id(home)
    corridors = _corridors()
    rows = corridors[corridors["home"] == home_id]
    if rows.empty:
        homes = ", ".join(_territories().set_index("territory").loc[home_territories(), "name"])
        raise InputError(_("{home} has no candidate partners in the course data; it is a partner of other "
                           "territories. Home territories with candidates: {homes}.").format(home=repr(home), homes=homes))
    places = _territories().set_index("territory")
    here = places.loc[home_id]
    there = places.loc[rows["partner"].tolist()]
    out = pd.DataFrame({
        "partner": rows["partner"].astype(str).to_numpy(),
        "name": there["name"].astype(str).to_numpy(),
        "country": there["country"].astype(str).to_numpy(),
        "latitude": there["latitude"].astype(float).to_numpy(),
        "longitude": there["longitude"].astype(float).to_numpy(),
    })
    for key in ("migrant_group", "associations", "dc_experience", "resources", "proximity"):
        out[key] = rows[key].astype(float).to_numpy()
    out["distance_km"] = np.round(great_circle_km(float(here["latitude"]), float(here["longitude"]),
                                                  out["latitude"].to_numpy(), out["longitude"].to_numpy()), 0)
    out["guidelines_mention"] = rows["guidelines_mention"].fillna("").astype(str).to_numpy()
    out.attrs.update(home=home_id, home_name=str(here["name"]), home_latitude=float(here["latitude"]),
                     home_longitude=float(here["longitude"]), illustrative=True)
    return out
