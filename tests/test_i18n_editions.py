"""The three editions (/en/, /fr/, /es/) built from the same sources, as a reader uses them in a
browser: the right language attribute, a switcher that keeps the reader on the same lesson, a
root page that opens the reader's language, search in each language, quiz feedback in each
language, no console error; and each edition's executed notebooks, compared with the English
outputs stored in the repository (nbval's comparison, per language).

The editions are built once per test run (shared with test_book_site: tests/conftest.py), each
with its own execution cache (a notebook's outputs depend on the edition's language)."""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from m4d.i18n import LANGUAGES, translate_quiz, use_language
from tests.site_browser import chromium, focus_is_visible, serve, tab_to

ROOT = Path(__file__).resolve().parents[1]
QUIZ_PAGE = "book/m1_migration_is_local/m1_02_first_receivers.html"
LESSON = "book/m2_mainstreaming/m2_01_what_mainstreaming_means"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(editions_site) -> Path:
    """The assembled site, built once per test run and shared with test_book_site (tests/conftest.py);
    M4D_EDITIONS_SITE may name one built by `make editions` (to re-run these tests quickly)."""
    return editions_site


def _pages(edition: Path) -> list[Path]:
    return sorted(p for p in edition.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts
                  and p.name not in {"genindex.html", "search.html"})


def _switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="m4d-language-switcher".*?</nav>', html, re.S)
    assert nav, "the page has a language switcher"
    return dict((code, href) for href, code in re.findall(r'<a href="([^"]+)" lang="(\w\w)"', nav.group(0)))


def test_every_page_has_its_language_and_a_switcher_to_the_same_page_in_every_edition(site):
    for language in LANGUAGES:
        edition = site / language
        pages = _pages(edition)
        assert len(pages) > 40
        for page in pages:
            html = page.read_text(encoding="utf-8")
            if 'http-equiv="Refresh"' in html or "http-equiv=\"refresh\"" in html:
                continue  # the edition's redirect to its first page
            assert re.search(rf'<html[^>]* lang="{language}"', html), f"{language}/{page.name}: lang attribute"
            links = _switcher_links(html)
            assert set(links) == set(LANGUAGES), f"{page}: {links}"
            for code, href in links.items():
                # As a browser reads a relative link: from the page's URL, not through the folders' links.
                target = Path(os.path.normpath(page.parent / href))
                assert target == site / code / page.relative_to(edition), (page, code, href)
                assert target.exists()


def test_editions_are_built_from_the_same_pages(site):
    names = [{p.relative_to(site / lang).as_posix() for p in _pages(site / lang)} for lang in LANGUAGES]
    assert names[0] == names[1] == names[2]


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _open(browser, server, locale="en-GB"):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(server) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            problems.append(f"request to the internet: {url}")
            request_route.abort()

    page.route("**/*", route)
    return context, page, problems


@pytest.mark.browser
@pytest.mark.parametrize("locale, expected", [("fr-FR", "fr"), ("es-EC", "es"), ("de-DE", None), ("en-US", "en")])
def test_root_page_opens_the_readers_language_and_links_every_edition(browser, server, locale, expected):
    context, page, problems = _open(browser, server, locale)
    try:
        page.goto(f"{server}/index.html", wait_until="load")
        if expected is None:
            page.wait_for_timeout(300)
            assert page.url.endswith("/index.html") and page.url.count("/") == 3, page.url
            hrefs = [a.get_attribute("href") for a in page.locator("nav a").all()]
            assert hrefs == [f"{lang}/index.html" for lang in LANGUAGES]
        else:
            page.wait_for_url(re.compile(rf"/{expected}/"), timeout=10_000)
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == expected
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_switcher_keeps_the_reader_on_the_same_lesson_and_is_remembered(browser, server):
    context, page, problems = _open(browser, server)
    try:
        page.goto(f"{server}/en/{LESSON}.html", wait_until="load")
        for code, name in (("fr", "Français"), ("es", "Español"), ("en", "English")):
            page.locator(".m4d-language-switcher").get_by_role("link", name=name).click()
            page.wait_for_url(f"{server}/{code}/{LESSON}.html", timeout=10_000)
            assert page.locator("html").get_attribute("lang") == code
            current = page.locator(".m4d-language-switcher a[aria-current]")
            assert current.get_attribute("lang") == code
        page.locator(".m4d-language-switcher").get_by_role("link", name="Español").click()
        page.wait_for_url(re.compile("/es/"))
        page.goto(f"{server}/index.html", wait_until="load")
        page.wait_for_url(re.compile("/es/"), timeout=10_000)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _translated_title_word(language: str) -> str:
    """A long word of the lesson's title as the edition shows it (its catalogue's translation, or the English)."""
    from babel.messages.pofile import read_po

    english = "mainstreaming"
    if language == "en":
        return english
    po = ROOT / "locales" / language / "LC_MESSAGES" / f"{LESSON}.po"
    with po.open("rb") as fh:
        title = next(m for m in read_po(fh) if m.id)
    if not title.string or title.fuzzy:
        return english
    return max(re.findall(r"\w+", title.string), key=len)


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_the_lesson_by_a_word_of_its_title_in_the_editions_language(browser, server, language):
    word = _translated_title_word(language)
    context, page, problems = _open(browser, server)
    try:
        page.goto(f"{server}/{language}/search.html?q={word}", wait_until="load")
        results = page.locator("ul.search li a")
        results.first.wait_for(timeout=20_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any(Path(LESSON).name in h for h in hrefs), (word, hrefs)
        assert page.locator("html").get_attribute("lang") == language
    finally:
        context.close()
    assert not problems, "\n".join(problems)




def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_quiz_answers_from_the_keyboard_with_the_feedback_of_the_editions_language(browser, server, language):
    """The accessible quiz, keyboard only, in each edition: the skip link is the first stop, the
    options and Check are reached with Tab and the arrow keys, and the verdict and the option's
    feedback are the edition's translation (the same order as in English: shown_quiz, then translated)."""
    from m4d.i18n import _
    from m4d.quiz import shown_quiz

    quiz_file = ROOT / "book" / "m1_migration_is_local" / "quizzes" / "m1_02.json"
    with use_language(language):
        questions = translate_quiz(shown_quiz(json.loads(quiz_file.read_text(encoding="utf-8")), quiz_file.name),
                                   quiz_file)
        verdicts = {True: _("Right."), False: _("Not this one.")}
    n = next(i for i, q in enumerate(questions) if q["type"] == "multiple_choice")
    right = next(i for i, a in enumerate(questions[n]["answers"]) if a.get("correct"))
    wrong = next(i for i, a in enumerate(questions[n]["answers"]) if not a.get("correct"))
    context, page, problems = _open(browser, server)
    try:
        page.goto(f"{server}/{language}/{QUIZ_PAGE}", wait_until="load")
        assert page.locator("html").get_attribute("lang") == language
        page.keyboard.press("Tab")
        skip_text = page.evaluate("[document.activeElement.getAttribute('href'), document.activeElement.textContent.trim()]")
        assert skip_text[0] == "#main-content", f"{language}: the first Tab stop is the skip link, not {skip_text}"
        form = page.locator(".m4d-quiz-question").nth(n)
        legend = _words(form.locator("legend").inner_text())
        assert _words(questions[n]["question"]).split()[0] in legend, f"{language}: the question is translated"
        tab_to(page, f".m4d-quiz-question:nth-of-type({n + 1}) input[type=radio]")
        for target in (wrong, right):
            current = page.evaluate("Number(document.activeElement.value)")
            for _step in range(abs(target - current)):
                page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
            if target == current:
                page.keyboard.press("Space")
            assert page.evaluate("Number(document.activeElement.value)") == target
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.classList.contains('m4d-quiz-check')")
            assert focus_is_visible(page)
            page.keyboard.press("Enter")
            feedback = form.locator(".m4d-quiz-feedback")
            assert feedback.get_attribute("role") == "status"
            text = _words(feedback.inner_text())
            assert text.startswith(verdicts[target == right]), f"{language}: {text!r}"
            assert _words(questions[n]["answers"][target]["feedback"]) in text, f"{language}: {text!r}"
            page.keyboard.press("Shift+Tab")  # back to the chosen option
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# axe runs on a sample of each translated edition; the English edition (every page) is
# test_book_site's. A translation changes words, not markup: what it can break in axe's eyes is
# the language attribute and the translated labels of the templates (shared by every page of a
# kind, and checked on every page by the test above), the quiz's words, and a link or picture
# left with no name (checked on every page by the test below, which needs no browser). So
# French gets tests.page_kinds.every_kind_sample (every kind of element of its build, tag, class
# and inline style, on at least one page: 25 of 83 pages) and Spanish each folder's first pages,
# every activity notebook, the reference pages, search and the quiz page: between them the two
# samples hold every kind of page and element, and different lessons. (French had every page
# until the suite passed 30 minutes; see CONTRIBUTING.md, "Test suite timing".)


def _axe_sample(edition: Path, language: str) -> list[str]:
    from tests.page_kinds import every_kind_sample
    from tests.site_browser import book_pages

    if language == "fr":
        return every_kind_sample(edition)
    pages = book_pages(edition)
    by_folder: dict[str, list[str]] = {}
    for rel in pages:
        by_folder.setdefault(str(Path(rel).parent), []).append(rel)
    sample = {rel for folder in by_folder.values() for rel in folder[:2]}
    sample |= {rel for rel in pages if "_activity_" in rel or rel.startswith("book/reference/")}
    sample |= {rel for rel in pages if rel == "search.html"} | {QUIZ_PAGE}
    return sorted(rel for rel in sample if (edition / rel).exists())


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)


def _attribute(name: str, tag: str) -> str | None:
    found = re.search(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag, re.I)
    return None if not found else (found.group(1) if found.group(1) is not None else found.group(2))


def _unnamed(page_html: str) -> list[str]:
    """Links with no name (no text, aria-label, title or named picture) and pictures with no alt."""
    page_html = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", "", page_html, flags=re.S | re.I)
    found = []
    for attrs, inner in _LINK.findall(page_html):
        names = [re.sub(r"<[^>]+>", "", inner), _attribute("aria-label", attrs) or "", _attribute("title", attrs) or ""]
        names += [_attribute("alt", img) or "" for img in _IMG.findall(inner)]
        if not any(name.strip() for name in names):
            found.append(f"a link with no name: <a{attrs[:100]}>")
    found += [f"a picture with no alt: {img[:100]}" for img in _IMG.findall(page_html) if _attribute("alt", img) is None]
    title = re.search(r"<title>(.*?)</title>", page_html, re.S)
    if not (title and title.group(1).strip()):
        found.append("no title")
    return found


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_translated_page_names_its_links_and_pictures_and_has_a_title(site, language):
    """What a translation can break on any one page, where axe (on a sample) would not look:
    a translated link text left empty, a picture's alt lost, an empty title. Read from the
    build, no browser (0.4-0.6 s an edition at load 10; one page with axe takes longer)."""
    from tests.site_browser import book_pages

    pages = book_pages(site / language)
    assert len(pages) > 40
    problems = [f"{language}/{rel}: {p}" for rel in pages
                for p in _unnamed((site / language / rel).read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_translated_pages_pass_axe_with_no_critical_or_serious_violation(site, browser, server, language):
    """axe-core (WCAG 2.0/2.1 A and AA) on a sample of the French and Spanish pages (_axe_sample):
    translations change text lengths, the lang attribute, link names and the quiz's words, so
    they can break what the English pages pass. Light mode only: the dark theme's colours do not
    depend on the language."""
    from tests.site_browser import axe_violations, load_allow_list

    edition = site / language
    pages = _axe_sample(edition, language)
    assert len(pages) > 15 and "search.html" in pages and any("_activity_" in rel for rel in pages)
    # Each sample holds a quiz (the cover: the page where the quiz's kinds of element first occur).
    assert any('class="m4d-quiz' in (edition / rel).read_text(encoding="utf-8") for rel in pages)
    allow = load_allow_list()
    context, page, problems = _open(browser, server)
    try:
        for rel in pages:
            before = len(problems)
            page.goto(f"{server}/{language}/{rel}", wait_until="load", timeout=120_000)
            page.wait_for_function("document.readyState === 'complete'")
            problems[before:] = [f"{rel}: {p}" for p in problems[before:]]
            problems += [f"{language}/{rel}: {v}" for v in axe_violations(page, allow)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems in {len(pages)} {language} pages:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_of_each_kind_load_without_console_errors_or_internet_requests(site, browser, server, language):
    edition = site / language
    sample = ["book/intro.html", "book/reference/glossary.html", "book/reference/case_library.html",
              "search.html", QUIZ_PAGE] + sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*_activity_*.html"))
    context, page, problems = _open(browser, server)
    try:
        for rel in sample:
            before = len(problems)
            page.goto(f"{server}/{language}/{rel}", wait_until="load", timeout=120_000)
            problems[before:] = [f"{rel}: {p}" for p in problems[before:]]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def _structure(notebook: dict) -> list:
    """What must not depend on the language: the cells, and each output's kind and formats.

    Consecutive stream outputs are one (as nbval compares them): how a kernel chunks printed
    text is not part of a notebook's result.
    """
    shapes = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            shape = (output["output_type"], output.get("name") or sorted(output.get("data", {})))
            if not (outputs and shape[0] == "stream" and outputs[-1] == shape):
                outputs.append(shape)
        shapes.append(outputs)
    return shapes


def _text_outputs(notebook: dict) -> list[str]:
    return ["".join(o.get("data", {}).get(kind, "")) for c in notebook["cells"] if c["cell_type"] == "code"
            for o in c.get("outputs", []) for kind in ("text/html", "application/javascript")]


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_activity_notebooks_run_in_each_language_with_the_english_outputs_shape(site, language):
    """nbval per language: each edition executed every activity notebook; its outputs have the
    shape of the English outputs stored in the notebook, and a translated quiz shows its translation."""
    edition_root = (site / language).resolve().parent
    notebooks = sorted(p for p in (ROOT / "book").rglob("*_activity_*.ipynb") if "_build" not in p.parts)
    assert notebooks
    for source in notebooks:
        executed = edition_root / "jupyter_execute" / source.relative_to(ROOT)
        assert executed.exists(), f"{language}: {source.name} was not executed"
        english = json.loads(source.read_text(encoding="utf-8"))
        translated = json.loads(executed.read_text(encoding="utf-8"))
        assert _structure(translated) == _structure(english), f"{language}: {source.name} outputs changed shape"
        quiz = next((c for c in english["cells"] if "show_quiz(" in "".join(c["source"])), None)
        if quiz is None:
            continue
        quiz_file = source.parent / re.search(r'show_quiz\("([^"]+)"\)', "".join(quiz["source"])).group(1)
        questions = json.loads(quiz_file.read_text(encoding="utf-8"))
        with use_language(language):
            first = translate_quiz(questions, quiz_file)[0]["question"]
        outputs = "\n".join(_text_outputs(translated))
        # The renderer writes the question as HTML (an apostrophe becomes &#x27;) or inside its script's JSON.
        shown = (first, html.escape(first), json.dumps(first)[1:-1])
        assert any(form in outputs for form in shown), f"{language}: {source.name} quiz question"
