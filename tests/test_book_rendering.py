"""How the book renders, checked without building it: quiz markup, the theme fixes of
m4d.book_extension, plotly bundles, pre-compression, the print document, map labels."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
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
    # A page listed before the part (a lesson of the part above) does not leak into its name.
    before = '<li class="toctree-l2"><a class="reference internal" href="m0/a.html">Sectors of the economy</a></li>'
    named = name_sidebar_toggles(before + toc)
    assert '<summary aria-label="Pages in Module 1: local">' in named and "Sectors" not in named.split("<summary")[1]


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


def _two_figures_page():
    import plotly.graph_objects as go

    from m4d.figures import figure_bundle

    sankey = go.Figure(go.Sankey(node={"label": ["Remittances", "Housing", "Small business"]},
                                 link={"source": [0, 0], "target": [1, 2], "value": [3, 4]}))
    bars = go.Figure(go.Bar(x=["Tuscany", "Kasserine"], y=[3, 5])).update_layout(height=300, title="Partners")
    alts = ["Flows of remittances (illustrative) to housing and to small business.", 'Bars "per region" & more']
    html = "".join(figure_bundle(f, a)["text/html"] for f, a in zip((sankey, bars), alts))
    return f"<p>before</p>{html}<p>after</p>", alts


def test_each_figure_becomes_a_picture_with_its_alt_text_and_a_labelled_button_for_the_chart():
    from m4d.book_extension import _plotly_calls
    from m4d.figure_images import PHONE_MEDIA, PHONE_WIDTH, live_figures, static_first

    body, alts = _two_figures_page()
    page, pictures = static_first(body, _plotly_calls, lambda name: f"../_images/{name}",
                                  ["../_static/plotly.min.js"], 1400)
    # Each figure is drawn twice: as laid out, and for a phone (its own picture, chosen by the browser).
    desktop = [p for p in pictures if not p.name.endswith("-phone.svg")]
    phones = [p for p in pictures if p.name.endswith("-phone.svg")]
    assert len(desktop) == 2 and len(phones) == 2 and len({p.name for p in pictures}) == 4
    assert [p.height for p in desktop] == [450, 300], "plotly's default height, or the layout's"
    assert {p.width for p in phones} == {PHONE_WIDTH}
    figures = re.findall(r'<figure class="m4d-figure"[^>]*>.*?</figure>', page, re.S)
    assert len(figures) == 2
    for figure, alt, picture, phone in zip(figures, alts, desktop, phones):
        img = re.search(r"<img [^>]*>", figure).group(0)
        assert f'src="../_images/{picture.name}"' in img
        source = re.search(r"<source [^>]*>", figure).group(0)
        assert f'srcset="../_images/{phone.name}"' in source and f'media="{PHONE_MEDIA}"' in source
        assert re.search(r'alt="([^"]*)"', img).group(1) == alt.replace("&", "&amp;").replace('"', "&quot;")
        assert "aria-label" not in figure.split(">")[0], "the alt text is said once, by the picture"
        # The plotly code does not run on its own: plotly.js is not on the page until asked for.
        assert not re.search(r"<script(?: type=\"text/javascript\")?>", figure)
        assert figure.count('<script type="text/plain" class="m4d-figure-code">') == 1
        button = re.search(r"<button [^>]*>(.*?)</button>", figure, re.S)
        assert 'type="button"' in button.group(0) and 'data-m4d-scripts="../_static/plotly.min.js"' in button.group(0)
        assert re.sub(r"<[^>]+>", "", button.group(1)) == "Show the interactive chart (loads about 1.4 MB)"
    assert page.startswith("<p>before</p>") and page.endswith("<p>after</p>")
    # The written page names the same pictures (what the end of the build draws).
    assert live_figures(page, _plotly_calls) == pictures
    # A page rewritten twice (an incremental build) is left as it is.
    assert static_first(page, _plotly_calls, lambda name: name, [], 1)[0] == page


@pytest.mark.parametrize("language, download_kb, label", [
    ("fr", 1400, "Afficher le graphique interactif (environ 1,4\u00a0Mo à charger)"),
    ("fr", 396, "Afficher le graphique interactif (environ 396\u00a0ko à charger)"),
    ("es", 1400, "Mostrar el gráfico interactivo (descarga unos 1,4 MB)"),
    ("es", 396, "Mostrar el gráfico interactivo (descarga unos 396 kB)"),
])
def test_the_chart_button_speaks_the_editions_language_with_its_decimal_comma(language, download_kb, label):
    from m4d.book_extension import _plotly_calls
    from m4d.figure_images import static_first
    from m4d.i18n import use_language

    body, _ = _two_figures_page()
    with use_language(language):
        page, _ = static_first(body, _plotly_calls, lambda name: name, ["plotly.min.js"], download_kb)
    buttons = re.findall(r"<button [^>]*>(.*?)</button>", page, re.S)
    assert [re.sub(r"<[^>]+>", "", b) for b in buttons] == [label, label]


@pytest.mark.slow
@pytest.mark.browser
def test_figure_pictures_are_drawn_offline_from_the_same_figure(tmp_path):
    import plotly

    from m4d.book_export import CHROMIUM, CHROMIUM_ARGS
    from m4d.book_extension import _plotly_calls
    from m4d.figure_images import PHONE_WIDTH, render_svgs, static_first

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    body, _ = _two_figures_page()
    _, pictures = static_first(body, _plotly_calls, lambda name: name, [], 1)
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert render_svgs(pictures, tmp_path, plotly_js, [], CHROMIUM, CHROMIUM_ARGS) == 4, "two figures, each also for a phone"
    sankey, sankey_phone, bars, bars_phone = (ET.fromstring((tmp_path / p.name).read_text(encoding="utf-8"))
                                              for p in pictures)
    words = lambda svg: {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.text}
    # The figure's own words are drawn: node labels, category names, the title.
    assert {"Remittances", "Housing", "Small business"} <= words(sankey)
    assert {"Tuscany", "Kasserine", "Partners"} <= words(bars)
    assert bars.get("width") == "700" and bars.get("height") == "300"
    assert len(list(bars.iter("{http://www.w3.org/2000/svg}path"))) >= 2, "the bars are drawn"
    # The phone pictures draw the same words, narrower.
    assert {"Remittances", "Housing", "Small business"} <= words(sankey_phone)
    assert {"Tuscany", "Kasserine", "Partners"} <= words(bars_phone)
    assert bars_phone.get("width") == str(PHONE_WIDTH)
    assert render_svgs(pictures, tmp_path, plotly_js, [], CHROMIUM, CHROMIUM_ARGS) == 0, "drawn once, then kept"


def test_compacted_picture_moves_no_point_by_more_than_a_hundredth_of_a_pixel_and_keeps_its_text():
    from m4d.figure_images import compact_svg

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="700" height="450">'
           '<path d="M504.38695139110075,260.41534398490444L527.7086434731823,257.7651517028505Z"/>'
           '<g transform="translate(80.123456789,100)"><text x="12.3456789" y="3">Growth 3.14159265 %</text></g></svg>')
    small = compact_svg(svg)
    assert len(small) < len(svg)
    number = re.compile(r"-?\d+(?:\.\d+)?")
    old, new = ET.fromstring(svg), ET.fromstring(small)
    for a, b in zip(old.iter(), new.iter()):
        assert a.text == b.text, "text is never changed"
        for attr in a.attrib:
            xs, ys = number.findall(a.get(attr)), number.findall(b.get(attr))
            assert len(xs) == len(ys)
            assert all(abs(float(x) - float(y)) < 0.01 for x, y in zip(xs, ys)), attr


@pytest.mark.browser
def test_an_aligned_formula_of_the_book_keeps_its_relations_lined_up_in_the_browser():
    from playwright.sync_api import sync_playwright

    from m4d.book_export import CHROMIUM, CHROMIUM_ARGS
    from m4d.book_math import tex_to_mathml

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    lesson = (ROOT / "book" / "m5_resources" / "m5_04_budget_rules_and_allocation.md").read_text(encoding="utf-8")
    tex = re.search(r"\$\$\s*(\\begin\{aligned\}.*?\\end\{aligned\})\s*\$\$", lesson, re.S).group(1)
    mathml = tex_to_mathml([(tex, True)], ROOT / "node_modules" / "mathjax")[(tex, True)]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), timeout=60_000)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.set_content(f"<!DOCTYPE html><html><body>{mathml}</body></html>")
            # Per row: the right edge of what its first cell draws, and the left edge of its
            # relation sign (the first operator of the second cell), as chromium lays them out.
            rows = page.evaluate("""() => [...document.querySelectorAll('math > mtable > mtr')].map(row => {
                const [left, right] = row.children;
                const drawn = [...left.children].map(c => c.getBoundingClientRect()).filter(r => r.width > 0);
                const relation = right.querySelector('mo').getBoundingClientRect();
                return [Math.max(...drawn.map(r => r.right)), relation.left, right.querySelector('mo').textContent];
            })""")
        finally:
            browser.close()
    assert len(rows) == tex.count("\\\\") + 1 == 6
    assert {sign for *_, sign in rows} == {"=", "≤", "≥"}
    lefts_end = [r[0] for r in rows]
    relations = [r[1] for r in rows]
    assert max(lefts_end) - min(lefts_end) < 1, f"the left-hand sides end where the relations start: {lefts_end}"
    assert max(relations) - min(relations) < 1, f"every relation sign in one column: {relations}"


def test_a_page_left_with_tex_is_found_as_one_that_loads_mathjax(tmp_path):
    from m4d.book_extension import pages_loading_mathjax

    (tmp_path / "book").mkdir()
    (tmp_path / "_static" / "mathjax").mkdir(parents=True)
    (tmp_path / "book" / "a.html").write_text('<script defer="defer" src="../_static/mathjax/tex-chtml.js"></script>')
    (tmp_path / "book" / "b.html").write_text("<p>MathJax is not needed: <math><mi>x</mi></math></p>")
    (tmp_path / "_static" / "mathjax" / "c.html").write_text('<script src="mathjax/x.js"></script>')
    assert pages_loading_mathjax(tmp_path) == [tmp_path / "book" / "a.html"]
