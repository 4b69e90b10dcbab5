"""A streaming source of PCM frames: what a SIP/RTP leg or a WAV played in real time delivers.

Why a push API (``push(bytes) -> frames``): the network side owns its socket
and timing; this class only converts, so it never blocks and holds no thread.
Partial samples that straddle two packets are carried over, never dropped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from media.audio.errors import AudioError
from media.audio.pcm import SAMPLE_RATE, STREAM_RATES, int16_to_mono_float
from media.audio.resample import StreamResampler
from media.audio.wav import read_wav


class PcmStream:
    """Interleaved 16-bit PCM at 8 or 16 kHz, any channel count -> mono 16 kHz frames.

    ``frame_ms`` fixes the size of the frames handed out (20 ms is a phone
    packet). One owner; not thread-safe.
    """

    def __init__(self, rate: int, channels: int = 1, frame_ms: int = 20):
        if rate not in STREAM_RATES:
            raise AudioError(
                f"stream sample rate {rate} Hz is not supported "
                f"(telephony audio is {' or '.join(map(str, STREAM_RATES))} Hz)"
            )
        if not 1 <= channels <= 8:
            raise AudioError(f"{channels} channels is not supported (1 to 8)")
        if frame_ms <= 0 or (SAMPLE_RATE * frame_ms) % 1000:
            raise AudioError(f"frame length {frame_ms} ms does not give whole samples")
        self.rate, self.channels = rate, channels
        self.frame_len = SAMPLE_RATE * frame_ms // 1000
        self._bytes_per_frame = 2 * channels
        self._carry = b""
        self._resampler = StreamResampler(rate)
        self._pending = np.zeros(0, np.float32)
        self.samples_out = 0

    def push(self, data: bytes) -> list[np.ndarray]:
        data = self._carry + bytes(data)
        usable = len(data) - len(data) % self._bytes_per_frame
        self._carry = data[usable:]
        if usable:
            mono = int16_to_mono_float(data[:usable], self.channels)
            self._pending = np.concatenate((self._pending, self._resampler.process(mono)))
        return self._cut()

    def close(self) -> list[np.ndarray]:
        """End of stream: release the resampler's delay and pad the last frame with silence."""
        self._pending = np.concatenate((self._pending, self._resampler.flush()))
        frames = self._cut()
        if self._pending.size:
            last = np.zeros(self.frame_len, np.float32)
            last[: self._pending.size] = self._pending
            self._pending = np.zeros(0, np.float32)
            frames.append(last)
            self.samples_out += self.frame_len
        self._carry = b""
        return frames

    def _cut(self) -> list[np.ndarray]:
        n = self._pending.size // self.frame_len
        if not n:
            return []
        cut = n * self.frame_len
        frames = list(self._pending[:cut].reshape(n, self.frame_len))
        self._pending = self._pending[cut:]
        self.samples_out += cut
        return frames


def wav_frames(
    path: str | Path, frame_ms: int = 20, realtime: bool = False
) -> Iterator[np.ndarray]:
    """A WAV file as mono 16 kHz frames; ``realtime`` paces them at the speed of speech."""
    audio = read_wav(path)
    n = SAMPLE_RATE * frame_ms // 1000
    x = audio.samples
    if x.size % n:
        x = np.concatenate((x, np.zeros(n - x.size % n, np.float32)))
    start = time.monotonic()
    for i in range(x.size // n):
        if realtime:
            delay = start + i * frame_ms / 1000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        yield x[i * n : (i + 1) * n]
