"""The published book: it builds with warnings as errors, and in a real browser every
page loads without console errors or requests to the internet, internal links
resolve, quizzes answer, search finds lessons, and launch links open the hub."""
from __future__ import annotations

import functools
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `make system-packages`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _open(browser, site):
    """A page that records console errors and refuses any request that leaves the machine."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(site) or url.startswith("data:") or url.startswith("blob:"):
            request_route.continue_()
        else:
            problems.append(f"request to the internet: {url}")
            request_route.abort()

    page.route("**/*", route)
    return context, page, problems


@pytest.mark.browser
def test_every_page_loads_without_console_errors_or_internet_requests(built_book, site, browser):
    context, page, problems = _open(browser, site)
    try:
        for path in _pages(built_book):
            rel = path.relative_to(built_book).as_posix()
            before = len(problems)
            page.goto(f"{site}/{rel}", wait_until="load")
            for p in problems[before:]:
                problems[problems.index(p)] = f"{rel}: {p}"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_quiz_answers_a_click_with_feedback(built_book, site, browser):
    quiz_pages = [p for p in _pages(built_book) if "jq-question" in p.read_text(encoding="utf-8")
                  or "show_quiz" in p.read_text(encoding="utf-8") or "data-numquestions" in p.read_text(encoding="utf-8")]
    assert quiz_pages, "no page holds a quiz"
    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/{quiz_pages[0].relative_to(built_book).as_posix()}", wait_until="load")
        answer = page.locator(".MCButton").first
        answer.wait_for(state="visible", timeout=10_000)
        answer.click()
        feedback = page.locator(".Feedback").first
        feedback.wait_for(state="visible", timeout=5_000)
        assert feedback.inner_text().strip(), "the quiz shows feedback after a click"
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
def test_plotly_figures_draw_in_the_static_book_with_their_alt_text(built_book, site, browser):
    pages = [p for p in _pages(built_book) if 'class="m4d-figure"' in p.read_text(encoding="utf-8")]
    assert len(pages) >= 5, "lessons and activities show figures"
    context, page, problems = _open(browser, site)
    try:
        for path in pages:
            rel = path.relative_to(built_book).as_posix()
            page.goto(f"{site}/{rel}", wait_until="load")
            figures = page.locator("figure.m4d-figure")
            figures.first.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=15_000)
            for i in range(figures.count()):
                assert (figures.nth(i).get_attribute("aria-label") or "").strip(), f"{rel}: a figure has no alt text"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_case_library_map_draws_its_outlines_and_table_filters_with_no_kernel(built_book, site, browser):
    from m4d.cases import load_cases, mapped_places

    context, page, problems = _open(browser, site)
    try:
        page.goto(f"{site}/book/reference/case_library.html", wait_until="load")
        page.locator(".m4d-figure .js-plotly-plot .geo").first.wait_for(timeout=15_000)
        assert page.locator(".geo .scattergeo .point").count() == len(mapped_places())
        outline = page.locator(".geo .countries path").first.get_attribute("d")
        assert outline and len(outline) > 100, "the world outlines are drawn from the book's own files"

        rows = page.locator(".m4d-case-library tbody tr:not([hidden])")
        assert rows.count() == len(load_cases())
        status = page.locator(".m4d-case-library [role=status]")
        before = status.inner_text()
        page.get_by_label("Sector").select_option("health")
        assert 0 < rows.count() < len(load_cases())
        for i in range(rows.count()):
            assert "health" in (rows.nth(i).get_attribute("data-sectors") or "")
        assert status.inner_text() != before
        page.get_by_label("Sector").select_option("")
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
