"""Every error the fabric raises, so callers can catch by meaning.

Why ``user_facing``: the CLI prints these as one line without a traceback; each
message names the segment or field at fault and what to do next.
"""

from __future__ import annotations

from config.errors import SovrenError


class FabricError(SovrenError):
    code = "fabric"
    next_step = "restart the runtime (`sovren up`); the message names the ring or frame at fault"


class FrameError(FabricError, ValueError):
    """A frame that cannot be encoded or decoded."""


class ChecksumError(FrameError):
    """CRC32C over header and body does not match: the frame was corrupted."""


class FrameTooLarge(FrameError):
    """The frame exceeds the ring's (or the format's) size limit."""


class UnknownKind(FrameError):
    """The header's kind is not a body type this build knows."""


class TruncatedFrame(FrameError):
    """Fewer bytes than the header (or the header's body length) announces."""


class VersionMismatch(FrameError):
    """The frame (or ring) was written with another frame-format version."""


class BadMagic(FrameError):
    """The bytes do not start with a SOVREN frame header."""


class BadCallId(FrameError):
    """``call_id`` is neither empty nor a UUID (32 hex digits, hyphens allowed)."""


class RingError(FabricError):
    """Problems with a ring segment itself."""


class InvalidRingName(RingError, ValueError):
    """A segment name that is not ``/<instance>.<src>-<dst>``."""


class NotARing(RingError):
    """The segment exists but does not hold a SOVREN ring control block."""


class InstanceMismatch(RingError):
    """The segment belongs to another runtime instance."""


class RingExists(RingError):
    """``Ring.create`` found a segment of that name already present."""


class RingNotFound(RingError):
    """``Ring.attach`` found no segment of that name."""


class RingFull(RingError):
    """A blocking send timed out because the consumer did not free space."""

    def __init__(self, msg: str, sent: int = 0) -> None:
        super().__init__(msg)
        self.sent = sent


class RingClosed(RingError):
    """The ring was closed in this process."""


class UnsupportedArchitecture(FabricError):
    """The index publication order is only proven for x86-64 (see ipc/ring.py)."""


class ExtensionMissing(FabricError):
    """The C hot path (ipc._ringcore) is not built."""


class SegmentNotOwned(RingError, SovrenError):
    """A segment or semaphore with one of this runtime's names belongs to someone else.

    Why refused: another local user who creates ``/dev/shm/<instance>.command-pms``
    (or a doorbell) before the runtime starts could read or forge its frames if the
    runtime used it; the runtime creates every name exclusively and attaches only to
    names owned by its own user with no group or other access.
    """

    code = "segment_not_owned"
    next_step = (
        "remove the file (`sovren rings --clean` as root), or start under another instance name"
    )
