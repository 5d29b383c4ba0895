"""An IPython extension loaded by the workshop hub's kernel (see :func:`m4d.hub.roles.kernel_spec`).

It gives every plotly figure a kernel shows, through :func:`m4d.figures.show`,
``fig.show()`` or as a cell's value, the ``topojsonURL`` of the person's own server
(:mod:`m4d.hub.lab_assets`), so JupyterLab's plotly draws maps from the outlines the
course ships and never asks plotly's CDN. A figure that already names a
``topojsonURL`` keeps it. Outside a hub (no ``JUPYTERHUB_SERVICE_PREFIX``) it does
nothing.
"""
from __future__ import annotations

import os

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"


def outlines_url(environ=None) -> str | None:
    environ = os.environ if environ is None else environ
    prefix = environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if not prefix:
        return None
    from m4d.hub.lab_assets import ROUTE

    return prefix.rstrip("/") + "/" + ROUTE + "/"


def with_local_outlines(data, url: str):
    """``data`` (a mime bundle) with plotly's figure told to load its outlines from ``url``."""
    if isinstance(data, dict) and isinstance(data.get(PLOTLY_MIMETYPE), dict):
        figure = dict(data[PLOTLY_MIMETYPE])
        config = dict(figure.get("config") or {})
        config.setdefault("topojsonURL", url)
        figure["config"] = config
        data = {**data, PLOTLY_MIMETYPE: figure}
    return data


def load_ipython_extension(shell) -> None:
    url = outlines_url()
    if url is None:
        return

    def display_hook(msg):
        content = msg.get("content", {})
        if "data" in content:
            content["data"] = with_local_outlines(content["data"], url)
        return msg

    publisher = shell.display_pub
    if hasattr(publisher, "register_hook"):  # ipykernel's publisher: fig.show(), display(...)
        publisher.register_hook(display_hook)
    displayhook = shell.displayhook  # a figure as the value of a cell
    write_format_data = displayhook.write_format_data

    def write_with_outlines(format_dict, md_dict=None):
        return write_format_data(with_local_outlines(format_dict, url), md_dict)

    displayhook.write_format_data = write_with_outlines
