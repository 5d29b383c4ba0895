"""The policy-coherence matrix (Module 2): how each sector policy of a municipality, at each
level of government, helps, ignores or hinders migrants, and where the policies pull apart.

Pure functions compute the gaps (:func:`horizontal_gaps`, :func:`vertical_gaps`) and a
summary in plain sentences (:func:`coherence_summary`); :class:`CoherenceMatrixWidget`
is the interactive grid the lesson uses.
"""
from m4d.coherence.gaps import BLIND_SPOT, CONFLICT, gap_kind, horizontal_gaps, vertical_gaps
from m4d.coherence.heatmap import coherence_heatmap, heatmap_alt, refresh_heatmap
from m4d.coherence.marks import HELPS, HINDERS, IGNORES, MARK_SCORES, MARKS, parse_mark
from m4d.coherence.matrix import (
    blank_matrix, check_matrix, example_matrix, example_policies, level_titles, matrix_from_table,
    parse_mark_line, sector_titles, with_mark,
)
from m4d.coherence.summary import CoherenceSummary, coherence_summary
from m4d.coherence.widget import CoherenceMatrixWidget

__all__ = [
    "BLIND_SPOT", "CONFLICT", "HELPS", "HINDERS", "IGNORES", "MARKS", "MARK_SCORES",
    "CoherenceMatrixWidget", "CoherenceSummary", "blank_matrix", "check_matrix", "coherence_heatmap",
    "coherence_summary", "example_matrix", "example_policies", "gap_kind", "heatmap_alt",
    "horizontal_gaps", "level_titles", "refresh_heatmap", "matrix_from_table", "parse_mark", "parse_mark_line",
    "sector_titles", "vertical_gaps", "with_mark",
]
