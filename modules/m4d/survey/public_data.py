"""Optional loaders of real public migration statistics (they need the internet).

- :func:`migrant_stock`: UN DESA Population Division, *International Migrant
  Stock 2020*, table "by sex and destination" (Excel): international migrants
  living in each country or area, 1990-2020.
- :func:`remittances`: World Bank, World Development Indicators, *Personal
  remittances, received (current US$)* (indicator BX.TRF.PWKR.CD.DT), or any
  other WDI indicator, from the World Bank API (JSON).

Each file is downloaded once with pooch into the user's cache folder and read
from there afterwards. What arrives is checked: the migrant stock table must
have its header row and year columns, and the API answer must be the
two-part JSON the World Bank documents; otherwise an :class:`m4d.InputError`
says what was found. Files published by a statistics office change when a
revision is released, so no fixed hash is pinned; pass ``known_hash`` to pin
the version you have checked. The parsing functions (:func:`read_migrant_stock`,
:func:`read_remittances`) work on a local file, so they also serve people who
downloaded the data by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import _

MIGRANT_STOCK_URL = ("https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
                     "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
MIGRANT_STOCK_SHEET = "Table 1"
AREA_HEADER = "Region, development group, country or area"
WORLD_BANK_API = "https://api.worldbank.org/v2/country/{countries}/indicator/{indicator}?format=json&per_page=20000"
REMITTANCES_RECEIVED = "BX.TRF.PWKR.CD.DT"
REMITTANCES_SHARE_OF_GDP = "BX.TRF.PWKR.DT.GD.ZS"


def cache_folder() -> Path:
    import pooch

    return Path(pooch.os_cache("m4d"))


def migrant_stock(known_hash: str | None = None, cache: str | Path | None = None) -> pd.DataFrame:
    """UN DESA international migrant stock by destination (both sexes), one row per area and year."""
    path = _fetch(MIGRANT_STOCK_URL, "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", known_hash, cache)
    return read_migrant_stock(path)


def remittances(countries: str | list[str] = "all", indicator: str = REMITTANCES_RECEIVED,
                known_hash: str | None = None, cache: str | Path | None = None) -> pd.DataFrame:
    """A World Bank indicator (by default remittances received, current US$) for ISO3 country codes."""
    codes = [countries] if isinstance(countries, str) else list(countries)
    if not codes or not all(isinstance(c, str) and c.replace("_", "").isalnum() for c in codes):
        raise InputError(_("Give countries as ISO3 codes such as 'PHL' or ['PHL', 'MEX'], or 'all'."))
    joined = ";".join(c.upper() if c != "all" else c for c in codes)
    url = WORLD_BANK_API.format(countries=joined, indicator=indicator)
    name = f"worldbank_{indicator}_{joined.replace(';', '-')}.json"
    return read_remittances(_fetch(url, name, known_hash, cache))


def _fetch(url: str, fname: str, known_hash: str | None, cache: str | Path | None) -> Path:
    import pooch

    try:
        return Path(pooch.retrieve(url, known_hash=known_hash, fname=fname,
                                   path=Path(cache) if cache else cache_folder(), progressbar=False))
    except ValueError as err:  # pooch raises ValueError when the hash does not match
        # Translators: {problem} is pooch's own English message (the hashes that differ).
        raise InputError(_("The file from {url} is not the expected version: {problem}").format(
            url=url, problem=err)) from None
    except OSError as err:  # network down, DNS, HTTP errors
        # Translators: {problem} is the system's own English message; read_migrant_stock and read_remittances
        # are the names of the functions to call.
        raise InputError(_("Could not download {url} ({problem}); check the connection, or download the file "
                           "by hand and read it with read_migrant_stock / read_remittances.").format(
            url=url, problem=err)) from None


def read_migrant_stock(path: str | Path) -> pd.DataFrame:
    """Parse UN DESA's "stock by sex and destination" workbook into tidy rows.

    Returns columns ``area``, ``location_code``, ``type_of_data``, ``year`` and
    ``migrants`` (both sexes). Notes rows and empty values ("..") are dropped.
    """
    path = Path(path)
    try:
        raw = pd.read_excel(path, sheet_name=MIGRANT_STOCK_SHEET, header=None, dtype=object)
    except ValueError as err:
        raise InputError(_("{file} has no sheet {sheet}: is it the UN DESA migrant stock table by destination? "
                           "({problem})").format(file=path.name, sheet=repr(MIGRANT_STOCK_SHEET),
                                                 problem=err)) from None
    header_rows = raw.index[raw.apply(lambda r: r.astype(str).str.strip().eq(AREA_HEADER).any(), axis=1)]
    if len(header_rows) == 0:
        # Translators: {header} is the English heading of UN DESA's table, quoted as the file writes it.
        raise InputError(_("{file}: no header row with {header}; the layout may have changed.").format(
            file=path.name, header=repr(AREA_HEADER)))
    top = header_rows[0]
    header = [str(h).strip() if pd.notna(h) else "" for h in raw.iloc[top]]
    area_col = header.index(AREA_HEADER)
    code_col = header.index("Location code") if "Location code" in header else None
    type_col = header.index("Type of data") if "Type of data" in header else None
    # The first run of year columns is "both sexes"; the same years repeat for males and females.
    years: dict[int, int] = {}
    for i, h in enumerate(header):
        year = _as_year(h)
        if year is not None:
            if year in years:
                break
            years[year] = i
    if not years:
        raise InputError(_("{file}: no year columns (1990, 1995, ...) after the header row.").format(file=path.name))
    rows = []
    for _position, line in raw.iloc[top + 1:].iterrows():
        area = line.iloc[area_col]
        if pd.isna(area) or not str(area).strip():
            continue
        for year, col in years.items():
            value = pd.to_numeric(line.iloc[col], errors="coerce")
            if pd.isna(value):
                continue
            rows.append({"area": str(area).strip(),
                         "location_code": int(line.iloc[code_col]) if code_col is not None and pd.notna(line.iloc[code_col]) else None,
                         "type_of_data": str(line.iloc[type_col]).strip() if type_col is not None and pd.notna(line.iloc[type_col]) else "",
                         "year": year, "migrants": int(round(float(value)))})
    if not rows:
        raise InputError(_("{file}: the table has a header but no figures.").format(file=path.name))
    frame = pd.DataFrame(rows)
    frame["location_code"] = frame["location_code"].astype("Int64")
    return frame


def read_remittances(path: str | Path) -> pd.DataFrame:
    """Parse a World Bank API answer (``format=json``) into ``country``, ``iso3``, ``year``, ``value`` rows."""
    path = Path(path)
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(_("{file} is not the JSON the World Bank API returns ({problem}).").format(
            file=path.name, problem=err)) from None
    if isinstance(payload, list) and len(payload) == 1 and isinstance(payload[0], dict) and "message" in payload[0]:
        messages = "; ".join(m.get("value", "") for m in payload[0]["message"])
        # Translators: {messages} are the World Bank's own (English) words.
        raise InputError(_("The World Bank API answered with an error: {messages}").format(messages=messages))
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)
            and isinstance(payload[1], list)):
        raise InputError(_("{file}: expected [page information, list of observations] from the World Bank "
                           "API.").format(file=path.name))
    info, observations = payload
    if int(info.get("pages", 1)) > 1:
        raise InputError(_("{file} holds only page 1 of {pages}; ask for fewer countries or years.").format(
            file=path.name, pages=info["pages"]))
    rows = []
    for obs in observations:
        try:
            rows.append({"country": obs["country"]["value"], "iso3": obs.get("countryiso3code") or obs["country"]["id"],
                         "indicator": obs["indicator"]["id"], "year": int(obs["date"]),
                         "value": None if obs["value"] is None else float(obs["value"])})
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(_("{file}: an observation lacks a field the World Bank API always sends "
                               "({problem}).").format(file=path.name, problem=err)) from None
    frame = pd.DataFrame(rows, columns=["country", "iso3", "indicator", "year", "value"])
    frame["value"] = frame["value"].astype("Float64")
    return frame.sort_values(["iso3", "year"], ignore_index=True)


def _as_year(value) -> int | None:
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1950 <= number <= 2100 else None
