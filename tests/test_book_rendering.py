"""How the book renders, checked without building it: quiz markup, the theme fixes of
m4d.book_extension, plotly bundles, pre-compression, the print document, map labels."""
from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from m4d.book_export import print_document, reading_order
from m4d.book_extension import PLOTLY_BUNDLES, name_sidebar_toggles, plotly_bundle_for, precompress
from m4d.quiz import load_quiz
from m4d.quiz_rendering import quiz_html

ROOT = Path(__file__).resolve().parents[1]
QUIZZES = sorted(p for p in (ROOT / "book").rglob("quizzes/*.json") if "_build" not in p.parts)


class _Controls(HTMLParser):
    """Form controls and what names them, as a browser computes it for a simple page."""

    def __init__(self):
        super().__init__()
        self.inputs, self.label_for, self.ids, self.open_labels = [], set(), [], 0
        self.legends, self.fieldsets = 0, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label":
            self.open_labels += 1
            if "for" in a:
                self.label_for.add(a["for"])
        elif tag == "input":
            self.inputs.append((a, self.open_labels > 0))
        elif tag == "legend":
            self.legends += 1
        elif tag == "fieldset":
            self.fieldsets += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.name)
def test_every_quiz_control_has_a_label_and_every_question_a_legend(path):
    questions = load_quiz(path)
    parser = _Controls()
    parser.feed(quiz_html(questions, quiz_id=path.stem))
    assert parser.fieldsets == parser.legends == len(questions)
    for attrs, wrapped in parser.inputs:
        assert wrapped or attrs.get("id") in parser.label_for, f"an input with no label: {attrs}"
    assert len(parser.ids) == len(set(parser.ids)), "ids are unique"
    # Single-answer questions are radio groups, multi-answer ones check boxes.
    kinds = [a.get("type") for a, _ in parser.inputs]
    assert kinds.count("radio") == sum(len(q["answers"]) for q in questions if q["type"] == "multiple_choice")
    assert kinds.count("checkbox") == sum(len(q["answers"]) for q in questions if q["type"] == "many_choice")


def test_quiz_markup_is_the_same_run_after_run_and_keeps_the_order_it_is_given():
    questions = load_quiz(QUIZZES[0])
    first = quiz_html(questions, "m0_01")
    assert first == quiz_html(questions, "m0_01")
    shown = [a.get("answer") for a in questions[0]["answers"] if "answer" in a]
    positions = [first.index(json.dumps(t)[1:-1].replace('"', "&quot;")) for t in shown[:2]]
    assert positions == sorted(positions)


def test_quiz_text_is_escaped_but_links_and_math_survive():
    html = quiz_html([{"question": "Is <b>2 < 3</b>? See [the guide](g.html); $x^2$", "type": "multiple_choice",
                       "answers": [{"answer": "yes", "correct": True, "feedback": "It is <i>so</i>."},
                                   {"answer": "no", "correct": False, "feedback": "It is not."}]}], "t")
    assert "&lt;b&gt;2 &lt; 3&lt;/b&gt;" in html and '<a href="g.html">the guide</a>' in html
    assert '<span class="math notranslate nohighlight">\\(x^2\\)</span>' in html
    assert 'data-feedback="It is &lt;i&gt;so&lt;/i&gt;."' in html


def test_sidebar_toggles_are_named_after_the_part_they_open():
    toc = ('<li class="toctree-l1 has-children"><a class="reference internal" href="m1/index.html">Module 1: '
           '<em>local</em></a><details><summary><span class="toctree-toggle" role="presentation">'
           '<i class="fa-solid fa-chevron-down"></i></span></summary><ul></ul></details></li>')
    assert '<summary aria-label="Pages in Module 1: local">' in name_sidebar_toggles(toc)


def test_plotly_bundle_lists_match_what_each_installed_bundle_says_it_holds():
    for package, filename, types in PLOTLY_BUNDLES:
        readme = ROOT / "node_modules" / package / "README.md"
        if not readme.exists():
            pytest.skip("npm assets not installed (run `make env`)")
        listed = re.search(r"Contains trace modules (.*?)\.", readme.read_text(encoding="utf-8")).group(1)
        assert set(re.findall(r"`([a-z0-9]+)`", listed)) == types, package


def test_the_smallest_bundle_that_draws_every_trace_is_chosen():
    assert plotly_bundle_for({"bar"})[1] == "plotly-basic.min.js"
    assert plotly_bundle_for({"scattergeo"})[1] == "plotly-geo.min.js"
    assert plotly_bundle_for({"heatmap", "bar"})[1] == "plotly-cartesian.min.js"
    assert plotly_bundle_for({"bar", "sankey"}) is None  # only the full plotly.js draws a sankey
    assert plotly_bundle_for({"scattergeo", "heatmap"}) is None


def test_precompressed_copies_decompress_to_the_original(tmp_path):
    (tmp_path / "a.js").write_text("var x = 1;\n" * 500)
    (tmp_path / "b.png").write_bytes(b"\x89PNG" + bytes(200))
    (tmp_path / "c.css").write_text("a{}")
    totals = precompress(tmp_path)
    assert gzip.decompress((tmp_path / "a.js.gz").read_bytes()) == (tmp_path / "a.js").read_bytes()
    assert not (tmp_path / "b.png.gz").exists(), "images are not compressed again"
    assert not (tmp_path / "c.css.gz").exists(), "a copy that would be larger is not kept"
    assert totals["gzip_bytes"] < totals["raw_bytes"]


def _page(title, body, nxt=None):
    link = f'<a class="right-next" href="{nxt}">next</a>' if nxt else ""
    return (f"<html><head><title>{title}</title><link href=\"../_static/x.css\" rel=\"stylesheet\"></head><body>"
            f'<article class="bd-article" role="main">{body}</article>{link}</body></html>')


def test_print_document_joins_pages_in_reading_order_with_links_inside_it(tmp_path):
    book = tmp_path / "book"
    (book / "m1").mkdir(parents=True)
    (tmp_path / "_static").mkdir()
    (book / "intro.html").write_text(_page("Intro", '<section id="summary"><a href="m1/a.html#summary">to A</a>'
                                                    '<img src="../_images/x.png"></section>', "m1/a.html"))
    (book / "m1" / "a.html").write_text(_page("A", '<section id="summary"><a href="#summary">here</a>'
                                                   '<a href="../intro.html">back</a><a href="https://x.org">out</a>'
                                                   '<div id="fig-abc"></div></section>'))
    assert reading_order(tmp_path) == ["book/intro.html", "book/m1/a.html"]
    doc = print_document(tmp_path)
    ids = re.findall(r'id="([^"]+)"', doc)
    assert len(ids) == len(set(ids)), "the two pages' 'summary' sections keep distinct ids"
    for href in re.findall(r'href="#([^"]+)"', doc):
        assert href in ids, href
    assert 'href="#book-m1-a--summary"' in doc and 'href="#book-intro"' in doc
    assert 'href="https://x.org"' in doc and 'src="_images/x.png"' in doc and 'id="fig-abc"' in doc
    assert 'href="_static/x.css"' in doc


def test_partner_map_labels_do_not_overlap():
    from m4d.partners import candidates_for
    from m4d.partners.corridor_map import _label_box, _overlap, label_positions

    for home in ("Schaerbeek", "Murcia"):
        c = candidates_for(home)
        positions = label_positions(c["latitude"], c["longitude"], c["name"].tolist())
        assert len(positions) == len(c)
    # Five places a few pixels apart (as on a map of a whole corridor): every label finds a free side.
    lats, lons = [35.0, 35.05, 35.1, 34.95, 35.02], [-5.0, -4.95, -5.05, -5.0, -4.9]
    names = ["Tangier", "Tetouan", "Al Hoceima", "Nador", "Fes"]
    positions = label_positions(lats + [50.0], lons + [4.0], names + ["Brussels"])
    assert len(set(positions[:5])) > 1, "labels of close places take different sides"
