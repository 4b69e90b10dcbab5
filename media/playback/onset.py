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
        from media.audio.resample import StreamResampler

        self.endpointer = endpointer
        self.rate = rate
        self._resampler = StreamResampler(rate)  # keeps filter state across 20 ms frames
        self.onset_t: float | None = None

    @classmethod
    def from_config(cls, media_config, rate: int) -> VadOnset:
        """The configured VAD, confirming onset after ``barge_in_start_ms`` of speech."""
        from media.vad.factory import make_endpointer

        cfg = media_config.model_copy(update={"vad_start_ms": media_config.barge_in_start_ms})
        return cls(make_endpointer(cfg), rate)

    def reset(self) -> None:
        from media.audio.resample import StreamResampler

        self.endpointer.reset()
        self._resampler = StreamResampler(self.rate)
        self.onset_t = None

    def feed(self, frame: np.ndarray) -> bool:
        x = np.asarray(frame, dtype=np.float32) / np.float32(32768.0)
        for e in self.endpointer.feed(self._resampler.process(x)):
            if e.kind == "start":
                self.onset_t = e.t  # the VAD's first speech window, not its decision time
                return True
        return False
