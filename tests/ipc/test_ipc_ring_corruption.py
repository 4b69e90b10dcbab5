"""Corruption in stored frames: detected, never delivered, counted, reported; the next frame arrives."""

from __future__ import annotations

import mmap
import os

import posix_ipc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipc import layout as L
from ipc.messages import AgentId, AgentMessage, Evidence, Transcript
from ipc.names import ring_name
from ipc.ring import Ring


class Rig:
    """A producer, a consumer and a raw writable mapping of the same segment."""

    def __init__(self, instance, cap=1 << 14):
        self.name = ring_name(instance, AgentId.MEDIA, AgentId.SENTINEL)
        self.events = []
        self.prod = Ring.create(self.name, cap)
        self.cons = Ring.attach(self.name, on_corrupt=self.events.append)
        shm = posix_ipc.SharedMemory(self.name)
        self.mm = mmap.mmap(shm.fd, shm.size)
        shm.close_fd()
        self.cap = cap

    def sent_at(self, send) -> tuple[int, int]:
        """Send one frame; return (offset in the segment, record length)."""
        before = self.prod.stats()["head"]
        send()
        after = self.prod.stats()["head"]
        body_len = int.from_bytes(
            self.mm[L.CTRL_SIZE + (after - 8) % self.cap :][:0] or b"\0", "little"
        )
        del body_len
        # the frame occupies the last record before the new head (padding, if any, precedes it)
        rec = after - before
        start = (after - rec) % self.cap
        if start + rec > self.cap:  # a pad was written first: the frame starts the new lap
            start = 0
            hdr_len = int.from_bytes(self.mm[L.CTRL_SIZE + 40 : L.CTRL_SIZE + 44], "little")
            rec = (48 + hdr_len + 7) & ~7
        else:
            hdr_len = int.from_bytes(
                self.mm[L.CTRL_SIZE + start + 40 : L.CTRL_SIZE + start + 44], "little"
            )
            rec = (48 + hdr_len + 7) & ~7
            start = (after - rec) % self.cap
        return L.CTRL_SIZE + start, 48 + hdr_len

    def close(self):
        self.mm.close()
        self.cons.close()
        self.prod.close()
        self.prod.unlink()


@pytest.fixture
def rig(instance, backend):
    r = Rig(instance)
    yield r
    r.close()


def test_every_single_bit_flip_is_caught_and_the_next_frame_arrives(rig):
    body_b = b"B" * 20
    failures = 0
    frame_len = 48 + len(body_b)
    for bit in range(frame_len * 8):
        rig.prod.send_bytes(b"A-%d" % bit)
        off, n = rig.sent_at(lambda: rig.prod.send_bytes(body_b))
        assert n == frame_len
        rig.prod.send_bytes(b"C-%d" % bit)
        rig.mm[off + bit // 8] ^= 1 << (bit % 8)
        assert rig.cons.recv_bytes(0) == b"A-%d" % bit
        assert rig.cons.recv_bytes(0) == b"C-%d" % bit, f"bit {bit}"
        assert rig.cons.recv_bytes(0) is None
        failures += 1
        assert rig.cons.stats()["checksum_failures"] == failures
    assert len(rig.events) == failures
    assert {e.kind for e in rig.events} == {"checksum"}
    assert all(e.ring == rig.name for e in rig.events)
    assert len(rig.cons.drain_corruption()) == failures and rig.cons.drain_corruption() == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_garbage_in_a_stored_frame(rig, data):
    body = data.draw(st.binary(min_size=0, max_size=300))
    rig.prod.send_bytes(b"first")
    off, n = rig.sent_at(lambda: rig.prod.send_bytes(body))
    rig.prod.send_bytes(b"next")
    start = data.draw(st.integers(0, n - 1))
    length = data.draw(st.integers(1, n - start))
    garbage = data.draw(st.binary(min_size=length, max_size=length))
    original = bytes(rig.mm[off + start : off + start + length])
    rig.mm[off + start : off + start + length] = garbage
    before = rig.cons.stats()["checksum_failures"]
    got = rig.cons.recv_many(10, raw=True)
    if garbage == original:
        assert got == [b"first", body, b"next"]
    else:
        assert got == [b"first", b"next"]
        assert rig.cons.stats()["checksum_failures"] == before + 1


def test_corrupt_message_frames_in_batch_and_single_paths(rig):
    msgs = [
        AgentMessage(AgentId.MEDIA, AgentId.SENTINEL, "", 0, Transcript(f"turn {i}", turn=i))
        for i in range(3)
    ]
    rig.prod.send(msgs[0])
    off, n = rig.sent_at(lambda: rig.prod.send(msgs[1]))
    rig.prod.send(msgs[2])
    rig.mm[off + n - 1] ^= 0xFF  # last body byte
    assert [m.body.turn for m in rig.cons.recv_many(10)] == [0, 2]
    assert rig.cons.stats()["checksum_failures"] == 1 and len(rig.events) == 1
    rig.prod.send(msgs[0])
    off, n = rig.sent_at(lambda: rig.prod.send(msgs[1]))
    rig.prod.send(msgs[2])
    rig.mm[off + 30] ^= 0x01  # inside the call id
    assert rig.cons.recv(0).body.turn == 0
    assert rig.cons.recv(0).body.turn == 2
    assert rig.cons.recv(0) is None
    assert rig.cons.stats()["checksum_failures"] == 2


def test_valid_checksum_but_bad_content_is_a_counted_drop(rig):
    core = rig.prod._core
    good = AgentMessage(AgentId.MEDIA, AgentId.SENTINEL, "", 0, Evidence("asr", 0.9))
    assert core.send_frame(6, 4, 99, 0, 0, "", b"\x91\x01") == 1  # unknown kind
    assert core.send_frame(6, 4, 1, 0, 0, "", b"\xc1\xc1") == 1  # corrupt MessagePack
    assert (
        core.send_frame(77, 4, 3, 0, 0, "", b"\x93\x03\xa3asr\xcb?\xec\xcc\xcc\xcc\xcc\xcc\xcd")
        == 1
    )
    assert core.send_frame(6, 4, 0, 0, 0, "", b"raw bytes") == 1  # a raw frame on a message link
    rig.prod.send(good)
    got = rig.cons.recv(0)
    assert got.body == good.body
    s = rig.cons.stats()
    assert s["decode_errors"] == 4 and s["checksum_failures"] == 0
    details = [e.detail for e in rig.events]
    assert any("unknown frame kind 99" in d for d in details)
    assert any("corrupt body" in d for d in details)
    assert any("unknown agent id" in d for d in details)
    assert any("raw-bytes frame" in d for d in details)


def test_header_announcing_more_than_was_published_is_skipped(rig):
    rig.prod.send_bytes(b"one")
    off, n = rig.sent_at(lambda: rig.prod.send_bytes(b"two"))
    rig.mm[off + 40 : off + 44] = (5000).to_bytes(4, "little")  # truncated: body beyond head
    assert rig.cons.recv_bytes(0) == b"one"
    assert rig.cons.recv_bytes(0) is None
    rig.prod.send_bytes(b"three")
    assert rig.cons.recv_bytes(0) == b"three"
    assert rig.cons.stats()["checksum_failures"] == 1


def test_a_failing_hook_never_kills_the_consumer(instance, backend):
    name = ring_name(instance, "a", "b")

    def hook(ev):
        raise RuntimeError("reporting failed")

    with Ring.create(name, 4096) as p, Ring.attach(name, on_corrupt=hook) as c:
        p.send_bytes(b"x" * 10)
        shm = posix_ipc.SharedMemory(name)
        os.pwrite(shm.fd, b"\xff", L.CTRL_SIZE + 50)
        shm.close_fd()
        p.send_bytes(b"ok")
        assert c.recv_bytes(0) == b"ok"
        assert len(c.drain_corruption()) == 1
