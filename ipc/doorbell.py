"""Doorbell and Inbox: one consumer waits on all of its inbound rings at once.

Why one semaphore per consumer (not per ring): a process with five inbound
links must sleep on one thing. Why spin first: a POSIX-semaphore wake-up costs
10-21 us on these machines, a busy link delivers far faster, so the consumer
polls its rings for ``spin_s`` before it sleeps. Why the "sleeping" flag in each
ring's control block: producers post the semaphore only when the consumer
actually sleeps, so a busy link never pays for a system call.

Lost wake-up: the consumer stores ``sleeping=1`` then re-checks its rings; the
producer stores ``head`` then loads ``sleeping``. That store->load pattern needs
a full fence on both sides, which the C core provides (``RingCore.fence`` and in
its send path). A producer on the pure-Python core cannot fence, so the consumer
never sleeps longer than ``max_sleep_s`` (10 ms) per wait: a missed wake-up costs
at most that, and an idle consumer wakes 100 times a second.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable

import posix_ipc

from ipc import ownership
from ipc.errors import InvalidRingName, RingExists
from ipc.messages import AgentId, AgentMessage
from ipc.names import BELL_NAME, bell_name
from ipc.ring import Ring

_perf = time.perf_counter


class Doorbell:
    """A named POSIX semaphore (mode 0600) that wakes one consumer."""

    def __init__(self, sem: posix_ipc.Semaphore, owner: bool) -> None:
        self._sem = sem
        self.name = sem.name
        self._owner = owner

    @classmethod
    def create(cls, instance: str, consumer: AgentId | str) -> Doorbell:
        """Create the semaphore exclusively (mode 0600): a name someone else made is refused."""
        name = bell_name(instance, consumer)
        try:
            sem = posix_ipc.Semaphore(name, posix_ipc.O_CREX, mode=0o600, initial_value=0)
        except posix_ipc.ExistentialError:
            path = ownership.sem_path(name)
            why = ownership.squatted(path)
            if why:
                raise ownership.not_owned(name, path, why, kind="doorbell") from None
            raise RingExists(
                f"doorbell {name} already exists; if its instance is dead run "
                "`sovren rings --clean`, otherwise choose another instance name"
            ) from None
        return cls(sem, True)

    @classmethod
    def open(cls, name: str) -> Doorbell:
        if not BELL_NAME.match(name):
            raise InvalidRingName(f"doorbell name {name!r} is not '/<instance>.<agent>.bell'")
        ownership.check_path(ownership.sem_path(name), name, kind="doorbell")
        return cls(posix_ipc.Semaphore(name), False)

    def ring(self) -> None:
        self._sem.release()

    def wait(self, timeout: float | None) -> bool:
        try:
            self._sem.acquire(timeout)
            return True
        except (posix_ipc.BusyError, posix_ipc.SignalError):
            return False  # a signal is a spurious wake-up: the caller re-checks its rings

    def drain(self) -> None:
        """Swallow wake-ups that arrived while we were awake anyway."""
        try:
            while True:
                self._sem.acquire(0)
        except posix_ipc.BusyError:
            pass

    def close(self) -> None:
        self._sem.close()

    def unlink(self) -> None:
        """Remove the name (by name: a closed handle can no longer unlink itself)."""
        with contextlib.suppress(posix_ipc.ExistentialError):
            posix_ipc.unlink_semaphore(self.name)

    def __enter__(self) -> Doorbell:
        return self

    def __exit__(self, *exc) -> None:
        if self._owner:
            self.unlink()
        self.close()


class Inbox:
    """Selector over a consumer's inbound rings: ``poll(timeout)`` returns what arrived.

    Owned by one consumer thread (the rings' single consumer).
    """

    def __init__(
        self,
        rings: Iterable[Ring],
        doorbell: Doorbell,
        *,
        spin_s: float = 50e-6,
        max_sleep_s: float = 0.01,
        batch: int = 64,
    ) -> None:
        self.rings = list(rings)
        self.doorbell = doorbell
        self.spin_s = spin_s
        self.max_sleep_s = max_sleep_s
        self.batch = batch
        self._woken = False
        for r in self.rings:
            r.bind_doorbell(doorbell.name)

    def wake(self) -> None:
        """End the consumer's current (or next) ``poll`` now, with or without frames.

        For the consumer's own threads: work they hand its loop (a barge-in, a reply
        frame) would otherwise wait until a frame arrives or the poll times out. Safe
        from any thread; a wake-up while the consumer is awake makes its next poll
        return at once, which costs one idle turn of its loop.
        """
        self._woken = True
        self.doorbell.ring()

    def _collect(self, raw: bool) -> list:
        out = []
        for r in self.rings:
            if r.pending_bytes:
                got = r.recv_many(self.batch, 0, raw=raw)
                name = r.name
                out.extend((name, m) for m in got)
        return out

    def poll(
        self, timeout: float | None = None, *, raw: bool = False
    ) -> list[tuple[str, AgentMessage]]:
        """[(ring name, message)] from every ring with data; [] after ``timeout`` or ``wake``.

        Spins ``spin_s`` first, then sleeps on the doorbell (None: wait forever).
        """
        out = self._collect(raw)
        if out or timeout == 0:
            return out
        start = _perf()
        deadline = None if timeout is None else start + timeout
        spin_until = start + self.spin_s
        while _perf() < spin_until:
            out = self._collect(raw)
            if out:
                return out
        while True:
            for r in self.rings:
                r.set_sleeping(True)
            if self.rings:
                self.rings[0].fence()  # store sleeping -> load head (see module docstring)
            out = self._collect(raw)
            if out:
                for r in self.rings:
                    r.set_sleeping(False)
                return out
            now = _perf()
            if deadline is not None and now >= deadline:
                for r in self.rings:
                    r.set_sleeping(False)
                return []
            # Never sleep unboundedly: a producer on the pure-Python core cannot fence
            # (see module docstring), so a wake-up may be missed; we re-check after max_sleep_s.
            wait = self.max_sleep_s if deadline is None else min(deadline - now, self.max_sleep_s)
            self.doorbell.wait(wait)
            for r in self.rings:
                r.set_sleeping(False)
            out = self._collect(raw)
            if out or self._woken:
                self._woken = False
                return out
