"""Build the configured classifier and end-pointer (config section ``media``)."""

from __future__ import annotations

from media.vad.base import SpeechClassifier
from media.vad.endpoint import Callback, EndPointer, EndPointing


def make_classifier(backend: str = "silero", *, webrtc_aggressiveness: int = 2) -> SpeechClassifier:
    if backend == "silero":
        from media.vad.silero import SileroClassifier

        return SileroClassifier()
    if backend == "webrtc":
        from media.vad.webrtc import WebRtcClassifier

        return WebRtcClassifier(webrtc_aggressiveness)
    raise ValueError(f"unknown VAD backend {backend!r} (silero or webrtc)")


def make_endpointer(
    media_config=None,
    *,
    on_speech_start: Callback | None = None,
    on_speech_end: Callback | None = None,
) -> EndPointer:
    """An end-pointer from ``config.media`` (defaults when None)."""
    if media_config is None:
        from config.sections.media import MediaConfig

        media_config = MediaConfig()
    c = media_config
    classifier = make_classifier(c.vad_backend, webrtc_aggressiveness=c.vad_webrtc_aggressiveness)
    policy = EndPointing(
        threshold=c.vad_threshold,
        start_ms=c.vad_start_ms,
        end_silence_ms=c.vad_end_silence_ms,
        max_utterance_s=c.asr_max_utterance_s,
    )
    return EndPointer(
        classifier, policy, on_speech_start=on_speech_start, on_speech_end=on_speech_end
    )
