"""A PMS connector's health score in [0, 1] from its latency, error rate and circuit breaker.

Why multiply: each is a separate way to be sick; an open breaker means the
connector is not being called at all (0), a half-open one is on probation
(halved), and slow or failing calls reduce the score in proportion to how far
they are between "fine" and "sick" (config ``ops.latency_ok_ms``/``latency_bad_ms``,
``ops.error_rate_bad``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_BREAKER = {"closed": 1.0, "half_open": 0.5, "half-open": 0.5, "open": 0.0}


def connector_score(health: Mapping[str, Any], cfg: Any) -> tuple[float, str]:
    """(score, why). ValueError on unusable input (unknown breaker state, negative figures)."""
    if not isinstance(health, Mapping):
        raise ValueError(f"connector health must be a mapping, not {type(health).__name__}")
    state = str(health.get("breaker_state", "closed")).lower()
    if state not in _BREAKER:
        raise ValueError(f"unknown breaker_state {state!r}; expected one of {sorted(_BREAKER)}")
    why = []
    score = _BREAKER[state]
    if score < 1:
        why.append(f"breaker {state}")
    lat = health.get("latency_p95_ms")
    if lat is not None:
        if not isinstance(lat, int | float) or lat < 0:
            raise ValueError(f"latency_p95_ms must be a number >= 0, got {lat!r}")
        span = cfg.latency_bad_ms - cfg.latency_ok_ms
        f = (
            1.0
            if lat <= cfg.latency_ok_ms
            else max(0.0, 1.0 - (lat - cfg.latency_ok_ms) / max(span, 1e-9))
        )
        if f < 1:
            why.append(f"p95 {lat:.0f} ms")
        score *= f
    err = health.get("error_rate")
    if err is not None:
        if not isinstance(err, int | float) or not 0 <= err <= 1:
            raise ValueError(f"error_rate must be in [0, 1], got {err!r}")
        f = max(0.0, 1.0 - err / cfg.error_rate_bad)
        if f < 1:
            why.append(f"errors {err:.0%}")
        score *= f
    return score, ", ".join(why)
