"""Load-shedding advice with hysteresis: on when the host is saturated, off only when it has clearly recovered.

Why hysteresis: a host hovering around one threshold would flap between
shedding and not on every sample, and callers would hear it. CPU must stay above
``cpu_high`` for ``shed_window_s`` before shedding starts (a short spike is
normal); memory pressure and nearly full rings switch it on at once (they do not
fix themselves). It switches off only after everything stayed below the *low*
thresholds for ``clear_window_s``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ShedAdvice:
    shed: bool
    reasons: tuple[str, ...]


class LoadShedAdvisor:
    def __init__(self, cfg: Any):
        self.cfg = cfg
        self.shedding = False
        self._cpu_high_since: float | None = None
        self._calm_since: float | None = None
        self._reasons: tuple[str, ...] = ()

    def update(
        self, now: float, cpu_percent: float | None, mem_percent: float, ring_fill: float
    ) -> ShedAdvice:
        c = self.cfg
        cpu = cpu_percent or 0.0
        if cpu > c.cpu_high_percent:
            if self._cpu_high_since is None:
                self._cpu_high_since = now
        else:
            self._cpu_high_since = None
        reasons = []
        if self._cpu_high_since is not None and now - self._cpu_high_since >= c.shed_window_s:
            reasons.append(
                f"cpu {cpu:.0f}% > {c.cpu_high_percent:g}% for {now - self._cpu_high_since:.0f} s"
            )
        if mem_percent > c.mem_high_percent:
            reasons.append(f"memory {mem_percent:.0f}% > {c.mem_high_percent:g}%")
        if ring_fill > c.ring_high_fill:
            reasons.append(f"ring {ring_fill:.0%} full > {c.ring_high_fill:.0%}")

        if reasons:
            self.shedding = True
            self._calm_since = None
            self._reasons = tuple(reasons)
        elif self.shedding:
            calm = (
                cpu < c.cpu_low_percent
                and mem_percent < c.mem_low_percent
                and ring_fill < c.ring_low_fill
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
