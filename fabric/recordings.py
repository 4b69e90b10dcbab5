"""Where a call's recorded audio lives: ``<data_dir>/recordings/<call id>/{caller,reply}.wav``.

Why a leaf module with only the layout: three parts meet at these files and may not
import each other: the media worker writes them (media/recording.py), the ledger's
retention and erasure remove them (ledger/retention.py) and the console plays them
(runtime/console). The call id in the path is the 32-hex form the media worker knows,
so an erasure that knows a caller's calls finds their audio with no index to trust,
even a file a crashed worker left half-written.
"""

from __future__ import annotations

import re
from pathlib import Path

SIDES = ("caller", "reply")  # what the caller said; what the caller heard from the runtime
_HEX = re.compile(r"^[0-9a-f]{32}$")


def recordings_root(data_dir: str | Path) -> Path:
    return Path(data_dir) / "recordings"


def call_key(call_id: str) -> str | None:
    """The 32-hex form of a call id (uuid with or without dashes); None when it is neither."""
    h = call_id.strip().lower().replace("-", "")
    return h if _HEX.match(h) else None


def recording_path(data_dir: str | Path, call_id: str, side: str) -> Path:
    """The WAV file of one side of a call. Refuses what is not a call id or a side, so a
    value from a URL can never name a file elsewhere."""
    key = call_key(call_id)
    if key is None or side not in SIDES:
        raise ValueError(f"no recording is named by call {call_id!r}, side {side!r}")
    return recordings_root(data_dir) / key / f"{side}.wav"
