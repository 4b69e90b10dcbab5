"""What a user-agent process tells ``sovren status``/``top``/``calls``: a small JSON file.

Why a file: the views must never disturb a call, and a UA process is not an agent with
a stats block; it rewrites ``<state_dir>/sip<i>.json`` (tmp + rename) once a second.
Its ``updated`` time is also the process's heartbeat for the supervisor. Caller
numbers are masked (media/sip/message.py ``mask``).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any


def status_path(state_dir: Path, index: int) -> Path:
    return Path(state_dir) / f"sip{index}.json"


def write_status(state_dir: Path, index: int, status: dict[str, Any]) -> None:
    path = status_path(state_dir, index)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({**status, "updated": time.time()}, default=str))
    os.replace(tmp, path)


def read_statuses(state_dir: Path) -> list[dict[str, Any]]:
    """Every UA process's last status (index order); unreadable files are skipped."""
    out = []
    for p in sorted(Path(state_dir).glob("sip[0-9]*.json")):
        try:
            out.append(json.loads(p.read_text()))
        except (OSError, json.JSONDecodeError):
            continue
    return out
