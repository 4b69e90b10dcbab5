"""The runtime's call limit, shared by every user-agent process of one instance.

Why lock files: the limit (``telephony.max_calls``) spans several processes (PJSIP
allows 4 calls per process), and a process that dies must never keep its calls
counted. A call holds an flock on one of ``max_calls`` files; the kernel releases it
when the call ends or the process dies, however it dies.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class CallSlots:
    def __init__(self, state_dir: Path, max_calls: int):
        self.dir = Path(state_dir)
        self.max_calls = max_calls

    def claim(self) -> int | None:
        """A held slot's file descriptor, or None when all ``max_calls`` are taken."""
        for k in range(self.max_calls):
            fd = os.open(self.dir / f"sip-call{k}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    @staticmethod
    def release(fd: int | None) -> None:
        if fd is not None:
            os.close(fd)  # closing the descriptor releases its flock

    def in_use(self) -> int:
        """How many slots are held right now (for status views)."""
        n = 0
        for k in range(self.max_calls):
            p = self.dir / f"sip-call{k}.lock"
            if not p.exists():
                continue
            fd = os.open(p, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                n += 1
            finally:
                os.close(fd)
        return n
