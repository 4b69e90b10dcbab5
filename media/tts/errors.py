"""What a speech-synthesis backend raises (re-exported by media.tts.base).

Why its own module: the resampler raises ModelMissingError when soxr is absent, and
media.tts.base uses the resampler; with the errors here neither imports the other back.
"""

from __future__ import annotations

from config.errors import SovrenError


class SynthesisError(SovrenError, RuntimeError):
    """A backend could not produce audio for a sentence (the chain may fall back)."""

    code = "synthesis_failed"
    user_facing = False  # the chain falls back to the next voice (subclasses below are shown)


class ModelMissingError(SynthesisError):
    """A model file or program a backend needs is absent; the message says how to get it."""

    user_facing = True
    code = "tts_model_missing"
    next_step = (
        "install what the message names (docs/tts.md) or choose another voice (media.tts.voice)"
    )


class UnsupportedLanguageError(SynthesisError):
    """No voice of this backend speaks the requested language."""

    user_facing = True
    code = "tts_language"
    next_step = (
        "give the voice that language (docs/tts.md), or list another voice in media.tts.fallbacks"
    )
