"""Load-shedding advice from what callers feel, with hysteresis.

Why the service's own signals and not host CPU: on a small host a busy but
healthy minute keeps the CPU above 90 % while every caller is still answered in
time; shedding then sends away calls that would have gone well. What a caller
feels is (a) how long a turn takes against its budget (COMMAND's p95 of the
time from the caller's words to the end of the turn), (b) how long the caller's
speech waits for a whisper decoder (MEDIA's decode queue lag) and (c) frames
waiting on links that carry calls (ring fill; telemetry links never count: they
drop what nobody reads). A signal nobody measured (no calls yet, no audio calls)
never triggers anything.

Why hysteresis: a service hovering around one threshold would flap between
shedding and not on every sample, and callers would hear it. Latency and lag
must stay above their *high* thresholds for ``shed_window_s`` before shedding
starts (one slow turn is not overload); a call ring past ``ring_high_fill``
switches it on at once (frames already wait). It switches off only after every
signal stayed below its *low* threshold for ``clear_window_s``.

The thresholds' defaults come from ``python -m bench.shedding`` (BENCHMARKS.md,
"Load shedding").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ShedAdvice:
    shed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceSignals:
    """One sample of what callers feel (None = not measured in this sample)."""

    turn_p95_ms: float | None = None
    decode_lag_ms: float | None = None
    ring_fill: float = 0.0
    fullest_ring: str = ""


class LoadShedAdvisor:
    def __init__(self, cfg: Any):
        self.cfg = cfg
        self.shedding = False
        self._high_since: dict[str, float] = {}
        self._calm_since: float | None = None
        self._reasons: tuple[str, ...] = ()

    def _sustained(self, name: str, high: bool, now: float) -> float | None:
        """How long ``name`` has been high (None while it is not)."""
        if not high:
            self._high_since.pop(name, None)
            return None
        return now - self._high_since.setdefault(name, now)

    def update(self, now: float, s: ServiceSignals) -> ShedAdvice:
        c = self.cfg
        reasons = []
        turn = s.turn_p95_ms
        held = self._sustained("turn", turn is not None and turn > c.turn_latency_high_ms, now)
        if held is not None and held >= c.shed_window_s:
            reasons.append(
                f"turn latency p95 {turn:.0f} ms > {c.turn_latency_high_ms:g} ms for {held:.0f} s"
            )
        lag = s.decode_lag_ms
        held = self._sustained("lag", lag is not None and lag > c.decode_lag_high_ms, now)
        if held is not None and held >= c.shed_window_s:
            reasons.append(
                f"speech waits {lag:.0f} ms for a decoder > {c.decode_lag_high_ms:g} ms "
                f"for {held:.0f} s"
            )
        if s.ring_fill > c.ring_high_fill:
            reasons.append(
                f"ring {s.fullest_ring or '?'} {s.ring_fill:.0%} full > {c.ring_high_fill:.0%}"
            )

        if reasons:
            self.shedding = True
            self._calm_since = None
            self._reasons = tuple(reasons)
        elif self.shedding:
            calm = (
                (turn is None or turn < c.turn_latency_low_ms)
                and (lag is None or lag < c.decode_lag_low_ms)
                and s.ring_fill < c.ring_low_fill
            )
            if not calm:
                self._calm_since = None
            elif self._calm_since is None:
                self._calm_since = now
            if calm and now - self._calm_since >= c.clear_window_s:
                self.shedding = False
                self._calm_since = None
                self._reasons = ()
        return ShedAdvice(self.shedding, self._reasons if self.shedding else ())
