"""Fixtures for end-to-end voice calls: a real runtime per module, real models, real callers.

Why these and not tests/runtime's ``live``: an audio call needs whisper in
the runtime's data directory, and the runtime's own data directory is fresh
per module. The ggml models come from the suite's model cache (tests/conftest.py:
``model_cache``, ``tiny_path``, ``base_path``) and the runtime is pointed at the
converted file. Caller audio (Piper for English, espeak-ng for German) is cached beside.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def callers(model_cache):
    from media.audio.callers import CallerVoices

    return CallerVoices(model_cache / "test-audio")
