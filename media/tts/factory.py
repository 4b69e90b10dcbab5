"""Build the configured voice chain from ``MediaConfig`` (the media worker's entry point).

Which voices exist, their settings and their factories are the voice registry
(config/sections/voices.py, ``VOICES``); this module only chains them. Backends
still take plain paths and numbers, so tests and the benchmark build them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from config.registry import load_factory, names, spec
from config.sections.voices import VOICES
from media.tts.base import TtsBackend
from media.tts.chain import AlertSink, FallbackChain

VOICE_NAMES = names(VOICES)


def build_backend(name: str, media, data_dir: str | Path | None = None) -> TtsBackend:
    """One voice by name, built by its registry factory from ``media.<name>``."""
    entry = spec(VOICES, name, what="voice")
    return load_factory(entry)(getattr(media, name), data_dir)


def build_chain(
    media,
    *,
    voice: str | None = None,
    on_alert: AlertSink | None = None,
    data_dir: str | Path | None = None,
    builder: Callable[[str], TtsBackend] | None = None,
) -> FallbackChain:
    """The configured voice (or ``voice``) followed by its distinct fallbacks.

    A fallback that cannot even load is not silently dropped: loading errors
    propagate, so a misconfigured host fails at start, not mid-call.
    """
    primary = voice or media.tts_voice
    order = [primary] + [f for f in media.tts_fallbacks if f != primary]
    make = builder or (lambda n: build_backend(n, media, data_dir))
    return FallbackChain([make(n) for n in order], on_alert=on_alert)
