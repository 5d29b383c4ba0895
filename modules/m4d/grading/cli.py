"""The grader's commands: generate, release, collect, grade, feedback, export.

    m4d generate [ASSIGNMENT] [--course DIR]      student versions from source/
    m4d release ASSIGNMENT [--course DIR]         put the release in the exchange
    m4d collect ASSIGNMENT [--course DIR]         fetch submissions from the exchange
    m4d grade ASSIGNMENT [--course DIR] [--jobs N] [--student ID ...]
                                                  pre-check, sandbox, autograde, CSV
    m4d feedback ASSIGNMENT [--course DIR] [--return]  feedback without hidden tests
    m4d export [--format plain|moodle|canvas] [--course DIR] [--output FILE]

Every command that touches the gradebook takes --db URL (SQLite or PostgreSQL);
without it, M4D_GRADEBOOK_URL, then c.CourseDirectory.db_url in the course's
nbgrader_config.py, then DIR/gradebook.db.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from m4d.errors import InputError


def _without_iri_grammar() -> None:
    """Skip the optional IRI grammar jsonschema builds on import (about 3 s of CPU per
    process with lark; measured). The grading commands validate notebooks, whose
    schema has no IRI field, so nothing they check depends on it."""
    sys.modules.setdefault("rfc3987_syntax", None)


def _course(args) -> Path:
    _without_iri_grammar()
    # Without --course: the folder the grader is in when it is a course (``cd ~/m4d-course``
    # as the trainer's guide says), otherwise the repository's exercises/.
    if args.course is None:
        args.course = "." if Path("source").is_dir() and Path("nbgrader_config.py").is_file() else "exercises"
    course = Path(args.course)
    if not (course / "source").is_dir():
        raise InputError(f"{course} is not an nbgrader course folder (it has no source/ folder): "
                         "pass --course DIR, the folder with nbgrader_config.py")
    return course


def _add_course(p, db: bool = True):
    p.add_argument("--course", default=None, metavar="DIR",
                   help="the nbgrader course folder (default: the current folder if it is one, else exercises)")
    if db:
        p.add_argument("--db", metavar="URL", default=None,
                       help="the gradebook: sqlite:///FILE or postgresql://USER@HOST/DATABASE "
                            "(default: $M4D_GRADEBOOK_URL, else c.CourseDirectory.db_url in "
                            "nbgrader_config.py, else DIR/gradebook.db)")


def _generate(args) -> int:
    from m4d.grading.autograde import generate
    course = _course(args)
    names = [args.assignment] if args.assignment else sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    for name in names:
        if not (course / "source" / name).is_dir():
            raise InputError(f"there is no assignment {name!r} in {course / 'source'}")
        generate(course, name, args.db)
        print(f"generated {name} -> {course / 'release' / name}")
    return 0


def _nbgrader(course: Path, *argv: str, db: str | None = None) -> int:
    """Run one nbgrader command in the course folder, with the course's gradebook."""
    from m4d.grading.autograde import load_config
    cfg = load_config(course, db)  # also puts the virtual environment's programs on PATH
    return subprocess.call([os.path.join(sys.prefix, "bin", "nbgrader"), *argv,
                            f"--CourseDirectory.db_url={cfg.CourseDirectory.db_url}"], cwd=course)


def _release(args) -> int:
    return _nbgrader(_course(args), "release_assignment", args.assignment, "--force")


def _collect(args) -> int:
    return _nbgrader(_course(args), "collect", args.assignment, "--update", db=args.db)


def _grade(args) -> int:
    from m4d.grading.autograde import grade_assignment
    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    course = _course(args)
    rows = grade_assignment(course, args.assignment, jobs=args.jobs, progress=not args.quiet,
                            students=args.student, db_url=args.db)
    counts = {s: sum(r.status == s for r in rows) for s in ("graded", "quarantined", "failed")}
    print(f"{len(rows)} submissions: {counts['graded']} graded, {counts['quarantined']} quarantined, "
          f"{counts['failed']} failed -> {course / 'grades' / (args.assignment + '.csv')}")
    return 0


def _feedback(args) -> int:
    from m4d.grading.feedback import generate_feedback
    course = _course(args)
    files = generate_feedback(course, args.assignment, students=args.student, db_url=args.db)
    print(f"wrote {len(files)} feedback file(s) under {course / 'feedback'}")
    if args.return_:
        # nbgrader's exchange files the feedback under the secret the student's
        # `submit` wrote; a submission put into submitted/ by hand has none.
        unreachable = sorted(p.parent.name for p in (course.resolve() / "feedback").glob(f"*/{args.assignment}")
                             if not ((p / "timestamp.txt").is_file() and (p / "submission_secret.txt").is_file()))
        if unreachable:
            print(f"not returned (handed in outside the exchange, so nbgrader cannot match the feedback to "
                  f"the student): {', '.join(unreachable)}", file=sys.stderr)
        extra = [f"--CourseDirectory.student_id_exclude={','.join(unreachable)}"] if unreachable else []
        return _nbgrader(course, "release_feedback", args.assignment, *extra, db=args.db)
    return 0


def _export(args) -> int:
    from m4d.grading.export import export_grades
    course = _course(args)
    out = Path(args.output) if args.output else course / "grades" / f"export-{args.format}.csv"
    print(f"wrote {export_grades(course, args.format, out, db_url=args.db)}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("generate", help="generate the student version of every assignment (or one)",
                              description="Generate student versions from source/ into release/ and the gradebook.")
    p.add_argument("assignment", nargs="?", help="one assignment (default: every assignment in source/)")
    _add_course(p)
    p.set_defaults(func=_generate)

    p = subparsers.add_parser("release", help="release an assignment to students (nbgrader exchange)")
    p.add_argument("assignment")
    _add_course(p, db=False)
    p.set_defaults(func=_release)

    p = subparsers.add_parser("collect", help="collect submissions from the exchange into submitted/")
    p.add_argument("assignment")
    _add_course(p)
    p.set_defaults(func=_collect)

    p = subparsers.add_parser(
        "grade", help="autograde every submission, sandboxed and in parallel",
        description="Pre-check and autograde every submission under DIR/submitted/*/ASSIGNMENT/ in a "
                    "sandbox, write the gradebook and DIR/grades/ASSIGNMENT.csv (student_id, score, "
                    "max_score, status, reason). Exits 0 when every submission got a row. "
                    "Several graders may run at once on different students (--student) into one "
                    "PostgreSQL gradebook (--db).")
    p.add_argument("assignment", metavar="ASSIGNMENT")
    _add_course(p)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="submissions graded at once (default: the number of cores)")
    p.add_argument("--student", action="append", metavar="ID",
                   help="grade only this student (repeat for several); the CSV keeps the other rows")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_grade)

    p = subparsers.add_parser("feedback", help="generate feedback (never showing hidden tests) and optionally return it")
    p.add_argument("assignment")
    _add_course(p)
    p.add_argument("--return", dest="return_", action="store_true", help="also release the feedback to students")
    p.add_argument("--student", action="append", metavar="ID", help="only this student (repeat for several)")
    p.set_defaults(func=_feedback)

    p = subparsers.add_parser("export", help="export grades as CSV, or for Moodle or Canvas")
    _add_course(p)
    p.add_argument("--format", choices=["plain", "moodle", "canvas"], default="plain")
    p.add_argument("--output", metavar="FILE", help="where to write (default: DIR/grades/export-FORMAT.csv)")
    p.set_defaults(func=_export)
