"""The program that runs *inside* the sandbox: it executes one student's cells.

It is started by :mod:`m4d.grading.sandbox` under bubblewrap and must depend on
nothing but the standard library at start-up (it preloads the course's libraries
itself). It is a *zygote*: it imports the heavy libraries once, then forks one
child per notebook, so a notebook starts in milliseconds from a clean copy.

Channels (file descriptors inherited from the grader):
  0  control in   (grader -> zygote): one JSON line per notebook, or "kill"
  1  control out  (zygote -> grader): one JSON line when a notebook ends
  3  cells in     (grader -> child):  one JSON line per cell
  4  results out  (child -> grader):  one JSON line per cell, signed with the run's nonce

How a cell runs (see README.md for the threat model): the child compiles the cell
and runs it in a fresh thread started at C level, wrapped in a small trusted
program whose constants hold the result slot. Student code can reach that slot
only through the wrapper's code object, and reading a frame's code object,
walking to other threads' frames or the garbage collector is refused by an audit
hook that student code cannot remove. Before every test cell the child restores
the preloaded modules, ``sys.modules`` and the builtins to their state before any
student code ran, so monkeypatching them earns nothing.
"""
import json
import os
import sys

PRELOAD = ("numpy", "pandas", "math", "statistics", "random", "re", "collections", "itertools",
           "functools", "fractions", "decimal", "datetime", "json", "csv", "io", "string",
           "traceback", "warnings", "unittest", "inspect", "typing", "dataclasses", "textwrap",
           "numpy.testing", "pandas.testing", "m4d", "m4d.survey", "m4d.budget", "m4d.partners", "numbers")
# Besides these, the zygote loads the modules the assignment's own locked cells
# import (M4D_PRELOAD, e.g. scipy.optimize): a library that changes its own
# classes while it loads would be refused once student code runs.
FD_CELLS = int(os.environ.get("M4D_FD_CELLS", 3))
FD_RESULTS = int(os.environ.get("M4D_FD_RESULTS", 4))
MARK = "__m4d_slot_marker_9f27__"

WRAPPER = """
try:
    exec(%(code)s, %(ns)s)
    %(slot)s.append(True)
except BaseException as __m4d_error:
    %(slot)s.append(False)
    try:
        %(info)s.append(type.__dict__['__name__'].__get__(type(__m4d_error)))
        %(info)s.append(str(__m4d_error)[:2000])
    except BaseException:
        pass
    try:
        %(info)s.append(__m4d_error.__traceback__.tb_next.tb_lineno)
    except BaseException:
        pass
    del __m4d_error
finally:
    %(lock)s.release()
"""


def _read_line(fd, limit=64 * 1024 * 1024, _read=os.read):
    chunks = []
    size = 0
    while True:
        b = _read(fd, 1 << 16) if not _read_line.pending.get(fd) else _read_line.pending.pop(fd)
        if not b:
            return None
        i = b.find(b"\n")
        if i >= 0:
            chunks.append(b[:i])
            if i + 1 < len(b):
                _read_line.pending[fd] = b[i + 1:]
            return b"".join(chunks)
        chunks.append(b)
        size += len(b)
        if size > limit:
            return None


_read_line.pending = {}


def _write_all(fd, data, _write=os.write):
    view = memoryview(data)
    while view:
        n = _write(fd, view)
        view = view[n:]


def zygote():
    import gc
    import resource
    import signal
    import time
    os.environ.setdefault("MPLBACKEND", "Agg")
    extra = tuple(m for m in os.environ.get("M4D_PRELOAD", "").split(",") if m)
    for name in PRELOAD + extra:
        try:
            __import__(name)
        except Exception:
            pass
    gc.collect()
    gc.freeze()
    # The grader starts timing a notebook's cells only after this line: loading the
    # libraries can take many seconds on a busy machine and is not the student's time.
    _write_all(1, b'{"op": "ready"}\n')
    while True:
        line = _read_line(0)
        if line is None or line == b"quit":
            return
        try:
            job = json.loads(line)
        except ValueError:
            continue
        if not isinstance(job, dict) or job.get("op") != "notebook":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                os.close(0)
                os.close(1)
                child(job, resource, signal)
            except BaseException:
                if os.environ.get("M4D_SANDBOX_DEBUG"):
                    import traceback
                    traceback.print_exc()
            finally:
                os._exit(0)
        started = time.monotonic()
        status = None
        killed = None
        os.set_blocking(0, False)
        while status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
                break
            try:
                cmd = os.read(0, 4096)
            except BlockingIOError:
                cmd = b""
            if cmd and b"kill" in cmd:
                killed = "stopped by the grader"
                os.kill(pid, signal.SIGKILL)
            if time.monotonic() - started > job.get("wall", 600):
                killed = "wall time"
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)
        os.set_blocking(0, True)
        _kill_everyone_else(signal)
        _wipe("/tmp")
        _wipe("/dev/shm")
        report = {"op": "ended", "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                  "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None, "killed": killed}
        _write_all(1, (json.dumps(report) + "\n").encode())


def _kill_everyone_else(signal):
    """Leave no process of the last notebook alive to meet the next one."""
    me = os.getpid()
    for _ in range(200):
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (me, 1)]
        if not others:
            return
        for p in others:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        for _ in others:
            try:
                os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break


def _wipe(top):
    import shutil
    if not os.path.isdir(top):
        return
    for name in os.listdir(top):
        path = os.path.join(top, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass


class _Capture:
    """Collects what a cell prints, up to a limit, as notebook outputs."""

    def __init__(self, name, sink, limit):
        self.name, self.sink, self.limit = name, sink, limit

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        # An exact str, so no method of the student's str subclass runs later.
        text = str.__getitem__(text, slice(None))
        if self.sink["size"] < self.limit:
            self.sink["out"].append((self.name, text[: self.limit - self.sink["size"]]))
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


_Capture.__module__ = _NoInput.__module__ = "m4d_sandbox"


def child(job, resource, signal):
    import _thread
    import builtins
    import types
    limits = job.get("limits", {})
    for name, value in (("RLIMIT_CPU", limits.get("cpu_s")), ("RLIMIT_AS", limits.get("memory_bytes")),
                        ("RLIMIT_FSIZE", limits.get("file_bytes")), ("RLIMIT_NOFILE", 256)):
        if value:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    os.setsid()
    work = "/tmp/work"
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    read, write = os.read, os.write
    first = _read_line(FD_CELLS)
    if first is None:
        return
    start = json.loads(first)
    nonce = start["nonce"]
    import base64
    for rel, data in start.get("files", {}).items():
        target = os.path.normpath(os.path.join(work, rel))
        if not target.startswith(work + "/"):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(base64.b64decode(data))
    out_limit = int(limits.get("output_chars", 1_000_000))

    # Pristine state, taken before any student code runs.
    main_ident = _thread.get_ident()
    thread_count = _thread._count
    start_thread = _thread.start_new_thread
    allocate_lock = _thread.allocate_lock
    settrace, setprofile = sys.settrace, sys.setprofile
    blocked_modules = {"ctypes", "_ctypes", "_posixsubprocess", "cffi", "_socket", "socket",
                       "multiprocessing", "_multiprocessing", "pty", "gc"}
    for name in list(sys.modules):
        if name.split(".")[0] in blocked_modules:
            sys.modules.pop(name, None)

    def _refuse(*args, **kwargs):
        raise PermissionError("not allowed while grading")

    import signal as _signal_mod
    for mod in (_signal_mod, sys.modules.get("_signal")):
        if mod is None:
            continue
        for fname in ("signal", "alarm", "setitimer", "pthread_kill", "pthread_sigmask", "siginterrupt",
                      "set_wakeup_fd", "raise_signal"):
            if hasattr(mod, fname):
                setattr(mod, fname, _refuse)
    for fname in ("fork", "forkpty", "system", "kill", "killpg", "execv", "execve", "posix_spawn",
                  "posix_spawnp", "spawnv", "spawnve", "popen"):
        if hasattr(os, fname):
            setattr(os, fname, _refuse)
    sys.stdin = sys.__stdin__ = _NoInput()
    _thread.start_new_thread = _thread.start_new = _refuse
    import threading
    threading._start_new_thread = _refuse

    snapshot_modules = dict(sys.modules)
    snapshot_dicts = {name: (m, dict(m.__dict__)) for name, m in snapshot_modules.items()
                      if isinstance(m, types.ModuleType) and name != "__main__"}
    snapshot_builtins = dict(builtins.__dict__)
    runner_globals = globals()
    snapshot_dicts["m4d_sandbox_runner"] = (None, dict(runner_globals))
    dumps = json.dumps
    read_line, write_all = _read_line, _write_all
    exact_str = str.__getitem__

    refused_events = {"sys._current_frames", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
                      "sys.settrace", "sys.setprofile", "sys.addaudithook", "os.fork", "os.forkpty",
                      "os.exec", "os.posix_spawn", "os.spawn", "os.system", "os.kill", "os.killpg",
                      "subprocess.Popen", "signal.pthread_kill", "builtins.input", "sys.setrecursionlimit",
                      "socket.connect", "socket.bind", "socket.__new__", "socket.getaddrinfo",
                      "os.putenv", "sys.monitoring.register_callback", "ctypes.dlopen", "ctypes.dlsym",
                      "ctypes.cdata", "ctypes.addressof", "ctypes.call_function", "ctypes.string_at",
                      "ctypes.wstring_at", "ctypes.set_errno", "ctypes.get_errno", "import_blocked"}
    secret_attrs = {"f_code", "__code__", "tb_frame", "gi_frame", "gi_code", "cr_frame", "cr_code",
                    "ag_frame", "ag_code", "f_trace"}

    reading_code = []  # set while the hook itself reads a code object

    def code_is_secret(obj, attr, _getattr=getattr, _type=type, _code=types.CodeType, _str=str,
                       _starts=str.startswith, _error=BaseException):
        """Is obj.attr (a function's __code__ or a frame's f_code) the grader's or a test's code?

        Libraries read these for ordinary reasons (pandas finds where a warning
        comes from, decorators look at signatures); only the code of test cells
        and of the wrapper holding the result slot must stay out of reach.
        """
        # Only names bound when the child started are used: the student may have
        # replaced any builtin by now.
        reading_code.append(True)
        try:
            code = _getattr(obj, attr)
            name = code.co_filename if _type(code) is _code else "<grader>"
        except _error:
            name = "<grader>"
        finally:
            reading_code.pop()
        return _type(name) is not _str or _starts(name, ("<test cell", "<grader>"))

    def audit(event, args):
        if _thread.get_ident() == main_ident or (reading_code and event == "object.__getattr__"):
            return
        if event in refused_events or event.startswith("ctypes."):
            raise PermissionError(f"{event} is not allowed while grading")
        if event == "object.__getattr__" and args[1] in secret_attrs:
            if args[1] in ("__code__", "f_code") and not code_is_secret(args[0], args[1]):
                return
            raise PermissionError(f"reading {args[1]} is not allowed while grading")
        if event == "object.__setattr__":
            target = args[0]
            if isinstance(target, type):
                if type.__dict__["__module__"].__get__(target) != "__main__":
                    raise PermissionError("changing a library's class is not allowed while grading")
            elif args[1] in ("__code__", "__defaults__", "__kwdefaults__"):
                raise PermissionError("changing a function's code is not allowed while grading")
        if event == "import" and args[0].split(".")[0] in blocked_modules:
            raise PermissionError(f"importing {args[0]} is not allowed while grading")
        if event == "open" and isinstance(args[0], (str, bytes)):
            path = os.fsdecode(args[0])
            if path.startswith(("/proc", "/dev/fd", "/sys")):
                raise PermissionError("reading process internals is not allowed while grading")

    sys.addaudithook(audit)

    ns = {"__name__": "__main__", "__builtins__": builtins}
    main_module = types.ModuleType("__main__")
    main_module.__dict__.update(ns)
    ns = main_module.__dict__
    sys.modules["__main__"] = main_module
    snapshot_modules["__main__"] = main_module

    def restore():
        for name in list(sys.modules):
            if name not in snapshot_modules:
                continue
            sys.modules[name] = snapshot_modules[name]
        bd = builtins.__dict__
        for k in [k for k in bd if k not in snapshot_builtins]:
            del bd[k]
        bd.update(snapshot_builtins)
        for name, (module, saved) in snapshot_dicts.items():
            d = runner_globals if module is None else module.__dict__
            if len(d) != len(saved) or any(d.get(k, MARK) is not v for k, v in saved.items()):
                for k in [k for k in d if k not in saved]:
                    del d[k]
                d.update(saved)
        bd = builtins.__dict__
        for k in [k for k in bd if k not in snapshot_builtins]:
            del bd[k]
        bd.update(snapshot_builtins)
        ns["__builtins__"] = builtins
        settrace(None)
        setprofile(None)

    def run(source, filename, test):
        sink = {"out": [], "size": 0, "truncated": False}
        sys.stdout = sys.__stdout__ = _Capture("stdout", sink, out_limit)
        sys.stderr = sys.__stderr__ = _Capture("stderr", sink, out_limit)
        shadowed = {}
        if test:
            baseline = thread_count()
            if baseline > 0:
                return {"ok": False, "error": ["BackgroundThread", "a thread started by the notebook was still running, so the tests cannot run reliably"], "out": []}
            restore()
            for k in list(ns):
                if k in snapshot_builtins and not k.startswith("__"):
                    shadowed[k] = ns.pop(k)
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
        except BaseException as err:  # a syntax error in the cell
            return {"ok": False, "error": [type(err).__name__, str(err)[:2000]], "out": _outputs(sink)}
        if not test:
            code = _display_last_expression(source, filename, code)
        slot, info, lock = [], [], allocate_lock()
        wrapper = compile(WRAPPER % {"code": repr(MARK + "c"), "ns": repr(MARK + "n"), "slot": repr(MARK + "s"),
                                     "info": repr(MARK + "i"), "lock": repr(MARK + "l")}, "<grader>", "exec")
        table = {MARK + "c": code, MARK + "n": ns, MARK + "s": slot, MARK + "i": info, MARK + "l": lock}
        wrapper = wrapper.replace(co_consts=tuple(table.get(c, c) if isinstance(c, str) else c
                                                  for c in wrapper.co_consts))
        lock.acquire()
        start_thread(exec, (wrapper, {"__builtins__": builtins}))
        lock.acquire()
        lock.release()
        if test:
            ns.update({k: v for k, v in shadowed.items() if k not in ns})
        restore()
        sys.stdout = sys.__stdout__ = _Capture("stdout", {"out": [], "size": 0}, 0)
        result = {"ok": bool(slot) and slot[0] is True, "out": _outputs(sink)}
        if not result["ok"]:
            result["error"] = [exact_str(x, slice(0, 2000)) if isinstance(x, str) else int.__index__(x)
                               if isinstance(x, int) else "?" for x in info[:3]] or ["Error", "the cell stopped"]
        if sink.get("truncated"):
            result["truncated"] = True
        return result

    while True:
        line = read_line(FD_CELLS)
        if line is None:
            return
        restore()
        msg = json.loads(line)
        if msg.get("op") == "end":
            return
        test = msg.get("test", False)
        result = run(msg["source"], f"<test cell {msg['seq']}>" if test else f"<cell {msg['seq']}>", test)
        result["seq"] = msg["seq"]
        result["nonce"] = nonce
        write_all(FD_RESULTS, (dumps(result) + "\n").encode())


def _outputs(sink):
    merged = []
    for name, text in sink["out"]:
        if merged and merged[-1][0] == name:
            merged[-1][1] += text
        else:
            merged.append([name, text])
    return merged


def _display_last_expression(source, filename, code):
    """Like a notebook, show the value of a cell's last expression."""
    import ast
    try:
        tree = ast.parse(source, filename)
    except SyntaxError:
        return code
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return code
    last = tree.body[-1]
    call = ast.Expr(ast.Call(ast.Name("__m4d_show__", ast.Load()), [last.value], []))
    ast.copy_location(call, last)
    tree.body[-1] = call
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", dont_inherit=True)


def _show(value):
    if value is not None:
        print(repr(value))


if __name__ == "__main__":
    import builtins as _b
    _b.__m4d_show__ = _show
    zygote()
