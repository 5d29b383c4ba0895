"""The data package describes every dataset, and every dataset fits its description."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from frictionless import Package, validate

from m4d import datasets

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "datasets" / "datapackage.json"
REQUIRED_KEYS = {"name", "path", "title", "description", "sources", "licenses", "schema", "m4d:illustrative"}


def _resources():
    return json.loads(PACKAGE.read_text(encoding="utf-8"))["resources"]


def test_every_csv_in_datasets_is_described_by_the_data_package():
    described = {r["path"] for r in _resources()}
    on_disk = {p.relative_to(ROOT / "datasets").as_posix() for p in (ROOT / "datasets").rglob("*.csv")}
    assert on_disk - described == set(), "CSV files with no resource in datapackage.json"
    assert described - on_disk == set(), "resources whose file is missing"


@pytest.mark.parametrize("res", _resources(), ids=lambda r: r["name"])
def test_resource_says_where_its_values_come_from(res):
    assert REQUIRED_KEYS <= set(res), f"missing keys: {REQUIRED_KEYS - set(res)}"
    assert isinstance(res["m4d:illustrative"], bool)
    assert res["sources"] and all(s.get("title") for s in res["sources"])
    assert res["schema"]["fields"], "a schema lists its fields"


def test_data_package_validates_with_frictionless():
    report = validate(str(PACKAGE))
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors][:20]
    assert report.valid, "\n".join(errors or [str(e) for e in report.errors])


@pytest.mark.parametrize("name", [r["name"] for r in _resources()])
def test_loader_returns_every_row_with_typed_columns(name):
    frame = datasets.load(name)
    res = datasets.resource(name)
    rows = Package(str(PACKAGE)).get_resource(name).read_rows()
    assert len(frame) == len(rows)
    for field in res["schema"]["fields"]:
        if field.get("type") in ("integer", "year"):
            assert str(frame[field["name"]].dtype) == "Int64"
        elif field.get("type") == "number":
            assert str(frame[field["name"]].dtype) == "Float64"
