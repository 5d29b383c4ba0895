"""The case map has one point per located territory; the HTML table is searchable and labelled."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from m4d.cases.search import fold
from m4d.cases import case_map, case_map_alt, case_table_html, filter_cases, load_cases, load_places, mapped_places

CASES, PLACES = load_cases(), load_places()


def _points(fig):
    return [(cid, lat, lon) for trace in fig.data for cid, lat, lon in zip(trace.customdata, trace.lat, trace.lon)]


def test_map_has_one_point_per_located_place():
    points = _points(case_map(CASES, PLACES))
    located = mapped_places(PLACES)
    assert len(points) == len(located)
    assert sorted(points) == sorted(zip(located["case_id"], located["latitude"], located["longitude"]))


def test_map_of_a_selection_shows_only_its_cases():
    health = filter_cases(CASES, sector="health")
    ids = {cid for cid, _, _ in _points(case_map(health, PLACES))}
    assert ids == set(health["id"]) - {cid for cid in health["id"] if mapped_places(PLACES).query("case_id == @cid").empty}


def test_map_colours_corridor_cases_apart():
    fig = case_map(CASES, PLACES)
    corridor_trace = next(t for t in fig.data if "corridor" in t.name)
    corridor_ids = set(CASES[CASES["follows_corridor"].fillna(False).astype(bool)]["id"])
    assert set(corridor_trace.customdata) <= corridor_ids


def test_alt_text_counts_the_points_and_the_territories_left_off():
    alt = case_map_alt(CASES, PLACES)
    unmapped = (PLACES["location_basis"] == "not mapped").sum()
    assert f"{len(mapped_places(PLACES))} points" in alt
    assert f"{unmapped} territories" in alt


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels, self.controls, self.rows, self.options, self._in_body = set(), [], [], {}, False
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.labels.add(a.get("for"))
        if tag in ("input", "select"):
            self.controls.append(a.get("id"))
        if tag == "select":
            self._select = a["data-facet"]
            self.options[self._select] = []
        if tag == "option" and self._select and a.get("value"):
            self.options[self._select].append(a["value"])
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows.append(a)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def parsed():
    parser = _Controls()
    parser.feed(case_table_html(CASES))
    return parser


def test_table_has_one_row_per_case(parsed):
    assert len(parsed.rows) == len(CASES)


def test_every_control_has_a_label(parsed):
    assert parsed.controls, "the table has a search box and filters"
    assert set(parsed.controls) <= parsed.labels
    assert {"sectors", "direction", "initiative_kinds"} <= set(parsed.options)


def test_filter_options_are_the_values_the_cases_use(parsed):
    for column, options in parsed.options.items():
        assert set(options) == {v for items in CASES[column] for v in items}, column


def test_rows_carry_the_values_the_script_filters_on(parsed):
    for attrs, (_, row) in zip(parsed.rows, CASES.iterrows()):
        assert attrs["data-sectors"].split("|") == row["sectors"]
        assert attrs["data-direction"].split("|") == (row["direction"] or [""])
        assert fold(row["title"].split()[0]) in attrs["data-text"]


def test_table_escapes_markup_in_the_data():
    tricky = CASES.head(1).copy()
    tricky.loc[tricky.index[0], "title"] = "<script>alert(1)</script>"
    html = case_table_html(tricky)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_two_tables_on_a_page_get_distinct_control_ids():
    a, b = _Controls(), _Controls()
    a.feed(case_table_html(CASES, table_id="one"))
    b.feed(case_table_html(CASES, table_id="two"))
    assert set(a.controls).isdisjoint(b.controls)
