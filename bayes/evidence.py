"""Evidence calibration tables compiled to lookup arrays.

Why a lookup table: the configuration gives a few knots (value, likelihood
ratio); interpolating between them on every call would cost a search and a log.
Instead each source is sampled once at 1001 points (value step 0.001) in
log-likelihood-ratio space, and a decision reads ``lut[int(v * 1000 + 0.5)]``.
Sampling a non-decreasing function keeps it non-decreasing, so monotonicity
survives compilation.
"""

from __future__ import annotations

import numpy as np

from config.sections.decision import DecisionConfig, EvidenceTable

RESOLUTION = 1000


def compile_table(t: EvidenceTable) -> tuple[float, ...]:
    """log-LR at value i / RESOLUTION for i in 0..RESOLUTION (linear in log-LR between knots).

    numpy is fine here: this runs once per start, never per decision.
    """
    xs = np.array([x for x, _ in t.table], dtype=np.float64)
    ys = np.log(np.array([r for _, r in t.table], dtype=np.float64))
    grid = np.arange(RESOLUTION + 1, dtype=np.float64) / RESOLUTION
    return tuple(np.interp(grid, xs, ys).tolist())


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
