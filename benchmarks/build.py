"""How long the book takes to build: English only, and all three editions (en, fr, es).

Copies the repository's book sources (and locales/) to a temporary folder, then:

1. builds the English book alone from nothing (every notebook executed), touches one lesson
   and builds again (the execution cache skips the unchanged notebooks);
2. builds the three editions from nothing (each edition has its own execution cache, since a
   notebook's outputs depend on the edition's language), touches the same lesson and builds
   them again.

With ``--phases [LANGUAGE]`` it instead builds one edition from nothing (English unless named)
into a temporary folder, stamping each line of the build's output with the time, and prints
where the build spent its time: executing notebooks (each one's seconds from myst-nb), the
rest of reading, writing the pages, the book extension's steps after the pages (figure
pictures with the assets, icon fonts, PDF, offline pack, pre-compression; the PDF and the pack
are told apart by their files' times). With ``--no-downloads`` the build prints no PDF and
zips no pack (what the test suite's French and Spanish builds do), with ``--stored-outputs``
it shows the .ipynb notebooks' stored outputs (what the suite's English build does when nbval
runs them):

    .venv/bin/python benchmarks/build.py --phases en

Prints `name_unit: value` lines as each build ends (each followed by a comment with the 1-minute load
average), then the ratios of the three editions to English only. Times depend on the machine's
load: compare runs made on a quiet machine.

    .venv/bin/python benchmarks/build.py
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "modules"))

from m4d.i18n.editions import build_editions  # noqa: E402
from m4d.i18n.languages import LANGUAGES  # noqa: E402

COPY = ["_config.yml", "_toc.yml", "book", "locales", "node_modules", "datasets"]
#: Read by the build, never written: linked rather than copied (the offline pack reads datasets/).
LINKED = {"node_modules", "datasets"}


def report(name: str, value: float) -> None:
    """One figure, printed at once (a long run shows what it has measured so far)."""
    print(f"{name}: {value:.2f}" if name.endswith("_ratio") else f"{name}: {value:.1f}", flush=True)
    print(f"# load average (1 min) when {name} was measured: {os.getloadavg()[0]:.1f}", flush=True)


def build_english(book: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), "--warningiserror", "--keep-going"],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def build_all(book: Path) -> tuple[float, list]:
    start = time.perf_counter()
    builds = build_editions(book, LANGUAGES, output=book / "_build" / "editions", jobs=1)
    return time.perf_counter() - start, builds


def copy_sources(book: Path) -> None:
    for name in COPY:
        source = ROOT / name
        if name in LINKED:
            (book / name).symlink_to(source)
        elif source.is_dir():
            shutil.copytree(source, book / name, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints", "*.mo"))
        else:
            shutil.copy(source, book / name)


def touch_lesson(book: Path) -> Path:
    lesson = sorted(book.glob("book/m1_*/m1_0*.md"))[0]
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return lesson


def _timestamped_build(root: Path, language: str, work: Path, downloads: bool, stored: list[str]) -> list:
    """One cold edition build; its output lines as (seconds since start, text)."""
    import re

    import yaml

    from m4d.i18n.editions import edition_config

    work.mkdir(parents=True, exist_ok=True)
    config = edition_config(root, language, editions=list(LANGUAGES))
    if not downloads:
        config["sphinx"]["config"]["m4d_downloads"] = False
    if stored:
        config.setdefault("execute", {})["exclude_patterns"] = stored
    (work / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    command = [str(BIN / "jupyter-book"), "build", str(root), "--config", str(work / "_config.yml"),
               "--path-output", str(work), "--warningiserror", "--nitpick", "--keep-going", "--builder", "html", "-v"]
    # Unbuffered: a build writing to a pipe otherwise hands its lines over in 8 KB blocks, and a
    # line's time stamp is the time of its block (the writing phase looked 1 s long, its 600 s
    # went to the indices).
    env = {**os.environ, "M4D_LANG": language, "M4D_LOCALES": str(root / "locales"),
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONUNBUFFERED": "1"}
    lines, start = [], time.perf_counter()
    with subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          start_new_session=True) as build:
        for line in build.stdout:  # the build's own bound (editions.BUILD_MAX_SECONDS) is not needed here:
            lines.append((time.perf_counter() - start, re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip())))
            if lines[-1][0] > 3600:  # a benchmark that runs an hour has found a stuck build
                os.killpg(build.pid, 9)
                sys.exit("the build ran past an hour: stopped")
    if build.returncode != 0:
        sys.exit("the build failed:\n" + "\n".join(text for _, text in lines[-60:]))
    lines.append((time.perf_counter() - start, "EXIT"))
    return lines


def phases(language: str, downloads: bool = True, stored_outputs: bool = False) -> None:
    """Where one cold edition build spends its time (see the module's docstring)."""
    import re

    print(f"# load average (1, 5, 15 min) at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        book.mkdir()
        copy_sources(book)
        stored = [p.relative_to(book).as_posix() for p in sorted((book / "book").rglob("*.ipynb"))] \
            if stored_outputs else []
        started = time.time()
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = _timestamped_build(book, language, Path(tmp) / "out", downloads, stored)
        after_build = resource.getrusage(resource.RUSAGE_CHILDREN)
        html = Path(tmp) / "out" / "_build" / "html"

        def first(pattern: str, since: float = 0.0) -> float:
            return next(t for t, text in lines if t >= since and re.search(pattern, text))

        def after(pattern: str, since: float = 0.0) -> float:
            # the time of the line that follows the first line matching pattern
            index = next(i for i, (t, text) in enumerate(lines) if t >= since and re.search(pattern, text))
            return lines[index + 1][0]

        executed = [float(m.group(1)) for _, text in lines
                    for m in [re.search(r"Executed notebook in ([\d.]+) seconds", text)] if m]
        reading, pickled = first(r"reading sources\.\.\. \["), first(r"pickling environment")
        # The pages' "writing output..." lines come after the environment is pickled: the same
        # words open the build, where the catalogues (.po) are compiled to .mo files.
        writing = first(r"writing output\.\.\. \[", pickled)
        written = after(r"writing output\.\.\. \[100%\]", pickled)
        indexed, pictures = first(r"dumping object inventory"), first(r"m4d: \d+ figure pictures")
        icons = first(r"m4d: icon fonts")
        compressed, end = first(r"m4d: pre-compressed"), lines[-1][0]
        downloads_dir = html / "_downloads"
        stamp = lambda name: (downloads_dir / name).stat().st_mtime - started  # noqa: E731
        report("build_start_s", reading)
        report("notebooks_executed_count", len(executed))
        report("notebook_execution_s", sum(executed))
        report("reading_other_than_execution_s", pickled - reading - sum(executed))
        report("writing_pages_s", written - writing)
        report("indices_and_search_s", indexed - written)
        report("assets_and_figure_pictures_s", pictures - indexed)
        report("icon_fonts_s", icons - pictures)
        if downloads:
            pdf, pack = stamp("m4d-course.pdf"), stamp("m4d-course-offline.zip")
            report("pdf_s", pdf - icons)
            report("offline_pack_s", pack - pdf)
            report("precompression_s", compressed - pack)
        else:
            report("precompression_s", compressed - icons)
        report(f"edition_{language}_cold_total_s", end)
        # The processor time of the build and everything it started (kernels, chromium): on a
        # shared machine the wall times above stretch with the load, this much less.
        report(f"edition_{language}_cold_cpu_s", (after_build.ru_utime + after_build.ru_stime)
               - (before.ru_utime + before.ru_stime))


def main() -> None:
    if "--phases" in sys.argv:
        named = [a for a in sys.argv[sys.argv.index("--phases") + 1:] if not a.startswith("--")]
        phases(named[0] if named else "en", downloads="--no-downloads" not in sys.argv,
               stored_outputs="--stored-outputs" in sys.argv)
        return
    print(f"# load average (1, 5, 15 min) at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        copy_sources(book)
        en_cold = build_english(book)
        report("en_only_cold_s", en_cold)
        lesson = touch_lesson(book)
        print(f"# warm builds after touching {lesson.relative_to(book)}", flush=True)
        en_warm = build_english(book)
        report("en_only_warm_s", en_warm)
        all_cold, cold_builds = build_all(book)
        for build in cold_builds:
            report(f"edition_{build.language}_cold_s", build.seconds)
        report("editions_cold_s", all_cold)
        report("editions_to_en_cold_ratio", all_cold / en_cold)
        touch_lesson(book)
        all_warm, warm_builds = build_all(book)
        for build in warm_builds:
            report(f"edition_{build.language}_warm_s", build.seconds)
        report("editions_warm_s", all_warm)
    report("editions_to_en_warm_ratio", all_warm / en_warm)
    report("en_warm_to_cold_ratio", en_warm / en_cold)
    report("editions_warm_to_cold_ratio", all_warm / all_cold)


if __name__ == "__main__":
    main()
