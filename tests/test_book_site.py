"""The published book: it builds with warnings as errors, and in a real browser every
page loads without console errors or requests to the internet and passes axe-core
(no critical or serious violation, light and dark mode), fits a phone, and works
with the keyboard; internal links resolve, quizzes answer, search finds lessons,
launch links open the hub; the PDF and the offline pack are complete.

Every page is found in the build (tests.site_browser.book_pages), so new modules and
language editions are covered with no change here. One book build and one browser
are shared by all the tests of this file."""
from __future__ import annotations

import json
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

from tests.site_browser import (axe_violations, book_pages, chromium, focus_is_visible, load_allow_list, serve,
                                tab_to)
from m4d.quiz import shown_quiz
from tests.page_kinds import every_kind_sample

ROOT = Path(__file__).resolve().parents[1]
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.slow


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(html_dir: Path) -> list[Path]:
    skip = {"genindex.html", "search.html"}
    return sorted(p for p in html_dir.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


def test_book_builds_with_warnings_as_errors(built_book):
    assert (built_book / "index.html").exists()
    assert (built_book / "searchindex.js").exists()


def test_no_internal_link_is_broken(built_book):
    broken = []
    parsed = {p: _parse(p) for p in _pages(built_book)}
    for page, links in parsed.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_book)} -> {href}")
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(built_book)} -> {href} (no such anchor)")
    assert broken == []


def test_every_lesson_page_has_a_download_button(built_book):
    for page in built_book.rglob("m[0-9]_*.html"):
        text = page.read_text(encoding="utf-8")
        assert re.search(r'href="[^"]*_sources/[^"]+\.(ipynb|md)"', text), f"{page.name} offers no download"


@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    try:
        with chromium() as b:
            yield b
    except RuntimeError as err:
        pytest.fail(str(err))


def _open(browser, site, mode="light", viewport=None):
    """A page that records console errors and refuses any request that leaves the machine.

    ``mode`` is the reader's colour mode (as the theme's switcher stores it)."""
    context = browser.new_context(color_scheme=mode, viewport=viewport or {"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith((site, "data:", "blob:")) and not url.startswith(f"{site}/favicon.ico"):
            request_route.continue_()
        else:
            problems.append(f"request to the internet: {url}")
            request_route.abort()

    page.route("**/*", route)
    return context, page, problems


def _settle(page):
    # The book's script (m4d-book.js) finishes its work on the load event.
    page.wait_for_function("document.readyState === 'complete'")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")


def _set_mode(page, mode):
    """Switch the open page to a colour mode as the theme's switcher does (no reload)."""
    page.emulate_media(color_scheme=mode)
    page.evaluate("""(mode) => { localStorage.setItem('mode', mode); localStorage.setItem('theme', mode);
        document.documentElement.dataset.mode = mode; document.documentElement.dataset.theme = mode; }""", mode)
    # Colours that fade from one mode to the other are measured once they have arrived. An animation
    # that repeats for ever (a spinner) never finishes: the wait stops after 3 s whatever is left.
    page.evaluate("() => Promise.race([Promise.all(document.getAnimations().filter(a => a.effect"
                  " && a.effect.getTiming().iterations !== Infinity).map(a => a.finished.catch(() => null))),"
                  " new Promise(r => setTimeout(r, 3000))])"
                  ".then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")


def _sideways(page, rel) -> list[str]:
    """What makes the open page wider than a phone's screen."""
    too_wide = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        culprit = page.evaluate("""() => { const w = document.documentElement.clientWidth;
            const e = [...document.querySelectorAll('body *')].find(e => e.getBoundingClientRect().right > w + 1
                && !e.closest('[style*=overflow], .m4d-cl-scroll, .pst-scrollable-table-container, .output, pre'));
            return e ? e.tagName + '.' + e.className : '?'; }""")
        too_wide.append(f"{rel}: {width} px wide ({culprit})")
    for box in page.evaluate("[...document.querySelectorAll('.m4d-figure .main-svg, .m4d-figure-picture')]"
                             ".filter(s => !s.closest('[hidden]')).map(s => s.getBoundingClientRect().right)"):
        if box > PHONE["width"] + 1:
            too_wide.append(f"{rel}: a chart ends at {box:.0f} px")
    return too_wide


def test_every_module_of_the_book_is_built_and_swept(built_book):
    # The browser sweep takes its pages from the build: a module missing from the build
    # (its table-of-contents entry lost in a merge) would silently go unchecked.
    pages = book_pages(built_book)
    modules = sorted(p.name for p in (ROOT / "book").glob("m[0-9]_*") if p.is_dir())
    assert modules and {"m4_sectors_initiatives", "m7_learning_and_evaluation"} <= set(modules)
    for module in modules:
        lessons = sorted(q.stem for q in (ROOT / "book" / module).glob("*.*") if q.suffix in {".md", ".ipynb"})
        built = sorted(Path(p).stem for p in pages if p.startswith(f"book/{module}/"))
        assert built == lessons, f"{module}: built {built}, lessons {lessons}"


@pytest.mark.browser
# Every page of the book in one test (about 6 minutes on 2 idle cores): twice the usual bound.
@pytest.mark.timeout(1800, func_only=True)
def test_every_page_passes_axe_in_light_and_dark_mode_fits_a_phone_and_loads_cleanly(built_book, site, browser):
    """One visit per page: axe in light mode, the same page switched to dark mode, then narrowed
    to a phone's width; no console error, no request to the internet.

    Every page gets axe in light mode, the dark mode switch and the phone width (what scrolls
    sideways depends on the page's own tables, figures and words). axe in dark mode runs on
    the pages of tests.page_kinds.every_kind_sample: every kind of element of the build (tag,
    class, inline style) on at least one page, plus every page that sets colours of its own.
    A dark-mode violation is a colour pair, and the colours come from the stylesheet's rules
    for a kind of element, not from the page's text: a second page with the same kinds gets
    the same colours (the sample was 25 of 83 pages; the second axe run was a quarter of the
    sweep's time, see CONTRIBUTING.md, "Test suite timing")."""
    allow = load_allow_list()
    pages = book_pages(built_book)
    dark_sample = set(every_kind_sample(built_book))
    assert dark_sample <= set(pages) and {"search.html", "book/intro.html"} <= dark_sample
    context, page, problems = _open(browser, site, mode="light")
    try:
        for rel in pages:
            before = len(problems)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.emulate_media(color_scheme="light")  # the page's own setting is light (see _open)
            page.goto(f"{site}/{rel}", wait_until="load")
            _settle(page)
            assert page.evaluate("document.documentElement.dataset.theme") == "light", rel
            problems += [f"light: {v}" for v in axe_violations(page, allow)]
            _set_mode(page, "dark")
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)", \
                f"{rel}: the dark mode is not applied"
            if rel in dark_sample:
                problems += [f"dark: {v}" for v in axe_violations(page, allow)]
            page.set_viewport_size(PHONE)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 250)))")  # resize handlers
            problems += _sideways(page, rel)
            problems[before:] = [p if p.startswith(rel) else f"{rel}: {p}" for p in problems[before:]]
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_a_legend_beside_a_chart_moves_below_it_on_a_phone(built_book, site, browser):
    pages = [p for p in book_pages(built_book) if '"legend"' in (built_book / p).read_text(encoding="utf-8")
             and 'class="m4d-figure"' in (built_book / p).read_text(encoding="utf-8")]
    assert pages, "some figure of the book has a legend"
    context, page, problems = _open(browser, site, viewport=PHONE)
    try:
        page.goto(f"{site}/{pages[0]}", wait_until="load")
        _settle(page)
        _show_interactive_charts(page)
        orientations = page.evaluate("[...document.querySelectorAll('.m4d-figure .js-plotly-plot')]"
                                     ".map(p => (p._fullLayout.showlegend ? p._fullLayout.legend.orientation : 'h'))")
    finally:
        context.close()
    assert orientations and set(orientations) == {"h"}, orientations


def _quiz_page(built_book):
    """A lesson page and its quiz's questions in the order a learner sees them (found in the build)."""
    for rel in book_pages(built_book):
        source = ROOT / Path(rel).with_suffix(".md")
        quiz = source.parent / "quizzes" / f"{source.stem.split('_')[0]}_{source.stem.split('_')[1]}.json" \
            if source.exists() and "_" in source.stem else None
        if quiz and quiz.exists():
            questions = shown_quiz(json.loads(quiz.read_text(encoding="utf-8")), quiz.name)
            kinds = {q["type"] for q in questions}
            if {"multiple_choice", "numeric"} <= kinds:
                return rel, questions
    pytest.fail("no lesson has a quiz with a single-answer and a numeric question")




@pytest.mark.browser
def test_a_quiz_answers_from_the_keyboard_alone_with_feedback_in_words(built_book, site, browser):
    rel, questions = _quiz_page(built_book)
    n = next(i for i, q in enumerate(questions) if q["type"] == "multiple_choice")
    right = next(i for i, a in enumerate(questions[n]["answers"]) if a.get("correct"))
    wrong = next(i for i, a in enumerate(questions[n]["answers"]) if not a.get("correct"))
    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/{rel}", wait_until="load")
        form = page.locator(".m4d-quiz-question").nth(n)
        # Tab into the question's radio group, move with the arrow keys, Tab to Check, press Enter.
        tab_to(page, f".m4d-quiz-question:nth-of-type({n + 1}) input[type=radio]")
        assert focus_is_visible(page), "the focused option shows where the focus is"
        for target in (wrong, right):
            current = page.evaluate("Number(document.activeElement.value)")
            key = "ArrowDown" if target > current else "ArrowUp"
            for _ in range(abs(target - current)):
                page.keyboard.press(key)
            if target == current:
                page.keyboard.press("Space")
            assert page.evaluate("Number(document.activeElement.value)") == target
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('m4d-quiz-check')")
            assert focus_is_visible(page)
            page.keyboard.press("Enter")
            feedback = form.locator(".m4d-quiz-feedback")
            assert feedback.get_attribute("role") == "status"
            text = feedback.inner_text()
            assert text.startswith("Right." if target == right else "Not this one."), text
            assert questions[n]["answers"][target]["feedback"] in text
            page.keyboard.press("Shift+Tab")  # back to the chosen option

        # A numeric question: type a right value (a range's middle, or the value), press Enter.
        m = next(i for i, q in enumerate(questions) if q["type"] == "numeric")
        answer = next(a for a in questions[m]["answers"] if a.get("correct"))
        value = answer["value"] if "value" in answer else sum(answer["range"]) / 2
        box = page.locator(".m4d-quiz-question").nth(m).locator("input[type=text]")
        assert page.locator(".m4d-quiz-question").nth(m).get_by_label("Your answer").count() == 1
        box.focus()
        page.keyboard.type("not a number")
        page.keyboard.press("Enter")
        assert "Type a number" in page.locator(".m4d-quiz-question").nth(m).locator(".m4d-quiz-feedback").inner_text()
        box.fill("")
        page.keyboard.type(str(value).replace(".", ","))  # a French reader's decimal comma
        page.keyboard.press("Enter")
        assert page.locator(".m4d-quiz-question").nth(m).locator(".m4d-quiz-feedback").inner_text().startswith("Right.")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_skip_link_is_the_first_stop_and_moves_the_focus_to_the_lesson(built_book, site, browser):
    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/{book_pages(built_book)[1]}", wait_until="load")
        page.keyboard.press("Tab")
        skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        assert skip == ["Skip to main content", "#main-content"]
        box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.width, r.height]; })()")
        assert box[0] > 0 and box[1] > 0, "the skip link shows when it has the focus"
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#main-content')"), "the next Tab lands in the lesson"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_case_library_filters_and_table_work_from_the_keyboard(built_book, site, browser):
    from m4d.cases import load_cases

    cases = load_cases()
    health = int(cases["sectors"].map(lambda s: "health" in (s or [])).sum())
    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/book/reference/case_library.html", wait_until="load")
        _settle(page)
        rows = page.locator(".m4d-case-library tbody tr:not([hidden])")
        tab_to(page, ".m4d-case-library input[type=search]")
        assert focus_is_visible(page)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('data-facet')") == "sectors"
        options = page.evaluate("[...document.activeElement.options].map(o => o.value)")
        for _ in range(options.index("health")):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.value") == "health"
        assert rows.count() == health
        assert page.locator(".m4d-case-library [role=status]").inner_text() == f"Showing {health} of {len(cases)} examples."
        tab_to(page, ".m4d-case-library button[type=reset]")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelectorAll('.m4d-case-library tbody tr:not([hidden])').length === {len(cases)}")
        # The table scrolls inside its own box, which takes the focus and scrolls with the arrow keys.
        tab_to(page, ".m4d-cl-scroll")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Scrollable")
        tall = page.evaluate("(e => e.scrollHeight > e.clientHeight)(document.activeElement)")
        page.keyboard.press("PageDown" if tall else "ArrowRight")
        page.wait_for_timeout(300)  # smooth scrolling
        assert page.evaluate(f"document.activeElement.{'scrollTop' if tall else 'scrollLeft'}") > 0
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _show_interactive_charts(page, count=None):
    """Press the button of the first ``count`` figures of the open page (all by default) and
    wait until plotly has drawn them."""
    buttons = page.locator(".m4d-figure-load")
    n = buttons.count() if count is None else min(count, buttons.count())
    for _ in range(n):
        page.locator(".m4d-figure-load").first.click()
        page.wait_for_function("() => !document.querySelector('.m4d-figure-load[aria-disabled=true]')", timeout=30_000)
    page.wait_for_function(f"document.querySelectorAll('.m4d-figure .js-plotly-plot .main-svg').length >= {n}",
                           timeout=30_000)


def _plotly_requests(page_requests):
    return [u for u in page_requests if "plotly" in u.rsplit("/", 1)[-1] or "m4d-geo-" in u]


@pytest.mark.browser
def test_a_figure_is_a_picture_until_the_keyboard_asks_for_the_chart_whose_tools_are_buttons(built_book, site, browser):
    rel = next(p for p in book_pages(built_book) if 'class="m4d-figure"' in (built_book / p).read_text(encoding="utf-8")
               and "m4d-figure-load" in (built_book / p).read_text(encoding="utf-8"))
    context, page, problems = _open(browser, site)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(f"{site}/{rel}", wait_until="load")
        _settle(page)
        assert not _plotly_requests(requests), "a light page loads no plotly.js before the reader asks"
        figure = page.locator("figure.m4d-figure[data-m4d-static]").first
        alt = figure.locator("img.m4d-figure-picture").get_attribute("alt")
        assert alt and alt.strip()
        tab_to(page, ".m4d-figure-load")
        name = page.evaluate("document.activeElement.textContent.trim()")
        assert name.startswith("Show the interactive chart (loads about "), name
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.matches('figure.m4d-figure')", timeout=30_000)
        assert _plotly_requests(requests), "the chart's scripts load on request"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == alt
        assert page.evaluate("document.activeElement.querySelector('.m4d-figure-picture').hidden")
        assert page.evaluate("!!document.activeElement.querySelector('.js-plotly-plot .main-svg')")
        # From the chart, Tab reaches its tools, which are named buttons.
        tab_to(page, ".m4d-figure .modebar-btn", limit=40)
        assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focus_is_visible(page)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_search_finds_a_lesson_by_a_word_from_its_body(site, browser):
    context, page, problems = _open(browser, site)
    try:
        # "Mainstreaming" appears in the body of the Module 2 lessons.
        page.goto(f"{site}/search.html?q=mainstreaming", wait_until="load")
        results = page.locator("ul.search li a")
        results.first.wait_for(timeout=15_000)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any(re.search(r"m2_\d\d_", h or "") for h in hrefs), hrefs
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_launch_link_opens_the_configured_hub_with_the_notebook_path(built_book, site, browser):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    hub = config["launch_buttons"]["jupyterhub_url"].rstrip("/")
    repo_url = config["repository"]["url"]
    notebooks = sorted(p for p in (ROOT / "book").rglob("m*_activity_*.ipynb") if "_build" not in p.parts)
    assert notebooks, "the book has activity notebooks"
    source = notebooks[0].relative_to(ROOT)
    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/{source.with_suffix('.html').as_posix()}", wait_until="load")
        link = page.locator(f'a[href^="{hub}/hub/user-redirect/git-pull"]').first
        href = link.get_attribute("href")
    finally:
        context.close()
    query = parse_qs(urlparse(href).query)
    assert query["repo"] == [repo_url]
    assert query["urlpath"] == [f"lab/tree/{repo_url.rstrip('/').split('/')[-1]}/{source.as_posix()}"]
    assert query["branch"] == [config["repository"]["branch"]]


@pytest.mark.browser
def test_every_figure_shows_its_picture_with_alt_text_and_draws_on_request(built_book, site, browser):
    pages = [p for p in _pages(built_book) if 'class="m4d-figure"' in p.read_text(encoding="utf-8")]
    assert len(pages) >= 5, "lessons and activities show figures"
    context, page, problems = _open(browser, site)
    try:
        for path in pages:
            rel = path.relative_to(built_book).as_posix()
            page.goto(f"{site}/{rel}", wait_until="load")
            # Each figure's plotly call (a call quoted inside a JSON string is not one).
            plotly_figures = len(re.findall(r'Plotly\.newPlot\(\s*"fig-', path.read_text(encoding="utf-8")))
            pictures = page.locator("figure.m4d-figure img.m4d-figure-picture")
            assert pictures.count() == plotly_figures, f"{rel}: every plotly figure has a picture"
            for i in range(pictures.count()):
                pictures.nth(i).scroll_into_view_if_needed()
                assert (pictures.nth(i).get_attribute("alt") or "").strip(), f"{rel}: a picture has no alt text"
                pictures.nth(i).evaluate("img => img.decode()")
                assert pictures.nth(i).evaluate("img => img.naturalWidth") > 0, f"{rel}: a picture does not load"
            unnamed = page.evaluate("[...document.querySelectorAll('figure.m4d-figure:not([data-m4d-static])')]"
                                    ".filter(f => !(f.getAttribute('aria-label') || f.querySelector('[aria-label], title, caption')))"
                                    ".length")
            assert unnamed == 0, f"{rel}: a figure with no picture has no text alternative"
            if plotly_figures:
                _show_interactive_charts(page, count=1)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_case_library_map_draws_its_outlines_and_table_filters_with_no_kernel(built_book, site, browser):
    from m4d.cases import load_cases, mapped_places

    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/book/reference/case_library.html", wait_until="load")
        _show_interactive_charts(page)
        page.locator(".m4d-figure .js-plotly-plot .geo").first.wait_for(timeout=15_000)
        assert page.locator(".geo .scattergeo .point").count() == len(mapped_places())
        outline = page.locator(".geo .countries path").first.get_attribute("d")
        assert outline and len(outline) > 100, "the world outlines are drawn from the book's own files"

        rows = page.locator(".m4d-case-library tbody tr:not([hidden])")
        assert rows.count() == len(load_cases())
        status = page.locator(".m4d-case-library [role=status]")
        before = status.inner_text()
        page.get_by_label("Sector", exact=True).select_option("health")
        assert 0 < rows.count() < len(load_cases())
        for i in range(rows.count()):
            assert "health" in (rows.nth(i).get_attribute("data-sectors") or "")
        assert status.inner_text() != before
        page.get_by_label("Sector", exact=True).select_option("")
        page.get_by_label("Search the cases").fill("SEDHIOU")
        assert rows.count() == 1
        assert rows.first.locator("td").first.inner_text().strip() == "12"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_widget_pages_show_a_snapshot_not_an_empty_widget_view(built_book):
    notebooks = sorted(p for p in (ROOT / "book").rglob("m*_activity_*.ipynb") if "_build" not in p.parts)
    assert notebooks
    for source in notebooks:
        html = (built_book / source.relative_to(ROOT).with_suffix(".html")).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in html, f"{source.name}: an empty widget view"
        assert "BEGIN SOLUTION" not in html and "BEGIN HIDDEN TESTS" not in html


def test_the_book_links_its_pdf_and_offline_pack(built_book):
    from m4d.book_export import PACK_NAME, PDF_NAME

    text = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    for name in (PDF_NAME, PACK_NAME):
        assert f'href="../_downloads/{name}"' in text
        assert (built_book / "_downloads" / name).stat().st_size > 100_000


def test_neither_the_site_nor_its_offline_pack_carries_mathjax_once_every_formula_is_mathml(built_book):
    from m4d.book_export import PACK_NAME
    from m4d.book_extension import pages_loading_mathjax

    assert any("<math" in (built_book / p).read_text(encoding="utf-8") for p in book_pages(built_book)), \
        "the book has formulas (as MathML)"
    assert not pages_loading_mathjax(built_book)
    assert not (built_book / "_static" / "mathjax").exists()
    with zipfile.ZipFile(built_book / "_downloads" / PACK_NAME) as pack:
        carried = [n for n in pack.namelist() if "mathjax" in n.lower()]
    assert not carried, f"the offline pack carries MathJax: {carried[:3]}"


def test_the_pdf_holds_every_page_with_figures_and_working_internal_links(built_book):
    import pypdf

    from m4d.book_export import PDF_NAME, reading_order
    from m4d.cases import case_map

    reader = pypdf.PdfReader(built_book / "_downloads" / PDF_NAME)
    chapters = reading_order(built_book)
    assert len(chapters) >= len([p for p in book_pages(built_book) if p.startswith("book/")]) - 1
    # Each page of the book starts a new sheet, and lessons run to several sheets.
    assert len(reader.pages) > len(chapters)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for chapter in chapters[:3] + chapters[-3:]:
        title = re.search(r"<h1>(.*?)<a", (built_book / chapter).read_text(encoding="utf-8"), re.S)
        heading = re.sub(r"<[^>]+>", "", title.group(1)).strip() if title else ""
        assert heading.split()[0] in text, f"{chapter}: its title {heading!r} is not in the PDF"
    # The case map draws its title as SVG text: seeing it in the PDF means the chart was drawn.
    assert case_map().layout.title.text in text.replace("\n", " ")
    internal, broken = 0, []
    named = reader.named_destinations
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if dest is None:
                continue
            internal += 1
            if isinstance(dest, (str, bytes)) or hasattr(dest, "original_bytes"):
                if str(dest) not in named:
                    broken.append(f"sheet {number + 1}: {dest}")
    assert internal > 50, f"only {internal} links inside the PDF"
    assert not broken, broken[:10]


@pytest.mark.browser
def test_every_page_of_the_offline_pack_opens_from_the_file_system(built_book, browser, tmp_path):
    from m4d.book_export import PACK_NAME

    with zipfile.ZipFile(built_book / "_downloads" / PACK_NAME) as pack:
        names = pack.namelist()
        pack.extractall(tmp_path)
    root = tmp_path / "m4d-course"
    assert any(n.startswith("m4d-course/notebooks/") and n.endswith(".ipynb") for n in names)
    assert "m4d-course/datasets/datapackage.json" in names
    package = json.loads((root / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert (root / "datasets" / Path(resource["path"]).name).exists(), resource["path"]
    problems: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            problems.append(f"request to a server: {url}")
            request_route.abort()

    page.route("**/*", route)
    try:
        page.goto((root / "index.html").as_uri(), wait_until="load")
        page.wait_for_url("**/book/intro.html")
        for rel in book_pages(root / "book"):
            before = len(problems)
            page.goto((root / "book" / rel).as_uri(), wait_until="load")
            problems[before:] = [f"{rel}: {p}" for p in problems[before:]]
        page.goto((root / "book" / "search.html").as_uri() + "?q=mainstreaming", wait_until="load")
        page.locator("ul.search li a").first.wait_for(timeout=15_000)
        figure_page = next(p for p in book_pages(root / "book") if "case_library" in p)
        page.goto((root / "book" / figure_page).as_uri(), wait_until="load")
        _show_interactive_charts(page)
        page.locator(".m4d-figure .js-plotly-plot .geo").first.wait_for(timeout=15_000)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# --- Phone pictures of figures, pages at a phone's width, formulas as MathML, fresh quizzes ---

_PLOT_AREA = re.compile(r'<g class="xy" transform="translate\(([\d.]+),([\d.]+)\)" clip-path="url\(#(\w+)\)"')
_LEGEND = re.compile(r'<g class="legend"[^>]*transform="translate\(([\d.]+),([\d.]+)\)">\s*<rect class="bg"[^>]*'
                     r'width="([\d.]+)" height="([\d.]+)"')


def _svg_geometry(svg: str) -> dict:
    """Where plotly drew a cartesian picture's plot area and legend (read from the SVG itself)."""
    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))
    area = _PLOT_AREA.search(svg)
    clip = re.search(rf'<clipPath id="{area.group(3)}"[^>]*><rect width="([\d.]+)" height="([\d.]+)"', svg) if area else None
    legend = _LEGEND.search(svg)
    sizes = [float(s) for s in re.findall(r"<text[^>]*font-size: ?([\d.]+)px", svg)]
    return {"width": width,
            "plot_bottom": float(area.group(2)) + float(clip.group(2)) if clip else None,
            "legend": tuple(float(v) for v in legend.groups()) if legend else None,
            "smallest_text": min(sizes) if sizes else None}


def _figure_pages(built_book) -> list[str]:
    return [p for p in book_pages(built_book) if "m4d-figure-pictures" in (built_book / p).read_text(encoding="utf-8")]


def _pictures_loaded(page) -> list[dict]:
    """Every figure picture of the open page, scrolled to and decoded: what it shows and at what size."""
    pictures = page.locator("img.m4d-figure-picture")
    shown = []
    for i in range(pictures.count()):
        pictures.nth(i).scroll_into_view_if_needed()
        pictures.nth(i).evaluate("img => img.decode()")
        shown.append(pictures.nth(i).evaluate(
            "img => ({src: img.currentSrc, natural: img.naturalWidth, shown: img.getBoundingClientRect().width})"))
    return shown


@pytest.mark.browser
def test_a_phone_downloads_only_the_phone_picture_of_each_figure_with_its_legend_under_the_plot(
        built_book, site, browser):
    from m4d.figure_images import PHONE_WIDTH, READABLE_TEXT

    pages = _figure_pages(built_book)
    assert len(pages) >= 5, "lessons and activities show figures as pictures"
    legends_checked = 0
    problems: list[str] = []
    for viewport, phone in ((PHONE, True), ({"width": 1280, "height": 900}, False)):
        context, page, errors = _open(browser, site, viewport=viewport)
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url) if "/_images/m4d-figure-" in r.url else None)
        try:
            for rel in pages:
                page.goto(f"{site}/{rel}", wait_until="load")
                _settle(page)
                for picture in _pictures_loaded(page):
                    assert picture["natural"] > 0, f"{rel}: {picture['src']} does not load"
                    if picture["src"].endswith("-phone.svg") != phone:
                        problems.append(f"{rel} at {viewport['width']} px shows {picture['src']}")
                    if not phone:
                        continue
                    svg = (built_book / unquote(urlparse(picture["src"]).path).lstrip("/")).read_text(encoding="utf-8")
                    geometry = _svg_geometry(svg)
                    assert geometry["width"] == PHONE_WIDTH
                    # Text drawn at N px in a picture shown at a fraction of its size is read smaller.
                    rendered = geometry["smallest_text"] * picture["shown"] / picture["natural"]
                    if rendered < READABLE_TEXT:
                        problems.append(f"{rel}: text of {rendered:.1f} px in {picture['src']}")
                    if geometry["legend"] and geometry["plot_bottom"] is not None:
                        legends_checked += 1
                        x, y, w, _ = geometry["legend"]
                        if y < geometry["plot_bottom"] or x + w > geometry["width"] + 1:
                            problems.append(f"{rel}: the legend at ({x}, {y}), {w} px wide, is not under the plot "
                                            f"(which ends at y={geometry['plot_bottom']}) or leaves the picture")
        finally:
            context.close()
        wrong = [u for u in requested if u.endswith("-phone.svg") != phone]
        assert not wrong, f"at {viewport['width']} px the other picture was downloaded too: {wrong[:3]}"
        assert requested and not errors, errors
    assert legends_checked >= 2, "figures with a legend were checked on a phone"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pages_with_figures_snapshots_or_tables_opened_on_a_phone_never_scroll_sideways(built_book, site, browser):
    pages = [p for p in book_pages(built_book)
             if re.search(r'm4d-figure-pictures|m4d-widget-snapshot|<table', (built_book / p).read_text(encoding="utf-8"))]
    assert len(pages) >= 10
    context, page, errors = _open(browser, site, viewport=PHONE)
    problems: list[str] = []
    try:
        for rel in pages:
            page.goto(f"{site}/{rel}", wait_until="load")
            _settle(page)
            problems += _sideways(page, rel)
            # A table wider than the screen scrolls in its own box, which the keyboard can reach.
            stuck = page.evaluate("""() => [...document.querySelectorAll('.bd-article table')].filter(t => {
                    if (t.getBoundingClientRect().width <= document.documentElement.clientWidth) return false;
                    let box = t.parentElement;
                    while (box && !(/(auto|scroll)/.test(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth))
                        box = box.parentElement;
                    return !box || box.tabIndex < 0;
                }).length""")
            if stuck:
                problems.append(f"{rel}: {stuck} wide tables with no scroll box the keyboard can reach")
    finally:
        context.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_formulas_are_mathml_drawn_by_the_browser_and_no_page_loads_mathjax(built_book, site, browser):
    pages = [p for p in book_pages(built_book) if "<math" in (built_book / p).read_text(encoding="utf-8")]
    assert len(pages) >= 3, "lessons with formulas"
    for rel in book_pages(built_book):
        text = (built_book / rel).read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]*src="[^"]*mathjax|window\.MathJax', text, re.I), f"{rel} still loads MathJax"
        assert not re.search(r'class="math notranslate nohighlight"', text), f"{rel}: a formula left as TeX"
    context, page, errors = _open(browser, site)
    try:
        page.goto(f"{site}/{pages[0]}", wait_until="load")
        _settle(page)
        # A fraction is drawn as a fraction: its numerator above its denominator.
        boxes = page.evaluate("""() => [...document.querySelectorAll('math mfrac')].map(f => {
                const [top, bottom] = [...f.children].map(c => c.getBoundingClientRect());
                return top && bottom ? [top.bottom, bottom.top, f.getBoundingClientRect().width] : null; })
            .filter(Boolean)""")
        sizes = page.evaluate("[...document.querySelectorAll('math')].map(m => m.getBoundingClientRect().width)")
    finally:
        context.close()
    assert sizes and min(sizes) > 0
    assert not errors, errors
    for numerator_bottom, denominator_top, width in boxes:
        assert numerator_bottom <= denominator_top + 1 and width > 0


def test_a_formula_mathjax_cannot_read_stops_the_build_with_the_formula_named():
    from m4d.book_math import MathError, tex_to_mathml

    mathjax = ROOT / "node_modules" / "mathjax"
    good = tex_to_mathml([(r"\frac{a}{b}", False), (r"\sum_{i=1}^{n} x_i", True)], mathjax)
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in good[(r"\frac{a}{b}", False)]
    assert 'display="block"' in good[(r"\sum_{i=1}^{n} x_i", True)]
    with pytest.raises(MathError, match=r"\\frac\{a\}\{"):
        tex_to_mathml([(r"\frac{a}{", False)], mathjax)


def _small_book(tmp_path: Path, language: str = "en", other_code: bool = True) -> tuple[Path, Path]:
    """A book of one lesson (named intro, where the PDF starts) whose self-check is m2_02's quiz, built with the execution cache; the
    quiz file's path and the function that (re)builds the book and returns its page and log. With ``other_code`` the lesson has a
    code cell of its own before the quiz, so a kernel runs it (a lesson whose only code cell is its quiz needs none)."""
    import shutil
    import subprocess
    import sys

    book = tmp_path / "book"
    (book / "book" / "quizzes").mkdir(parents=True)
    (book / "datasets").mkdir()
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copyfile(ROOT / "book" / "m2_mainstreaming" / "quizzes" / "m2_02.json", book / "book" / "quizzes" / "m2_02.json")
    for domain in ("m4d", "quizzes/m2_02"):
        source = ROOT / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
        if source.exists():
            (book / "locales" / language / "LC_MESSAGES" / domain).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, book / "locales" / language / "LC_MESSAGES" / f"{domain}.po")
    (book / "_config.yml").write_text(
        "title: quiz cache\nonly_build_toc_files: true\nexclude_patterns: [_build, node_modules, datasets, locales]\n"
        "execute:\n  execute_notebooks: cache\n  timeout: 120\n"
        f"sphinx:\n  extra_extensions: [m4d.book_extension]\n  config:\n    language: {language}\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    (book / "book" / "intro.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n---\n# A lesson\n\n"
        + ('```{code-cell} python3\nprint("the lesson\'s own code")\n```\n\n' if other_code else "")
        + "## Self-check\n\n```{code-cell} python3\n:tags: [remove-input]\n"
        'from m4d.quiz import show_quiz\nshow_quiz("quizzes/m2_02.json")\n```\n', encoding="utf-8")
    env = {**os.environ, "M4D_LANG": language, "M4D_LOCALES": str(book / "locales")}

    def build():
        done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "--path-output",
                               str(tmp_path / "out"), "--builder", "html"], capture_output=True, text=True,
                              timeout=900, env=env)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        page = tmp_path / "out" / "_build" / "html" / "book" / "intro.html"
        return page.read_text(encoding="utf-8"), done.stdout + done.stderr

    return book, build


def test_a_quiz_file_edited_after_a_cached_build_shows_its_new_text_in_the_rebuilt_page(tmp_path):
    """jupyter-cache knows a cell by its source: the quiz cell's source carries its file's digest."""
    import html

    book, build = _small_book(tmp_path)
    quiz_file = book / "book" / "quizzes" / "m2_02.json"
    questions = json.loads(quiz_file.read_text(encoding="utf-8"))
    old = questions[0]["question"]
    page, log = build()
    assert "Executing notebook" in log and html.escape(old, quote=True) in page
    page, log = build()  # nothing changed: the cache answers
    assert "Executing notebook" not in log

    questions[0]["question"] = "Edited after the build: " + old
    quiz_file.write_text(json.dumps(questions, ensure_ascii=False, indent=1), encoding="utf-8")
    page, log = build()
    assert html.escape("Edited after the build: " + old, quote=True) in page


def test_a_french_quiz_shows_a_translation_edited_after_a_cached_build(tmp_path):
    import html

    from babel.messages.pofile import read_po, write_po

    book, build = _small_book(tmp_path, "fr")
    po_file = book / "locales" / "fr" / "LC_MESSAGES" / "quizzes" / "m2_02.po"
    question = json.loads((book / "book" / "quizzes" / "m2_02.json").read_text(encoding="utf-8"))[0]["question"]
    with po_file.open("rb") as fh:
        catalogue = read_po(fh, locale="fr")
    french = catalogue[question].string
    assert french and french != question
    page, _ = build()
    assert html.escape(french, quote=True) in page
    assert "Vérifier" in page  # the quiz's own words (m4d.po) are French too

    catalogue[question].string = "Modifié après la construction : " + french
    with po_file.open("wb") as fh:
        write_po(fh, catalogue, width=0)
    page, log = build()
    assert "Executing notebook" in log
    assert html.escape("Modifié après la construction : " + french, quote=True) in page


def test_a_quiz_only_lesson_is_built_with_no_kernel_and_rebuilt_when_its_translation_changes(tmp_path):
    """Its quiz is drawn as Sphinx reads it (m4d.book_quiz_lessons): show_quiz's HTML in the edition's
    language, a kernel started for nothing; and Sphinx rereads the lesson when the quiz's catalogue changes."""
    import html

    import IPython.display
    from babel.messages.pofile import read_po, write_po

    from m4d.i18n import use_language
    from m4d.quiz import show_quiz

    book, build = _small_book(tmp_path, "fr", other_code=False)
    quiz_file = book / "book" / "quizzes" / "m2_02.json"
    page, log = build()
    assert "Executing notebook" not in log and "Excluded from execution" not in log
    shown = []
    real, IPython.display.display = IPython.display.display, shown.append  # what a kernel would display
    try:
        with use_language("fr"):
            show_quiz(quiz_file)
    finally:
        IPython.display.display = real
    assert f'<div class="output text_html">{shown[0]._repr_html_()}</div></div>\n</div>\n' in page
    # The notebook the page offers for download is the lesson with its quiz cell, and that cell's output.
    written = json.loads((tmp_path / "out" / "_build" / "jupyter_execute" / "book" / "intro.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in written["cells"] if c["cell_type"] == "code"]
    assert "".join(cell["source"]) == 'from m4d.quiz import show_quiz\nshow_quiz("quizzes/m2_02.json")'
    assert "".join(cell["outputs"][0]["data"]["text/html"]) == shown[0]._repr_html_()

    po_file = book / "locales" / "fr" / "LC_MESSAGES" / "quizzes" / "m2_02.po"
    question = json.loads(quiz_file.read_text(encoding="utf-8"))[0]["question"]
    with po_file.open("rb") as fh:
        catalogue = read_po(fh, locale="fr")
    catalogue[question].string = "Modifié après la construction : " + catalogue[question].string
    with po_file.open("wb") as fh:
        write_po(fh, catalogue, width=0)
    page, log = build()
    assert "Executing notebook" not in log
    assert html.escape(catalogue[question].string, quote=True) in page


@pytest.mark.browser
def test_every_icon_a_page_draws_is_in_the_cut_down_icon_fonts_it_downloads(built_book, site, browser):
    from fontTools.ttLib import TTFont

    from m4d.book_icons import THEME_CSS

    css = (built_book / THEME_CSS).read_text(encoding="utf-8")
    fonts = re.findall(r'src:url\(\.\./(vendor/fontawesome/webfonts/[\w.-]+\.woff)\) format\("woff"\)', css)
    assert len(fonts) == 3, "the solid, regular and brands fonts are served cut down"
    assert sum((built_book / "_static" / f).stat().st_size for f in fonts) < 40_000
    glyphs = set().union(*(TTFont(built_book / "_static" / f).getBestCmap() for f in fonts))
    pages = ["book/intro.html", next(p for p in book_pages(built_book) if "m1_01" in p), _figure_pages(built_book)[0]]
    context, page, errors = _open(browser, site)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/webfonts/" in r.url else None)
    missing, icons = [], 0
    try:
        for rel in pages:
            page.goto(f"{site}/{rel}", wait_until="load")
            _settle(page)
            # What the browser draws with an icon font, pseudo-elements included (admonition marks).
            drawn = page.evaluate("""() => [...document.querySelectorAll('body *')].flatMap(e =>
                [null, '::before', '::after'].map(p => { const s = getComputedStyle(e, p);
                    return /Font Awesome/.test(s.fontFamily) && s.content && s.content.startsWith('"') ? s.content : null; }))
                .filter(Boolean)""")
            icons += len(drawn)
            for content in drawn:
                for char in json.loads(content):
                    if 0xE000 <= ord(char) <= 0xF8FF and ord(char) not in glyphs:
                        missing.append(f"{rel}: U+{ord(char):04X}")
    finally:
        context.close()
    assert icons and not missing, missing[:10]
    assert fetched and not [u for u in fetched if u.endswith((".woff2", ".ttf"))], fetched
