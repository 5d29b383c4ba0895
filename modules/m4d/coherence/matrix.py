"""The policy-coherence matrix: one mark for each sector policy at each level of government.

The matrix is a pandas DataFrame whose index holds the sectors (rows, named
``sector``) and whose columns hold the levels of government (named ``level``),
ordered from the closest to the furthest from residents (local, regional,
national). Every cell holds one mark from :mod:`m4d.coherence.marks`.

Functions here build, check and change a matrix; they never modify the matrix
they are given, so a widget or a learner can keep the previous state.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from m4d.coherence.marks import IGNORES, MARKS, parse_mark
from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext

EXAMPLE_DATASET = "coherence_policies_alvora"
SECTORS_DATASET = "coherence_sectors"
LEVELS_DATASET = "coherence_levels"


#: What :func:`_check_names` says of a sector or a level, one whole sentence each (the nouns differ in gender).
_NO_NAME = {"sector": N_("A sector has no name: give every sector a short name such as housing."),
            "level": N_("A level has no name: give every level a short name such as local.")}
_TWICE = {"sector": N_("The sector {name} appears twice: each sector may appear only once."),
          "level": N_("The level {name} appears twice: each level may appear only once.")}
_NONE = {"sector": N_("The matrix needs at least one sector."), "level": N_("The matrix needs at least one level.")}


def _check_names(names: Iterable[object], what: str) -> list[str]:
    cleaned: list[str] = []
    for name in names:
        text = str(name).strip() if name is not None else ""
        if not text:
            raise InputError(_(_NO_NAME[what]))
        if text in cleaned:
            raise InputError(_(_TWICE[what]).format(name=repr(text)))
        cleaned.append(text)
    if not cleaned:
        raise InputError(_(_NONE[what]))
    return cleaned


def _cell(sector: str, level: str) -> str:
    """A cell of the matrix, as a mark's message names it."""
    return _("{sector} at the {level} level").format(sector=sector, level=level)


def blank_matrix(sectors: Iterable[str], levels: Iterable[str], mark: str = IGNORES) -> pd.DataFrame:
    """A matrix with the same mark in every cell (by default: every policy ignores migrants)."""
    rows = _check_names(sectors, "sector")
    cols = _check_names(levels, "level")
    mark = parse_mark(mark)
    frame = pd.DataFrame(mark, index=pd.Index(rows, name="sector"), columns=pd.Index(cols, name="level"))
    return frame.astype(object)


def check_matrix(matrix: object) -> pd.DataFrame:
    """Check a matrix and return a clean copy (marks in lower case, axes named).

    Raises :class:`m4d.InputError` naming the first cell whose mark is not
    ``helps``, ``ignores`` or ``hinders``, or a sector or level that is blank
    or repeated.
    """
    if not isinstance(matrix, pd.DataFrame):
        raise InputError(_("A policy-coherence matrix is a table (pandas DataFrame) with one row per sector and one "
                           "column per level of government."))
    rows = _check_names(matrix.index, "sector")
    cols = _check_names(matrix.columns, "level")
    cells: dict[str, list[str]] = {}
    for j, level in enumerate(cols):
        column = matrix.iloc[:, j].tolist()
        cells[level] = [parse_mark(v, where=_cell(rows[i], level)) for i, v in enumerate(column)]
    frame = pd.DataFrame(cells, index=pd.Index(rows, name="sector"))
    frame.columns = pd.Index(cols, name="level")
    return frame.astype(object)


def matrix_from_table(table: pd.DataFrame, sectors: Iterable[str] | None = None,
                      levels: Iterable[str] | None = None) -> pd.DataFrame:
    """Build a matrix from a long table with the columns ``sector``, ``level`` and ``mark``.

    This is the shape of a CSV a practitioner fills in: one row per sector
    policy at one level. ``sectors`` and ``levels`` fix the order of rows and
    columns (and the names allowed); by default they follow the order in which
    they first appear in the table. Every sector needs a mark at every level.
    """
    missing = [c for c in ("sector", "level", "mark") if c not in table.columns]
    if missing:
        raise InputError(ngettext("The table lacks the column(s) {missing}: it needs one row per sector policy and "
                                  "level, with the columns sector, level and mark.",
                                  "The table lacks the column(s) {missing}: it needs one row per sector policy and "
                                  "level, with the columns sector, level and mark.", len(missing)).format(
            missing=", ".join(missing)))
    names = {"sector": sectors, "level": levels}
    order: dict[str, list[str]] = {}
    for axis, given in names.items():
        seen = [str(v).strip() for v in table[axis].tolist()]
        if given is None:
            order[axis] = _check_names(dict.fromkeys(seen), axis)
        else:
            order[axis] = _check_names(given, axis)
            unknown = [v for v in dict.fromkeys(seen) if v not in order[axis]]
            if unknown:
                text = (_("Unknown sector {name} in the table. Known sectors: {names}.") if axis == "sector" else
                        _("Unknown level {name} in the table. Known levels: {names}."))
                raise InputError(text.format(name=repr(unknown[0]), names=", ".join(order[axis])))
    marks: dict[tuple[str, str], str] = {}
    for n, (sector, level, mark) in enumerate(zip(table["sector"], table["level"], table["mark"]), start=2):
        key = (str(sector).strip(), str(level).strip())
        if key in marks:
            raise InputError(_("Row {n}: {sector} at the {level} level is marked twice; keep one row for it.").format(
                n=n, sector=key[0], level=key[1]))
        marks[key] = parse_mark(mark, where=_("{sector} at the {level} level (row {n})").format(
            sector=key[0], level=key[1], n=n))
    for sector in order["sector"]:
        for level in order["level"]:
            if (sector, level) not in marks:
                raise InputError(_("{sector} has no mark at the {level} level: add a row '{row}' to the "
                                   "table.").format(sector=sector, level=level,
                                                    row=f"{sector},{level},<{'|'.join(MARKS)}>"))
    frame = pd.DataFrame(
        {level: [marks[(s, level)] for s in order["sector"]] for level in order["level"]},
        index=pd.Index(order["sector"], name="sector"),
    )
    frame.columns = pd.Index(order["level"], name="level")
    return frame.astype(object)


def _position(names: list[str], name: object, what: str) -> int:
    text = str(name).strip() if name is not None else ""
    if text not in names:
        message = (_("There is no sector {name} in this matrix. Choose one of: {names}.") if what == "sector" else
                   _("There is no level {name} in this matrix. Choose one of: {names}.") if what == "level" else
                   f"There is no {what} {{name}} in this matrix. Choose one of: {{names}}.")
        raise InputError(message.format(name=repr(text), names=", ".join(names)))
    return names.index(text)


def with_mark(matrix: pd.DataFrame, sector: str, level: str, mark: str) -> pd.DataFrame:
    """A copy of ``matrix`` in which ``sector`` at ``level`` carries ``mark``."""
    rows, cols = list(matrix.index), list(matrix.columns)
    i = _position(rows, sector, "sector")
    j = _position(cols, level, "level")
    value = parse_mark(mark, where=_("{sector} at the {level} level").format(sector=rows[i], level=cols[j]))
    changed = matrix.copy()
    changed.iat[i, j] = value
    return changed


def parse_mark_line(line: str) -> tuple[str, str, str]:
    """Split a line such as ``"housing, local, hinders"`` into sector, level and mark."""
    parts = [p.strip() for p in str(line).replace(";", ",").split(",")]
    if len(parts) != 3 or not all(parts):
        raise InputError(_("{line} is not a mark line. Write the sector, the level and the mark separated by "
                           "commas, for example: housing, local, hinders").format(line=repr(str(line).strip())))
    return parts[0], parts[1], parts[2]


def sector_titles() -> dict[str, str]:
    """Readable names of the course's sectors (from the dataset ``coherence_sectors``)."""
    from m4d.datasets import load

    from m4d.i18n import translate_value

    frame = load(SECTORS_DATASET)
    # The names stay the English codes; the titles are in the reader's language.
    return {s: translate_value(SECTORS_DATASET, "title", t) for s, t in zip(frame["sector"].tolist(),
                                                                          frame["title"].tolist())}


def level_titles() -> dict[str, str]:
    """Readable names of the levels of government, from the closest to residents outwards."""
    from m4d.datasets import load

    from m4d.i18n import translate_value

    frame = load(LEVELS_DATASET).sort_values("order")
    return {lv: translate_value(LEVELS_DATASET, "title", t) for lv, t in zip(frame["level"].tolist(),
                                                                           frame["title"].tolist())}


def example_matrix() -> pd.DataFrame:
    """The matrix of Alvora, the course's fictional municipality (illustrative marks)."""
    from m4d.datasets import load

    table = load(EXAMPLE_DATASET)
    return matrix_from_table(table, sectors=list(sector_titles()), levels=list(level_titles()))


def example_policies() -> pd.DataFrame:
    """Alvora's illustrative policies: what each says and why it got its mark."""
    from m4d.datasets import load

    return load(EXAMPLE_DATASET)


def titles_or_names(names: Iterable[str], titles: Mapping[str, str] | None) -> dict[str, str]:
    """Map each name to its readable title, falling back to the name itself."""
    titles = titles or {}
    return {n: titles.get(n, n) for n in names}
