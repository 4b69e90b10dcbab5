"""Is the process that created a segment still alive?

Why the start time as well as the pid: pids are reused; a segment whose
creator pid now belongs to an unrelated process must still count as dead.
"""

from __future__ import annotations

import os


def start_ticks(pid: int) -> int:
    """Field 22 of /proc/<pid>/stat (start time in clock ticks), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return 0
    # The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    rest = data[data.rfind(b")") + 2 :].split()
    try:
        return int(rest[19])
    except (IndexError, ValueError):
        return 0


def is_alive(pid: int, start: int = 0) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if start:
        now = start_ticks(pid)
        if now and now != start:
            return False
        # a zombie is dead for our purposes
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        state = data[data.rfind(b")") + 2 : data.rfind(b")") + 3]
        if state in (b"Z", b"X"):
            return False
    except OSError:
        return False
    return True
