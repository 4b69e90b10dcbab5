"""Audio in: WAV files, PCM streams, resampling, quality checks, and every bad input we handle."""

from __future__ import annotations

import struct
import wave

import numpy as np
import pytest

from media.audio import AudioError, PcmStream, analyse, read_wav, wav_frames, write_wav
from media.audio.resample import to_16k


def _tone(rate: int, seconds: float, hz: float = 440.0, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _write(path, pcm: np.ndarray, rate: int, channels: int = 1, width: int = 2) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def _peak_hz(x: np.ndarray, rate: int = 16000) -> float:
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.fft.rfftfreq(x.size, 1 / rate)[np.argmax(spec)])


def test_16k_mono_wav_round_trips(tmp_path):
    x = _tone(16000, 1.0)
    write_wav(tmp_path / "a.wav", x)
    a = read_wav(tmp_path / "a.wav")
    assert a.source_rate == 16000 and a.source_channels == 1
    assert a.samples.dtype == np.float32 and a.samples.size == 16000
    assert np.max(np.abs(a.samples - x)) < 1e-4


def test_8k_stereo_wav_is_mixed_to_mono_16k(tmp_path):
    left, right = _tone(8000, 1.0, 440), _tone(8000, 1.0, 440)
    pcm = (np.stack([left, right], axis=1) * 32767).astype("<i2")
    _write(tmp_path / "s.wav", pcm, 8000, channels=2)
    a = read_wav(tmp_path / "s.wav")
    assert a.source_rate == 8000 and a.source_channels == 2
    assert abs(a.samples.size - 16000) <= 2
    assert abs(_peak_hz(a.samples) - 440) < 3


def test_six_channels_are_averaged(tmp_path):
    ch = [_tone(16000, 0.5, 440) if i == 0 else np.zeros(8000, np.float32) for i in range(6)]
    pcm = (np.stack(ch, axis=1) * 32767).astype("<i2")
    _write(tmp_path / "six.wav", pcm, 16000, channels=6)
    a = read_wav(tmp_path / "six.wav")
    assert a.source_channels == 6
    assert abs(np.max(np.abs(a.samples)) - 0.3 / 6) < 0.005


def test_piper_rate_22050_is_resampled(tmp_path):
    _write(tmp_path / "p.wav", (_tone(22050, 1.0, 1000) * 32767).astype("<i2"), 22050)
    a = read_wav(tmp_path / "p.wav")
    assert abs(a.samples.size - 16000) <= 2
    assert abs(_peak_hz(a.samples) - 1000) < 3


def test_empty_wav_is_an_error(tmp_path):
    _write(tmp_path / "e.wav", np.zeros(0, "<i2"), 16000)
    with pytest.raises(AudioError, match="no audio"):
        read_wav(tmp_path / "e.wav")


def test_corrupt_file_is_an_error(tmp_path):
    (tmp_path / "c.wav").write_bytes(b"RIFF\x00\x00garbage" + bytes(range(200)))
    with pytest.raises(AudioError, match="not a valid PCM WAV"):
        read_wav(tmp_path / "c.wav")


def test_truncated_file_is_an_error(tmp_path):
    _write(tmp_path / "t.wav", (_tone(16000, 1.0) * 32767).astype("<i2"), 16000)
    data = (tmp_path / "t.wav").read_bytes()
    (tmp_path / "t.wav").write_bytes(data[: len(data) // 2])
    with pytest.raises(AudioError, match="truncated"):
        read_wav(tmp_path / "t.wav")


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(AudioError, match="no such file"):
        read_wav(tmp_path / "nope.wav")


@pytest.mark.parametrize("width", [1, 3, 4])
def test_non_16_bit_is_an_error(tmp_path, width):
    _write(tmp_path / "w.wav", np.zeros(100 * width, np.uint8), 16000, width=width)
    with pytest.raises(AudioError, match="16-bit"):
        read_wav(tmp_path / "w.wav")


def test_unsupported_rate_is_an_error(tmp_path):
    _write(tmp_path / "r.wav", np.zeros(1000, "<i2"), 12345)
    with pytest.raises(AudioError, match="12345 Hz is not supported"):
        read_wav(tmp_path / "r.wav")


def test_stream_refuses_non_telephony_rates():
    with pytest.raises(AudioError, match="44100 Hz is not supported"):
        PcmStream(44100)
    with pytest.raises(AudioError, match="channels"):
        PcmStream(8000, channels=0)


def test_stream_output_does_not_depend_on_packet_boundaries():
    x = (_tone(8000, 1.0) * 32767).astype("<i2")
    stereo = np.repeat(x, 2).tobytes()
    whole = PcmStream(8000, channels=2)
    a = np.concatenate(whole.push(stereo) + whole.close())
    split = PcmStream(8000, channels=2)
    frames = []
    rng = np.random.default_rng(1)
    pos = 0
    while pos < len(stereo):
        n = int(rng.integers(1, 700))  # odd sizes split samples across packets
        frames += split.push(stereo[pos : pos + n])
        pos += n
    b = np.concatenate(frames + split.close())
    assert all(f.size == 320 for f in frames)
    assert np.array_equal(a, b)
    # and it matches converting the whole signal at once
    ref = to_16k(x.astype(np.float32) / 32768, 8000)
    n = min(ref.size, a.size) - 400
    assert np.max(np.abs(a[200:n] - ref[200:n])) < 1e-3


def test_stream_16k_passes_samples_through():
    x = (_tone(16000, 0.1) * 32767).astype("<i2")
    s = PcmStream(16000, frame_ms=20)
    out = np.concatenate(s.push(x.tobytes()) + s.close())
    assert np.allclose(out[: x.size], x / 32768, atol=1e-6)


def test_wav_frames_cover_the_file(tmp_path):
    write_wav(tmp_path / "f.wav", _tone(16000, 0.5))
    frames = list(wav_frames(tmp_path / "f.wav", frame_ms=20))
    assert len(frames) == 25 and all(f.size == 320 for f in frames)


def test_clipping_is_detected_and_clean_audio_is_not():
    clean = _tone(16000, 1.0, amp=0.9)
    clipped = np.clip(_tone(16000, 1.0, amp=3.0), -1.0, 1.0)
    assert not analyse(clean).clipped
    q = analyse(clipped)
    assert q.clipped and q.clipped_fraction > 0.3


def test_silence_is_detected():
    assert analyse(np.zeros(16000, np.float32)).silent
    assert not analyse(_tone(16000, 0.5, amp=0.01)).silent
    assert analyse(np.zeros(0, np.float32)).silent


def test_struct_layout_of_written_wav(tmp_path):
    write_wav(tmp_path / "h.wav", np.zeros(10, np.float32))
    head = (tmp_path / "h.wav").read_bytes()[:44]
    assert head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    assert struct.unpack("<I", head[24:28])[0] == 16000
