"""A bound on nbval's kernel start, and one retry.

In CI, one notebook's kernel start (nbval's setup of its first cell) once waited until the test's
900 s bound and failed every cell of the notebook, although each of nbval's own waits has a
timeout (60 s for the kernel_info reply, 10 s and 1 s for the IOPub checks). Intermittent start
hangs are reported for ipykernel 7 (microsoft/vscode-jupyter#17410, microsoft/qdk#3661), the
version this project pins. The CI log did not hold the stacks, so the cause is not known.

:func:`install` wraps ``nbval.kernel.start_new_kernel`` and ``RunningKernel`` so that a start that
has not finished after :data:`START_BOUND_S` seconds prints every thread's stack (to find the
cause next time), kills the kernel process (which ends each of nbval's waits with an error), and
starts a new kernel once. A kernel that does not start twice still fails the notebook, with the
stacks in its report.
"""
from __future__ import annotations

import signal
import sys
import threading
import traceback
import types

#: A kernel starts in 1-5 s here, 20 s at worst on a loaded CI machine.
START_BOUND_S = 120
ATTEMPTS = 2
#: How long a killed kernel's start may take to fail by itself before the main thread is interrupted.
GRACE_S = 15


class KernelStartHung(RuntimeError):
    pass


def install() -> None:
    try:
        import nbval.kernel as kernel_module
        import nbval.plugin as plugin_module
    except ImportError:  # nbval is not installed: nothing to guard
        return
    if getattr(kernel_module, "_m4d_bounded", False):
        return
    original_start = kernel_module.start_new_kernel
    original_class = kernel_module.RunningKernel
    # Shared with the watchdog thread (nbval starts its kernels in the main thread, one at a time).
    current = types.SimpleNamespace(manager=None, hung=False, lock=threading.Lock())

    def start_new_kernel(*args, **kwargs):
        # Starting happens in two steps (the manager, then the wait for its reply): the watchdog
        # needs the manager as soon as it exists, so the manager's own start_kernel reports it.
        from jupyter_client import KernelManager

        started = KernelManager.start_kernel

        def noting_start(self, *a, **k):
            current.manager = self
            return started(self, *a, **k)

        KernelManager.start_kernel = noting_start
        try:
            return original_start(*args, **kwargs)
        finally:
            KernelManager.start_kernel = started

    class BoundedRunningKernel(original_class):
        def __init__(self, *args, **kwargs):
            main = threading.current_thread() is threading.main_thread()
            for attempt in range(1, ATTEMPTS + 1):
                current.manager, current.hung = None, False
                done = threading.Event()
                watchdog = threading.Thread(target=_watch, args=(done, current, attempt, main), daemon=True)
                previous = signal.signal(signal.SIGUSR1, _interrupted) if main else None
                watchdog.start()
                try:
                    super().__init__(*args, **kwargs)
                    return
                except Exception as error:
                    if not current.hung or attempt == ATTEMPTS:
                        raise
                    print(f"nbval kernel start: attempt {attempt} hung ({error!r}); starting a new kernel",
                          file=sys.stderr, flush=True)
                finally:
                    with current.lock:  # the watchdog never signals once the start is over
                        done.set()
                    watchdog.join(timeout=5)
                    if main:
                        signal.signal(signal.SIGUSR1, previous)
                    if current.manager is not None and getattr(self, "km", None) is not current.manager:
                        _kill(current.manager, clean_up=True)

    kernel_module.start_new_kernel = start_new_kernel
    kernel_module.RunningKernel = BoundedRunningKernel
    plugin_module.RunningKernel = BoundedRunningKernel
    kernel_module._m4d_bounded = True


def _interrupted(signum, frame):
    raise KernelStartHung(f"no kernel after {START_BOUND_S + GRACE_S} s")


def _watch(done: threading.Event, current, attempt: int, main: bool) -> None:
    if done.wait(START_BOUND_S):
        return
    current.hung = True
    print(f"nbval kernel start: no kernel after {START_BOUND_S} s (attempt {attempt}); the stacks:",
          file=sys.stderr, flush=True)
    for ident, frame in sys._current_frames().items():
        print(f"-- thread {ident}:\n" + "".join(traceback.format_stack(frame)), file=sys.stderr, flush=True)
    if current.manager is not None:
        _kill(current.manager)
    # Where the wait is not one that a dead kernel ends, the main thread is interrupted (as
    # pytest-timeout's signal method would be, 900 s later).
    if not done.wait(GRACE_S) and main:
        with current.lock:
            if not done.is_set():
                signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1)


def _kill(manager, clean_up: bool = False) -> None:
    # A dead kernel ends nbval's waits: wait_for_ready sees it die, the IOPub checks time out.
    # The manager's sockets are left to the main thread (nbval shuts the manager down itself on
    # a failed start): closing them under it would turn its clear error into a ZMQ one.
    try:
        process = getattr(manager.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if clean_up:
            manager.cleanup_resources()
    except Exception as error:  # the kernel may be half started: say so, never hide the first error
        print(f"nbval kernel start: could not clean up the hung kernel: {error}", file=sys.stderr, flush=True)
