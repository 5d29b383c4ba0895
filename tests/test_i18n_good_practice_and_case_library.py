"""The good-practice explorer (static page, widget, explore_cases) and the case library's table in French and
Spanish: what a reader sees is the catalogues' words, with no English sentence left (tests/english_sentences.py,
the detector the editions' test uses), while the filters keep the English codes the rows carry."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from m4d import i18n
from m4d.cases import case_map, case_table_html, load_cases
from m4d.initiatives import GoodPracticeExplorer, explore_cases, good_practice_html
from m4d.initiatives.explorer import map_spec, tag_pages
from m4d.initiatives.explorer_page import HEADINGS
from tests.english_sentences import english_runs, english_share
from tests.i18n_widget_catalogue import LANGUAGES, message_in
from tests.widget_translation import catalogue

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "m4_sectors_initiatives" / "m4_10_activity_good_practice_explorer.ipynb"


def _english_left(html: str, language: str, tmp_path: Path) -> list[tuple[str, str]]:
    page = tmp_path / f"page-{language}.html"
    page.write_text(f'<html lang="{language}"><body>{html}</body></html>', encoding="utf-8")
    return english_runs(page, language, {})


def _data(language: str, column: str, english: str, resource: str = "cases") -> str:
    return catalogue(language, "datasets")[(f"{resource}.{column}", english)]


def _message(language: str, english: str) -> str:
    return catalogue(language)[(None, english)]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    shown = {"en": good_practice_html()}
    for language in LANGUAGES:
        with i18n.use_language(language):
            shown[language] = good_practice_html()
    return shown


def test_the_static_explorer_in_english_is_the_page_the_lesson_stored():
    # The notebook's stored output was written before the explorer was translated: English must not move.
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    stored = next(o for c in cells if c["cell_type"] == "code" and "good_practice_html()" in "".join(c["source"])
                  for o in c["outputs"] if "text/html" in o.get("data", {}))
    assert "".join(stored["data"]["text/html"]) == good_practice_html()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_explorer_shows_no_english_sentence(pages, language, tmp_path):
    assert _english_left(pages[language], language, tmp_path) == []
    assert _english_left(pages["en"], language, tmp_path), "the detector finds the English page's sentences"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_explorers_headings_and_filter_labels_are_the_catalogues(pages, language):
    page = pages[language]
    headings = [html.unescape(h) for h in re.findall(r'<th scope="col">([^<]*)</th>', page)]
    assert headings == [_message(language, h) for h in HEADINGS]
    labels = {html.unescape(v): html.unescape(t) for v, t in re.findall(r'<option value="([^"]*)" data-label="([^"]*)"', page)}
    region = "Latin America and the Caribbean"
    assert labels[region] == _data(language, "world_regions", region)
    assert labels["JMDI"] == _data(language, "funding_sources", "JMDI")
    # The options' values are the codes the rows carry, the same in every edition.
    assert re.findall(r'<option value="([^"]*)"', page) == re.findall(r'<option value="([^"]*)"', pages["en"])
    assert re.findall(r' data-m4-sectors="[^"]*"', page) == re.findall(r' data-m4-sectors="[^"]*"', pages["en"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_explorer_tells_the_script_its_count_sentences(pages, language):
    template = re.search(r'data-template="([^"]*)"', pages[language]).group(1)
    singular, plural = catalogue(language)[(None, "Showing {shown} of {total} example.")]
    assert html.unescape(template) == plural
    assert "data-template" not in pages["en"]  # the script's own sentences are the English ones


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explorers_map_hover_shows_the_titles_territories_and_countries_translated(language):
    cases = load_cases().set_index("id")
    with i18n.use_language(language):
        spec = map_spec([18])
    hovers = [t for trace in spec["data"] for t in trace["text"]]
    assert len(hovers) == 2
    title = _data(language, "title", cases.loc[18, "title"])
    assert all(title in h for h in hovers)
    assert any(_data(language, "territories", "Tuscany") in h for h in hovers)
    assert not any(english_share(re.sub(r"<[^>]+>", " ", h), language) for h in hovers)


@pytest.mark.parametrize("language", LANGUAGES)
def test_explore_cases_says_what_it_found_in_the_readers_language(language):
    asked = dict(sector="health", direction="South-South", actor_type="diaspora and migrant associations")
    english = explore_cases(**asked).message
    with i18n.use_language(language):
        shown = explore_cases(**asked).message
    assert not english_share(shown, language)
    # The sector asked by its code is named by the catalogue's label.
    assert _data(language, "label", "Health", "initiative_sectors").lower() in shown.lower()
    first, rest = english.split(". ", 1)
    assert message_in(language, first + ".", shown.split(". ", 1)[0] + ".")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explorers_table_and_tag_pages_are_in_the_readers_language(language):
    english = explore_cases(sector="health", actor_type="diaspora and migrant associations")
    with i18n.use_language(language):
        table = english.table()
        kinds = tag_pages(18, "kind")
    assert list(table.columns) == [_message(language, c) for c in english.table().columns]
    assert list(table.iloc[:, 1]) == [_data(language, "title", t) for t in english.table()["title"]]
    assert {_data(language, "label", k, "initiative_kinds"): v for k, v in tag_pages(18, "kind").items()} == kinds


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explorer_widgets_snapshot_shows_no_english_sentence(language, tmp_path):
    with i18n.use_language(language):
        snapshot = GoodPracticeExplorer(sector="Health", actor_type="diaspora and migrant associations").snapshot_html()
    assert _english_left(snapshot, language, tmp_path) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_librarys_table_shows_actors_funders_places_and_corridors_translated(language, tmp_path):
    cases = load_cases().set_index("id")
    with i18n.use_language(language):
        page = case_table_html()
    assert _english_left(page, language, tmp_path) == []
    row = re.search(r'<tr [^>]*>(?:(?!</tr>).)*?<td>25</td>.*?</tr>', page, re.S).group(0)
    for actor in cases.loc[25, "actors"]:
        assert _data(language, "actors", actor) in html.unescape(row)
    row = re.search(r'<tr [^>]*>(?:(?!</tr>).)*?<td>1</td>.*?</tr>', page, re.S).group(0)
    assert f"<td>{_data(language, 'funding_sources', 'JMDI')}</td>" in html.unescape(row)
    corridor = cases.loc[20, "corridor"]
    shown = html.unescape(re.sub(r' data-text="[^"]*"', "", page))
    assert _data(language, "corridor", corridor) in shown and corridor not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_librarys_map_names_the_territories_in_the_readers_language(language):
    with i18n.use_language(language):
        figure = case_map()
    hovers = [t for trace in figure.data for t in trace.text]
    assert any(_data(language, "territories", "Tuscany") in h for h in hovers)
    assert not any(english_share(re.sub(r"<[^>]+>", " ", h), language) for h in hovers)
