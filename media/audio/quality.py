"""Level, clipping and silence figures for a piece of audio.

Why: a clipped or near-silent recording transcribes badly, and the decision
core should hear about it (as lower confidence) rather than trust the words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Full-scale int16 is 32767/32768; samples this close to it count as clipped.
CLIP_LEVEL = 32700 / 32768
# A run of at least this many consecutive full-scale samples is clipping, not a loud peak.
CLIP_RUN = 3
SILENCE_DBFS = -60.0


@dataclass(frozen=True)
class AudioQuality:
    rms_dbfs: float
    peak: float
    clipped_fraction: float

    @property
    def clipped(self) -> bool:
        """More than 0.1 % of samples sit in flat-topped runs at full scale."""
        return self.clipped_fraction > 0.001

    @property
    def silent(self) -> bool:
        return self.rms_dbfs < SILENCE_DBFS


def analyse(x: np.ndarray) -> AudioQuality:
    if x.size == 0:
        return AudioQuality(rms_dbfs=-float("inf"), peak=0.0, clipped_fraction=0.0)
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    at_rail = np.abs(x) >= CLIP_LEVEL
    clipped = 0
    if at_rail.any():
        # count samples belonging to runs of >= CLIP_RUN consecutive rail samples
        edges = np.diff(np.concatenate(([0], at_rail.view(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        lengths = ends - starts
        clipped = int(lengths[lengths >= CLIP_RUN].sum())
    return AudioQuality(
        rms_dbfs=20.0 * np.log10(rms) if rms > 0 else -float("inf"),
        peak=float(np.max(np.abs(x))),
        clipped_fraction=clipped / x.size,
    )
