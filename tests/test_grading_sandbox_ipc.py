"""The sandbox's clean-up removes what a notebook left in System V IPC, without a program.

Run in an IPC namespace of its own (``unshare --ipc``), as the sandbox's template
is, so that nothing of this machine's own shared memory is touched.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent('''
    import ctypes, sys
    sys.path.insert(0, sys.argv[1])
    import sandbox_runner
    libc = ctypes.CDLL(None, use_errno=True)
    IPC_CREAT = 0o1000
    made = [libc.shmget(0x4D344421, 1 << 20, IPC_CREAT | 0o666), libc.shmget(0, 4096, IPC_CREAT | 0o600),
            libc.semget(0x4D344422, 3, IPC_CREAT | 0o666), libc.msgget(0x4D344423, IPC_CREAT | 0o666)]
    assert min(made) >= 0, made
    def listed():
        return {kind: open(f"/proc/sysvipc/{kind}").read().splitlines()[1:] for kind in ("shm", "sem", "msg")}
    assert all(listed().values()), listed()
    assert sandbox_runner.remove_ipc() is True
    assert listed() == {"shm": [], "sem": [], "msg": []}, listed()
    print("clean")
''')


def test_clean_up_removes_shared_memory_semaphores_and_message_queues():
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    from m4d.grading import sandbox_runner
    folder = str(sandbox_runner.__file__).rsplit("/", 1)[0]
    done = subprocess.run(["unshare", "--ipc", sys.executable, "-c", SCRIPT, folder],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 and "Operation not permitted" in done.stderr:
        pytest.skip("this account may not make an IPC namespace")
    assert done.returncode == 0 and done.stdout.strip() == "clean", done.stderr
