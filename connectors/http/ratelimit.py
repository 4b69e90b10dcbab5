"""A token bucket per vendor.

Why: every vendor publishes (or enforces unpublished) request limits; staying
under them on our side is cheaper than collecting 429s. ``rate_per_s`` tokens
refill continuously up to ``burst``; a call waits for a token.

Concurrency: used from one event loop; the asyncio.Lock orders waiters so a
burst of concurrent calls is spread evenly rather than stampeding.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    def __init__(
        self,
        rate_per_s: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
    ):
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate = rate_per_s
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = asyncio.Lock()
        self.waited_s = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    def try_acquire(self) -> bool:
        self._refill()
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    async def acquire(self) -> None:
        async with self._lock:
            while not self.try_acquire():
                wait = (1 - self._tokens) / self.rate
                self.waited_s += wait
                await asyncio.sleep(wait)
