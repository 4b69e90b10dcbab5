"""An alert naming a ring that fills: once per episode, with hysteresis.

Why here: OPS reads every ring's control block each second anyway. A ring past
``ring_high_fill`` raises one alert naming it, its consumer and what it means;
it is re-armed only after the ring drained below ``ring_low_fill`` (then an INFO
alert says so), so a ring hovering at the threshold does not flood the feed.
A link that carries calls filling up is HIGH (its consumer is not draining:
calls on it fail politely); a telemetry link is LOW (nobody reads it: its
frames are dropped and counted, nothing waits on it).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ipc.messages import Alert, Severity


class RingFillAlarm:
    def __init__(self, high: float, low: float):
        self.high = high
        self.low = low
        self.full: set[str] = set()

    def update(
        self, figures: Mapping[str, Mapping[str, Any]], on_full: Mapping[str, str]
    ) -> list[Alert]:
        """``figures``: ring key -> ``rings_figures`` entry; ``on_full``: key -> 'drop'|'fail'."""
        out = []
        for key, f in figures.items():
            fill = f.get("fill")
            if fill is None:
                continue
            telemetry = on_full.get(key) == "drop"
            consumer = key.rsplit("-", 1)[-1]
            if key not in self.full and fill >= self.high:
                self.full.add(key)
                meaning = (
                    "nobody is reading it; its frames are dropped and counted"
                    if telemetry
                    else f"{consumer} is not draining it; calls whose frames it carries are "
                    "failed politely (the caller is offered a colleague)"
                )
                out.append(
                    Alert(
                        alert_id=uuid.uuid4().hex,
                        severity=Severity.LOW if telemetry else Severity.HIGH,
                        category="ring.full",
                        message=f"ring {key} is {fill:.0%} full: {meaning}",
                        evidence={
                            "ring": key,
                            "fill": round(fill, 3),
                            "drops": f.get("drops", 0),
                            "policy": on_full.get(key, "fail"),
                        },
                    )
                )
            elif key in self.full and fill < self.low:
                self.full.discard(key)
                out.append(
                    Alert(
                        alert_id=uuid.uuid4().hex,
                        severity=Severity.INFO,
                        category="ring.drained",
                        message=f"ring {key} drained to {fill:.0%}",
                        evidence={"ring": key, "fill": round(fill, 3)},
                    )
                )
        return out
