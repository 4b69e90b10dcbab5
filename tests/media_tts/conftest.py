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
def caller_speech(piper):
    """A real (Piper-spoken) caller interruption at 16 kHz."""
    return piper.synthesize("Sorry, wait, I have a question.", "en", 16000)
