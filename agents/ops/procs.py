"""Host and per-process CPU, memory and threads with psutil, as deltas between two samples.

Why our own deltas instead of ``psutil.cpu_percent(interval=None)``: psutil keeps
the previous host reading in module-global state, so two samplers in one
process would corrupt each other's figures. Each sampler here keeps its own
previous readings; the first sample of a process reports ``cpu_percent`` None
(there is nothing to compare with yet) rather than a made-up 0.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Mapping
from typing import Any

import psutil


class HostSampler:
    def __init__(self) -> None:
        self._last: Any = None

    def sample(self) -> dict[str, Any]:
        times = psutil.cpu_times()
        cpu = None
        if self._last is not None:
            total = sum(times) - sum(self._last)
            idle = (times.idle + getattr(times, "iowait", 0.0)) - (
                self._last.idle + getattr(self._last, "iowait", 0.0)
            )
            cpu = 100.0 * (1.0 - idle / total) if total > 0 else 0.0
            cpu = min(100.0, max(0.0, cpu))
        self._last = times
        vm = psutil.virtual_memory()
        load1, load5, load15 = os.getloadavg()
        return {
            "cpu_percent": cpu,
            "cpu_count": psutil.cpu_count() or 1,
            "mem_percent": vm.percent,
            "mem_total_bytes": vm.total,
            "mem_available_bytes": vm.available,
            "load_1m": load1,
            "load_5m": load5,
        }


class ProcessSampler:
    """Figures per role for the pids it is given; remembers each process between samples."""

    def __init__(self) -> None:
        # role -> (process, cpu seconds, wall time) of the previous sample
        self._prev: dict[str, tuple[psutil.Process, float, float]] = {}

    def sample(self, pids: Mapping[str, int]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for role, pid in pids.items():
            out[role] = self._one(role, pid)
        for gone in set(self._prev) - set(pids):
            del self._prev[gone]
        return out

    def _one(self, role: str, pid: Any) -> dict[str, Any]:
        try:
            if isinstance(pid, bool):
                raise TypeError
            pid = operator.index(pid)  # ints from shared memory or numpy are fine
        except TypeError:
            pid = None
        if pid is None or pid <= 0:
            self._prev.pop(role, None)
            return {"pid": pid, "alive": False, "error": "invalid pid"}
        prev = self._prev.get(role)
        proc = prev[0] if prev is not None and prev[0].pid == pid else None
        try:
            if proc is None or not proc.is_running():
                proc = psutil.Process(pid)
                prev = None
            with proc.oneshot():
                t = proc.cpu_times()
                mem = proc.memory_info()
                threads = proc.num_threads()
                status = proc.status()
                fds = proc.num_fds() if hasattr(proc, "num_fds") else None
        except psutil.NoSuchProcess:
            self._prev.pop(role, None)
            return {"pid": pid, "alive": False, "error": "no such process"}
        except psutil.AccessDenied:
            self._prev.pop(role, None)
            return {"pid": pid, "alive": True, "error": "access denied"}
        now = time.monotonic()
        cpu_s = t.user + t.system
        cpu = None
        if prev is not None and now > prev[2]:
            cpu = max(0.0, 100.0 * (cpu_s - prev[1]) / (now - prev[2]))
        self._prev[role] = (proc, cpu_s, now)
        alive = status != psutil.STATUS_ZOMBIE
        return {
            "pid": pid,
            "alive": alive,
            "status": status,
            "cpu_percent": cpu,
            "rss_bytes": mem.rss,
            "threads": threads,
            "fds": fds,
        }
