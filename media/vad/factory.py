"""Build the configured classifier and end-pointer (config section ``media``)."""

from __future__ import annotations

from config.registry import load_factory, spec
from config.sections.vads import VADS
from media.vad.base import SpeechClassifier
from media.vad.endpoint import Callback, EndPointer, EndPointing


def make_classifier(backend: str = "silero", media_config=None) -> SpeechClassifier:
    """The detector ``backend`` (config/sections/vads.py), with its ``media.<backend>`` settings."""
    if media_config is None:
        from config.sections.media import MediaConfig

        media_config = MediaConfig()
    entry = spec(VADS, backend, what="VAD backend")
    return load_factory(entry)(getattr(media_config, backend))


def make_endpointer(
    media_config=None,
    *,
    on_speech_start: Callback | None = None,
    on_speech_end: Callback | None = None,
    barge_in: bool = False,
) -> EndPointer:
    """An end-pointer from ``config.media`` (defaults when None); ``barge_in``: with the
    early "onset" events of ``media.barge_in_start_ms`` / ``barge_in_threshold``."""
    if media_config is None:
        from config.sections.media import MediaConfig

        media_config = MediaConfig()
    c = media_config
    classifier = make_classifier(c.vad_backend, c)
    policy = EndPointing(
        threshold=c.vad_threshold,
        start_ms=c.vad_start_ms,
        end_silence_ms=c.vad_end_silence_ms,
        max_utterance_s=c.asr_max_utterance_s,
        barge_in_ms=c.barge_in_start_ms if barge_in else 0,
        barge_in_threshold=c.barge_in_threshold,
    )
    return EndPointer(
        classifier, policy, on_speech_start=on_speech_start, on_speech_end=on_speech_end
    )
