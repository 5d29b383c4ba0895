"""Pre-check: turn what a student handed in into a notebook the grader can run.

What can be normalised is normalised, with a note that says what changed: an
old nbformat is upgraded, a notebook under the wrong name is matched to the
expected one, duplicated grade cells keep their first copy, deleted answer cells
come back empty (worth 0), reordered cells go back to the assignment's order,
retyped cells get their type back, edited locked cells are restored, foreign or
stripped nbgrader metadata is rebuilt from the released notebook, extra files are
kept when small and dropped when oversized.

What cannot be normalised is quarantined with a reason in plain words, so one
broken notebook never stops a batch: an empty file, a file that is not JSON, a
notebook of a newer or unreadable format, a notebook too large to grade, or one
in which no answer cell of this assignment can be found.
"""
from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 20 * 1024**2
MAX_EXTRA_FILE_BYTES = 5 * 1024**2
MAX_EXTRA_TOTAL_BYTES = 20 * 1024**2
KNOWN_SCHEMA_VERSIONS = {1, 2, 3}


@dataclass
class PrecheckResult:
    """The outcome for one submission: staged for grading, or quarantined."""

    student_id: str
    quarantined: bool = False
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _grade_id(cell) -> str | None:
    gid = _meta(cell).get("grade_id")
    return gid if isinstance(gid, str) and gid else None


class Quarantine(Exception):
    """A submission that cannot be graded as handed in."""


def read_notebook(path: Path, notes: list[str]):
    """Read a submitted notebook as nbformat 4, or raise Quarantine with a reason."""
    size = path.stat().st_size
    if size == 0:
        raise Quarantine(f"{path.name} is an empty file")
    if size > MAX_NOTEBOOK_BYTES:
        raise Quarantine(f"{path.name} is {size / 1024**2:.0f} MB, more than the {MAX_NOTEBOOK_BYTES // 1024**2} MB a notebook may have")
    text = path.read_bytes()
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as err:
        raise Quarantine(f"{path.name} is not a valid notebook file (not JSON: {str(err)[:80]})") from None
    if not isinstance(raw, dict):
        raise Quarantine(f"{path.name} is not a notebook (its JSON is not an object)")
    major = raw.get("nbformat")
    if not isinstance(major, int):
        raise Quarantine(f"{path.name} does not say which notebook format it uses")
    if major > 4:
        raise Quarantine(f"{path.name} uses notebook format {major}, newer than this grader reads (4)")
    try:
        nb = nbformat.reads(text.decode("utf-8"), as_version=4)
    except Exception as err:  # nbformat raises many kinds for unreadable old formats
        raise Quarantine(f"{path.name} uses notebook format {major}, which cannot be read ({type(err).__name__})") from None
    if major < 4:
        notes.append(f"{path.name} was upgraded from notebook format {major} to 4")
    if not isinstance(nb.get("cells"), list):
        raise Quarantine(f"{path.name} has no list of cells")
    return nb


def normalise(submitted, release, name: str, notes: list[str]):
    """Rebuild a submission in the released notebook's order and metadata."""
    release_ids = {_grade_id(c) for c in release.cells if _grade_id(c)}
    answers = {}
    extra_after: dict[str | None, list] = {}
    anchor = None
    order_seen = []
    foreign = 0
    for cell in submitted.cells:
        if not isinstance(cell, dict) or "source" not in cell:
            continue
        gid = _grade_id(cell)
        version = _meta(cell).get("schema_version")
        if gid and version is not None and version not in KNOWN_SCHEMA_VERSIONS:
            notes.append(f"cell {gid} had an unknown nbgrader schema version ({version}); its metadata was rebuilt")
        if gid and gid not in release_ids:
            foreign += 1
            gid = None
        if gid:
            if gid in answers:
                notes.append(f"grade cell {gid} appeared twice; the first copy was graded")
                continue
            answers[gid] = cell
            order_seen.append(gid)
            anchor = gid
        else:
            clean = copy.deepcopy(cell)
            clean.get("metadata", {}).pop("nbgrader", None)
            extra_after.setdefault(anchor, []).append(clean)
    if foreign:
        notes.append(f"{foreign} cell(s) carried nbgrader metadata of another assignment; it was removed")
    solution_ids = [_grade_id(c) for c in release.cells if _meta(c).get("solution")]
    if solution_ids and not any(g in answers for g in solution_ids):
        raise Quarantine(f"{name} contains no answer cell of this assignment: it lost its grading "
                         "metadata or belongs to another assignment (download the assignment again "
                         "and copy your answers into it)")
    release_order = [_grade_id(c) for c in release.cells if _grade_id(c)]
    kept = [g for g in order_seen if g in release_order]
    if kept != sorted(kept, key=release_order.index):
        notes.append("cells had been moved; they were put back in the assignment's order")
    out = copy.deepcopy(release)
    cells = list(extra_after.get(None, []))
    for cell in out.cells:
        gid = _grade_id(cell)
        meta = _meta(cell)
        if gid and meta.get("solution"):
            got = answers.get(gid)
            if got is None:
                notes.append(f"answer cell {gid} was deleted; it was put back empty and earns 0")
            else:
                if got.get("cell_type") != cell.cell_type:
                    notes.append(f"answer cell {gid} had been changed to {got.get('cell_type')}; it was changed back")
                src = got.get("source", "")
                cell.source = "".join(src) if isinstance(src, list) else str(src)
        elif gid:
            got = answers.get(gid)
            if got is None and not meta.get("grade"):
                pass
            elif got is None:
                notes.append(f"test cell {gid} was deleted; it was put back")
            else:
                kind = "test cell" if meta.get("grade") else "locked cell"
                if got.get("cell_type") != cell.cell_type:
                    notes.append(f"{kind} {gid} had been changed to {got.get('cell_type')}; it was changed back")
                elif "".join(got.get("source", "")) != cell.source:
                    notes.append(f"{kind} {gid} had been edited; the original was restored")
        cells.append(cell)
        if gid:
            cells.extend(extra_after.get(gid, []))
    out.cells = cells
    return out


def stage_submission(submission_dir: Path, release_dir: Path, staged_dir: Path, student_id: str) -> PrecheckResult:
    """Check one submission and write its gradable copy into staged_dir."""
    result = PrecheckResult(student_id)
    expected = sorted(p.name for p in release_dir.glob("*.ipynb"))
    handed_in = sorted(p for p in submission_dir.glob("*.ipynb") if p.is_file())
    by_name = {p.name: p for p in handed_in}
    unmatched = [p for p in handed_in if p.name not in expected]
    if staged_dir.exists():
        shutil.rmtree(staged_dir)
    staged_dir.mkdir(parents=True)
    try:
        found_any = False
        for name in expected:
            path = by_name.get(name)
            if path is None and len(unmatched) == 1 and sum(n not in by_name for n in expected) == 1:
                path = unmatched.pop()
                result.notes.append(f"{path.name} was graded as {name} (the expected name)")
            if path is None:
                result.notes.append(f"{name} was not handed in; it earns 0")
                nb = nbformat.read(release_dir / name, as_version=4)
            else:
                found_any = True
                nb = normalise(read_notebook(path, result.notes), nbformat.read(release_dir / name, as_version=4),
                               name, result.notes)
            nbformat.write(nb, staged_dir / name)
        if not found_any:
            names = ", ".join(p.name for p in handed_in) or "no notebook at all"
            raise Quarantine(f"the submission has no notebook named {', '.join(expected)} (found: {names})")
    except Quarantine as why:
        shutil.rmtree(staged_dir, ignore_errors=True)
        result.quarantined, result.reason = True, str(why)
        return result
    total = 0
    for path in sorted(submission_dir.rglob("*")):
        rel = path.relative_to(submission_dir)
        if not path.is_file() or path.is_symlink() or path.suffix == ".ipynb" or rel.parts[0].startswith("."):
            continue
        size = path.stat().st_size
        if size > MAX_EXTRA_FILE_BYTES or total + size > MAX_EXTRA_TOTAL_BYTES:
            result.notes.append(f"the file {rel} ({size / 1024**2:.1f} MB) was too large and was left out")
            continue
        total += size
        (staged_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, staged_dir / rel)
    result.reason = "; ".join(result.notes)
    return result
