"""Audio, speech recognition and synthesis (read by media/)."""

from typing import Literal

from pydantic import BaseModel, Field


class MediaConfig(BaseModel):
    model_config = {"extra": "forbid"}

    # --- audio in, voice activity, speech recognition (media/audio, media/vad, media/asr)
    # A ggml file path, or the name of a packaged model ("tiny.en", "base") that
    # `sovren models prepare` converts into <data_dir>/models. None: tiny.en when
    # asr_language is "en", else base (multilingual).
    whisper_model: str | None = None
    # Language of the callers: "en", "de", ... or "auto" (detect per utterance; needs base).
    asr_language: str = Field("en", pattern=r"^(auto|[a-z]{2,3})$")
    asr_threads: int = Field(2, ge=1, le=64)
    # Re-decode the growing utterance after this much new speech, so little is left at its end.
    asr_partial_interval_ms: int = Field(600, ge=100, le=10_000)
    # A monologue is cut into utterances of at most this length (whisper's window is 30 s).
    asr_max_utterance_s: float = Field(20.0, ge=2.0, le=29.0)
    vad_backend: Literal["silero", "webrtc"] = "silero"
    vad_threshold: float = Field(0.5, gt=0.0, lt=1.0)
    # Speech needed before onset fires (barge-in listens to this), and silence that ends a turn.
    vad_start_ms: int = Field(64, ge=10, le=1000)
    vad_end_silence_ms: int = Field(300, ge=60, le=3000)
    # Audio kept from before the onset so the first syllable is not clipped.
    vad_pre_roll_ms: int = Field(200, ge=0, le=1000)
    vad_webrtc_aggressiveness: int = Field(2, ge=0, le=3)
