"""psutil figures on real processes: a busy subprocess shows its CPU, a dead one shows as down."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from agents.ops.procs import HostSampler, ProcessSampler

BUSY = "import time\nprint('ready', flush=True)\nend = time.time() + 20\nwhile time.time() < end: pass\n"
IDLE = "import time\nprint('ready', flush=True)\ntime.sleep(20)\n"


@pytest.fixture
def spawn():
    procs = []

    def start(code):
        p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        procs.append(p)
        assert p.stdout.readline() == "ready\n"  # interpreter start-up is over
        return p

    yield start
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait()


def test_busy_process_shows_its_cpu_and_idle_does_not(spawn):
    import psutil

    busy, idle = spawn(BUSY), spawn(IDLE)
    s = ProcessSampler()
    first = s.sample({"busy": busy.pid, "idle": idle.pid})
    assert first["busy"]["cpu_percent"] is None  # nothing to compare with yet
    # The machine's cores are shared with other work, so wait for CPU time, not wall time.
    start = sum(psutil.Process(busy.pid).cpu_times()[:2])
    deadline = time.monotonic() + 15
    while (
        sum(psutil.Process(busy.pid).cpu_times()[:2]) - start < 0.3 and time.monotonic() < deadline
    ):
        time.sleep(0.1)
    fig = s.sample({"busy": busy.pid, "idle": idle.pid})
    assert fig["busy"]["alive"] and fig["busy"]["pid"] == busy.pid
    assert fig["busy"]["cpu_percent"] > 5.0
    assert fig["idle"]["cpu_percent"] < 2.0
    assert fig["busy"]["cpu_percent"] > 5 * fig["idle"]["cpu_percent"]
    assert fig["busy"]["rss_bytes"] > 1 << 20 and fig["busy"]["threads"] >= 1


def test_dead_and_invalid_pids(spawn):
    p = spawn(IDLE)
    s = ProcessSampler()
    assert s.sample({"x": p.pid})["x"]["alive"]
    p.kill()
    p.wait()
    fig = s.sample({"x": p.pid, "bad": -3, "weird": "12"})
    assert fig["x"] == {"pid": p.pid, "alive": False, "error": "no such process"}
    assert fig["bad"]["alive"] is False and "invalid pid" in fig["bad"]["error"]
    assert fig["weird"]["alive"] is False


def test_pids_from_numpy_or_shared_memory_are_accepted():
    import numpy as np

    fig = ProcessSampler().sample({"me": np.int64(os.getpid()), "flag": True})
    assert fig["me"]["alive"] and fig["me"]["pid"] == os.getpid()
    assert fig["flag"]["alive"] is False


def test_restarted_role_gets_fresh_deltas(spawn):
    a, b = spawn(IDLE), spawn(IDLE)
    s = ProcessSampler()
    s.sample({"media": a.pid})
    time.sleep(0.1)
    assert s.sample({"media": b.pid})["media"]["cpu_percent"] is None  # new pid: no stale delta


def test_own_process_and_host():
    h = HostSampler()
    first = h.sample()
    assert first["cpu_percent"] is None
    assert (
        0 < first["mem_percent"] < 100
        and first["mem_total_bytes"] > first["mem_available_bytes"] > 0
    )
    time.sleep(0.2)
    second = h.sample()
    assert 0.0 <= second["cpu_percent"] <= 100.0
    assert second["cpu_count"] >= 1
    fig = ProcessSampler().sample({"me": os.getpid()})["me"]
    assert fig["alive"] and fig["fds"] >= 3
