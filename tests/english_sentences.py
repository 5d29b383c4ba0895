"""The English a French or Spanish reader would still see on a built page.

A page's text runs are what a reader reads or hears: the visible text (not code, scripts, styles,
the language switcher or the bibliography's entries), the ``alt``, ``aria-label``, ``title`` and
``placeholder`` attributes, the sentences a script shows from ``data-`` attributes, the text of
the figures' pictures (their SVG ``<text>``), the hover text and names of the interactive charts,
and the notebooks' printed outputs. A run of four words or more is English when English function
words outnumber the edition's own and make a good share of its words: a French or Spanish sentence
carries ``de``, ``la``, ``et``, ``y``... and an English one ``the``, ``of``, ``and``, ``with``...
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import lxml.etree as etree
import lxml.html

#: The function words the check counts (English words that are no French or Spanish word).
ENGLISH_WORDS = frozenset({
    "the", "and", "of", "with", "is", "are", "for", "this", "that", "which", "each", "per", "from", "by",
    "not", "to", "about", "show", "its", "it", "their", "they", "these", "those", "was", "were", "will", "has",
    "have", "been", "into", "than", "what", "who", "how", "when", "where", "after", "between", "through",
    "without", "would", "could", "should", "or", "at", "in", "be", "all", "more", "other", "one", "two", "only",
    "also", "here", "there", "your", "you", "we", "our",
})
OWN_WORDS = {
    "fr": frozenset({"le", "la", "les", "des", "du", "de", "et", "est", "sont", "pour", "avec", "dans", "par", "une",
                     "un", "qui", "que", "ce", "cette", "ces", "au", "aux", "sur", "pas", "ne", "d", "l", "en", "ou",
                     "se", "sa", "son", "leur", "leurs", "chaque", "il", "elle", "plus", "à"}),
    "es": frozenset({"el", "la", "los", "las", "de", "del", "y", "es", "son", "para", "con", "en", "por", "una", "un",
                     "que", "este", "esta", "estos", "estas", "al", "sobre", "no", "o", "se", "su", "sus", "cada",
                     "lo", "más", "como", "a"}),
}

#: Names that keep their English form in every edition (a project's, a report's, a menu's).
NAMES = (
    "Parents on the Spot",  # the Hamburg project's name (Example 19)
    "Global Migration: Resilient Cities at the Forefront",  # 100RC's report, cited by its title
    "Restart Kernel and Run All Cells",  # JupyterLab's menu, which the workshop's participants see in English
    "CC BY 4.0",  # the content's licence, in every page's footer
)

#: Where a page's text is not prose: code, styles, the switcher, the bibliography, citations' keys.
_SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "math", "svg", "noscript", "template"}
_SKIPPED_CLASSES = {"m4d-language-switcher", "citation", "bibtex-citation", "highlight", "cell_input",
                    "headerlink"}
_BLOCKS = {"p", "li", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "div",
           "section", "article", "aside", "header", "footer", "nav", "main", "table", "tr", "ul", "ol", "dl",
           "blockquote", "figure", "label", "button", "option", "select", "summary", "details", "form", "br",
           "legend", "fieldset", "body", "textarea", "input", "hr", "tbody", "thead", "picture"}
_SPOKEN_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")
#: ``data-`` attributes whose value a script shows (the others hold codes for the filters and the search).
_SHOWN_DATA = ("data-template", "data-none", "data-m4d-messages")
_WORD = re.compile(r"[A-Za-zÀ-ÿ’']+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+|\s[–—|•]\s")
_REPR = re.compile(r"^[A-Z]\w*\(\w+=")  # a Python object's repr, printed by a notebook


def english_share(text: str, language: str) -> bool:
    """Whether ``text`` reads as English to a reader of ``language`` (``fr`` or ``es``)."""
    for name in NAMES:
        text = text.replace(name, " ")
    words = [w.lower().strip("'’") for w in _WORD.findall(text)]
    words = [w for w in words if w]
    if len(words) < 4:
        return False
    english = sum(w in ENGLISH_WORDS for w in words)
    own = sum(w in OWN_WORDS[language] for w in words)
    if english >= 2 and english > own and english / len(words) >= 0.15:
        return True
    return english >= 1 and own == 0 and english / len(words) >= 0.2


def _sentences(text: str):
    text = re.sub(r"[ \t\r\f\v\u00a0\u202f]+", " ", text).strip()
    for name in NAMES:  # before the sentences are cut: a name may hold a colon
        text = text.replace(name, " ")
    for piece in _SENTENCE_END.split(text):
        if piece.strip():
            yield piece.strip()


def _skipped(element) -> bool:
    if not isinstance(element.tag, str):
        return True
    tag = etree.QName(element).localname if "}" in element.tag else element.tag
    classes = set((element.get("class") or "").split())
    # translate="no" is HTML's own mark for words that are not to be translated (a form's codes).
    return tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES) or element.get("role") == "doc-biblioentry" \
        or element.get("translate") == "no"


def _visible_runs(body) -> list[str]:
    # Block elements end a run; inline ones (a, em, span...) continue it.
    runs: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            runs.append("".join(current))
            current.clear()

    def walk(element):
        if _skipped(element):
            return
        block = element.tag in _BLOCKS
        if block:
            flush()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if block:
            flush()

    walk(body)
    flush()
    return runs


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)


def _attribute_runs(root):
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _SPOKEN_ATTRIBUTES:
            value = element.get(name)
            if not value:
                continue
            if name == "title" and element.tag == "a" and "bibliography.html#" in (element.get("href") or ""):
                continue  # a citation's hover text is its bibliography entry
            yield f"@{name}", value
        for name in _SHOWN_DATA:
            value = element.get(name)
            if value:
                try:
                    yield from ((f"@{name}", text) for text in _json_strings(json.loads(value)))
                except ValueError:
                    yield f"@{name}", value


def _svg_texts(svg) -> list[str]:
    return [" ".join(t.strip() for t in element.itertext() if t.strip())
            for element in svg.iter() if isinstance(element.tag, str)
            and etree.QName(element).localname in {"text", "title", "desc"}]


def _chart_runs(body: str):
    """Hover text, trace names and titles of the interactive charts kept under the pictures."""
    from m4d.book_extension import _plotly_calls

    shown = {"hovertemplate", "text", "name", "hovertext", "title", "label", "labels"}

    def strings(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v, key)
        elif isinstance(value, str) and key in shown:
            yield re.sub(r"<[^>]+>|%\{[^}]*\}", " ", value)

    for data, layout in _plotly_calls(body):
        yield from strings(data)
        yield from strings(layout)


def english_runs(page: Path, language: str, pictures: dict | None = None) -> list[tuple[str, str]]:
    """(where, text) of each English run a reader of ``page`` (an edition in ``language``) meets.

    ``pictures`` caches the text of the SVG pictures that several pages share.
    """
    pictures = {} if pictures is None else pictures
    body = page.read_text(encoding="utf-8")
    root = lxml.html.fromstring(body)
    runs = [("text", run) for run in _visible_runs(root.find("body") if root.find("body") is not None else root)]
    runs += list(_attribute_runs(root))
    for svg in root.iter("svg", "{http://www.w3.org/2000/svg}svg"):
        runs += [("picture", text) for text in _svg_texts(svg)]
    for element in root.iter("img", "source"):
        for url in (element.get("src"), element.get("srcset")):
            if not url or url.startswith("data:") or not url.split("?")[0].endswith(".svg"):
                continue
            path = (page.parent / unquote(url.split("?")[0])).resolve()
            if path not in pictures:
                try:
                    pictures[path] = _svg_texts(etree.parse(str(path)).getroot())
                except (OSError, etree.XMLSyntaxError):
                    pictures[path] = []
            runs += [("picture", text) for text in pictures[path]]
    for output in root.xpath('//div[contains(concat(" ", @class, " "), " cell_output ")]//pre'):
        runs += [("output", text) for text in [output.text_content()] if not _REPR.match(text.strip())]
    runs += [("chart", text) for text in _chart_runs(body)]
    return [(where, sentence) for where, text in runs for sentence in _sentences(text)
            if english_share(sentence, language)]
