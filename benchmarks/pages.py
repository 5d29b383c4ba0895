"""Bytes per page of the built book, and the slowest page on a slow connection.

Usage: .venv/bin/python benchmarks/pages.py [_build/html] [--pages N] [--throttled N] [--phone]

Each page is opened cold (new browser context, cache disabled) in Debian's
chromium from a local static server that sends the book's pre-compressed
``.gz`` files when they exist (as nginx's ``gzip_static`` does). For every page it
counts the bytes that crossed the wire (compressed) and the bytes of the
resources once decoded (raw), scrolled to the end so that lazily loaded
pictures count. Then every page is loaded again under Chromium's
network emulation (1.6 Mbit/s down, 150 ms latency) to find the slowest one.

With ``--phone`` the pages are opened at a phone's size (390 x 844 CSS px), so the
phone pictures of the figures are the ones counted. Prints ``name_unit: value`` lines. Timings are noisy on a shared machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site_browser import book_pages, chromium, serve  # noqa: E402

SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}


PHONE = {"width": 390, "height": 844}


def measure(browser, url: str, throttle: bool = False, viewport: dict | None = None) -> dict[str, float]:
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW)
    totals = {"wire": 0, "raw": 0}
    cdp.on("Network.loadingFinished", lambda e: totals.__setitem__("wire", totals["wire"] + e["encodedDataLength"]))
    cdp.on("Network.dataReceived", lambda e: totals.__setitem__("raw", totals["raw"] + e["dataLength"]))
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=300_000)
    elapsed = time.perf_counter() - start
    # A reader who reads to the end also fetches the figure pictures that load lazily.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(300)  # late requests (fonts, pictures, plotly's drawing) still count
    context.close()
    return {**totals, "load_s": elapsed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--pages", type=int, default=0, help="measure only the first N pages (0: all)")
    parser.add_argument("--throttled", type=int, default=0,
                        help="load only the N heaviest pages on the slow connection (0: all pages)")
    parser.add_argument("--phone", action="store_true", help="open the pages at a phone's size (390 px wide)")
    args = parser.parse_args(argv)
    viewport = PHONE if args.phone else None
    html_dir = Path(args.html)
    pages = book_pages(html_dir)
    if not pages:
        print(f"No pages in {html_dir}: run `make book` first.", file=sys.stderr)
        return 1
    if args.pages:
        pages = pages[:args.pages]
    with serve(html_dir) as site, chromium() as browser:
        sizes = {p: measure(browser, f"{site}/{p}", viewport=viewport) for p in pages}
        heavy_first = sorted(sizes, key=lambda p: -sizes[p]["wire"])
        slow = {p: measure(browser, f"{site}/{p}", throttle=True, viewport=viewport)["load_s"]
                for p in heavy_first[:args.throttled or None]}
    wire = [s["wire"] for s in sizes.values()]
    raw = [s["raw"] for s in sizes.values()]
    heaviest = max(sizes, key=lambda p: sizes[p]["wire"])
    slowest = max(slow, key=slow.get)
    print(f"# viewport: {'phone 390x844' if args.phone else 'desktop (chromium default)'}")
    print(f"pages_count: {len(pages)}")
    print(f"page_bytes_median_compressed_kB: {statistics.median(wire) / 1000:.1f}")
    print(f"page_bytes_max_compressed_kB: {max(wire) / 1000:.1f}")
    print(f"page_bytes_median_raw_kB: {statistics.median(raw) / 1000:.1f}")
    print(f"page_bytes_max_raw_kB: {max(raw) / 1000:.1f}")
    # The goals differ: a text lesson <= 1.0 MB, a page with figures <= 2.5 MB (raw and compressed).
    with_figures = {p for p in sizes if 'class="m4d-figure' in (html_dir / p).read_text(encoding="utf-8")}
    for kind, group in (("text", [p for p in sizes if p not in with_figures]), ("figure", sorted(with_figures))):
        if group:
            print(f"{kind}_pages_count: {len(group)}")
            print(f"{kind}_page_bytes_max_raw_kB: {max(sizes[p]['raw'] for p in group) / 1000:.1f}")
            print(f"{kind}_page_bytes_max_compressed_kB: {max(sizes[p]['wire'] for p in group) / 1000:.1f}")
    print(f"heaviest_page: {heaviest}")
    for rank, p in enumerate(sorted(sizes, key=lambda p: -sizes[p]["raw"])[:3], start=1):
        print(f"heaviest_{rank}_page: {p}")
        print(f"heaviest_{rank}_raw_kB: {sizes[p]['raw'] / 1000:.1f}")
        print(f"heaviest_{rank}_compressed_kB: {sizes[p]['wire'] / 1000:.1f}")
    print(f"throttled_pages_count: {len(slow)}")
    print(f"slowest_page_load_1.6Mbit_150ms_s: {slow[slowest]:.2f}")
    print(f"slowest_page: {slowest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
