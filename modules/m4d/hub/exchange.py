"""nbgrader's exchange on a shared machine, and a collect step that checks who submitted.

The exchange is one folder that every server on the machine sees. Its layout and
permissions decide who can read what:

- ``exchange/`` belongs to root, mode 1777 (nbgrader insists that its exchange root
  is writable by all; the sticky bit stops anyone from renaming or removing a
  course folder that is not theirs);
- ``exchange/<course>/`` is made by the hub for the trainer (755), so no participant
  can claim the course's name first; the trainer's release makes ``outbound/``
  (readable by all) and ``feedback/`` in it;
- ``exchange/<course>/inbound/`` is made by the hub for the trainer with mode 3733:
  participants may drop a submission in it but cannot list it, and the sticky bit
  stops them from removing or replacing a classmate's file.

Stock nbgrader names a submission ``<student>+<assignment>+<time>+<random>`` from an
environment variable or a ``--student`` option, so a participant could file a
notebook under a classmate's name. :class:`OwnerCheckedCollect` collects a
submission only when its owner on the file system is the student it names, and
gives every student it adds to the gradebook a name the formgrader can show (the
account's name, instead of "None, None").
"""
from __future__ import annotations

import glob
import os
import pwd
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect, groupby
from nbgrader.utils import check_mode


def prepare_exchange(exchange: Path, course_id: str, trainer: str) -> Path:
    """Make the exchange root (root's), the course folder and its inbox (the trainer's)."""
    exchange = Path(exchange)
    exchange.mkdir(parents=True, exist_ok=True)
    os.chown(exchange, 0, 0)
    os.chmod(exchange, 0o1777)
    entry = pwd.getpwnam(trainer)
    course = exchange / course_id
    inbound = course / "inbound"
    for folder, mode in ((course, 0o755), (inbound, 0o3733)):
        folder.mkdir(exist_ok=True)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        os.chmod(folder, mode)
    return course


def submitted_by(path: str | Path, student: str) -> bool:
    """True when the file system says ``student`` made the submission at ``path``."""
    try:
        owner = os.stat(path).st_uid
        return owner == pwd.getpwnam(student).pw_uid
    except (KeyError, FileNotFoundError):
        return False


# How a workshop account appears in the formgrader's lists ("<last>, <first>").
FIRST_NAME = "participant"


def name_students(gradebook: Gradebook, students) -> None:
    """Give gradebook students who have no name their account's name (trainers' own entries stay)."""
    for student in students:
        try:
            entry = gradebook.find_student(student)
        except MissingEntry:
            gradebook.add_student(student, last_name=student, first_name=FIRST_NAME)
            continue
        if entry.last_name is None and entry.first_name is None:
            gradebook.update_or_create_student(student, last_name=student, first_name=FIRST_NAME)


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, which skips submissions filed under another student's name.

    Each student's newest genuine submission is collected, exactly as nbgrader
    would; a forged one is reported in the log and left in the inbound folder for
    the trainer to look at.
    """

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail("Course not found: {}".format(self.inbound_path))
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail("You don't have read permissions for the directory: {}".format(self.inbound_path))
        student_id = self.coursedir.student_id if self.coursedir.student_id else "*"
        pattern = os.path.join(self.inbound_path, "{}+{}+*".format(student_id, self.coursedir.assignment_id))
        records = []
        for path in glob.glob(pattern):
            record = self._path_to_record(path)
            if submitted_by(path, record["username"]):
                records.append(record)
            else:
                self.log.warning("Not collecting %s: it names %s as the student but was not submitted "
                                 "by that account", record["filename"], record["username"])
        usergroups = groupby(records, lambda item: item["username"])
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for group in usergroups.values():
            ordered = self._sort_by_timestamp(group)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in ordered if r["timestamp"] <= self.duedate]
                ordered = on_time or ordered
            self.src_records.append(ordered[0])

    def copy_files(self):
        super().copy_files()
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            name_students(gb, sorted({record["username"] for record in self.src_records}))
