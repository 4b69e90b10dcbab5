"""Ring behaviour in one process over real shared memory, for both cores."""

from __future__ import annotations

import os
import random
import stat
import uuid

import posix_ipc
import pytest
from hypothesis import HealthCheck, given, settings
from test_ipc_frame import any_body

from ipc import layout as L
from ipc.errors import (
    FrameTooLarge,
    InstanceMismatch,
    InvalidRingName,
    NotARing,
    RingExists,
    RingFull,
    RingNotFound,
    VersionMismatch,
)
from ipc.messages import AgentId, AgentMessage, Heartbeat, Transcript
from ipc.names import parse_ring_name, ring_name
from ipc.ring import Ring


@pytest.fixture
def pair(instance, backend):
    name = ring_name(instance, AgentId.STRIKE, AgentId.COMMAND)
    prod = Ring.create(name, 4096)
    cons = Ring.attach(name)
    yield prod, cons
    cons.close()
    prod.close()
    prod.unlink()


def test_names_are_built_from_agent_ids(instance):
    assert ring_name(instance, AgentId.STRIKE, AgentId.COMMAND) == f"/{instance}.strike-command"
    assert parse_ring_name(f"/{instance}.media-sentinel") == (instance, "media", "sentinel")


@pytest.mark.parametrize(
    "bad",
    [
        "noslash.a-b",
        "/inst.a_b",
        "/inst.A-b",
        "/.a-b",
        "/in st.a-b",
        "/inst.a-b/c",
        "",
        "/i" * 40 + ".a-b",
        None,
    ],
)
def test_malformed_names_are_refused(bad):
    with pytest.raises(InvalidRingName, match="expected '/<instance>.<src>-<dst>'"):
        Ring.create(bad, 4096)
    with pytest.raises(InvalidRingName):
        Ring.attach(bad)


def test_timeout_zero_never_blocks_and_empty_gives_none(pair):
    prod, cons = pair
    assert cons.recv_bytes(0) is None
    assert cons.recv(0) is None
    assert cons.recv_bytes(0.01) is None
    assert cons.recv_many(10) == []


def test_bytes_and_messages_round_trip_with_sequence_numbers(pair):
    prod, cons = pair
    call = uuid.uuid4().hex
    assert prod.send_bytes(b"hello")
    assert cons.recv_bytes(0) == b"hello"
    m = AgentMessage(AgentId.STRIKE, AgentId.COMMAND, call, 0, Transcript("hi", turn=3))
    assert prod.send(m)
    got = cons.recv(0)
    assert got.body == m.body and got.call_id == call and got.seq == 2
    assert got.source is AgentId.STRIKE and got.target is AgentId.COMMAND and got.ts_ns > 0
    s = prod.stats()
    assert s["frames_sent"] == 2 and s["frames_recv"] == 2 and s["last_seq_recv"] == 2
    assert s["used_bytes"] == 0 and s["instance"] == prod.instance


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=any_body)
def test_every_body_type_round_trips_through_a_ring(pair, body):
    prod, cons = pair
    m = AgentMessage(AgentId.OPS, AgentId.COMMAND, "", 0, body)
    assert prod.send(m, timeout=0)
    got = cons.recv(0)
    assert got.body == body and type(got.body) is type(body)


def test_wrap_around_with_mixed_sizes(pair):
    prod, cons = pair
    rnd = random.Random(7)
    pending = []
    for _i in range(3000):
        data = os.urandom(rnd.choice([0, 1, 7, 8, 9, 100, 500, 1500]))
        while not _try_send(prod, data):
            assert cons.recv_bytes(0) == pending.pop(0)
        pending.append(data)
        if rnd.random() < 0.4:
            assert cons.recv_bytes(0) == pending.pop(0)
    while pending:
        assert cons.recv_bytes(0) == pending.pop(0)
    s = cons.stats()
    assert s["head"] > 10 * s["capacity"]  # wrapped many times
    assert s["checksum_failures"] == 0 and s["high_water"] <= s["capacity"]


def _try_send(ring, data):
    try:
        return ring.send_bytes(data, timeout=0)
    except RingFull:
        return False


def test_largest_allowed_frame_and_too_large(instance, backend):
    name = ring_name(instance, "a", "b")
    with Ring.create(name, 8192, max_frame=4096) as prod, Ring.attach(name) as cons:
        biggest = os.urandom(4096 - 48)
        for _ in range(5):  # at every offset of the ring, including right before the end
            assert prod.send_bytes(b"x" * 24)
            assert prod.send_bytes(biggest)
            assert cons.recv_bytes(0) == b"x" * 24
            assert cons.recv_bytes(0) == biggest
        with pytest.raises(FrameTooLarge, match="exceeds ring .* limit of 4096 bytes"):
            prod.send_bytes(biggest + b"x")
    name2 = ring_name(instance, "c", "d")
    with Ring.create(name2, 4096) as prod, Ring.attach(name2) as cons:
        whole = os.urandom(4096 - 48)  # a frame as large as the ring itself
        prod.send_bytes(b"abc")
        assert cons.recv_bytes(0) == b"abc"
        with pytest.raises(RingFull):  # the rest of the lap was published as padding first
            prod.send_bytes(whole, timeout=0)
        assert cons.recv_bytes(0) is None  # the consumer skips the padding...
        assert prod.send_bytes(whole, timeout=0)  # ...and the whole ring is free
        assert cons.recv_bytes(0) == whole
        with pytest.raises(FrameTooLarge, match="capacity 4096"):
            prod.send_bytes(bytes(5000))
        with pytest.raises(FrameTooLarge):
            prod.send_many([b"ok", bytes(5000)])


def test_full_ring_blocking_send_raises_after_timeout(pair):
    prod, cons = pair
    n = 0
    while _try_send(prod, b"z" * 200):
        n += 1
    assert n == 4096 // 248  # 48-byte header + 200 bytes per frame
    with pytest.raises(RingFull, match="stayed full for 0.05s"):
        prod.send_bytes(b"z" * 200, timeout=0.05)
    with pytest.raises(RingFull):
        prod.send_bytes(b"z" * 200, timeout=0)
    with pytest.raises(RingFull) as ei:
        prod.send_many([b"q" * 200] * 3, timeout=0.01)
    assert ei.value.sent == 0
    assert prod.stats()["full_events"] >= 3
    # nothing unread was overwritten
    got = cons.recv_many(100, raw=True)
    assert got == [b"z" * 200] * n
    assert prod.send_bytes(b"after", timeout=0)
    assert cons.recv_bytes(0) == b"after"


def test_drop_policy_counts_and_never_overwrites(instance, backend):
    name = ring_name(instance, AgentId.OPS, AgentId.COMMAND)
    with Ring.create(name, 4096, policy="drop") as prod, Ring.attach(name) as cons:
        sent = [i.to_bytes(4, "little") * 50 for i in range(40)]
        ok = [prod.send_bytes(s) for s in sent]
        assert not all(ok) and any(ok)
        assert prod.stats()["drops"] == ok.count(False)
        n = prod.send_many(sent[:5])
        assert n == 0 and prod.stats()["drops"] == ok.count(False) + 5
        got = cons.recv_many(100, raw=True)
        assert got == [s for s, k in zip(sent, ok, strict=True) if k]
        assert cons.stats()["policy"] == "drop"


def test_send_many_and_recv_many_batches(pair):
    prod, cons = pair
    items = [os.urandom(i % 90) for i in range(30)]
    assert prod.send_many(items) == 30
    assert cons.recv_many(10, raw=True) == items[:10]
    assert cons.recv_many(100, raw=True) == items[10:]
    msgs = [
        AgentMessage(AgentId.STRIKE, AgentId.COMMAND, "", 0, Heartbeat(pid=i)) for i in range(20)
    ]
    assert prod.send_many(msgs) == 20
    got = cons.recv_many(50)
    assert [g.body.pid for g in got] == list(range(20))
    assert [g.seq for g in got] == list(range(31, 51))


def test_segment_is_0600_and_costs_capacity_plus_one_control_block(instance, backend):
    name = ring_name(instance, "a", "b")
    with Ring.create(name, 1 << 16) as r:
        st_ = os.stat("/dev/shm" + name)
        assert stat.S_IMODE(st_.st_mode) == 0o600
        assert st_.st_size == (1 << 16) + L.CTRL_SIZE
        for _ in range(2000):
            _try_send(r, b"x" * 256) or r.recv_many(1000, raw=True)
        assert os.stat("/dev/shm" + name).st_size == (1 << 16) + L.CTRL_SIZE


def test_create_twice_and_attach_missing(instance, backend):
    name = ring_name(instance, "a", "b")
    with Ring.create(name, 4096), pytest.raises(RingExists, match="sovren rings --clean"):
        Ring.create(name, 4096)
    with pytest.raises(RingNotFound, match="is the runtime instance"):
        Ring.attach(name)


def _raw_segment(name, size, content=b""):
    shm = posix_ipc.SharedMemory(name, posix_ipc.O_CREX, mode=0o600, size=size)
    os.pwrite(shm.fd, content, 0) if content else None
    shm.close_fd()


def test_attach_refuses_what_is_not_a_ring(instance, backend):
    small = ring_name(instance, "a", "b")
    _raw_segment(small, 100)
    with pytest.raises(NotARing, match="too small"):
        Ring.attach(small)
    junk = ring_name(instance, "c", "d")
    _raw_segment(junk, 16384, os.urandom(16384))
    with pytest.raises(NotARing, match="not a SOVREN ring"):
        Ring.attach(junk, wait_ready_s=0)
    zero = ring_name(instance, "e", "f")
    _raw_segment(zero, 16384)
    with pytest.raises(NotARing):
        Ring.attach(zero, wait_ready_s=0.01)


def _patch(name, off, data):
    shm = posix_ipc.SharedMemory(name)
    os.pwrite(shm.fd, data, off)
    shm.close_fd()


def test_attach_refuses_other_frame_version_and_other_instance(instance, backend):
    name = ring_name(instance, "a", "b")
    with Ring.create(name, 4096):
        with pytest.raises(
            InstanceMismatch, match=f"belongs to instance '{instance}', expected 'other'"
        ):
            Ring.attach(name, instance="other")
        _patch(name, L.OFF_INSTANCE, b"intruder".ljust(64, b"\0"))
        with pytest.raises(InstanceMismatch, match="belongs to instance 'intruder'"):
            Ring.attach(name)
        _patch(name, L.OFF_FRAME_VERSION, (9).to_bytes(4, "little"))
        with pytest.raises(VersionMismatch, match=f"{name} uses frame format version 9"):
            Ring.attach(name)


def test_bad_construction_arguments(instance, backend):
    name = ring_name(instance, "a", "b")
    with pytest.raises(ValueError, match="at least 4096"):
        Ring.create(name, 100)
    with pytest.raises(ValueError, match="'block' or 'drop'"):
        Ring.create(name, 4096, policy="lossy")
    with pytest.raises(ValueError, match="unknown ring backend"):
        Ring.create(name, 4096, backend="rust")


def test_context_manager_closes_and_creator_unlinks(instance, backend):
    name = ring_name(instance, "a", "b")
    with Ring.create(name, 4096) as r:
        with Ring.attach(name) as c:
            r.send_bytes(b"1")
        assert os.path.exists("/dev/shm" + name)  # an attacher never unlinks
    assert not os.path.exists("/dev/shm" + name)
    from ipc.errors import RingClosed

    with pytest.raises((RingClosed, ValueError, AttributeError)):
        c.recv_bytes(0)


def test_c_core_and_python_reference_agree_byte_for_byte(instance):
    """Same layout constants, same frame bytes, and each core reads the other's frames."""
    import mmap

    from ipc import _ringcore, frame

    assert _ringcore.CTRL_SIZE == L.CTRL_SIZE and _ringcore.HEADER_SIZE == frame.HEADER_SIZE
    assert (
        _ringcore.FRAME_MAGIC == frame.FRAME_MAGIC
        and _ringcore.FRAME_VERSION == frame.FRAME_VERSION
    )
    for q in (
        "Q_HEAD",
        "Q_TAIL",
        "Q_SLEEPING",
        "Q_LAST_CORRUPT",
        "Q_CRC_FAIL",
        "Q_SEQ_RECV",
        "Q_SEQ_SENT",
    ):
        assert getattr(_ringcore, q) == getattr(L, q), q
    from crc32c import crc32c

    for n in (0, 1, 7, 8, 9, 255, 256, 4097):
        b = os.urandom(n)
        assert _ringcore.crc32c(b) == crc32c(b) and _ringcore.crc32c(b, 99) == crc32c(b, 99)
    call = uuid.uuid4().hex
    msg = AgentMessage(AgentId.INTEL, AgentId.COMMAND, call, 5, Transcript("x" * 40), ts_ns=42)
    images = []
    for be in ("c", "python"):
        name = ring_name(instance, "w" + be[0], "r")
        with Ring.create(name, 4096, backend=be) as r:
            r.send(msg)
            shm = posix_ipc.SharedMemory(name)
            m = mmap.mmap(shm.fd, shm.size)
            shm.close_fd()
            n = frame.HEADER_SIZE + len(frame.encode_body(msg.body))
            images.append(bytes(m[L.CTRL_SIZE : L.CTRL_SIZE + n]))
            m.close()
            other = "python" if be == "c" else "c"
            with Ring.attach(name, backend=other) as c:
                got = c.recv(0)
                assert got.body == msg.body and got.call_id == call and got.seq == 5
    assert images[0] == images[1] == frame.encode(msg)


def test_python_core_refuses_other_architectures(instance, monkeypatch):
    import platform

    from ipc.errors import UnsupportedArchitecture

    monkeypatch.setattr(platform, "machine", lambda: "riscv64")
    with pytest.raises(UnsupportedArchitecture, match="x86-64 store ordering"):
        Ring.create(ring_name(instance, "a", "b"), 4096, backend="python")
    with pytest.raises(UnsupportedArchitecture, match="riscv64"):
        Ring.create(ring_name(instance, "a", "b"), 4096, backend="c")


def test_missing_c_core_fails_loudly_with_instructions(instance, monkeypatch):
    import sys

    from ipc.errors import ExtensionMissing

    monkeypatch.setitem(sys.modules, "ipc._ringcore", None)  # as if the build never happened
    monkeypatch.delenv("SOVREN_RING_BACKEND", raising=False)
    with pytest.raises(ExtensionMissing, match="pip install -e .*SOVREN_RING_BACKEND=python"):
        Ring.create(ring_name(instance, "a", "b"), 4096)
    assert not os.path.exists(f"/dev/shm/{instance}.a-b")
