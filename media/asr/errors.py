"""Errors of the speech recognition part, worded for the person who has to fix them."""


class ModelError(RuntimeError):
    """A whisper model file is missing, damaged or unusable; the message says how to get one."""

    user_facing = True


class DecodeAborted(RuntimeError):
    """A decode was stopped because its result was no longer wanted (the caller spoke on)."""
