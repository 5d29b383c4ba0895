"""The trainer's formgrader, with its grading buttons going through the course's grader.

A Jupyter server extension loaded on the trainer's server only (see
:mod:`m4d.hub.roles`). It changes four things in nbgrader's formgrader and leaves
the rest (manual grading, release, collect, the gradebook pages) as they are:

- **Autograde** (the lightning icon of a submission) runs ``m4d grade ASSIGNMENT
  --student NAME``: the pre-check and the sandboxed grader, not nbgrader's own
  autograde, which would run the participant's code with the trainer's rights in
  the trainer's server. The button's answer carries the grader's reason when a
  submission could not be graded.
- **Generate feedback** (one submission or all) runs ``m4d feedback``, whose
  feedback never shows the hidden tests; nbgrader's own shows every test cell.
- The formgrader may be shown inside JupyterLab (Nbgrader menu → Formgrader), which
  frames it: JupyterHub's servers forbid any framing (``frame-ancestors 'none'``);
  the formgrader's pages alone allow framing by pages of the same site.
- Opened in a tab of its own, the formgrader links assignments and previews to
  ``/tree/...`` from the site's root, which is the hub's 404 on JupyterHub; the
  links get the server's own prefix.

Both commands run as subprocesses of the server, so the server keeps answering
while a submission is graded. This module loads before nbgrader's formgrader
(Jupyter Server loads extensions in alphabetical order), so its routes win.
"""
from __future__ import annotations

import asyncio
import csv
import json
import sys
from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado import web

# nbgrader's own link helper, and the one line of it that misses the server's prefix.
_LINK_LINE = '.attr("href", prefix + path)'
_LINK_FIXED = '.attr("href", base_url + prefix + path)'


def _handlers():
    from nbgrader.server_extensions.formgrader.base import BaseApiHandler, check_notebook_dir, check_xsrf
    from nbgrader.server_extensions.formgrader.handlers import static_path

    class CourseGraderHandler(BaseApiHandler):
        """Runs one of the course's grading commands for the formgrader and answers as
        nbgrader's own handlers do: ``{"success": bool, "log": str, "error": str}``."""

        @property
        def course_root(self) -> Path:
            return Path(self.coursedir.root)

        async def run_m4d(self, *argv: str) -> tuple[int, str]:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "m4d.cli", *argv, "--course", str(self.course_root),
                cwd=str(self.course_root), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            output, _ = await process.communicate()
            return process.returncode, output.decode("utf-8", "replace")

    class SandboxedAutogradeHandler(CourseGraderHandler):
        @web.authenticated
        @check_xsrf
        @check_notebook_dir
        async def post(self, assignment_id, student_id):
            code, log = await self.run_m4d("grade", assignment_id, "--student", student_id, "--quiet", "--jobs", "1")
            row = _grades_row(self.course_root, assignment_id, student_id)
            if code == 0 and row is not None and row.get("status") not in ("failed", "quarantined"):
                result = {"success": True, "log": log}
            else:
                reason = (row or {}).get("reason") or (row or {}).get("status") or "the grader gave no result"
                result = {"success": False, "log": log,
                          "error": f"m4d grade could not grade {student_id}'s {assignment_id}: {reason}"}
            self.write(json.dumps(result))

    class ScrubbedFeedbackHandler(CourseGraderHandler):
        @web.authenticated
        @check_xsrf
        @check_notebook_dir
        async def post(self, assignment_id, student_id=None):
            argv = ["feedback", assignment_id] + (["--student", student_id] if student_id else [])
            code, log = await self.run_m4d(*argv)
            result = {"success": code == 0, "log": log}
            if code != 0:
                result["error"] = f"m4d feedback failed (exit status {code}); see the log"
            self.write(json.dumps(result))

    class LinkFixedScriptHandler(BaseApiHandler):
        @web.authenticated
        def get(self):
            text = (Path(static_path) / "js" / "utils.js").read_text(encoding="utf-8")
            if _LINK_LINE not in text:
                self.log.warning("m4d: nbgrader's formgrader links changed; leaving them as they are")
            self.set_header("Content-Type", "application/javascript; charset=UTF-8")
            self.set_header("Cache-Control", "no-cache")
            self.write(text.replace(_LINK_LINE, _LINK_FIXED))

    return [
        (r"/formgrader/api/submission/([^/]+)/([^/]+)/autograde", SandboxedAutogradeHandler),
        (r"/formgrader/api/assignment/([^/]+)/generate_feedback", ScrubbedFeedbackHandler),
        (r"/formgrader/api/assignment/([^/]+)/([^/]+)/generate_feedback", ScrubbedFeedbackHandler),
        (r"/formgrader/static/js/utils.js", LinkFixedScriptHandler),
    ]


def _grades_row(course: Path, assignment: str, student: str) -> dict | None:
    path = course / "grades" / f"{assignment}.csv"
    if not path.exists():
        return None
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("student_id") == student:
                return row
    return None


class FramedByTheSameSite(web.OutputTransform):
    """``frame-ancestors 'self'`` on the formgrader's pages only, so JupyterLab can show it.

    Every other page of the server keeps JupyterHub's ``frame-ancestors 'none'``.
    """

    prefix = "/formgrader"

    def __init__(self, request):
        super().__init__(request)
        self.framed = request.path.startswith(self.prefix)

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if self.framed:
            headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return status_code, headers, chunk


def _jupyter_server_extension_points():
    return [{"module": "m4d.hub.formgrader"}]


def _load_jupyter_server_extension(serverapp):
    webapp = serverapp.web_app
    base = webapp.settings["base_url"]
    webapp.add_handlers(".*$", [(url_path_join(base, pattern.lstrip("/")), handler)
                                for pattern, handler in _handlers()])
    transform = type("FormgraderFraming", (FramedByTheSameSite,), {"prefix": url_path_join(base, "formgrader")})
    webapp.transforms.append(transform)
    serverapp.log.info("m4d: the formgrader grades with m4d grade and writes feedback with m4d feedback")
