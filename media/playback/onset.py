"""Speech-onset detectors for barge-in: "has the caller started talking?".

Why two: ``VadOnset`` wraps the media worker's real voice-activity end-pointer
(media/vad, silero or webrtc) and is what calls use; ``EnergyOnset`` needs no
model and serves as a cheap, transparent reference in tests and benchmarks.
Both take the caller's audio one playback frame at a time (int16 at the
call's rate) and answer True on the frame where onset is decided.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np


class OnsetDetector(Protocol):
    onset_t: float | None  # stream time (s) where the detected speech began

    def feed(self, frame: np.ndarray) -> bool:
        """Feed one frame of caller audio (int16); True when speech onset is decided."""
        ...

    def reset(self) -> None: ...


class EnergyOnset:
    """Onset after ``min_speech_ms`` of frames louder than ``threshold_dbfs``.

    Phone lines carry noise around -60..-45 dBFS and speech peaks at -30..-10,
    so -38 dBFS with 60 ms of persistence ignores clicks yet fires on a word.
    """

    def __init__(
        self, rate: int, frame_ms: int = 20, threshold_dbfs: float = -38.0, min_speech_ms: int = 60
    ):
        self.rate = rate
        self.threshold = 32768.0 * 10 ** (threshold_dbfs / 20.0)
        self.need = max(1, round(min_speech_ms / frame_ms))
        self.reset()

    def reset(self) -> None:
        self._run = 0
        self._samples = 0
        self.onset_t: float | None = None

    def feed(self, frame: np.ndarray) -> bool:
        x = np.asarray(frame, dtype=np.float64)
        rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
        self._run = self._run + 1 if rms >= self.threshold else 0
        self._samples += x.size
        if self._run >= self.need:
            if self.onset_t is None:
                self.onset_t = (self._samples - self._run * x.size) / self.rate
            return True
        return False


class VadOnset:
    """Barge-in from the voice-activity end-pointer (media/vad): onset = its "start" event.

    ``endpointer`` is a ``media.vad.endpoint.EndPointer`` (16 kHz float input);
    caller frames at another rate are resampled first.
    """

    def __init__(self, endpointer, rate: int):
        self.endpointer = endpointer
        self.rate = rate
        self._resampler = LinearTo16k(rate)
        self.onset_t: float | None = None

    @classmethod
    def from_config(cls, media_config, rate: int) -> VadOnset:
        """The configured VAD, confirming onset after ``barge_in_start_ms`` of speech."""
        from media.vad.factory import make_endpointer

        cfg = media_config.model_copy(
            update={
                "vad_start_ms": media_config.barge_in_start_ms,
                "vad_threshold": media_config.barge_in_threshold,
            }
        )
        return cls(make_endpointer(cfg), rate)

    def reset(self) -> None:
        self.endpointer.reset()
        self._resampler = LinearTo16k(self.rate)
        self.onset_t = None

    def feed(self, frame: np.ndarray) -> bool:
        x = np.asarray(frame, dtype=np.float32) / np.float32(32768.0)
        for e in self.endpointer.feed(self._resampler.process(x)):
            if e.kind == "start":
                self.onset_t = e.t  # the VAD's first speech window, not its decision time
                return True
        return False


class LinearTo16k:
    """Stateful linear-interpolation resampler to 16 kHz with no look-ahead.

    Why not soxr here: its HQ filter holds back tens of milliseconds, which
    would land directly on the barge-in stop time; a voice-activity model does
    not need studio fidelity, it needs the newest audio now.
    """

    def __init__(self, rate: int):
        if rate <= 0:
            raise ValueError(f"sample rate must be positive, got {rate}")
        self.step = rate / 16000.0
        self._t = 0.0  # next output instant, in input samples since the stream began
        self._n = 0  # input samples seen
        self._last = np.zeros(0, dtype=np.float32)

    def process(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        if self.step == 1.0:
            return x
        buf = np.concatenate((self._last, x))
        base = self._n - self._last.size  # absolute index of buf[0]
        self._n += x.size
        end = self._n - 1  # last absolute index available
        if end < self._t:
            self._last = buf[-1:]
            return np.zeros(0, dtype=np.float32)
        count = int(np.floor((end - self._t) / self.step)) + 1
        ts = self._t + self.step * np.arange(count)
        self._t += self.step * count
        self._last = buf[-1:]
        return np.interp(ts - base, np.arange(buf.size), buf).astype(np.float32)
