"""Public data loaders, tested offline on small files in the formats UN DESA and the World Bank publish."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from m4d import InputError
from m4d.survey import public_data

DATA = Path(__file__).resolve().parent / "data"
STOCK = DATA / "undesa_ims_stock_by_sex_and_destination_sample.xlsx"
REMITTANCES = DATA / "worldbank_remittances_sample.json"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Tests never download: any attempt to open a connection fails the test."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_migrant_stock_reads_both_sexes_by_area_and_year():
    frame = public_data.read_migrant_stock(STOCK)
    a = frame[frame["area"] == "Country A"].set_index("year")["migrants"]
    assert a.to_dict() == {1990: 100, 1995: 110, 2000: 120, 2005: 130, 2010: 140, 2015: 150, 2020: 160}
    assert frame.loc[frame["area"] == "Country A", "location_code"].iloc[0] == 901


def test_migrant_stock_skips_missing_values_and_blank_rows():
    frame = public_data.read_migrant_stock(STOCK)
    b_years = set(frame.loc[frame["area"] == "Country B", "year"])
    assert 1995 not in b_years  # ".." in the file
    assert frame["area"].notna().all() and len(frame) == 20


def test_world_bank_answer_becomes_tidy_rows_with_missing_values_kept():
    frame = public_data.read_remittances(REMITTANCES)
    assert list(frame.columns) == ["country", "iso3", "indicator", "year", "value"]
    assert frame.loc[(frame.iso3 == "AAA") & (frame.year == 2021), "value"].iloc[0] == 1250000.5
    assert frame.loc[(frame.iso3 == "BBB") & (frame.year == 2021), "value"].isna().all()


def test_world_bank_error_answer_gets_a_message():
    with pytest.raises(InputError, match="not valid"):
        public_data.read_remittances(DATA / "worldbank_error_sample.json")


def test_a_file_of_the_wrong_kind_is_refused(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("<html>maintenance</html>")
    with pytest.raises(InputError, match="not the JSON"):
        public_data.read_remittances(bad)
    with pytest.raises(InputError, match="Table 1"):
        public_data.read_migrant_stock(DATA / "worldbank_remittances_sample.json")


def test_loaders_read_from_the_cache_without_downloading(tmp_path):
    # pooch only downloads when the file is not in the cache folder (the guard below proves nothing goes out).
    shutil.copy(STOCK, tmp_path / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx")
    shutil.copy(REMITTANCES, tmp_path / "worldbank_BX.TRF.PWKR.CD.DT_AAA-BBB.json")
    assert len(public_data.migrant_stock(cache=tmp_path)) == 20
    assert len(public_data.remittances(["AAA", "BBB"], cache=tmp_path)) == 4


def test_the_urls_are_the_publishers_own():
    assert public_data.MIGRANT_STOCK_URL.startswith("https://www.un.org/development/desa/pd/")
    assert public_data.WORLD_BANK_API.startswith("https://api.worldbank.org/v2/")


def test_country_codes_are_checked():
    with pytest.raises(InputError, match="ISO3"):
        public_data.remittances(["PHL; DROP"], cache="/nonexistent")
