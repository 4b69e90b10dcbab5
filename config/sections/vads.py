"""The voice-activity detectors: one entry per detector, in one place.

Each entry names the detector (``media.vad_backend``), its own settings (nested at
``media.<detector>``, e.g. ``media.webrtc.aggressiveness``) and its factory:
``from_settings(settings)`` of the classifier class, imported only when used.
The Literal and the table in docs/asr.md derive from ``VADS``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from config.registry import BackendSpec, literal


class SileroSettings(BaseModel):
    """Silero has nothing of its own to set: media.vad_threshold applies to every detector."""

    model_config = {"extra": "forbid"}


class WebRtcSettings(BaseModel):
    model_config = {"extra": "forbid"}

    aggressiveness: int = Field(2, ge=0, le=3)  # 0 hears the most speech, 3 the least


VADS: tuple[BackendSpec, ...] = (
    BackendSpec(
        "silero",
        "Silero VAD (ONNX)",
        "media.vad.silero:SileroClassifier.from_settings",
        SileroSettings,
        "the default; package silero-vad, no torch",
    ),
    BackendSpec(
        "webrtc",
        "WebRTC VAD",
        "media.vad.webrtc:WebRtcClassifier.from_settings",
        WebRtcSettings,
        "lighter, hears more noise as speech",
    ),
)
VadName = literal(VADS)

__all__ = ["VADS", "SileroSettings", "VadName", "WebRtcSettings"]
