"""Speech synthesis behind one contract (see docs/tts.md).

Public API: ``TtsBackend`` (base), ``PiperBackend``, ``EspeakBackend``,
``StyleTTS2Backend`` (extra ``styletts2``), ``FallbackChain``, and
``build_chain(media_config, on_alert=...)`` which the media worker calls.
Backends are imported lazily so importing this package stays cheap.
"""

from media.tts.base import (
    ModelMissingError,
    SpeechChunk,
    StreamStats,
    SynthesisError,
    TtsBackend,
    UnsupportedLanguageError,
)
from media.tts.chain import FallbackChain
from media.tts.factory import build_backend, build_chain

__all__ = [
    "FallbackChain",
    "ModelMissingError",
    "SpeechChunk",
    "StreamStats",
    "SynthesisError",
    "TtsBackend",
    "UnsupportedLanguageError",
    "build_backend",
    "build_chain",
]
