"""Read a draft agreement into its sections: a heading and the text under it.

The checker looks at a draft section by section, so each format needs a rule
for what a heading is:

- **Markdown** (``.md``): ATX headings (``#`` to ``######``), and a line that is
  bold and nothing else (``**Budget**``), which many people use as a heading;
  lines inside code fences are ignored.
- **Word** (``.docx``): paragraphs whose style is ``Title`` or ``Heading 1`` ...
  ``Heading 9``; the text of tables counts as text of the section they are in.
- **Plain text** (``.txt``): a line of at most 80 characters and 12 words that
  starts with ``Article``, ``Section`` or ``Clause`` and a number, or with a
  number such as ``3.``, ``3)`` or ``IV.``, or that ends with a colon, or is
  written in capitals.

A section runs from its heading to the next heading of the same or a higher
level, so the text of sub-sections counts for the section above them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from m4d.errors import InputError
from m4d.i18n import _

TEXT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".docx": "docx"}
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*\*\*([^*]+?)\*\*\s*:?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PLAIN_NUMBERED = re.compile(
    r"^\s*((article|section|clause)\s+([0-9]+|[ivxlc]+)\b|([0-9]+(\.[0-9]+)*[.)]|[IVXLC]+\.)\s+\S)",
    re.IGNORECASE,
)
# The level given to headings that have no level of their own (bold lines, plain text).
FLAT_LEVEL = 7


@dataclass(frozen=True)
class Section:
    """A heading of a draft and the text that belongs to it (its own and its sub-sections')."""

    heading: str
    level: int
    body: str


def read_draft(path: str | Path) -> list[Section]:
    """Read a draft agreement file (``.md``, ``.txt`` or ``.docx``) into sections."""
    path = Path(path)
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            _("{file}: the checker reads Markdown (.md), plain text (.txt) or Word (.docx) drafts; "
              "save the draft in one of these formats.").format(file=path.name)
        )
    if not path.exists():
        raise InputError(_("The draft {path} does not exist. Check the path.").format(path=path))
    if kind == "docx":
        return sections_from_docx(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(_("{file} is not UTF-8 text. Save it as UTF-8 and try again.").format(file=path.name)) from None
    return sections_from_markdown(text) if kind == "markdown" else sections_from_text(text)


def sections_from_markdown(text: str) -> list[Section]:
    """Split Markdown text into sections at its headings."""
    headings: list[tuple[str, int] | None] = []
    lines = text.splitlines()
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            headings.append(None)
            continue
        match = None if in_fence else _ATX.match(line)
        bold = None if in_fence else _BOLD_LINE.match(line)
        if match:
            headings.append((match.group(2).strip(), len(match.group(1))))
        elif bold:
            headings.append((bold.group(1).strip(), FLAT_LEVEL))
        else:
            headings.append(None)
    return _sections(lines, headings)


def sections_from_text(text: str) -> list[Section]:
    """Split plain text into sections at the lines that look like headings."""
    lines = text.splitlines()
    return _sections(lines, [(line.strip().rstrip(":"), FLAT_LEVEL) if _is_plain_heading(line) else None
                             for line in lines])


def sections_from_docx(path: str | Path) -> list[Section]:
    """Split a Word document into sections at its Title and Heading paragraphs."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError):
        raise InputError(_("{file} is not a Word document that can be read; open it in Word "
                           "or LibreOffice and save it again as .docx.").format(file=Path(path).name)) from None
    lines: list[str] = []
    headings: list[tuple[str, int] | None] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append(" ".join(cell.text for cell in row.cells))
                headings.append(None)
            continue
        style = (block.style.name if block.style is not None else "") or ""
        lines.append(block.text)
        level = _docx_heading_level(style)
        headings.append((block.text.strip(), level) if level is not None and block.text.strip() else None)
    return _sections(lines, headings)


def _docx_heading_level(style: str) -> int | None:
    if style == "Title":
        return 0
    match = re.fullmatch(r"Heading ([1-9])", style)
    return int(match.group(1)) if match else None


def _is_plain_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 80 or len(stripped.split()) > 12:
        return False
    if _PLAIN_NUMBERED.match(stripped):
        return True
    if stripped.endswith(":") and not re.search(r"[.;!?]", stripped[:-1]):
        return True
    letters = [c for c in stripped if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _sections(lines: list[str], headings: list[tuple[str, int] | None]) -> list[Section]:
    starts = [(i, h) for i, h in enumerate(headings) if h is not None]
    sections = []
    for n, (i, (heading, level)) in enumerate(starts):
        end = len(lines)
        for j, (_, other_level) in starts[n + 1:]:
            if other_level <= level:
                end = j
                break
        body_lines = [lines[k] for k in range(i + 1, end)]
        sections.append(Section(heading=heading, level=level, body="\n".join(body_lines).strip()))
    return sections
