"""What a speech-synthesis backend raises (re-exported by media.tts.base).

Why its own module: the resampler raises ModelMissingError when soxr is absent, and
media.tts.base uses the resampler; with the errors here neither imports the other back.
"""

from __future__ import annotations


class SynthesisError(RuntimeError):
    """A backend could not produce audio for a sentence (the chain may fall back)."""


class ModelMissingError(SynthesisError):
    """A model file or program a backend needs is absent; the message says how to get it."""

    user_facing = True


class UnsupportedLanguageError(SynthesisError):
    """No voice of this backend speaks the requested language."""

    user_facing = True
