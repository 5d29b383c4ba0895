"""The good-practice explorer finds the examples a learner asks for, agrees with the case library's own
filters, says what to drop when nothing matches, and works in the static book."""
from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from m4d import InputError
from m4d.cases import filter_cases, load_cases, search_cases, vocabulary
from m4d.initiatives import explore_cases
from m4d.initiatives.explorer import CaseIndex, case_tags, map_spec, synthetic_cases, tag_pages
from m4d.initiatives.explorer_page import good_practice_html
from m4d.initiatives.vocabulary import case_sector_map


def test_health_partnerships_with_a_diaspora_association_are_the_tuscany_and_catalan_cases():
    result = explore_cases(sector="health", actor_type="diaspora and migrant associations")
    assert result.cases["id"].tolist() == [12, 18]
    assert result.table().set_index("example").loc[18, "pages"] == "pp. 17, 52"


def test_no_south_south_case_matches_and_the_message_says_which_filter_to_drop():
    result = explore_cases(sector="health", direction="South-South", actor_type="diaspora and migrant associations")
    assert result.cases.empty
    assert result.relaxations[0] == ("direction", 2)
    assert "without the direction filter, 2 would" in result.message


@pytest.mark.parametrize("facet,column,vocab", [("direction", "direction", "direction"),
                                                ("world_region", "world_region", "world_regions"),
                                                ("actor_type", "actor_type", "actor_types")])
def test_shared_facets_agree_with_the_case_library_filter(facet, column, vocab):
    cases = load_cases()
    for value in vocabulary(vocab):
        expected = filter_cases(cases, **{column: value})["id"].tolist()
        assert explore_cases(**{facet: value}).cases["id"].tolist() == expected, value


def test_a_module_4_sector_is_the_union_of_the_case_sectors_grouped_under_it():
    cases = load_cases()
    grouped = {}
    for fine, codes in case_sector_map().items():
        for code in codes:
            grouped.setdefault(code, []).append(fine)
    for code, fine in grouped.items():
        expected = filter_cases(cases, sector=fine)["id"].tolist()
        assert explore_cases(sector=code).cases["id"].tolist() == expected, code


def test_search_words_agree_with_the_case_library_search_on_names():
    cases = load_cases()
    for words in ["kasserine", "tuscany", "maputo durban", "sédhiou"]:
        assert set(explore_cases(words).cases["id"]) <= set(search_cases(cases, words)["id"]), words
        assert set(explore_cases(words).cases["id"]), words


def test_funding_sources_are_a_facet_with_not_stated():
    result = explore_cases(funding_source="JMDI")
    assert result.cases["id"].tolist() == [1, 18, 25]
    assert 2 in explore_cases(funding_source="not stated").cases["id"].tolist()


def test_an_unknown_value_or_facet_is_refused_with_the_choices():
    with pytest.raises(InputError, match="is not a sector the explorer knows. Choose from: Governance"):
        explore_cases(sector="tourism")
    with pytest.raises(InputError, match="cannot filter by 'colour'"):
        explore_cases(colour="red")


def test_counts_say_how_many_examples_each_value_would_leave():
    result = explore_cases(direction="South-South")
    for sector, n in result.counts["sector"].items():
        assert n == len(explore_cases(direction="South-South", sector=sector).cases)


def test_every_tag_of_the_case_library_has_a_supporting_page_in_the_example():
    cases = load_cases().set_index("id")
    tags = case_tags()
    extra_pages = {18: {17, 63}, 5: {20}}  # photo captions that describe the same projects
    listed = set()
    for cid, facet, tag, page in tags[["case_id", "facet", "tag", "page"]].itertuples(index=False):
        row = cases.loc[cid]
        assert tag in row["sectors" if facet == "sector" else "initiative_kinds"], (cid, tag)
        allowed = set(range(int(row["page"]), int(row["page_end"]) + 1)) | extra_pages.get(cid, set())
        assert page in allowed, (cid, tag, page)
        listed.add((cid, facet, tag))
    for cid, row in cases.iterrows():
        for tag in row["sectors"]:
            assert (cid, "sector", tag) in listed
        for tag in row["initiative_kinds"]:
            assert (cid, "initiative_kind", tag) in listed


def test_the_training_of_health_personnel_is_supported_by_the_caption_on_page_17():
    assert tag_pages(18, "kind")["Training"] == [17]
    assert tag_pages(18, "sector") == {"Health": [52]}


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(vocabulary("sectors")), st.sampled_from(vocabulary("direction")))
def test_the_index_filters_synthetic_libraries_as_the_case_library_does(seed, sector, direction):
    cases = synthetic_cases(300, seed)
    index = CaseIndex.build(cases)
    groups = case_sector_map()[sector] if sector in case_sector_map() else ()
    for code in groups:
        fine = [f for f, codes in case_sector_map().items() if code in codes]
        expected = filter_cases(cases, sector=fine, direction=direction)["id"].to_numpy()
        got = index.ids[index.mask(sector=code, direction=direction)]
        assert np.array_equal(got, expected)


def test_the_map_holds_only_the_points_of_the_examples_asked_for():
    spec = map_spec([18])
    ids = {c for trace in spec["data"] for c in trace["customdata"]}
    assert ids == {18}
    assert sum(len(t["lat"]) for t in spec["data"]) == 2  # Tuscany and Kasserine


def test_the_static_explorer_has_six_filters_counts_and_a_map_linked_to_the_table():
    page = good_practice_html()
    facets = re.findall(r'<select id="good-practice-(\w+)" data-facet', page)
    assert facets == ["sector", "kind", "direction", "world_region", "actor_type", "funding_source"]
    map_id = re.search(r'data-map="([^"]+)"', page).group(1)
    assert f'id="{map_id}"' in page and f'getElementById("{map_id}")' in page
    assert re.search(r'<option value="Health" data-label="Health">Health \(5\)</option>', page)
    assert len(re.findall(r'<tr [^>]*data-case="\d+"', page)) == 28
    assert re.search(r'data-m4-sectors="[^"]*Health[^"]*"[^>]*data-case="18"', page)
