"""Where played frames go: a memory buffer (tests, benches) or a WAV file.

A live call's RTP sender implements the same one-method ``write(frame)``.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Protocol

import numpy as np


class FrameOut(Protocol):
    def write(self, frame: bytes) -> None:
        """Accept one frame of mono int16 little-endian PCM (must not block long)."""
        ...


class BufferOut:
    """Collects frames in memory."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def write(self, frame: bytes) -> None:
        self.frames.append(frame)

    def pcm(self) -> np.ndarray:
        return np.frombuffer(b"".join(self.frames), dtype="<i2").astype(np.int16)


class WavOut:
    """Writes frames to a mono 16-bit WAV file; use as a context manager."""

    def __init__(self, path: str | Path, rate: int) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._w = wave.open(str(self.path), "wb")  # noqa: SIM115 (closed by close/__exit__)
        self._w.setnchannels(1)
        self._w.setsampwidth(2)
        self._w.setframerate(rate)

    def write(self, frame: bytes) -> None:
        self._w.writeframes(frame)

    def close(self) -> None:
        self._w.close()

    def __enter__(self) -> WavOut:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_wav(path: str | Path, pcm: np.ndarray, rate: int) -> Path:
    """Write a whole mono int16 array as a WAV file."""
    with WavOut(path, rate) as out:
        out.write(np.asarray(pcm, dtype="<i2").tobytes())
    return Path(path)
