"""Latency and error figures per vendor, for OPS and ``sovren pms check``.

Why a bounded window: OPS wants how the vendor behaves *now*; the last
``window`` calls answer that without unbounded memory.
"""

from __future__ import annotations

import time
from collections import deque


def _percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    idx = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[idx]


class HealthRecorder:
    def __init__(self, window: int = 512):
        self._latencies: deque[float] = deque(maxlen=window)
        self._outcomes: deque[bool] = deque(maxlen=window)
        self.total_calls = 0
        self.total_errors = 0
        self.retries = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.last_ok_at: float | None = None

    def record(self, latency_s: float, ok: bool, error_code: str | None = None) -> None:
        self.total_calls += 1
        self._latencies.append(latency_s)
        self._outcomes.append(ok)
        if ok:
            self.last_ok_at = time.time()
        else:
            self.total_errors += 1
            self.last_error = error_code
            self.last_error_at = time.time()

    def snapshot(self) -> dict:
        lat = sorted(self._latencies)
        n = len(self._outcomes)
        errors = sum(1 for ok in self._outcomes if not ok)
        p50 = _percentile(lat, 0.50)
        p95 = _percentile(lat, 0.95)
        return {
            "calls": self.total_calls,
            "errors": self.total_errors,
            "retries": self.retries,
            "window": n,
            "error_rate": (errors / n) if n else 0.0,
            "latency_p50_ms": None if p50 is None else round(p50 * 1000, 2),
            "latency_p95_ms": None if p95 is None else round(p95 * 1000, 2),
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "last_ok_at": self.last_ok_at,
        }
