"""Light pages: the theme's icon fonts cut down to the icons the book shows.

pydata-sphinx-theme draws its few icons (menu, search, colour mode, download, GitHub,
the admonitions' marks) with Font Awesome's fonts: 156 kB (solid) and 118 kB (brands)
that every page downloads for a dozen glyphs, a quarter of a text lesson's weight. After
the build, :func:`subset_icon_fonts` keeps in each font only the glyphs that the built
pages, the theme's scripts and its style sheets name, writes them as a WOFF file of a
few kilobytes (fontTools, which the book's environment holds through matplotlib), and
points the theme's ``@font-face`` rules at it. The original fonts stay beside it.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

#: The theme's style sheet, which holds Font Awesome's icon table and its @font-face rules.
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CODEPOINT = re.compile(r'"\\([0-9a-fA-F]{4,5})"')
_ICON_CLASS = re.compile(r"\.(fa-[a-z0-9-]+):(?:before|after)")
_NAME = re.compile(r"\bfa-[a-z0-9-]+")
#: Icon fonts draw their glyphs at private-use code points; style sheets often write them as is.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FONT_FACE = re.compile(r'src:url\((?P<dir>\.\./vendor/fontawesome/webfonts/)(?P<font>[\w-]+)\.woff2\) format\("woff2"\),'
                        r'url\((?P=dir)(?P=font)\.ttf\) format\("truetype"\)')


def icon_table(css: str) -> dict[str, int]:
    """Font Awesome's icon classes (``fa-github``) and the code point each draws."""
    table = {}
    for selectors, body in _RULE.findall(css):
        point = _CODEPOINT.search(body)
        names = _ICON_CLASS.findall(selectors)
        if point and names and "content:" in body:
            for name in names:
                table[name] = int(point.group(1), 16)
    return table


def used_code_points(html_dir: Path, table: dict[str, int]) -> set[int]:
    """The icons the built book can show: named as classes in its pages and scripts,
    written as code points in style rules that are not Font Awesome's own icon table, or
    written as the private-use characters themselves."""
    html_dir = Path(html_dir)
    used: set[int] = set()
    for path in html_dir.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".js", ".css"} or "_sources" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        used.update(ord(c) for c in _PRIVATE_USE.findall(text))
        if path.suffix in {".html", ".js"}:
            used.update(table[n] for n in _NAME.findall(text) if n in table)
        else:
            for selectors, body in _RULE.findall(text):
                if not _ICON_CLASS.search(selectors):
                    used.update(int(p, 16) for p in _CODEPOINT.findall(body))
    return used


def subset_icon_fonts(html_dir: Path) -> dict[str, int]:
    """Cut the theme's icon fonts to the icons in use; returns each new font's bytes by file name."""
    from fontTools import subset

    html_dir = Path(html_dir)
    css_path = html_dir / THEME_CSS
    if not css_path.exists():
        return {}
    css = css_path.read_text(encoding="utf-8")
    points = used_code_points(html_dir, icon_table(css))
    written: dict[str, int] = {}

    def smaller(match):
        webfonts = css_path.parent / match.group("dir")
        source = webfonts / f"{match.group('font')}.ttf"
        if not source.exists() or not points:
            return match.group(0)
        options = subset.Options()
        options.flavor = "woff"  # zlib; WOFF2 would need brotli, which the environment lacks
        options.layout_features = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(font)
        digest = hashlib.sha1(",".join(map(str, sorted(points))).encode()).hexdigest()[:8]
        name = f"{match.group('font')}.m4d-{digest}.woff"
        font.save(str(webfonts / name))
        written[name] = (webfonts / name).stat().st_size
        return f'src:url({match.group("dir")}{name}) format("woff")'

    new_css = _FONT_FACE.sub(smaller, css)
    if new_css != css:
        css_path.write_text(new_css, encoding="utf-8")
    return written
