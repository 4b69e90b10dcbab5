"""The one contract every speech-synthesis backend honours.

Why sentence granularity: a caller should hear the first words of a reply as
soon as its first sentence is synthesized, not after the whole reply is; and
barge-in needs to know which sentence each sample belongs to so the dialogue
records only what was heard. So a backend only has to turn ONE sentence into
PCM at its native rate; splitting, resampling to the call's rate and
streaming are done once, here, for every backend.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from media.tts.errors import ModelMissingError as ModelMissingError  # re-exported
from media.tts.errors import SynthesisError as SynthesisError
from media.tts.errors import UnsupportedLanguageError as UnsupportedLanguageError
from media.tts.resample import resample_int16
from media.tts.sentences import split_for_streaming


def resolve_path(path: str | None, base: str | Path | None) -> str | None:
    """A configured file: ``~`` expanded, relative paths under ``base`` (the data_dir)."""
    if path is None:
        return None
    p = Path(path).expanduser()
    if not p.is_absolute() and base is not None:
        p = Path(base) / p
    return str(p)


@dataclass(slots=True)
class SpeechChunk:
    """One synthesized sentence: the text it says and its PCM at ``sample_rate``.

    ``pcm`` is mono int16. ``backend`` names the voice that actually spoke it
    (after a fallback it differs from the configured primary), ``synth_s`` is
    the wall time the backend took for it.
    """

    sentence: str
    pcm: np.ndarray
    sample_rate: int
    backend: str
    lang: str = "en"
    synth_s: float = 0.0

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / float(self.sample_rate)

    def to_bytes(self) -> bytes:
        return self.pcm.astype("<i2", copy=False).tobytes()


@dataclass(slots=True)
class StreamStats:
    """Timing of one ``synthesize_stream`` call (filled while it is consumed)."""

    started: float = field(default_factory=time.perf_counter)
    first_audio_s: float | None = None
    audio_s: float = 0.0
    synth_s: float = 0.0


class TtsBackend(abc.ABC):
    """A voice: text of one sentence in, mono int16 PCM at ``native_rate`` out.

    Implementations load their model in ``__init__`` (failing loudly with
    ``ModelMissingError`` naming the file) and must be safe to call from one
    thread at a time; the media worker owns one backend instance per thread.
    """

    name: str = "backend"

    @property
    @abc.abstractmethod
    def native_rate(self) -> int:
        """Sample rate (Hz) of what ``synthesize_sentence`` returns."""

    @abc.abstractmethod
    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes this backend has a voice for."""

    @abc.abstractmethod
    def synthesize_sentence(self, sentence: str, lang: str) -> np.ndarray:
        """One sentence -> mono int16 PCM at ``native_rate``; raises SynthesisError."""

    def supports(self, lang: str) -> bool:
        return lang in self.languages()

    def synthesize_chunk(self, sentence: str, lang: str, rate: int) -> SpeechChunk:
        """Synthesize one sentence and resample it to the call's ``rate``."""
        if not self.supports(lang):
            raise UnsupportedLanguageError(
                f"the {self.name} voice does not speak {lang!r} (it speaks "
                f"{', '.join(sorted(self.languages()))})"
            )
        t0 = time.perf_counter()
        pcm = self.synthesize_sentence(sentence, lang)
        pcm = resample_int16(pcm, self.native_rate, rate)
        return SpeechChunk(
            sentence=sentence,
            pcm=pcm,
            sample_rate=rate,
            backend=self.name,
            lang=lang,
            synth_s=time.perf_counter() - t0,
        )

    def synthesize_stream(
        self, text: str, lang: str = "en", rate: int = 16000, stats: StreamStats | None = None
    ) -> Iterator[SpeechChunk]:
        """Yield one chunk per sentence, each as soon as it is ready."""
        yield from stream_sentences(self.synthesize_chunk, text, lang, rate, stats)

    def synthesize(self, text: str, lang: str = "en", rate: int = 16000) -> np.ndarray:
        """The whole text as one PCM array at ``rate`` (for files and tests)."""
        chunks = [c.pcm for c in self.synthesize_stream(text, lang, rate)]
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def stream_sentences(synth, text: str, lang: str, rate: int, stats: StreamStats | None):
    """Shared streaming loop: split, synthesize sentence by sentence, record timing."""
    if rate <= 0:
        raise ValueError(f"sample rate must be positive, got {rate}")
    for sentence in split_for_streaming(text, lang):
        chunk = synth(sentence, lang, rate)
        if stats is not None:
            stats.synth_s += chunk.synth_s
            stats.audio_s += chunk.duration_s
            if stats.first_audio_s is None:
                stats.first_audio_s = time.perf_counter() - stats.started
        yield chunk
