"""Frame codec: every body round-trips; every malformed frame gets its precise error."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import struct
import types
import typing
import uuid

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipc import frame
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
from ipc.messages import BODY_TYPES, KIND_OF, AgentId, AgentMessage

text = st.text(max_size=40)
small = st.integers(min_value=-(2**31), max_value=2**31)
fl = st.floats(allow_nan=False, allow_infinity=False)
jsonish = st.dictionaries(
    st.text(max_size=8), st.one_of(st.none(), st.booleans(), small, text), max_size=4
)


def strategy_for(ann):
    """A hypothesis strategy for one annotation of a body or payload (None if unknown)."""
    args = typing.get_args(ann)
    if isinstance(ann, type) and issubclass(ann, msgspec.Struct):
        return body_strategy(ann)
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        return st.sampled_from(list(ann))
    simple = {
        str: text,
        int: small,
        float: fl,
        bytes: st.binary(max_size=64),
        bool: st.booleans(),
        dt.date: st.dates(),
        decimal.Decimal: st.decimals(allow_nan=False, allow_infinity=False, places=2),
    }
    if ann in simple:
        return simple[ann]
    if typing.get_origin(ann) in (types.UnionType, typing.Union):
        parts = [strategy_for(a) if a is not type(None) else st.none() for a in args]
        return None if any(p is None for p in parts) else st.one_of(*parts)
    if typing.get_origin(ann) is list:
        inner = strategy_for(args[0])
        return None if inner is None else st.lists(inner, max_size=3)
    if typing.get_origin(ann) is dict:
        return st.dictionaries(text, fl, max_size=4) if args[1] is float else jsonish
    return None


def body_strategy(t):
    """Hypothesis strategy filling every field of struct type ``t`` from its annotations."""
    kwargs = {}
    for f in msgspec.structs.fields(t):
        s = strategy_for(f.type)
        assert s is not None, f"no strategy for {t.__name__}.{f.name}: {f.type}"
        kwargs[f.name] = s
    return st.builds(t, **kwargs)


any_body = st.one_of(*[body_strategy(t) for t in BODY_TYPES])
call_ids = st.one_of(st.just(""), st.uuids().map(lambda u: u.hex))
agents = st.sampled_from(list(AgentId))


def test_every_body_type_has_a_strategy_and_a_kind():
    assert sorted(KIND_OF.values()) == list(range(1, len(BODY_TYPES) + 1))


@settings(max_examples=150, deadline=None)
@given(body=any_body, src=agents, dst=agents, call=call_ids, seq=st.integers(0, 2**64 - 1))
def test_every_body_round_trips_through_the_codec(body, src, dst, call, seq):
    m = AgentMessage(src, dst, call, seq, body, ts_ns=123)
    out = frame.decode(frame.encode(m))
    assert out.body == body and type(out.body) is type(body)
    assert (out.source, out.target, out.call_id, out.seq, out.ts_ns) == (src, dst, call, seq, 123)
    assert out.kind == KIND_OF[type(body)]


def _msg(**kw):
    from ipc.messages import Transcript

    d = dict(
        source=AgentId.MEDIA,
        target=AgentId.STRIKE,
        call_id=uuid.uuid4().hex,
        seq=7,
        body=Transcript("two nights from friday"),
    )
    d.update(kw)
    return AgentMessage(**d)


def test_call_id_convention():
    u = uuid.uuid4()
    assert frame.decode(frame.encode(_msg(call_id=str(u)))).call_id == u.hex
    assert frame.decode(frame.encode(_msg(call_id=u.hex.upper()))).call_id == u.hex
    assert frame.decode(frame.encode(_msg(call_id=""))).call_id == ""
    for bad in ("call-1", "x" * 32, "12" * 15 + " 1", "0" * 33):
        with pytest.raises(BadCallId, match="not a UUID"):
            frame.encode(_msg(call_id=bad))


def test_timestamp_defaults_to_now():
    import time

    before = time.time_ns()
    out = frame.decode(frame.encode(_msg(ts_ns=0)))
    assert before <= out.ts_ns <= time.time_ns()


def test_header_is_48_bytes_and_checksum_is_crc32c_of_header_and_body():
    from crc32c import crc32c

    b = frame.encode(_msg())
    assert len(b) == frame.HEADER_SIZE + struct.unpack_from("<I", b, 40)[0]
    assert struct.unpack_from("<I", b, 44)[0] == crc32c(b[48:], crc32c(b[:44]))
    assert frame.decode(b).checksum == struct.unpack_from("<I", b, 44)[0]


def test_every_single_bit_flip_is_detected():
    b = frame.encode(_msg())
    for bit in range(len(b) * 8):
        bad = bytearray(b)
        bad[bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(FrameError):
            frame.decode(bytes(bad))


def test_clear_errors_for_malformed_frames():
    b = frame.encode(_msg())
    with pytest.raises(TruncatedFrame, match="shorter than the 48-byte header"):
        frame.decode(b[:20])
    with pytest.raises(TruncatedFrame, match="announces"):
        frame.decode(b[:-1])
    with pytest.raises(BadMagic, match="not a SOVREN frame"):
        frame.decode(b"X" + b[1:])
    for other in (frame.FRAME_VERSION - 1, frame.FRAME_VERSION + 1):  # older, newer build
        v = bytearray(b)
        v[4] = other
        with pytest.raises(VersionMismatch, match=f"version {other}"):
            frame.decode(bytes(v))
    big = bytearray(b)
    struct.pack_into("<I", big, 40, frame.MAX_BODY + 1)
    with pytest.raises(FrameTooLarge):
        frame.decode(bytes(big))
    with pytest.raises(ChecksumError, match="CRC32C mismatch"):
        frame.decode(b[:-1] + bytes([b[-1] ^ 0x10]))


def test_unknown_kind_and_corrupt_body_with_valid_checksum():
    unknown = frame.encode_raw(1, 5, 200, 1, 1, frame.NIL_CALL, b"\x91\x01")
    with pytest.raises(UnknownKind, match="unknown frame kind 200"):
        frame.decode(unknown)
    raw = frame.encode_raw(1, 5, 0, 1, 1, frame.NIL_CALL, b"hello")
    with pytest.raises(UnknownKind, match="raw-bytes frame"):
        frame.decode(raw)
    garbage = frame.encode_raw(1, 5, 1, 1, 1, frame.NIL_CALL, b"\xc1\xff\x00")
    with pytest.raises(FrameError, match="corrupt body for kind 1"):
        frame.decode(garbage)
    wrong_tag = frame.encode_raw(1, 5, 1, 1, 1, frame.NIL_CALL, frame.encode_body(_heartbeat()))
    with pytest.raises(FrameError, match="corrupt body"):
        frame.decode(wrong_tag)
    bad_agent = frame.encode_raw(99, 5, 1, 1, 1, frame.NIL_CALL, frame.encode_body(_msg().body))
    with pytest.raises(FrameError, match="unknown agent id 99"):
        frame.decode(bad_agent)


def _heartbeat():
    from ipc.messages import Heartbeat

    return Heartbeat(pid=1)


def test_encode_refuses_a_body_over_the_format_limit():
    with pytest.raises(FrameTooLarge, match="format limit"):
        frame.encode_raw(1, 5, 0, 1, 1, frame.NIL_CALL, bytes(frame.MAX_BODY + 1))
