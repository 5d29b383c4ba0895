"""Light pages with mathematics: the book's formulas become MathML when the page is built.

Sphinx writes a formula as TeX (``\\(...\\)`` inline, ``\\[...\\]`` displayed) for MathJax to
typeset in the reader's browser; MathJax's script, fonts and extensions weigh more than a
megabyte, the largest part of a text lesson with one formula. Browsers draw MathML
themselves (Chromium since 109, Firefox, Safari), and screen readers read it, so the book
turns the TeX into MathML once, at build time, with the MathJax npm package that
``make env`` installs (``node``, no download), and no page loads MathJax.

A formula MathJax cannot read is an error of the build, with the formula, never a page
that shows the reader a red error box.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

#: The element Sphinx's MathJax writer puts around a formula (quizzes write the same).
_MATH_ELEMENT = re.compile(r'<(?P<tag>span|div) class="math notranslate nohighlight"(?P<attrs>[^>]*)>'
                           r'(?P<inner>.*?)</(?P=tag)>', re.S)
_TEX = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
#: The class a converted formula carries instead of Sphinx's (so no MathJax is added for it).
CONVERTED_CLASS = "math m4d-math"
CONVERTER = Path(__file__).resolve().parent / "book_theme" / "tools" / "tex_to_mathml.js"


class MathError(RuntimeError):
    """A formula that cannot be turned into MathML (the message names it and says why)."""


def formulas(body: str) -> list[tuple[str, bool]]:
    """The (TeX, displayed) formulas of a page's HTML, in order, each once."""
    found: dict[tuple[str, bool], None] = {}
    for element in _MATH_ELEMENT.finditer(body):
        for tex in _TEX.finditer(element.group("inner")):
            display = tex.group("display") is not None
            found[(html.unescape(tex.group("display" if display else "inline")).strip(), display)] = None
    return list(found)


def tex_to_mathml(items: list[tuple[str, bool]], mathjax_dir: Path, cache: dict | None = None) -> dict[tuple[str, bool], str]:
    """MathML for each (TeX, displayed) formula, converted by MathJax in ``node`` (one process for all)."""
    cache = {} if cache is None else cache
    todo = [item for item in items if item not in cache]
    if todo:
        if not (Path(mathjax_dir) / "es5" / "node-main.js").exists():
            raise MathError(f"MathJax is missing ({mathjax_dir}): run `make env`, which installs the book's npm assets.")
        try:
            done = subprocess.run(["node", str(CONVERTER), str(Path(mathjax_dir).resolve())],
                                  input=json.dumps([[tex, display] for tex, display in todo]),
                                  capture_output=True, text=True, timeout=120, check=False)
        except FileNotFoundError:
            raise MathError("node is needed to turn the book's formulas into MathML: run `make env`.") from None
        if done.returncode != 0:
            raise MathError(f"MathJax could not convert the book's formulas: {done.stderr.strip()[-2000:]}")
        for (tex, display), mathml in zip(todo, json.loads(done.stdout)):
            if isinstance(mathml, dict) or "<merror" in mathml:
                why = mathml.get("error") if isinstance(mathml, dict) else re.search(
                    r'data-mjx-error="([^"]*)"', mathml).group(1) if "data-mjx-error" in mathml else "unreadable TeX"
                raise MathError(f"The formula {tex!r} is not valid TeX for MathJax: {html.unescape(why)}.")
            cache[(tex, display)] = aligned_columns(_BETWEEN_TAGS.sub("><", mathml.strip()))
    return {item: cache[item] for item in items}


_TABLE_PART = re.compile(r"<(?P<end>/?)(?P<tag>mtable|mtr|mlabeledtr|mtd)\b(?P<attrs>[^>]*?)(?P<empty>/?)>")
_ATTR = re.compile(r'\b(columnalign|columnspacing)="([^"]*)"')


def aligned_columns(mathml: str) -> str:
    """The MathML with each table cell aligned and spaced as its table says, in terms Chromium draws.

    MathJax writes ``\\begin{aligned}`` (and ``align``, ``cases`` ...) as an ``mtable`` whose
    ``columnalign`` and ``columnspacing`` line the rows up at their ``&``; Chromium draws MathML
    Core, which ignores both (and ``text-align``): every cell starts at its left edge, so the
    left-hand sides of an aligned system no longer end where the relations begin. A cell to
    align right is laid out from right to left (``dir="rtl"``) with its content kept in reading
    order in an ``mrow dir="ltr"``, which MathML Core follows; the spacing becomes padding; the
    ``text-align`` is written too, for other engines. Left-aligned cells are drawn as they are
    (MathML Core's default); centred ones too (MathML Core cannot centre without sizes).
    """
    out, pos, tables = [], 0, []  # tables: [aligns, spacings, column index] of each open mtable
    cells: list[bool] = []  # for each open mtd: whether its content was put in a left-to-right mrow
    for part in _TABLE_PART.finditer(mathml):
        out.append(mathml[pos:part.start()])
        pos = part.end()
        tag, attrs, closing = part.group("tag"), part.group("attrs"), part.group("end") == "/"
        if tag == "mtable":
            if closing:
                tables.pop()
            else:
                found = dict(_ATTR.findall(attrs))
                tables.append([found.get("columnalign", "center").split(), found.get("columnspacing", "0.8em").split(), 0])
        elif tag in {"mtr", "mlabeledtr"} and not closing and tables:
            tables[-1][2] = 0
        elif tag == "mtd" and closing and cells:
            out.append("</mrow></mtd>" if cells.pop() else part.group(0))
            continue
        elif tag == "mtd" and not closing and tables and "style=" not in attrs:
            aligns, spacings, column = tables[-1]
            tables[-1][2] += 1
            own = dict(_ATTR.findall(attrs)).get("columnalign")
            align = own or aligns[min(column, len(aligns) - 1)]
            gap = lambda i: spacings[min(i, len(spacings) - 1)] if i >= 0 else "0em"
            # The space between two columns is split between the cells on either side of it.
            left, right = _half(gap(column - 1)) if column else "0", _half(gap(column))
            style = f"text-align: {align}; padding-left: {left}; padding-right: {right}"
            right_to_left = align == "right" and not part.group("empty") and "dir=" not in attrs
            if not part.group("empty"):
                cells.append(right_to_left)
            out.append(f'<mtd{attrs} style="{style}"' + (' dir="rtl"><mrow dir="ltr">' if right_to_left else
                                                          ("/>" if part.group("empty") else ">")))
            continue
        elif tag == "mtd" and not closing and not part.group("empty"):
            cells.append(False)
        out.append(part.group(0))
    out.append(mathml[pos:])
    return "".join(out)


def _half(length: str) -> str:
    number = re.match(r"([\d.]+)(\D*)$", length)
    return f"{float(number.group(1)) / 2:g}{number.group(2) or 'em'}" if number else "0.4em"


def with_mathml(body: str, mathml: dict[tuple[str, bool], str]) -> str:
    """The page's HTML with each TeX formula replaced by its MathML (equation numbers and links kept)."""
    def element(match):
        def formula(tex):
            display = tex.group("display") is not None
            key = (html.unescape(tex.group("display" if display else "inline")).strip(), display)
            return mathml[key]
        inner = _TEX.sub(formula, match.group("inner"))
        return f'<{match.group("tag")} class="{CONVERTED_CLASS}"{match.group("attrs")}>{inner}</{match.group("tag")}>'
    return _MATH_ELEMENT.sub(element, body)


def has_tex(body: str) -> bool:
    """Whether a page still holds a formula for MathJax to typeset."""
    return _MATH_ELEMENT.search(body) is not None
