"""Build the configured voice chain from ``MediaConfig`` (the media worker's entry point).

Why here and not in each backend: backends take plain paths and numbers so
tests and the benchmark can build them directly; only this module knows the
configuration's field names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from media.tts.base import TtsBackend
from media.tts.chain import AlertSink, FallbackChain

VOICES = ("piper", "espeak", "styletts2")


def _resolve(path: str | None, base: Path | None) -> str | None:
    if path is None:
        return None
    p = Path(path).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return str(p)


def build_backend(name: str, media, data_dir: str | Path | None = None) -> TtsBackend:
    """One backend by name, configured from ``media`` (a ``MediaConfig``)."""
    base = Path(data_dir) if data_dir is not None else None
    if name == "piper":
        from media.tts.piper import PiperBackend

        return PiperBackend(
            _resolve(media.tts_piper_model, base),
            _resolve(media.tts_piper_config, base),
            threads=media.tts_piper_threads,
        )
    if name == "espeak":
        from media.tts.espeak import EspeakBackend

        return EspeakBackend(media.tts_espeak_voices, speed_wpm=media.tts_espeak_speed_wpm)
    if name == "styletts2":
        from media.tts.styletts2 import StyleTTS2Backend

        return StyleTTS2Backend(
            checkpoint_path=_resolve(media.tts_styletts2_checkpoint, base),
            config_path=_resolve(media.tts_styletts2_config, base),
            reference_path=_resolve(media.tts_styletts2_reference, base),
            plbert_config_path=_resolve(media.tts_styletts2_plbert_config, base),
            device=media.tts_styletts2_device,
            diffusion_steps=media.tts_styletts2_diffusion_steps,
            cpu_threads=media.tts_styletts2_cpu_threads,
        )
    raise ValueError(f"unknown voice {name!r}; choose one of {', '.join(VOICES)}")


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
