"""``Ring``: one single-producer single-consumer link over one POSIX shared-memory segment.

Why SPSC: each directed link between two processes has its own ring, so no
lock is ever taken; the producer alone writes ``head`` and its counters, the
consumer alone writes ``tail`` and its counters (ipc/layout.py).

Why a C core: per frame, pure Python pays ~0.6 us of interpreter work before
any checksum; the benchmark targets need the write-CRC-publish and
read-verify-release steps in C (ipc/_ringcore.c). The pure-Python core
(ipc/_pycore.py) is the reference; ``backend="python"`` or
``SOVREN_RING_BACKEND=python`` selects it explicitly. A missing C core is an
error, never a silent fallback.

Memory ordering: index publication relies on x86-64 store ordering (TSO) in
the Python core (see ipc/_pycore.py); the C core uses explicit release/acquire
atomics and a full fence before reading the doorbell flag. The Python core
therefore refuses to run on anything but x86-64.

Sequence numbers and restarts: the producer's last sequence number and the
consumer's last delivered one live in the control block, so a restarted
producer continues the numbering and a restarted consumer resumes at ``tail``
and drops any frame whose sequence number it has already delivered.
"""

from __future__ import annotations

import collections
import contextlib
import mmap
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import posix_ipc

from config.environment import environment
from ipc import frame as _frame
from ipc import layout as L
from ipc import ownership, procs
from ipc.errors import (
    ExtensionMissing,
    FrameTooLarge,
    InstanceMismatch,
    NotARing,
    RingClosed,
    RingExists,
    RingFull,
    RingNotFound,
    UnsupportedArchitecture,
    VersionMismatch,
)
from ipc.messages import KIND_OF, AgentMessage
from ipc.names import agent_of, parse_ring_name

_ENC = msgspec.msgpack.Encoder()
_ENCODE = _ENC.encode
_DECODERS = _frame._DECODERS
_DEC_FNS = tuple(_DECODERS[k].decode if k in _DECODERS else None for k in range(256))
_AGENTS = _frame._AGENTS
_time_ns = time.time_ns
_perf = time.perf_counter

DEFAULT_SPIN_S = 50e-6
_X86_64 = {"x86_64", "amd64"}


@dataclass(frozen=True, slots=True)
class CorruptionEvent:
    """One skipped region (checksum) or undecodable frame (decode); for SENTINEL."""

    ring: str
    kind: str  # "checksum" | "decode"
    position: int
    skipped_bytes: int
    detail: str
    ts_ns: int


def _load_core(backend: str | None):
    backend = (backend or environment().ring_backend).lower()
    if backend == "python":
        if platform.machine().lower() not in _X86_64:
            raise UnsupportedArchitecture(
                f"the pure-Python ring relies on x86-64 store ordering; this machine is "
                f"{platform.machine()}. Use the C core (backend='c'), which uses explicit barriers."
            )
        from ipc._pycore import PyCore

        return PyCore, "python"
    if backend != "c":
        raise ValueError(f"unknown ring backend {backend!r}: use 'c' or 'python'")
    try:
        from ipc._ringcore import RingCore
    except ImportError as e:
        raise ExtensionMissing(
            f"the C ring core ipc._ringcore is not built ({e}). Build it with "
            "`.venv/bin/pip install -e .` (needs gcc and the Python headers: "
            "`apt-get install gcc python3-dev`), or select the slower pure-Python "
            "reference explicitly with SOVREN_RING_BACKEND=python."
        ) from None
    if platform.machine().lower() not in _X86_64 | {"aarch64", "arm64"}:
        raise UnsupportedArchitecture(f"untested architecture {platform.machine()}")
    return RingCore, "c"


def _read_name(mm, off: int) -> str:
    return bytes(mm[off : off + L.NAME_FIELD]).split(b"\0", 1)[0].decode("ascii", "replace")


class Ring:
    """One directed link; see the module docstring. Use ``create`` / ``attach``."""

    def __init__(
        self,
        name: str,
        mm: mmap.mmap,
        core_cls,
        backend: str,
        owner: bool,
        *,
        send_timeout: float,
        spin_s: float,
        on_corrupt,
    ) -> None:
        self.name = name
        self.instance, self.src_name, self.dst_name = parse_ring_name(name)
        self._mm = mm
        q = memoryview(mm)[: L.CTRL_SIZE].cast("Q")
        self._q = q
        self.capacity = q[L.OFF_CAPACITY // 8]
        hdr = memoryview(mm)[: L.CTRL_SIZE].cast("I")
        self.max_frame = hdr[L.OFF_MAX_FRAME // 4]
        self.policy = "drop" if hdr[L.OFF_POLICY // 4] == L.POLICY_DROP else "block"
        self.creator_pid = hdr[L.OFF_CREATOR_PID // 4]
        hdr.release()
        self.src = agent_of(self.src_name)
        self.dst = agent_of(self.dst_name)
        self.backend = backend
        self._core = core_cls(mm, self.capacity, self.max_frame, self.src, self.dst)
        self._owner = owner
        self._closed = False
        self.send_timeout = send_timeout
        self.spin_s = spin_s
        self.on_corrupt: Callable[[CorruptionEvent], None] | None = on_corrupt
        self.corruption: collections.deque[CorruptionEvent] = collections.deque(maxlen=1024)
        self._bell_name = ""
        self._bell: posix_ipc.Semaphore | None = None
        # Manual commit (at-least-once): (seq, position after that frame) of every frame
        # read but not yet committed, oldest first.
        self.manual = False
        self._marks: collections.deque[tuple[int, int]] = collections.deque()

    # -- lifecycle -------------------------------------------------------------
    @classmethod
    def create(
        cls,
        name: str,
        capacity_bytes: int,
        *,
        policy: str = "block",
        max_frame: int | None = None,
        send_timeout: float = 1.0,
        spin_s: float = DEFAULT_SPIN_S,
        backend: str | None = None,
        on_corrupt: Callable[[CorruptionEvent], None] | None = None,
    ) -> Ring:
        """Create the segment (mode 0600) and its control block.

        ``policy``: "block" (send waits up to its timeout, then RingFull) or
        "drop" (send returns False and counts a drop; telemetry links).
        ``max_frame``: largest frame (48-byte header + body, padded to 8) accepted;
        default and upper bound: the capacity.
        """
        core_cls, backend = _load_core(backend)
        instance, _, _ = parse_ring_name(name)
        if policy not in L.POLICIES:
            raise ValueError(f"policy must be 'block' or 'drop', not {policy!r}")
        cap = (int(capacity_bytes) + 7) & ~7
        if cap < 4096:
            raise ValueError(f"capacity_bytes must be at least 4096, got {capacity_bytes}")
        mf = min(cap if max_frame is None else int(max_frame), cap, 0xFFFFFFF8)  # a u32 field
        if mf < 64:
            raise ValueError(f"max_frame must be at least 64 bytes, got {max_frame}")
        try:
            shm = posix_ipc.SharedMemory(name, posix_ipc.O_CREX, mode=0o600, size=L.CTRL_SIZE + cap)
        except posix_ipc.ExistentialError:
            why = ownership.squatted(ownership.shm_path(name))
            if why:
                raise ownership.not_owned(name, ownership.shm_path(name), why) from None
            raise RingExists(
                f"segment {name} already exists; if its instance is dead run "
                "`sovren rings --clean`, otherwise choose another instance name"
            ) from None
        try:
            os.fchmod(shm.fd, 0o600)
            mm = mmap.mmap(shm.fd, L.CTRL_SIZE + cap)
        finally:
            shm.close_fd()
        q = memoryview(mm)[: L.CTRL_SIZE].cast("Q")
        i = memoryview(mm)[: L.CTRL_SIZE].cast("I")
        pid = os.getpid()
        i[L.OFF_LAYOUT // 4] = L.LAYOUT_VERSION
        i[L.OFF_FRAME_VERSION // 4] = _frame.FRAME_VERSION
        q[L.OFF_CAPACITY // 8] = cap
        i[L.OFF_MAX_FRAME // 4] = mf
        i[L.OFF_POLICY // 4] = L.POLICIES[policy]
        i[L.OFF_CREATOR_PID // 4] = pid
        q[L.OFF_CREATOR_START // 8] = procs.start_ticks(pid)
        q[L.OFF_CREATED_NS // 8] = time.time_ns()
        mm[L.OFF_INSTANCE : L.OFF_INSTANCE + len(instance)] = instance.encode()
        mm[L.OFF_NAME : L.OFF_NAME + len(name)] = name.encode()
        q[L.OFF_MAGIC // 8] = L.RING_MAGIC  # last: attachers wait for it
        q.release()
        i.release()
        return cls(
            name,
            mm,
            core_cls,
            backend,
            True,
            send_timeout=send_timeout,
            spin_s=spin_s,
            on_corrupt=on_corrupt,
        )

    @classmethod
    def attach(
        cls,
        name: str,
        *,
        instance: str | None = None,
        send_timeout: float = 1.0,
        spin_s: float = DEFAULT_SPIN_S,
        backend: str | None = None,
        on_corrupt: Callable[[CorruptionEvent], None] | None = None,
        wait_ready_s: float = 1.0,
    ) -> Ring:
        """Map an existing ring; checks it is a ring, of this frame version, of ``instance``."""
        core_cls, backend = _load_core(backend)
        name_instance, _, _ = parse_ring_name(name)
        try:
            shm = posix_ipc.SharedMemory(name)
        except posix_ipc.ExistentialError:
            raise RingNotFound(
                f"no ring segment {name}: is the runtime instance '{name_instance}' running?"
            ) from None
        try:
            ownership.check_fd(shm.fd, name)
            size = shm.size
            if size < L.CTRL_SIZE + 4096:
                raise NotARing(f"segment {name} ({size} bytes) is too small to be a SOVREN ring")
            mm = mmap.mmap(shm.fd, size)
        finally:
            shm.close_fd()
        try:
            cls._check(name, mm, size, name_instance, instance, wait_ready_s)
        except Exception:
            mm.close()
            raise
        return cls(
            name,
            mm,
            core_cls,
            backend,
            False,
            send_timeout=send_timeout,
            spin_s=spin_s,
            on_corrupt=on_corrupt,
        )

    @staticmethod
    def _check(name, mm, size, name_instance, instance, wait_ready_s) -> None:
        q = memoryview(mm)[: L.CTRL_SIZE].cast("Q")
        i = memoryview(mm)[: L.CTRL_SIZE].cast("I")
        try:
            deadline = time.monotonic() + wait_ready_s
            while q[0] == 0 and time.monotonic() < deadline:  # creator still initialising
                time.sleep(0.001)
            if q[0] != L.RING_MAGIC or i[L.OFF_LAYOUT // 4] != L.LAYOUT_VERSION:
                raise NotARing(f"segment {name} is not a SOVREN ring (no ring control block)")
            fv = i[L.OFF_FRAME_VERSION // 4]
            if fv != _frame.FRAME_VERSION:
                raise VersionMismatch(
                    f"ring {name} uses frame format version {fv}; this build speaks version "
                    f"{_frame.FRAME_VERSION}: restart the runtime that owns it with the same build"
                )
            cap = q[L.OFF_CAPACITY // 8]
            if cap + L.CTRL_SIZE != size or cap % 8:
                raise NotARing(f"segment {name}: capacity {cap} does not match its size {size}")
            seg_instance = _read_name(mm, L.OFF_INSTANCE)
            if seg_instance != name_instance or _read_name(mm, L.OFF_NAME) != name:
                raise InstanceMismatch(
                    f"segment {name} belongs to instance '{seg_instance}', not '{name_instance}'"
                )
            if instance is not None and seg_instance != instance:
                raise InstanceMismatch(
                    f"segment {name} belongs to instance '{seg_instance}', expected '{instance}'"
                )
        finally:
            q.release()
            i.release()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._core.release()
        self._core = _ClosedCore(self.name)
        self._q.release()
        self._mm.close()
        if self._bell is not None:
            self._bell.close()
            self._bell = None

    def unlink(self) -> None:
        """Remove the segment name (mappings stay valid until closed)."""
        with contextlib.suppress(posix_ipc.ExistentialError):
            posix_ipc.unlink_shared_memory(self.name)

    def __enter__(self) -> Ring:
        return self

    def __exit__(self, *exc) -> None:
        """Closes; the handle that created the ring also unlinks it (it owns the segment)."""
        self.close()
        if self._owner:
            self.unlink()

    def __repr__(self) -> str:
        return f"Ring({self.name!r}, capacity={self.capacity}, policy={self.policy}, backend={self.backend})"

    # -- producer --------------------------------------------------------------
    def send_bytes(
        self, data: bytes, timeout: float | None = None, on_wait: Callable[[], None] | None = None
    ) -> bool:
        """Send one raw frame. ``timeout``: None = this ring's send_timeout, 0 = never block.

        Returns True when sent; False when dropped (drop policy); raises RingFull
        (block policy) when no space freed up in time, FrameTooLarge when it can never fit.
        ``on_wait`` is called about every 100 ms while a blocking send waits for space
        (an agent beats its heartbeat there: waiting on a slow peer is not being hung).
        """
        r = self._core.send_raw(data)
        if r == 1:
            return True
        if r == 2:
            self._ring_bell()
            return True
        return self._send_slow(self._core.send_raw, (data,), r, len(data), timeout, on_wait)

    def send(
        self,
        msg: AgentMessage,
        timeout: float | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> bool:
        """Send ``msg`` (seq 0 = the ring numbers it; ts_ns 0 = now); see ``send_bytes``."""
        r = self._core.send_msg(msg, _ENCODE, KIND_OF)
        if r == 1:
            return True
        if r == 2:
            self._ring_bell()
            return True
        size = 0
        if r.__class__ is tuple:
            r, size = r
        return self._send_slow(
            self._core.send_msg, (msg, _ENCODE, KIND_OF), r, size, timeout, on_wait
        )

    def _send_slow(self, fn, args, r, size, timeout, on_wait=None) -> bool:
        if self._closed:
            raise RingClosed(f"ring {self.name} is closed")
        if r < 0:
            raise FrameTooLarge(
                f"frame of {size + _frame.HEADER_SIZE} bytes (body {size}) exceeds ring "
                f"{self.name}'s limit of {self.max_frame} bytes (capacity {self.capacity})"
            )
        self._q[L.Q_FULL] += 1
        if self.policy == "drop":
            self._q[L.Q_DROPS] += 1
            return False
        if timeout is None:
            timeout = self.send_timeout
        deadline = _perf() + timeout
        spin_until = _perf() + min(self.spin_s, timeout)
        pause = 20e-6
        next_wait_call = _perf() + 0.1
        while True:
            now = _perf()
            if now >= deadline:
                raise RingFull(
                    f"ring {self.name} stayed full for {timeout:g}s (capacity {self.capacity}, "
                    f"{self._core.pending()} bytes unread): its consumer is not draining"
                )
            if on_wait is not None and now >= next_wait_call:
                next_wait_call = now + 0.1
                with contextlib.suppress(Exception):  # a failing hook must not break the send
                    on_wait()
            if now > spin_until:
                time.sleep(min(pause, deadline - now))
                pause = min(pause * 2, 2e-4)
            r = fn(*args)
            if r > 0:
                if r == 2:
                    self._ring_bell()
                return True

    def send_many(self, items: Sequence[bytes | AgentMessage], timeout: float | None = None) -> int:
        """Send a batch with one index publication per run of frames that fits.

        Items are raw bytes or AgentMessages (not mixed). Returns how many were
        sent; under the drop policy the rest are dropped and counted; under the
        block policy RingFull carries ``.sent``.
        """
        n_total = len(items)
        if not n_total:
            return 0
        if isinstance(items[0], AgentMessage):
            enc = _ENC.encode
            seq = [
                (
                    m.source,
                    m.target,
                    KIND_OF[m.body.__class__],
                    m.seq,
                    m.ts_ns,
                    m.call_id,
                    enc(m.body),
                )
                for m in items
            ]
            fn = self._core.send_many_frames
        else:
            seq = items if isinstance(items, list) else list(items)
            fn = self._core.send_many_raw
        try:
            n = fn(seq, 0)
        except ValueError as e:
            raise FrameTooLarge(f"ring {self.name}: {e} ({self.max_frame} bytes)") from None
        if n < n_total:
            self._q[L.Q_FULL] += 1
            if self.policy == "drop":
                self._q[L.Q_DROPS] += n_total - n
                self._maybe_bell()
                return n
            if timeout is None:
                timeout = self.send_timeout
            now = _perf()
            deadline = now + timeout
            spin_until = now + min(self.spin_s, timeout)
            pause = 20e-6
            while n < n_total:
                self._maybe_bell()
                now = _perf()
                if now >= deadline:
                    raise RingFull(
                        f"ring {self.name} stayed full for {timeout:g}s after {n} of {n_total} "
                        "frames: its consumer is not draining",
                        sent=n,
                    )
                if now > spin_until:
                    time.sleep(min(pause, deadline - now))
                    pause = min(pause * 2, 2e-4)
                n += fn(seq, n)
        self._maybe_bell()
        return n

    def _maybe_bell(self) -> None:
        if self._q[L.Q_SLEEPING]:
            self._ring_bell()

    def _ring_bell(self) -> None:
        name = _read_name(self._mm, L.OFF_DOORBELL)
        if not name:
            return
        if name != self._bell_name:
            if self._bell is not None:
                self._bell.close()
            try:
                self._bell = posix_ipc.Semaphore(name)
            except posix_ipc.ExistentialError:
                self._bell = None
                return
            self._bell_name = name
        self._q[L.Q_SLEEPING] = 0
        self._bell.release()

    # -- consumer --------------------------------------------------------------
    def recv_bytes(self, timeout: float | None = None) -> bytes | None:
        """Next raw frame body; None when nothing arrived within ``timeout`` (None = wait forever)."""
        r = self._core.recv_raw()
        if r.__class__ is bytes:
            return r
        if r is None and timeout == 0:
            return None  # the busy-poll path: nothing else to do
        return self._recv_slow(self._core.recv_raw, r, timeout)

    def recv(self, timeout: float | None = None) -> AgentMessage | None:
        """Next AgentMessage; corrupt or undecodable frames are counted, reported, skipped."""
        r = self._core.recv_msg(_DEC_FNS, _AGENTS, AgentMessage)
        if r.__class__ is AgentMessage:
            return r
        if r is None and timeout == 0:
            return None  # the busy-poll path
        return self._recv_slow(self._recv_msg_once, r, timeout)

    def _recv_msg_once(self):
        return self._core.recv_msg(_DEC_FNS, _AGENTS, AgentMessage)

    def _bad(self, t) -> None:
        """A checksummed frame whose content is not a valid AgentMessage: count, report."""
        kind, src, tgt, seq, err = t
        if err == "kind":
            err = (
                "kind 0 is a raw-bytes frame, not an AgentMessage; use recv_bytes()"
                if kind == 0
                else f"unknown frame kind {kind}; known kinds: {sorted(_DECODERS)}"
            )
        elif err == "agent":
            err = f"unknown agent id in header (source {src}, target {tgt})"
        else:
            err = f"corrupt body for kind {kind}: {err}"
        self._q[L.Q_DECODE_ERR] += 1
        self._report("decode", -1, 0, f"seq {seq} from {src} to {tgt}: {err}")

    def _recv_slow(self, fn, r, timeout):
        if self._closed:
            raise RingClosed(f"ring {self.name} is closed")
        deadline = None if timeout is None else _perf() + timeout
        spin_until = _perf() + (self.spin_s if timeout is None else min(self.spin_s, timeout))
        pause = 20e-6
        while True:
            if r is not None:
                cls = r.__class__
                if cls is int:
                    self._report(
                        "checksum",
                        self._q[L.Q_LAST_CORRUPT],
                        r,
                        f"skipped {r} bytes failing magic/length/CRC32C checks",
                    )
                elif cls is tuple:
                    self._bad(r)
                else:
                    return r
                r = fn()
                continue
            now = _perf()
            if deadline is not None and now >= deadline:
                return None
            if now > spin_until:
                time.sleep(pause if deadline is None else min(pause, deadline - now))
                pause = min(pause * 2, 2e-4)
            r = fn()

    # -- at-least-once consumers -------------------------------------------------
    def manual_commit(self, on: bool = True) -> None:
        """Consume at least once: the shared tail moves only at ``commit``/``commit_through``.

        Why: with the default (auto) commit the tail moves as a frame is read, so a
        consumer killed between reading a frame and finishing its handler loses it. In
        manual mode reads move a private cursor; a consumer restarted after a crash
        resumes at the last commit and gets every frame it had not committed again (the
        producer never overwrites uncommitted bytes). Handlers must tolerate seeing a
        frame again (de-duplicate by ``msg.seq``) when the crash fell after the handler
        and before the commit. Turning it off commits everything read so far.
        """
        if not hasattr(self._core, "set_deferred"):
            raise ExtensionMissing(
                "the compiled ring core ipc/_ringcore*.so predates manual commit (at-least-once "
                "consumers): rebuild it with `.venv/bin/pip install -e .` or "
                "`python setup.py build_ext --inplace`"
            )
        self._core.set_deferred(on)
        self.manual = bool(on)
        self._marks.clear()

    def commit(self) -> None:
        """Manual mode: everything read so far is handled; release it to the producer."""
        pos, seq = self._core.cursor()
        self._core.commit(pos, seq)
        self._marks.clear()

    def commit_through(self, seq: int) -> None:
        """Manual mode: frames up to and including ``seq`` are handled; release them."""
        mark = None
        while self._marks and self._marks[0][0] <= seq:
            mark = self._marks.popleft()
        if mark is not None:
            self._core.commit(mark[1], mark[0])

    @property
    def uncommitted(self) -> int:
        """Frames read in manual mode and not yet committed."""
        return len(self._marks)

    def _recv_many_marked(self, max_n: int) -> list:
        """Manual mode: one frame at a time, remembering the position after each."""
        out = []
        before = self._q[L.Q_CRC_FAIL]
        while len(out) < max_n:
            r = self._core.recv_msg(_DEC_FNS, _AGENTS, AgentMessage)
            if r is None:
                break
            if r.__class__ is int:
                continue
            if r.__class__ is not AgentMessage:
                self._bad(r)
                continue
            pos, seq = self._core.cursor()
            self._marks.append((seq, pos))
            out.append(r)
        self._report_batch_crc(before)
        return out

    def recv_many(self, max_n: int, timeout: float = 0, *, raw: bool = False) -> list:
        """Up to ``max_n`` waiting frames (AgentMessages, or bodies with ``raw=True``).

        Waits up to ``timeout`` for the first one only (0: never blocks).
        """
        if self.manual and not raw and timeout == 0:
            return self._recv_many_marked(max_n)
        before = self._q[L.Q_CRC_FAIL]
        if raw:
            out = self._core.recv_many_raw(max_n)
        else:
            out = []
            for x in self._core.recv_many_msgs(max_n, _DEC_FNS, _AGENTS, AgentMessage):
                if x.__class__ is AgentMessage:
                    out.append(x)
                else:
                    self._bad(x)
        self._report_batch_crc(before)
        if out or timeout == 0:
            return out
        first = self.recv_bytes(timeout) if raw else self.recv(timeout)
        if first is None:
            return []
        return [first, *self.recv_many(max_n - 1, 0, raw=raw)]

    def _report_batch_crc(self, before: int) -> None:
        """One event for the regions a batch read skipped (``before``: the CRC-failure count
        when it began): the core counts them, so a batch costs no check per frame."""
        if self._q[L.Q_CRC_FAIL] != before:
            self._report(
                "checksum",
                self._q[L.Q_LAST_CORRUPT],
                -1,
                f"{self._q[L.Q_CRC_FAIL] - before} corrupt region(s) skipped in a batch",
            )

    def _report(self, kind: str, pos: int, skipped: int, detail: str) -> None:
        ev = CorruptionEvent(self.name, kind, pos, skipped, detail, time.time_ns())
        self.corruption.append(ev)
        if self.on_corrupt is not None:
            with contextlib.suppress(Exception):  # a failing hook must never kill the consumer
                self.on_corrupt(ev)

    def drain_corruption(self) -> list[CorruptionEvent]:
        """Corruption events since the last call (for reporting to SENTINEL)."""
        out = list(self.corruption)
        self.corruption.clear()
        return out

    # -- inspection ------------------------------------------------------------
    @property
    def pending_bytes(self) -> int:
        """Bytes not yet read (in manual mode: not yet read by this consumer)."""
        if self.manual:
            return self._core.pending()
        return self._q[L.Q_HEAD] - self._q[L.Q_TAIL]

    @property
    def last_seq_sent(self) -> int:
        return self._q[L.Q_SEQ_SENT]

    def set_sleeping(self, flag: bool) -> None:
        self._q[L.Q_SLEEPING] = 1 if flag else 0

    def bind_doorbell(self, bell_name: str) -> None:
        """Tell producers which semaphore wakes this ring's consumer (Inbox does this)."""
        b = bell_name.encode()
        if len(b) >= L.NAME_FIELD:
            raise ValueError(f"doorbell name {bell_name!r} too long")
        self._mm[L.OFF_DOORBELL : L.OFF_DOORBELL + L.NAME_FIELD] = b.ljust(L.NAME_FIELD, b"\0")

    def stats(self) -> dict[str, Any]:
        return read_stats(self._mm)

    def fence(self) -> None:
        self._core.fence()


class _ClosedCore:
    """Stands in for the core after close(): every hot-path call raises RingClosed."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr):
        raise RingClosed(f"ring {self._name} is closed in this process")


def read_stats(mm) -> dict[str, Any]:
    """The control block's counters as a dict (never writes; safe on live rings)."""
    q = memoryview(mm)[: L.CTRL_SIZE].cast("Q")
    i = memoryview(mm)[: L.CTRL_SIZE].cast("I")
    try:
        head, tail = q[L.Q_HEAD], q[L.Q_TAIL]
        return {
            "name": _read_name(mm, L.OFF_NAME),
            "instance": _read_name(mm, L.OFF_INSTANCE),
            "capacity": q[L.OFF_CAPACITY // 8],
            "max_frame": i[L.OFF_MAX_FRAME // 4],
            "policy": "drop" if i[L.OFF_POLICY // 4] == L.POLICY_DROP else "block",
            "frame_version": i[L.OFF_FRAME_VERSION // 4],
            "creator_pid": i[L.OFF_CREATOR_PID // 4],
            "doorbell": _read_name(mm, L.OFF_DOORBELL),
            "head": head,
            "tail": tail,
            "used_bytes": head - tail,
            "frames_sent": q[L.Q_FRAMES_SENT],
            "bytes_sent": q[L.Q_BYTES_SENT],
            "full_events": q[L.Q_FULL],
            "drops": q[L.Q_DROPS],
            "high_water": q[L.Q_HIGH_WATER],
            "last_seq_sent": q[L.Q_SEQ_SENT],
            "frames_recv": q[L.Q_FRAMES_RECV],
            "bytes_recv": q[L.Q_BYTES_RECV],
            "checksum_failures": q[L.Q_CRC_FAIL],
            "duplicates": q[L.Q_DUPLICATES],
            "decode_errors": q[L.Q_DECODE_ERR],
            "last_seq_recv": q[L.Q_SEQ_RECV],
            "consumer_sleeping": bool(q[L.Q_SLEEPING]),
        }
    finally:
        q.release()
        i.release()
