"""Find SOVREN rings in /dev/shm and remove those of dead instances.

Why "dead" means the creator process: the supervisor creates every segment of
its instance, so when it is gone (pid absent, or reused by a process with
another start time) nothing will unlink them. Live instances are never touched.
"""

from __future__ import annotations

import mmap
import os
from typing import Any

import posix_ipc

from ipc import layout as L
from ipc import procs
from ipc.names import BELL_NAME, RING_NAME, STATS_NAME
from ipc.ring import read_stats

SHM_DIR = "/dev/shm"


def _inspect(seg: str) -> dict[str, Any]:
    path = os.path.join(SHM_DIR, seg.lstrip("/"))
    info: dict[str, Any] = {"segment": seg}
    try:
        st = os.stat(path)
        info["mode"] = oct(st.st_mode & 0o777)
        info["size"] = st.st_size
        if st.st_size < L.CTRL_SIZE + 4096:
            raise ValueError("too small to be a ring")
        with open(path, "rb") as f:
            mm = mmap.mmap(f.fileno(), L.CTRL_SIZE, prot=mmap.PROT_READ)
        try:
            if int.from_bytes(mm[0:8], "little") != L.RING_MAGIC:
                raise ValueError("no ring control block")
            stats = read_stats(mm)
            pid = int.from_bytes(mm[L.OFF_CREATOR_PID : L.OFF_CREATOR_PID + 4], "little")
            start = int.from_bytes(mm[L.OFF_CREATOR_START : L.OFF_CREATOR_START + 8], "little")
        finally:
            mm.close()
        info.update(
            instance=stats["instance"],
            creator_pid=pid,
            alive=procs.is_alive(pid, start),
            stats=stats,
        )
    except (OSError, ValueError) as e:
        info["error"] = str(e)
    return info


def list_rings(instance: str | None = None) -> list[dict[str, Any]]:
    """Every segment named like a ring (optionally of one instance), with its counters."""
    out = []
    try:
        entries = sorted(os.listdir(SHM_DIR))
    except FileNotFoundError:
        return out
    for e in entries:
        seg = "/" + e
        m = RING_NAME.match(seg)
        if not m or (instance and m.group(1) != instance):
            continue
        out.append(_inspect(seg))
    return out


def clean_dead(instance: str | None = None) -> list[str]:
    """Unlink ring segments, doorbells and stats blocks of dead instances; returns names."""
    removed = []
    dead: set[str] = set()
    live: set[str] = set()
    for info in list_rings(instance):
        if "error" in info:
            continue
        (live if info["alive"] else dead).add(info["instance"])
        if not info["alive"]:
            try:
                posix_ipc.unlink_shared_memory(info["segment"])
                removed.append(info["segment"])
            except posix_ipc.ExistentialError:
                pass
    # Doorbells and stats blocks carry no creator pid: they go with their instance's
    # rings when those are dead, and as orphans (an instance with no ring segment left
    # at all) too, since the supervisor creates the rings before either of them.
    with_rings = {m.group(1) for e in os.listdir(SHM_DIR) if (m := RING_NAME.match("/" + e))}

    def orphaned(inst: str) -> bool:
        return inst not in live and (inst in dead or inst not in with_rings)

    for e in sorted(os.listdir(SHM_DIR)):
        if e.startswith("sem."):
            m, unlink = BELL_NAME.match("/" + e[4:]), posix_ipc.unlink_semaphore
        else:
            m, unlink = STATS_NAME.match("/" + e), posix_ipc.unlink_shared_memory
        if not m or (instance and m.group(1) != instance) or not orphaned(m.group(1)):
            continue
        try:
            unlink(m.group(0))
            removed.append(m.group(0))
        except posix_ipc.ExistentialError:
            pass
    return removed


def unlink_instance(instance: str) -> list[str]:
    """Unlink every ring, doorbell and stats block of ``instance`` (the supervisor's shutdown step)."""
    from ipc.names import check_instance

    check_instance(instance)
    removed = []
    for e in sorted(os.listdir(SHM_DIR)):
        if e.startswith("sem."):
            m, unlink = BELL_NAME.match("/" + e[4:]), posix_ipc.unlink_semaphore
        else:
            m = RING_NAME.match("/" + e) or STATS_NAME.match("/" + e)
            unlink = posix_ipc.unlink_shared_memory
        if m and m.group(1) == instance:
            try:
                unlink(m.group(0))
                removed.append(m.group(0))
            except posix_ipc.ExistentialError:
                pass
    return removed
