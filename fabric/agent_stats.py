"""Per-process live figures in shared memory, readable without disturbing the process.

Why shared memory and not messages: ``sovren top`` and ``sovren status`` must
see a stuck process as stuck, so the figures cannot depend on that process
answering. Each slot is one aligned 8-byte word (a single store on x86-64, so
a reader never sees a torn value); each word has exactly one writer:

- the agent itself: pid, state, heartbeat, handled, errors, latency figures;
- the supervisor: restarts;
- ``sovren tail``: tap — a lease, the time (ns) until which received frames are
  mirrored to the tap ring. The viewer renews it while it reads, so a viewer that
  goes away however it goes (Ctrl-C, SIGKILL, a closed terminal) stops the mirroring
  within ``TAP_LEASE_S``: nobody's frames pile up in a tap nobody reads.
"""

from __future__ import annotations

import contextlib
import enum
import mmap
import os
import time

import posix_ipc

from ipc import ownership
from ipc.errors import RingExists


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
    # frames this process could not deliver on a link that carries calls (ring full)
    UNDELIVERED = 12
    # what callers feel, for OPS's load shedding (agents/ops/shedding.py); -1 = not measured
    TURN_P95_MS = 13  # COMMAND: p95 of caller's words -> end of the turn, recent window
    DECODE_LAG_MS = 14  # MEDIA: how long the oldest queued speech waits for a decoder


class State(enum.IntEnum):
    DOWN = 0
    STARTING = 1
    RUNNING = 2
    STOPPING = 3
    CRASHED = 4


_WORDS = 16
TAP_LEASE_S = 2.0
_SIZE = _WORDS * 8


def segment_name(instance: str, role_name: str) -> str:
    return f"/{instance}.{role_name.lower()}.stats"


class AgentStats:
    """A 128-byte block of int64 words (see F)."""

    def __init__(self, name: str, *, create: bool = False):
        self.name = name
        # Created exclusively (a block someone else made under this name is refused, never
        # shared: its words steer taps and heartbeats); attached only when ours alone.
        flags = posix_ipc.O_CREX if create else 0
        try:
            self._shm = posix_ipc.SharedMemory(name, flags, mode=0o600, size=_SIZE if create else 0)
        except posix_ipc.ExistentialError:
            if not create:
                raise
            why = ownership.squatted(ownership.shm_path(name))
            if why:
                raise ownership.not_owned(name, ownership.shm_path(name), why) from None
            raise RingExists(
                f"stats block {name} already exists; if its instance is dead run "
                "`sovren rings --clean`, otherwise choose another instance name"
            ) from None
        try:
            ownership.check_fd(self._shm.fd, name)
        except Exception:
            self._shm.close_fd()
            raise
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

    def tapping(self) -> bool:
        """Does a viewer hold the tap lease now? (One load when nobody does.)"""
        t = self._w[F.TAP]
        return bool(t) and t > time.time_ns()

    def lease_tap(self, seconds: float = TAP_LEASE_S) -> None:
        """The viewer's renewal: mirror for ``seconds`` more; 0 ends it."""
        self._w[F.TAP] = time.time_ns() + int(seconds * 1e9) if seconds > 0 else 0

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
