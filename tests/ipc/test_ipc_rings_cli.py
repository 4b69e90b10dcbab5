"""``sovren rings``: lists rings with counters; ``--clean`` removes only dead instances' segments."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import stat
import subprocess
import sys

from ipc.doorbell import Doorbell
from ipc.messages import AgentId
from ipc.names import ring_name
from ipc.ring import Ring

FORK = mp.get_context("fork")


def _sovren(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args], capture_output=True, text=True, timeout=60
    )


def _doomed_instance(instance, conn):
    rings = [
        Ring.create(ring_name(instance, AgentId.STRIKE, AgentId.COMMAND), 4096),
        Ring.create(ring_name(instance, AgentId.COMMAND, AgentId.MEDIA), 4096),
    ]
    rings[0].send_bytes(b"unread")
    Doorbell.create(instance, AgentId.COMMAND)
    conn.send("up")
    signal.pause()


def test_dead_instance_listed_and_cleaned_live_one_untouched(instance):
    dead = instance + "dead"
    parent, child = FORK.Pipe()
    p = FORK.Process(target=_doomed_instance, args=(dead, child))
    p.start()
    assert parent.recv() == "up"
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    live_name = ring_name(instance, AgentId.OPS, AgentId.COMMAND)
    try:
        with Ring.create(live_name, 4096) as live:
            live.send_bytes(b"x" * 10)
            for seg in (live_name, ring_name(dead, AgentId.STRIKE, AgentId.COMMAND)):
                assert stat.S_IMODE(os.stat("/dev/shm" + seg).st_mode) == 0o600
            assert stat.S_IMODE(os.stat(f"/dev/shm/sem.{dead}.command.bell").st_mode) == 0o600

            out = _sovren("rings", "--json")
            assert out.returncode == 0, out.stderr
            rings = {r["segment"]: r for r in json.loads(out.stdout)["rings"]}
            d = rings[ring_name(dead, AgentId.STRIKE, AgentId.COMMAND)]
            assert d["alive"] is False and d["instance"] == dead and d["creator_pid"] == p.pid
            assert d["stats"]["frames_sent"] == 1 and d["stats"]["used_bytes"] > 0
            assert rings[live_name]["alive"] is True and rings[live_name]["mode"] == "0o600"

            table = _sovren("rings", "--instance", dead)
            assert "DEAD" in table.stdout and f"/{dead}.strike-command" in table.stdout

            for inst in (instance, dead):  # the live instance first: nothing may go
                out = _sovren("rings", "--clean", "--json", "--instance", inst)
                assert out.returncode == 0, out.stderr
            removed = json.loads(out.stdout)["removed"]
            assert sorted(removed) == sorted(
                [
                    f"/{dead}.strike-command",
                    f"/{dead}.command-media",
                    f"/{dead}.command.bell",
                ]
            )
            assert not any(e.startswith(dead + ".") for e in os.listdir("/dev/shm"))
            assert not os.path.exists(f"/dev/shm/sem.{dead}.command.bell")
            assert os.path.exists("/dev/shm" + live_name)
            assert Ring.attach(live_name).recv_bytes(0) == b"x" * 10
    finally:
        from ipc.discovery import unlink_instance

        unlink_instance(dead)


def test_rings_command_help_and_not_a_ring_listing(instance):
    out = _sovren("rings", "--help")
    assert out.returncode == 0 and "--clean" in out.stdout
    import posix_ipc

    junk = f"/{instance}.not-ring"
    shm = posix_ipc.SharedMemory(junk, posix_ipc.O_CREX, mode=0o600, size=100)
    shm.close_fd()
    out = _sovren("rings", "--json", "--instance", instance)
    (entry,) = json.loads(out.stdout)["rings"]
    assert entry["segment"] == junk and "too small" in entry["error"]
    out = _sovren("rings", "--clean", "--instance", instance)
    assert out.returncode == 0 and os.path.exists(
        "/dev/shm" + junk
    )  # never removes what it cannot prove dead


def test_bench_command_dispatches_to_bench_modules():
    out = _sovren("bench", "ipc", "--help")
    assert out.returncode == 0 and "--quick" in out.stdout and "--json" in out.stdout
    out = _sovren("bench", "nosuch")
    assert out.returncode != 0 and "invalid choice" in out.stderr


def test_orphan_doorbells_are_cleaned_and_unlink_instance_removes_everything(instance):
    from fabric.agent_stats import AgentStats, segment_name
    from ipc import discovery

    orphan = instance + "orphan"
    Doorbell.create(orphan, AgentId.STRIKE).close()  # an instance with no ring left
    AgentStats(segment_name(orphan, "STRIKE"), create=True).close()  # its stats block too
    live_ring = Ring.create(ring_name(instance, AgentId.OPS, AgentId.COMMAND), 4096)
    live_bell = Doorbell.create(instance, AgentId.COMMAND)
    live_stats = AgentStats(segment_name(instance, "COMMAND"), create=True)
    try:
        removed = discovery.clean_dead(instance=orphan) + discovery.clean_dead(instance=instance)
        assert sorted(removed) == [f"/{orphan}.strike.bell", f"/{orphan}.strike.stats"]
        assert os.path.exists(f"/dev/shm/sem.{instance}.command.bell")
        assert os.path.exists(f"/dev/shm/{instance}.command.stats")  # a live instance's
        gone = discovery.unlink_instance(instance)
        assert sorted(gone) == sorted([live_ring.name, live_bell.name, live_stats.name])
        assert not any(
            e.startswith(instance) or e.startswith(f"sem.{instance}")
            for e in os.listdir("/dev/shm")
        )
    finally:
        live_ring.close()
        live_bell.close()
        live_stats.close()
