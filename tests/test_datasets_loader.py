"""The loader reports a missing or malformed file with the file, row and column."""
from __future__ import annotations

import pytest

from m4d import InputError
from m4d.datasets import load, load_csv

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "year", "type": "year"},
        {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
        {"name": "sectors", "type": "string", "m4d:list": True},
        {"name": "corridor", "type": "boolean"},
    ],
    "primaryKey": ["id"],
}


def _write(tmp_path, text):
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads_with_types_and_lists(tmp_path):
    path = _write(tmp_path, "id,year,share,sectors,corridor\na,2016,0.5,health; education,true\nb,,,,no\n")
    frame = load_csv(path, SCHEMA)
    assert frame["year"].tolist()[0] == 2016 and str(frame["year"].dtype) == "Int64"
    assert frame["sectors"].tolist() == [["health", "education"], []]
    assert frame["corridor"].tolist() == [True, False]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_csv(tmp_path / "nope.csv", SCHEMA)


def test_bad_value_names_file_row_and_column(tmp_path):
    path = _write(tmp_path, "id,year,share,sectors,corridor\na,2016,0.5,,true\nb,twenty,0.1,,false\n")
    with pytest.raises(InputError, match=r"cases.csv, row 3, column year: 'twenty' is not a year"):
        load_csv(path, SCHEMA)


def test_missing_column_is_named(tmp_path):
    path = _write(tmp_path, "id,year,share,sectors\na,2016,0.5,\n")
    with pytest.raises(InputError, match="lacks the column"):
        load_csv(path, SCHEMA)


def test_out_of_range_value_is_reported(tmp_path):
    path = _write(tmp_path, "id,year,share,sectors,corridor\na,2016,1.5,,true\n")
    with pytest.raises(InputError, match="row 2, column share: 1.5 is above the maximum 1"):
        load_csv(path, SCHEMA)


def test_duplicated_key_is_reported(tmp_path):
    path = _write(tmp_path, "id,year,share,sectors,corridor\na,2016,,,\na,2017,,,\n")
    with pytest.raises(InputError, match="repeated"):
        load_csv(path, SCHEMA)


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(InputError, match="no dataset called 'nope'"):
        load("nope")


def test_a_key_of_two_columns_is_unique_as_a_pair_not_column_by_column(tmp_path):
    schema = {"fields": [{"name": "case", "type": "string"}, {"name": "place", "type": "string"}],
              "primaryKey": ["case", "place"]}
    path = tmp_path / "places.csv"
    path.write_text("case,place\n1,Tuscany\n1,Kasserine\n2,Tuscany\n", encoding="utf-8")
    assert len(load_csv(path, schema)) == 3
    path.write_text("case,place\n1,Tuscany\n1,Tuscany\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 3: the key \(case='1', place='Tuscany'\) is repeated"):
        load_csv(path, schema)
