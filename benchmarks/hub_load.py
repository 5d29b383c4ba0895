"""Load on a workshop hub: N participants log in at once and wait for their servers.

Starts a hub with `m4d hub start` on free loopback ports in a temporary folder (as
root), lets N participants (default 30) log in through the login form within the
first seconds, and measures for each the time from submitting the form to the hub
reporting their server ready (followed as the hub's spawn page follows it, on one
event stream per participant), then (unless ``--no-notebook``) the time until a new
notebook's first cell has run in a kernel (what a participant waits for before
working). Memory per participant is read from /proc when all are running: the
proportional set size (PSS, shared pages split between the processes sharing them,
so it adds up to what the machine really spends) and the resident set size (RSS) of
the participant's processes (server and kernel). Also prints where the machine's time went: the CPU
seconds each server took to start (its process and children, read from /proc when
it is ready), and the CPU seconds of the hub and its proxy over the run, with the
load average before and after (other work on the machine slows everything down).
Prints `name: value` lines; removes every account, process and folder it made.

    sudo .venv/bin/python benchmarks/hub_load.py [--participants 30] [--within 60]
        [--no-notebook] [--no-fork-server]

``--no-fork-server`` starts every server as a process of its own (the hub's fork
server off, ``M4D_HUB_FORK_SERVER=0``), to compare.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from m4d.hub.accounts import remove_workshop
from m4d.hub.visitor import Person, free_port, stop_hub, wait_for_hub

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, children: bool = True) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
    return ticks / TICK


def server_cpu(name: str) -> float | None:
    """CPU seconds used so far by the processes of account ``name`` (its server)."""
    import pwd
    from m4d.hub.accounts import processes_of
    try:
        return sum(cpu_seconds(pid) for pid in processes_of(pwd.getpwnam(name).pw_uid))
    except (KeyError, FileNotFoundError):
        return None


def process_tree_cpu(root: int) -> float:
    """CPU seconds of a process and its live descendants that run as root (the hub, the
    proxy, the culler; not the participants' servers, which the hub also started)."""
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        try:
            if Path(f"/proc/{pid}").stat().st_uid == 0:
                total += cpu_seconds(pid, children=False)
            stack += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            continue
    return total


def memory_kib(name: str) -> tuple[int, int] | None:
    """PSS and RSS (KiB) of the processes of account ``name`` (server, kernel, terminals)."""
    import pwd
    from m4d.hub.accounts import processes_of
    try:
        pids = processes_of(pwd.getpwnam(name).pw_uid)
    except KeyError:
        return None
    return sum(pss_kib(pid) for pid in pids), sum(pss_kib(pid, "Rss") for pid in pids)


def pss_kib(pid: int, field: str = "Pss") -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == field:
                return int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def fork_servers(root: int) -> list[int]:
    """The hub's fork server(s) among the hub's descendants."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        try:
            if b"m4d.hub.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
                continue
            stack += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def first_notebook(person: Person) -> None:
    """Make a new notebook and run its first cell, as a participant's first minute does."""
    r = person.server("POST", "api/contents", json={"type": "notebook"})
    r.raise_for_status()
    kernel = person.kernel(r.json()["path"])
    try:
        result = kernel.run("import m4d, pandas\nprint('ready')", timeout=300)
        if result["error"] or "ready" not in result["text"]:
            raise RuntimeError(f"first cell failed: {result['error'] or result['text'][-200:]}")
    finally:
        kernel.ws.close()  # the kernel keeps running, as a participant's does; counted in memory


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--within", type=float, default=60.0, help="seconds over which the logins are spread")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a participant waits at most")
    parser.add_argument("--keep-log", metavar="PATH", help="copy the hub's log there before cleaning up")
    parser.add_argument("--no-notebook", action="store_true", help="stop at a running server (no kernel)")
    parser.add_argument("--no-fork-server", action="store_true",
                        help="start each server as a new process (the hub's fork server off), to compare")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("hub_load: run as root (the hub creates one account per participant)", file=sys.stderr)
        return 2

    tag = secrets.token_hex(2)
    group = f"m4dl{tag}"
    base = Path(tempfile.mkdtemp(prefix="m4d-hub-load-"))
    base.chmod(0o755)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    log = open(base / "hub.log", "w")
    hub = subprocess.Popen(
        [str(BIN / "m4d"), "hub", "start", "--port", str(port), "--hub-port", str(hub_port),
         "--proxy-api-port", str(api_port), "--state", str(base / "state"), "--homes", str(base / "homes"),
         "--group", group, "--trainer", f"t{tag}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "M4D_HUB_FORK_SERVER": "0" if args.no_fork_server else "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_hub(url, timeout=120, process=hub)
        password = (base / "state" / "participant-password").read_text().strip()
        gap = args.within / max(args.participants, 1) / 2  # all logins land in the first half

        start_cpu, notebook_times, running_at = {}, {}, []

        def participant(i):
            time.sleep(i * gap)
            person = Person(url, f"p{tag}{i:03d}", password)
            start = time.monotonic()
            try:
                person.login()
                person.create_token()
                person.follow_spawn(timeout=args.timeout)
                start_cpu[person.name] = server_cpu(person.name)
                running_at.append(time.monotonic())
                running = running_at[-1] - start
            except Exception as err:  # a failed participant is counted, not fatal
                print(f"# {person.name}: {type(err).__name__}: {err}", file=sys.stderr)
                return None
            if not args.no_notebook:
                try:
                    first_notebook(person)
                    notebook_times[person.name] = time.monotonic() - start
                except Exception as err:  # noqa: BLE001
                    print(f"# {person.name}'s first notebook: {type(err).__name__}: {err}", file=sys.stderr)
            return running

        load_before = os.getloadavg()[0]
        hub_cpu = process_tree_cpu(hub.pid)
        wall = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.participants) as pool:
            times = list(pool.map(participant, range(args.participants)))
        last_running = (max(running_at) - wall) if running_at else float("nan")
        wall = time.monotonic() - wall
        memory = [m for m in (memory_kib(f"p{tag}{i:03d}") for i in range(args.participants)) if m]
        ok = [t for t in times if t is not None]
        print(f"participants: {args.participants}")
        print(f"fork_server: {'no' if args.no_fork_server else 'yes'}")
        print(f"logins_spread_over_s: {args.within / 2:.0f}")
        print(f"servers_running: {len(ok)}")
        print(f"failed: {args.participants - len(ok)}")
        if ok:
            print(f"median_s_to_running_server: {statistics.median(ok):.1f}")
            print(f"p95_s_to_running_server: {p95(ok):.1f}")
            print(f"max_s_to_running_server: {max(ok):.1f}")
        print(f"all_running_after_s: {last_running:.1f}")
        if not args.no_notebook:
            print(f"all_first_cells_run_after_s: {wall:.1f}")
        if notebook_times:
            nb = list(notebook_times.values())
            print(f"first_notebooks_run: {len(nb)}")
            print(f"median_s_to_first_notebook_cell: {statistics.median(nb):.1f}")
            print(f"p95_s_to_first_notebook_cell: {p95(nb):.1f}")
        if memory:
            print(f"median_pss_per_participant_mib: {statistics.median(m[0] for m in memory) / 1024:.0f}")
            print(f"median_rss_per_participant_mib: {statistics.median(m[1] for m in memory) / 1024:.0f}")
            print(f"total_pss_all_participants_mib: {sum(m[0] for m in memory) / 1024:.0f}")
        for pid in fork_servers(hub.pid):
            print(f"fork_server_pss_mib: {pss_kib(pid) / 1024:.0f}")
        cpu = [c for c in start_cpu.values() if c is not None]
        if cpu:
            print(f"median_server_start_cpu_s: {statistics.median(cpu):.2f}")
        print(f"hub_and_proxy_cpu_s: {process_tree_cpu(hub.pid) - hub_cpu:.1f}")
        print(f"load_average_1min_before: {load_before:.1f}")
        print(f"load_average_1min_after: {os.getloadavg()[0]:.1f}")
        print(f"within_{args.within:.0f}_s: {'yes' if len(ok) == args.participants and last_running <= args.within else 'no'}")
    finally:
        stop_hub(hub, timeout=120)
        log.close()
        if args.keep_log:
            shutil.copy(base / "hub.log", args.keep_log)
        remove_workshop(group)
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
