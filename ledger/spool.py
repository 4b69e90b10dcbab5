"""An append-only file of framed records: where the ledger waits while the database is away.

Frame: ``b"SVS1"`` | payload length (u32 LE) | CRC32C of the payload (u32 LE) |
payload. Why a magic and a checksum per record: a crash mid-append leaves a
torn tail, and a disk fault can flip bytes anywhere; the reader checks each
frame, reports what it had to skip, and resynchronises on the next magic whose
frame checks out, so one bad record never costs the ones after it.

Concurrency: one Spool belongs to the ledger writer's thread; ``lock`` (an
exclusive flock on ``writer.lock``) keeps a second writer off the same folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import crc32c

from config.errors import SovrenError

MAGIC = b"SVS1"
_HDR = struct.Struct("<4sII")
MAX_RECORD = 64 * 1024 * 1024


@dataclass(frozen=True)
class Corrupt:
    """A stretch of the spool that held no valid frame."""

    offset: int
    length: int
    why: str


class SpoolLocked(SovrenError, RuntimeError):
    code = "spool_locked"
    next_step = "stop the other ledger writer, or give each writer its own storage.spool_dir"


class Spool:
    def __init__(self, path: Path, *, fsync: bool = True):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fsync = fsync
        self._fh = None

    # -- writing -----------------------------------------------------------
    def append(self, payloads: list[bytes]) -> None:
        """Append frames and (by default) fsync: when this returns they survive a crash."""
        if not payloads:
            return
        buf = bytearray()
        for p in payloads:
            buf += _HDR.pack(MAGIC, len(p), crc32c.crc32c(p))
            buf += p
        if self._fh is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self._fh = os.fdopen(fd, "ab", buffering=0)
        self._fh.write(bytes(buf))
        if self.fsync:
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def remove(self) -> None:
        """Forget the spool once every frame in it is safely in the database."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    # -- reading -----------------------------------------------------------
    def frames(self, start: int = 0) -> Iterator[tuple[int, bytes | Corrupt]]:
        """(offset after the item, payload or Corrupt) from ``start`` to the current end."""
        size = self.size()
        if size <= start:
            return
        with (
            open(self.path, "rb") as fh,
            mmap.mmap(fh.fileno(), size, access=mmap.ACCESS_READ) as m,
        ):
            pos = start
            while pos < size:
                bad_why = None
                if size - pos < _HDR.size:
                    bad_why = "torn frame header at the end"
                else:
                    magic, n, crc = _HDR.unpack_from(m, pos)
                    if magic != MAGIC:
                        bad_why = "no frame marker"
                    elif n > MAX_RECORD or pos + _HDR.size + n > size:
                        bad_why = "frame length runs past the end (torn or corrupt)"
                    else:
                        payload = m[pos + _HDR.size : pos + _HDR.size + n]
                        if crc32c.crc32c(payload) == crc:
                            pos += _HDR.size + n
                            yield pos, payload
                            continue
                        bad_why = "checksum mismatch"
                nxt = m.find(MAGIC, pos + 1)
                while nxt != -1 and not _valid_at(m, nxt, size):
                    nxt = m.find(MAGIC, nxt + 1)
                end = size if nxt == -1 else nxt
                yield end, Corrupt(pos, end - pos, bad_why)
                pos = end


def _valid_at(m: mmap.mmap, pos: int, size: int) -> bool:
    if size - pos < _HDR.size:
        return False
    magic, n, crc = _HDR.unpack_from(m, pos)
    if magic != MAGIC or n > MAX_RECORD or pos + _HDR.size + n > size:
        return False
    return crc32c.crc32c(m[pos + _HDR.size : pos + _HDR.size + n]) == crc


def lock_dir(directory: Path):
    """Hold an exclusive lock on ``directory/writer.lock``; returns the open file (keep it)."""
    directory.mkdir(parents=True, exist_ok=True)
    fh = open(directory / "writer.lock", "a+")  # noqa: SIM115 - held for the writer's life
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise SpoolLocked(
            f"another ledger writer holds {directory}; give each writer its own spool folder"
        ) from None
    return fh
