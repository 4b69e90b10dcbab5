"""`sovren say`: a WAV a person can play, clear errors otherwise."""

from __future__ import annotations

import wave

import numpy as np

from runtime.cli import main


def _read(path):
    with wave.open(str(path)) as w:
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def test_say_writes_a_wav_with_the_configured_voice(tmp_path, capsys):
    out = tmp_path / "hello.wav"
    assert main(["say", "Good evening. Your table is ready.", "--out", str(out)]) == 0
    rate, pcm = _read(out)
    assert rate == 16000 and 1.0 < len(pcm) / rate < 6.0 and np.abs(pcm).max() > 3000
    assert "voice piper" in capsys.readouterr().out


def test_say_german_at_8k_uses_the_german_voice(tmp_path, capsys):
    out = tmp_path / "de.wav"
    assert main(["say", "Guten Abend.", "--lang", "de", "--rate", "8000", "--out", str(out)]) == 0
    rate, pcm = _read(out)
    assert rate == 8000 and len(pcm) > 4000
    assert "voice espeak" in capsys.readouterr().out


def test_say_refuses_what_it_cannot_do(tmp_path, capsys):
    out = tmp_path / "x.wav"
    assert main(["say", "Hallo.", "--voice", "piper", "--lang", "de", "--out", str(out)]) == 1
    assert "'de'" in capsys.readouterr().err and not out.exists()
    assert main(["say", "   ", "--out", str(out)]) == 1
    assert "empty" in capsys.readouterr().err
    assert main(["say", "Hi.", "--voice", "styletts2", "--out", str(out)]) == 1
    assert "media.styletts2.checkpoint" in capsys.readouterr().err
