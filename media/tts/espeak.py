"""espeak-ng: the fallback voice — robotic, but fast and in many languages.

Why the system program rather than Piper's bundled espeak bridge: the bridge
only phonemizes, it does not speak. ``espeak-ng --stdout`` writes a WAV
(22.05 kHz, 16-bit mono) that we parse; one process per sentence costs a few
ms, well below the synthesis time. The language -> voice map comes from
configuration so that it says honestly which languages we can answer in.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

import numpy as np

from config.sections.voices import EspeakSettings
from media.tts.base import ModelMissingError, SynthesisError, TtsBackend

# The configuration's default language -> voice map (config/sections/voices.py).
DEFAULT_VOICES: dict[str, str] = EspeakSettings().voices
_INSTALL_HINT = "install it with `apt-get install -y espeak-ng` (bin/_bootstrap.sh does this)"


class EspeakBackend(TtsBackend):
    """Speaks through the espeak-ng program; ``voices`` maps language code -> espeak voice."""

    name = "espeak"

    def __init__(
        self,
        voices: dict[str, str] | None = None,
        *,
        speed_wpm: int = 165,
        binary: str = "espeak-ng",
        timeout_s: float = 10.0,
    ) -> None:
        path = shutil.which(binary)
        if path is None:
            raise ModelMissingError(
                f"the espeak-ng program ({binary!r}) was not found; {_INSTALL_HINT}"
            )
        self.binary = path
        self.voices = dict(voices or DEFAULT_VOICES)
        if not self.voices:
            raise ValueError("espeak backend needs at least one language -> voice entry")
        self.speed_wpm = int(speed_wpm)
        self.timeout_s = timeout_s
        self._rate = 22050

    @classmethod
    def from_settings(cls, s, data_dir=None) -> EspeakBackend:
        """From ``media.espeak`` (config/sections/voices.py, the voice registry's factory)."""
        return cls(s.voices, speed_wpm=s.speed_wpm)

    @property
    def native_rate(self) -> int:
        return self._rate

    def languages(self) -> frozenset[str]:
        return frozenset(self.voices)

    def synthesize_sentence(self, sentence: str, lang: str) -> np.ndarray:
        voice = self.voices[lang]
        # Text goes through stdin, never the command line: no quoting issues,
        # nothing of the caller's reply visible in `ps`.
        cmd = [self.binary, "-v", voice, "-s", str(self.speed_wpm), "--stdout", "--stdin"]
        try:
            proc = subprocess.run(
                cmd,
                input=sentence.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise SynthesisError(f"espeak-ng did not run: {e}") from e
        if proc.returncode != 0 or not proc.stdout:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise SynthesisError(
                f"espeak-ng voice {voice!r} failed (exit {proc.returncode}): {err}"
            )
        return self._parse_wav(proc.stdout)

    def _parse_wav(self, data: bytes) -> np.ndarray:
        # espeak-ng writes 0xFFFFFFFF as the RIFF/data sizes when streaming to
        # stdout; the wave module tolerates that and reads until the end.
        try:
            with wave.open(io.BytesIO(data)) as w:
                rate, width, ch = w.getframerate(), w.getsampwidth(), w.getnchannels()
                frames = w.readframes(w.getnframes())
        except (wave.Error, EOFError) as e:
            raise SynthesisError(f"espeak-ng wrote no valid WAV: {e}") from e
        if width != 2:
            raise SynthesisError(f"espeak-ng wrote {8 * width}-bit audio, expected 16-bit")
        pcm = np.frombuffer(frames[: len(frames) // 2 * 2], dtype="<i2")
        if ch > 1:
            pcm = pcm[: len(pcm) // ch * ch].reshape(-1, ch).mean(axis=1).astype(np.int16)
        self._rate = rate
        return pcm.astype(np.int16, copy=True)
