"""One database engine per grading process for nbgrader's gradebook.

nbgrader opens its ``Gradebook`` about nine times for every notebook it
autogrades (the converter's checks, ``OverwriteKernelspec``, ``OverwriteCells``,
``SaveAutoGrades``, ``AssignLatePenalties``), and every open builds a new
SQLAlchemy engine, inspects the database, runs ``create_all`` and, on close,
throws the engine away, with the engine's cache of compiled SQL statements. So
every query of every notebook is compiled again. :class:`WorkerGradebook` is
nbgrader's own ``Gradebook`` (same tables, queries and transactions) whose
engine is made once per process and database URL: the schema is checked on the
first open only, and later opens get a new session on the same engine.

Only the engine is shared, never a session: each open still has its own
session, committed or rolled back by nbgrader exactly as before, so two
grading workers (two processes, each with its own engine) still write each
student in nbgrader's own transactions and SQLite's file locks order them as
before. An engine is never used across a fork: it is keyed by the process id,
and a forked child builds its own.

:func:`one_engine_per_process` puts :class:`WorkerGradebook` in place of
``Gradebook`` in the nbgrader modules that autograde uses, for the length of a
``with`` block, in the grading worker's process (never in a process that runs
student code: the sandbox and the judge are separate programs).
"""
from __future__ import annotations

import contextlib
import importlib
import os
import threading

from nbgrader.api import Gradebook

# The nbgrader modules whose code opens a gradebook while `Autograde` runs
# (they import the name `Gradebook` from nbgrader.api).
AUTOGRADE_MODULES = (
    "nbgrader.converters.autograde",
    "nbgrader.preprocessors.overwritekernelspec",
    "nbgrader.preprocessors.overwritecells",
    "nbgrader.preprocessors.saveautogrades",
    "nbgrader.preprocessors.latesubmissions",
)

_engines: dict[tuple[int, str], object] = {}
_lock = threading.Lock()


def _engine_for(db_url: str):
    """This process's engine for ``db_url``, with the gradebook's tables made once."""
    key = (os.getpid(), db_url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            # A forked child must not use or close its parent's connections
            # (SQLAlchemy's advice for engines inherited over a fork).
            for stale in [k for k in _engines if k[0] != key[0]]:
                _engines.pop(stale).dispose(close=False)
            # nbgrader's own first open: creates the tables and the alembic version
            # row when the database is new, then its engine is kept.
            first = Gradebook(db_url)
            first.db.remove()
            engine = _engines[key] = first.engine
        return engine


class WorkerGradebook(Gradebook):
    """nbgrader's ``Gradebook`` on this process's shared engine (see the module's text)."""

    def __init__(self, db_url: str, course_id: str = "default_course", authenticator=None):
        from sqlalchemy.orm import scoped_session, sessionmaker
        self.engine = _engine_for(db_url)
        self.db = scoped_session(sessionmaker(autoflush=True, bind=self.engine, future=True))
        # As nbgrader's own __init__ does after creating the tables.
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    def close(self) -> None:
        # The session ends as in nbgrader; the engine (and its pooled connection and
        # compiled statements) stays for this process's next open.
        self.db.remove()


def dispose_engines() -> None:
    """Close this process's shared engines (their pooled connections)."""
    with _lock:
        for key in [k for k in _engines if k[0] == os.getpid()]:
            _engines.pop(key).dispose()


@contextlib.contextmanager
def one_engine_per_process():
    """Within the block, nbgrader's autograde code opens :class:`WorkerGradebook`."""
    modules = [importlib.import_module(name) for name in AUTOGRADE_MODULES]
    saved = [(m, m.__dict__.get("Gradebook")) for m in modules if "Gradebook" in m.__dict__]
    for module, _ in saved:
        module.Gradebook = WorkerGradebook
    try:
        yield
    finally:
        for module, original in saved:
            module.Gradebook = original


__all__ = ["WorkerGradebook", "one_engine_per_process", "dispose_engines", "AUTOGRADE_MODULES"]
