"""The illustrative region: reproducible from its seed, labelled illustrative, and its truth is the population's."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import load_dataset_script
from m4d import datasets
from m4d.survey.region import households, known_truth, municipalities

ROOT = Path(__file__).resolve().parents[1]


def test_committed_files_are_what_the_seeded_script_generates(tmp_path):
    load_dataset_script("make_households").main(["--out", str(tmp_path)])
    for name in ("region_municipalities", "region_households", "region_truth"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (ROOT / "datasets" / f"{name}.csv").read_bytes(), name


def test_known_truth_is_the_population_value():
    population = households()
    assert known_truth("share_with_member_abroad") == pytest.approx(population["has_member_abroad"].mean(), abs=1e-6)
    rural = population[population["stratum"] == "rural"]
    assert known_truth("mean_monthly_remittances", "rural") == pytest.approx(rural["remittances_monthly"].mean(),
                                                                            abs=1e-5)


def test_municipality_household_counts_match_the_population():
    counts = households()["municipality_id"].value_counts()
    table = municipalities().set_index("municipality_id")["households"]
    assert counts.sort_index().tolist() == table.sort_index().tolist()


@pytest.mark.parametrize("name", ["region_municipalities", "region_households", "region_truth"])
def test_region_data_is_labelled_illustrative(name):
    res = datasets.resource(name)
    assert res["m4d:illustrative"] is True
    assert "illustrative" in res["title"].lower() and "ILLUSTRATIVE" in res["description"]


def test_committed_population_stays_small():
    assert (ROOT / "datasets" / "region_households.csv").stat().st_size < 3_000_000


def test_unknown_truth_gets_a_message():
    from m4d import InputError

    with pytest.raises(InputError, match="Indicators"):
        known_truth("happiness")
