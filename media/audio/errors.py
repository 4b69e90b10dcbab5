"""One error type for unusable audio, so callers can tell bad input from a bug."""

from config.errors import SovrenError


class AudioError(SovrenError, ValueError):
    """The audio cannot be used (empty, corrupt, unsupported format); the message says why."""

    code = "audio_invalid"
    next_step = "pass mono 16-bit PCM WAV audio that is not empty"
