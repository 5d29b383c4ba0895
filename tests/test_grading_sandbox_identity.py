"""Two graders on one machine never share a sandbox identity: a shared uid would pool
their process limit and let one grader's clean-up kill the other's kernels."""
from __future__ import annotations

import os
import subprocess
import sys

from m4d.grading.sandbox import claim_sandbox_uid


def test_claimed_uids_are_distinct_while_held(tmp_path, monkeypatch):
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path))
    claims = [claim_sandbox_uid(64000) for _ in range(5)]
    uids = [uid for uid, _ in claims]
    assert len(set(uids)) == 5 and all(64000 <= u < 65000 for u in uids)
    for _, handle in claims:
        handle.close()


def test_a_released_uid_can_be_claimed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path))
    uid, handle = claim_sandbox_uid(64000)
    handle.close()
    again, handle = claim_sandbox_uid(64000)
    handle.close()
    assert again == uid


def test_another_process_holding_a_uid_is_respected(tmp_path, monkeypatch):
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(tmp_path))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, m4d.grading.sandbox as s; uid, h = s.claim_sandbox_uid(64000);"
         "print(uid, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "M4D_SANDBOX_UID_DIR": str(tmp_path)})
    try:
        held = int(holder.stdout.readline())
        mine = {claim_sandbox_uid(64000) for _ in range(3)}
        assert held not in {uid for uid, _ in mine}
        for _, handle in mine:
            handle.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_claims_folder_the_grader_cannot_write_is_refused_with_a_message(tmp_path, monkeypatch):
    """Not "see the above traceback": the message names the folder and the fix."""
    import pytest
    from m4d.errors import InputError
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(blocked / "uids"))
    with pytest.raises(InputError, match="M4D_SANDBOX_UID_DIR"):
        claim_sandbox_uid(64000)


def test_uid_claims_never_live_in_a_machine_wide_tmp_folder(monkeypatch):
    from m4d.grading.sandbox import uid_claims_dir
    monkeypatch.delenv("M4D_SANDBOX_UID_DIR", raising=False)
    assert not str(uid_claims_dir()).startswith("/tmp")


def test_a_grader_without_root_claims_no_uid_and_needs_no_shared_folder(tmp_path, monkeypatch):
    """Root's claims folder (here: not even a folder) is not in an ordinary account's way."""
    from m4d.grading.sandbox import sandbox_identity
    blocked = tmp_path / "made-by-root"
    blocked.write_text("")
    monkeypatch.setenv("M4D_SANDBOX_UID_DIR", str(blocked / "uids"))
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert sandbox_identity(64000) == (None, None)
