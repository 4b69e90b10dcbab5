"""Evidence calibration tables compiled to lookup arrays.

Why a lookup table: the configuration gives a few knots (value, likelihood
ratio); interpolating between them on every call would cost a search and a log.
Instead each source is sampled once at 1001 points (value step 0.001) in
log-likelihood-ratio space, and a decision reads ``lut[int(v * 1000 + 0.5)]``.
Sampling a non-decreasing function keeps it non-decreasing, so monotonicity
survives compilation.
"""

from __future__ import annotations

import math

from config.sections.decision import DecisionConfig, EvidenceTable

RESOLUTION = 1000


def compile_table(t: EvidenceTable) -> tuple[float, ...]:
    """log-LR at value i / RESOLUTION for i in 0..RESOLUTION (linear in log-LR between knots)."""
    knots = [(x, math.log(r)) for x, r in t.table]
    out = []
    j = 0
    for i in range(RESOLUTION + 1):
        v = i / RESOLUTION
        while j < len(knots) - 2 and v > knots[j + 1][0]:
            j += 1
        (x0, y0), (x1, y1) = knots[j], knots[j + 1]
        w = (v - x0) / (x1 - x0)
        out.append(y0 + (y1 - y0) * min(max(w, 0.0), 1.0))
    return tuple(out)


class EvidenceModel:
    """Per-source tables and the groups of correlated sources."""

    def __init__(self, config: DecisionConfig):
        self.tables: dict[str, tuple[float, ...]] = {
            name: compile_table(t) for name, t in config.evidence.items()
        }
        # (member names, damping) for groups with at least two members
        self.groups: tuple[tuple[tuple[str, ...], float], ...] = tuple(
            (tuple(g.sources), g.damping) for g in config.correlated.values() if len(g.sources) > 1
        )
