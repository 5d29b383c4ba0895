"""Point names placed by m4d.label_placement do not cover each other, checked box by box."""
from __future__ import annotations

import itertools

from m4d.label_placement import POSITIONS, Label, label_box, place_labels


def _meet(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_names_of_a_crowded_row_of_points_are_placed_clear_of_each_other_and_of_every_marker():
    # Five towns 30 px apart on one line: written all to the right, each name runs into the next.
    labels = [Label(100 + 30 * i, 200, name, 12, 10) for i, name in
              enumerate(["Tangier", "Tetouan", "Nador", "Al Hoceima", "Fes"])]
    assert any(_meet(label_box(a, "middle right"), label_box(b, "middle right"))
               for a, b in itertools.combinations(labels, 2))
    positions, crowded = place_labels(labels, (0, 0, 600, 400), ["middle right"] * 5)
    assert not crowded and set(positions) <= set(POSITIONS)
    boxes = [label_box(label, p) for label, p in zip(labels, positions)]
    markers = [(l.x - 5, l.y - 5, l.x + 5, l.y + 5) for l in labels]
    assert not any(_meet(a, b) for a, b in itertools.combinations(boxes, 2))
    assert not any(_meet(box, m) for box in boxes for m in markers)


def test_a_name_that_fits_nowhere_is_reported_so_that_a_key_can_name_its_point():
    # Three long names on one spot in a room too small: at most one can be written clear.
    labels = [Label(50, 50, "Regional Hospital of Kasserine", 12, 10)] * 3
    positions, crowded = place_labels(labels, (0, 0, 120, 100))
    assert crowded and len(positions) == 3


def test_the_same_points_are_always_placed_the_same_way():
    labels = [Label(40 * (i % 4), 30 * (i // 4), f"Partner {i}", 11, 16) for i in range(12)]
    assert place_labels(labels, (0, 0, 400, 300)) == place_labels(list(labels), (0, 0, 400, 300))
