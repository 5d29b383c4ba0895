"""Horizontal and vertical coherence gaps in a policy-coherence matrix.

The course's definitions (grounded in the JMDI guidelines, pp. 16 and 35-36):

*Horizontal coherence* is about sectors at one level of government pulling the
same way; *vertical coherence* is about the levels of government pulling the
same way in one sector.

A **gap** is a pair of policies on the same line of the matrix where one policy
*helps* migrants and the other does not, so the second can weaken or undo what
the first achieves:

- a **horizontal gap** pairs two sectors at the same level, for example local
  health helps while local housing hinders;
- a **vertical gap** pairs two levels in the same sector, for example local
  health helps while national health hinders.

The course's figures and widget draw the levels as rows (national at the top,
local at the bottom) and the sectors as columns, so that a horizontal gap lies
along a row and a vertical gap up and down a column.

A gap is a **conflict** (severity 2) when the other policy *hinders* migrants:
it actively works against the helping one. It is a **blind spot** (severity 1)
when the other policy *ignores* migrants: it leaves the helping policy on its
own. Severity is the difference between the two marks' scores (+1, 0, -1).

Two policies of which neither helps (ignores and hinders, say) make no gap:
there is no support for one of them to undermine. Such a line shows that
migration has not been mainstreamed there at all, which
:func:`m4d.coherence.summary.coherence_summary` reports separately.
"""
from __future__ import annotations

import pandas as pd

from m4d.coherence.marks import HELPS, HINDERS, MARK_SCORES
from m4d.coherence.matrix import check_matrix

CONFLICT = "conflict"
BLIND_SPOT = "blind spot"

HORIZONTAL_COLUMNS = ["level", "helping_sector", "other_sector", "other_mark", "kind", "severity"]
VERTICAL_COLUMNS = ["sector", "helping_level", "other_level", "other_mark", "kind", "severity"]


def gap_kind(helping_mark: str, other_mark: str) -> str | None:
    """The kind of gap between a policy with ``helping_mark`` and one with ``other_mark``.

    ``None`` when there is no gap: the first policy does not help, or the second
    helps too.
    """
    if helping_mark != HELPS or other_mark == HELPS:
        return None
    return CONFLICT if other_mark == HINDERS else BLIND_SPOT


def _line_gaps(names: list[str], marks: list[str]) -> list[tuple[str, str, str, str, int]]:
    # Every helping cell is paired with every non-helping cell on the same line,
    # in the matrix's own order so that the list reads top to bottom, left to right.
    found = []
    for a, mark_a in zip(names, marks):
        if mark_a != HELPS:
            continue
        for b, mark_b in zip(names, marks):
            kind = gap_kind(mark_a, mark_b)
            if kind is not None:
                found.append((a, b, mark_b, kind, MARK_SCORES[mark_a] - MARK_SCORES[mark_b]))
    return found


def horizontal_gap_rows(sectors: list[str], levels: list[str], marks: list[list[str]]) -> list[tuple]:
    """The horizontal gaps of a checked matrix given as plain lists (rows = sectors)."""
    return [(level, *gap) for j, level in enumerate(levels)
            for gap in _line_gaps(sectors, [row[j] for row in marks])]


def vertical_gap_rows(sectors: list[str], levels: list[str], marks: list[list[str]]) -> list[tuple]:
    """The vertical gaps of a checked matrix given as plain lists (rows = sectors)."""
    return [(sector, *gap) for sector, row in zip(sectors, marks) for gap in _line_gaps(levels, row)]


def horizontal_gaps(matrix: pd.DataFrame) -> pd.DataFrame:
    """Every horizontal gap: at one level, a sector that helps migrants and one that does not.

    One row per (level, helping sector, other sector), with the other sector's
    mark, the kind of gap (``conflict`` or ``blind spot``) and its severity (2 or 1).
    """
    matrix = check_matrix(matrix)
    rows = horizontal_gap_rows(list(matrix.index), list(matrix.columns), matrix.to_numpy().tolist())
    return gap_frame(rows, HORIZONTAL_COLUMNS)


def vertical_gaps(matrix: pd.DataFrame) -> pd.DataFrame:
    """Every vertical gap: in one sector, a level that helps migrants and one that does not.

    One row per (sector, helping level, other level), with the other level's
    mark, the kind of gap and its severity.
    """
    matrix = check_matrix(matrix)
    rows = vertical_gap_rows(list(matrix.index), list(matrix.columns), matrix.to_numpy().tolist())
    return gap_frame(rows, VERTICAL_COLUMNS)


def gap_frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Gap rows as a table with the given column names."""
    frame = pd.DataFrame(rows, columns=columns)
    frame["severity"] = frame["severity"].astype("int64")
    return frame
