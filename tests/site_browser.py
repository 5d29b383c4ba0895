"""What the browser tests and ``benchmarks/pages.py`` share: the pages of a built book,
a static server for it, Debian's chromium, and axe-core.

Pages are found in the build, not listed by hand, so a new module or a new
language edition (``/fr/``, ``/es/``) is covered as soon as it is built.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# The book's print uses the same flags (m4d.book_export.CHROMIUM_ARGS: why --disable-dev-shm-usage).
from m4d.book_export import CHROMIUM_ARGS  # noqa: E402
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ALLOW_LIST = ROOT / "tests" / "a11y_allow_list.json"
#: The rules axe runs: WCAG 2.0 and 2.1, levels A and AA (what the issue measured).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"critical", "serious"}
#: How long one axe run may take (a long lesson takes about a second on an idle machine).
AXE_SECONDS = 120
#: Folders of a build that hold assets and copies, not pages.
NOT_PAGES = {"_static", "_sources", "_downloads", "_images", "_sphinx_design_static", "_panels_static"}


def _is_redirect(path: Path) -> bool:
    # The root index.html of a Jupyter Book only sends the reader on to the first page.
    with open(path, encoding="utf-8", errors="replace") as fh:
        return 'http-equiv="Refresh"' in fh.read(600)


def book_pages(html_dir: Path) -> list[str]:
    """Every page of the built book, as paths relative to its root (``book/m1_.../m1_01_x.html``)."""
    html_dir = Path(html_dir)
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not NOT_PAGES.intersection(p.relative_to(html_dir).parts) and not _is_redirect(p))


class _PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that, like nginx's ``gzip_static``, sends ``x.gz`` for ``x`` when the
    browser accepts gzip and the book was built with pre-compressed assets."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts and os.path.isfile(path) and os.path.isfile(path + ".gz"):
            with contextlib.suppress(OSError):
                body = open(path + ".gz", "rb")
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(os.fstat(body.fileno()).st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return body
        return super().send_head()


@contextlib.contextmanager
def serve(html_dir: Path):
    """Serve a built book on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_PrecompressedHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is not installed: run `make test` (it installs system-packages/test.txt).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def load_allow_list(path: Path = ALLOW_LIST) -> list[dict]:
    """Violations we accept because they belong to an upstream project; each entry names its issue."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))["entries"]
    for entry in entries:
        missing = {"rule", "selector", "upstream_issue", "reason"} - set(entry)
        if missing:
            raise ValueError(f"{path}: the entry {entry} lacks {sorted(missing)}; every entry cites its upstream issue.")
    return entries


def _allowed(violation_id: str, target: str, allow: list[dict]) -> bool:
    return any(e["rule"] == violation_id and e["selector"] in target for e in allow)


def axe_violations(page, allow: list[dict] | None = None) -> list[str]:
    """Run axe-core on the open page; critical and serious violations not in the allow-list, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
        # Our reports name each node by its selector: axe need not copy every node's HTML.
        page.evaluate("axe.configure({noHtml: true})")
    # Playwright puts no deadline on a script's promise: an axe run that never ends fails the test
    # with this message instead of holding the suite until CI stops it.
    result = page.evaluate("""([tags, seconds]) => Promise.race([
        axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`axe did not finish within ${seconds} s`)),
                                             seconds * 1000))])""", [AXE_TAGS, AXE_SECONDS])
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if not _allowed(violation["id"], target, allow or []):
                found.append(f"{violation['impact']} {violation['id']}: {target} ({violation['help']})")
    return found


def local_path(url: str, html_dir: Path) -> Path:
    """The file of the build that a same-site URL points to."""
    return Path(html_dir) / unquote(urlparse(url).path).lstrip("/")


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focus is on an element matching selector; fail if it never is."""
    import pytest

    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({json.dumps(selector)})"):
            return
    pytest.fail(f"Tab never reaches {selector}")


def focus_is_visible(page) -> bool:
    """The focused element (or its label) draws an outline of at least 2 px."""
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        const l = e.closest('label') ? getComputedStyle(e.closest('label')) : s;
        return parseFloat(s.outlineWidth) >= 2 && s.outlineStyle !== 'none'
            || parseFloat(l.outlineWidth) >= 2 && l.outlineStyle !== 'none'; }""")
