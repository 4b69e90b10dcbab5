"""The frame codec: a fixed 48-byte header, a MessagePack body, one CRC32C.

Layout (little-endian, see docs/fabric.md)::

    off size field
     0   4   magic     0x46525653 (b"SVRF")
     4   1   version   FRAME_VERSION
     5   1   source    AgentId (0 = raw link endpoint)
     6   1   target    AgentId
     7   1   kind      body tag (0 = raw bytes, not an AgentMessage)
     8   8   seq       per-link sequence number (1, 2, ...)
    16   8   ts_ns     time.time_ns() at encode
    24  16   call_id   UUID bytes; all zero = no call
    40   4   body_len  bytes of body after the header
    44   4   crc32c    CRC32C of bytes 0..43 then of the body

Why the call id is 16 raw bytes while ``AgentMessage.call_id`` is a str: the
header stays fixed-size. The convention: ``call_id`` is ``""`` (no call) or a
UUID; on the wire it is its 16 bytes; decoded it is always the canonical
32-digit lowercase hex (``uuid.UUID(...).hex``). The nil UUID means "no call".

Why CRC32C over header *and* body: a flipped bit in ``seq`` or ``target`` is
as harmful as one in the body. The same bytes are produced by the C hot path
(ipc/_ringcore.c); tests check that both agree bit for bit.
"""

from __future__ import annotations

import struct
import time
import uuid

import msgspec
from crc32c import crc32c

from ipc.errors import (
    BadCallId,
    BadMagic,
    ChecksumError,
    FrameError,
    FrameTooLarge,
    TruncatedFrame,
    UnknownKind,
    VersionMismatch,
)
from ipc.messages import TYPE_OF_KIND, AgentId, AgentMessage

FRAME_MAGIC = 0x46525653  # b"SVRF" little-endian
PAD_MAGIC = (
    FRAME_MAGIC ^ 0xFFFFFFFF
)  # 32 bits away from FRAME_MAGIC: no flip turns one into the other
FRAME_VERSION = 2  # 2: typed action payloads (ipc/payloads.py), typed call-control ops
HEADER = struct.Struct("<IBBBBQQ16sII")
HEADER_SIZE = HEADER.size  # 48
CRC_OFFSET = 44
KIND_RAW = 0
MAX_BODY = 16 << 20  # format limit; a ring's own limit is usually smaller
NIL_CALL = bytes(16)

assert HEADER_SIZE == 48

_ENCODER = msgspec.msgpack.Encoder()
_DECODERS = {k: msgspec.msgpack.Decoder(t) for k, t in TYPE_OF_KIND.items()}
_AGENTS: tuple[AgentId | None, ...] = tuple(
    AgentId(i) if i in AgentId._value2member_map_ else None for i in range(256)
)


def call_id_to_bytes(call_id: str) -> bytes:
    """``""`` -> 16 zero bytes; a UUID (32 hex digits, or hyphenated) -> its bytes."""
    if not call_id:
        return NIL_CALL
    try:
        if len(call_id) == 32:
            b = bytes.fromhex(call_id)
            if len(b) == 16:
                return b
        elif len(call_id) == 36:
            return uuid.UUID(call_id).bytes
    except ValueError:
        pass
    raise BadCallId(f"call_id {call_id!r} is not a UUID; use uuid.uuid4().hex (or '' for no call)")


def call_id_from_bytes(b: bytes) -> str:
    return "" if b == NIL_CALL else b.hex()


def encode_body(body: msgspec.Struct) -> bytes:
    return _ENCODER.encode(body)


def decode_body(kind: int, body: bytes | memoryview):
    """Decode a body of ``kind``; raises UnknownKind or FrameError (corrupt body)."""
    dec = _DECODERS.get(kind)
    if dec is None:
        if kind == KIND_RAW:
            raise UnknownKind("kind 0 is a raw-bytes frame, not an AgentMessage; use recv_bytes()")
        raise UnknownKind(f"unknown frame kind {kind}; known kinds: {sorted(_DECODERS)}")
    try:
        return dec.decode(body)
    except msgspec.DecodeError as e:
        raise FrameError(f"corrupt body for kind {kind}: {e}") from None


def agent(i: int) -> AgentId:
    a = _AGENTS[i]
    if a is None:
        raise FrameError(f"unknown agent id {i} in frame header")
    return a


def header_crc(header44: bytes | memoryview, body: bytes | memoryview) -> int:
    return crc32c(body, crc32c(header44))


def encode_raw(
    source: int, target: int, kind: int, seq: int, ts_ns: int, call: bytes, body: bytes
) -> bytes:
    if len(body) > MAX_BODY:
        raise FrameTooLarge(f"body of {len(body)} bytes exceeds the format limit of {MAX_BODY}")
    buf = bytearray(HEADER_SIZE + len(body))
    HEADER.pack_into(
        buf, 0, FRAME_MAGIC, FRAME_VERSION, source, target, kind, seq, ts_ns, call, len(body), 0
    )
    buf[HEADER_SIZE:] = body
    mv = memoryview(buf)
    struct.pack_into("<I", buf, CRC_OFFSET, header_crc(mv[:CRC_OFFSET], mv[HEADER_SIZE:]))
    return bytes(buf)


def encode(msg: AgentMessage, *, ts_ns: int | None = None) -> bytes:
    """One complete frame for ``msg`` (``ts_ns`` defaults to msg.ts_ns or now)."""
    ts = ts_ns if ts_ns is not None else (msg.ts_ns or time.time_ns())
    return encode_raw(
        int(msg.source),
        int(msg.target),
        msg.kind,
        msg.seq,
        ts,
        call_id_to_bytes(msg.call_id),
        _ENCODER.encode(msg.body),
    )


def parse_header(buf: bytes | memoryview) -> tuple:
    """Validate the header and CRC of a complete frame; returns the header tuple."""
    n = len(buf)
    if n < HEADER_SIZE:
        raise TruncatedFrame(f"frame of {n} bytes is shorter than the {HEADER_SIZE}-byte header")
    h = HEADER.unpack_from(buf, 0)
    if h[0] != FRAME_MAGIC:
        raise BadMagic(f"not a SOVREN frame (magic {h[0]:#010x}, expected {FRAME_MAGIC:#010x})")
    if h[1] != FRAME_VERSION:
        raise VersionMismatch(
            f"frame format version {h[1]}, this build reads version {FRAME_VERSION}"
        )
    blen = h[8]
    if blen > MAX_BODY:
        raise FrameTooLarge(f"header announces a {blen}-byte body, over the limit of {MAX_BODY}")
    if n < HEADER_SIZE + blen:
        raise TruncatedFrame(
            f"header announces {blen} body bytes but only {n - HEADER_SIZE} are present"
        )
    mv = memoryview(buf)
    crc = header_crc(mv[:CRC_OFFSET], mv[HEADER_SIZE : HEADER_SIZE + blen])
    if crc != h[9]:
        raise ChecksumError(f"CRC32C mismatch (stored {h[9]:#010x}, computed {crc:#010x})")
    return h


def decode(buf: bytes | memoryview) -> AgentMessage:
    """Verify and decode one frame; every failure is a FrameError subclass."""
    h = parse_header(buf)
    body = decode_body(h[4], memoryview(buf)[HEADER_SIZE : HEADER_SIZE + h[8]])
    return AgentMessage(
        source=agent(h[2]),
        target=agent(h[3]),
        call_id=call_id_from_bytes(h[7]),
        seq=h[5],
        body=body,
        ts_ns=h[6],
        checksum=h[9],
    )
