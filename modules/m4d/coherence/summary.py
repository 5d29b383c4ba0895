"""What a policy-coherence matrix says, in counts and in plain sentences.

The counting runs on plain lists rather than pandas operations so that the
widget can redraw well within 50 ms; tables are built only at the end.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from m4d.coherence.gaps import (
    BLIND_SPOT, CONFLICT, HORIZONTAL_COLUMNS, VERTICAL_COLUMNS, gap_frame, horizontal_gap_rows,
    vertical_gap_rows,
)
from m4d.coherence.marks import HELPS, HINDERS, MARKS
from m4d.coherence.matrix import check_matrix, titles_or_names
from m4d.i18n import _, ngettext


@dataclass(frozen=True)
class CoherenceSummary:
    """The gaps of a matrix, their counts per level and per sector, and findings to read."""

    #: One row per level: how many sectors help, ignore, hinder; horizontal conflicts and blind spots.
    by_level: pd.DataFrame
    #: One row per sector: how many levels help, ignore, hinder; vertical conflicts and blind spots.
    by_sector: pd.DataFrame
    #: Every horizontal gap (see :func:`m4d.coherence.horizontal_gaps`).
    horizontal: pd.DataFrame
    #: Every vertical gap (see :func:`m4d.coherence.vertical_gaps`).
    vertical: pd.DataFrame
    #: Sectors that no level of government helps: migration is not mainstreamed there.
    sectors_without_support: list[str] = field(default_factory=list)
    #: Levels at which no sector helps migrants.
    levels_without_support: list[str] = field(default_factory=list)
    #: One sentence per policy that works against others that help migrants.
    conflict_findings: list[str] = field(default_factory=list)
    #: One sentence per policy that is silent where others help migrants.
    blind_spot_findings: list[str] = field(default_factory=list)
    #: One sentence per sector or level where no policy helps migrants.
    no_support_findings: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[str]:
        """All findings: conflicts first, then blind spots, then lines with no support at all."""
        found = self.conflict_findings + self.blind_spot_findings + self.no_support_findings
        return found or [_("Every policy helps migrants: the matrix shows no coherence gap.")]

    def count(self, direction: str, kind: str) -> int:
        """How many gaps of ``kind`` (conflict, blind spot) run in ``direction`` (horizontal, vertical)."""
        gaps = self.horizontal if direction == "horizontal" else self.vertical
        return int((gaps["kind"] == kind).sum())

    @property
    def horizontal_conflicts(self) -> int:
        return int(self.by_level["conflicts"].sum())

    @property
    def horizontal_blind_spots(self) -> int:
        return int(self.by_level["blind_spots"].sum())

    @property
    def vertical_conflicts(self) -> int:
        return int(self.by_sector["conflicts"].sum())

    @property
    def vertical_blind_spots(self) -> int:
        return int(self.by_sector["blind_spots"].sum())


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def _count_table(names: list[str], lines: list[list[str]], gaps: list[tuple], axis: str) -> pd.DataFrame:
    kinds = {name: {CONFLICT: 0, BLIND_SPOT: 0} for name in names}
    for gap in gaps:
        kinds[gap[0]][gap[4]] += 1
    columns = {mark: [line.count(mark) for line in lines] for mark in MARKS}
    columns["conflicts"] = [kinds[n][CONFLICT] for n in names]
    columns["blind_spots"] = [kinds[n][BLIND_SPOT] for n in names]
    return pd.DataFrame(columns, index=pd.Index(names, name=axis))


def _group(gaps: list[tuple]) -> dict[tuple[str, str], tuple[list[str], str, str]]:
    # Group by the policy that lets the others down (line, other): that is the one to act on.
    groups: dict[tuple[str, str], tuple[list[str], str, str]] = {}
    for line, helper, other, other_mark, kind, _ in gaps:
        groups.setdefault((line, other), ([], other_mark, kind))[0].append(helper)
    return groups


def coherence_summary(matrix: pd.DataFrame, sector_titles: Mapping[str, str] | None = None,
                      level_titles: Mapping[str, str] | None = None) -> CoherenceSummary:
    """Count the gaps of ``matrix`` and describe them in sentences a council could act on.

    ``sector_titles`` and ``level_titles`` give readable names (``"Urban
    planning"`` for ``urban_planning``); by default the names themselves are used.
    """
    matrix = check_matrix(matrix)
    sectors, levels = list(matrix.index), list(matrix.columns)
    rows = matrix.to_numpy().tolist()
    columns = [[row[j] for row in rows] for j in range(len(levels))]
    s_title = titles_or_names(sectors, sector_titles)
    l_title = titles_or_names(levels, level_titles)
    horizontal = horizontal_gap_rows(sectors, levels, rows)
    vertical = vertical_gap_rows(sectors, levels, rows)

    sentences: dict[str, list[str]] = {CONFLICT: [], BLIND_SPOT: []}
    # Whole sentences per mark and number, so that a translator never assembles one from pieces.
    for (level, other), (helpers, mark, kind) in _group(horizontal).items():
        n = len(helpers)
        if mark == HINDERS:
            text = ngettext("{level} level: {other} hinders migrants while {helpers} helps them ({n} conflict).",
                            "{level} level: {other} hinders migrants while {helpers} help them ({n} conflicts).", n)
        else:
            text = ngettext("{level} level: {other} ignores migrants while {helpers} helps them ({n} blind spot).",
                            "{level} level: {other} ignores migrants while {helpers} help them ({n} blind spots).", n)
        sentences[kind].append(text.format(level=l_title[level], other=s_title[other], n=n,
                                           helpers=join_names([s_title[h] for h in helpers])))
    for (sector, other), (helpers, mark, kind) in _group(vertical).items():
        n = len(helpers)
        if mark == HINDERS:
            text = ngettext("{sector}: the {other} level hinders migrants while the {helpers} level helps them "
                            "({n} conflict).",
                            "{sector}: the {other} level hinders migrants while the {helpers} levels help them "
                            "({n} conflicts).", n)
        else:
            text = ngettext("{sector}: the {other} level ignores migrants while the {helpers} level helps them "
                            "({n} blind spot).",
                            "{sector}: the {other} level ignores migrants while the {helpers} levels help them "
                            "({n} blind spots).", n)
        sentences[kind].append(text.format(sector=s_title[sector], other=l_title[other].lower(), n=n,
                                           helpers=join_names([l_title[h].lower() for h in helpers])))

    sectors_without = [s for s, row in zip(sectors, rows) if HELPS not in row]
    levels_without = [lv for lv, col in zip(levels, columns) if HELPS not in col]
    no_support = [_("{sector}: no level of government helps migrants; migration is not mainstreamed in this "
                    "sector yet.").format(sector=s_title[s]) for s in sectors_without]
    no_support += [_("{level} level: no sector helps migrants; migration is not mainstreamed at this level "
                     "yet.").format(level=l_title[lv]) for lv in levels_without]
    return CoherenceSummary(
        by_level=_count_table(levels, columns, horizontal, "level"),
        by_sector=_count_table(sectors, rows, vertical, "sector"),
        horizontal=gap_frame(horizontal, HORIZONTAL_COLUMNS),
        vertical=gap_frame(vertical, VERTICAL_COLUMNS),
        sectors_without_support=sectors_without,
        levels_without_support=levels_without,
        conflict_findings=sentences[CONFLICT],
        blind_spot_findings=sentences[BLIND_SPOT],
        no_support_findings=no_support,
    )
