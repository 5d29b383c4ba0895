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

# nbval's kernel start gets a bound and one retry (why: tests/nbval_kernel_start.py).
from tests.nbval_kernel_start import install as _bound_nbval_kernel_start  # noqa: E402

_bound_nbval_kernel_start()


#: Files that take minutes, longest first. pytest-xdist hands out whole files (``--dist loadfile``)
#: in collection order when `make test` passes ``--no-loadscope-reorder`` (otherwise it starts with
#: the files that have the most tests): starting the long files first keeps one worker from
#: running a long file alone at the end while the other waits. Figures: CONTRIBUTING.md,
#: "Test suite timing".
LONG_FILES = (
    "tests/test_book_site.py",  # builds the editions (with test_i18n_editions; see build_editions_once)
    "tests/test_hub_workshop.py",
    "tests/test_i18n_editions.py",  # after a long file: by then the editions are built or being built
    "tests/test_grading_hostile.py",
    "tests/test_grading_nbgrader_corpus.py",
    "tests/test_grading_cycle.py",
    "tests/test_grading_corpus.py",
    "tests/test_grading_postgres.py",
    "tests/test_wheel_install.py",
    "tests/test_assignments.py",  # generates the four assignments with nbgrader
    "tests/test_grading_codec.py",  # property tests of 300 tables each
    "tests/test_book_rendering_phone.py",  # draws every figure's phone picture in chromium
)


#: Tests that use the built editions may wait for their builds in their setup. Each edition's build
#: has its own bound (m4d.i18n.editions.BUILD_MAX_SECONDS), so these tests' own bound covers their
#: call only: a browser sweep that hangs still fails after the usual time, not after three builds.
EDITIONS_FIXTURES = {"built_book", "editions_site"}

#: Tests of the English edition (``built_book``, which waits for the English build only) that
#: also read the French and Spanish folders beside it: the English pages link to ``../fr/`` and
#: ``../es/``. They get the three editions (:func:`_other_editions_for_cross_links`) and run last
#: in their file, so that test_book_site's browser tests start as soon as English is built
#: while the other worker builds French and Spanish.
CROSS_EDITION_TESTS = {"tests/test_book_site.py::test_no_internal_link_is_broken"}


def pytest_collection_modifyitems(config, items):
    rank = {name: n for n, name in enumerate(LONG_FILES)}
    # A stable sort: the tests of a file keep their order, the other files theirs (but the
    # tests that need every edition come last in their file).
    items.sort(key=lambda item: (rank.get(item.nodeid.split("::", 1)[0], len(rank)),
                                 item.nodeid in CROSS_EDITION_TESTS))
    usual = float(config.getini("timeout") or 0)
    for item in items:
        if (EDITIONS_FIXTURES & set(getattr(item, "fixturenames", ())) or item.nodeid in CROSS_EDITION_TESTS) \
                and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(usual, func_only=True))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def build_book(output_dir: Path) -> subprocess.CompletedProcess:
    """Build the book into output_dir/_build/html with warnings as errors.

    The execution cache lives in the output folder, so a test build never
    reuses (or pollutes) the developer's own `_build`. (The suite itself checks the
    English edition of :func:`editions_site`; this plain build is for benchmarks and by hand.)
    """
    return subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(output_dir),
         "--warningiserror", "--nitpick", "--keep-going", "--builder", "html"],
        capture_output=True, text=True, timeout=1800,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )


def _run_wide_dir(tmp_path_factory) -> Path:
    """A folder that every worker of this pytest run shares (and no other run).

    Under pytest-xdist each worker's base temporary folder is ``pytest-N/popen-gwK``: their parent
    ``pytest-N`` belongs to this run. Without xdist the base folder itself is the run's.
    """
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "m4d-editions"
    shared.mkdir(exist_ok=True)
    return shared


#: The one edition whose PDF and offline pack a test opens (test_book_site: what `make serve`
#: publishes first). The French and Spanish builds of the suite print no PDF and zip no pack:
#: no test reads them, and the print is the slowest step after the notebooks.
DOWNLOADS_CHECKED_IN = "en"


def notebooks_proven_by_nbval(items) -> list[str]:
    """The book's notebooks that nbval runs in this session (paths relative to the repository).

    nbval executes each of them and compares every output with the one stored in the file
    (tests/nbval_sanitize.cfg lists the only parts it ignores: random ids, addresses, timings),
    so in this run an English build may show their stored outputs instead of executing them a
    second time. A run without them (one test file, ``-k``, ``--deselect``) executes them.
    """
    proven = set()
    for item in items:
        path = Path(str(getattr(item, "path", "")))
        if path.suffix == ".ipynb" and type(item).__name__ == "IPyNbCell":
            try:
                proven.add(path.resolve().relative_to(ROOT / "book").as_posix())
            except ValueError:
                continue
    return sorted(f"book/{rel}" for rel in proven)


def _build_one_edition(shared: Path, language: str, proven: list[str] = ()) -> None:
    """Build one edition (the caller holds its lock) and put its pages at ``site/<language>``.

    The English pages are moved into the site folder itself, so that their links to ``../fr/``
    and ``../es/`` resolve from the real folder as a browser follows them on the published
    site (test_book_site checks every internal link of the English edition); the translated
    editions stay in their builds (``site/fr`` is a link), where test_i18n_editions finds each
    one's executed notebooks beside its pages.
    """
    from m4d.i18n import LANGUAGES
    from m4d.i18n.editions import build_edition

    # The stored outputs are English: only the English edition may show them (nbval proves them);
    # French and Spanish execute every notebook in their language.
    stored = list(proven) if language == "en" else []
    try:
        build = build_edition(ROOT, language, shared / "editions", LANGUAGES,
                              downloads=language == DOWNLOADS_CHECKED_IN, stored_outputs=stored)
    except SystemExit as err:  # build_edition's message carries the build's own output
        (shared / f"{language}.failed").write_text(str(err), encoding="utf-8")
        raise
    site = shared / "site"
    site.mkdir(exist_ok=True)
    target = site / language
    if language == "en":
        shutil.move(str(build.html_dir), str(target))
        build.html_dir.symlink_to(target)
    else:
        target.symlink_to(os.path.relpath(build.html_dir, site))
    (shared / f"{language}.built").write_text(f"{build.seconds:.0f} s\n", encoding="utf-8")


def build_editions_once(tmp_path_factory, items=(), languages=None) -> Path:
    """The English, French and Spanish editions, built once per test run, assembled as
    `make editions` assembles them (``site/index.html``, ``site/en``, ``site/fr``, ``site/es``).

    Both test_book_site (the English edition: what `make serve` publishes) and
    test_i18n_editions use it. Each edition has its own lock in the run's shared folder, so
    two xdist workers never build the same edition twice, and a worker that needs the editions
    builds whichever one nobody is building before it waits for the others. Each edition keeps
    its own execution cache: notebooks run with the edition's language (translated quizzes and
    snapshots), so French and Spanish cannot reuse the English outputs.
    """
    import fcntl

    from m4d.i18n import LANGUAGES
    from m4d.i18n.editions import root_page

    shared = _run_wide_dir(tmp_path_factory)
    # ``languages``: the editions the caller waits for (all by default).
    pending = list(languages or LANGUAGES)
    while True:
        # A build that ran past its bound is stuck, not wrong: building the others would cost the
        # same again, so every test that needs the editions fails at once with its message.
        for stuck in shared.glob("*.failed"):
            message = stuck.read_text(encoding="utf-8")
            if "did not finish building within" in message:
                pytest.fail(f"the {stuck.stem} edition's build was stopped:\n{message}")
        for language in list(pending):
            failed = shared / f"{language}.failed"
            if failed.exists():
                pytest.fail(f"the {language} edition failed to build:\n{failed.read_text(encoding='utf-8')}")
            if (shared / f"{language}.built").exists():
                pending.remove(language)
        if not pending:
            break
        # Take an edition nobody is building; wait for one only when the other worker has them all.
        taken = None
        for language in pending:
            lock = open(shared / f"{language}.lock", "a")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            taken = language, lock
            break
        if taken is None:
            lock = open(shared / f"{pending[0]}.lock", "a")
            fcntl.flock(lock, fcntl.LOCK_EX)
            taken = pending[0], lock
        language, lock = taken
        with lock:  # closing the file releases the lock
            if not (shared / f"{language}.built").exists() and not (shared / f"{language}.failed").exists():
                try:
                    _build_one_edition(shared, language, notebooks_proven_by_nbval(items))
                except SystemExit as err:
                    pytest.fail(f"the {language} edition failed to build: {err}")
    index = shared / "site" / "index.html"
    if not index.exists():
        partial = index.with_name(f"index.html.{os.getpid()}")
        partial.write_text(root_page(LANGUAGES), encoding="utf-8")
        partial.replace(index)
    return shared / "site"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, request) -> Path:
    """The HTML of the English edition, shared by the build test and the browser tests.

    ``M4D_BUILT_BOOK=_build/html`` reuses a book built by hand (``make book``) instead, to
    rerun the browser tests while working on the book; the suite itself always builds.
    """
    reuse = os.environ.get("M4D_BUILT_BOOK")
    if reuse:
        if not (Path(reuse) / "index.html").exists():
            pytest.fail(f"M4D_BUILT_BOOK={reuse} is not a built book (no index.html): run `make book` first.")
        return Path(reuse).resolve()
    # The English edition only: its tests need no other (CROSS_EDITION_TESTS get the others).
    return build_editions_once(tmp_path_factory, request.session.items, languages=["en"]) / "en"


@pytest.fixture(scope="session")
def editions_site(tmp_path_factory, request) -> Path:
    """The assembled site of the three editions (:func:`build_editions_once`).

    ``M4D_EDITIONS_SITE=_build/site`` reuses the site of `make editions` instead (to re-run the
    editions' tests quickly).
    """
    prebuilt = os.environ.get("M4D_EDITIONS_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build_editions_once(tmp_path_factory, request.session.items)


@pytest.fixture(autouse=True)
def _other_editions_for_cross_links(request):
    """The French and Spanish editions too, for the tests of CROSS_EDITION_TESTS."""
    if request.node.nodeid in CROSS_EDITION_TESTS and not os.environ.get("M4D_BUILT_BOOK"):
        request.getfixturevalue("editions_site")


def load_dataset_script(name: str):
    """Import a generator script of datasets/ (e.g. make_network.py) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "datasets" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
