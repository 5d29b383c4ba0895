"""What a reader sees in a course widget, and the catalogues' translations to compare it with.

The widget tests of each package (``tests/test_i18n_widgets_<package>.py``) build a widget in
English and in French or Spanish and compare the two builds, control by control and text by
text, with the ``.po`` files read here by Babel directly (not by the toolbox's own reader), so a
test never re-types a translation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
TARGETS = ("fr", "es")
#: A text a reader reads as words (not a number, an amount, a code such as L01 or a symbol).
_WORDS = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=None)
def reviewed_messages(language: str, domain: str = "m4d") -> tuple:
    """The messages of ``locales/<language>/LC_MESSAGES/<domain>.po`` read by Babel, fuzzy ones and the header left out."""
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        po = read_po(fh, locale=language)
    return tuple(message for message in po if message.id and not message.fuzzy)


@lru_cache(maxsize=None)
def catalogue(language: str, domain: str = "m4d") -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """The reviewed translations of a catalogue: (context, English) -> translation; fuzzy and empty left out."""
    found = {}
    for message in reviewed_messages(language, domain):
        if isinstance(message.id, (tuple, list)):
            if all(message.string):
                found[(message.context, message.id[0])] = tuple(message.string)
        elif message.string:
            found[(message.context, message.id)] = message.string
    return found


def translation(language: str, english: str, context: str | None = None) -> str | None:
    """The catalogue's translation of one plain message (no plural), or None if it has none."""
    found = catalogue(language).get((context, english))
    return found if isinstance(found, str) else None


def data_translations(language: str) -> dict[str, set[str]]:
    """English value of the course data -> its translations in ``datasets.po`` (any column)."""
    shown: dict[str, set[str]] = {}
    for (_context, english), text in catalogue(language, "datasets").items():
        shown.setdefault(english, set()).add(text)
    return shown


def control_texts(root: widgets.Widget) -> list[tuple[str, str]]:
    """Every short text of a widget tree a reader sees on a control, in tree order: (where, text).

    Descriptions, placeholders, tooltips, the labels of menu options and toggle buttons, tab
    titles. HTML panes are compared separately (:func:`text_segments`).
    """
    found: list[tuple[str, str]] = []

    def visit(node, where):
        name = type(node).__name__
        for attribute in ("description", "placeholder", "tooltip"):
            value = getattr(node, attribute, None)
            if isinstance(value, str) and value.strip():
                found.append((f"{where}/{name}.{attribute}", value))
        labels = getattr(node, "_options_labels", None)
        if labels:
            found.extend((f"{where}/{name}.option", label) for label in labels)
        if isinstance(node, widgets.Tab):
            found.extend((f"{where}/Tab.title", title) for title in node.titles if title)
        for i, child in enumerate(getattr(node, "children", ()) or ()):
            visit(child, f"{where}/{i}")

    visit(root, "")
    return found


class _Segments(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for key, value in attrs:
            if key in ("title", "aria-label", "alt", "placeholder") and value and value.strip():
                self.segments.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            # Runs of white space become one space, but a no-break space (French before ; : ? !) is
            # what the reader sees and what the catalogue holds: it stays.
            self.segments.append(" ".join(re.split(r"[ \t\n\r\f\v]+", data.strip(" \t\n\r\f\v"))))


def text_segments(html: str) -> list[str]:
    """The texts of an HTML fragment a reader sees or hears: text between tags and title/alt attributes."""
    parser = _Segments()
    parser.feed(html)
    return parser.segments


def html_panes(root: widgets.Widget) -> str:
    """All the HTML panes of a widget tree, joined (messages, tables, headings)."""
    parts: list[str] = []

    def visit(node):
        if isinstance(node, (widgets.HTML, widgets.HTMLMath)):
            parts.append(node.value)
        for child in getattr(node, "children", ()) or ():
            visit(child)

    visit(root)
    return "".join(parts)


def is_words(text: str) -> bool:
    return bool(_WORDS.search(text))


def untranslated_controls(english_build: widgets.Widget, other_build: widgets.Widget, language: str,
                          data: set[str]) -> list[str]:
    """Control texts the other build shows as the English build does, although they are not course data.

    Also checks, control by control, that a text the catalogue translates is shown as the catalogue says.
    """
    english, other = control_texts(english_build), control_texts(other_build)
    assert [w for w, _ in english] == [w for w, _ in other], "both builds have the same controls"
    problems = []
    shown_data = data_translations(language)
    for (where, en), (_, tr) in zip(english, other):
        expected = translation(language, en) or translation(language, en, "every value of a filter")
        if expected is not None:
            if tr != expected:
                problems.append(f"{where}: {en!r} shown as {tr!r}, the catalogue says {expected!r}")
        elif en in shown_data:
            if tr not in shown_data[en] | {en}:
                problems.append(f"{where}: data value {en!r} shown as {tr!r}")
        elif is_words(en) and en not in data:
            problems.append(f"{where}: {en!r} is not in the catalogue (not marked for translation?)")
    return problems


def english_left_in(english_html: str, other_html: str, data: set[str]) -> list[str]:
    """Text segments with English words that the other build still shows word for word.

    A segment that is a name from the course data (a place, a funder, an actor) may stay; so may
    one whose translation is the same word (a cognate the catalogue confirms).
    """
    others = set(text_segments(other_html))
    left = []
    for segment in dict.fromkeys(text_segments(english_html)):
        if segment in others and len(_WORDS.findall(segment)) >= 2 and not _is_data(segment, data):
            left.append(segment)
    return left


def _is_data(segment: str, data: set[str]) -> bool:
    if segment in data:
        return True
    # A segment made only of data values and punctuation, such as "Al Hoceima, Morocco".
    rest = segment
    for value in sorted(data, key=len, reverse=True):
        if len(value) > 2 and value in rest:
            rest = rest.replace(value, " ")
    return not is_words(rest)


def course_data(*resources: str) -> set[str]:
    """Every text value of the given resources of the course data (names the course does not translate)."""
    from m4d import datasets

    values: set[str] = set()
    for resource in resources:
        frame = datasets.load(resource)
        for column in frame.columns:
            for value in frame[column]:
                for item in value if isinstance(value, (list, tuple)) else [value]:
                    if isinstance(item, str) and item.strip():
                        values.add(item.strip())
    return values


def shown_data(english_html: str, other_html: str, language: str, resources: tuple[str, ...]) -> tuple[int, list[str]]:
    """How many values of the course data the English HTML shows, and those the other HTML does not show translated.

    A value counts when its English text (from ``datasets.po``, a context ``<resource>.<column>`` of the given
    resources) is in the English HTML's text; one of its catalogue translations (the same English may have
    several, one per column) must then be in the other HTML's text, or one of a longer value's that contains it
    ("Baseline survey" inside "Baseline survey report"). Values of 3 characters or fewer ("%") are left out."""
    english = " | ".join(text_segments(english_html))
    other = " | ".join(text_segments(other_html))
    translated: dict[str, set[str]] = {}
    for (context, value), text in catalogue(language, "datasets").items():
        if context.rsplit(".", 1)[0] in resources and len(value) > 3 and value in english:
            translated.setdefault(value, set()).add(text)
    problems = []
    for value, texts in translated.items():
        if any(t in other for t in texts):
            continue
        if any(value in longer and any(t in other for t in translated[longer]) for longer in translated
               if longer != value):
            continue
        problems.append(f"{value!r} is not shown as any of {sorted(texts)}")
    return len(translated), problems
