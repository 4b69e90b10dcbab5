"""PCM conversions shared by the file reader and the stream source.

Why float32 mono 16 kHz everywhere downstream: it is what whisper.cpp and
silero-vad consume, so converting once at the edge keeps every later stage
free of format branches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from media.audio.errors import AudioError

SAMPLE_RATE = 16_000
# Telephony delivers 8 kHz (G.711) or 16 kHz (G.722, wideband); anything else on a
# live stream means a misconfigured trunk, which should be loud rather than resampled.
STREAM_RATES = (8_000, 16_000)
# Files (recordings, synthesized test audio) may come at the usual studio rates too.
FILE_RATES = (8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000)
MAX_CHANNELS = 8


@dataclass(frozen=True)
class Audio:
    """Mono 16 kHz float32 samples in [-1, 1] plus what the source looked like."""

    samples: np.ndarray
    source_rate: int
    source_channels: int

    @property
    def duration_s(self) -> float:
        return self.samples.size / SAMPLE_RATE


def int16_to_mono_float(raw: bytes | np.ndarray, channels: int) -> np.ndarray:
    """Interleaved little-endian 16-bit PCM -> mono float32 (channel mean)."""
    if channels < 1 or channels > MAX_CHANNELS:
        raise AudioError(f"{channels} channels is not supported (1 to {MAX_CHANNELS})")
    pcm = (
        np.frombuffer(raw, dtype="<i2") if isinstance(raw, bytes | bytearray | memoryview) else raw
    )
    if pcm.size % channels:
        raise AudioError(
            f"{pcm.size} samples do not divide into {channels} channels (truncated frame?)"
        )
    x = pcm.astype(np.float32) * (1.0 / 32768.0)
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return x


def float_to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32768.0), -32768, 32767).astype(np.int16)
