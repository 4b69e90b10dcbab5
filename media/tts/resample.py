"""Sample-rate conversion of synthesized speech to the call's rate, through soxr.

Voices speak at 22.05 kHz (Piper, espeak-ng) or 24 kHz (StyleTTS2); calls run
at 8 or 16 kHz. libsoxr (the ``soxr`` package, also used for audio in by
media/audio) band-limits properly, so nothing above the call's Nyquist folds
back as aliasing, and handles int16 without a float round trip. Whole
sentences are converted at once: a sentence is the unit of streaming, so no
filter state has to be carried between calls.
"""

from __future__ import annotations

import numpy as np

from media.tts.errors import ModelMissingError


def _soxr():
    try:
        import soxr
    except ImportError as e:  # the `voice` extra carries it
        raise ModelMissingError(
            "the soxr package is missing: `.venv/bin/pip install soxr` (the `voice` extra)"
        ) from e
    return soxr


def _check(src_rate: int, dst_rate: int) -> None:
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")


def resample_float(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample float samples (float64 out)."""
    _check(src_rate, dst_rate)
    x = np.asarray(x, dtype=np.float64)
    if src_rate == dst_rate or x.size == 0:
        return x.copy()
    return _soxr().resample(x, src_rate, dst_rate, quality="HQ")


def resample_int16(pcm: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample mono int16 PCM (soxr clips rather than wraps on overshoot)."""
    pcm = np.asarray(pcm)
    if pcm.dtype != np.int16:
        raise TypeError(f"expected int16 PCM, got {pcm.dtype}")
    _check(src_rate, dst_rate)
    if src_rate == dst_rate or pcm.size == 0:
        return pcm.copy()
    return _soxr().resample(pcm, src_rate, dst_rate, quality="HQ").astype(np.int16, copy=False)


def float_to_int16(audio: np.ndarray) -> np.ndarray:
    """Float audio in [-1, 1] -> int16, clipping what lies outside."""
    a = np.nan_to_num(np.asarray(audio, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    return np.clip(np.round(a * 32767.0), -32768, 32767).astype(np.int16)
