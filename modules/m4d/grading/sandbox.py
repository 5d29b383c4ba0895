"""Run a student's notebook cells inside a bubblewrap sandbox.

The sandbox sees a read-only Python (the interpreter, the virtual environment and
the m4d toolbox with its public course data), an empty private /tmp, no network
(its own network namespace), its own process namespace, and nothing of the
course folder: not source/, not the gradebook, not the other students'
submissions, not release/ or autograded/. When the grader is root, the sandbox
runs as an unprivileged uid of its own (one per parallel worker, so the process
limit of one worker cannot starve another); otherwise it runs in an unprivileged
user namespace as the grader's own uid, seeing only what is listed above.

Limits: CPU seconds, address space (memory), file size, open files, processes
(through the uid's process limit), wall time per cell and per notebook, and the
size of what a cell may print.

:class:`Sandbox` keeps one zygote process running per worker; each notebook is a
fresh fork of it. See README.md in this folder for the threat model.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import select
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from m4d.errors import InputError

RUNNER = Path(__file__).with_name("sandbox_runner.py")
STARTUP_TIMEOUT_S = 300.0  # loading numpy, pandas, scipy, ... on a very busy machine


@dataclass
class Limits:
    """What one notebook may use. Defaults suit the course's assignments."""

    cell_timeout_s: float = 60.0
    notebook_timeout_s: float = 300.0
    cpu_s: int = 240
    memory_bytes: int = 3 * 1024**3
    file_bytes: int = 64 * 1024**2
    processes: int = 64
    output_chars: int = 200_000


@dataclass
class CellResult:
    """What the sandbox reported for one cell, after the nonce was checked."""

    ok: bool
    outputs: list = field(default_factory=list)  # [["stdout"|"stderr", text], ...]
    error: list | None = None  # [exception name, message, line]
    truncated: bool = False


@dataclass
class NotebookRun:
    results: list  # CellResult per cell sent, None for cells never run
    stopped: str | None = None  # why the run ended early, in plain words


def bwrap_available() -> bool:
    return shutil.which("bwrap") is not None


def _readable_roots() -> list[Path]:
    """The folders the sandbox needs to run the course's Python, read-only."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sysconfig.get_paths()["stdlib"]).parent,
             Path(os.path.realpath(sys.executable)).parent.parent}
    # Package folders outside the prefix (the workshop hub's shared environment loads the
    # course environment's through a .pth file); only site-packages, never the working folder.
    roots.update(Path(p) for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir())
    import m4d
    package = Path(m4d.__file__).resolve().parent
    roots.add(package.parent)
    data = (package / "datasets").resolve()
    roots.add(data)
    system = [Path(p) for p in ("/usr", "/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime",
                                "/etc/passwd", "/etc/group", "/etc/ssl") if Path(p).exists()]
    out = []
    for root in sorted(roots | set(system), key=lambda p: len(p.parts)):
        if not any(root == o or o in root.parents for o in out):
            out.append(root)
    return out


def bwrap_command(uid: int | None, limits: Limits) -> list[str]:
    """The bubblewrap command line that starts the zygote."""
    privileged = os.geteuid() == 0
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
           "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading",
           "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp", "--perms", "1777", "--dir", "/tmp/work"]
    if not privileged:
        cmd += ["--unshare-user", "--uid", str(os.getuid()), "--gid", str(os.getgid())]
    made = {Path("/"), Path("/tmp"), Path("/proc"), Path("/dev")}
    for root in _readable_roots():
        for parent in reversed(root.parents):
            if parent not in made:
                cmd += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        cmd += ["--ro-bind", str(root), str(root)]
        made.add(root)
    for link, target in (("/bin", "usr/bin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/sbin", "usr/sbin")):
        if Path(link).is_symlink() and Path(link) not in made:
            cmd += ["--symlink", target, link]
    cmd += ["--chdir", "/tmp/work", "--setenv", "HOME", "/tmp/work", "--setenv", "MPLBACKEND", "Agg",
            "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
            "--setenv", "MKL_NUM_THREADS", "1", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--setenv", "PYTHONHASHSEED", "0", "--setenv", "NBGRADER_EXECUTION", "autograde", *(["--setenv", "M4D_SANDBOX_DEBUG", "1"] if os.environ.get("M4D_SANDBOX_DEBUG") else []), "--unsetenv", "PYTHONPATH"]
    python = [str(Path(sys.prefix) / "bin" / "python"), "-X", "frozen_modules=on", "-I", "-S", str(RUNNER)]
    python = [str(Path(sys.prefix) / "bin" / "python"), "-I", str(RUNNER)]
    if privileged and uid is not None:
        cmd += ["--cap-add", "CAP_SETUID,CAP_SETGID", "--", "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                f"prlimit", f"--nproc={limits.processes}", "--"] + python
        cmd[cmd.index("prlimit")] = shutil.which("prlimit") or "/usr/bin/prlimit"
    else:
        cmd += ["--"] + python
    return cmd


UID_SPAN = 1000


def uid_claims_dir() -> Path:
    """Where sandbox uids are claimed: a folder only root writes, made by root.

    Only a grader running as root gives sandboxes uids of their own (it is the
    only one who can), so the claims live in root's own runtime folder, never in
    a machine-wide folder under /tmp that whoever came first would own.
    M4D_SANDBOX_UID_DIR overrides it (tests).
    """
    override = os.environ.get("M4D_SANDBOX_UID_DIR")
    if override:
        return Path(override)
    return Path("/run/m4d-sandbox-uids") if Path("/run").is_dir() else Path("/var/tmp/m4d-sandbox-uids-root")


def claim_sandbox_uid(uid_base: int = 64000):
    """Claim a sandbox uid that no other sandbox on this machine is using.

    The process limit (RLIMIT_NPROC) counts every process of a uid, and the sandbox
    kills whatever its uid leaves behind; two graders sharing a uid would starve or
    kill each other's kernels. An exclusive lock on one file per uid, held for the
    sandbox's life and released by the kernel if the grader dies, keeps each uid to
    one sandbox. Returns the uid and the open lock file.
    """
    import fcntl

    folder = uid_claims_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        start = os.getpid() % UID_SPAN
        for step in range(UID_SPAN):
            uid = uid_base + (start + step) % UID_SPAN
            handle = open(folder / f"{uid}.lock", "a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            return uid, handle
    except OSError as err:
        raise InputError(f"the sandbox cannot claim a uid: {err.filename or folder} cannot be written by "
                         f"this grader ({err.strerror}). Set M4D_SANDBOX_UID_DIR to a folder you may write, "
                         "or remove the folder so that it is made again.") from None
    raise InputError(f"All {UID_SPAN} sandbox identities are in use: fewer graders at once, or fewer --jobs.")


def sandbox_identity(uid_base: int = 64000):
    """The uid a new sandbox runs as, and the claim that holds it (None, None without root).

    Without root the sandbox runs as the grader's own uid in a user namespace:
    there is no machine-wide identity to claim, so nothing root made is in the way.
    """
    if os.geteuid() != 0:
        return None, None
    return claim_sandbox_uid(uid_base)


class Sandbox:
    """One long-lived sandbox (a zygote) that runs notebooks one after another."""

    def __init__(self, worker: int | None = None, limits: Limits | None = None, uid_base: int = 64000,
                 preload: tuple[str, ...] = ()):
        """preload: modules the assignment imports, loaded before any student code runs.

        worker: a fixed offset from uid_base; by default the sandbox claims a uid that
        no other sandbox on this machine holds (see :func:`claim_sandbox_uid`).
        """
        self.preload = tuple(m for m in preload if all(part.isidentifier() for part in m.split(".")))
        if not bwrap_available():
            raise InputError("bubblewrap (bwrap) is not installed: install the Debian package "
                             "'bubblewrap' (listed in system-packages/test.txt) to grade safely.")
        self.limits = limits or Limits()
        if worker is None:
            self.uid, self._uid_claim = sandbox_identity(uid_base)
        else:
            self.uid, self._uid_claim = uid_base + worker, None
        self._start()

    def _start(self) -> None:
        ctl_in_r, ctl_in_w = os.pipe()
        ctl_out_r, ctl_out_w = os.pipe()
        cells_r, cells_w = os.pipe()
        res_r, res_w = os.pipe()
        cmd = bwrap_command(self.uid, self.limits)
        at = cmd.index("--chdir")
        cmd[at:at] = ["--setenv", "M4D_FD_CELLS", str(cells_r), "--setenv", "M4D_FD_RESULTS", str(res_w),
                      "--setenv", "M4D_PRELOAD", ",".join(self.preload)]
        self.proc = subprocess.Popen(cmd, stdin=ctl_in_r, stdout=ctl_out_w,
                                     stderr=None if os.environ.get("M4D_SANDBOX_DEBUG") else subprocess.DEVNULL, pass_fds=(cells_r, res_w),
                                     close_fds=True)
        for fd in (ctl_in_r, ctl_out_w, cells_r, res_w):
            os.close(fd)
        self.ctl_w, self.ctl_r, self.cells_w, self.res_r = ctl_in_w, ctl_out_r, cells_w, res_r
        self._buffer = {ctl_out_r: b"", res_r: b""}
        self._ready = False

    def _wait_ready(self) -> bool:
        """Wait until the zygote has loaded its libraries (not counted in any cell's time)."""
        if not self._ready:
            line = self._readline(self.ctl_r, time.monotonic() + STARTUP_TIMEOUT_S, 1 << 16)
            self._ready = line is not None and b'"ready"' in line
        return self._ready

    def close(self) -> None:
        try:
            os.write(self.ctl_w, b"quit\n")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self.ctl_w, self.ctl_r, self.cells_w, self.res_r):
            try:
                os.close(fd)
            except OSError:
                pass
        if self._uid_claim is not None:
            self._uid_claim.close()
            self._uid_claim = None

    def _readline(self, fd: int, deadline: float, limit: int, watch: int | None = None) -> bytes | None:
        while b"\n" not in self._buffer[fd]:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd] + ([watch] if watch is not None else []), [], [], left)
            if not ready:
                return None
            if fd not in ready:  # the zygote reports that the notebook's process ended
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self._buffer[fd] += chunk
            if len(self._buffer[fd]) > limit:
                self._buffer[fd] = b""
                raise OverflowError("the notebook wrote more than the output limit")
        line, _, rest = self._buffer[fd].partition(b"\n")
        self._buffer[fd] = rest
        return line

    def _send(self, fd: int, data: bytes) -> bool:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            return True
        except (BrokenPipeError, OSError):
            return False

    def run_notebook(self, cells: list[tuple[str, bool]], files: dict[str, bytes] | None = None) -> NotebookRun:
        """Run cells (source, is_test) in a fresh fork; return one result per cell."""
        if self.proc.poll() is not None:
            self._start()
        if not self._wait_ready():
            self.proc.kill()
            self.proc.wait()
            self.close()
            self._start()
            return NotebookRun(results=[None] * len(cells),
                               stopped=f"the sandbox did not start within {STARTUP_TIMEOUT_S:g} s")
        limits = self.limits
        nonce = secrets.token_hex(16)
        job = {"op": "notebook", "wall": limits.notebook_timeout_s + 5,
               "limits": {"cpu_s": limits.cpu_s, "memory_bytes": limits.memory_bytes,
                          "file_bytes": limits.file_bytes, "output_chars": limits.output_chars}}
        self._buffer[self.res_r] = b""
        if not self._send(self.ctl_w, (json.dumps(job) + "\n").encode()):
            self._start()
            return self.run_notebook(cells, files)
        start = {"nonce": nonce, "files": {k: base64.b64encode(v).decode() for k, v in (files or {}).items()}}
        self._send(self.cells_w, (json.dumps(start) + "\n").encode())
        results: list = [None] * len(cells)
        stopped = None
        notebook_deadline = time.monotonic() + limits.notebook_timeout_s
        for seq, (source, is_test) in enumerate(cells):
            if not self._send(self.cells_w, (json.dumps({"seq": seq, "source": source, "test": is_test}) + "\n").encode()):
                stopped = f"the notebook's Python process stopped before cell {seq + 1}"
                break
            deadline = min(time.monotonic() + limits.cell_timeout_s, notebook_deadline)
            try:
                line = self._readline(self.res_r, deadline, limits.output_chars * 8 + 100_000, watch=self.ctl_r)
            except OverflowError:
                stopped = f"cell {seq + 1} printed more than the output limit"
                break
            if line is None:
                if time.monotonic() >= deadline:
                    which = "the notebook's time limit" if deadline == notebook_deadline else \
                        f"the time limit of {limits.cell_timeout_s:g} s per cell"
                    stopped = f"cell {seq + 1} ran past {which}"
                else:
                    stopped = f"the notebook's Python process stopped in cell {seq + 1} " \
                              "(it exited, was killed, or ran out of memory or CPU time)"
                break
            try:
                msg = json.loads(line)
                if not isinstance(msg, dict) or msg.get("nonce") != nonce or msg.get("seq") != seq:
                    raise ValueError
            except ValueError:
                stopped = f"cell {seq + 1} wrote into the grader's channel, so its results cannot be trusted"
                break
            results[seq] = CellResult(ok=bool(msg.get("ok")), outputs=list(msg.get("out") or []),
                                      error=msg.get("error"), truncated=bool(msg.get("truncated")))
        if stopped:
            # A notebook that ended early may leave half-read messages behind:
            # start a fresh sandbox rather than let the next student meet them.
            self.proc.kill()
            self.proc.wait()
            self.close()
            self._start()
        else:
            self._send(self.cells_w, b'{"op": "end"}\n')
            if self._readline(self.ctl_r, time.monotonic() + 30, 1 << 20) is None:
                self.proc.kill()
                self.proc.wait()
                self.close()
                self._start()
        return NotebookRun(results=results, stopped=stopped)
