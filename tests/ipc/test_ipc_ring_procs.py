"""Two real processes over real shared memory: volume, crashes, restarts, doorbells."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import numpy as np
import pytest

from ipc import layout as L
from ipc.doorbell import Doorbell, Inbox
from ipc.messages import AgentId, AgentMessage, Heartbeat, Transcript
from ipc.names import ring_name
from ipc.ring import Ring

FORK = mp.get_context("fork")


def _wait(pred, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.002)


def _produce_counter(name, n, batch):
    ring = Ring.attach(name, send_timeout=30)
    for start in range(0, n, batch):
        ring.send_many([i.to_bytes(8, "little") for i in range(start, min(n, start + batch))])
    ring.close()


def test_a_million_frames_in_order_none_lost_none_duplicated(instance, monkeypatch):
    monkeypatch.setenv("SOVREN_RING_BACKEND", "c")  # the reference core is exercised below
    name = ring_name(instance, AgentId.MEDIA, AgentId.STRIKE)
    n = 1_000_000
    with Ring.create(name, 1 << 20) as cons:
        p = FORK.Process(target=_produce_counter, args=(name, n, 2000))
        p.start()
        got = 0
        chunks = []
        while got < n:
            batch = cons.recv_many(8192, timeout=10, raw=True)
            assert batch, f"stalled after {got} frames"
            joined = b"".join(batch)
            assert len(joined) == 8 * len(batch)
            chunks.append(np.frombuffer(joined, "<u8"))
            got += len(batch)
        p.join(10)
        assert p.exitcode == 0
        allv = np.concatenate(chunks)
        assert allv.size == n and np.array_equal(allv, np.arange(n, dtype=np.uint64))
        assert cons.recv_bytes(0) is None
        s = cons.stats()
        assert s["frames_recv"] == n and s["duplicates"] == 0 and s["checksum_failures"] == 0
        assert s["last_seq_recv"] == n


def _frame_body(i: int) -> bytes:
    size = 8 + (i * 7919) % 20000
    return i.to_bytes(8, "little") + bytes([i % 251]) * (size - 8)


def _produce_forever(name):
    ring = Ring.attach(name, send_timeout=60)
    i = 0
    while True:
        ring.send_bytes(_frame_body(i))
        i += 1


def test_producer_killed_mid_stream_leaves_only_whole_frames(instance, backend):
    name = ring_name(instance, AgentId.INTEL, AgentId.COMMAND)
    with Ring.create(name, 1 << 16) as cons:
        p = FORK.Process(target=_produce_forever, args=(name,))
        p.start()
        expect = 0
        while expect < 300:  # drain slowly so the producer is mostly mid-write or blocked
            b = cons.recv_bytes(5)
            assert b == _frame_body(expect)
            expect += 1
        os.kill(p.pid, signal.SIGKILL)
        p.join()
        while (b := cons.recv_bytes(0.2)) is not None:
            assert b == _frame_body(expect)
            expect += 1
        s = cons.stats()
        assert s["checksum_failures"] == 0 and s["used_bytes"] == 0
        assert s["frames_recv"] == expect


def _consume_to_file(name, path, stop_at):
    """An at-least-once consumer: the frame is committed only after it reached the file."""
    ring = Ring.attach(name)
    ring.manual_commit()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        got = ring.recv_many(1, 0)
        if not got:
            time.sleep(0.0005)
            continue
        msg = got[0]
        os.write(fd, msg.body.text.encode() + b"\n")
        ring.commit_through(msg.seq)
        if int(msg.body.text) == stop_at:
            return


def _produce_texts(name, n):
    ring = Ring.attach(name, send_timeout=30)
    for i in range(n):
        ring.send(AgentMessage(AgentId.COMMAND, AgentId.PMS, "", 0, Transcript(text=str(i))))
    ring.close()


def test_consumer_killed_and_restarted_loses_no_frame_it_had_taken(instance, backend, tmp_path):
    """SIGKILL at any point of take-handle-commit: every frame is handled after the restart.

    A frame taken but not handled (or handled but not committed) is delivered again to
    the restarted consumer; at most that one frame is handled twice, none is lost.
    """
    name = ring_name(instance, AgentId.COMMAND, AgentId.PMS)
    n = 6000
    with Ring.create(name, 8192, send_timeout=30) as prod:
        first = FORK.Process(target=_consume_to_file, args=(name, tmp_path / "a", n - 1))
        first.start()
        sender = FORK.Process(target=_produce_texts, args=(name, n))
        sender.start()
        _wait(lambda: prod.stats()["frames_recv"] >= 2000, what="first consumer progress")
        os.kill(first.pid, signal.SIGKILL)
        first.join()
        committed = prod.stats()["last_seq_recv"]  # seq k carries counter k-1
        second = FORK.Process(target=_consume_to_file, args=(name, tmp_path / "b", n - 1))
        second.start()
        second.join(60)
        sender.join(60)
        assert second.exitcode == 0 and sender.exitcode == 0
    a = [int(x) for x in (tmp_path / "a").read_text().split()]
    b = [int(x) for x in (tmp_path / "b").read_text().split()]
    # the killed one handled everything before it, in order
    assert a == list(range(len(a)))
    # the restarted one resumes right after the last frame committed: nothing taken is lost
    assert b == list(range(committed, n))
    # what the killed one handled but had not committed is handled again (at most one frame)
    assert len(a) - committed in (0, 1)
    assert sorted(set(a) | set(b)) == list(range(n))


def test_manual_commit_redelivers_what_was_read_but_not_committed(instance, backend):
    name = ring_name(instance, AgentId.INTEL, AgentId.COMMAND)
    with Ring.create(name, 1 << 14) as prod:
        for i in range(5):
            prod.send(AgentMessage(AgentId.INTEL, AgentId.COMMAND, "", 0, Transcript(text=str(i))))
        cons = Ring.attach(name)
        cons.manual_commit()
        got = cons.recv_many(10)
        assert [m.body.text for m in got] == ["0", "1", "2", "3", "4"]
        assert cons.recv_many(10) == [] and cons.pending_bytes == 0
        assert prod.stats()["used_bytes"] > 0  # nothing released to the producer yet
        cons.commit_through(got[1].seq)  # "0" and "1" handled
        assert cons.uncommitted == 3
        cons.close()  # killed with "2".."4" taken but not handled
        again = Ring.attach(name)
        again.manual_commit()
        assert [m.body.text for m in again.recv_many(10)] == ["2", "3", "4"]
        again.commit()
        assert prod.stats()["used_bytes"] == 0 and prod.stats()["last_seq_recv"] == 5
        assert prod.stats()["duplicates"] == 0
        again.close()
        # a later consumer sees nothing twice
        third = Ring.attach(name)
        assert third.recv_many(10) == []
        third.close()


def test_manual_commit_keeps_uncommitted_bytes_from_the_producer(instance, backend):
    """The producer blocks on uncommitted frames: it never overwrites what may be redelivered."""
    name = ring_name(instance, AgentId.OPS, AgentId.COMMAND)
    with Ring.create(name, 4096, policy="drop") as prod, Ring.attach(name) as cons:
        cons.manual_commit()
        body = b"x" * 900
        sent = 0
        while prod.send_bytes(body, timeout=0):
            sent += 1
        raw = cons.recv_many(100, raw=True)
        assert len(raw) == sent
        assert not prod.send_bytes(body, timeout=0)  # read, not committed: still full
        cons.commit()
        assert prod.send_bytes(body, timeout=0)


def test_manual_commit_off_hands_over_the_read_position(instance, backend):
    name = ring_name(instance, AgentId.STRIKE, AgentId.COMMAND)
    with Ring.create(name, 1 << 14) as prod, Ring.attach(name) as cons:
        for i in range(3):
            prod.send(AgentMessage(AgentId.STRIKE, AgentId.COMMAND, "", 0, Transcript(text=str(i))))
        cons.manual_commit()
        assert len(cons.recv_many(2)) == 2
        cons.manual_commit(False)  # back to auto: what was read counts as taken
        assert prod.stats()["last_seq_recv"] == 2
        assert cons.recv(0).body.text == "2"
        assert prod.stats()["used_bytes"] == 0


def test_receiver_drops_duplicates_by_sequence_number(instance, backend):
    name = ring_name(instance, AgentId.STRIKE, AgentId.COMMAND)
    with Ring.create(name, 1 << 14) as prod, Ring.attach(name) as cons:

        def msg(seq):
            return AgentMessage(AgentId.STRIKE, AgentId.COMMAND, "", seq, Heartbeat(pid=seq))

        for s in range(1, 6):
            prod.send(msg(s))
        assert [m.seq for m in cons.recv_many(10)] == [1, 2, 3, 4, 5]
        # a restarted producer resends 4..8 with the same numbers
        for s in range(4, 9):
            prod.send(msg(s))
        assert [m.seq for m in cons.recv_many(10)] == [6, 7, 8]
        assert cons.stats()["duplicates"] == 2
        # and ring-numbered frames continue after the highest number seen
        prod.send(msg(0))
        assert cons.recv(0).seq == 9 and prod.last_seq_sent == 9


def test_consumer_crash_between_copy_and_release_is_a_duplicate_not_a_loss(instance, backend):
    name = ring_name(instance, AgentId.MEDIA, AgentId.INTEL)
    with Ring.create(name, 1 << 14) as prod, Ring.attach(name) as cons:
        for i in range(3):
            prod.send_bytes(b"%d" % i)
        assert cons.recv_bytes(0) == b"0"
        tail_before = cons.stats()["tail"]
        assert cons.recv_bytes(0) == b"1"
        # Crash window: seq_recv was stored, tail was not. Recreate that state.
        cons._q[L.Q_TAIL] = tail_before
        restarted = Ring.attach(name)
        assert restarted.recv_bytes(0) == b"2"
        assert restarted.stats()["duplicates"] == 1
        restarted.close()


def test_producers_ring_the_doorbell_only_when_the_consumer_sleeps(instance, backend):
    name = ring_name(instance, AgentId.OPS, AgentId.COMMAND)
    with (
        Ring.create(name, 1 << 14) as prod,
        Ring.attach(name) as cons,
        Doorbell.create(instance, AgentId.COMMAND) as bell,
    ):
        Inbox([cons], bell)
        assert prod.stats()["doorbell"] == bell.name
        prod.send_bytes(b"awake")
        assert not bell.wait(0)  # consumer awake: no system call, no post
        cons.set_sleeping(True)
        prod.send_bytes(b"asleep")
        assert bell.wait(0)  # consumer asleep: the producer posted once
        assert not bell.wait(0)
        assert not prod.stats()["consumer_sleeping"]
        cons.set_sleeping(True)
        assert prod.send_many([b"a", b"b"]) == 2
        assert bell.wait(0)
        assert [x for _, x in Inbox([cons], bell).poll(0, raw=True)] == [
            b"awake",
            b"asleep",
            b"a",
            b"b",
        ]


def _inbox_consumer(instance, names, q):
    rings = [Ring.attach(n) for n in names]
    bell = Doorbell.create(instance, AgentId.COMMAND)
    inbox = Inbox(rings, bell)
    q.put("ready")
    got = []
    while len(got) < 4:
        for ring_n, m in inbox.poll(timeout=30):
            got.append((ring_n, m.body.text))
    q.put(got)


def test_inbox_waits_on_several_rings_across_processes(instance, backend):
    n1 = ring_name(instance, AgentId.STRIKE, AgentId.COMMAND)
    n2 = ring_name(instance, AgentId.INTEL, AgentId.COMMAND)
    with Ring.create(n1, 1 << 14) as r1, Ring.create(n2, 1 << 14) as r2:
        q = FORK.Queue()
        p = FORK.Process(target=_inbox_consumer, args=(instance, [n1, n2], q))
        p.start()
        assert q.get(timeout=20) == "ready"

        def t(ring, text):
            ring.send(AgentMessage(ring.src, AgentId.COMMAND, "", 0, Transcript(text)))

        _wait(
            lambda: r1.stats()["consumer_sleeping"] and r2.stats()["consumer_sleeping"],
            what="sleep",
        )
        t(r2, "intel-1")
        _wait(lambda: r2.stats()["frames_recv"] == 1, what="first delivery")
        _wait(lambda: r1.stats()["consumer_sleeping"], what="sleep again")
        t(r1, "strike-1")
        t(r1, "strike-2")
        t(r2, "intel-2")
        got = q.get(timeout=30)
        p.join(10)
        assert p.exitcode == 0
    assert got[0] == (n2, "intel-1")
    assert [x for r, x in got if r == n1] == ["strike-1", "strike-2"]
    assert [x for r, x in got if r == n2] == ["intel-1", "intel-2"]


@pytest.mark.parametrize("n", [1])
def test_doorbell_names_are_checked(instance, n):
    from ipc.errors import InvalidRingName

    with pytest.raises(InvalidRingName):
        Doorbell.open("/no-such.bell.name")
    with pytest.raises(InvalidRingName):
        Doorbell.create("bad instance", AgentId.OPS)


def test_inbox_poll_timeouts_return_empty(instance, backend):
    name = ring_name(instance, AgentId.OPS, AgentId.SUPERVISOR)
    with (
        Ring.create(name, 1 << 14) as prod,
        Ring.attach(name) as cons,
        Doorbell.create(instance, AgentId.SUPERVISOR) as bell,
    ):
        inbox = Inbox([cons], bell, max_sleep_s=0.002)
        assert inbox.poll(0) == []
        assert inbox.poll(0.03) == []
        assert not cons.stats()["consumer_sleeping"]  # flags cleared on the way out
        prod.send(AgentMessage(AgentId.OPS, AgentId.SUPERVISOR, "", 0, Heartbeat(pid=7)))
        ((ring, msg),) = inbox.poll(1)
        assert ring == name and msg.body.pid == 7


def test_inbox_wake_ends_a_poll_that_would_wait_forever(instance, backend):
    """A thread of the consumer's own process (the media worker's voice threads) wakes its
    loop without a frame; the next poll then sleeps as before."""
    import threading

    name = ring_name(instance, AgentId.OPS, AgentId.SUPERVISOR)
    with (
        Ring.create(name, 1 << 14),
        Ring.attach(name) as cons,
        Doorbell.create(instance, AgentId.SUPERVISOR) as bell,
    ):
        inbox = Inbox([cons], bell, max_sleep_s=0.002)
        got: list = []
        poller = threading.Thread(target=lambda: got.append(inbox.poll(None)), daemon=True)
        poller.start()
        _wait(lambda: cons.stats()["consumer_sleeping"], what="the poll to sleep")
        inbox.wake()
        poller.join(60)  # without the wake-up it would never return
        assert not poller.is_alive() and got == [[]]
        assert not cons.stats()["consumer_sleeping"]
        assert inbox.poll(0.01) == []  # the wake-up was used up: a timed poll still times out
