"""`sovren call --wav` with audio it cannot use: one clear line, a failing exit code.

These fail before any runtime is needed, so no runtime is started.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from media.audio.errors import AudioError

SOVREN = [sys.executable, "-m", "runtime.cli"]


def _wav(path: Path, rate: int, width: int = 2, channels: int = 1, n: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(n * width * channels))
    return path


def _truncated(path: Path) -> Path:
    _wav(path, 16000, n=16000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _empty(path: Path) -> Path:
    return _wav(path, 16000, n=0)


def _corrupt(path: Path) -> Path:
    rng = np.random.default_rng(3)
    path.write_bytes(b"RIFF" + struct.pack("<I", 1000) + rng.bytes(400))
    return path


CASES = {
    "wrong rate": (lambda p: _wav(p, 12_000), "sample rate 12000 Hz is not supported"),
    "8-bit": (lambda p: _wav(p, 16000, width=1), "8-bit samples are not supported"),
    "corrupt": (_corrupt, "not a valid PCM WAV file"),
    "truncated": (_truncated, "truncated"),
    "empty": (_empty, "holds no audio"),
    "missing": (lambda p: p, "no such file"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_unusable_audio_gets_the_reason_and_the_next_step_and_a_failing_exit(case, tmp_path):
    make, message = CASES[case]
    path = make(tmp_path / "caller.wav")
    r = subprocess.run(
        [*SOVREN, "call", "--wav", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0, (r.stdout, r.stderr)
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 2, r.stderr  # the reason, then what to do; no traceback
    assert lines[0].startswith("sovren: error: ")
    assert message in lines[0] and str(path) in lines[0], lines[0]
    assert lines[1] == f"sovren: next step: {AudioError.next_step}"
    assert r.stdout == ""
