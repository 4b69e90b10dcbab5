"""Sample-rate conversion through soxr (libsoxr: high quality, streaming, C speed)."""

from __future__ import annotations

import numpy as np
import soxr

from media.audio.pcm import SAMPLE_RATE


def to_16k(x: np.ndarray, rate: int) -> np.ndarray:
    """Whole-signal conversion for files."""
    if rate == SAMPLE_RATE or x.size == 0:
        return x.astype(np.float32, copy=False)
    return soxr.resample(x, rate, SAMPLE_RATE, quality="HQ").astype(np.float32, copy=False)


class StreamResampler:
    """Chunk-by-chunk conversion whose output equals the whole-signal one (filter state kept).

    Owned by one stream; not thread-safe. soxr holds back a few milliseconds of
    filter delay, released by ``flush()`` at the end of the stream.
    """

    def __init__(self, rate: int):
        self.rate = rate
        self._rs = (
            None
            if rate == SAMPLE_RATE
            else soxr.ResampleStream(rate, SAMPLE_RATE, 1, "float32", "HQ")
        )

    def process(self, x: np.ndarray) -> np.ndarray:
        if self._rs is None:
            return x
        return self._rs.resample_chunk(x, last=False)

    def flush(self) -> np.ndarray:
        if self._rs is None:
            return np.zeros(0, np.float32)
        return self._rs.resample_chunk(np.zeros(0, np.float32), last=True)
