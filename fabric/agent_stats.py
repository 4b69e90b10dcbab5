"""Per-process live figures in shared memory, readable without disturbing the process.

Why shared memory and not messages: ``sovren top`` and ``sovren status`` must
see a stuck process as stuck, so the figures cannot depend on that process
answering. Each slot is one aligned 8-byte word (a single store on x86-64, so
a reader never sees a torn value); each word has exactly one writer:

- the agent itself: pid, state, heartbeat, handled, errors, latency figures;
- the supervisor: restarts;
- ``sovren tail``: tap (1 = mirror received frames to the tap ring).
"""

from __future__ import annotations

import contextlib
import enum
import mmap
import os
import time

import posix_ipc


class F(enum.IntEnum):
    PID = 0
    STATE = 1
    RESTARTS = 2
    HEARTBEAT_NS = 3
    HANDLED = 4
    ERRORS = 5
    LAT_P50_US = 6
    LAT_P99_US = 7
    TAP = 8
    STARTED_NS = 9
    RSS_BYTES = 10
    FRAMES_PER_S = 11


class State(enum.IntEnum):
    DOWN = 0
    STARTING = 1
    RUNNING = 2
    STOPPING = 3
    CRASHED = 4


_WORDS = 16
_SIZE = _WORDS * 8


def segment_name(instance: str, role_name: str) -> str:
    return f"/{instance}.{role_name.lower()}.stats"


class AgentStats:
    """A 128-byte block of int64 words (see F)."""

    def __init__(self, name: str, *, create: bool = False):
        self.name = name
        flags = posix_ipc.O_CREAT if create else 0
        self._shm = posix_ipc.SharedMemory(name, flags, mode=0o600, size=_SIZE if create else 0)
        self._map = mmap.mmap(self._shm.fd, _SIZE)
        self._shm.close_fd()
        self._w = memoryview(self._map).cast("q")

    def __getitem__(self, f: F) -> int:
        return self._w[f]

    def __setitem__(self, f: F, value: int) -> None:
        self._w[f] = int(value)

    def snapshot(self) -> dict[str, int]:
        return {f.name.lower(): self._w[f] for f in F}

    def beat(self) -> None:
        self._w[F.HEARTBEAT_NS] = time.time_ns()

    def mark_started(self) -> None:
        self._w[F.PID] = os.getpid()
        self._w[F.STARTED_NS] = time.time_ns()
        self._w[F.STATE] = State.RUNNING
        self.beat()

    def close(self) -> None:
        self._w.release()
        self._map.close()

    def unlink(self) -> None:
        with contextlib.suppress(posix_ipc.ExistentialError):
            posix_ipc.unlink_shared_memory(self.name)
