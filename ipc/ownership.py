"""Who owns a shared-memory name: the check that keeps other local users out of a runtime.

Why: /dev/shm is writable by every local user. A segment or semaphore that someone
else created under one of this runtime's names (before it started, or between a stop
and the next start) must never be used: its owner could read the frames or forge
them. The runtime creates every name exclusively (O_CREAT|O_EXCL, mode 0600) and
attaches only to names owned by its own effective user with no group or other
access; anything else is refused with the file, its owner and how to fix it.
"""

from __future__ import annotations

import os
import pwd
import stat

from ipc.errors import SegmentNotOwned

SHM_DIR = "/dev/shm"


def shm_path(name: str) -> str:
    """The file behind a POSIX shared-memory name (``/x.y`` -> ``/dev/shm/x.y``)."""
    return os.path.join(SHM_DIR, name.lstrip("/"))


def sem_path(name: str) -> str:
    """The file behind a named POSIX semaphore (glibc: ``/dev/shm/sem.<name>``)."""
    return os.path.join(SHM_DIR, "sem." + name.lstrip("/"))


def user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def problem(st: os.stat_result) -> str:
    """Why a name with this stat may not be used by this process ('' = it may)."""
    me = os.geteuid()
    if st.st_uid != me:
        return f"it belongs to {user_name(st.st_uid)}, not to {user_name(me)}"
    if st.st_mode & 0o077:
        return f"its mode {stat.S_IMODE(st.st_mode):04o} lets other users in (expected 0600)"
    return ""


def not_owned(name: str, path: str, why: str, *, kind: str = "segment") -> SegmentNotOwned:
    return SegmentNotOwned(
        f"{kind} {name} ({path}) cannot be used: {why}. Another local user may have "
        f"created it to intercept this runtime",
        next_step=(
            f"check who made it (`ls -l {path}`), remove it (`sovren rings --clean` run as "
            "root or as its owner removes every leftover SOVREN name), or start under another "
            "instance name (SOVREN_INSTANCE=<name>)"
        ),
    )


def check_fd(fd: int, name: str, *, kind: str = "segment") -> None:
    """Refuse an opened name that is not ours alone (see the module docstring)."""
    why = problem(os.fstat(fd))
    if why:
        raise not_owned(name, shm_path(name), why, kind=kind)


def check_path(path: str, name: str, *, kind: str = "segment") -> None:
    """Like ``check_fd`` for names only reachable by path (semaphores)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    why = problem(st)
    if why:
        raise not_owned(name, path, why, kind=kind)


def squatted(path: str) -> str:
    """For a create that found the name taken: why it is not ours ('' = it is ours)."""
    try:
        return problem(os.stat(path))
    except FileNotFoundError:
        return ""
