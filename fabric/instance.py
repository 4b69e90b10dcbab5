"""One runtime instance's identity on this host: its lock, its run files, its segments.

Why a lock file and not only the segments: segments outlive a killed
supervisor, so "segments exist" cannot tell a live instance from a dead one;
an flock held by the live supervisor can, and the kernel releases it when that
process dies, however it dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from pathlib import Path
from typing import Any

from config.errors import SovrenError


class InstanceBusy(SovrenError, RuntimeError):
    code = "instance_busy"
    next_step = "stop the running runtime first (Ctrl-C or kill -TERM its supervisor), or give this one another `instance`"


class InstanceFiles:
    """``<data_dir>/run/<instance>.{lock,json}`` plus the per-instance state folder."""

    def __init__(self, data_dir: Path, instance: str):
        self.instance = instance
        self.run_dir = Path(data_dir) / "run"
        self.lock_path = self.run_dir / f"{instance}.lock"
        self.info_path = self.run_dir / f"{instance}.json"
        self.state_dir = self.run_dir / instance
        self._lock_fd: int | None = None

    def acquire(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            info = self.read_info() or {}
            raise InstanceBusy(
                f"a runtime named {self.instance!r} is already running (supervisor pid "
                f"{info.get('pid', '?')}). Stop it first (Ctrl-C or kill -TERM), or start this one "
                f"with another name: SOVREN_INSTANCE=<name>."
            ) from None
        self._lock_fd = fd

    def write_info(self, info: dict[str, Any]) -> None:
        tmp = self.info_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=1))
        os.chmod(tmp, 0o600)
        tmp.replace(self.info_path)

    def read_info(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.info_path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def is_live(self) -> bool:
        """True when some process holds the instance lock."""
        if not self.lock_path.exists():
            return False
        fd = os.open(self.lock_path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def release(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.info_path.unlink()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def live_instances(data_dir: Path) -> list[str]:
    run = Path(data_dir) / "run"
    if not run.exists():
        return []
    return sorted(p.stem for p in run.glob("*.lock") if InstanceFiles(data_dir, p.stem).is_live())
