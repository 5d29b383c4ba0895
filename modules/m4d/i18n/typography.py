"""French spacing: the space before ``:`` ``;`` ``?`` ``!`` and inside « guillemets » must not break.

French puts a space before the two-part punctuation marks and inside guillemets. Typed as an
ordinary space, it lets a narrow screen (a phone) wrap the colon or the closing » to the start of
the next line, alone. The course's rule, one for every mark (``locales/README.md``): that space is
a **no-break space, U+00A0**, the character the catalogues already used. (Typographers often
prefer the narrow no-break space U+202F before ``;`` ``?`` ``!``; one character for every mark is
one rule a translator can keep, and the check accepts U+202F where a translator typed it.)

Only French *text* is concerned. These are left alone:

- inline code (`` `m4d budget check` ``), MyST roles (``{term}`ALR <LRA>```, ``{cite}`...```),
  directive fences and options (``:::{note}``, ``:class: tip``), reST's ``::``;
- URLs and link targets (``https://...``, ``](...)``, ``<...>``), HTML tags;
- mathematics (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``);
- placeholders the toolbox fills (``{name}``, ``{value:.1f}``, ``%(count)s``, ``%s``);
- a mark that is not punctuation of a sentence: ``12:30``, ``::``, ``x:=``, ``!=``, ``![image]``,
  ``?q=`` (the mark must be followed by a space, the end, or closing punctuation);
- a line break before the mark (a definition list's ``: ...``): it is the text's own structure.

:func:`spacing_problems` finds the spaces to change, :func:`fix_spacing` changes them, and
:func:`fix_catalogue_file` changes a ``.po`` file in place, touching only the ``msgstr`` lines
that change, with their line breaks as they were (no re-wrapping, so ``git diff`` shows only
the translations that changed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: The no-break space the course puts before : ; ? ! and inside « ».
NO_BREAK_SPACE = "\u00a0"
#: Spaces that do not break already (no-break, narrow no-break, figure space, word joiner).
_UNBREAKABLE = "\u00a0\u202f\u2007\u2060\ufeff"
#: Spaces a line may break at, on one line (a line break is structure, not a space to change).
_BREAKABLE = "[ \\t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]"
#: Spans whose characters are not French text.
_NOT_TEXT = re.compile(
    r"""
      \{[\w:.-]+\}`[^`]*`                          # a MyST role with its body: {term}`ALR <LRA>`
    | ``[^`]+?``                                   # inline code, double backticks
    | `[^`\n]+`                                    # inline code
    | \$\$[\s\S]+?\$\$                             # display maths
    | (?<![\w\\])\$[^$\s][^$]*?\$                  # inline maths
    | \\\([\s\S]+?\\\) | \\\[[\s\S]+?\\\]          # LaTeX's inline and display maths
    | \]\([^)]*\)                                  # a link's target
    | <[a-zA-Z/!][^<>]*>                           # an autolink or an HTML tag
    | (?:https?|ftp|mailto|file):[^\s<>)\]]+       # a URL
    | www\.[^\s<>)\]]+
    | \{[a-zA-Z_][\w.]*(?:\[[^\]]*\])?(?:![rsa])?(?::[^{}]*)?\}   # a str.format placeholder
    | %\([\w]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]  # a %-format placeholder
    | %[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]
    | ^[ \t]*(?P<fence>```+|~~~+)[\s\S]*?(?:^[ \t]*(?P=fence)|\Z)   # a fenced code block, fences included
    | ^[ \t]*:::[^\n]*$                            # a directive's fence line (:::{note})
    | ^[ \t]*:[\w-]+:[^\n]*$                       # a directive's option line (:class: tip)
    """,
    re.VERBOSE | re.MULTILINE,
)
#: What may follow a punctuation mark for it to be a sentence's punctuation and not code (12:30, x:=, !=).
_AFTER_MARK = r"(?=$|[\s\u00a0\u202f)\]*_»\"'’”.,;:?!…<\\-])"
#: A breakable space (or several) before : ; ? ! that follows some text, or before ».
_BEFORE = re.compile(r"(?<=\S)(?P<space>" + _BREAKABLE + r"+)(?P<mark>[:;?!](?![:=])" + _AFTER_MARK + r"|»)",
                     re.MULTILINE)
#: A breakable space (or several) after « that some text follows.
_AFTER = re.compile(r"(?P<mark>«)(?P<space>" + _BREAKABLE + r"+)(?=\S)", re.MULTILINE)


@dataclass(frozen=True)
class Spot:
    """One breakable space that French typography wants unbreakable: where it is and next to which mark."""

    start: int
    end: int
    mark: str

    def describe(self, text: str) -> str:
        around = text[max(0, self.start - 20):self.end + 20].replace("\n", " ")
        return f"breakable space {'before' if self.mark != '«' else 'after'} {self.mark!r} in …{around}…"


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NOT_TEXT.finditer(text)]


def spacing_problems(text: str) -> list[Spot]:
    """The breakable spaces of French ``text`` that stand before : ; ? ! or » or after «, outside code,
    URLs, maths, roles, directives and placeholders, in the order they come."""
    protected = _protected(text)

    def inside(position: int) -> bool:
        return any(start <= position < end for start, end in protected)

    spots = []
    for pattern in (_BEFORE, _AFTER):
        for match in pattern.finditer(text):
            start, end = match.span("space")
            mark_at = match.start("mark")
            if inside(mark_at) or any(inside(i) for i in range(start, end)):
                continue
            spots.append(Spot(start, end, match.group("mark")))
    return sorted(spots, key=lambda s: s.start)


def fix_spacing(text: str) -> str:
    """``text`` with each space :func:`spacing_problems` finds replaced by one no-break space (U+00A0)."""
    for spot in reversed(spacing_problems(text)):
        text = text[:spot.start] + NO_BREAK_SPACE + text[spot.end:]
    return text


# ----- .po files, changed in place ---------------------------------------------------------------------------
_STRING_LINE = re.compile(r'^(?P<head>(?:msgstr(?:\[\d+\])?\s+)?)"(?P<body>.*)"\s*$')


def _unescape(body: str) -> str:
    from babel.messages.pofile import unescape

    return unescape(f'"{body}"')


def _escape(text: str) -> str:
    from babel.messages.pofile import escape

    return escape(text)[1:-1]


def _fix_block(lines: list[str]) -> tuple[list[str], int]:
    """One msgstr's lines (``msgstr "..."`` then ``"..."`` lines): fixed, line by line, and the count of spaces changed.

    The text is joined to find the spots (a space may end one line and its colon start the next), then
    each line gets back its own part; a space is one character and so is U+00A0, so the line breaks stay."""
    parts = []
    for line in lines:
        match = _STRING_LINE.match(line)
        body = match["body"]
        if _escape(_unescape(body)) != body:
            # A line written with escapes another writer chose: leave this translation as it is.
            return lines, 0
        parts.append((match["head"], _unescape(body)))
    text = "".join(p for _, p in parts)
    spots = spacing_problems(text)
    if not spots:
        return lines, 0
    changed = list(text)
    count = 0
    for spot in spots:
        # Several spaces become one no-break space: the rest are dropped (a doubled space is a slip).
        changed[spot.start] = NO_BREAK_SPACE
        for i in range(spot.start + 1, spot.end):
            changed[i] = ""
        count += 1
    out, position = [], 0
    for (head, part), line in zip(parts, lines):
        new_part = "".join(changed[position:position + len(part)])
        position += len(part)
        out.append(line if new_part == part else f'{head}"{_escape(new_part)}"')
    return out, count


def fix_catalogue_text(text: str) -> tuple[str, int]:
    """A ``.po`` file's text with its translations' spacing fixed, and how many spaces changed.

    Only ``msgstr`` (and ``msgstr[n]``) strings change; msgids, comments, flags, the header entry and
    every line that needs no change are kept byte for byte."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    i = 0
    header = False  # the entry whose msgid is "" is the header: its msgstr is metadata, not French text
    while i < len(lines):
        line = lines[i]
        if line.startswith("msgid "):
            header = line.rstrip() == 'msgid ""' and not (i + 1 < len(lines) and lines[i + 1].startswith('"'))
        if line.startswith("msgstr") and _STRING_LINE.match(line):
            block = [line]
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                block.append(lines[j])
                j += 1
            fixed, n = (block, 0) if header else _fix_block(block)
            out.extend(fixed)
            count += n
            i = j
            continue
        out.append(line)
        i += 1
    return "\n".join(out), count


def fix_catalogue_file(path: Path, write: bool = True) -> int:
    """Fix the French spacing of one ``.po`` file in place (unless ``write`` is false); returns how many
    places changed (a run of spaces counts once)."""
    text = path.read_text(encoding="utf-8")
    fixed, count = fix_catalogue_text(text)
    if count and write:
        path.write_text(fixed, encoding="utf-8")
    return count
