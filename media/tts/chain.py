"""A primary voice with fallbacks: the caller keeps hearing an answer.

Why per sentence: a backend that dies mid-reply (CUDA error, corrupt model,
OOM) must not silence the call. The sentence it failed on is spoken again,
whole, by the next voice that speaks the language, and so is the rest of the
reply; an ``Alert`` body goes to ``on_alert`` (the media worker forwards it to
SENTINEL's alert feed) so a person learns that the production voice is down.
A failed backend stays demoted for the rest of that reply only: the next
reply tries it again, so a transient fault does not cost the good voice.

Language routing is honest: a backend without a voice for the language is
skipped (no English voice reading German text); if no backend speaks it, the
reply fails loudly with ``UnsupportedLanguageError``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence

from ipc.messages import Alert, Severity
from media.tts.base import (
    SpeechChunk,
    StreamStats,
    SynthesisError,
    TtsBackend,
    UnsupportedLanguageError,
    stream_sentences,
)

log = logging.getLogger(__name__)

AlertSink = Callable[[Alert], None]


class FallbackChain:
    """Backends in order of preference; same streaming API as a single backend."""

    name = "chain"

    def __init__(self, backends: Sequence[TtsBackend], on_alert: AlertSink | None = None):
        if not backends:
            raise ValueError("a voice chain needs at least one backend")
        self.backends = list(backends)
        self.on_alert = on_alert
        self.alerts: list[Alert] = []  # also kept here for callers without a sink

    def languages(self) -> frozenset[str]:
        return frozenset().union(*(b.languages() for b in self.backends))

    def voice_for(self, lang: str) -> TtsBackend:
        """The backend that will speak ``lang`` first (for reports and the CLI)."""
        for b in self.backends:
            if b.supports(lang):
                return b
        raise self._unsupported(lang)

    def _unsupported(self, lang: str) -> UnsupportedLanguageError:
        have = ", ".join(sorted(self.languages()))
        return UnsupportedLanguageError(
            f"no configured voice speaks {lang!r} (voices exist for: {have}); add it to "
            "media.espeak.voices or configure a voice for it"
        )

    def synthesize_stream(
        self, text: str, lang: str = "en", rate: int = 16000, stats: StreamStats | None = None
    ) -> Iterator[SpeechChunk]:
        candidates = [b for b in self.backends if b.supports(lang)]
        if not candidates:
            raise self._unsupported(lang)
        state = {"i": 0}

        def synth(sentence: str, lang_: str, rate_: int) -> SpeechChunk:
            while True:
                backend = candidates[state["i"]]
                try:
                    return backend.synthesize_chunk(sentence, lang_, rate_)
                except SynthesisError as e:
                    if state["i"] + 1 >= len(candidates):
                        self._alert(backend, None, sentence, e)
                        raise SynthesisError(
                            f"every voice for {lang_!r} failed; last: {backend.name}: {e}"
                        ) from e
                    state["i"] += 1
                    self._alert(backend, candidates[state["i"]], sentence, e)

        yield from stream_sentences(synth, text, lang, rate, stats)

    def synthesize(self, text: str, lang: str = "en", rate: int = 16000):
        import numpy as np

        chunks = [c.pcm for c in self.synthesize_stream(text, lang, rate)]
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)

    def _alert(
        self, failed: TtsBackend, fallback: TtsBackend | None, sentence: str, err: Exception
    ) -> None:
        # The sentence text may carry personal data (names, numbers): the
        # alert records only its length, never its words.
        alert = Alert(
            alert_id=uuid.uuid4().hex,
            severity=Severity.HIGH if fallback is None else Severity.MEDIUM,
            category="tts.backend_failed",
            message=(
                f"speech synthesis backend {failed.name!r} failed; "
                + (f"continuing with {fallback.name!r}" if fallback else "no fallback voice left")
            ),
            evidence={
                "backend": failed.name,
                "fallback": fallback.name if fallback else None,
                "error": f"{type(err).__name__}: {err}"[:300],
                "sentence_chars": len(sentence),
            },
        )
        log.warning("%s", alert.message)
        self.alerts.append(alert)
        if self.on_alert is not None:
            self.on_alert(alert)
