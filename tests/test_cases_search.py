"""Searching and filtering the case library returns exactly the cases that match."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from m4d import InputError
from m4d.cases import FACETS, filter_cases, load_cases, search_cases, vocabulary

CASES = load_cases()


@pytest.mark.parametrize("sector", vocabulary("sectors"))
def test_filtering_by_sector_returns_only_and_all_cases_with_that_sector(sector):
    kept = filter_cases(CASES, sector=sector)
    assert all(sector in items for items in kept["sectors"])
    left_out = CASES[~CASES["id"].isin(kept["id"])]
    assert not any(sector in items for items in left_out["sectors"])


def test_filter_by_several_values_keeps_cases_with_any_of_them():
    kept = set(filter_cases(CASES, sector=["health", "education"])["id"])
    assert kept == set(filter_cases(CASES, sector="health")["id"]) | set(filter_cases(CASES, sector="education")["id"])


def test_different_filters_must_all_hold():
    both = filter_cases(CASES, sector="health", direction="South-South")
    assert set(both["id"]) == set(filter_cases(CASES, sector="health")["id"]) & \
        set(filter_cases(CASES, direction="South-South")["id"])
    assert len(both) < len(filter_cases(CASES, sector="health"))


def test_corridor_filter_splits_cases_and_leaves_out_a_merely_planned_corridor():
    yes, no = filter_cases(CASES, follows_corridor=True), filter_cases(CASES, follows_corridor=False)
    assert set(yes["id"]).isdisjoint(no["id"])
    assert 11 in set(yes["id"])          # Schaerbeek - Al Hoceima
    assert 10 not in set(yes["id"]) | set(no["id"])   # Sabadell only plans it
    assert len(yes) + len(no) == CASES["follows_corridor"].notna().sum()


def test_unknown_value_is_refused_with_the_list_of_choices():
    with pytest.raises(InputError, match="not a sector.*Choose from: governance"):
        filter_cases(CASES, sector="healthcare")


def test_unknown_filter_is_refused():
    with pytest.raises(InputError, match="cannot be filtered by 'colour'"):
        filter_cases(CASES, colour="red")


def test_no_filter_keeps_every_case_in_order():
    assert filter_cases(CASES)["id"].tolist() == CASES["id"].tolist()
    assert filter_cases(CASES, **{k: None for k in FACETS})["id"].tolist() == CASES["id"].tolist()


def test_search_finds_a_case_by_a_place_named_only_in_it():
    assert search_cases(CASES, "Schaerbeek")["id"].tolist() == [11]


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(CASES["title"].tolist()), st.randoms(use_true_random=False))
def test_search_is_case_insensitive(title, rnd):
    word = max(title.split(), key=len)
    scrambled = "".join(ch.upper() if rnd.random() < 0.5 else ch.lower() for ch in word)
    assert search_cases(CASES, scrambled)["id"].tolist() == search_cases(CASES, word.lower())["id"].tolist()
    assert not search_cases(CASES, scrambled).empty


def test_search_ignores_accents():
    assert search_cases(CASES, "sedhiou")["id"].tolist() == search_cases(CASES, "Sédhiou")["id"].tolist() == [12]


def test_search_needs_every_word():
    tuscany, health = set(search_cases(CASES, "tuscany")["id"]), set(search_cases(CASES, "health")["id"])
    assert set(search_cases(CASES, "health tuscany")["id"]) == tuscany & health


def test_empty_search_keeps_everything_and_a_non_text_query_is_refused():
    assert len(search_cases(CASES, "   ")) == len(CASES)
    with pytest.raises(InputError):
        search_cases(CASES, 42)


def test_search_and_filter_return_copies_that_can_be_changed_safely():
    found = search_cases(CASES, "diaspora")
    found.loc[found.index[0], "title"] = "changed"
    assert "changed" not in CASES["title"].tolist()
