"""A desk review from public data, read offline from small files in UN DESA's and the World Bank's formats."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from m4d import InputError
from m4d.desk_review import trend_table
from m4d.survey import public_data

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """The desk review never downloads in a test: opening a connection fails it."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_migrant_stock_trend_compares_the_first_and_latest_year_of_the_file():
    stock = public_data.read_migrant_stock(DATA / "undesa_ims_stock_by_sex_and_destination_sample.xlsx")
    table = trend_table(stock, ["Country A"]).iloc[0]
    # The sample file holds 100 migrants in 1990 and 160 in 2020 for Country A: a rise of 60 %.
    assert (table["first year"], table["first figure"]) == (1990, 100)
    assert (table["latest year"], table["latest figure"]) == (2020, 160)
    assert table["change (%)"] == pytest.approx(60.0)


def test_remittance_trend_skips_years_the_world_bank_left_empty():
    money = public_data.read_remittances(DATA / "worldbank_remittances_sample.json")
    for name in money["country"].unique():
        row = trend_table(money, [name], place="country", value="value").iloc[0]
        known = money[(money["country"] == name) & money["value"].notna()]
        assert row["latest year"] == known["year"].max()
        assert row["first year"] == known["year"].min()


def test_a_place_the_source_does_not_name_gets_a_message_with_its_names():
    stock = public_data.read_migrant_stock(DATA / "undesa_ims_stock_by_sex_and_destination_sample.xlsx")
    with pytest.raises(InputError, match="No rows for 'Atlantis'.*Country A"):
        trend_table(stock, ["Atlantis"])


def test_a_table_without_the_expected_columns_is_refused():
    with pytest.raises(InputError, match="no column 'migrants'"):
        trend_table(pd.DataFrame({"area": ["x"], "year": [2020]}), ["x"])


def test_a_single_year_gives_no_change_rather_than_zero():
    frame = pd.DataFrame({"area": ["x"], "year": [2020], "migrants": [10]})
    assert pd.isna(trend_table(frame, ["x"]).loc[0, "change (%)"])
