"""Pages with plotly geo maps get the world outlines from the book, never from plotly's CDN."""
from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest

from m4d.book_extension import TOPOJSON_DIR, _geo_asset_script, topojson_names
from m4d.cases import case_map
from m4d.figures import figure_bundle

ROOT = Path(__file__).resolve().parents[1]


def _page(*figs):
    return "".join(figure_bundle(f, alt="a figure")["text/html"] for f in figs)


def test_a_scattergeo_map_needs_the_default_world_outlines():
    assert topojson_names(_page(go.Figure(go.Scattergeo(lat=[1], lon=[2])))) == {"world_110m"}


def test_a_chart_that_is_not_a_map_needs_no_outlines():
    # Every plotly figure's template mentions scattergeo and geo: only real geo traces count.
    assert topojson_names(_page(go.Figure(go.Bar(x=[1], y=[2])))) == set()


def test_scope_and_resolution_choose_the_outlines():
    fig = go.Figure(go.Scattergeo(lat=[1], lon=[2]))
    fig.update_layout(geo={"scope": "south america", "resolution": 50})
    assert topojson_names(_page(fig, go.Figure(go.Scattergeo(lat=[0], lon=[0])))) == {"south-america_50m", "world_110m"}


def test_plotly_looks_up_outlines_under_the_names_the_book_provides():
    source = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    # plotly.js builds the name as scope + "_" + resolution + "m" and checks PlotlyGeoAssets before fetching.
    assert '[e.scope.replace(/ /g,"-"),"_",e.resolution.toString(),"m"].join("")' in source
    assert "PlotlyGeoAssets.topojson[n.topojsonName]===void 0" in source


@pytest.mark.skipif(not (ROOT / TOPOJSON_DIR).exists(), reason="npm assets not installed (run `make env`)")
def test_the_case_map_outlines_are_installed_and_become_a_script_that_sets_them(tmp_path):
    names = topojson_names(_page(case_map()))
    assert names == {"world_110m"}
    source = ROOT / TOPOJSON_DIR / "world_110m.json"
    script = _geo_asset_script("world_110m", source)
    prefix = 'window.PlotlyGeoAssets.topojson["world_110m"] = '
    body = script[script.index(prefix) + len(prefix):].rstrip().rstrip(";")
    topology = json.loads(body)
    assert topology["type"] == "Topology" and "countries" in topology["objects"]
    assert "http" not in script.split("\n", 3)[1] + script.split("\n", 3)[2]
