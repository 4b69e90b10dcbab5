"""The classic WebRTC voice-activity detector (webrtcvad-wheels): tiny, no model file.

It answers speech / no speech per 10-30 ms frame; the answer maps to a
probability of 1.0 or 0.0 so the same end-pointer serves both backends.
"""

from __future__ import annotations

import numpy as np

from media.audio.pcm import float_to_int16

WINDOW = 480  # 30 ms at 16 kHz


class WebRtcClassifier:
    name = "webrtc"
    window = WINDOW

    def __init__(self, aggressiveness: int = 2):
        import webrtcvad

        self._vad = webrtcvad.Vad(aggressiveness)

    @classmethod
    def from_settings(cls, s) -> WebRtcClassifier:
        """From ``media.webrtc`` (config/sections/vads.py, the detector registry's factory)."""
        return cls(s.aggressiveness)

    def reset(self) -> None:
        pass  # webrtcvad keeps only per-frame state worth nothing across calls

    def probability(self, window: np.ndarray) -> float:
        return 1.0 if self._vad.is_speech(float_to_int16(window).tobytes(), 16000) else 0.0
