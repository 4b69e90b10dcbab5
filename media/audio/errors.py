"""One error type for unusable audio, so callers can tell bad input from a bug."""

from config.errors import SovrenError


class AudioError(SovrenError, ValueError):
    """The audio cannot be used (empty, corrupt, unsupported format); the message says why."""

    code = "audio_invalid"
    next_step = "give 16-bit PCM WAV audio at 8-48 kHz, e.g. `sox in.wav -b 16 -r 16000 out.wav`"
