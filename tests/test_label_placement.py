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


def test_a_map_view_is_widened_to_the_shape_of_its_room_and_keeps_every_place_inside():
    from m4d.label_placement import _projected_size, fitted_map_points, view_around

    lons, lats = [4.38, -3.94, -2.93, -5.80, -5.37, -5.00], [50.87, 35.25, 35.17, 35.77, 35.58, 34.03]
    for room in ((0, 0, 700, 340), (0, 80, 340, 420)):
        view = view_around(lons, lats, room)
        width, height = _projected_size(view)
        assert abs(width / height - (room[2] - room[0]) / (room[3] - room[1])) < 0.01
        assert view[0] < min(lons) and view[1] > max(lons) and view[2] < min(lats) and view[3] > max(lats)
        # The projection keeps east to the right and north up, and every place inside the room.
        spots = fitted_map_points(lons, lats, room, view)
        assert all(room[0] < x < room[2] and room[1] < y < room[3] for x, y in spots)
        assert spots[0][0] > spots[3][0] and spots[0][1] < spots[5][1]


def test_a_crowded_map_on_a_phone_numbers_its_places_by_rank_with_a_key_of_their_names():
    import json
    import types

    from m4d.figure_images import phone_figure
    import pandas as pd

    from m4d.partners.corridor_map import colour_by_rank, corridor_map

    # Five towns of northern Morocco a few px apart on a map that reaches Brussels.
    candidates = pd.DataFrame({"partner": ["p1", "p2", "p3", "p4", "p5"],
                               "name": ["Al Hoceima", "Nador", "Tangier", "Tétouan", "Fes"],
                               "latitude": [35.25, 35.17, 35.77, 35.58, 34.03],
                               "longitude": [-3.94, -2.93, -5.80, -5.37, -5.00]})
    candidates.attrs.update(home_name="Schaerbeek", home_latitude=50.87, home_longitude=4.38)
    fig = corridor_map(candidates)
    ids = list(candidates["partner"])
    # colour_by_rank reads only the ranking's order of ids.
    colour_by_rank(fig, candidates, types.SimpleNamespace(ids=ids[::-1]))
    figure = json.loads(fig.to_json())
    data, layout = phone_figure(figure["data"], figure["layout"])
    names = figure["data"][2]["text"]
    key = layout["annotations"][-1]["text"].split("<br>")
    # Each place shows the number its name starts with ("2. Tangier" is 2), and the key names it.
    for name, shown in zip(names, data[2]["text"]):
        assert name.startswith(f"{shown}. ") or f"{shown}. {name}" in key
        assert any(line.endswith(name.split(". ", 1)[-1]) for line in key)
    assert sorted(int(line.split(".")[0]) for line in key) == list(range(1, len(key) + 1))


def test_text_width_is_the_sum_of_dejavu_sans_advances_read_from_the_font_file():
    # Independent of the table: the advances as the font file itself gives them (fontTools).
    import pytest
    from pathlib import Path

    from m4d.label_placement import text_width

    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not font_file.exists():
        pytest.skip("DejaVu Sans is not installed")
    font = ttlib.TTFont(str(font_file))
    cmap, metrics, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    for text in ["Institutionnalisation", "Définition des", "Servicios sociales", "obstaculiza",
                 "Coûts indirects", "Œuvre, 30 % (illustratif)", "Mapeo de actores y planificación"]:
        expected = sum(metrics[cmap[ord(c)]][0] for c in text) / em * 15
        assert abs(text_width(text, 15) - expected) < 0.01 * expected, text
    # The widest line of a name written on several lines; tags are not drawn.
    assert text_width("<b>5</b><br>Institutionnalisation<br>du partenariat", 10) == text_width("Institutionnalisation", 10)


def test_sankey_nodes_are_stacked_apart_in_each_column_at_one_scale_inside_the_plot():
    from m4d.figure_images import _sankey_node_spans

    sources, targets = [0, 0, 1, 2, 2, 3, 4], [5, 6, 5, 6, 7, 7, 8]
    values = [30, 10, 25, 5, 12, 40, 8]
    height, pad = 500, 14
    spans = _sankey_node_spans(sources, targets, values, 9, height, pad)
    flows = [max(sum(v for s, v in zip(sources, values) if s == n), sum(v for t, v in zip(targets, values) if t == n))
             for n in range(9)]
    scales = {round((b - a) / f, 6) for (a, b), f in zip(spans, flows)}
    assert len(scales) == 1, "every node is drawn at one px per unit of flow"
    for column in ([0, 1, 2, 3, 4], [5, 6, 7, 8]):
        stacked = sorted(spans[n] for n in column)
        assert stacked[0][0] >= -1e-6 and stacked[-1][1] <= height + 1e-6
        assert all(below[0] - above[1] >= pad - 1e-6 for above, below in zip(stacked, stacked[1:]))
