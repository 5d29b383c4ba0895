"""nbval's kernel start is bounded and retried once (tests/nbval_kernel_start.py)."""
from __future__ import annotations

import json
import sys
import time

import pytest

from tests import nbval_kernel_start

# A kernel whose first start hangs (before it answers anything), then starts as usual.
HANGS_ONCE = r'''
import os, sys, time
marker, connection = sys.argv[1], sys.argv[2]
if not os.path.exists(marker):
    open(marker, "w").close()
    time.sleep(600)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection])
'''


def _kernel_spec(folder, name, script, marker):
    spec = folder / "kernels" / name
    spec.mkdir(parents=True)
    (folder / f"{name}.py").write_text(script, encoding="utf-8")
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(folder / f"{name}.py"), str(marker), "{connection_file}"],
        "display_name": name, "language": "python"}), encoding="utf-8")


@pytest.fixture
def quick_bound(monkeypatch, tmp_path):
    monkeypatch.setattr(nbval_kernel_start, "START_BOUND_S", 3)
    monkeypatch.setattr(nbval_kernel_start, "GRACE_S", 3)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    return tmp_path


def test_a_kernel_start_that_hangs_is_killed_and_the_notebook_gets_a_second_kernel(quick_bound, capfd):
    from nbval.plugin import RunningKernel

    marker = quick_bound / "first-start-hung"
    _kernel_spec(quick_bound, "hangs-once", HANGS_ONCE, marker)
    begun = time.monotonic()
    kernel = RunningKernel("hangs-once", cwd=str(quick_bound))
    try:
        took = time.monotonic() - begun
        assert marker.exists(), "the first start ran and hung"
        assert kernel.is_alive()
        reply = kernel.kc.execute_interactive("6 * 7", timeout=30)
        assert reply["content"]["status"] == "ok"
        # nbval alone waits 60 s for the hung kernel's reply, then fails the notebook.
        assert took < 45, f"the second kernel came after {took:.0f} s"
        assert "attempt 1 hung" in capfd.readouterr().err
    finally:
        kernel.stop()


def test_a_kernel_that_never_starts_fails_the_notebook_after_two_bounded_attempts(quick_bound):
    from nbval.plugin import RunningKernel

    # The script never writes its marker here, so every start hangs.
    marker = quick_bound / "never"
    _kernel_spec(quick_bound, "always-hangs", HANGS_ONCE.replace("open(marker, \"w\").close()", "pass"), marker)
    begun = time.monotonic()
    with pytest.raises(Exception) as raised:
        RunningKernel("always-hangs", cwd=str(quick_bound))
    took = time.monotonic() - begun
    assert took < 2 * (3 + 3) + 20, f"gave up after {took:.0f} s"
    assert "died" in str(raised.value) or isinstance(raised.value, nbval_kernel_start.KernelStartHung)
