"""What SENTINEL knows about a call's people: whose data may be spoken, whose may not.

Why the caller must be *verified*: a caller who merely says "I am John Smith"
may not hear John Smith's booking read back. COMMAND (which sees the PMS
results and the verification step) builds this context; SENTINEL only judges
outgoing speech against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CallContext:
    verified: bool = False
    guest_name: str | None = None  # the caller's own name (as the PMS has it)
    phone: str | None = None
    email: str | None = None
    bookings: tuple[str, ...] = ()  # the caller's own confirmation numbers / reservation ids
    other_guests: tuple[
        str, ...
    ] = ()  # names of other guests this call came across (e.g. PMS lookups)
    other_bookings: tuple[str, ...] = ()  # their confirmation numbers / reservation ids

    @classmethod
    def from_mapping(cls, m: Mapping[str, Any] | None) -> CallContext:
        """Build from a plain mapping (as it travels in a frame); unknown keys are an error."""
        if m is None:
            return cls()
        unknown = set(m) - set(cls.__slots__)
        if unknown:
            raise ValueError(
                f"unknown call context keys {sorted(unknown)}; allowed: {sorted(cls.__slots__)}"
            )
        kw = dict(m)
        for k in ("bookings", "other_guests", "other_bookings"):
            if k in kw:
                v = kw[k]
                kw[k] = (v,) if isinstance(v, str) else tuple(v or ())
        return cls(**kw)


EMPTY = CallContext()
