"""An edition's build has a bound: a stuck build ends with a message, its processes stopped.

CI gives the whole suite 90 minutes; a build that never ends (a kernel or the PDF print waiting
for ever) must fail the tests that need it, with the build's own output, instead of hanging them."""
from __future__ import annotations

import os
import time

import pytest

from m4d.errors import InputError
from m4d.i18n.editions import build_edition


def _descendants_alive(marker: str) -> list[int]:
    alive = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as env:
                if marker.encode() in env.read():
                    alive.append(int(entry.name))
        except OSError:
            continue
    return alive


def test_build_past_its_bound_stops_with_its_processes_and_says_how_to_wait_longer(repo_root, tmp_path, monkeypatch):
    marker = f"M4D_BOUND_TEST={os.getpid()}-{time.monotonic_ns()}"
    monkeypatch.setenv("M4D_BUILD_MAX_SECONDS", "1.5")
    monkeypatch.setenv(*marker.split("=", 1))
    start = time.monotonic()
    with pytest.raises(SystemExit) as err:
        build_edition(repo_root, "en", tmp_path)
    assert time.monotonic() - start < 30
    assert "did not finish building within 2 s" in str(err.value)
    assert "M4D_BUILD_MAX_SECONDS" in str(err.value)
    # The build and everything it started (same environment marker) are gone.
    deadline = time.monotonic() + 5
    while _descendants_alive(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _descendants_alive(marker) == []


@pytest.mark.parametrize("setting", ["soon", "0", "-5"])
def test_bound_that_is_not_a_positive_number_of_seconds_is_refused_by_name(repo_root, tmp_path, monkeypatch, setting):
    monkeypatch.setenv("M4D_BUILD_MAX_SECONDS", setting)
    with pytest.raises(InputError, match="M4D_BUILD_MAX_SECONDS must be a positive number of seconds"):
        build_edition(repo_root, "en", tmp_path)
