"""GPU (the real "no GPU" path here), ring occupancy, connector scores, load shedding and the monitor."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from agents.ops.connectors import connector_score
from agents.ops.gpu import GpuProbe
from agents.ops.monitor import OpsMonitor, dependencies_of
from agents.ops.rings import ring_figures, rings_figures
from agents.ops.shedding import LoadShedAdvisor
from config import load_settings
from ipc.messages import Health


@pytest.fixture
def settings():
    return load_settings()


def test_no_gpu_here_is_a_clean_answer():
    probe = GpuProbe()
    assert probe.available is False  # these machines have no GPU and no NVML library
    fig = probe.sample()
    assert fig["available"] is False and fig["devices"] == []
    assert "NVML" in fig["reason"]
    probe.close()


def test_ring_figures_match_the_fabric_stats_names():
    fig = ring_figures(
        {"capacity": 4096, "used_bytes": 1024, "high_water": 2048, "full_events": 3, "name": "x"}
    )
    assert fig == {
        "fill": 0.25,
        "used_bytes": 1024,
        "capacity_bytes": 4096,
        "high_water_fill": 0.5,
        "full_events": 3,
    }
    assert ring_figures({"capacity_bytes": 100, "used": 50})["fill"] == 0.5


@pytest.mark.parametrize(
    "stats,msg",
    [
        ({"used_bytes": 1}, "need capacity"),
        ({"capacity": 0, "used_bytes": 0}, "positive"),
        ({"capacity": 10, "used_bytes": -1}, ">= 0"),
        ("nope", "must be a mapping"),
    ],
)
def test_bad_ring_stats_are_clear_errors(stats, msg):
    with pytest.raises(ValueError, match=msg):
        ring_figures(stats)


def test_one_bad_ring_does_not_spoil_the_others():
    out = rings_figures({"good": {"capacity": 10, "used_bytes": 5}, "bad": {}})
    assert out["good"]["fill"] == 0.5 and "error" in out["bad"]


def test_with_a_real_ring():
    from ipc.messages import AgentId, AgentMessage, Transcript
    from ipc.ring import Ring

    ring = Ring.create(f"/opst{os.getpid()}.media-strike", capacity_bytes=1 << 16)
    try:
        assert ring_figures(ring.stats())["fill"] == 0.0
        for i in range(10):
            ring.send(
                AgentMessage(AgentId.MEDIA, AgentId.STRIKE, "", i + 1, Transcript("hello " * 20))
            )
        fig = ring_figures(ring.stats())
        assert 0.0 < fig["fill"] < 1.0 and fig["capacity_bytes"] == 1 << 16
        assert fig["used_bytes"] == ring.stats()["used_bytes"] > 0
    finally:
        ring.close()
        ring.unlink()


@pytest.mark.parametrize(
    "health,expected",
    [
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "closed"}, 1.0),
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "open"}, 0.0),
        ({"latency_p95_ms": 100, "error_rate": 0.0, "breaker_state": "half_open"}, 0.5),
        ({"latency_p95_ms": 1750, "error_rate": 0.0, "breaker_state": "closed"}, 0.5),
        ({"latency_p95_ms": 5000, "error_rate": 0.0, "breaker_state": "closed"}, 0.0),
        ({"latency_p95_ms": 100, "error_rate": 0.25, "breaker_state": "closed"}, 0.5),
        ({}, 1.0),
    ],
)
def test_connector_scores(settings, health, expected):
    assert connector_score(health, settings.ops)[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    "health,msg",
    [
        ({"breaker_state": "melted"}, "unknown breaker_state"),
        ({"latency_p95_ms": -1}, "latency_p95_ms"),
        ({"error_rate": 2}, "error_rate"),
        (["x"], "must be a mapping"),
    ],
)
def test_bad_connector_health(settings, health, msg):
    with pytest.raises(ValueError, match=msg):
        connector_score(health, settings.ops)


def test_shedding_needs_sustained_cpu_and_has_hysteresis(settings):
    c = settings.ops
    a = LoadShedAdvisor(c)
    assert not a.update(0, 99, 50, 0.1).shed  # a spike is not saturation
    assert not a.update(c.shed_window_s - 0.1, 99, 50, 0.1).shed
    adv = a.update(c.shed_window_s, 99, 50, 0.1)
    assert adv.shed and "cpu" in adv.reasons[0]
    t = c.shed_window_s
    # between low and high: stays on (no flapping)
    assert a.update(t + 1, 80, 50, 0.1).shed
    # below low, but not yet for the clear window
    assert a.update(t + 2, 50, 50, 0.1).shed
    assert a.update(t + 2 + c.clear_window_s - 0.1, 50, 50, 0.1).shed
    # a bump above low restarts the calm period
    assert a.update(t + 2 + c.clear_window_s, 80, 50, 0.1).shed
    assert a.update(t + 3 + c.clear_window_s, 50, 50, 0.1).shed
    off = a.update(t + 3 + 2 * c.clear_window_s, 50, 50, 0.1)
    assert not off.shed and off.reasons == ()


def test_memory_and_rings_shed_at_once(settings):
    a = LoadShedAdvisor(settings.ops)
    assert a.update(0, 10, 95, 0.1).reasons[0].startswith("memory")
    b = LoadShedAdvisor(settings.ops)
    assert "ring" in b.update(0, 10, 50, 0.95).reasons[0]


def test_dependencies_of_action_kinds():
    assert dependencies_of("speak.answer") == ("asr", "host")
    assert dependencies_of("pms.cancel") == ("pms", "decision", "host")
    with pytest.raises(ValueError, match="unknown action kind"):
        dependencies_of("launch.rocket")


def test_monitor_end_to_end_with_real_processes(settings):
    busy = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    m = OpsMonitor(settings)
    try:
        with pytest.raises(RuntimeError, match="sample first"):
            m.evidence_for("speak.answer")
        h = m.sample(
            {"media": busy.pid, "command": os.getpid(), "pms": dead.pid},
            {"media-strike": {"capacity": 1000, "used_bytes": 100}, "broken": {}},
            {"local": {"latency_p95_ms": 50, "error_rate": 0.0, "breaker_state": "closed"}},
            now=0,
        )
        assert isinstance(h, Health)
        assert h.gpu["available"] is False
        assert h.processes["media"]["alive"] and not h.processes["pms"]["alive"]
        assert h.rings["media-strike"]["fill"] == 0.1 and "error" in h.rings["broken"]
        assert h.scores["pms"] == 0.0  # its worker is down
        assert h.scores["asr"] == 1.0 and h.scores["decision"] == 1.0
        assert m.evidence_for("pms.create") == 0.0
        assert m.evidence_for("speak.answer") == h.scores["host"]
        assert "pms: down" in h.detail and "ring broken" in h.detail
        ev = m.evidence("pms.create", turn=2)
        assert ev.source == "ops_health" and ev.value == 0.0 and "pms 0.00" in ev.detail
        # the Health body travels on the wire
        import msgspec

        assert msgspec.msgpack.decode(msgspec.msgpack.encode(h), type=Health) == h
    finally:
        busy.kill()
        busy.wait()
        m.close()


def test_sick_connector_lowers_pms_but_not_speech(settings):
    m = OpsMonitor(settings)
    m.sample({"pms": os.getpid()}, None, {"apaleo": {"breaker_state": "open"}}, now=0)
    assert m.evidence_for("pms.availability") == 0.0
    assert m.evidence_for("speak.answer") == m.scores["host"]
    assert "asr" not in m.scores  # not measured: left out, and said so
    assert "asr: not measured" in m.last.detail


def test_full_rings_shed_load_and_cap_host(settings):
    m = OpsMonitor(settings)
    h = m.sample({}, {"command-pms": {"capacity": 100, "used_bytes": 99}}, None, now=0)
    assert h.shed_load and h.scores["host"] < 0.7 and "ring" in h.detail


def test_a_busy_cpu_weighs_less_than_memory_pressure(settings):
    from agents.ops.monitor import CPU_FLOOR, MEM_FLOOR, _ramp

    assert _ramp(100.0, settings.ops.cpu_high_percent, CPU_FLOOR) == pytest.approx(CPU_FLOOR)
    assert _ramp(100.0, settings.ops.mem_high_percent, MEM_FLOOR) == pytest.approx(MEM_FLOOR)
    assert _ramp(50.0, settings.ops.cpu_high_percent, CPU_FLOOR) == 1.0
    assert CPU_FLOOR > MEM_FLOOR


def test_sample_with_nothing_but_the_host(settings):
    m = OpsMonitor(settings)
    h = m.sample()
    assert set(h.scores) == {"host"} and 0.0 < h.score <= 1.0
    assert m.evidence_for("speak.answer") == h.scores["host"]
    assert "asr: not measured" in h.detail and "pms: not measured" in h.detail


def test_evidence_from_a_received_health_body(settings):
    import msgspec

    from agents.ops.monitor import evidence_from_health

    m = OpsMonitor(settings)
    h = m.sample({"pms": os.getpid()}, None, {"local": {"breaker_state": "half_open"}}, now=0)
    wire = msgspec.msgpack.decode(msgspec.msgpack.encode(h), type=Health)
    assert evidence_from_health(wire, "pms.modify") == m.evidence_for("pms.modify") == 0.5
    assert evidence_from_health(wire, "speak.ask") == m.evidence_for("speak.ask")
    assert evidence_from_health(Health(score=0.7), "pms.cancel") == 0.7  # no per-dependency scores
    with pytest.raises(ValueError):
        evidence_from_health(wire, "nonsense")
