"""Fixtures for end-to-end voice calls: a real runtime per module, real models, real callers.

Why these and not tests/runtime's ``live``: an audio call needs whisper in
the runtime's data directory, and the runtime's own data directory is fresh
per module. The ggml models are converted once into a stable cache
($SOVREN_DATA_DIR/models, else the repo's var/models, as tests/media_asr does)
and the runtime is pointed at the converted file, so a CI run converts at most
once. Caller audio (Piper for English, espeak-ng for German) is cached beside.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _cache_dir() -> Path:
    d = Path(os.environ.get("SOVREN_DATA_DIR") or REPO / "var").resolve()
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="session")
def model_cache() -> Path:
    return _cache_dir()


@pytest.fixture(scope="session")
def tiny_path(model_cache) -> Path:
    from media.asr.convert import ensure_converted

    return ensure_converted("tiny.en", model_cache, progress=False)


@pytest.fixture(scope="session")
def base_path(model_cache) -> Path:
    from media.asr.convert import ensure_converted

    return ensure_converted("base", model_cache, progress=False)


@pytest.fixture(scope="session")
def callers(model_cache):
    from media.audio.callers import CallerVoices

    return CallerVoices(model_cache / "test-audio")
