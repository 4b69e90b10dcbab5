"""A circuit breaker per vendor.

Why: when a vendor is down, failing fast keeps a caller's turn short (COMMAND
offers a human at once) and stops us hammering a sick API. After ``cooldown_s``
one probe call is let through (half-open); its success closes the breaker, its
failure opens it again for another cool-down.

Concurrency: one breaker belongs to one VendorHttpClient and is only touched
from that client's event loop, so it needs no lock.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable


class BreakerState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        window_s: float = 30.0,
        cooldown_s: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.window_s = window_s
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._opened_at: float | None = None
        self._probe_in_flight = False
        self.opened_count = 0

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at >= self.cooldown_s:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def retry_in(self) -> float:
        """Seconds until the breaker half-opens (0 when calls may pass)."""
        if self._opened_at is None:
            return 0.0
        return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """May a call go out now? In half-open state only one probe at a time."""
        state = self.state
        if state is BreakerState.CLOSED:
            return True
        if state is BreakerState.HALF_OPEN and not self._probe_in_flight:
            self._probe_in_flight = True
            return True
        return False

    def record_success(self) -> None:
        self._failures.clear()
        self._opened_at = None
        self._probe_in_flight = False

    def record_failure(self) -> None:
        now = self._clock()
        if self._opened_at is not None:  # a failed probe: open again for a full cool-down
            self._opened_at = now
            self._probe_in_flight = False
            self.opened_count += 1
            return
        self._failures.append(now)
        while self._failures and now - self._failures[0] > self.window_s:
            self._failures.popleft()
        if len(self._failures) >= self.failure_threshold:
            self._opened_at = now
            self._failures.clear()
            self.opened_count += 1

    def release_probe(self) -> None:
        """A probe ended without a verdict on the vendor's health (e.g. a 404)."""
        self._probe_in_flight = False
