"""One error type for unusable audio, so callers can tell bad input from a bug."""


class AudioError(ValueError):
    """The audio cannot be used (empty, corrupt, unsupported format); the message says why."""

    user_facing = True
