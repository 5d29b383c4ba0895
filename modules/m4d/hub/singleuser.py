"""The command that starts each participant's Jupyter server: JupyterHub's own
single-user server, with two start-up costs removed.

Measured on the course environment (2 cores, as a participant), a server spent most
of its start-up on two things that a workshop server never uses:

- importing ``rfc3987_syntax`` (about 2.9 of 4 CPU seconds), which ``jsonschema``
  loads to check the ``iri`` string format and which builds a parser from its
  grammar at import time. Jupyter's event schemas are checked without it (jsonschema
  skips a format whose checker cannot be imported);
- JupyterLab asking ``node`` for yarn's configuration when it is imported (a
  subprocess of 1-2.6 s): that configuration only matters for building JupyterLab
  extensions, which participants do not do. Node.js is on the hub machine for the
  proxy, so it is hidden from that one import.

A room of thirty logging in at once on a small machine waits for exactly this CPU.
Kernels and terminals are separate processes and are not affected. The hub's fork
server (:mod:`m4d.hub.forkserver`) does :func:`prepare_imports` once for all
servers; ``python -m m4d.hub.singleuser`` does it for one.
"""
from __future__ import annotations

import os
import sys


def _without_node(path: str) -> str:
    return os.pathsep.join(folder for folder in path.split(os.pathsep)
                           if not any(os.path.exists(os.path.join(folder, name)) for name in ("node", "nodejs")))


def prepare_imports() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)  # import now fails fast: the format is skipped
    path = os.environ.get("PATH", os.defpath)
    os.environ["PATH"] = _without_node(path)
    try:
        import jupyterlab.labapp  # noqa: F401  (JupyterLab reads yarn's configuration here)
    finally:
        os.environ["PATH"] = path


def run():
    """Run the server (arguments from ``sys.argv``); its exit status."""
    prepare_imports()
    from jupyterhub.singleuser import main as singleuser_main
    return singleuser_main()


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
