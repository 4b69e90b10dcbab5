"""Names another local user made first are refused, listed with their owner, and cleaned.

The tests run as root (as on these machines) and make the squatter's files the way
another user would: created, then handed to ``nobody`` with a mode open to everyone.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys

import posix_ipc
import pytest

from fabric.agent_stats import AgentStats, segment_name
from ipc.doorbell import Doorbell
from ipc.errors import SegmentNotOwned
from ipc.messages import AgentId
from ipc.names import ring_name
from ipc.ring import Ring

NOBODY = pwd.getpwnam("nobody").pw_uid


def _sovren(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args], capture_output=True, text=True, timeout=60
    )


def _squat_segment(name: str, size: int = 8192) -> str:
    shm = posix_ipc.SharedMemory(name, posix_ipc.O_CREX, mode=0o666, size=size)
    os.fchown(shm.fd, NOBODY, NOBODY)
    os.fchmod(shm.fd, 0o666)
    shm.close_fd()
    return "/dev/shm" + name


def _squat_semaphore(name: str) -> str:
    sem = posix_ipc.Semaphore(name, posix_ipc.O_CREX, mode=0o666)
    sem.close()
    path = "/dev/shm/sem." + name.lstrip("/")
    os.chown(path, NOBODY, NOBODY)
    os.chmod(path, 0o666)
    return path


def test_a_squatted_ring_name_is_refused_at_create_and_attach(instance):
    name = ring_name(instance, AgentId.COMMAND, AgentId.PMS)
    path = _squat_segment(name)
    with pytest.raises(SegmentNotOwned) as e:
        Ring.create(name, 4096)
    assert path in str(e.value) and "nobody" in str(e.value)
    assert "sovren rings --clean" in e.value.next_step
    with pytest.raises(SegmentNotOwned, match="nobody"):
        Ring.attach(name)
    assert os.stat(path).st_uid == NOBODY  # refused, not taken over


def test_our_own_segment_open_to_others_is_refused_at_attach(instance):
    name = ring_name(instance, AgentId.STRIKE, AgentId.COMMAND)
    with Ring.create(name, 4096):
        os.chmod("/dev/shm" + name, 0o666)
        with pytest.raises(SegmentNotOwned, match="mode 0666"):
            Ring.attach(name)


def test_a_squatted_doorbell_and_stats_block_are_refused(instance):
    from ipc.names import bell_name

    path = _squat_semaphore(bell_name(instance, AgentId.PMS))
    with pytest.raises(SegmentNotOwned, match="doorbell .*nobody"):
        Doorbell.create(instance, AgentId.PMS)
    with pytest.raises(SegmentNotOwned, match="nobody"):
        Doorbell.open(bell_name(instance, AgentId.PMS))
    assert os.stat(path).st_uid == NOBODY
    _squat_segment(segment_name(instance, "PMS"), 128)
    with pytest.raises(SegmentNotOwned, match="nobody"):
        AgentStats(segment_name(instance, "PMS"), create=True)
    with pytest.raises(SegmentNotOwned, match="nobody"):
        AgentStats(segment_name(instance, "PMS"))


def test_a_doorbell_is_removed_by_unlink_after_close(instance):
    """The supervisor closes its doorbells and then unlinks them: nothing may stay."""
    bell = Doorbell.create(instance, AgentId.COMMAND)
    bell.close()
    bell.unlink()
    assert not os.path.exists(f"/dev/shm/sem.{instance}.command.bell")


def test_rings_lists_squatters_and_doorbells_and_clean_removes_squatters(instance):
    squat = ring_name(instance, AgentId.COMMAND, AgentId.PMS)
    _squat_segment(squat)  # fresh: a squatter is removed at once, unlike our own
    _squat_semaphore(f"/{instance}.pms.bell")
    mine = Doorbell.create(instance, AgentId.COMMAND)
    try:
        out = _sovren("rings", "--json", "--instance", instance)
        assert out.returncode == 0, out.stderr
        listing = json.loads(out.stdout)
        (ring,) = listing["rings"]
        assert ring["segment"] == squat and ring["owner"] == "nobody" and ring["foreign"]
        others = {o["name"]: o for o in listing["others"]}
        assert others[f"/{instance}.pms.bell"]["owner"] == "nobody"
        assert others[f"/{instance}.command.bell"]["kind"] == "doorbell"
        assert others[f"/{instance}.command.bell"]["mode"] == "0o600"

        table = _sovren("rings", "--instance", instance)
        assert "not a ring" in table.stdout and "owner nobody" in table.stdout
        assert f"/{instance}.command.bell" in table.stdout

        out = _sovren("rings", "--clean", "--json", "--instance", instance)
        assert out.returncode == 0, out.stderr
        removed = json.loads(out.stdout)["removed"]
        assert sorted(removed) == sorted(
            [squat, f"/{instance}.pms.bell", f"/{instance}.command.bell"]
        )
        assert not [e for e in os.listdir("/dev/shm") if instance in e]
    finally:
        mine.close()


def test_the_supervisor_start_clean_leaves_a_squatter_and_says_what_to_do(instance):
    from ipc.discovery import clean_dead

    squat = ring_name(instance, AgentId.COMMAND, AgentId.PMS)
    path = _squat_segment(squat)
    problems: list[str] = []
    assert clean_dead(instance, problems=problems) == []
    assert os.path.exists(path)
    (line,) = problems
    assert squat in line and "nobody" in line and "sovren rings --clean" in line
