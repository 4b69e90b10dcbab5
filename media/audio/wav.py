"""Reading and writing WAV files, with errors that say what is wrong with a file."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from media.audio.errors import AudioError
from media.audio.pcm import FILE_RATES, SAMPLE_RATE, Audio, float_to_int16, int16_to_mono_float
from media.audio.resample import to_16k


def read_wav(path: str | Path, *, allow_empty: bool = False) -> Audio:
    """A 16-bit PCM WAV file (any supported rate, any channel count) as mono 16 kHz."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, n = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
            if width != 2:
                raise AudioError(
                    f"{path}: {8 * width}-bit samples are not supported; convert to 16-bit PCM "
                    f"(e.g. `sox in.wav -b 16 out.wav`)"
                )
            if rate not in FILE_RATES:
                raise AudioError(
                    f"{path}: sample rate {rate} Hz is not supported "
                    f"(use one of {', '.join(map(str, FILE_RATES))} Hz)"
                )
            raw = w.readframes(n)
    except FileNotFoundError as e:
        raise AudioError(f"{path}: no such file") from e
    except IsADirectoryError as e:
        raise AudioError(f"{path}: is a directory, not a WAV file") from e
    except (wave.Error, EOFError) as e:
        raise AudioError(f"{path}: not a valid PCM WAV file ({e})") from e
    if len(raw) < n * channels * width:
        raise AudioError(
            f"{path}: truncated; the header promises {n} frames but only "
            f"{len(raw) // (channels * width)} are present"
        )
    x = int16_to_mono_float(raw, channels)
    if x.size == 0 and not allow_empty:
        raise AudioError(f"{path}: holds no audio (0 samples)")
    return Audio(samples=to_16k(x, rate), source_rate=rate, source_channels=channels)


def write_wav(path: str | Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """Mono 16-bit WAV (float samples in [-1, 1] or int16)."""
    path = Path(path)
    pcm = samples if samples.dtype == np.int16 else float_to_int16(samples)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return path
