"""Shared fixtures: where the repository is, and one book build per test session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# Stored notebook outputs and expected texts are English: a developer whose locale is French or
# Spanish must not get translated outputs (m4d.i18n reads the locale). Tests of other languages
# set the language themselves.
os.environ.setdefault("M4D_LANG", "en")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def build_book(output_dir: Path) -> subprocess.CompletedProcess:
    """Build the book into output_dir/_build/html with warnings as errors.

    The execution cache lives in the output folder, so a test build never
    reuses (or pollutes) the developer's own `_build`.
    """
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(output_dir),
         "--warningiserror", "--nitpick", "--keep-going", "--builder", "html"],
        capture_output=True, text=True, timeout=1800,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The HTML of one book build, shared by the build test and the browser test.

    ``M4D_BUILT_BOOK=_build/html`` reuses a book built by hand (``make book``) instead, to
    rerun the browser tests while working on the book; the suite itself always builds.
    """
    reuse = os.environ.get("M4D_BUILT_BOOK")
    if reuse:
        if not (Path(reuse) / "index.html").exists():
            pytest.fail(f"M4D_BUILT_BOOK={reuse} is not a built book (no index.html): run `make book` first.")
        return Path(reuse).resolve()
    out = tmp_path_factory.mktemp("book")
    result = build_book(out)
    html = out / "_build" / "html"
    if result.returncode != 0:
        pytest.fail(f"the book build failed (exit {result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return html


def load_dataset_script(name: str):
    """Import a generator script of datasets/ (e.g. make_network.py) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "datasets" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
