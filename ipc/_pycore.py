"""The pure-Python ring core: the reference the C core (ipc/_ringcore.c) must match.

Why keep it: it is the readable specification of the byte layout and of the
publication order, every ring test runs against it as well as against the C
core, and the two interoperate on the same segment.

Publication order (x86-64 only, see ipc/ring.py): the producer stores the whole
frame (header, body, CRC) and only then stores ``head``; the consumer loads
``head`` before it reads any frame byte, copies the frame out, and only then
stores ``tail``. x86-64 (TSO) never reorders a store with an earlier store nor
a load with an earlier load, and each index is one aligned 8-byte store made
through ``memoryview.cast('Q')`` (a single ``mov``), so a consumer that sees a
new ``head`` sees the frame bytes before it, and a producer that sees a new
``tail`` may reuse the bytes before it. A producer killed mid-frame never
stored ``head``: the torn frame is invisible.
"""

from __future__ import annotations

import struct
import time

from crc32c import crc32c

from ipc.frame import (
    FRAME_MAGIC,
    FRAME_VERSION,
    HEADER,
    HEADER_SIZE,
    PAD_MAGIC,
    call_id_from_bytes,
    call_id_to_bytes,
)
from ipc.layout import (
    CTRL_SIZE,
    Q_BYTES_RECV,
    Q_BYTES_SENT,
    Q_CRC_FAIL,
    Q_DUPLICATES,
    Q_FRAMES_RECV,
    Q_FRAMES_SENT,
    Q_HEAD,
    Q_HIGH_WATER,
    Q_LAST_CORRUPT,
    Q_SEQ_RECV,
    Q_SEQ_SENT,
    Q_SLEEPING,
    Q_TAIL,
)

_U32 = struct.Struct("<I")
_hpack = HEADER.pack_into
_hunpack = HEADER.unpack_from
_u32 = _U32.unpack_from
_time_ns = time.time_ns


class PyCore:
    """Hot-path operations on one mapped ring; see RingCore in _ringcore.c."""

    def __init__(self, buf, capacity: int, max_frame: int, src: int, dst: int) -> None:
        mv = memoryview(buf)
        self._mv = mv
        self.ctl = mv[:CTRL_SIZE].cast("Q")
        self.data = mv[CTRL_SIZE : CTRL_SIZE + capacity]
        self.cap = capacity
        self.max_frame = max_frame
        self.src = src
        self.dst = dst
        # Manual commit (at-least-once consumers): reads move this private cursor;
        # the shared tail and last seq move only at commit() (see _ringcore.c).
        self.deferred = False
        self.rtail = 0
        self.rseq = 0

    def _tail(self) -> int:
        return self.rtail if self.deferred else self.ctl[Q_TAIL]

    def _set_tail(self, t: int) -> None:
        if self.deferred:
            self.rtail = t
        else:
            self.ctl[Q_TAIL] = t

    def _last_seq(self) -> int:
        return self.rseq if self.deferred else self.ctl[Q_SEQ_RECV]

    def _set_seq(self, q: int) -> None:
        if self.deferred:
            self.rseq = q
        else:
            self.ctl[Q_SEQ_RECV] = q

    def set_deferred(self, on) -> None:
        on = bool(on)
        if on and not self.deferred:
            self.rseq = self.ctl[Q_SEQ_RECV]
            self.rtail = self.ctl[Q_TAIL]
        if not on and self.deferred:  # hand the private position over: nothing read is lost
            self.ctl[Q_SEQ_RECV] = self.rseq
            self.ctl[Q_TAIL] = self.rtail
        self.deferred = on

    def cursor(self) -> tuple[int, int]:
        return self._tail(), self._last_seq()

    def commit(self, pos: int, seq: int) -> None:
        t = self.ctl[Q_TAIL]
        limit = self.rtail if self.deferred else t
        if pos < t or pos > limit:
            raise ValueError(f"commit position {pos} outside [{t}, {limit}]")
        if seq > self.ctl[Q_SEQ_RECV]:
            self.ctl[Q_SEQ_RECV] = seq  # seq first: a crash in between makes a duplicate
        self.ctl[Q_TAIL] = pos

    def release(self) -> None:
        for v in (self.ctl, self.data, self._mv):
            v.release()

    # -- producer ---------------------------------------------------------
    def send_raw(self, body) -> int:
        return self.send_frame(self.src, self.dst, 0, 0, 0, "", body)

    def send_frame(self, src, tgt, kind, seq, ts, call_id, body) -> int:
        """-1 too large, 0 full (nothing written), 1 sent, 2 sent and the consumer sleeps."""
        blen = len(body)
        rec = (HEADER_SIZE + blen + 7) & ~7
        if rec > self.max_frame:
            return -1
        call = call_id_to_bytes(call_id)
        ctl = self.ctl
        cap = self.cap
        data = self.data
        head = ctl[Q_HEAD]
        tail = ctl[Q_TAIL]
        off = head % cap
        if off + rec > cap:
            if head + (cap - off) - tail > cap:
                return 0
            # The rest of this lap cannot hold the frame: mark it as padding and
            # publish the pad on its own, so a frame as large as the ring fits later.
            _U32.pack_into(data, off, PAD_MAGIC)
            head += cap - off
            ctl[Q_HEAD] = head
            off = 0
        if head + rec - tail > cap:
            return 0
        if seq == 0:
            seq = ctl[Q_SEQ_SENT] + 1
        if seq > ctl[Q_SEQ_SENT]:
            ctl[Q_SEQ_SENT] = seq  # before publication: a crash here leaves a gap, never a reuse
        _hpack(
            data,
            off,
            FRAME_MAGIC,
            FRAME_VERSION,
            src,
            tgt,
            kind,
            seq,
            ts or _time_ns(),
            call,
            blen,
            0,
        )
        end = off + HEADER_SIZE + blen
        data[off + HEADER_SIZE : end] = body
        _U32.pack_into(
            data, off + 44, crc32c(data[off + HEADER_SIZE : end], crc32c(data[off : off + 44]))
        )
        used = head + rec - tail
        if used > ctl[Q_HIGH_WATER]:
            ctl[Q_HIGH_WATER] = used
        ctl[Q_FRAMES_SENT] += 1
        ctl[Q_BYTES_SENT] += blen
        ctl[Q_HEAD] = head + rec  # publish: all frame stores above precede this store (TSO)
        return 2 if ctl[Q_SLEEPING] else 1

    def send_many_raw(self, items, start: int = 0) -> int:
        n = start
        for it in items[start:] if start else items:
            r = self.send_frame(self.src, self.dst, 0, 0, 0, "", it)
            if r <= 0:
                if r < 0:
                    raise ValueError(f"item {n} is larger than the ring's max frame")
                break
            n += 1
        return n - start

    def send_many_frames(self, tuples, start: int = 0) -> int:
        n = start
        for t in tuples[start:] if start else tuples:
            r = self.send_frame(*t)
            if r <= 0:
                if r < 0:
                    raise ValueError(f"item {n} is larger than the ring's max frame")
                break
            n += 1
        return n - start

    # -- consumer ---------------------------------------------------------
    def _valid(self, pos: int, head: int):
        """The header tuple of a whole, checksummed frame at ``pos``, else None."""
        cap = self.cap
        off = pos % cap
        if off + HEADER_SIZE > cap or head - pos < HEADER_SIZE:
            return None
        data = self.data
        h = _hunpack(data, off)
        if h[0] != FRAME_MAGIC or h[1] != FRAME_VERSION:
            return None
        blen = h[8]
        rec = (HEADER_SIZE + blen + 7) & ~7
        end = off + HEADER_SIZE + blen
        if end > cap or pos + rec > head or rec > self.max_frame:
            return None
        if crc32c(data[off + HEADER_SIZE : end], crc32c(data[off : off + 44])) != h[9]:
            return None
        return h

    def _resync(self, tail: int, head: int) -> int:
        """Skip a corrupt region: next position holding a valid, newer frame (or head)."""
        cap = self.cap
        data = self.data
        last = self._last_seq()
        p = tail + 8
        while p < head:
            off = p % cap
            if off + HEADER_SIZE > cap:
                p += cap - off
                continue
            m = _u32(data, off)[0]
            if m == PAD_MAGIC and p + (cap - off) <= head:
                p += cap - off
                continue
            if m == FRAME_MAGIC:
                h = self._valid(p, head)
                # A stale frame from an earlier lap (or a duplicate) has an older seq.
                if h is not None and h[5] > last:
                    break
            p += 8
        if p > head:
            p = head
        ctl = self.ctl
        ctl[Q_CRC_FAIL] += 1
        ctl[Q_LAST_CORRUPT] = tail
        self._set_tail(p)
        return p - tail

    def _next(self):
        """(header, body bytes) | None (empty) | int (bytes skipped as corrupt)."""
        ctl = self.ctl
        cap = self.cap
        data = self.data
        tail = self._tail()
        while True:
            head = ctl[Q_HEAD]  # load head before any frame byte
            if tail == head:
                return None
            off = tail % cap
            if _u32(data, off)[0] == PAD_MAGIC and tail + (cap - off) <= head:
                tail += cap - off
                self._set_tail(tail)
                continue
            h = self._valid(tail, head)
            if h is None:
                return self._resync(tail, head)
            blen = h[8]
            body = bytes(data[off + HEADER_SIZE : off + HEADER_SIZE + blen])
            rec = (HEADER_SIZE + blen + 7) & ~7
            seq = h[5]
            if seq and seq <= self._last_seq():
                ctl[Q_DUPLICATES] += 1
                tail += rec
                self._set_tail(tail)
                continue
            if seq:
                # before tail: a crash in between makes the redelivery a duplicate
                self._set_seq(seq)
            ctl[Q_FRAMES_RECV] += 1
            ctl[Q_BYTES_RECV] += blen
            self._set_tail(tail + rec)  # release: the copy above precedes this store
            return h, body

    def recv_raw(self):
        r = self._next()
        if r is None or r.__class__ is int:
            return r
        return r[1]

    # -- whole messages (mirrors send_msg / recv_msg of the C core) ---------
    def send_msg(self, msg, encode, kind_of):
        body = msg.body
        kind = kind_of.get(body.__class__)
        if kind is None:
            raise TypeError(f"{type(body).__name__} is not a body type")
        enc = encode(body)
        r = self.send_frame(msg.source, msg.target, kind, msg.seq, msg.ts_ns, msg.call_id, enc)
        return (-1, len(enc)) if r < 0 else r

    @staticmethod
    def _decode(h, body, decs, agents, cls):
        kind, src, tgt, seq = h[4], h[2], h[3], h[5]
        dec, sa, ta = decs[kind], agents[src], agents[tgt]
        if dec is None or sa is None or ta is None:
            return (kind, src, tgt, seq, "kind" if dec is None else "agent")
        try:
            b = dec(body)
        except Exception as e:
            return (kind, src, tgt, seq, str(e))
        return cls(sa, ta, call_id_from_bytes(h[7]), seq, b, h[6], h[9])

    def recv_msg(self, decs, agents, cls):
        r = self._next()
        if r is None or r.__class__ is int:
            return r
        return self._decode(r[0], r[1], decs, agents, cls)

    def recv_many_msgs(self, max_n, decs, agents, cls) -> list:
        out = []
        while len(out) < max_n:
            r = self._next()
            if r is None:
                break
            if r.__class__ is int:
                continue
            out.append(self._decode(r[0], r[1], decs, agents, cls))
        return out

    def recv_many_raw(self, max_n: int) -> list:
        out = []
        while len(out) < max_n:
            r = self._next()
            if r is None:
                break
            if r.__class__ is int:
                continue
            out.append(r[1])
        return out

    def pending(self) -> int:
        head = self.ctl[Q_HEAD]
        return head - self._tail()

    def fence(self) -> None:
        """No full fence is reachable from pure Python; Inbox bounds its sleep instead."""
