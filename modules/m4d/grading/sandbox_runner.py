"""The program inside the sandbox: a clean template, and the student's processes it forks.

Started by :mod:`m4d.grading.sandbox` under bubblewrap. Two roles:

The template (this process) loads the libraries the assignment needs, makes itself
non-dumpable (so no other process may read or write its memory, or ptrace it) and
waits for the judge's orders on a socket. It never runs student code and never
reads anything a student wrote. For each notebook it forks a child that drops to
the notebook's own uid (when the grader is root) and becomes the student's process;
after the notebook it kills every other process in the sandbox and empties /tmp,
/dev/shm and System V IPC, so the next notebook starts from the same clean state.

The student's process runs the notebook's student and locked cells in order, with
their outputs captured, and at the place of each instructor cell that reads the
student's names it forks a *snapshot*: a copy of the student's state at that point,
which later answers the judge's questions about that cell (the value of a name, a
call of a function) in plain data (:mod:`m4d.grading.codec`). No question reaches
any snapshot before every cell has run, so the outputs shown to the student were
all made before any test ran. Nothing here needs to be trusted once student code
runs: the judge checks everything it reads.
"""
import json
import os
import sys

FD_CONTROL = int(os.environ.get("M4D_FD_CONTROL", "3"))
OUTPUT_LIMIT = 200_000


def _prctl(option, value):
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 4, 36


def template():
    import signal
    import socket
    for name in filter(None, os.environ.get("M4D_PRELOAD", "").split(",")):
        try:
            __import__(name)
        except Exception:
            pass
    import m4d.grading.codec  # noqa: F401  (the children speak it)
    import gc
    # What the template loaded is never collected, so the garbage collector of a forked
    # notebook (and of its snapshots) leaves those pages shared instead of copying them all.
    gc.collect()
    gc.freeze()
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    # Orphans of a notebook (a fork bomb's) are reaped as soon as they end: until then
    # they count against the notebook's process limit.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    control = socket.socket(fileno=FD_CONTROL)
    _clean()
    roots_in_tmp = _read_only_roots_under_tmp()
    control.send(b'{"op": "ready"}')
    current = None
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 1 << 16, 512)
        except OSError:
            return
        if not data:
            return
        msg = json.loads(data)
        op = msg.get("op")
        if op == "notebook":
            _end_notebook(current)
            current = _start_notebook(msg, fds, control, roots_in_tmp)
            for fd in fds:
                os.close(fd)
            if current is None:
                control.send(b'{"op": "failed"}')
            else:
                control.send(json.dumps({"op": "started", "pid": current.line}).encode())
        elif op == "kill":
            _kill(current, msg.get("pid"), msg.get("uid"))
            control.send(b'{"op": "killed"}')
        elif op == "prune":
            _prune(current, set(msg.get("keep", [])))
            control.send(b'{"op": "pruned"}')
        elif op == "end":
            _end_notebook(current)
            current = None
            _clean()
            control.send(b'{"op": "clean"}')
        else:
            return


class _Notebook:
    """A notebook being graded, as the template sees it: the pid (here) of the init of its
    own PID namespace, and the pid (there) of the student's line.

    The template grades one notebook at a time, so every process here that has a pid in a
    namespace below the template's is that notebook's. (Its namespace's link in /proc cannot
    be read: the init is non-dumpable, and without root the template may not look at it.)"""

    def __init__(self, init, line):
        self.init, self.line = init, line

    def processes(self):
        """{pid there: pid here} of every process in the notebook's PID namespace."""
        found = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                pids = _nested_pids(entry)
                if len(pids) >= 2:
                    found[pids[1]] = int(entry)
        return found


def _nested_pids(entry):
    """A process's pid in the template's namespace and in each namespace below it."""
    try:
        with open(f"/proc/{entry}/status") as fh:
            return [int(p) for p in next(line for line in fh if line.startswith("NSpid:")).split()[1:]]
    except (OSError, StopIteration, ValueError):
        return []


CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID = 0x20000, 0x04000000, 0x08000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = \
    1, 2, 4, 8, 32, 4096, 16384, 1 << 18


def _libc():
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def _mount(source, target, kind, flags, data=None):
    import ctypes
    if _libc().mount(source and source.encode(), target.encode(), kind and kind.encode(), flags,
                     data and data.encode()) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def _read_only_roots_under_tmp():
    """The sandbox's read-only folders under /tmp (a Python environment in a clone under /tmp):
    a notebook's own /tmp shows them again at the same paths."""
    roots = []
    try:
        with open("/proc/self/mountinfo") as fh:
            points = [line.split()[4] for line in fh]
    except OSError:
        return roots
    for point in sorted(set(points), key=len):
        if point.startswith("/tmp/") and not any(point.startswith(r + "/") for r in roots):
            roots.append(point)
    return roots


def _start_notebook(msg, fds, control, roots_in_tmp):
    """Fork the notebook into namespaces of its own (mount, PID, IPC, UTS), with a new /proc,
    /tmp and /dev/shm: nothing of the notebooks before it is there, and the template is not in
    its PID namespace, so no process of the notebook can name it, signal it or read it."""
    import select
    import time
    report_r, report_w = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            control.close()
            os.close(report_r)
            if _libc().unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID) != 0:
                os._exit(1)
            _mount("none", "/", None, MS_REC | MS_PRIVATE)
            init = os.fork()  # pid 1 of the new PID namespace
            if init == 0:
                _notebook_init(msg, fds, report_w, roots_in_tmp)
            os.write(report_w, f"{init}\n".encode())
        finally:
            os._exit(0)
    os.close(report_w)
    lines, data = [], b""
    try:
        deadline = time.monotonic() + 30.0  # both pids, or the notebook is not started
        while len(lines) < 2:
            ready, _, _ = select.select([report_r], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(report_r, 64) if ready else b""
            if not chunk:
                break
            data += chunk
            lines = data.split(b"\n")[:-1]
        return _Notebook(int(lines[0]), int(lines[1]))
    except (OSError, ValueError, IndexError):
        return None
    finally:
        os.close(report_r)


def _notebook_init(msg, fds, report_w, roots_in_tmp):
    """pid 1 of the notebook's namespace: its own files, then the student's line; it reaps
    the notebook's orphans and ends with its last process, and the namespace with it.

    It stays root and non-dumpable like the template: a student's process can neither
    signal it (no signal reaches a namespace's init from inside unless it handles it)
    nor read it."""
    import signal
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # Opened before /tmp is covered: the new /tmp binds them again from these handles.
        keep = [os.open(path, os.O_PATH | os.O_DIRECTORY) for path in roots_in_tmp]
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
        for path, fd in zip(roots_in_tmp, keep):
            os.makedirs(path, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            try:
                _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC)
            except OSError:
                pass  # a user namespace keeps the outer bind's flags: read-only already
            if not os.statvfs(path).f_flag & os.ST_RDONLY:
                os._exit(1)
            os.close(fd)
        if os.path.isdir("/dev/shm"):
            _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")
        line = os.fork()
        if line == 0:
            os.close(report_w)
            notebook(msg, fds)
            os._exit(0)
        os.write(report_w, f"{line}\n".encode())
    except BaseException:
        os._exit(1)
    for fd in range(3, 1024):
        try:
            os.close(fd)
        except OSError:
            pass
    while True:
        try:
            os.wait()
        except ChildProcessError:
            os._exit(0)
        except InterruptedError:
            continue


def _end_notebook(current):
    """End a notebook's namespace: killing its init ends every process in it."""
    if current is not None and _nested_pids(str(current.init)) == [current.init, 1]:
        try:
            os.kill(current.init, 9)
        except OSError:
            pass


def _kill(current, pid, uid):
    """Kill one process of the notebook (a hung snapshot), named by its pid in the
    notebook's namespace; never the notebook's init, never the template."""
    if current is None or type(pid) is not int or pid <= 1:
        return
    here = current.processes().get(pid)
    if here is None or here in (current.init, os.getpid()):
        return
    try:
        if uid is not None:
            with open(f"/proc/{here}/status") as fh:
                real = next(line.split()[1] for line in fh if line.startswith("Uid:"))
            if int(real) != uid:
                return
        os.kill(here, 9)
    except (OSError, StopIteration, ValueError):
        pass


def _prune(current, keep):
    """After the student's cells ran: kill every process of the notebook but the snapshots,
    so nothing the cells left running can meddle with the judge's questions."""
    if current is None:
        return
    for inner, here in current.processes().items():
        if inner not in keep and inner != 1 and here != os.getpid():
            try:
                os.kill(here, 9)
            except OSError:
                pass


def _clean():
    """Leave nothing of the last notebook: processes, files, shared memory, IPC."""
    import shutil
    import subprocess
    import time
    me = os.getpid()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me)]
        for pid in others:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not others:
            break
        time.sleep(0.005)
    for top in ("/tmp", "/dev/shm"):
        for name in os.listdir(top) if os.path.isdir(top) else []:
            path = os.path.join(top, name)
            try:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
            except OSError:
                pass
    if not remove_ipc() and os.path.exists("/usr/bin/ipcrm"):
        subprocess.run(["/usr/bin/ipcrm", "--all"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remove_ipc():
    """Remove every System V shared memory segment, semaphore set and message queue of
    this IPC namespace (the sandbox's own), by their ids in /proc/sysvipc; False when
    that cannot be read (then ipcrm does it). No program is started: forking the
    template for ipcrm after every notebook cost more than the notebook's own cells."""
    import ctypes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        tables = {}
        for kind in ("shm", "sem", "msg"):
            with open(f"/proc/sysvipc/{kind}") as fh:
                tables[kind] = [int(line.split()[1]) for line in fh.read().splitlines()[1:] if line.strip()]
    except (OSError, ValueError, IndexError):
        return False
    IPC_RMID = 0
    for ident in tables["shm"]:
        libc.shmctl(ident, IPC_RMID, None)
    for ident in tables["sem"]:
        libc.semctl(ident, 0, IPC_RMID)
    for ident in tables["msg"]:
        libc.msgctl(ident, IPC_RMID, None)
    return True


def notebook(msg, fds):
    """The student's process: becomes the notebook's uid, then runs its cells."""
    import resource
    keep = set(fds)
    for fd in range(3, 1024):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
    os.setsid()
    import signal
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the student's code waits for its own children
    limits = msg.get("limits", {})
    for name, value in (("RLIMIT_CPU", limits.get("cpu_s")), ("RLIMIT_AS", limits.get("memory_bytes")),
                        ("RLIMIT_FSIZE", limits.get("file_bytes")), ("RLIMIT_NOFILE", 256),
                        ("RLIMIT_NPROC", limits.get("processes")), ("RLIMIT_CORE", 0)):
        if value is not None:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    uid = msg.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    _drop_capabilities()
    _prctl(PR_SET_DUMPABLE, 1)  # the student's own processes may look at each other
    work = "/tmp/work"
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    plan_fd, out_fd, channels = fds[0], fds[1], fds[2:]
    run_line(plan_fd, out_fd, channels)


def _drop_capabilities():
    """No capability is left to the student's process, whatever uid it runs as (without root
    it keeps the template's uid, and the template holds CAP_SYS_ADMIN to make the notebook's
    namespaces); if one is left all the same, the notebook does not run."""
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    libc = _libc()
    libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    libc.capset(ctypes.byref(Header(0x20080522, 0)), (Data * 2)())
    with open("/proc/self/status") as fh:
        held = [line.split()[1] for line in fh if line.split()[0] in ("CapInh:", "CapPrm:", "CapEff:", "CapAmb:")]
    if any(int(mask, 16) for mask in held):
        os._exit(1)


def _read_frame(fd, limit=256 * 1024 * 1024):
    head = _read_exactly(fd, 4)
    if head is None:
        return None
    size = int.from_bytes(head, "little")
    if size > limit:
        return None
    return _read_exactly(fd, size)


def _read_exactly(fd, n):
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class _Capture:
    """Collects what a cell prints, up to a limit, as notebook outputs."""

    def __init__(self, name, sink):
        self.name, self.sink = name, sink

    def write(self, text):
        text = str(text)
        if self.sink["size"] < OUTPUT_LIMIT:
            self.sink["out"].append([self.name, text[: OUTPUT_LIMIT - self.sink["size"]]])
        else:
            self.sink["truncated"] = True
        self.sink["size"] += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


class _NoInput:
    def readline(self, *a):
        raise EOFError("input() is not available while grading: the notebook must not ask for typed input")

    read = readline

    def isatty(self):
        return False


def run_line(plan_fd, out_fd, channels):
    import builtins
    import gc
    import types
    from m4d.grading import codec
    plan = codec.decode(_read_frame(plan_fd))
    os.close(plan_fd)
    for rel, data in plan["files"].items():
        target = os.path.normpath(os.path.join("/tmp/work", rel))
        if target.startswith("/tmp/work/"):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    ns = main.__dict__
    ns["__builtins__"] = builtins
    builtins.display = _display
    sys.stdin = sys.__stdin__ = _NoInput()

    me = os.getpid()

    def send(value):
        if os.getpid() != me:
            _linger()  # a process the student forked does not go on with the notebook
        codec.write_frame(out_fd, codec.encode(value))

    for kind, position, source in plan["steps"]:
        if kind == "snapshot":
            req, resp = channels[2 * source], channels[2 * source + 1]
            gc.freeze()  # the snapshot shares the line's pages instead of copying them (see template)
            # What the cells left running (a fork bomb's children, a daemon) ends here, every
            # time: whether the snapshot's fork found a free process slot must not depend on
            # how many of them the machine's load let live, or a fork bomb's later tests
            # would pass in one run and fail in the next.
            _kill_the_rest_of_the_group()
            pid = _fork()
            if pid != 0:
                try:
                    # Out of the line's group from both sides: the next snapshot's sweep of
                    # the group must never find this one before it has moved itself.
                    os.setpgid(pid, pid)
                except OSError:
                    pass  # it has moved itself already (or is gone: the judge will say so)
            if pid == 0:
                try:
                    os.setpgid(0, 0)  # not one of the line's own children (see _fork)
                    # Only its own channel: the judge sees the end of the line when the
                    # line ends, and no snapshot can answer for another.
                    for fd in [out_fd] + channels:
                        if fd not in (req, resp):
                            _close(fd)
                    serve(ns, req, resp)
                finally:
                    os._exit(0)
            _close(req)
            _close(resp)
            send({"snapshot": position, "pid": pid})
        elif kind == "cell":
            result = run_cell(ns, source, f"<cell {position}>")
            result["pos"] = position
            send(result)
        else:
            # A test's released part, so that later cells see what a kernel would;
            # what it prints is not shown, and a hang there stops only this step.
            run_cell(ns, source, f"<cell {position}>", display=False, alarm=plan.get("quiet_s"))
            send({"pos": position, "quiet": True})
    send({"done": True})
    os._exit(0)


def _linger():
    """What a process the student forked does when its cell ends: it waits, holding its
    process slot, until the next snapshot's sweep (or the notebook's end) kills it.

    A fork bomb's processes then fill the process limit and stay, so the cell's own fork
    fails at once and the cell ends the same way on a quiet machine and a loaded one;
    if they exited here instead, each exit would free a slot for the loop to fill again,
    and how long the cell ran (and whether it passed its time limit, which stops the
    notebook) would depend on the load."""
    import time
    deadline = time.monotonic() + 3600  # bounded; the sweep or the sandbox's end comes first
    while time.monotonic() < deadline:
        time.sleep(60)
    os._exit(0)


def _close(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def _fork():
    """fork() a snapshot; when the student's own processes (a fork bomb) use up the
    process limit, they are killed first: they would otherwise stop the notebook."""
    import time
    for attempt in range(50):
        try:
            return os.fork()
        except BlockingIOError:
            _kill_the_rest_of_the_group()
            time.sleep(0.001 * attempt)
    return os.fork()


def _kill_the_rest_of_the_group():
    """Kill every other process of the notebook's process group, sweeping until a sweep
    finds none still running: a fork bomb keeps forking while it is being killed, but a
    killed process forks no more, so the sweeps end."""
    me, group = os.getpid(), os.getpgrp()
    for _sweep in range(200):
        running = 0
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != me:
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        fields = fh.read().rsplit(")", 1)[1].split()
                    if int(fields[2]) == group and fields[0] not in ("Z", "X"):
                        os.kill(int(entry), 9)
                        running += 1
                except (OSError, IndexError, ValueError):
                    pass
        # A dead process counts against the limit until it is reaped; the ones whose
        # parent died first are the template's to reap.
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        if not running:
            return


class _QuietTimeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise _QuietTimeout()


def _display(*objs, **kwargs):
    """IPython's display(), as text."""
    for obj in objs:
        print(repr(obj))


def run_cell(ns, source, filename, display=True, alarm=None):
    """Run one cell like a notebook kernel: outputs, the last expression's value, the error."""
    import ast
    import signal
    import traceback
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, alarm)
    sink = {"out": [], "size": 0, "truncated": False}
    sys.stdout = sys.__stdout__ = _Capture("stdout", sink)
    sys.stderr = sys.__stderr__ = _Capture("stderr", sink)
    error = None
    try:
        tree = ast.parse(source, filename)
        last = tree.body.pop() if display and tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, filename, "exec"), ns)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), filename, "eval"), ns)
            if value is not None:
                print(repr(value))
    except BaseException as err:  # the cell's own error, shown as a kernel shows it
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.startswith("<cell")]
        where = f" (line {frames[-1].lineno})" if frames else ""
        error = [type(err).__name__, str(err)[:2000], f"{type(err).__name__}: {str(err)[:2000]}{where}"]
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout = sys.__stdout__ = sys.stderr = sys.__stderr__ = _Capture("stdout", {"out": [], "size": 0})
    merged = []
    for name, text in sink["out"]:
        if merged and merged[-1][0] == name:
            merged[-1][1] += text
        else:
            merged.append([name, text])
    return {"ok": error is None, "out": merged, "error": error, "truncated": sink["truncated"]}


def serve(ns, req, resp):
    """A snapshot: answer the judge's questions about the student's state at this cell."""
    import types
    from m4d.grading import codec
    handles = {}
    sink = _Capture("stdout", {"out": [], "size": OUTPUT_LIMIT})  # what the student prints now is not shown
    me = os.getpid()
    while True:
        if os.getpid() != me:
            os._exit(0)  # a process the student's function forked does not answer the judge
        data = _read_frame(req)
        if data is None:
            return
        sys.stdout = sys.__stdout__ = sys.stderr = sys.__stderr__ = sink
        try:
            msg = codec.decode(data, allow_refs=True, resolve=handles.__getitem__)
            op = msg["op"]
            if op == "lookup":
                reply = {name: _describe(ns.get(name, _describe), handles, codec, types) for name in msg["names"]}
            elif op == "call":
                try:
                    value = handles[msg["handle"]](*msg["args"], **msg["kwargs"])
                except BaseException as err:
                    builtin = next((c.__name__ for c in type(err).__mro__ if c.__module__ == "builtins"), "Exception")
                    reply = {"kind": "raised", "type": builtin, "message": str(err)[:2000]}
                else:
                    try:
                        reply = {"kind": "return", "data": codec.encode(value)}
                    except codec.EncodeError as err:
                        reply = {"kind": "unreadable", "why": str(err)[:500]}
            elif op == "bind":
                ns[msg["name"]] = msg["value"]
                reply = {"kind": "ok"}
            elif op == "unbind":
                reply = {"kind": "ok" if ns.pop(msg["name"], _describe) is not _describe else "missing"}
            else:
                reply = {"kind": "error", "why": "unknown question"}
        except BaseException as err:
            reply = {"kind": "error", "why": f"{type(err).__name__}: {str(err)[:300]}"}
        if os.getpid() != me:
            os._exit(0)
        codec.write_frame(resp, codec.encode(reply))


def _describe(value, handles, codec, types):
    """What the judge gets for one name: plain data, a handle to a function, or why not."""
    if value is _describe:
        return {"kind": "missing"}
    if type(value) is types.ModuleType:
        return {"kind": "module", "name": str(value.__name__)}
    if callable(value):
        handles[len(handles) + 1] = value
        return {"kind": "callable", "handle": len(handles)}
    try:
        return {"kind": "value", "data": codec.encode(value)}
    except codec.EncodeError as err:
        return {"kind": "unreadable", "why": str(err)[:500]}


if __name__ == "__main__":
    template()
