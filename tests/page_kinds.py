"""A sample of a built book's pages that holds every kind of element the book draws, for the
browser checks whose result depends on the templates and the CSS rather than on a page's text.

What a dark-mode axe run finds (a colour pair too close) comes from the stylesheet rules that
apply to an element: its tag and classes and where the template puts it. Two pages that contain
the same kinds of element get the same colours in dark mode, whatever their words. The same
holds for a translated edition: the translation changes words, not markup, and the book's
build falls back to the English message where a translation is missing, so no translated page
has an empty link name or alt text that its English page lacks; what a translation can break
(the language attribute, the theme's translated labels, the quiz's words) is drawn by the
templates that every page of a kind shares.

So the sample is a cover: every (tag), (tag.class) and (tag[style]) that occurs on any page of
the build occurs on at least one page of the sample (greedy set cover, ties broken by the page's
path, so the sample is the same on every run and grows by itself when a new kind of page or
element appears). Pages that set colours of their own (an inline ``style`` with a colour or a
background: coloured table cells, badges) are all in it, because their colours are the page's
own and not the stylesheet's.
"""
from __future__ import annotations

import re
from pathlib import Path

from tests.site_browser import book_pages

_OWN_COLOUR = re.compile(r"(?:^|;)\s*(?:color|background(?:-color)?|fill|border-color)\s*:", re.I)


_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_STYLE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def page_kinds(path: Path) -> tuple[set[str], bool]:
    """The kinds of element on one built page, and whether it sets colours of its own.

    (A regular expression over the start tags: the pages are Sphinx's own well-formed output,
    and it reads the 83 pages of an edition about ten times faster than html.parser.)"""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->", "", text, flags=re.S | re.I)
    kinds: set[str] = set()
    own_colours = False
    for tag, attrs in _START_TAG.findall(text):
        tag = tag.lower()
        kinds.add(tag)
        found = _CLASS.search(attrs)
        if found:
            kinds.update(f"{tag}.{name}" for name in (found.group(1) or found.group(2) or "").split())
        found = _STYLE.search(attrs)
        if found:
            kinds.add(f"{tag}[style]")
            own_colours = own_colours or bool(_OWN_COLOUR.search(found.group(1) or found.group(2) or ""))
    return kinds, own_colours


def every_kind_sample(html_dir: Path) -> list[str]:
    """Pages (relative to html_dir, as :func:`tests.site_browser.book_pages`) that together hold
    every kind of element of the build, plus every page that sets colours of its own."""
    html_dir = Path(html_dir)
    pages = book_pages(html_dir)
    kinds, sample = {}, set()
    for rel in pages:
        kinds[rel], own_colours = page_kinds(html_dir / rel)
        if own_colours:
            sample.add(rel)
    left = set().union(*kinds.values()) - set().union(*(kinds[rel] for rel in sample))
    while left:
        best = min(pages, key=lambda rel: (-len(kinds[rel] & left), rel))
        sample.add(best)
        left -= kinds[best]
    return sorted(sample)
