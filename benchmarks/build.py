"""How long the book takes to build cold, and to rebuild after one lesson changes.

Copies the repository's book sources to a temporary folder, builds it there from
nothing (every notebook executed), touches one lesson and builds again (the
execution cache skips the unchanged notebooks). Prints `name: value` lines and,
last, `warm/cold: X`.

    .venv/bin/python benchmarks/build.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPY = ["_config.yml", "_toc.yml", "book", "node_modules"]


def build(book: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(book), "--warningiserror", "--keep-going"],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        for name in COPY:
            source = ROOT / name
            if name == "node_modules":
                (book / name).symlink_to(source)
            elif source.is_dir():
                shutil.copytree(source, book / name, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
            else:
                shutil.copy(source, book / name)
        cold = build(book)
        lesson = sorted(book.glob("book/m1_*/m1_0*.md"))[0]
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        warm = build(book)
    print(f"cold_s: {cold:.1f}")
    print(f"warm_s: {warm:.1f}")
    print(f"touched: {lesson.relative_to(book)}")
    print(f"warm/cold: {warm / cold:.2f}")


if __name__ == "__main__":
    main()
