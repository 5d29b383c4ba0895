"""The command that starts each participant's Jupyter server: JupyterHub's own
single-user server, with one start-up cost removed.

Measured on the course environment (2 cores, as a participant): the server spent
about 2.9 of its 4 CPU seconds of start-up importing ``rfc3987_syntax``, which
``jsonschema`` loads to check the ``iri`` string format and which builds a parser
from its grammar at import time. Jupyter's event schemas are checked without it
(jsonschema skips a format whose checker cannot be imported), so the server starts
in about half the CPU time, which is what a room of thirty logging in at once on a
small machine waits for. Kernels are separate processes and are not affected.
"""
from __future__ import annotations

import sys


def main() -> None:
    sys.modules.setdefault("rfc3987_syntax", None)  # import now fails fast: the format is skipped
    from jupyterhub.singleuser import main as singleuser_main
    sys.exit(singleuser_main())


if __name__ == "__main__":
    main()
