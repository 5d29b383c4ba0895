"""The judge: the process that runs an assignment's test cells, where no student code runs.

One judge process (J) per grading worker. For each notebook it starts the
student's process in the sandbox (S, :mod:`m4d.grading.sandbox`), sends it the
student and locked cells, and collects their outputs. Then it runs the
instructor's cells itself, in order: locked cells (so it has its own, trusted
copies of the assignment's data) and test cells, hidden tests included, which
never leave this process.

A test cell names the student's functions and variables as in a kernel. The judge
finds from the cell's source which names are the student's
(:mod:`m4d.grading.judge_rules`) and asks the snapshot of the student's state at
that cell for them: a value arrives as plain data, rebuilt here by a strict decoder
(:mod:`m4d.grading.codec`) with this process's own classes; a function becomes a
:class:`StudentFunction`, whose calls run in the sandbox and return plain data.
Whatever the student's code does, it can only give the test other plain values:
it cannot replace anything the test uses, reach the test's helpers, data or
expected values, or see the hidden tests. A call that raises gives the test the
builtin exception; a call that hangs, ends the process, floods or returns
something that is not plain data raises :class:`BoundaryError`, which fails the
test cell and is reported in the grades CSV's reason.

Run as ``python -m m4d.grading.judge``: it reads one job (JSON) per line on stdin
and writes one result per line on stdout. :class:`JudgeClient` is the worker's side.
"""
from __future__ import annotations

import base64
import builtins
import gc
import importlib
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from m4d.grading import codec
from m4d.grading.judge_rules import cell_names, student_names

MAX_REPLY_BYTES = codec.MAX_MESSAGE_BYTES + 1024
# Modules a test may get by the name a student imported them under (e.g. `os`
# from a student's cell); anything else the student binds arrives as data.
_NEVER_IMPORT = {"antigravity", "this", "turtle", "turtledemo", "tkinter", "idlelib", "webbrowser", "pydoc",
                 "ensurepip", "venv", "lib2to3", "__hello__", "__phello__"}
IMPORTABLE_PACKAGES = {"numpy", "pandas", "scipy", "m4d", "statsmodels", "networkx"}


class BoundaryError(BaseException):
    """The test could not get a plain answer from the student's code (fails the test cell).

    A BaseException, so that a test's ``except Exception`` does not take the
    judge's failure to reach the student's code for an exception the student raised.
    """


class StudentError(Exception):
    """A student's function raised an exception that is not one of Python's own."""


class JudgeTimeout(BaseException):
    """A test cell ran past its time limit inside the judge."""


def _importable(name) -> bool:
    top = name.split(".")[0]
    return type(name) is str and top not in _NEVER_IMPORT and \
        (top in sys.stdlib_module_names or top in IMPORTABLE_PACKAGES)


class Snapshot:
    """The student's state at one instructor cell, in a process of its own in the sandbox."""

    def __init__(self, judge: "NotebookJudge", position: int, request_fd: int, reply_fd: int):
        self.judge, self.position = judge, position
        self.request_fd, self.reply_fd = request_fd, reply_fd
        self.pid = None
        self.dead: str | None = None
        self.handles: dict[int, int] = {}  # id(StudentFunction) -> handle

    def ask(self, message: dict, what: str) -> dict:
        if self.dead:
            raise BoundaryError(self.dead)
        try:
            payload = codec.encode(message, refs=self.handles)
        except codec.EncodeError as err:
            raise BoundaryError(f"the test gives {what} something that cannot be sent to the student's "
                                f"code ({err})") from None
        try:
            self._drain()
            codec.write_frame(self.request_fd, payload)
            data = self._read(self.judge.deadline)
            reply = codec.decode(data)
            if type(reply) is not dict:
                raise codec.DecodeError("the answer is not a dict")
            return reply
        except BoundaryError as err:
            self._lost(str(err))
            raise
        except (codec.DecodeError, OSError) as err:
            self._lost(f"{what} answered with something that is not plain data ({err})")
            raise BoundaryError(self.dead) from None
        except JudgeTimeout:
            self._lost(f"{what} did not return within the test cell's time limit")
            raise BoundaryError(self.dead) from None

    def _drain(self) -> None:
        """Drop whatever the student's code wrote into the reply channel before the question."""
        while select.select([self.reply_fd], [], [], 0)[0]:
            if not os.read(self.reply_fd, 1 << 20):
                break

    def _lost(self, why: str) -> None:
        self.dead = why
        self.judge.kill(self.pid)

    def _read(self, deadline: float) -> bytes:
        """One reply: 4 bytes of length, then the payload, in as few reads as the pipe allows
        (a reply that fits in the pipe comes in one). Bytes after the reply's end are the
        student's own writes into the channel, dropped as :meth:`_drain` drops earlier ones."""
        buffer = b""
        size = None
        while True:
            if size is None and len(buffer) >= 4:
                size = int.from_bytes(buffer[:4], "little")
                if size > MAX_REPLY_BYTES:
                    raise BoundaryError(f"the student's code sent {size / 1024**2:.0f} MB, more than the "
                                        f"{MAX_REPLY_BYTES // 1024**2} MB a value may have")
                if len(buffer) >= 4 + size:
                    return buffer[4:4 + size]
                return buffer[4:] + self._read_exactly(size - (len(buffer) - 4), deadline)
            buffer += self._read_exactly(4 - len(buffer), deadline, more=1 << 16)

    def _read_exactly(self, n: int, deadline: float, more: int = 0) -> bytes:
        """At least n bytes (up to ``more`` if they are already there), before the deadline."""
        chunks, got = [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BoundaryError("the student's code did not return within the test cell's time limit "
                                    f"of {self.judge.limits['cell_timeout_s']:g} s")
            ready, _, _ = select.select([self.reply_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.reply_fd, max(min(n - got, 1 << 20), more))
            if not chunk:
                raise BoundaryError("the student's code ended its process (it exited, was killed, or ran out "
                                    "of memory or CPU time)")
            chunks.append(chunk)
            got += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def lookup(self, names: list[str]) -> dict:
        reply = self.ask({"op": "lookup", "names": names}, "the notebook")
        if set(reply) != set(names) or not all(type(v) is dict for v in reply.values()):
            self._lost("the notebook answered a question about its names with something else")
            raise BoundaryError(self.dead)
        return reply

    def bind(self, name: str, value) -> None:
        self._expect_ok(self.ask({"op": "bind", "name": name, "value": value}, f"the student's name {name!r}"))

    def unbind(self, name: str) -> None:
        self._expect_ok(self.ask({"op": "unbind", "name": name}, f"the student's name {name!r}"))

    def _expect_ok(self, reply):
        if reply.get("kind") not in ("ok", "missing"):
            self._lost("the notebook did not take a name the test set")
            raise BoundaryError(self.dead)


class StudentFunction:
    """Stands in for a student's function in a test: each call runs in the sandbox."""

    def __init__(self, snapshot: Snapshot, handle: int, name: str):
        self._snapshot, self._handle, self.__name__ = snapshot, handle, name
        snapshot.handles[id(self)] = handle

    def __repr__(self):
        return f"<the student's function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        what = f"the student's {self.__name__}"
        reply = self._snapshot.ask({"op": "call", "handle": self._handle, "args": list(args), "kwargs": kwargs}, what)
        kind = reply.get("kind")
        if kind == "return" and type(reply.get("data")) is bytes:
            try:
                return codec.decode(reply["data"])
            except codec.DecodeError as err:
                raise BoundaryError(f"{what} returned something that is not plain data ({err})") from None
        if kind == "raised" and type(reply.get("type")) is str and type(reply.get("message")) is str:
            raise _exception(reply["type"], reply["message"])
        if kind == "unreadable" and type(reply.get("why")) is str:
            raise BoundaryError(f"{what} returned something that is not plain data: {reply['why'][:300]}")
        raise BoundaryError(f"{what} could not be called ({str(reply.get('why', ''))[:200]})")


def _exception(name: str, message: str) -> BaseException:
    """The judge's own exception for one a student's function raised."""
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, (StopIteration,)):
        try:
            return cls(message)
        except TypeError:
            pass
    return StudentError(f"{name}: {message}")


class JudgeNamespace(dict):
    """A test cell's namespace. Deleting or rebinding one of the student's names
    (nbgrader's ``orig = squares; del squares``) does it in the student's snapshot too."""

    snapshot: Snapshot | None = None
    mirrored: frozenset = frozenset()

    def __setitem__(self, name, value):
        dict.__setitem__(self, name, value)
        if name in self.mirrored:
            self.snapshot.bind(name, value)

    def __delitem__(self, name):
        dict.__delitem__(self, name)
        if name in self.mirrored:
            self.snapshot.unbind(name)


class _Output(io.TextIOBase):
    def __init__(self, limit: int):
        self.parts, self.size, self.limit = [], 0, limit

    def write(self, text):
        if self.size < self.limit:
            self.parts.append(text[: self.limit - self.size])
        self.size += len(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts) + ("\n[output truncated: over the limit]\n" if self.size > self.limit else "")


def _on_alarm(signum, frame):
    raise JudgeTimeout()


class NotebookJudge:
    """Grades one notebook: runs its cells in a sandbox process, its tests here."""

    def __init__(self, sandbox, job: dict):
        self.sandbox, self.job = sandbox, job
        self.cells = job["cells"]
        self.limits = job["limits"]
        self.results: list = [None] * len(self.cells)
        self.boundary: list[str] = []
        self.failed: list[str] = []  # tests that failed on the answer (an assertion, the student's error)
        self.notes: list[str] = []
        self.stopped: str | None = None
        self.stop_at = len(self.cells)
        self.deadline = 0.0
        self.line_pid = None

    def kill(self, pid):
        self.sandbox.kill(pid)

    def _label(self, i: int) -> str:
        cell = self.cells[i]
        kind = {"student": "answer cell", "locked": "locked cell", "test": "test cell"}[cell["role"]]
        return f"{kind} {cell['grade_id']}" if cell.get("grade_id") else f"code cell {i + 1}"

    # -- the plan --------------------------------------------------------------------
    def plan(self):
        owned: set = set()
        self.wanted: dict[int, list[str]] = {}
        for i, cell in enumerate(self.cells):
            if cell["role"] in ("locked", "test"):
                try:
                    names = cell_names(cell["source"])
                except SyntaxError:
                    continue
                wanted = student_names(cell["source"], owned, names)
                owned |= names.binds
                if wanted:
                    self.wanted[i] = wanted
        steps, self.channel = [], {}
        for i, cell in enumerate(self.cells):
            if i in self.wanted:
                self.channel[i] = len(self.channel)
                steps.append(["snapshot", i, self.channel[i]])
            if cell["role"] == "test":
                steps.append(["quiet", i, cell.get("released") or ""])
            else:
                steps.append(["cell", i, cell["source"]])
        files = {rel: base64.b64decode(data) for rel, data in self.job.get("files", {}).items()}
        return {"files": files, "steps": steps, "quiet_s": self.limits["cell_timeout_s"] / 2}

    # -- the student's cells ------------------------------------------------------------
    def run(self) -> dict:
        plan = self.plan()
        started = time.monotonic()
        self.notebook_deadline = started + self.limits["notebook_timeout_s"]
        plan_r, plan_w = os.pipe()
        out_r, out_w = os.pipe()
        theirs, ours = [plan_r, out_w], []
        for _ in self.channel:
            req_r, req_w = os.pipe()
            resp_r, resp_w = os.pipe()
            theirs += [req_r, resp_w]
            ours.append((req_w, resp_r))
        try:
            self.line_pid = self.sandbox.start_notebook(theirs)
        finally:
            for fd in theirs:
                os.close(fd)
        snapshots = {i: Snapshot(self, i, *ours[k]) for i, k in self.channel.items()}
        try:
            if self.line_pid is None:
                self._stop(0, "the sandbox could not start this notebook")
            else:
                self._send_plan(plan_w, codec.encode(plan))
                self._collect(out_r, snapshots)
                self.sandbox.prune([s.pid for s in snapshots.values() if s.pid is not None])
            self._judge(snapshots)
        finally:
            for fd in [plan_w, out_r] + [fd for pair in ours for fd in pair]:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.sandbox.end_notebook()
        return {"cells": self.results, "stopped": self.stopped, "boundary": self.boundary, "notes": self.notes,
                "failed": self.failed}

    def _send_plan(self, fd, payload: bytes):
        os.set_blocking(fd, False)
        view = memoryview(codec.frame(payload))
        deadline = time.monotonic() + 60
        try:
            while view and time.monotonic() < deadline:
                _, ready, _ = select.select([], [fd], [], 1.0)
                if ready:
                    view = view[os.write(fd, view):]
        except OSError:
            pass
        os.close(fd)

    def _stop(self, position: int, why: str):
        if self.stopped is None:
            self.stopped, self.stop_at = why, position

    def _collect(self, out_r: int, snapshots: dict):
        """Read the student's cells' results, in order, until every cell ran or the run stopped."""
        expected = list(range(len(self.cells)))  # every cell reports, a test's released part too
        nxt = 0
        limit = self.limits["output_chars"] * 8 + 1_000_000
        cell_timeout = self.limits["cell_timeout_s"]
        deadline = min(time.monotonic() + cell_timeout, self.notebook_deadline)
        reader = _FrameReader(out_r)
        while True:
            where = expected[nxt] if nxt < len(expected) else len(self.cells) - 1
            label = self._label(where)
            try:
                data = reader.read(deadline, limit)
            except TimeoutError:
                which = "the notebook's time limit" if deadline >= self.notebook_deadline else \
                    f"the time limit of {cell_timeout:g} s per cell"
                self._stop(where, f"{label} ran past {which}")
                break
            except OverflowError:
                self._stop(where, f"{label} printed more than the output limit")
                break
            if data is None:
                self._stop(where, f"the notebook's Python process stopped in {label} "
                                  "(it exited, was killed, or ran out of memory or CPU time)")
                break
            try:
                msg = codec.decode(data)
                if type(msg) is not dict:
                    raise codec.DecodeError("not a dict")
                if msg.get("done") is True and len(msg) == 1:
                    if nxt != len(expected):
                        raise codec.DecodeError("ended early")
                    return
                if "snapshot" in msg:
                    position, pid = msg.get("snapshot"), msg.get("pid")
                    if position not in snapshots or type(pid) is not int or snapshots[position].pid is not None:
                        raise codec.DecodeError("unknown snapshot")
                    snapshots[position].pid = pid
                    continue
                if nxt >= len(expected) or msg.get("pos") != expected[nxt]:
                    raise codec.DecodeError("a result out of order")
                if self.cells[expected[nxt]]["role"] == "test":
                    if msg != {"pos": expected[nxt], "quiet": True}:
                        raise codec.DecodeError("a test's result from the sandbox")
                else:
                    self.results[expected[nxt]] = _cell_result(msg)
                nxt += 1
                deadline = min(time.monotonic() + cell_timeout, self.notebook_deadline)
            except (codec.DecodeError, KeyError, TypeError, ValueError):
                self._stop(where, f"{label} wrote into the grader's channel, so its results cannot be trusted")
                break
        self.kill(self.line_pid)

    # -- the instructor's cells ---------------------------------------------------------
    def _judge(self, snapshots: dict):
        ns = JudgeNamespace(__name__="__main__", __builtins__=builtins)
        workdir = Path(tempfile.mkdtemp(prefix="m4d-judge-"))
        source = self.job.get("judge_files")
        if source and Path(source).is_dir():
            shutil.copytree(source, workdir, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
        here = os.getcwd()
        os.chdir(workdir)
        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        try:
            for i, cell in enumerate(self.cells):
                if cell["role"] == "student":
                    continue
                if i >= self.stop_at:
                    if cell["role"] == "test":
                        self.results[i] = {"ok": False, "out": [], "truncated": False,
                                           "error": ["NotRun", self.stopped, f"This test did not run: {self.stopped}"]}
                    continue
                if time.monotonic() >= self.notebook_deadline:
                    self._stop(i, f"the notebook ran past its time limit of {self.limits['notebook_timeout_s']:g} s")
                    self.stop_at = i
                    continue
                result = self._run_instructor_cell(i, cell, ns, snapshots.get(i))
                if cell["role"] == "test":
                    self.results[i] = result
                    if not result["ok"] and result["error"][0] not in ("BoundaryError", "TimeoutError"):
                        # The class only: a message may carry what the student's code raised.
                        self.failed.append(f"{cell.get('grade_id') or f'cell {i + 1}'} ({result['error'][0]})")
                elif not result["ok"]:
                    self.notes.append(f"the locked cell {cell.get('grade_id')} failed in the judge: "
                                      f"{result['error'][0]}: {result['error'][1][:200]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
            os.chdir(here)
            shutil.rmtree(workdir, ignore_errors=True)

    def _run_instructor_cell(self, i: int, cell: dict, ns: JudgeNamespace, snapshot: Snapshot | None) -> dict:
        label = cell.get("grade_id") or f"cell {i + 1}"
        out = _Output(self.limits["output_chars"])
        error = None
        self.deadline = min(time.monotonic() + self.limits["cell_timeout_s"], self.notebook_deadline)
        ns.snapshot, ns.mirrored = snapshot, frozenset()
        stdout, stderr = sys.stdout, sys.stderr
        try:
            code = compile(cell["source"], f"<{cell['role']} cell {label}>", "exec")
            if snapshot is not None:
                # Every one of the student's names again, from this cell's snapshot: a copy or
                # stand-in an earlier cell got shows the student's state at that earlier cell.
                self._fetch(ns, snapshot, self.wanted[i])
            sys.stdout = sys.stderr = out
            signal.setitimer(signal.ITIMER_REAL, max(self.deadline - time.monotonic(), 0.001))
            exec(code, ns)
        except BoundaryError as err:
            error = ["BoundaryError", str(err), f"The judge could not get a plain answer: {err}"]
            self.boundary.append(f"{label}: {err}")
        except JudgeTimeout:
            why = f"the test ran past its time limit of {self.limits['cell_timeout_s']:g} s"
            error = ["TimeoutError", why, why]
            self.boundary.append(f"{label}: {why}")
        except BaseException as err:  # the test's own verdict (AssertionError ...) or its own error
            line = _line_of(err, cell["source"])
            error = [type(err).__name__, str(err)[:2000], f"{type(err).__name__}: {str(err)[:2000]}{line}"]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr = stdout, stderr
            ns.snapshot, ns.mirrored = None, frozenset()
        text = out.text()
        return {"ok": error is None, "out": [["stdout", text]] if text else [], "error": error, "truncated": False}

    def _fetch(self, ns: JudgeNamespace, snapshot: Snapshot, names: list[str]):
        """Put the student's names into the test's namespace: plain copies and stand-ins."""
        if not names:
            return
        mirrored = set()
        for name, what in snapshot.lookup(names).items():
            kind = what.get("kind")
            if kind == "missing":
                dict.pop(ns, name, None)
                continue
            if kind == "value" and type(what.get("data")) is bytes:
                try:
                    value = codec.decode(what["data"])
                except codec.DecodeError as err:
                    raise BoundaryError(f"the value of {name} could not be read ({err})") from None
            elif kind == "callable" and type(what.get("handle")) is int:
                value = StudentFunction(snapshot, what["handle"], name)
            elif kind == "module" and _importable(what.get("name")):
                value = importlib.import_module(what["name"])
            elif kind == "unreadable" and type(what.get("why")) is str:
                raise BoundaryError(f"the value of {name} could not be read: {what['why'][:300]}")
            else:
                raise BoundaryError(f"the value of {name} could not be read")
            dict.__setitem__(ns, name, value)
            mirrored.add(name)
        ns.mirrored = frozenset(mirrored)


def _line_of(err: BaseException, source: str) -> str:
    tb = err.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith(("<test cell", "<locked cell")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f" (line {line})" if line else ""


def _cell_result(msg: dict) -> dict:
    """A student cell's result as the sandbox sent it, checked field by field."""
    out = msg.get("out")
    if type(out) is not list or not all(type(o) is list and len(o) == 2 and o[0] in ("stdout", "stderr")
                                        and type(o[1]) is str for o in out):
        raise codec.DecodeError("bad outputs")
    error = msg.get("error")
    if error is not None and (type(error) is not list or len(error) != 3 or not all(type(e) is str for e in error)):
        raise codec.DecodeError("bad error")
    if type(msg.get("ok")) is not bool or type(msg.get("truncated")) is not bool:
        raise codec.DecodeError("bad flags")
    return {"ok": msg["ok"], "out": out, "error": error, "truncated": msg["truncated"]}


class _FrameReader:
    def __init__(self, fd: int):
        self.fd, self.buffer = fd, b""

    def read(self, deadline: float, limit: int):
        while True:
            if len(self.buffer) >= 4:
                size = int.from_bytes(self.buffer[:4], "little")
                if size > limit:
                    raise OverflowError
                if len(self.buffer) >= 4 + size:
                    data, self.buffer = self.buffer[4:4 + size], self.buffer[4 + size:]
                    return data
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk


# -- the judge process ------------------------------------------------------------------

def main() -> None:
    from m4d.grading.sandbox import Limits, Sandbox, SandboxUnavailable
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # what instructor code prints never mixes with the results
    builtins.display = lambda *objs, **kwargs: [print(repr(o)) for o in objs] and None
    sandbox, key = None, None
    for line in sys.stdin:
        job = json.loads(line)
        wanted = (tuple(job.get("preload", ())), json.dumps(job["limits"], sort_keys=True), bool(job.get("fresh")),
                  tuple(job.get("private", ())))
        try:
            if sandbox is None or wanted != key:
                if sandbox is not None:
                    sandbox.close()
                limits = Limits(**{k: v for k, v in job["limits"].items() if k in Limits.__dataclass_fields__})
                sandbox, key = Sandbox(limits=limits, preload=wanted[0], fresh=wanted[2], private=wanted[3]), wanted
                sandbox.warm_up()  # the sandbox loads its libraries while this judge loads its own
                for name in wanted[0]:
                    try:
                        importlib.import_module(name)
                    except Exception:
                        pass
                # The libraries' objects are never collected: a full collection no longer
                # walks them while a test waits for a student's function.
                gc.collect()
                gc.freeze()
            result = NotebookJudge(sandbox, job).run()
        except SandboxUnavailable as err:
            result = {"unavailable": str(err)}
            sandbox = None
        channel.write(json.dumps(result) + "\n")
        channel.flush()
    if sandbox is not None:
        sandbox.close()


class JudgeClient:
    """The grading worker's side: one judge process, restarted when it stops."""

    def __init__(self):
        self.proc = None

    def grade(self, job: dict, timeout: float) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
            debug = os.environ.get("M4D_SANDBOX_DEBUG")
            self.proc = subprocess.Popen([sys.executable, "-m", "m4d.grading.judge"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=None if debug else subprocess.DEVNULL,
                                         env=env, start_new_session=True)
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            self.close()
            return {"lost": "the judge stopped before it got the notebook"}
        fd = self.proc.stdout.fileno()
        line = b""
        deadline = time.monotonic() + timeout
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                self.close()
                return {"lost": f"the judge did not finish within {timeout:g} s"}
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                self.close()
                return {"lost": "the judge stopped while grading this notebook"}
            line += chunk
        return json.loads(line)

    def finish(self):
        """Let the judge close its sandbox and end (its processes' CPU time is then accounted)."""
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
                self.proc = None
            except (OSError, subprocess.TimeoutExpired):
                self.close()

    def close(self):
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                pass
            self.proc.wait()
            self.proc = None


if __name__ == "__main__":
    main()
