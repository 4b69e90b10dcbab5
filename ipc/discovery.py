"""Find SOVREN rings in /dev/shm and remove those of dead instances.

Why "dead" means the creator process: the supervisor creates every segment of
its instance, so when it is gone (pid absent, or reused by a process with
another start time) nothing will unlink them. Live instances are never touched.
"""

from __future__ import annotations

import mmap
import os
import re
import time
from typing import Any

import posix_ipc

from ipc import layout as L
from ipc import ownership, procs
from ipc.names import BELL_NAME, RING_NAME, STATS_NAME
from ipc.ring import read_stats

SHM_DIR = "/dev/shm"


def _shm_entries() -> list[str]:
    """The names in /dev/shm, sorted; none where there is no /dev/shm (nothing to find)."""
    try:
        return sorted(os.listdir(SHM_DIR))
    except FileNotFoundError:
        return []


def _bell_or_stats(entry: str) -> tuple[re.Match[str] | None, bool]:
    """A /dev/shm entry's match as a doorbell or a stats block name, and whether it is a
    semaphore: POSIX semaphores show in /dev/shm as ``sem.<name>``, shared memory as is."""
    if entry.startswith("sem."):
        return BELL_NAME.match("/" + entry[4:]), True
    return STATS_NAME.match("/" + entry), False


def _inspect(seg: str) -> dict[str, Any]:
    path = os.path.join(SHM_DIR, seg.lstrip("/"))
    info: dict[str, Any] = {"segment": seg}
    try:
        st = os.stat(path)
        info["mode"] = oct(st.st_mode & 0o777)
        info["size"] = st.st_size
        info["owner"] = ownership.user_name(st.st_uid)
        why = ownership.problem(st)
        if why:  # never read as one of ours, whatever it holds (it could be crafted)
            info["foreign"] = True
            raise ValueError(f"not a ring of this user: {why}")
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
    for e in _shm_entries():
        seg = "/" + e
        m = RING_NAME.match(seg)
        if not m or (instance and m.group(1) != instance):
            continue
        out.append(_inspect(seg))
    return out


# A segment named like a ring that holds no ring yet may be one being created right
# now (the creator writes the magic last): only older ones count as leftovers.
NOT_A_RING_GRACE_S = 10.0


def _owner(path: str) -> dict[str, Any]:
    try:
        st = os.stat(path)
    except OSError as e:
        return {"error": str(e)}
    return {
        "owner": ownership.user_name(st.st_uid),
        "mode": oct(st.st_mode & 0o777),
        "age_s": max(0.0, time.time() - st.st_mtime),
        "foreign": bool(ownership.problem(st)),
    }


def list_other_names(instance: str | None = None) -> list[dict[str, Any]]:
    """Doorbells (semaphores) and stats blocks named like SOVREN's, with owner and mode."""
    out = []
    for e in _shm_entries():
        m, semaphore = _bell_or_stats(e)
        kind = "doorbell" if semaphore else "stats"
        if not m or (instance and m.group(1) != instance):
            continue
        out.append(
            {"name": m.group(0), "kind": kind, "instance": m.group(1)}
            | _owner(os.path.join(SHM_DIR, e))
        )
    return out


def clean_dead(
    instance: str | None = None,
    *,
    foreign: bool = False,
    problems: list[str] | None = None,
) -> list[str]:
    """Unlink what dead instances left (rings, doorbells, stats blocks); returns the names.

    Also removes names that look like a ring but hold none (older than
    ``NOT_A_RING_GRACE_S``) of instances with no live ring. Names owned by another
    user (or open to other users) are removed only with ``foreign=True`` (``sovren
    rings --clean``; it takes root or that user); otherwise, and when removal is not
    permitted, a line saying what to do is appended to ``problems``.
    """
    problems = problems if problems is not None else []
    removed: list[str] = []
    dead: set[str] = set()
    live: set[str] = set()
    infos = list_rings(instance)
    for info in infos:
        if "error" not in info:
            (live if info["alive"] else dead).add(info["instance"])

    def unlink(name: str, path: str, fn) -> None:
        if not foreign:
            why = ownership.squatted(path)
            if why:
                problems.append(
                    f"{name} was left in place: {why}; remove it with `sovren rings --clean` "
                    "run as root or as its owner"
                )
                return
        try:
            fn(name)
            removed.append(name)
        except posix_ipc.ExistentialError:
            pass
        except PermissionError as e:
            problems.append(f"cannot remove {name} ({path}): {e}; run this as root or its owner")

    for info in infos:
        seg = info["segment"]
        path = os.path.join(SHM_DIR, seg.lstrip("/"))
        if "error" in info:
            inst = RING_NAME.match(seg).group(1)
            fresh = _owner(path).get("age_s", 0.0) < NOT_A_RING_GRACE_S
            if inst in live or (fresh and not info.get("foreign")):
                continue
            unlink(seg, path, posix_ipc.unlink_shared_memory)
        elif not info["alive"]:
            unlink(seg, path, posix_ipc.unlink_shared_memory)
    # Doorbells and stats blocks carry no creator pid: they go with their instance's
    # rings when those are dead, and as orphans (an instance with no ring segment left
    # at all) too, since the supervisor creates the rings before either of them.
    with_rings = {m.group(1) for e in os.listdir(SHM_DIR) if (m := RING_NAME.match("/" + e))}

    def orphaned(inst: str) -> bool:
        return inst not in live and (inst in dead or inst not in with_rings)

    for e in sorted(os.listdir(SHM_DIR)):
        m, semaphore = _bell_or_stats(e)
        fn = posix_ipc.unlink_semaphore if semaphore else posix_ipc.unlink_shared_memory
        if not m or (instance and m.group(1) != instance) or not orphaned(m.group(1)):
            continue
        unlink(m.group(0), os.path.join(SHM_DIR, e), fn)
    return removed


def unlink_instance(instance: str) -> list[str]:
    """Unlink every ring, doorbell and stats block of ``instance`` (the supervisor's shutdown step)."""
    from ipc.names import check_instance

    check_instance(instance)
    removed = []
    for e in sorted(os.listdir(SHM_DIR)):
        m, semaphore = _bell_or_stats(e)
        if not semaphore:
            m = RING_NAME.match("/" + e) or m
        unlink = posix_ipc.unlink_semaphore if semaphore else posix_ipc.unlink_shared_memory
        if m and m.group(1) == instance:
            try:
                unlink(m.group(0))
                removed.append(m.group(0))
            except posix_ipc.ExistentialError:
                pass
    return removed
