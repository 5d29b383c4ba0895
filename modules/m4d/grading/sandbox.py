"""The sandbox where students' code runs: bubblewrap, and namespaces of its own for every notebook.

The sandbox sees a read-only Python (the interpreter, the virtual environment and
the m4d toolbox with its public course data), an empty private /tmp, no network
(its own network namespace), its own process and IPC namespaces, and nothing of
the course folder: not source/, not the gradebook, not the other students'
submissions, not release/ or autograded/.

Inside it runs :mod:`m4d.grading.sandbox_runner`: a *template* process that has
loaded the assignment's libraries and never runs student code. It forks each
notebook into namespaces of the notebook's own (mount, PID, IPC, UTS) with a new
/proc, an empty /tmp and /dev/shm; there the notebook's first process (pid 1 of
its namespace, root and non-dumpable like the template) forks the student's
process, which drops to the notebook's own uid (when the grader is root: an
unprivileged uid of 64000-64999 claimed by this grader alone, a different one from
the notebook graded just before) and to no capability, and runs the notebook's
cells. The template is root inside the sandbox with only the capabilities it needs
for that and to clean up, and is non-dumpable; it is not in any notebook's PID
namespace, so no student process can name it, signal it, ptrace it, or read or write
its memory. Without root the sandbox runs in a user namespace as the grader's uid;
the template and each notebook's first process are non-dumpable there too, and the
student's process holds no capability.

Two modes:

- **forked** (the default; ``fresh=False``, M4D_SANDBOX_FRESH unset or 0): one
  bubblewrap sandbox per grading worker, whose template forks every notebook as
  above. When the notebook ends, its namespace's first process is killed, which
  ends every process of the notebook; its /tmp, /dev/shm and System V IPC go with
  its namespaces. What outlives a notebook is the template (which no notebook can
  reach) and the read-only view of the machine. A fork costs about 15 ms, where
  loading numpy and pandas in a new interpreter costs about half a CPU-second.
- **fresh** (``fresh=True``, M4D_SANDBOX_FRESH=1): every notebook gets a bubblewrap
  sandbox of its own, with its own namespaces, /tmp, template and uid claim; when
  the notebook ends its template exits, which ends the PID namespace and every
  process in it, and the uid is freed only once bubblewrap has exited. The next
  notebook's sandbox is started while the current notebook is graded (at most
  ``spares``, default 2, M4D_SANDBOX_SPARES, per grading worker). A spare has never
  run student code, and a sandbox that has served a notebook is never used again.
  Closing the :class:`Sandbox` (or leaving its ``with`` block, an error or Ctrl-C
  included) ends the spares too; if the grader itself dies, bubblewrap's
  --die-with-parent ends them and the kernel frees their uid locks.

What the sandbox shows of the machine is its readable roots, read-only at their own
paths: when the Python environment lives under /tmp (a clean clone in /tmp/cc), it is
seen there under the sandbox's private /tmp; that is public code. A root that would show
the course folder itself (the hidden tests, the gradebook) is refused
(:func:`roots_showing`).

Limits: CPU seconds, address space (memory), file size, open files, processes,
wall time per cell and per notebook (enforced by the judge), and the size of what
a cell may print. Every wait is bounded: STARTUP_TIMEOUT_S for a template to be
ready, RETIRE_TIMEOUT_S for an ended sandbox to go.
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
# CAP_SYS_ADMIN makes each notebook's namespaces (mount, PID, IPC, UTS) and its /proc, /tmp and
# /dev/shm; the student's process keeps no capability (sandbox_runner._drop_capabilities).
TEMPLATE_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_IPC_OWNER",
                 "CAP_SYS_ADMIN")


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


def roots_showing(private) -> list[tuple[Path, Path]]:
    """(readable root, private folder) for each folder the sandbox would see through a root.

    The sandbox shows its readable roots at their own paths, under its private /tmp too
    when the course's clone lives there (a clean clone in /tmp/cc shows /tmp/cc/.venv and
    /tmp/cc/modules: public code). If a root held the course folder itself (the hidden
    tests in source/, the gradebook, other students' notebooks), the student could read them.
    """
    found = []
    for folder in private:
        folder = Path(os.path.realpath(folder))
        for root in _readable_roots():
            root = Path(os.path.realpath(root))
            if folder == root or root in folder.parents:
                found.append((root, folder))
    return found


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
    for cap in TEMPLATE_CAPS if privileged else ("CAP_SYS_ADMIN",):  # without root: in its user namespace
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


FRESH_OFF = ("0", "false", "no", "off")
FRESH_ON = ("1", "true", "yes", "on")
SPARES = 2  # fresh sandboxes started ahead, at most, per grading worker (M4D_SANDBOX_SPARES: 0-4)
MAX_SPARES = 4
RETIRE_TIMEOUT_S = 20.0  # an ended sandbox's clean-up (a fork bomb's sweep takes up to 10 s)


def spares_from_environment() -> int:
    """How many fresh sandboxes a worker starts ahead: M4D_SANDBOX_SPARES, else SPARES."""
    value = os.environ.get("M4D_SANDBOX_SPARES", "").strip()
    if not value:
        return SPARES
    if not value.isdigit() or int(value) > MAX_SPARES:
        raise SandboxUnavailable(f"M4D_SANDBOX_SPARES is {value!r}: it must be a whole number from 0 to {MAX_SPARES} "
                         "(how many sandboxes each grading worker starts ahead; each holds the assignment's "
                         "libraries in memory)")
    return int(value)


def fresh_from_environment() -> bool:
    """A new bubblewrap sandbox per notebook when M4D_SANDBOX_FRESH says 1 (or true, yes, on);
    unset, empty or 0 (false, no, off): the forked mode, the default.

    Both modes give every notebook its own PID, mount and IPC namespaces, /tmp and uid, so no
    process or file of one student's notebook survives into the next; the fresh mode also
    gives it its own template, at the price of loading the libraries again for every notebook.
    Any other value is refused with a message, so that a typing mistake never changes the mode."""
    value = os.environ.get("M4D_SANDBOX_FRESH", "").strip().lower()
    if value in FRESH_OFF + ("",):
        return False
    if value in FRESH_ON:
        return True
    raise SandboxUnavailable(f"M4D_SANDBOX_FRESH is {value!r}: use 1 for a new sandbox per notebook, or 0 (or leave it "
                             "unset) for the default, every notebook forked from one sandbox's clean template")


class _Box:
    """One bubblewrap sandbox: its process, its control socket and the uid it runs notebooks as.

    Started without waiting: the template loads the assignment's libraries while the
    grader does something else, and says "ready" when it may fork a notebook.
    """

    def __init__(self, preload: tuple[str, ...], uid, claim):
        self.uid, self.claim = uid, claim  # claim: the uid's lock when this box owns it, else None
        self.ready = False
        self.notebooks = 0
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        debug = os.environ.get("M4D_SANDBOX_DEBUG")
        try:
            self.proc = subprocess.Popen(bwrap_command(theirs.fileno(), preload), stdin=subprocess.DEVNULL,
                                         stdout=None if debug else subprocess.DEVNULL,
                                         stderr=None if debug else subprocess.DEVNULL, pass_fds=(theirs.fileno(),),
                                         start_new_session=True)
        except OSError as err:
            ours.close()
            self.release()
            raise SandboxUnavailable(f"bubblewrap could not be started: {err}") from None
        finally:
            theirs.close()
        self.control = ours
        self.started = time.monotonic()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.control is not None

    def wait_ready(self) -> bool:
        """Wait, at most until STARTUP_TIMEOUT_S after it was started, for the template's "ready"."""
        if not self.ready and self.control is not None:
            left = self.started + STARTUP_TIMEOUT_S - time.monotonic()
            self.ready = left > 0 and self.receive(left).get("op") == "ready"
        return self.ready

    def receive(self, timeout: float) -> dict:
        self.control.settimeout(timeout)
        try:
            data = self.control.recv(1 << 16)
        except (OSError, socket.timeout):
            return {}
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def ask(self, message: dict, fds=(), timeout: float = 30.0) -> dict:
        if self.control is None:
            return {}
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
        except OSError:
            return {}
        return self.receive(timeout)

    def retire(self) -> None:
        """Tell the template to clean up and exit, without waiting (see finish)."""
        if self.control is not None and self.ready and self.alive():
            try:
                self.control.send(b'{"op": "end"}')
                self.control.send(b'{"op": "quit"}')
            except OSError:
                pass

    def finish(self, timeout: float) -> None:
        """Wait (bounded) for the template to exit, then kill what is left and free the uid.

        The template's exit ends its PID namespace, and with it every process of the
        sandbox; a template that does not exit in time is killed with bubblewrap.
        """
        if self.proc is not None:
            try:
                self.proc.wait(timeout=max(timeout, 0))
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
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
        self.release()

    def release(self) -> None:
        if self.claim is not None:
            self.claim.close()
            self.claim = None

    def close(self) -> None:
        """Let the template clean up and exit (its processes' CPU time is then accounted), then kill."""
        if self.alive() and self.ready and self.ask({"op": "end"}, timeout=5.0).get("op") == "clean":
            try:
                self.control.send(b'{"op": "quit"}')
            except OSError:
                pass
            self.finish(5.0)
        self.kill()


class Sandbox:
    """The sandboxes one grading worker runs its notebooks in.

    Forked (``fresh=False``, the default; M4D_SANDBOX_FRESH unset or 0): one sandbox whose template forks
    every notebook into namespaces and a uid of its own, and ends them with the notebook.

    Fresh (``fresh=True``, M4D_SANDBOX_FRESH=1): every notebook runs in a new bubblewrap sandbox with a uid
    claimed for it alone, torn down with all its processes when the notebook ends, before the next
    notebook starts. To keep loading the libraries off the notebook's path, up to
    ``spares`` sandboxes are started ahead, while a notebook runs; a spare has never
    run student code, and a sandbox that has served a notebook is never used again.

    Close it (or use it in a ``with`` block): that ends every sandbox it started, spares too.
    """

    def __init__(self, limits: Limits | None = None, preload: tuple[str, ...] = (), fresh: bool | None = None,
                 uid_base: int = 64000, spares: int | None = None, private: tuple = ()):
        """preload: modules the assignment imports, loaded by the template before any student code.
        private: folders no student may read (the course's); refused if a readable root shows one."""
        if not bwrap_available():
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed: install the Debian package "
                                     "'bubblewrap' (listed in system-packages/test.txt and hub.txt) to grade safely")
        shown = roots_showing(private)
        if shown:
            root, folder = shown[0]
            raise SandboxUnavailable(f"the sandbox would show students {folder} (the course's hidden tests and "
                                     f"gradebook), because it must read {root} to run Python: keep the course "
                                     "folder outside the Python environment and the toolbox's folders")
        self.preload = tuple(m for m in preload if all(part.isidentifier() for part in m.split(".")))
        self.limits = limits or Limits()
        self.fresh = fresh_from_environment() if fresh is None else bool(fresh)
        self.uid_base = uid_base
        wanted = spares_from_environment() if spares is None else int(spares)
        self.spare_count = max(0, min(wanted, MAX_SPARES)) if self.fresh else 0
        self.box: _Box | None = None  # the sandbox of the notebook being graded (or the template's)
        self.spares: list[_Box] = []
        self.retiring: list[_Box] = []
        # The forked mode claims a uid here and a new one for every notebook (_new_identity); the fresh
        # mode claims one per sandbox.
        self._uid, self._uid_claim = (None, None) if self.fresh else sandbox_identity(uid_base)
        self.notebooks = 0

    # What earlier callers read: the current sandbox's process and uid.
    @property
    def proc(self):
        return self.box.proc if self.box is not None else None

    @property
    def uid(self):
        return self.box.uid if self.box is not None else self._uid

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def warm_up(self) -> None:
        """Start the first notebook's sandbox now, so that it loads while the grader gets ready."""
        if self.fresh:
            self._top_up()
        elif self.box is None:
            self.box = self._new_box()

    def _new_box(self) -> _Box:
        if self.fresh:
            uid, claim = sandbox_identity(self.uid_base)
            return _Box(self.preload, uid, claim)
        return _Box(self.preload, self._uid, None)

    def _top_up(self) -> None:
        """Start spares, up to the bound, for the notebooks to come."""
        try:
            while len(self.spares) < self.spare_count:
                self.spares.append(self._new_box())
        except InputError:
            pass  # no uid or no bubblewrap now: the next notebook starts its own sandbox (and says why)

    def _finish_retired(self) -> None:
        """Every sandbox of an ended notebook is gone before another notebook starts."""
        while self.retiring:
            box = self.retiring[0]
            try:
                box.finish(RETIRE_TIMEOUT_S)
            finally:
                box.kill()
                self.retiring.pop(0)

    def _ready_box(self) -> _Box:
        while self.spares:
            box = self.spares.pop(0)
            if box.alive() and box.notebooks == 0:
                return box
            box.kill()
        return self._new_box()

    def _box_for_a_notebook(self) -> _Box:
        self._finish_retired()
        if self.box is not None and (not self.box.alive() or (self.fresh and self.box.notebooks)):
            self.box.kill()  # a fresh sandbox serves one notebook only
            self.box = None
        if self.box is None:
            self.box = self._ready_box()
        if not self.box.wait_ready():
            raise SandboxUnavailable(f"the sandbox did not start within {STARTUP_TIMEOUT_S:g} s "
                                     "(run with M4D_SANDBOX_DEBUG=1 to see why)")
        return self.box

    def start_notebook(self, fds: list[int]) -> int | None:
        """Fork the student's process for one notebook with these pipe ends; its pid (inside)."""
        try:
            box = self._box_for_a_notebook()
        except BaseException:
            self.close()  # an error or Ctrl-C while waiting leaves no sandbox behind, spares neither
            raise
        if not self.fresh:
            self._new_identity(box)
        limits = self.limits
        if box.uid is None:
            # Without root the spares run as the grader's uid too: counted before the limit is set.
            self._top_up()
        processes = limits.processes if box.uid is not None else _own_processes() + limits.processes
        reply = box.ask({"op": "notebook", "uid": box.uid,
                         "limits": {"cpu_s": limits.cpu_s, "memory_bytes": limits.memory_bytes,
                                    "file_bytes": limits.file_bytes, "processes": processes}}, fds)
        box.notebooks += 1
        if reply.get("op") != "started":
            self._drop_box()
            return None
        self.notebooks += 1
        self._top_up()
        return reply.get("pid")

    def _new_identity(self, box: _Box) -> None:
        """The forked mode gives every notebook a uid of its own too (with root): the next one is
        claimed before the last one is freed, so no notebook runs as the one graded just before it
        (by then every process of that one is gone: its namespace ended with "end")."""
        uid, claim = sandbox_identity(self.uid_base)
        if self._uid_claim is not None:
            self._uid_claim.close()
        self._uid, self._uid_claim = uid, claim
        box.uid = uid

    def kill(self, pid: int | None) -> None:
        """Kill one process of the running notebook (its uid is checked inside)."""
        if pid is not None and self.box is not None and self.box.control is not None and \
                self.box.ask({"op": "kill", "pid": pid, "uid": self.box.uid}).get("op") != "killed":
            self._drop_box()

    def prune(self, keep: list[int]) -> None:
        """Kill every process of the notebook but these (its snapshots)."""
        if self.box is not None and self.box.control is not None and \
                self.box.ask({"op": "prune", "keep": keep}).get("op") != "pruned":
            self._drop_box()

    def end_notebook(self) -> None:
        """Tear the notebook's sandbox down (fresh), or kill what is left of it and empty /tmp (template)."""
        box = self.box
        if box is None or box.control is None:
            return
        if self.fresh:
            # Its template cleans up and exits while the grader writes this notebook's
            # grades; the next start_notebook waits for that (bounded) before it forks.
            box.retire()
            self.retiring.append(box)
            self.box = None
        elif box.ask({"op": "end"}, timeout=60.0).get("op") != "clean":
            self._drop_box()

    def _drop_box(self) -> None:
        if self.box is not None:
            self.box.kill()
            self.box = None

    def close(self, keep_uid: bool = False) -> None:
        """End every sandbox this started: the retiring ones, the current one, the spares.

        Whatever stops it (an error, Ctrl-C), every one of them is killed and its uid freed.
        """
        retiring, others = self.retiring, ([self.box] if self.box is not None else []) + self.spares
        self.box, self.spares, self.retiring = None, [], []
        try:
            for box in retiring:
                box.finish(RETIRE_TIMEOUT_S)
            for box in others:
                box.close()
        finally:
            for box in retiring + others:
                box.kill()
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
