"""Shared, session-scoped voices: loading Piper once keeps the folder fast."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def piper():
    from media.tts.piper import PiperBackend

    return PiperBackend()


@pytest.fixture(scope="session")
def espeak():
    from media.tts.espeak import EspeakBackend

    return EspeakBackend()


@pytest.fixture(scope="session")
def caller_speech(tmp_path_factory):
    """A real (Piper-spoken) caller interruption at 16 kHz, int16.

    Spoken without sampling noise (media/audio/callers.py), so every run hears the same
    caller: barge-in timing is asserted to within a frame or two, and Piper's random
    takes would move the caller's first sound from run to run.
    """
    import numpy as np

    from media.audio.callers import CallerVoices

    x = CallerVoices(tmp_path_factory.mktemp("callers")).say(
        "Sorry, wait, I have a question.", lead_s=0.0, tail_s=0.0
    )
    return (np.clip(x, -1.0, 1.0) * 32767).astype(np.int16)
