"""How long the book takes to build: English only, and all three editions (en, fr, es).

Copies the repository's book sources (and locales/) to a temporary folder, then:

1. builds the English book alone from nothing (every notebook executed), touches one lesson
   and builds again (the execution cache skips the unchanged notebooks);
2. builds the three editions from nothing (each edition has its own execution cache, since a
   notebook's outputs depend on the edition's language), touches the same lesson and builds
   them again.

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


def main() -> None:
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
