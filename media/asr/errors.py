"""Errors of the speech recognition part, worded for the person who has to fix them."""

from config.errors import SovrenError


class ModelError(SovrenError, RuntimeError):
    """A whisper model file is missing, damaged or unusable; the message says how to get one."""

    code = "asr_model"
    next_step = (
        "run `sovren models prepare` (or set media.whisper_model to a ggml file); docs/asr.md"
    )


class DecodeAborted(RuntimeError):
    """A decode was stopped because its result was no longer wanted (the caller spoke on)."""
