r"""Small-cell suppression: publish a table without exposing small groups.

A count of 1, 2 or 3 households in a published table (say, international
migrants aged 60+ in a small village) can point at identifiable people, which
matters most for migrants who fear reprisal or lack regular status.

- **Primary suppression** hides every cell (interior or total) whose count is
  above 0 and below the threshold.
- **Secondary (complementary) suppression** hides more cells so that no primary
  cell can be narrowed down. Hiding a lone cell in a row is not enough, and
  neither is "at least two hidden cells in every row and column": a reader who
  writes the published totals as linear equations and solves for the smallest
  and the largest value each hidden cell can take (linear programming, as
  :func:`audit` does with :func:`scipy.optimize.linprog`) can often pin a
  hidden count of 4 to "between 3 and 5".

So the rule here is the one statistical offices use: every primary cell keeps a
**protection interval**. Given the published table and its totals, the
smallest and largest value the cell can take must be at least ``protection``
apart (default: the threshold, so a hidden count could be anything over a range
as wide as the threshold; with threshold 5, a count of 2 could be anything
from 0 to 5). Complementary cells are chosen, one primary cell at a time, as
the cheapest set of cells that lets that cell move by the required amount
while every row and column still adds up: in a table with totals such a set is
an *alternating cycle* of cells (one up, the next down, ...), found as a
shortest path in the table's row-column graph (:mod:`scipy.sparse.csgraph`).
The cost of hiding a cell is the information it takes away: by default the
respondents it hides plus one (``cost="count"``, so the smallest total is
hidden, and fewer cells among equal totals); ``cost="cells"`` hides the fewest
cells. Cells already hidden cost nothing, so cycles share them. Finally
complementary cells that turned out not to be needed are released again, and
the attacker's linear programme audits the table; a table that does not pass
is never returned.

What is published (:meth:`SuppressedTable.published`,
:meth:`SuppressedTable.to_html`) shows every hidden cell the same way, so a
reader cannot tell which hidden cells are small. A table of more than two
variables is published, and protected, as a two-way table: the row variables
are crossed into the rows and the column variables into the columns, with one
total row and one total column. Tables with sub-totals (a total per
municipality inside a table by municipality and sex, say) add equations that
this method does not model: :func:`audit` refuses them with a message, and so
should the publisher, or publish each level as its own table audited against
the others (linked tables are not covered here; statistical offices use
tau-Argus for them).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components, dijkstra, maximum_flow

from m4d.errors import InputError
from m4d.i18n import N_, _, ngettext, pgettext
from m4d.i18n.numbers import number
from m4d.survey import checks

TOTAL = "Total"
COSTS = ("count", "cells")
# A hidden cell costs nothing to use again; this tiny cost makes shorter cycles win among free ones.
_FREE = 1e-6


@dataclass(frozen=True)
class CellInterval:
    """What an attacker can learn about one hidden cell: the range of values it can take."""

    row: object
    column: object
    low: float
    high: float  #: ``inf`` when nothing in the table bounds the cell from above

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Audit:
    """The attacker's view of a published table: the feasible interval of every hidden cell.

    ``intervals`` has one row per hidden cell (``row``, ``column``, ``low``,
    ``high``, ``width``). ``protection`` is the width each protected cell must
    keep; ``failures`` lists the protected cells whose interval is narrower.
    """

    intervals: pd.DataFrame
    protection: float
    protected: tuple = ()  #: the (row, column) cells the protection applies to
    failures: tuple = ()

    @property
    def passed(self) -> bool:
        return not self.failures

    def interval(self, row, column) -> CellInterval:
        """The feasible interval of one hidden cell."""
        hit = self.intervals[(self.intervals["row"] == row) & (self.intervals["column"] == column)]
        if hit.empty:
            raise InputError(_("The cell ({row}, {column}) is not hidden in this table.").format(
                row=repr(row), column=repr(column)))
        first = hit.iloc[0]
        return CellInterval(row, column, float(first["low"]), float(first["high"]))

    def narrowest(self) -> float:
        """The narrowest interval among the protected cells (``inf`` if none is hidden)."""
        if not len(self.protected):
            return float("inf")
        keys = set(self.protected)
        widths = [w for r, c, w in zip(self.intervals["row"], self.intervals["column"], self.intervals["width"])
                  if (r, c) in keys]
        return float(min(widths)) if widths else float("inf")

    def message(self) -> str:
        if self.passed:
            return _("Audit passed: every protected cell can take values over a range of at least {protection} "
                     "(narrowest: {narrowest}).").format(protection=number(self.protection, "g"),
                                                         narrowest=number(self.narrowest(), "g"))
        cells = ", ".join(f"({r}, {c})" for r, c in self.failures[:5])
        # The English says "cell(s)" for any number; a translation has its own singular and plural.
        return ngettext("Audit failed: {n} hidden cell(s) can be narrowed to a range below {protection} from the "
                        "published totals: {cells}. Hide more cells or merge categories.",
                        "Audit failed: {n} hidden cell(s) can be narrowed to a range below {protection} from the "
                        "published totals: {cells}. Hide more cells or merge categories.",
                        len(self.failures)).format(n=number(len(self.failures), "d"),
                                                   protection=number(self.protection, "g"), cells=cells)


@dataclass(frozen=True)
class SuppressedTable:
    """A disaggregation table with margins, and which of its cells are hidden and why.

    ``primary`` and ``secondary`` are the publisher's working record; they are
    never part of what is published.
    """

    counts: pd.DataFrame  #: unweighted counts, with a Total row and column
    values: pd.DataFrame  #: what is published (counts, or weighted estimates), with margins
    primary: pd.DataFrame  #: True where the count is below the threshold
    secondary: pd.DataFrame  #: True where hidden only to protect a primary cell
    threshold: int
    protection: float = 0.0  #: the width every primary cell's feasible interval keeps

    @cached_property
    def audit(self) -> Audit:
        """The attacker's view of the published counts, for the primary cells (computed when first asked).

        :func:`suppress` already proved, cell by cell, that every primary cell
        can move by the protection width; this runs the attacker in full and
        gives each primary cell's feasible interval. ``audit(published())``
        gives every hidden cell's.
        """
        return audit(self.counts.astype(float).mask(self.suppressed), protection=self.protection,
                     protect=self.primary, only_protected=True)

    @property
    def suppressed(self) -> pd.DataFrame:
        return self.primary | self.secondary

    def published(self) -> pd.DataFrame:
        """The table as it may be published: hidden cells are NaN."""
        return self.values.astype(float).mask(self.suppressed)

    def summary(self) -> dict[str, int]:
        return {"cells": int(self.counts.size), "primary": int(self.primary.to_numpy().sum()),
                "secondary": int(self.secondary.to_numpy().sum())}

    def to_html(self, caption: str = "", decimals: int = 0, reasons: bool = False) -> str:
        """An HTML table in which every hidden cell shows the same shaded "x".

        ``reasons=True`` makes the publisher's working copy instead: primary and
        secondary cells are told apart, and the table says it is not for
        publication.
        """
        return table_html(self, caption, decimals, reasons)


def suppress(table: pd.DataFrame, threshold: int = 5, values: pd.DataFrame | None = None,
             suppress_zeros: bool = False, protection: float | None = None, cost: str = "count") -> SuppressedTable:
    """Add margins to a table of counts and hide small cells and their complements.

    ``table`` holds the interior counts (no totals); a table of more than two
    variables comes as a frame whose index and columns are MultiIndexes (as
    :func:`m4d.survey.cross_table` makes it). ``values``, if given, is what is
    published in place of the counts (for example weighted estimates), same
    shape; the decision to hide is always taken on the unweighted counts,
    which say how many respondents stand behind a figure. ``protection`` is
    the least width of every primary cell's feasible interval (default: the
    threshold); ``cost`` is what a hidden cell costs (see the module's
    description).
    """
    if isinstance(table, np.ndarray):
        if table.ndim != 2:
            raise InputError(_("The counts have {dimensions} dimensions; give them as a two-way DataFrame, with "
                               "several variables crossed into the rows or columns (m4d.survey.cross_table does "
                               "that).").format(dimensions=number(table.ndim, "d")))
        table = pd.DataFrame(table)
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise InputError(_("Give the counts as a non-empty pandas DataFrame (rows by columns, no totals)."))
    limit = checks.whole(threshold, N_("The suppression threshold"), minimum=1)
    width = float(limit) if protection is None else checks.positive(
        protection, N_("The protection width"), N_("It is the least range each hidden small count must keep, "
                                  "in respondents; the threshold is a good default."))
    if cost not in COSTS:
        raise InputError(_("Unknown cost {cost}: use 'count' (hide the fewest respondents) or 'cells' "
                           "(hide the fewest cells).").format(cost=repr(cost)))
    _refuse_totals_inside(table)
    interior = _numbers(table)
    if np.isnan(interior).any() or (interior < 0).any() or (interior != np.round(interior)).any():
        raise InputError(_("Counts must be whole numbers of 0 or more; the table has a missing, negative or "
                           "fractional count."))
    if values is not None and values.shape != table.shape:
        raise InputError(_("The published values have shape {values} but the counts {counts}.").format(
            values=values.shape, counts=table.shape))
    full = with_margins(interior)
    shown = full if values is None else with_margins(_numbers(values))
    primary = (full < limit) & ((full > 0) | suppress_zeros)
    hidden = protect(full, primary, width, cost)
    secondary = hidden & ~primary
    index, columns = _margin_labels(table.index), _margin_labels(table.columns)

    def frame(data):
        return pd.DataFrame(data, index=index, columns=columns)

    # protect() has checked every primary cell's moves with the attacker's maximum flows;
    # SuppressedTable.audit runs the full attack when it is asked for (the command line always asks).
    return SuppressedTable(counts=frame(full.astype(np.int64)), values=frame(shown), primary=frame(primary),
                           secondary=frame(secondary), threshold=limit, protection=width)


def with_margins(interior: np.ndarray) -> np.ndarray:
    """The table with a total column on the right and a total row at the bottom."""
    rows = np.hstack([interior, interior.sum(axis=1, keepdims=True)])
    return np.vstack([rows, rows.sum(axis=0, keepdims=True)])


# ----- choosing complementary cells ---------------------------------------------------------------------

def protect(full: np.ndarray, primary: np.ndarray, protection: float, cost: str = "count") -> np.ndarray:
    """Cells to hide (primary ones included) so that every primary cell can move by ``protection``.

    ``full`` is the table with its total row and column last. Each primary cell
    gets a downward move (to at most its own value: a count cannot go below 0)
    and an upward move that together span ``protection``; each move is an
    alternating cycle of cells that keeps every row and column sum.
    """
    hidden = primary.copy()
    if not primary.any():
        return hidden
    graph = _TableGraph(full)
    weight = np.ones_like(full, dtype=float) if cost == "cells" else full.astype(float) + 1.0
    moves = [(cell, amount) for cell in zip(*np.nonzero(primary)) for amount in _moves(full, cell, protection)
             if amount]
    # Larger cells first: their cycles are the most likely to be shared by the small ones.
    moves.sort(key=lambda m: (-full[m[0]], m[0], -m[1]))
    carried: list[np.ndarray] = []  # for each move, the cells a flow that achieves it runs through
    for cell, amount in moves:
        room, used = graph.flow(cell, amount, hidden)
        while room < abs(amount) - 1e-9:
            # The cheapest cycle that carries what is still missing; when no single cycle can (the
            # cells on every route are too small), the cell's row and column and the totals can.
            missing = np.sign(amount) * (abs(amount) - room)
            more = graph.cycle(cell, missing, hidden, weight)
            if more is None or not (more & ~hidden).any():
                more = graph.cross(cell)
                if not (more & ~hidden).any():  # pragma: no cover - the whole cross always suffices
                    raise InputError(_("A small cell could not be protected; merge categories so that cells are "
                                       "larger."))
            hidden |= more
            room, used = graph.flow(cell, amount, hidden)
        carried.append(used)
    # Release complements that later cycles made unnecessary, costliest first. Only the moves whose
    # flow runs through a released cell need checking again.
    for cell in sorted(zip(*np.nonzero(hidden & ~primary)), key=lambda c: (-weight[c], c)):
        affected = [k for k, used in enumerate(carried) if used[cell]]
        hidden[cell] = False
        again = {}
        for k in affected:
            room, used = graph.flow(moves[k][0], moves[k][1], hidden)
            if room < abs(moves[k][1]) - 1e-9:
                hidden[cell] = True
                break
            again[k] = used
        else:
            for k, used in again.items():
                carried[k] = used
    return hidden


def _moves(full: np.ndarray, cell, protection: float) -> tuple[float, float]:
    """The upward and downward moves (in respondents) that together span the protection width."""
    down = min(float(full[cell]), float(np.floor(protection / 2)))
    return (protection - down, -down)


class _TableGraph:
    """The row-column graph of a table with margins, in which moves that keep every sum are cycles.

    Changing cell (r, c) by +t must be balanced in row r and column c. With the
    total row and column entered with a minus sign, every row and every column
    of the table (margins included) must add up to 0; a balanced change is then
    an alternating cycle through row and column nodes. Going from row node r to
    column node c along cell (r, c) raises its signed value, going back lowers
    it. The signed value is the count for an interior cell and the grand total,
    minus the count for a row or column total; a count may not go below 0.

    How far one hidden cell can move, given the other hidden cells, is then a
    maximum flow (:func:`scipy.sparse.csgraph.maximum_flow`) from one end of
    the cell to the other: this is the optimum of the attacker's linear
    programme, which for a two-way table with totals has a network matrix.
    """

    def __init__(self, full: np.ndarray) -> None:
        self.full = np.asarray(full, dtype=float)
        self.n_rows, self.n_cols = full.shape
        sign = np.ones_like(self.full)
        sign[-1, :-1] = -1.0
        sign[:-1, -1] = -1.0
        self.sign = sign
        r, c = np.indices(full.shape)
        self.r, self.c = r.ravel(), c.ravel() + self.n_rows
        self.n = self.n_rows + self.n_cols
        flat_sign, flat_count = sign.ravel(), self.full.ravel()
        # Row -> column raises the signed value: the count rises where sign > 0 and falls where sign < 0.
        self.up_cap = np.where(flat_sign > 0, np.inf, flat_count)
        self.down_cap = np.where(flat_sign < 0, np.inf, flat_count)
        # maximum_flow takes 32-bit capacities; "unbounded" is a number no flow in this table can reach.
        self.big = int(min(self.full.sum() * 4 + 16, 2**30))
        self._cache = None

    def _usable(self, cell, among: np.ndarray) -> np.ndarray:
        keep = among.ravel().copy()
        keep[np.ravel_multi_index(cell, self.full.shape)] = False
        return np.flatnonzero(keep)

    def _start_end(self, cell, change: float) -> tuple[int, int]:
        r0, c0 = cell
        signed = self.sign[cell] * change
        # The cycle crosses the cell one way; the rest of it is a path back the other way.
        return (self.n_rows + c0, r0) if signed > 0 else (r0, self.n_rows + c0)

    def _network(self, hidden: np.ndarray) -> dict:
        """Capacities of the hidden cells' arcs, ``{tail: {head: capacity}}``, built once per set of hidden cells."""
        key = hidden.tobytes()
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        capacity: dict[int, dict[int, float]] = {node: {} for node in range(self.n)}
        for k in np.flatnonzero(hidden.ravel()):
            r, c = int(self.r[k]), int(self.c[k])
            capacity[r][c] = capacity[r].get(c, 0.0) + float(self.up_cap[k])
            capacity[c][r] = capacity[c].get(r, 0.0) + float(self.down_cap[k])
        self._cache = (key, capacity)
        return capacity

    def flow(self, cell, change: float, hidden: np.ndarray, limit: bool = True) -> tuple[float, np.ndarray]:
        """How far ``cell`` can move towards ``change`` through the other hidden cells, and the cells used.

        A maximum flow (Edmonds-Karp: shortest augmenting paths) from one end
        of the cell to the other. With ``limit`` the flow stops at
        ``|change|`` (enough to know the move is possible); without, it is the
        largest move (``inf`` if unbounded).
        """
        if not limit:
            return self._largest_move(cell, change, hidden), np.zeros(self.full.shape, dtype=bool)
        base = self._network(hidden)
        r0, c0 = int(cell[0]), int(cell[1]) + self.n_rows
        k0 = int(np.ravel_multi_index(cell, self.full.shape))
        residual = {u: dict(heads) for u, heads in base.items()}
        if hidden[cell]:  # the cell itself is what moves: its own arcs are not a route
            residual[r0][c0] -= float(self.up_cap[k0])
            residual[c0][r0] -= float(self.down_cap[k0])
        start, end = self._start_end(cell, change)
        goal = abs(change) if limit else np.inf
        total = 0.0
        moved: dict[tuple[int, int], float] = {}  # net flow from row node to column node, per cell
        while total < goal:
            parent = {start: None}
            queue = [start]
            for u in queue:  # breadth first: the queue grows while it is read
                if end in parent:
                    break
                for v, cap in residual[u].items():
                    if cap > 1e-9 and v not in parent:
                        parent[v] = u
                        queue.append(v)
            if end not in parent:
                break
            path, v = [], end
            while parent[v] is not None:
                path.append((parent[v], v))
                v = parent[v]
            push = min(goal - total, *(residual[u][v] for u, v in path))
            if not np.isfinite(push):
                total = np.inf
                break
            for u, v in path:
                residual[u][v] -= push
                residual[v][u] = residual[v].get(u, 0.0) + push
                key, sign = ((u, v), 1.0) if u < self.n_rows else ((v, u), -1.0)
                moved[key] = moved.get(key, 0.0) + sign * push
            total += push
        used = np.zeros(self.full.shape, dtype=bool)
        for (u, v), f in moved.items():
            if abs(f) > 1e-9:
                used[u, v - self.n_rows] = True
        used[cell] = False
        own = self.full[cell] if change < 0 else np.inf
        return float(min(total, own)), used

    def _largest_move(self, cell, change: float, hidden: np.ndarray) -> float:
        """The largest move, by scipy's maximum flow (compiled: far fewer steps than augmenting in Python)."""
        keep = hidden.ravel().copy()
        keep[np.ravel_multi_index(cell, self.full.shape)] = False
        idx = np.flatnonzero(keep)
        own = self.full[cell] if change < 0 else np.inf
        if not len(idx):
            return 0.0
        tails = np.concatenate([self.r[idx], self.c[idx]])
        heads = np.concatenate([self.c[idx], self.r[idx]])
        caps = np.concatenate([self.up_cap[idx], self.down_cap[idx]])
        # maximum_flow takes 32-bit capacities; "unbounded" is a number no flow in this table can reach.
        caps = np.where(np.isinf(caps), self.big, np.minimum(np.floor(caps + 1e-9), self.big)).astype(np.int32)
        start, end = self._start_end(cell, change)
        graph = sparse.csr_array((caps, (tails, heads)), shape=(self.n, self.n))
        value = float(maximum_flow(graph, start, end).flow_value)
        return float(min(np.inf if value >= self.big else value, own))

    def cycle(self, cell, change: float, hidden: np.ndarray, weight: np.ndarray) -> np.ndarray | None:
        """The cells of the cheapest cycle that moves ``cell``'s count by ``change`` (negative: down), or None."""
        idx = self._usable(cell, np.ones_like(hidden))
        cost = np.where(hidden.ravel()[idx], _FREE, weight.ravel()[idx])
        up_ok, down_ok = self.up_cap[idx] >= abs(change), self.down_cap[idx] >= abs(change)
        tails = np.concatenate([self.r[idx][up_ok], self.c[idx][down_ok]])
        heads = np.concatenate([self.c[idx][up_ok], self.r[idx][down_ok]])
        graph = sparse.csr_array((np.concatenate([cost[up_ok], cost[down_ok]]), (tails, heads)), shape=(self.n, self.n))
        start, end = self._start_end(cell, change)
        dist, pred = dijkstra(graph, indices=start, return_predecessors=True)
        if not np.isfinite(dist[end]):
            return None
        out = np.zeros_like(hidden)
        out[cell] = True
        node = end
        while node != start:
            prev = pred[node]
            r, c = (prev, node - self.n_rows) if prev < self.n_rows else (node, prev - self.n_rows)
            out[r, c] = True
            node = prev
        return out

    def cross(self, cell) -> np.ndarray:
        """The cell's row and column and the total row and column: together they let it move by its own value."""
        out = np.zeros(self.full.shape, dtype=bool)
        r, c = cell
        out[r, :] = out[:, c] = out[-1, :] = out[:, -1] = True
        return out

    def interval(self, cell, hidden: np.ndarray) -> tuple[float, float]:
        """The smallest and largest value ``cell`` can take (``self.full`` must be a table that fits)."""
        up, _ = self.flow(cell, 1.0, hidden, limit=False)
        down, _ = self.flow(cell, -1.0, hidden, limit=False)
        return float(self.full[cell] - down), float(self.full[cell] + up)


# ----- the attacker ---------------------------------------------------------------------------------------

def audit(published: pd.DataFrame, protection: float | None = None, protect: pd.DataFrame | None = None,
          threshold: int | None = None, totals: str = TOTAL, method: str = "auto",
          only_protected: bool = False) -> Audit:
    """Run the attacker on a published table: the smallest and largest value of every hidden cell.

    ``published`` is the table as a reader sees it: counts with a total row
    and a total column labelled ``totals`` (last, as :func:`suppress` and most
    spreadsheets put them), hidden cells as NaN, "x" or an empty cell. Every
    row and column of a table with totals is an equation a reader can use,
    and counts cannot be negative; the attacker minimises and maximises each
    hidden cell under those equations, a linear programme. A table without a
    total row (or column) gives no equation for that direction.

    ``method="lp"`` solves two programmes per hidden cell with
    :func:`scipy.optimize.linprog` (HiGHS). ``method="flow"`` finds one table
    that fits the publication with ``linprog``, then each cell's optimum as a
    maximum flow through the other hidden cells: for a two-way table with
    totals of whole numbers the programme's matrix is a network matrix, so
    this is the same optimum, hundreds of times faster. ``"auto"`` (default)
    takes the flow where it applies and the programmes elsewhere.

    ``protection`` (default: ``threshold``, else 5) is the width each cell in
    ``protect`` (a boolean frame; default: every hidden cell) must keep.
    """
    if not isinstance(published, pd.DataFrame) or published.empty:
        raise InputError(_("Give the published table as a non-empty pandas DataFrame, totals included."))
    if method not in ("auto", "flow", "lp"):
        raise InputError(_("Unknown audit method {method}: use 'auto', 'flow' or 'lp'.").format(method=repr(method)))
    width = checks.positive(protection if protection is not None else (threshold if threshold is not None else 5),
                            N_("The protection width"))
    has_row_total = _is_total(published.index[-1], totals)
    has_col_total = _is_total(published.columns[-1], totals)
    _refuse_totals_inside(published.iloc[:-1 if has_row_total else None, :-1 if has_col_total else None], totals)
    data = _published_numbers(published)
    hidden = np.isnan(data)
    if protect is None:
        guarded = hidden
    else:
        guarded = np.asarray(protect, dtype=bool)
        if guarded.shape != data.shape:
            raise InputError(_("The cells to protect have shape {protect} but the table {table}.").format(
                protect=guarded.shape, table=data.shape))
        guarded = guarded & hidden
    equations = _equations(data.shape, has_row_total, has_col_total)
    bounds = None
    if method != "lp" and has_row_total and has_col_total:
        point = _fitting_table(data, hidden, equations)
        whole = np.allclose(point, np.round(point), atol=1e-6)
        if whole:
            graph = _TableGraph(np.round(point))
            # With only_protected, the cells no protection applies to are not solved (suppress() uses this).
            wanted = guarded if only_protected else hidden
            bounds = {cell: graph.interval(cell, hidden) for cell in zip(*np.nonzero(wanted))}
        elif method == "flow":
            raise InputError(_("The flow audit needs whole-number counts; use method='lp' for weighted tables."))
    elif method == "flow":
        raise InputError(_("The flow audit needs a table with both a total row and a total column; use "
                           "method='lp'."))
    if bounds is None:
        bounds = _intervals_lp(np.where(hidden, 0.0, data), hidden, equations)
    rows, failures, protected = [], [], []
    for r, c in zip(*np.nonzero(hidden)):
        if (r, c) not in bounds:
            continue
        low, high = bounds[(r, c)]
        key = (published.index[r], published.columns[c])
        rows.append({"row": key[0], "column": key[1], "low": low, "high": high, "width": high - low})
        if guarded[r, c]:
            protected.append(key)
            if high - low < width - 1e-9:
                failures.append(key)
    frame = pd.DataFrame(rows, columns=["row", "column", "low", "high", "width"])
    return Audit(frame, width, tuple(protected), tuple(failures))


def _equations(shape: tuple[int, int], row_total: bool, col_total: bool) -> list[list[tuple[int, int, float]]]:
    """What a reader knows: each row adds up to its total, each column to its total (sum == 0 form)."""
    n_rows, n_cols = shape
    equations = []
    if col_total:
        for r in range(n_rows):
            equations.append([(r, c, 1.0) for c in range(n_cols - 1)] + [(r, n_cols - 1, -1.0)])
    if row_total:
        for c in range(n_cols):
            equations.append([(r, c, 1.0) for r in range(n_rows - 1)] + [(n_rows - 1, c, -1.0)])
    return equations


def _system(data: np.ndarray, hidden: np.ndarray, equations, cells: list) -> tuple:
    """The equations restricted to ``cells`` (hidden), with the shown cells moved to the right-hand side."""
    local = {cell: k for k, cell in enumerate(cells)}
    a_rows, a_cols, a_vals, b = [], [], [], []
    for eq in equations:
        inside = [(local[(r, c)], v) for r, c, v in eq if (r, c) in local]
        if not inside:
            continue
        i = len(b)
        for k, v in inside:
            a_rows.append(i), a_cols.append(k), a_vals.append(v)
        b.append(-sum(v * data[r, c] for r, c, v in eq if not hidden[r, c]))
    return sparse.csr_array((a_vals, (a_rows, a_cols)), shape=(len(b), len(cells))), np.asarray(b, dtype=float)


def _fitting_table(data: np.ndarray, hidden: np.ndarray, equations) -> np.ndarray:
    """One table of counts of 0 or more that fits every published cell and total."""
    cells = list(zip(*np.nonzero(hidden)))
    shown = np.where(hidden, 0.0, data)
    for eq in equations:  # a line with nothing hidden must add up by itself
        if not any(hidden[r, c] for r, c, _ in eq) and abs(sum(v * shown[r, c] for r, c, v in eq)) > 1e-6:
            _inconsistent()
    if not cells:
        return shown
    a_eq, b = _system(shown, hidden, equations, cells)
    result = linprog(np.zeros(len(cells)), A_eq=a_eq, b_eq=b, bounds=(0, None), method="highs-ds")
    if result.status != 0:
        _inconsistent()
    point = shown.copy()
    for k, cell in enumerate(cells):
        point[cell] = result.x[k]
    return point


def _inconsistent():
    raise InputError(_("The published table is inconsistent: its shown cells and totals do not add up, or a total "
                       "is smaller than the cells it covers. Check the table before auditing it."))


def _intervals_lp(data: np.ndarray, hidden: np.ndarray, equations) -> dict:
    """Feasible interval of every hidden cell, two linear programmes per cell (scipy.optimize.linprog)."""
    cells = list(zip(*np.nonzero(hidden)))
    if not cells:
        return {}
    position = {cell: k for k, cell in enumerate(cells)}
    useful = [eq for eq in equations if any(hidden[r, c] for r, c, _ in eq)]
    # Hidden cells linked through an equation are solved together; unlinked groups apart.
    links_a, links_b = [], []
    for eq in useful:
        members = [position[(r, c)] for r, c, _ in eq if hidden[r, c]]
        links_a += members[:-1]
        links_b += members[1:]
    graph = sparse.csr_array((np.ones(len(links_a)), (links_a, links_b)), shape=(len(cells), len(cells)))
    _, label = connected_components(graph, directed=False)
    out = {}
    for group in np.unique(label):
        members = [cells[k] for k in np.flatnonzero(label == group)]
        a_eq, b = _system(data, hidden, useful, members)
        for k, cell in enumerate(members):
            objective = np.zeros(len(members))
            objective[k] = 1.0
            low = _solve(objective, a_eq, b)
            high = _solve(-objective, a_eq, b)
            out[cell] = (low, -high if np.isfinite(high) else float("inf"))
    return out


def _solve(objective: np.ndarray, a_eq, b) -> float:
    result = linprog(objective, A_eq=a_eq, b_eq=np.asarray(b, dtype=float), bounds=(0, None), method="highs")
    if result.status == 3:
        return float("-inf")  # unbounded: -objective is unbounded above
    if result.status == 2:
        _inconsistent()
    if result.status != 0:  # pragma: no cover
        # Translators: {reason} is the solver's own English message.
        raise InputError(_("The audit's solver stopped without an answer ({reason}).").format(reason=result.message))
    return float(result.fun)


def recoverable_cells(published: pd.DataFrame) -> list[tuple]:
    """Hidden cells of a published table (with margins, NaN = hidden) that subtraction reveals.

    Repeats row and column subtraction until nothing more comes out, as a
    patient reader would; an empty list means the table keeps its hidden
    cells hidden against that attack. :func:`audit` is the stronger check: it
    combines all the equations at once.
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


# ----- reading tables -------------------------------------------------------------------------------------

def _numbers(frame: pd.DataFrame) -> np.ndarray:
    try:
        return frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InputError(_("The table holds a value that is not a number; give counts only.")) from None


def _published_numbers(frame: pd.DataFrame) -> np.ndarray:
    out = np.empty(frame.shape)
    for j in range(frame.shape[1]):
        column = frame.iloc[:, j]
        text = column.astype("string").str.strip().str.lower()
        marked = column.isna() | text.isin(["x", "", "..", "-", "c", "nan"]).fillna(True).to_numpy(dtype=bool)
        numbers = pd.to_numeric(column.where(~marked), errors="coerce")
        bad = numbers.isna() & ~marked
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(_("Row {row}, column {column} holds {value}, which is neither a count nor a mark for a "
                               "hidden cell (x or empty).").format(row=repr(frame.index[i]),
                                                                   column=repr(frame.columns[j]),
                                                                   value=repr(column.iloc[i])))
        out[:, j] = numbers.to_numpy(dtype=float, na_value=np.nan)
    if (out[~np.isnan(out)] < 0).any():
        raise InputError(_("The published table has a negative count; counts are 0 or more."))
    return out


def _is_total(label, totals: str = TOTAL) -> bool:
    parts = label if isinstance(label, tuple) else (label,)
    return any(str(p).strip().lower() == totals.lower() for p in parts)


def _refuse_totals_inside(table: pd.DataFrame, totals: str = TOTAL) -> None:
    """Sub-totals inside a table add equations the audit does not model: say so instead of guessing."""
    for message, labels in ((_SUBTOTAL_ROW, table.index), (_SUBTOTAL_COLUMN, table.columns)):
        for label in labels:
            parts = label if isinstance(label, tuple) else (label,)
            if any("total" in str(p).strip().lower() or str(p).strip().lower() == totals.lower() for p in parts):
                raise InputError(_(message).format(label=repr(label)))


#: A sub-total row or column: one whole message each, for the translators.
_SUBTOTAL_ROW = N_("The table has a sub-total row {label}. A table with sub-totals gives a reader more equations "
                   "than one total row and one total column, which this method does not protect against. Publish "
                   "the table without sub-totals (one total row and one total column), and the sub-totals as a "
                   "separate, coarser table.")
_SUBTOTAL_COLUMN = N_("The table has a sub-total column {label}. A table with sub-totals gives a reader more "
                      "equations than one total row and one total column, which this method does not protect "
                      "against. Publish the table without sub-totals (one total row and one total column), and the "
                      "sub-totals as a separate, coarser table.")


def _margin_labels(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        total = (TOTAL,) + ("",) * (index.nlevels - 1)
        return pd.MultiIndex.from_tuples(list(index) + [total], names=index.names)
    return pd.Index(list(index) + [TOTAL], name=index.name)


HIDDEN_STYLE = "background:#fdd0a2;color:#000"
PRIMARY_STYLE = "background:#8c2d04;color:#fff"
SECONDARY_STYLE = HIDDEN_STYLE


def table_html(result: SuppressedTable, caption: str = "", decimals: int = 0, reasons: bool = False) -> str:
    def label(key) -> str:
        return " · ".join(str(k) for k in key if str(k) != "") if isinstance(key, tuple) else str(key)

    head = "".join(f'<th scope="col">{html.escape(label(c))}</th>' for c in result.values.columns)
    name = " · ".join(str(n) for n in result.values.index.names if n) or ""
    body = []
    small = _("hidden: fewer than {threshold}").format(threshold=number(result.threshold, "d"))
    hidden = pgettext("a cell of a published table", "hidden")
    for r, row_key in enumerate(result.values.index):
        cells = []
        for c in range(result.values.shape[1]):
            if reasons and result.primary.iat[r, c]:
                cells.append(f'<td style="{PRIMARY_STYLE}" title="{html.escape(small)}">x</td>')
            elif result.primary.iat[r, c] or result.secondary.iat[r, c]:
                cells.append(f'<td style="{HIDDEN_STYLE}" title="{html.escape(hidden)}">x</td>')
            else:
                cells.append(f"<td>{number(result.values.iat[r, c], f',.{decimals}f')}</td>")
        body.append(f'<tr><th scope="row">{html.escape(label(row_key))}</th>{"".join(cells)}</tr>')
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    if reasons:
        working = html.escape(_("Working copy, not for publication."))
        primary = html.escape(_("fewer than {threshold} respondents (primary)").format(threshold=number(result.threshold, "d")))
        secondary = html.escape(_("hidden so that the first cannot be narrowed down from the totals (secondary)"))
        legend = (f'<p style="font-size:90%"><strong>{working}</strong> '
                  f'<span style="{PRIMARY_STYLE};padding:0 4px">x</span> {primary} '
                  f'&nbsp; <span style="{HIDDEN_STYLE};padding:0 4px">x</span> {secondary}</p>')
    else:
        protect = html.escape(_("hidden to protect respondents: a small count, or a cell hidden so that a small "
                                "count cannot be worked out from the totals"))
        legend = f'<p style="font-size:90%"><span style="{HIDDEN_STYLE};padding:0 4px">x</span> {protect}</p>'
    return (f'<table class="m4d-disaggregation" style="border-collapse:collapse;font-size:90%">{cap}'
            f'<thead><tr><th scope="col">{html.escape(name)}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{legend}')


def complementary_cells(full: np.ndarray, primary: np.ndarray, protection: float | None = None) -> np.ndarray:
    """Cells to hide besides ``primary`` so that every primary cell keeps its protection interval."""
    width = float(protection) if protection is not None else 1.0
    return protect(full, primary, width) & ~primary
