"""An append-only file of framed records: where the ledger waits while the database is away.

Frame: ``b"SVS1"`` | payload length (u32 LE) | CRC32C of the payload (u32 LE) |
payload. Why a magic and a checksum per record: a crash mid-append leaves a
torn tail, and a disk fault can flip bytes anywhere; the reader checks each
frame, reports what it had to skip, and resynchronises on the next magic whose
frame checks out, so one bad record never costs the ones after it.

Keyed frames: with the ledger's chain key (``SOVREN_LEDGER_CHAIN_KEY``) the spool
writes ``b"SVK1"`` | length | CRC32C | 16-byte HMAC-SHA256 of the payload (under a
key derived from the chain key) | payload. A CRC can be recomputed by whoever edits
the file; the MAC cannot without the key. A reader holding the key refuses a keyed
frame whose MAC does not match and any unkeyed frame (written without the key, or
forged to bypass it), each named with the spool's path and offset; without the
key, keyed frames cannot be checked and are refused too. Nothing refused is
replayed; everything else is.

Concurrency: one Spool belongs to the ledger writer's thread; ``lock`` (an
exclusive flock on ``writer.lock``) keeps a second writer off the same folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import mmap
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import crc32c

from config.errors import SovrenError

MAGIC = b"SVS1"
KEYED_MAGIC = b"SVK1"
_HDR = struct.Struct("<4sII")
MAC_LEN = 16
MAX_RECORD = 64 * 1024 * 1024


def spool_key(chain_key: bytes | None) -> bytes | None:
    """The spool's MAC key, derived from the chain key (never the chain key itself)."""
    if chain_key is None:
        return None
    return hmac.new(chain_key, b"sovren ledger spool v1", hashlib.sha256).digest()


def _mac(key: bytes, payload) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()[:MAC_LEN]


@dataclass(frozen=True)
class Corrupt:
    """A stretch of the spool that held no valid frame."""

    offset: int
    length: int
    why: str
    tampered: bool = False  # a whole frame refused by the MAC check (not torn or garbled)


class SpoolLocked(SovrenError, RuntimeError):
    code = "spool_locked"
    next_step = "stop the other ledger writer, or give each writer its own storage.spool_dir"


class Spool:
    def __init__(self, path: Path, *, fsync: bool = True, key: bytes | None = None):
        """``key``: the MAC key (``spool_key(chain key)``); None writes and reads unkeyed frames."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fsync = fsync
        self.key = key
        self._fh = None

    # -- writing -----------------------------------------------------------
    def append(self, payloads: list[bytes]) -> None:
        """Append frames and (by default) fsync: when this returns they survive a crash."""
        if not payloads:
            return
        buf = bytearray()
        for p in payloads:
            if self.key is None:
                buf += _HDR.pack(MAGIC, len(p), crc32c.crc32c(p))
            else:
                buf += _HDR.pack(KEYED_MAGIC, len(p), crc32c.crc32c(p))
                buf += _mac(self.key, p)
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
                got = _frame_at(m, pos, size, self.key)
                if isinstance(got, tuple):
                    pos = got[0]
                    yield got
                    continue
                if isinstance(got, _Refused):
                    # a whole frame that checks out except for its MAC: refused as a whole
                    yield got.end, Corrupt(pos, got.end - pos, got.why, True)
                    pos = got.end
                    continue
                end = _next_frame(m, pos + 1, size, self.key)
                yield end, Corrupt(pos, end - pos, got)
                pos = end


class _Refused:
    """A frame whole and checksummed whose MAC says it was not written by us."""

    def __init__(self, why: str, end: int):
        self.why, self.end = why, end


def _frame_at(m, pos: int, size: int, key: bytes | None):
    """(end, payload) for a good frame at ``pos``; else why not (str) or a _Refused."""
    if size - pos < _HDR.size:
        return "torn frame header at the end"
    magic, n, crc = _HDR.unpack_from(m, pos)
    if magic not in (MAGIC, KEYED_MAGIC):
        return "no frame marker"
    head = _HDR.size + (MAC_LEN if magic == KEYED_MAGIC else 0)
    if n > MAX_RECORD or pos + head + n > size:
        return "frame length runs past the end (torn or corrupt)"
    payload = m[pos + head : pos + head + n]
    if crc32c.crc32c(payload) != crc:
        return "checksum mismatch"
    end = pos + head + n
    if magic == KEYED_MAGIC:
        if key is None:
            return _Refused(
                "keyed frame but no SOVREN_LEDGER_CHAIN_KEY to check it (set the key the "
                "runtime wrote it with)",
                end,
            )
        mac = m[pos + _HDR.size : pos + _HDR.size + MAC_LEN]
        if not hmac.compare_digest(mac, _mac(key, payload)):
            return _Refused("MAC mismatch: tampered with, or written under another key", end)
    elif key is not None:
        return _Refused("unkeyed frame in a keyed spool: written without the key, or forged", end)
    return end, payload


def _next_frame(m, start: int, size: int, key: bytes | None) -> int:
    """The next position holding a whole, checksummed frame (whatever its MAC), or the end."""
    best = size
    for magic in (MAGIC, KEYED_MAGIC):
        nxt = m.find(magic, start)
        while nxt != -1 and nxt < best:
            if not isinstance(_frame_at(m, nxt, size, key), str):
                best = nxt
                break
            nxt = m.find(magic, nxt + 1)
    return best


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
