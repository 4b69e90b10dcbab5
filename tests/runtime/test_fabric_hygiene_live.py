"""A reader that goes away never blocks anything; a full ring is alerted; restarts are on record.

Through the live runtime (supervisor, seven processes, real rings, real PostgreSQL):

- a `sovren tail` killed outright (no clean-up of its own) stops the taps within the
  lease, the COMMAND tap (``command-cli``) receives nothing more, a tap filled to the
  brim blocks nobody, sheds nothing and is alerted once by name, and calls are answered;
- a PMS worker that stops reading (SIGSTOP) with its ring full: COMMAND, the producer,
  is not killed and does not crash; the caller is told at once that something is not
  working; the ring is alerted by name; the supervisor's restart of the hung worker is
  on record in the ledger (and sent to the feed);
- every segment and semaphore of the runtime is listed by `sovren rings` and gone after
  a clean stop.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from fabric import topology
from fabric.agent_stats import TAP_LEASE_S, AgentStats, F, State, segment_name
from ipc.errors import RingFull
from ipc.messages import AgentId, AgentMessage, Heartbeat
from ipc.ring import Ring
from runtime.calls import run_call
from runtime.client import CallClient


def _call(live, turns, caller_id="+49 30 5550111"):
    with CallClient(live.settings) as client:
        return run_call(client, turns, caller_id, echo=False)


def _alerts(url: str, category: str, ring_or_role: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT severity, message, evidence FROM alerts WHERE category = %s AND "
            "(evidence->>'ring' = %s OR evidence->>'role' = %s)",
            (category, ring_or_role, ring_or_role),
        ).fetchall()


def _wait_alerts(url, category, name, n=1, timeout=20.0) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while True:
        rows = _alerts(url, category, name)
        if len(rows) >= n or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def _env(live) -> dict[str, str]:
    return {
        **os.environ,
        "SOVREN_INSTANCE": live.settings.instance,
        "SOVREN_DATA_DIR": str(live.settings.data_dir),
        "SOVREN_DATABASE_URL": live.url,
    }


def _fill(ring: Ring) -> int:
    """Write harmless frames until the ring is full (as a stuck consumer would leave it)."""
    n = 0
    while True:
        msg = AgentMessage(ring.src, ring.dst, "", 0, Heartbeat(pid=0, uptime_s=0.0, handled=n))
        try:
            if not ring.send(msg, timeout=0):
                return n  # a drop ring: full, the frame dropped and counted
        except RingFull:
            return n
        n += 1


def test_a_tail_that_goes_away_blocks_nothing_and_a_full_tap_is_alerted_once(live):
    inst = live.settings.instance
    cmd = AgentStats(segment_name(inst, "COMMAND"))
    tap_link = topology.tap(AgentId.COMMAND)
    assert tap_link.key == "command-cli" and tap_link.on_full == "drop"
    tail = subprocess.Popen(
        [sys.executable, "-m", "runtime.cli", "tail", "--agent", "COMMAND", "--json"],
        env=_env(live),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not cmd.tapping() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cmd.tapping(), "the viewer never attached"
        _call(live, ["What time is breakfast?"])
    finally:
        tail.send_signal(signal.SIGKILL)  # gone without a word: no clean-up of its own
        tail.wait()
    time.sleep(TAP_LEASE_S + 0.5)
    assert not cmd.tapping()  # the lease lapsed by itself
    tap = Ring.attach(tap_link.segment(inst), instance=inst)
    try:
        sent = tap.stats()["frames_sent"]
        for _ in range(3):
            out = _call(live, ["Is there parking?"])
            assert "garage" in out["turns"][0]["reply"]
        assert tap.stats()["frames_sent"] == sent  # nobody reads it: nothing is put in

        # A tap full to the brim (as an old viewer could leave it) blocks nobody, sheds
        # nothing, and is alerted once, by name, as a ring that nobody reads.
        _fill(tap)
        assert tap.stats()["used_bytes"] > 0.9 * tap.capacity
        for _ in range(3):
            out = _call(live, ["When is check-out?"])
            assert "11 am" in out["turns"][0]["reply"]
        (full,) = _wait_alerts(live.url, "ring.full", "command-cli")
        assert "command-cli" in full[1] and "nobody is reading" in full[1]
        time.sleep(3)  # several more samples of a still-full ring
        assert len(_alerts(live.url, "ring.full", "command-cli")) == 1
        with psycopg.connect(live.url) as conn:
            assert conn.execute(
                "SELECT count(*) FROM alerts WHERE category = 'load.shedding'"
            ).fetchone() == (0,)
        tap.recv_many(1_000_000)  # a new viewer drains it: the alarm re-arms
        (drained,) = _wait_alerts(live.url, "ring.drained", "command-cli")
        assert drained[0] == 0  # INFO
    finally:
        tap.close()
        cmd.close()


def test_a_stuck_pms_worker_fails_the_call_politely_and_kills_no_producer(live):
    inst = live.settings.instance
    pms = AgentStats(segment_name(inst, "PMS"))
    command = AgentStats(segment_name(inst, "COMMAND"))
    pms_pid, pms_restarts = pms[F.PID], pms[F.RESTARTS]
    command_pid, command_restarts = command[F.PID], command[F.RESTARTS]
    undelivered = command[F.UNDELIVERED]
    link = topology.Link(AgentId.COMMAND, AgentId.PMS)
    assert link.on_full == "fail"
    ring = Ring.attach(link.segment(inst), instance=inst)
    os.kill(pms_pid, signal.SIGSTOP)
    try:
        _fill(ring)
        t0 = time.monotonic()
        out = _call(
            live, ["Do you have a double room for two people from December 10th for two nights?"]
        )
        reply = out["turns"][0]["reply"]
        assert "not working as it should" in reply, reply
        assert time.monotonic() - t0 < 10  # not the 15 s wait for a result that cannot come
        assert command[F.UNDELIVERED] > undelivered
        (full,) = _wait_alerts(live.url, "ring.full", "command-pms")
        assert full[0] == 3 and "command-pms" in full[1]  # HIGH, named
        # The stopped worker is hung (no heartbeat): the supervisor kills and restarts it.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
            pms[F.RESTARTS] > pms_restarts and pms[F.STATE] == State.RUNNING
        ):
            time.sleep(0.1)
    finally:
        if pms[F.PID] == pms_pid:
            os.kill(pms_pid, signal.SIGCONT)
        ring.close()
    assert pms[F.RESTARTS] == pms_restarts + 1
    (restarted,) = _wait_alerts(live.url, "process.restarted", "PMS")
    assert "PMS died (heartbeat lost)" in restarted[1]
    assert restarted[2]["restarts"] == pms[F.RESTARTS]
    # COMMAND, blocked on its dead peer for a while, was never killed or restarted.
    assert command[F.PID] == command_pid and command[F.RESTARTS] == command_restarts
    # and the runtime answers again
    out = _call(live, ["Is there parking?"])
    assert "garage" in out["turns"][0]["reply"]
    pms.close()
    command.close()


@pytest.mark.parametrize("role", [AgentId.STRIKE])
def test_a_killed_process_restart_is_on_record_and_in_the_feed(live, role):
    st = AgentStats(segment_name(live.settings.instance, role.name))
    before = st[F.RESTARTS]
    os.kill(st[F.PID], signal.SIGKILL)
    (row,) = _wait_alerts(live.url, "process.restarted", role.name, n=before + 1)[before:]
    assert row[2]["role"] == role.name and "exit code -9" in row[1]
    # the feed: `sovren alerts` (the ledger's view that NOTIFY and the webhook announce)
    out = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "alerts", "--json", "--severity", "medium"],
        env=_env(live),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert any(r["category"] == "process.restarted" and role.name in r["message"] for r in rows)
    deadline = time.monotonic() + 60
    while st[F.STATE] != State.RUNNING and time.monotonic() < deadline:
        time.sleep(0.1)
    st.close()


def test_rings_lists_every_name_of_the_runtime(live):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "runtime.cli",
            "rings",
            "--json",
            "--instance",
            live.settings.instance,
        ],
        env=_env(live),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    listing = json.loads(out.stdout)
    rings = {r["segment"] for r in listing["rings"]}
    assert rings == {lk.segment(live.settings.instance) for lk in topology.links()}
    others = {(o["kind"], o["name"]) for o in listing["others"]}
    for role in topology.ROLES:
        assert ("doorbell", f"/{live.settings.instance}.{role.name.lower()}.bell") in others
        assert ("stats", f"/{live.settings.instance}.{role.name.lower()}.stats") in others


def test_a_clean_stop_leaves_no_name_behind(module_db, tmp_path):
    import uuid

    from config import load_settings
    from runtime.supervisor import Supervisor

    inst = f"h{uuid.uuid4().hex[:8]}"
    settings = load_settings(instance=inst, database_url=module_db, data_dir=str(tmp_path))
    sup = Supervisor(settings, progress=lambda m: None)
    sup.start()
    try:
        names = [e for e in os.listdir("/dev/shm") if inst in e]
        bells = [e for e in names if e.startswith("sem.")]
        assert len(bells) == len(topology.ROLES)
        assert len(names) == len(topology.links()) + 2 * len(topology.ROLES)
    finally:
        sup.stop()
    assert [e for e in os.listdir("/dev/shm") if inst in e] == []


@pytest.fixture(scope="module")
def slow_sends(module_db, tmp_path_factory):
    """A runtime whose sends wait longer for a full ring than the heartbeat deadline."""
    import uuid

    from config import load_settings
    from runtime.supervisor import HEARTBEAT_DEAD_S
    from tests.runtime.conftest import LiveRuntime

    settings = load_settings(
        instance=f"w{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("slow")),
        fabric={"send_timeout_s": HEARTBEAT_DEAD_S + 4},
    )
    rt = LiveRuntime(settings, module_db).start()
    yield rt
    rt.stop()


def test_a_producer_blocked_longer_than_the_heartbeat_deadline_is_not_killed(slow_sends):
    """COMMAND waits 14 s on the stopped PMS worker's full ring: it beats while it waits."""
    rt = slow_sends
    inst = rt.settings.instance
    pms = AgentStats(segment_name(inst, "PMS"))
    command = AgentStats(segment_name(inst, "COMMAND"))
    pms_pid, command_pid, restarts = pms[F.PID], command[F.PID], command[F.RESTARTS]
    ring = Ring.attach(topology.Link(AgentId.COMMAND, AgentId.PMS).segment(inst), instance=inst)
    ages: list[float] = []
    watching = threading.Event()

    def watch_heartbeat():
        while not watching.is_set():
            ages.append((time.time_ns() - command[F.HEARTBEAT_NS]) / 1e9)
            time.sleep(0.05)

    os.kill(pms_pid, signal.SIGSTOP)
    watcher = threading.Thread(target=watch_heartbeat, daemon=True)
    try:
        _fill(ring)
        watcher.start()
        with CallClient(rt.settings) as client:
            call = client.start_call("+49 30 5550123")
            t0 = time.monotonic()
            out = client.turn(
                call,
                1,
                "Do you have a double room for two people from December 10th for two nights?",
                caller_id="+49 30 5550123",
                timeout=90,
            )
            waited = time.monotonic() - t0
            assert out["reply"]  # the caller is answered, not left in silence
            client.end_call(call, timeout=30)
        # COMMAND was blocked on its dead peer for most of the heartbeat deadline (until the
        # supervisor restarted the stopped worker, which drained the ring) ...
        assert waited > 8
        # ... and beat its heartbeat all along: never near the deadline that kills a hung one
        assert max(ages) < 3.0, max(ages)
    finally:
        watching.set()
        if pms[F.PID] == pms_pid:
            os.kill(pms_pid, signal.SIGCONT)
        ring.close()
    assert command[F.PID] == command_pid and command[F.RESTARTS] == restarts
    assert _wait_alerts(rt.url, "process.restarted", "COMMAND", timeout=2) == []
    pms.close()
    command.close()


def test_a_squatted_segment_stops_the_start_with_the_fix_and_clean_removes_it(module_db, tmp_path):
    """Another local user made /dev/shm/<instance>.command-pms first: refused, fixable."""
    import pwd
    import uuid

    import posix_ipc

    from config import load_settings
    from ipc.errors import SegmentNotOwned
    from runtime.supervisor import Supervisor

    inst = f"q{uuid.uuid4().hex[:8]}"
    name = topology.Link(AgentId.COMMAND, AgentId.PMS).segment(inst)
    nobody = pwd.getpwnam("nobody").pw_uid
    shm = posix_ipc.SharedMemory(name, posix_ipc.O_CREX, mode=0o666, size=8192)
    os.fchown(shm.fd, nobody, nobody)
    os.fchmod(shm.fd, 0o666)
    shm.close_fd()
    settings = load_settings(instance=inst, database_url=module_db, data_dir=str(tmp_path))
    try:
        with pytest.raises(SegmentNotOwned) as e:
            Supervisor(settings, progress=lambda m: None).start()
        assert name in str(e.value) and "nobody" in str(e.value)
        assert "sovren rings --clean" in e.value.next_step
        # the refused start left nothing of its own, and did not touch the squatter's file
        assert [x for x in os.listdir("/dev/shm") if inst in x] == [name.lstrip("/")]
        out = subprocess.run(
            [sys.executable, "-m", "runtime.cli", "rings", "--clean", "--instance", inst],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0 and f"removed {name}" in out.stdout, out.stdout + out.stderr
        sup = Supervisor(settings, progress=lambda m: None)
        sup.start()  # now it starts
        sup.stop()
        assert [x for x in os.listdir("/dev/shm") if inst in x] == []
    finally:
        with contextlib.suppress(posix_ipc.ExistentialError):
            posix_ipc.unlink_shared_memory(name)


def test_words_that_cannot_reach_a_stuck_command_fail_the_turn_at_once(live):
    """MEDIA cannot deliver the caller's words (COMMAND stopped, its ring full): the client
    is told the turn failed, in about the send timeout, instead of waiting in silence."""
    from runtime.client import ClientError

    inst = live.settings.instance
    command = AgentStats(segment_name(inst, "COMMAND"))
    pid = command[F.PID]
    ring = Ring.attach(topology.Link(AgentId.MEDIA, AgentId.COMMAND).segment(inst), instance=inst)
    os.kill(pid, signal.SIGSTOP)
    try:
        _fill(ring)
        with CallClient(live.settings) as client:
            call = client.start_call("+49 30 5550456")
            t0 = time.monotonic()
            with pytest.raises(ClientError, match="not taking turns"):
                client.turn(call, 1, "What time is check-in?", timeout=30)
            assert time.monotonic() - t0 < 8  # not the client's 30 s timeout
    finally:
        os.kill(pid, signal.SIGCONT)
        ring.close()
    deadline = time.monotonic() + 30
    while ring_used(inst, "media-command") and time.monotonic() < deadline:
        time.sleep(0.1)
    out = _call(live, ["Is there parking?"])
    assert "garage" in out["turns"][0]["reply"]
    assert command[F.PID] == pid  # resumed, not killed
    command.close()


def ring_used(inst: str, key: str) -> int:
    r = Ring.attach(f"/{inst}.{key}", instance=inst)
    try:
        return r.stats()["used_bytes"]
    finally:
        r.close()
