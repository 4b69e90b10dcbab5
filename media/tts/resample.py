"""Band-limited resampling of int16 PCM with numpy alone.

Why our own: voices speak at 22.05 or 24 kHz and calls run at 8 or 16 kHz;
the ratio is rarely a small fraction, so a windowed-sinc interpolator
evaluated directly at each output instant (32 taps, Kaiser window) is both
simple and fast enough (a few ms per second of audio), and keeps scipy out
of the core dependencies.
"""

from __future__ import annotations

import numpy as np

_HALF_TAPS = 16
_KAISER_BETA = 8.0
_PHASES = 512


def _kernel_table(cutoff: float) -> np.ndarray:
    """Windowed-sinc taps for ``_PHASES`` fractional offsets (rows) x 2*_HALF_TAPS taps."""
    frac = np.arange(_PHASES, dtype=np.float64) / _PHASES
    j = np.arange(-_HALF_TAPS + 1, _HALF_TAPS + 1, dtype=np.float64)
    d = j[None, :] - frac[:, None]
    win = np.i0(_KAISER_BETA * np.sqrt(np.clip(1.0 - (d / _HALF_TAPS) ** 2, 0.0, 1.0)))
    return cutoff * np.sinc(cutoff * d) * win / np.i0(_KAISER_BETA)


def resample_float(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample float samples; the low-pass sits just below the lower Nyquist."""
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")
    x = np.asarray(x, dtype=np.float64)
    if src_rate == dst_rate or len(x) == 0:
        return x.copy()
    n_out = int(round(len(x) * dst_rate / src_rate))
    t = np.arange(n_out, dtype=np.float64) * (src_rate / dst_rate)
    base = np.floor(t).astype(np.int64)
    phase = np.minimum(np.round((t - base) * _PHASES).astype(np.int64), _PHASES - 1)
    # Cut-off relative to the source rate: below both Nyquists, with a margin.
    table = _kernel_table(0.95 * min(1.0, dst_rate / src_rate))
    padded = np.concatenate([np.zeros(_HALF_TAPS), x, np.zeros(_HALF_TAPS + 1)])
    offsets = np.arange(-_HALF_TAPS + 1, _HALF_TAPS + 1) + _HALF_TAPS
    out = np.empty(n_out, dtype=np.float64)
    block = 8192  # bounds the gathered matrix to block x 32 floats
    for i in range(0, n_out, block):
        b = base[i : i + block]
        taps = padded[b[:, None] + offsets[None, :]]
        out[i : i + block] = np.einsum("ij,ij->i", taps, table[phase[i : i + block]])
    return out


def resample_int16(pcm: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample mono int16 PCM, clipping instead of wrapping on overshoot."""
    pcm = np.asarray(pcm)
    if pcm.dtype != np.int16:
        raise TypeError(f"expected int16 PCM, got {pcm.dtype}")
    if src_rate == dst_rate:
        return pcm.copy()
    y = resample_float(pcm.astype(np.float64), src_rate, dst_rate)
    return np.clip(np.round(y), -32768, 32767).astype(np.int16)


def float_to_int16(audio: np.ndarray) -> np.ndarray:
    """Float audio in [-1, 1] -> int16, clipping what lies outside."""
    a = np.nan_to_num(np.asarray(audio, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(np.round(a * 32767.0), -32768, 32767).astype(np.int16)
