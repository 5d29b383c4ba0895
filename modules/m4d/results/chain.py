"""The results chain drawn as a tree: the impact at the top, each result with what leads to it.

The drawing is HTML (nested lists styled as boxes), not a picture: a screen
reader reads it as a structured list, it needs no JavaScript, it prints, and it
redraws in well under a millisecond. Results without an indicator are marked.
"""
from __future__ import annotations

import html

from m4d.i18n import _, ngettext
from m4d.results.model import LEVELS, ResultsFramework

STYLE = (
    "<style>"
    ".m4d-chain ul{list-style:none;margin:0 0 0 1.2em;padding:0;border-left:2px solid #5b6770}"
    ".m4d-chain>ul{margin-left:0;border-left:none}"
    ".m4d-chain li{margin:.35em 0 .35em .6em}"
    ".m4d-chain .box{display:inline-block;padding:.25em .5em;border:1px solid #5b6770;border-radius:4px;"
    "background:#fff;color:#1b1f23;max-width:46em}"
    ".m4d-chain .lvl{font-weight:bold;margin-right:.4em}"
    ".m4d-chain .impact .box{background:#e8f0fa}.m4d-chain .outcome .box{background:#eaf5ea}"
    ".m4d-chain .output .box{background:#fdf3e1}"
    ".m4d-chain .none{color:#8c2d04;font-weight:bold}"
    "</style>"
)


def chain_html(framework: ResultsFramework, *, caption: str | None = None) -> str:
    """The results chain as an accessible tree (figure with caption), each result with its indicator count."""
    children: dict[str, list[dict]] = {}
    roots = []
    for res in framework.result_records():
        if res["contributes_to"]:
            children.setdefault(res["contributes_to"], []).append(res)
        else:
            roots.append(res)
    counts: dict[str, int] = {}
    for rid in framework.columns()["result_id"]:
        counts[rid] = counts.get(rid, 0) + 1

    def node(res: dict) -> str:
        n = int(counts.get(res["result_id"], 0))
        if n:
            count = ngettext("{n} indicator", "{n} indicators", n).format(n=n)
            measured = f" <span>({count})</span>"
        elif res["level"] in ("impact", "outcome", "output"):
            none = _("no indicator")
            measured = f' <span class="none">({none})</span>'
        else:
            measured = ""
        below = children.get(res["result_id"], [])
        inner = f"<ul>{''.join(node(c) for c in below)}</ul>" if below else ""
        return (f'<li class="{res["level"]}"><span class="box"><span class="lvl">{_(LEVELS[res["level"]])} '
                f'{html.escape(res["result_id"])}</span>{html.escape(res["statement"])}{measured}</span>{inner}</li>')

    caption = caption or framework.label(_("Results chain: {title}").format(title=framework.title))
    return (f'{STYLE}<figure class="m4d-chain"><figcaption>{html.escape(caption)}</figcaption>'
            f"<ul>{''.join(node(r) for r in roots)}</ul></figure>")
