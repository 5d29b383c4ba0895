"""Small-cell suppression: publish a table without exposing small groups.

A count of 1, 2 or 3 households in a published table (say, international
migrants aged 60+ in a small village) can point at identifiable people, which
matters most for migrants who fear reprisal or lack regular status.

- **Primary suppression** hides every cell (interior or total) whose count is
  above 0 and below the threshold.
- **Secondary (complementary) suppression** hides more cells so that no hidden
  cell can be worked out by subtraction: in every row and every column of the
  published table, margins included, either nothing is hidden or at least two
  entries are. A row with one hidden cell and a published total would give
  the hidden value away as total minus the others.

Complementary cells are chosen greedily: interior cells before totals, cells
whose crossing line already has a hidden entry (so no new line is opened),
non-zero cells, then the smallest count (least information lost). The result
meets the row-and-column rule above; it does not claim protection against
attacks that combine several lines at once (interval or linear-programming
attacks), for which statistical offices use tools such as tau-Argus.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from m4d.errors import InputError
from m4d.survey import checks

TOTAL = "Total"


@dataclass(frozen=True)
class SuppressedTable:
    """A disaggregation table with margins, and which of its cells are hidden and why."""

    counts: pd.DataFrame  #: unweighted counts, with a Total row and column
    values: pd.DataFrame  #: what is published (counts, or weighted estimates), with margins
    primary: pd.DataFrame  #: True where the count is below the threshold
    secondary: pd.DataFrame  #: True where hidden only to protect a primary cell
    threshold: int

    @property
    def suppressed(self) -> pd.DataFrame:
        return self.primary | self.secondary

    def published(self) -> pd.DataFrame:
        """The table as it may be published: hidden cells are NaN."""
        return self.values.astype(float).mask(self.suppressed)

    def summary(self) -> dict[str, int]:
        return {"cells": int(self.counts.size), "primary": int(self.primary.to_numpy().sum()),
                "secondary": int(self.secondary.to_numpy().sum())}

    def to_html(self, caption: str = "", decimals: int = 0) -> str:
        """An HTML table: hidden cells show as a shaded "x" (dark for primary, light for secondary)."""
        return table_html(self, caption, decimals)


def suppress(table: pd.DataFrame, threshold: int = 5, values: pd.DataFrame | None = None,
             suppress_zeros: bool = False) -> SuppressedTable:
    """Add margins to a table of counts and hide small cells and their complements.

    ``table`` holds the interior counts (no totals). ``values``, if given, is
    what is published in place of the counts (for example weighted estimates),
    same shape; the decision to hide is always taken on the unweighted counts,
    which say how many respondents stand behind a figure.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise InputError("Give the counts as a non-empty pandas DataFrame (rows by columns, no totals).")
    limit = checks.whole(threshold, "The suppression threshold", minimum=1)
    interior = table.to_numpy(dtype=float)
    if np.isnan(interior).any() or (interior < 0).any() or (interior != np.round(interior)).any():
        raise InputError("Counts must be whole numbers of 0 or more; the table has a missing, negative or "
                         "fractional count.")
    if values is not None and values.shape != table.shape:
        raise InputError(f"The published values have shape {values.shape} but the counts {table.shape}.")
    full = with_margins(interior)
    shown = full if values is None else with_margins(values.to_numpy(dtype=float))
    primary = (full < limit) & ((full > 0) | suppress_zeros)
    secondary = complementary_cells(full, primary)
    index, columns = _margin_labels(table.index), _margin_labels(table.columns)

    def frame(data):
        return pd.DataFrame(data, index=index, columns=columns)

    return SuppressedTable(counts=frame(full.astype(np.int64)), values=frame(shown),
                           primary=frame(primary), secondary=frame(secondary), threshold=limit)


def with_margins(interior: np.ndarray) -> np.ndarray:
    """The table with a total column on the right and a total row at the bottom."""
    rows = np.hstack([interior, interior.sum(axis=1, keepdims=True)])
    return np.vstack([rows, rows.sum(axis=0, keepdims=True)])


def complementary_cells(full: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Cells to hide besides ``primary`` so that no row or column has exactly one hidden entry."""
    hidden = primary.copy()
    n_rows, n_cols = full.shape
    margin = np.zeros_like(hidden)
    margin[-1, :] = True
    margin[:, -1] = True
    while True:
        per_row = hidden.sum(axis=1)
        per_col = hidden.sum(axis=0)
        lonely_rows = np.flatnonzero(per_row == 1)
        lonely_cols = np.flatnonzero(per_col == 1)
        if len(lonely_rows) == 0 and len(lonely_cols) == 0:
            return hidden & ~primary
        if len(lonely_rows):
            i = lonely_rows[0]
            candidates = [(i, j) for j in range(n_cols) if not hidden[i, j]]
            cross = per_col
            cross_of = lambda cell: cell[1]  # noqa: E731 - the column crossing row i
        else:
            j = lonely_cols[0]
            candidates = [(i, j) for i in range(n_rows) if not hidden[i, j]]
            cross = per_row
            cross_of = lambda cell: cell[0]  # noqa: E731
        if not candidates:  # pragma: no cover - a line of one entry cannot be lonely and complete
            raise InputError("The table is too small to protect its small cells; merge categories.")
        best = min(candidates, key=lambda c: (bool(margin[c]), cross[cross_of(c)] == 0,
                                              full[c] == 0, full[c], c))
        hidden[best] = True


def recoverable_cells(published: pd.DataFrame) -> list[tuple]:
    """Hidden cells of a published table (with margins, NaN = hidden) that subtraction reveals.

    Repeats row and column subtraction until nothing more comes out, as a
    patient reader would; an empty list means the table keeps its hidden
    cells hidden against that attack.
    """
    data = published.to_numpy(dtype=float).copy()
    found: list[tuple] = []
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = data if axis == 1 else data.T
            for k, line in enumerate(lines):
                gaps = np.flatnonzero(np.isnan(line))
                if len(gaps) != 1:
                    continue
                g = gaps[0]
                rest = np.delete(line, g)
                # The last entry is the line's total: interior = total - others; total = sum.
                value = rest[:-1].sum() if g == len(line) - 1 else line[-1] - rest[:-1].sum()
                line[g] = value
                cell = (k, g) if axis == 1 else (g, k)
                found.append((published.index[cell[0]], published.columns[cell[1]]))
                changed = True
    return found


def _margin_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        total = (TOTAL,) + ("",) * (index.nlevels - 1)
        return pd.MultiIndex.from_tuples(list(index) + [total], names=index.names)
    return pd.Index(list(index) + [TOTAL], name=index.name)


PRIMARY_STYLE = "background:#8c2d04;color:#fff"
SECONDARY_STYLE = "background:#fdd0a2;color:#000"


def table_html(result: SuppressedTable, caption: str = "", decimals: int = 0) -> str:
    def label(key) -> str:
        return " · ".join(str(k) for k in key if str(k) != "") if isinstance(key, tuple) else str(key)

    head = "".join(f'<th scope="col">{html.escape(label(c))}</th>' for c in result.values.columns)
    name = " · ".join(str(n) for n in result.values.index.names if n) or ""
    body = []
    for r, row_key in enumerate(result.values.index):
        cells = []
        for c in range(result.values.shape[1]):
            if result.primary.iat[r, c]:
                cells.append(f'<td style="{PRIMARY_STYLE}" title="hidden: fewer than {result.threshold}">x</td>')
            elif result.secondary.iat[r, c]:
                cells.append(f'<td style="{SECONDARY_STYLE}" title="hidden to protect another cell">x</td>')
            else:
                cells.append(f"<td>{result.values.iat[r, c]:,.{decimals}f}</td>")
        body.append(f'<tr><th scope="row">{html.escape(label(row_key))}</th>{"".join(cells)}</tr>')
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    legend = (f'<p style="font-size:90%"><span style="{PRIMARY_STYLE};padding:0 4px">x</span> hidden: fewer '
              f'than {result.threshold} respondents (primary) &nbsp; <span style="{SECONDARY_STYLE};padding:0 4px">'
              f'x</span> hidden so the first cannot be worked out from the totals (secondary)</p>')
    return (f'<table class="m4d-disaggregation" style="border-collapse:collapse;font-size:90%">{cap}'
            f'<thead><tr><th scope="col">{html.escape(name)}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{legend}')
