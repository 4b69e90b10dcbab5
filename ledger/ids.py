"""Record ids: time-ordered UUIDs (UUIDv7 layout) made without the uuid module.

Why time-ordered: ledger tables are keyed by uuid and grow at the end; ids that
rise with time keep the primary-key B-tree appending instead of splitting
pages at random. Why hand-made: ``str(uuid.uuid4())`` costs ~2 µs, which the
decision core's hot path would pay on every decision. The random bits come
from ``random`` (reseeded by Python after every fork): ids must be unique, not
secret — anything secret (token ids) uses ``secrets``.
"""

from __future__ import annotations

import random
import time

_VERSION_VARIANT = (0x7 << 76) | (0b10 << 62)
_RAND12 = 0xFFF << 64
_RAND62 = (1 << 62) - 1


def new_id() -> str:
    """A UUIDv7 string: 48-bit Unix milliseconds, version 7, variant 10, 74 random bits."""
    r = random.getrandbits(74)
    v = (
        ((time.time_ns() // 1_000_000) << 80)
        | _VERSION_VARIANT
        | ((r << 2) & _RAND12)
        | (r & _RAND62)
    )
    h = f"{v:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
