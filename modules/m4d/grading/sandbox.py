"""The sandbox where students' code runs: bubblewrap, a clean template, one process per notebook.

The sandbox sees a read-only Python (the interpreter, the virtual environment and
the m4d toolbox with its public course data), an empty private /tmp, no network
(its own network namespace), its own process and IPC namespaces, and nothing of
the course folder: not source/, not the gradebook, not the other students'
submissions, not release/ or autograded/.

Inside it runs :mod:`m4d.grading.sandbox_runner`: a *template* process that has
loaded the assignment's libraries and never runs student code. For each notebook
the template forks the student's process, which drops to the notebook's own uid
(when the grader is root; an unprivileged uid of 64000-64999 claimed by this
grader alone) and runs the notebook's cells; the template itself is root inside
the sandbox with only the capabilities it needs to do that and to clean up, and is
non-dumpable, so no student process can read or write its memory, ptrace it or
signal it. After each notebook the template kills every other process in the
sandbox and empties /tmp, /dev/shm and System V IPC. Without root the sandbox runs
in a user namespace as the grader's uid; the template is non-dumpable there too.
With ``fresh=True`` (``M4D_SANDBOX_FRESH=1``) every notebook gets a new sandbox
instead, at the cost of loading the libraries each time.

Limits: CPU seconds, address space (memory), file size, open files, processes,
wall time per cell and per notebook (enforced by the judge), and the size of what
a cell may print.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

from m4d.errors import InputError

RUNNER = Path(__file__).with_name("sandbox_runner.py")
STARTUP_TIMEOUT_S = 300.0  # loading numpy, pandas, scipy, ... on a very busy machine
TEMPLATE_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_IPC_OWNER")


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
    roots.add((package / "datasets").resolve())
    system = [Path(p) for p in ("/usr", "/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime",
                                "/etc/passwd", "/etc/group", "/etc/ssl") if Path(p).exists()]
    out = []
    for root in sorted(roots | set(system), key=lambda p: len(p.parts)):
        if not any(root == o or o in root.parents for o in out):
            out.append(root)
    return out


def bwrap_command(control_fd: int, preload: tuple[str, ...] = ()) -> list[str]:
    """The bubblewrap command line that starts the template."""
    privileged = os.geteuid() == 0
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
           "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading",
           "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp"]
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
    env = {"HOME": "/tmp/work", "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
           "NBGRADER_EXECUTION": "autograde", "M4D_FD_CONTROL": str(control_fd), "M4D_PRELOAD": ",".join(preload)}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    cmd += ["--unsetenv", "PYTHONPATH", "--chdir", "/tmp"]
    if privileged:
        for cap in TEMPLATE_CAPS:
            cmd += ["--cap-add", cap]
    return cmd + ["--", str(Path(sys.prefix) / "bin" / "python"), "-I", str(RUNNER)]


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
    kill each other's notebooks. An exclusive lock on one file per uid, held for the
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


def _own_processes() -> int:
    """How many processes this uid has now (RLIMIT_NPROC counts them all)."""
    me = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == me:
                    count += 1
            except OSError:
                pass
    return count


class SandboxUnavailable(InputError):
    """The sandbox cannot start on this machine: not the student's fault."""


class Sandbox:
    """One sandbox with a clean template that forks a process per notebook."""

    def __init__(self, limits: Limits | None = None, preload: tuple[str, ...] = (), fresh: bool | None = None,
                 uid_base: int = 64000):
        """preload: modules the assignment imports, loaded by the template before any student code."""
        if not bwrap_available():
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed: install the Debian package "
                                     "'bubblewrap' (listed in system-packages/test.txt and hub.txt) to grade safely")
        self.preload = tuple(m for m in preload if all(part.isidentifier() for part in m.split(".")))
        self.limits = limits or Limits()
        self.fresh = bool(os.environ.get("M4D_SANDBOX_FRESH")) if fresh is None else fresh
        self.uid, self._uid_claim = sandbox_identity(uid_base)
        self.proc = None
        self.control = None
        self.notebooks = 0

    def _start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        cmd = bwrap_command(theirs.fileno(), self.preload)
        debug = os.environ.get("M4D_SANDBOX_DEBUG")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=None if debug else subprocess.DEVNULL,
                                     stderr=None if debug else subprocess.DEVNULL, pass_fds=(theirs.fileno(),),
                                     start_new_session=True)
        theirs.close()
        self.control = ours
        reply = self._receive(STARTUP_TIMEOUT_S)
        if reply.get("op") != "ready":
            self.close()
            raise SandboxUnavailable(f"the sandbox did not start within {STARTUP_TIMEOUT_S:g} s "
                                     "(run with M4D_SANDBOX_DEBUG=1 to see why)")

    def _receive(self, timeout: float) -> dict:
        self.control.settimeout(timeout)
        try:
            data = self.control.recv(1 << 16)
        except (OSError, socket.timeout):
            return {}
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def _ask(self, message: dict, fds=(), timeout: float = 30.0) -> dict:
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
        except OSError:
            return {}
        return self._receive(timeout)

    def start_notebook(self, fds: list[int]) -> int | None:
        """Fork the student's process for one notebook with these pipe ends; its pid (inside)."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        limits = self.limits
        processes = limits.processes if self.uid is not None else _own_processes() + limits.processes
        reply = self._ask({"op": "notebook", "uid": self.uid,
                           "limits": {"cpu_s": limits.cpu_s, "memory_bytes": limits.memory_bytes,
                                      "file_bytes": limits.file_bytes, "processes": processes}}, fds)
        if reply.get("op") != "started":
            self.close()
            return None
        self.notebooks += 1
        return reply.get("pid")

    def kill(self, pid: int | None) -> None:
        """Kill one process of the running notebook (its uid is checked inside)."""
        if pid is not None and self.control is not None and self._ask({"op": "kill", "pid": pid, "uid": self.uid}) \
                .get("op") != "killed":
            self.close()

    def prune(self, keep: list[int]) -> None:
        """Kill every process of the notebook but these (its snapshots)."""
        if self.control is not None and self._ask({"op": "prune", "keep": keep}).get("op") != "pruned":
            self.close()

    def end_notebook(self) -> None:
        """Kill what is left of the notebook and empty /tmp, before the next one."""
        if self.control is None:
            return
        if self.fresh or self._ask({"op": "end"}, timeout=60.0).get("op") != "clean":
            self.close(keep_uid=True)

    def close(self, keep_uid: bool = False) -> None:
        if self.control is not None and self.proc is not None and self.proc.poll() is None:
            # Let the template clean up and exit, so its processes' CPU time is accounted.
            if self._ask({"op": "end"}, timeout=5.0).get("op") == "clean":
                try:
                    self.control.send(b'{"op": "quit"}')
                    self.proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
        if self.control is not None:
            try:
                self.control.close()
            except OSError:
                pass
            self.control = None
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                pass
            self.proc.wait()
            self.proc = None
        if not keep_uid and self._uid_claim is not None:
            self._uid_claim.close()
            self._uid_claim = None


def wait_readable(fd: int, deadline: float) -> bool:
    """Wait until fd has data (or its writer closed it) or the deadline passes."""
    import select
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            return True
