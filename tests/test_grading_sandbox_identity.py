"""Two graders on one machine never share a sandbox identity: a shared uid would pool
their process limit and let one grader's clean-up kill the other's kernels."""
from __future__ import annotations

import subprocess
import sys

from m4d.grading.sandbox import claim_sandbox_uid


def test_claimed_uids_are_distinct_while_held(tmp_path, monkeypatch):
    monkeypatch.setattr("m4d.grading.sandbox.UID_CLAIMS_DIR", tmp_path)
    claims = [claim_sandbox_uid(64000) for _ in range(5)]
    uids = [uid for uid, _ in claims]
    assert len(set(uids)) == 5 and all(64000 <= u < 65000 for u in uids)
    for _, handle in claims:
        handle.close()


def test_a_released_uid_can_be_claimed_again(tmp_path, monkeypatch):
    monkeypatch.setattr("m4d.grading.sandbox.UID_CLAIMS_DIR", tmp_path)
    uid, handle = claim_sandbox_uid(64000)
    handle.close()
    again, handle = claim_sandbox_uid(64000)
    handle.close()
    assert again == uid


def test_another_process_holding_a_uid_is_respected(tmp_path, monkeypatch):
    monkeypatch.setattr("m4d.grading.sandbox.UID_CLAIMS_DIR", tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, m4d.grading.sandbox as s; from pathlib import Path;"
         f"s.UID_CLAIMS_DIR = Path({str(tmp_path)!r}); uid, h = s.claim_sandbox_uid(64000);"
         "print(uid, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        held = int(holder.stdout.readline())
        mine = {claim_sandbox_uid(64000) for _ in range(3)}
        assert held not in {uid for uid, _ in mine}
        for _, handle in mine:
            handle.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
