"""Fail the image's build unless its Python environment is the course's pinned one.

The participants' image starts from a Jupyter image that already holds many packages
(installed with conda, at the base image's versions). ``pip install -c constraints.txt``
pins what pip installs, but a package the base image brought and pip left alone keeps
its own version. This check runs as the Dockerfile's last step:

- every installed distribution that ``constraints.txt`` pins has exactly that version
  (JupyterHub excepted: it follows the chart's hub, see the Dockerfile);
- the image's Python is one that every installed package supports (the check the
  one-machine hub makes before it starts, ``m4d.hub.environment``).

    python deploy/kubernetes/check_image.py constraints.txt [--except jupyterhub]

Prints what differs and exits 1, or prints a one-line summary and exits 0.
"""
from __future__ import annotations

import argparse
import platform
import sys
import sysconfig
from importlib.metadata import distributions
from pathlib import Path


def _name(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def read_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        if not version:
            raise SystemExit(f"{path}: {line!r} is not pinned with == (regenerate it as its header says)")
        pins[_name(name)] = version.strip()
    return pins


def differences(pins: dict[str, str], skip: set[str]) -> list[str]:
    """Installed distributions whose version is not the pinned one, one line each."""
    found = []
    for dist in distributions():
        name = _name(dist.metadata["Name"] or "")
        if name in pins and name not in skip and dist.version != pins[name]:
            found.append(f"{name} {dist.version} is installed, constraints.txt pins {pins[name]}")
    return sorted(set(found))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("constraints", type=Path)
    parser.add_argument("--except", dest="skip", action="append", default=[], metavar="NAME",
                        help="a pinned package allowed to differ (repeatable)")
    args = parser.parse_args(argv)
    pins = read_pins(args.constraints)
    problems = differences(pins, {_name(n) for n in args.skip})
    from m4d.hub.environment import unsupported_packages
    for name, spec in unsupported_packages(platform.python_version(), Path(sysconfig.get_paths()["purelib"])):
        problems.append(f"{name} needs Python {spec}, the image has {platform.python_version()}")
    if problems:
        print("The image's environment is not the course's pinned one:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print(f"image environment: {len(pins)} pins checked, Python {platform.python_version()} supported")
    return 0


if __name__ == "__main__":
    sys.exit(main())
